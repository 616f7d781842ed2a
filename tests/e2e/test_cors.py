"""CORS over real HTTP: "Access-Control-Allow-Origin: *" by default, whatever the Origin; with
plugin.presence.cors.origins (set in the directory or on the admin page) the request's Origin is
echoed only when listed, no Access-Control-Allow-Origin otherwise, and "Vary: Origin" on every
answer in that mode: 200, 304, 302, 400, the servlet's own 405, the OPTIONS preflight. Never
Access-Control-Allow-Credentials."""
import urllib.parse

from test_browser import browser  # noqa: F401 (the real-browser fixture)

import pytest

from conftest import DIRECTORY, directory_variant, start_host, stop_host
from e2e_support import ADMIN_PAGE, AdminSession, admin_form, form_action, settings_values

STATUS = "/plugins/presence/status"
LISTED = "https://a.example, http://localhost:8080"
ALICE, BOB = "alice@example.com", "bob@example.com"


def ask(host, params, origin=None, method="GET", extra=None):
    headers = dict(extra or {})
    if origin is not None:
        headers["Origin"] = origin
    query = urllib.parse.urlencode(params)
    return host.request(method, STATUS + ("?" + query if query else ""), headers=headers)


def every_kind(host, origin):
    """(description, answer) of each kind of answer, asked with this Origin."""
    ok = ask(host, {"jid": ALICE, "req_jid": BOB, "type": "json"}, origin)
    etag = ok.header("ETag")
    return [
        ("200 json", ok),
        ("200 image forbidden", ask(host, {"jid": ALICE}, origin)),
        ("304", ask(host, {"jid": ALICE, "req_jid": BOB, "type": "json"}, origin, extra={"If-None-Match": etag})),
        ("302", ask(host, {"jid": ALICE, "req_jid": BOB, "images": "/i/--IMAGE--.png"}, origin)),
        ("400 core", ask(host, {"jid": ALICE, "type": "yaml"}, origin)),
        ("405 servlet", ask(host, {"jid": ALICE}, origin, method="DELETE")),
        ("OPTIONS preflight", ask(host, {}, origin, method="OPTIONS",
                                  extra={"Access-Control-Request-Method": "GET",
                                         "Access-Control-Request-Headers": "if-none-match"})),
    ]


def test_default_allows_any_origin(host):
    for origin in (None, "https://a.example", "null", "https://evil.example"):
        for description, answer in every_kind(host, origin):
            assert answer.headers.get("access-control-allow-origin") == ["*"], (origin, description, answer)
            assert "vary" not in answer.headers, (description, answer)
            assert "access-control-allow-credentials" not in answer.headers, answer


def test_the_preflight_allows_if_none_match(host):
    answer = ask(host, {}, "https://a.example", method="OPTIONS",
                 extra={"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"})
    assert answer.status == 200 and answer.body == b"", answer
    assert answer.header("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS", answer
    assert answer.header("Access-Control-Allow-Headers") == "If-None-Match", answer
    assert answer.header("Access-Control-Max-Age") == "600", answer


@pytest.fixture(scope="module")
def listed_host(tmp_path_factory):
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp("cors") / "cors.json",
                             **{"plugin.presence.cors.origins": LISTED})
    h = start_host(str(path))
    yield h
    stop_host(h)


@pytest.mark.parametrize("origin", ["https://a.example", "http://localhost:8080"])
def test_a_listed_origin_is_echoed_on_every_core_answer(listed_host, origin):
    for description, answer in every_kind(listed_host, origin):
        assert answer.headers.get("vary") == ["Origin"], (description, answer)
        assert "access-control-allow-credentials" not in answer.headers, answer
        if description == "405 servlet":  # the servlet's own answers allow no origin in this mode
            assert "access-control-allow-origin" not in answer.headers, answer
        else:
            assert answer.headers.get("access-control-allow-origin") == [origin], (description, answer)
    statuses = {answer.status for _, answer in every_kind(listed_host, origin)}
    assert statuses == {200, 304, 302, 400, 405}, statuses


@pytest.mark.parametrize("origin", [None, "https://evil.example", "https://a.example.evil", "http://a.example",
                                    "https://A.example", "null", "https://a.example/", "http://localhost:8081"])
