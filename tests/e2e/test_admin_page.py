"""The admin page: login required, CSRF token required to save, saved settings change the answers."""
import html
import html.parser
import re
import urllib.parse

import pytest

from e2e_support import (ADMIN_PAGE, AdminSession, admin_form, check_text, form_action,
                         parse_presence, child, settings_values)

NEW_TEXT = "Back on Monday <maybe> & \"later\""


def answers_as_configured(host, public, unavailable):
    """The status answers that show both settings."""
    check_text(host.status(jid="alice@example.com", type="text"),
               "Writing code" if public else "Forbidden")
    check_text(host.status(jid="olga@example.com", req_jid="olga@example.com", type="text"),
               unavailable)
    root = parse_presence(host.status(jid="olga@example.com", req_jid="olga@example.com", type="xml"))
    assert child(root, "status").text == unavailable
    check_text(host.status(jid="ghost@example.com", req_jid="ghost@example.com", type="text"),
               "Gone home & <back> tomorrow")


def logged_in(host):
    session = AdminSession(host)
    session.login()
    page = session.get(ADMIN_PAGE)
    assert page.status == 200, f"admin page after login: {page}"
    return session, page


def test_admin_page_redirects_to_login_without_a_session(host):
    answer = host.request("GET", ADMIN_PAGE)
    assert answer.status == 302, answer
    location = urllib.parse.urlsplit(answer.header("Location"))
    assert location.path.endswith("/login.jsp") or location.path == "login.jsp", answer
    assert b"csrf" not in answer.body and b"<form" not in answer.body


