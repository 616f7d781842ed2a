"""The admin page: login required, CSRF token required to save, saved settings change the answers."""
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