def test_other_origins_get_no_allow_origin(listed_host, origin):
    for description, answer in every_kind(listed_host, origin):
        assert "access-control-allow-origin" not in answer.headers, (origin, description, answer)
        assert answer.headers.get("vary") == ["Origin"], (description, answer)


def test_the_origins_are_set_on_the_admin_page(own_host):
    session = AdminSession(own_host)
    session.login()
    form, _ = admin_form(session.get(ADMIN_PAGE).text)
    values = settings_values(form)
    assert values.get("corsorigins") == "" and values.get("cachemaxage") == "0", values
    refused = session.post(form_action(form), dict(values, corsorigins="https://a.example/path"))
    assert refused.status == 400, refused
    assert ask(own_host, {"jid": ALICE, "type": "json"}, "https://a.example").header("Access-Control-Allow-Origin") == "*"
    saved = session.post(form_action(form), dict(values, corsorigins="https://a.example", cachemaxage="30"))
    assert saved.status in (200, 302, 303), saved
    allowed = ask(own_host, {"jid": ALICE, "type": "json"}, "https://a.example")
    assert allowed.header("Access-Control-Allow-Origin") == "https://a.example", allowed
    assert allowed.header("Vary") == "Origin" and allowed.header("Cache-Control") == "max-age=30", allowed
    other = ask(own_host, {"jid": ALICE, "type": "json"}, "https://b.example")
    assert other.header("Access-Control-Allow-Origin") is None, other
    form, _ = admin_form(session.get(ADMIN_PAGE).text)
    assert settings_values(form)["corsorigins"] == "https://a.example"
    back = session.post(form_action(form), dict(settings_values(form), corsorigins="", cachemaxage="0"))
    assert back.status in (200, 302, 303), back
    again = ask(own_host, {"jid": ALICE, "type": "json"}, "https://b.example")
    assert again.header("Access-Control-Allow-Origin") == "*" and again.header("Vary") is None, again


# ---- a real browser: fetch() from a page of another origin ----------------------------------

FETCH = """
const [url, inm, done] = arguments;
const headers = inm ? {'If-None-Match': inm} : {};
fetch(url, {headers: headers, cache: 'no-store'})
  .then(r => r.text().then(t => done({status: r.status, body: t})))
  .catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def other_origin():
    """A page served from another origin (another port of 127.0.0.1) for the browser to run in."""
    import http.server
    import threading
    from conftest import free_port

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!DOCTYPE html><title>other origin</title><p>other origin</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def browser_fetch(browser, page, url, inm=None):
    browser.get(page + "/page.html")
    return browser.execute_async_script(FETCH, url, inm)


def test_a_browser_reads_across_origins_as_configured(browser, other_origin, host, tmp_path):
    url = f"{host.base}{STATUS}?jid=alice%40example.com&type=json"
    read = browser_fetch(browser, other_origin, url)
    assert read == {"status": 200, "body": '{"status":"forbidden"}'}, read
    # If-None-Match from a script needs the preflight to allow it
    etag = host.status(jid="alice@example.com", type="json").header("ETag")
    revalidated = browser_fetch(browser, other_origin, url, etag)
    assert revalidated.get("status") == 304 and revalidated.get("body") == "", revalidated
    allowing = start_host(str(directory_variant(DIRECTORY, tmp_path / "allow.json",
                                                **{"plugin.presence.cors.origins": other_origin})))
    refusing = start_host(str(directory_variant(DIRECTORY, tmp_path / "refuse.json",
                                                **{"plugin.presence.cors.origins": "https://a.example"})))
    try:
        allowed = browser_fetch(browser, other_origin, f"{allowing.base}{STATUS}?jid=alice%40example.com&type=json")
        assert allowed == {"status": 200, "body": '{"status":"forbidden"}'}, allowed
        refused = browser_fetch(browser, other_origin, f"{refusing.base}{STATUS}?jid=alice%40example.com&type=json")
        assert "error" in refused and "TypeError" in refused["error"], refused
    finally:
        stop_host(allowing)
        stop_host(refusing)
