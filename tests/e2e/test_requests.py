"""The endpoint: GET, POST form, HEAD; unknown types; empty and repeated parameters; no login."""
import urllib.parse

import pytest

from e2e_support import check_common_headers, check_error, check_text, content_type

ALICE = {"jid": "alice@example.com", "req_jid": "alice@example.com"}
COMPARED_HEADERS = ("content-type", "content-length", "cache-control", "x-content-type-options",
                    "content-security-policy", "access-control-allow-origin",
                    "location")


def same_headers(first, second):
    for name in COMPARED_HEADERS:
        assert first.headers.get(name) == second.headers.get(name), f"{name}: {first} vs {second}"


@pytest.mark.parametrize("params", [
    dict(ALICE, type="text"), dict(ALICE, type="xml"), dict(ALICE),
    dict(ALICE, images="/i/--IMAGE--.png"), {"type": "text"}, dict(ALICE, type="json")])
def test_post_form_answers_as_get(host, params):
    got, posted = host.status("GET", **params), host.status("POST", **params)
    assert (got.status, got.body) == (posted.status, posted.body), (got, posted)
    same_headers(got, posted)
    check_common_headers(posted)


@pytest.mark.parametrize("params", [
    dict(ALICE, type="text"), dict(ALICE, type="xml"), dict(ALICE),
    dict(ALICE, images="/i/--IMAGE--.png"), {}, dict(ALICE, type="json")])
def test_head_has_the_get_headers_and_no_body(host, params):
    got, head = host.status("GET", **params), host.status("HEAD", **params)
    assert head.status == got.status, (got, head)
    same_headers(got, head)
    check_common_headers(head, head=True)
    assert head.body == b""
    raw = host.raw(b"HEAD /plugins/presence/status?jid=alice@example.com&req_jid=alice@example.com"
                   b"&type=text HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert raw.endswith(b"\r\n\r\n"), f"HEAD answer carries a body: {raw!r}"


@pytest.mark.parametrize("type_value", ["JSON", "yaml", "TEXT", "Image", " xml", "html", "text ", "json "])
def test_unknown_type_is_400_naming_the_valid_types(host, type_value):
    answer = host.status(type=type_value, **ALICE)
    check_error(answer, 400, "image", "text", "xml", "json")


def test_unknown_type_is_400_whatever_the_jid(host):
    """The type is checked before the status: no difference between users or refusals."""
    bodies = {host.status(type="yaml", jid=jid).body
              for jid in ("alice@example.com", "nobody@example.com", "olga@example.com", "")}
    assert len(bodies) == 1


def test_empty_parameters_count_as_absent(host):
    check_text(host.status(type="text", req_jid="", **{"jid": "bob@example.com"}), "Forbidden")
    answer = host.status(images="", available="", **ALICE)
    assert answer.status == 200 and content_type(answer) == "image/png", answer


def test_first_of_repeated_parameters_wins(host):
    answer = host.request("GET", "/plugins/presence/status?jid=alice@example.com&jid=nobody@example.com"
                          "&req_jid=alice@example.com&req_jid=erin@example.com&type=text&type=xml")
    check_text(answer, "Writing code")
    answer = host.request("GET", "/plugins/presence/status?jid=nobody@example.com&jid=alice@example.com"
                          "&req_jid=alice@example.com&type=text")
    check_text(answer, "Forbidden")


def test_parameters_from_query_and_post_body_together(host):
    answer = host.request("POST", "/plugins/presence/status?type=text",
                          body="jid=bob%40example.com&req_jid=bob%40example.com",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    check_text(answer, "Available")


def test_status_needs_no_login_but_the_rest_of_the_plugin_does(host):
    assert host.status(type="text", **ALICE).status == 200
    answer = host.request("GET", "/plugins/presence/presence-service.jsp")
    assert answer.status == 302 and "login.jsp" in (answer.header("Location") or ""), answer


@pytest.mark.parametrize("path", ["/plugins/presence/", "/plugins/presence/status/",
                                  "/plugins/presence/statusx", "/plugins/presence/plugin.xml",
                                  "/plugins/presence/images/", "/plugins/presence/WEB-INF/web.xml"])
def test_nothing_else_of_the_plugin_is_public(host, path):
    """Only the exact exclude presence/status skips the login (Openfire's AuthCheckFilter)."""
    answer = host.request("GET", path)
    assert answer.status == 302, answer
    assert urllib.parse.urlsplit(answer.header("Location")).path.endswith("/login.jsp"), answer