def test_admin_page_refuses_a_post_without_a_session(own_host):
    answer = own_host.request("POST", ADMIN_PAGE,
                              body="public=true&unavailable=x&csrf=x&save=Save",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 302 and "login.jsp" in answer.header("Location"), answer
    answers_as_configured(own_host, public=False, unavailable="Unavailable")


def test_wrong_password_does_not_log_in(host):
    session = AdminSession(host)
    session.login(password="wrong")
    answer = session.get(ADMIN_PAGE)
    assert answer.status == 302 and "login.jsp" in answer.header("Location"), answer


def test_admin_page_after_login_shows_the_form(host):
    _, page = logged_in(host)
    assert "text/html" in page.header("Content-Type"), page
    form, parsed = admin_form(page.text)
    assert form["method"] == "post"
    assert {"name": "pageID", "content": "presence-service"} in [
        {k: v for k, v in m.items() if k in ("name", "content")} for m in parsed.meta], parsed.meta
    values = settings_values(form)
    assert len(values["csrf"]) >= 16, "the csrf token is too short to be unguessable"
    assert "/plugins/presence/status" in page.text, "the page shows the URLs to embed"
    title = re.search(r"<title>(.*?)</title>", page.text, re.S)
    assert title and title.group(1).strip(), "the page has no title"
    untranslated = [key for key in re.findall(r"\?\?\?|(?<![/\w])presence\.[a-z]+(?:\.[a-z]+)+", page.text)
                    if not key.endswith(".example.com")]  # presence.example.com is an address
    assert not untranslated, f"i18n keys shown instead of text: {untranslated[:5]}"
    warning = re.search(r'<p id="visibility-warning">(.*?)</p>', page.text, re.S)
    assert warning, "no warning next to the visibility setting"
    for words in ("not access control", "req_jid", "existing accounts", "public"):
        assert words in warning.group(1), f"the visibility warning does not say {words!r}"


def test_csrf_token_differs_between_sessions(host):
    first = admin_form(logged_in(host)[1].text)[0]
    second = admin_form(logged_in(host)[1].text)[0]
    assert settings_values(first)["csrf"] != settings_values(second)["csrf"]


@pytest.mark.parametrize("csrf", ["", "wrong-token", "other-session"])
def test_post_without_the_right_token_changes_nothing(own_host, csrf):
    session, page = logged_in(own_host)
    form, _ = admin_form(page.text)
    if csrf == "other-session":
        csrf = settings_values(admin_form(logged_in(own_host)[1].text)[0])["csrf"]
    answer = session.post(form_action(form),
                          settings_values(form, public=True, unavailable=NEW_TEXT, csrf=csrf))
    assert answer.status in (200, 302, 303, 400, 403), answer
    answers_as_configured(own_host, public=False, unavailable="Unavailable")
    form_after, _ = admin_form(session.get(ADMIN_PAGE).text)
    assert NEW_TEXT not in str(form_after["fields"])


def test_post_with_the_token_saves_and_changes_the_answers(own_host):
    session, page = logged_in(own_host)
    form, _ = admin_form(page.text)
    answer = session.post(form_action(form), settings_values(form, public=True, unavailable=NEW_TEXT))
    assert answer.status in (200, 302, 303), answer
    answers_as_configured(own_host, public=True, unavailable=NEW_TEXT)
    form_after, _ = admin_form(session.get(ADMIN_PAGE).text)
    values = settings_values(form_after)
    assert NEW_TEXT in values.values(), f"saved text not shown on the page: {values}"
    # and back: subscribers only again, the text kept
    answer = session.post(form_action(form_after), settings_values(form_after, public=False))
    assert answer.status in (200, 302, 303), answer
    answers_as_configured(own_host, public=False, unavailable=NEW_TEXT)



def form_values(form):
    """What a browser submits from a form as it is: hidden and text fields, checked radios, the submit."""
    values = {}
    for tag, field in form["fields"]:
        name, kind = field.get("name"), field.get("type", "text").lower()
        if tag == "input" and name and (kind != "radio" or "checked" in field):
            values.setdefault(name, field.get("value", ""))
    return values


def page_form(page_html, action):
    """The admin page's form whose hidden action is action (a user's forms: user-save, user-rotate)."""
    from e2e_support import parse_forms, hidden_value
    forms = [f for f in parse_forms(page_html).forms if hidden_value(f, "action") == action]
    assert len(forms) == 1, f"expected one form with action={action}"
    return forms[0]


def user_link(page_html):
    match = re.search(r'<code id="user-link">http://[^<]*/plugins/presence/status\?id=([A-Za-z0-9_-]{22})</code>', page_html)
    return match.group(1) if match else None


def test_the_administrator_sees_and_changes_a_users_choices(own_host):
    session, _ = logged_in(own_host)
    page = session.get(ADMIN_PAGE + "?user=alice")
    assert page.status == 200 and '<strong id="user-name">alice</strong>' in page.text, page
    assert 'id="user-visibility-default" value="default" checked' in page.text
    assert user_link(page.text) is None, "viewing a user makes no link"
    form = page_form(page.text, "user-save")
    values = form_values(form)
    values.update(visibility="link", shown="message")
    answer = session.post(form_action(form), values)
    assert answer.status == 200 and "choices were saved" in answer.text, answer
    assert 'id="user-visibility-link" value="link" checked' in answer.text
    check_text(own_host.status(jid="alice@example.com", req_jid="bob@example.com", type="text"), "Forbidden")
    rotate = page_form(answer.text, "user-rotate")
    answer = session.post(form_action(rotate), form_values(rotate))
    assert answer.status == 200 and "new private link" in answer.text, answer
    first = user_link(answer.text)
    assert first, answer.text
    check_text(own_host.status(id=first, type="text"), "Writing code")
    answer = session.post(form_action(rotate), form_values(page_form(answer.text, "user-rotate")))
    second = user_link(answer.text)
    assert second and second != first
    check_text(own_host.status(id=first, type="text"), "Forbidden")
    check_text(own_host.status(id=second, type="text"), "Writing code")
    # status only, then hidden: the link answers the label, then nothing
    form = page_form(answer.text, "user-save")
    answer = session.post(form_action(form), dict(form_values(form), visibility="link", shown="status"))
    assert own_host.status(id=second, type="text").text not in ("Writing code", "Forbidden")
    form = page_form(answer.text, "user-save")
    session.post(form_action(form), dict(form_values(form), visibility="hidden", shown="message"))
    check_text(own_host.status(id=second, type="text"), "Forbidden")


@pytest.mark.parametrize("change", [
    {"visibility": "everyone"}, {"shown": "all"}, {"visibility": ""}, {"user": "nobody"}, {"user": "x" * 300},
    {"csrf": "wrong"}, {"csrf": ""}])
def test_a_bad_per_user_post_changes_nothing(own_host, change):
    session, _ = logged_in(own_host)
    form = page_form(session.get(ADMIN_PAGE + "?user=alice").text, "user-save")
    values = dict(form_values(form), visibility="public", shown="message")
    values.update(change)
    if values.get("csrf") == "":
        del values["csrf"]
    answer = session.post(form_action(form), values)
    assert answer.status in (400, 403, 404), answer
    check_text(own_host.status(jid="alice@example.com", type="text"), "Forbidden")
    page = session.get(ADMIN_PAGE + "?user=alice").text
    assert 'id="user-visibility-default" value="default" checked' in page


def test_rotation_of_a_users_link_needs_the_token(own_host):
    session, _ = logged_in(own_host)
    rotate = page_form(session.get(ADMIN_PAGE + "?user=alice").text, "user-rotate")
    answer = session.post(form_action(rotate), dict(form_values(rotate), csrf="wrong"))
    assert answer.status == 403, answer
    assert user_link(session.get(ADMIN_PAGE + "?user=alice").text) is None


def test_an_unknown_or_hostile_username_shows_no_user(host):
    session, _ = logged_in(host)
    for query in ("nobody", "<script>alert(1)</script>", "a@other.example", "x" * 300):
        page = session.get(ADMIN_PAGE + "?" + urllib.parse.urlencode({"user": query}))
        assert page.status == 200, page
        assert 'id="user-name"' not in page.text and "<script>alert" not in page.text


def test_the_server_default_of_what_is_shown(own_host):
    session, page = logged_in(own_host)
    form, _ = admin_form(page.text)
    assert 'id="shown-default-message" value="message" checked' in page.text
    answer = session.post(form_action(form), dict(settings_values(form, public=True), shown="status"))
    assert answer.status == 200, answer
    assert 'id="shown-default-status" value="status" checked' in answer.text
    status_only = own_host.status(jid="alice@example.com", type="text").text
    assert status_only not in ("Writing code", "Forbidden"), status_only
    form, _ = admin_form(answer.text)
    answer = session.post(form_action(form), dict(settings_values(form), shown="everything"))
    assert answer.status == 400, answer
    check_text(own_host.status(jid="alice@example.com", type="text"), status_only)
    form, _ = admin_form(answer.text)
    session.post(form_action(form), dict(settings_values(form), shown="message"))
    check_text(own_host.status(jid="alice@example.com", type="text"), "Writing code")


def test_the_link_the_command_gives_uses_the_address_the_admin_page_was_saved_at(own_host):
    from test_adhoc import run, token_of
    session, page = logged_in(own_host)
    form, _ = admin_form(page.text)
    session.post(form_action(form), settings_values(form))
    link = run(own_host, "alice@example.com/web", "link", "message")[2]
    assert link.startswith(f"http://127.0.0.1:{own_host.port}/plugins/presence/status?id="), link
    check_text(own_host.status(id=token_of(link), type="text"), "Writing code")


# ---- the address builder ----------------------------------------------------------------------

class BuilderForm(html.parser.HTMLParser):
    """The builder form's fields: selects (name -> {"types": [...], "values": [...]}) and text
    inputs (name -> {"types", "max_bytes"}), from the page as served."""

    def __init__(self):
        super().__init__()
        self.inside, self.select, self.selects, self.texts = False, None, {}, {}

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "address-builder"
        elif self.inside and tag == "select":
            self.select = a["name"]
            self.selects[self.select] = {"types": a.get("data-types", "").split(), "values": []}
        elif self.inside and tag == "option" and self.select:
            self.selects[self.select]["values"].append(a.get("value", ""))
        elif self.inside and tag == "input" and a.get("data-max-bytes"):
            self.texts[a["name"]] = {"types": a.get("data-types", "").split(), "max_bytes": int(a["data-max-bytes"])}

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def builder_form(page_html):
    parser = BuilderForm()
    parser.feed(page_html)
    assert "build-type" in parser.selects, "the page has no address builder with an answer type"
    return parser


def built(session, **fields):
    """(page, URL, snippet) the builder shows for fields (build-... names with '-' as '_')."""
    query = urllib.parse.urlencode({k.replace("_", "-"): v for k, v in fields.items()})
    page = session.get(ADMIN_PAGE + "?" + query)
    assert page.status == 200, page
    url = re.search(r'<code id="builder-url">(.*?)</code>', page.text, re.S)
    snippet = re.search(r'<code id="builder-snippet">(.*?)</code>', page.text, re.S)
    assert url and snippet, "the builder shows no URL or snippet"
    return page.text, html.unescape(url.group(1)), html.unescape(snippet.group(1))


def test_the_builder_gives_the_url_snippet_and_preview_of_a_users_icon(host):
    session, _ = logged_in(host)
    page, url, snippet = built(session, build_user="alice")
    base = f"http://127.0.0.1:{host.port}/plugins/presence/status"
    form = builder_form(page)
    preview = re.search(r'<div id="builder-preview"><img referrerpolicy="no-referrer" src="([^"]*)"', page)
    assert preview and html.unescape(preview.group(1)) == url, "the preview is not the status URL's image"
    if "build-size" in form.selects:  # the icon sizes: the smallest with the larger ones in srcset
        assert url == f"{base}?jid=alice%40example.com&size=16", url
        assert snippet == (f'<img src="{url}" srcset="{base}?jid=alice%40example.com&size=32 2x, '
                           f'{base}?jid=alice%40example.com&size=48 3x" width="16" height="16" '
                           'alt="Presence of alice@example.com">'), snippet
        _, url, snippet = built(session, build_user="alice", build_theme="dot", build_format="svg", build_size="32")
        assert url == f"{base}?jid=alice%40example.com&theme=dot&format=svg&size=32", url
        assert snippet == f'<img src="{url}" width="32" height="32" alt="Presence of alice@example.com">', snippet
        assert host.request("GET", url[url.index("/plugins"):]).header("Content-Type") == "image/svg+xml"
    else:
        assert url == f"{base}?jid=alice%40example.com", url
        assert snippet == f'<img src="{url}" width="16" height="16" alt="Presence of alice@example.com">', snippet
    check_text(host.status(jid="alice@example.com", type="text"), "Forbidden")  # viewing changed nothing


def test_the_builder_gives_a_fetch_example_and_a_sandboxed_preview_for_data(host):
    session, _ = logged_in(host)
    base = f"http://127.0.0.1:{host.port}/plugins/presence/status"
    for kind in ("text", "xml", "json"):
        page, url, snippet = built(session, build_user="bob", build_type=kind)
        assert url == f"{base}?jid=bob%40example.com&type={kind}", url
        assert snippet == f'fetch("{url}").then(r => r.text()).then(answer => console.log(answer));', snippet
        frame = re.search(r'<iframe sandbox="" referrerpolicy="no-referrer"[^>]* src="([^"]*)"></iframe>', page)
        assert frame and html.unescape(frame.group(1)) == url, f"no sandboxed preview of {kind}"


def test_the_builder_without_a_user_shows_the_placeholder_and_no_preview(host):
    session, _ = logged_in(host)
    page, url, _ = built(session)
    assert re.search(r"\?jid=jsmith%40example\.com(&|$)", url), url
    assert 'id="builder-preview"' not in page


@pytest.mark.parametrize("username", ["nobody", "<script>alert(1)</script>", "a\"b'c&d", "x" * 300, "ali\x00ce", "bob\nalice"])
def test_the_builder_refuses_an_unknown_or_hostile_username(host, username):
    session, _ = logged_in(host)
    page, url, snippet = built(session, build_user=username)
    assert "<script>alert" not in page and "a\"b'c&d" not in page, "the username is not escaped"
    assert 'id="builder-preview"' not in page, "a preview for a user who is not there"
    assert re.search(r"\?jid=jsmith%40example\.com(&|$)", url), url
    if len(username) > 255 or any(ord(c) < 0x20 for c in username):
        assert "username is too long or holds control characters" in page
        assert "\x00" not in page and "bob\nalice" not in page
    else:
        no_user = re.search(r'<p id="builder-no-user">(.*?)</p>', page)
        assert no_user and html.unescape(no_user.group(1)) == f"There is no user {username} on this server."


@pytest.mark.parametrize("field", ["build-type", "build-theme", "build-size", "build-format", "build-message"])
def test_the_builder_names_and_ignores_a_value_not_listed(host, field):
    session, _ = logged_in(host)
    form = builder_form(session.get(ADMIN_PAGE).text)
    if field not in form.selects:
        pytest.skip(f"{field} is not listed by this build's builder (the core has no such option yet)")
    hostile = '"><img src=x onerror=alert(1)>'
    kind = (form.selects[field]["types"] or ["image"])[0]
    page, url, _ = built(session, build_user="alice", build_type=kind if field != "build-type" else hostile,
                         **{field.replace("-", "_"): hostile} if field != "build-type" else {})
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", ""), "the value is not escaped"
    assert "<img src=x" not in page
    assert re.search(r'<p class="builder-problem"><strong>[^<]*</strong></p>', page), "no message for the value"
    assert "onerror" not in url and "x%3E" not in url, url


def test_every_value_the_builder_lists_is_accepted_by_the_plugin(host):
    """The builder's lists are the one definition the page offers: each type, and each option
    value with each type it is listed for, answers 200 from the status URL."""
    session, _ = logged_in(host)
    form = builder_form(session.get(ADMIN_PAGE).text)
    types = form.selects["build-type"]["values"]
    assert {"image", "text", "xml", "json"} <= set(types), types
    checked = 0
    for kind in types:
        answer = host.status(jid="alice@example.com", type=kind)
        assert answer.status == 200, f"type={kind}: {answer}"
        checked += 1
    for field, select in form.selects.items():
        if field == "build-type":
            continue
        parameter = field[len("build-"):]
        assert select["types"] and set(select["types"]) <= set(types), f"{field} lists types {select['types']}"
        for kind in select["types"]:
            for value in select["values"]:
                if value:
                    answer = host.status(jid="alice@example.com", type=kind, **{parameter: value})
                    assert answer.status == 200, f"type={kind}&{parameter}={value}: {answer}"
                    checked += 1
    for field, text in form.texts.items():
        parameter = field[len("build-"):]
        for kind in text["types"]:
            answer = host.status(jid="alice@example.com", type=kind, **{parameter: "é" * (text["max_bytes"] // 2)})
            assert answer.status == 200, f"type={kind}&{parameter} at its bound: {answer}"
            answer = host.status(jid="alice@example.com", type=kind, **{parameter: "x" * (text["max_bytes"] + 1)})
            assert answer.status == 400, f"type={kind}&{parameter} over the builder's bound: {answer}"
            checked += 1
    print(f"builder: {checked} listed types and values answered 200")


def test_the_builder_escapes_and_encodes_a_hostile_free_text_option(host):
    session, _ = logged_in(host)
    form = builder_form(session.get(ADMIN_PAGE).text)
    if not form.texts:
        pytest.skip("this build's builder lists no free-text option (label comes with type=badge)")
    for field, text in form.texts.items():
        parameter = field[len("build-"):]
        hostile = '<b>"x" & \'y\'</b> ,=?'
        page, url, snippet = built(session, build_user="alice", build_type=text["types"][0], **{field.replace("-", "_"): hostile})
        assert "<b>" not in page, "the value is not escaped"
        assert f"&{parameter}=" + urllib.parse.quote_plus(hostile) in url, url
        assert host.request("GET", url[url.index("/plugins"):]).status == 200
        page, url, _ = built(session, build_user="alice", build_type=text["types"][0],
                             **{field.replace("-", "_"): "x" * (text["max_bytes"] + 1)})
        assert f"&{parameter}=" not in url and 'class="builder-problem"' in page, "a value over its bound was used"


def test_the_builder_uses_a_private_link_only_when_the_user_has_one(own_host):
    session, _ = logged_in(own_host)
    page, url, _ = built(session, build_user="alice", build_link="1")
    assert "jid=alice%40example.com" in url and 'id="builder-no-link"' in page, url
    assert user_link(session.get(ADMIN_PAGE + "?user=alice").text) is None, "the builder made a link"
    rotate = page_form(session.get(ADMIN_PAGE + "?user=alice").text, "user-rotate")
    token = user_link(session.post(form_action(rotate), form_values(rotate)).text)
    assert token
    page, url, snippet = built(session, build_user="alice", build_link="1", build_type="text")
    assert url == f"http://127.0.0.1:{own_host.port}/plugins/presence/status?id={token}&type=text", url
    assert "alice" not in snippet
    check_text(own_host.request("GET", url[url.index("/plugins"):]), "Writing code")  # the link shows it


def test_the_builder_gives_exact_badge_and_shields_snippets(host):
    session, _ = logged_in(host)
    form = builder_form(session.get(ADMIN_PAGE).text)
    if "badge" not in form.selects["build-type"]["values"]:
        pytest.skip("this build's core has no type=badge")
    base = f"http://127.0.0.1:{host.port}/plugins/presence/status"
    page, url, snippet = built(session, build_user="alice", build_type="badge", build_label="chat & <me>",
                               build_message="1")
    assert url == f"{base}?jid=alice%40example.com&type=badge&label=chat+%26+%3Cme%3E&message=1", url
    assert snippet == f'<img src="{url}" alt="Presence of alice@example.com">', snippet
    assert "chat & <me>" not in page and 'value="chat &amp; &lt;me&gt;"' in page, "the label field is not escaped"
    preview = re.search(r'<div id="builder-preview"><img referrerpolicy="no-referrer" src="([^"]*)" alt=', page)
    assert preview and html.unescape(preview.group(1)) == url
    assert host.request("GET", url[url.index("/plugins"):]).status == 200
    page, url, snippet = built(session, build_user="alice", build_type="shields")
    assert url == f"{base}?jid=alice%40example.com&type=shields", url
    assert snippet == ('<img src="https://img.shields.io/endpoint?url=' + urllib.parse.quote_plus(url)
                       + '" alt="Presence of alice@example.com">'), snippet
    assert re.search(r'<iframe sandbox=""[^>]* src="[^"]*type=shields"></iframe>', page), "shields is previewed as data"
    page, url, snippet = built(session, build_user="alice", build_type="avatar")
    assert snippet == f'<img src="{url}" width="64" height="64" alt="Picture of alice@example.com">', snippet
