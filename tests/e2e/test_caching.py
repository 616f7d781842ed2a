"""Caching over real HTTP: a strong ETag on every 200 (image, text, xml, json, the forbidden ones),
none on 302/4xx/5xx; If-None-Match (one tag, a list, W/, *) answered 304 with the same ETag and
cache headers and no body; plugin.presence.cache.maxage as Cache-Control: max-age. Run on both
Openfire lines (E2E_OPENFIRE_LINE=5.1 puts Openfire 5.1's CacheControlFilter in front of the
plugin): the filter must leave our Cache-Control alone and add nothing (no Pragma, no Expires)."""
import re

import pytest

from conftest import DIRECTORY, directory_variant, start_host, stop_host
from e2e_support import check_security_headers, content_security_policy

STATUS = "/plugins/presence/status"
ETAG = re.compile(r'^"[0-9a-f]{32}"$')
ALICE, BOB = "alice@example.com", "bob@example.com"


def ask(host, params, headers=None, method="GET"):
    from urllib.parse import urlencode
    return host.request(method, STATUS + "?" + urlencode(params, doseq=True), headers=headers)


def etag_of(answer):
    values = answer.headers.get("etag", [])
    assert len(values) == 1, f"expected one ETag: {answer}"
    assert ETAG.match(values[0]), answer
    return values[0]


def check_no_filter_headers(answer):
    """Nothing of Openfire 5.1's CacheControlFilter: it only acts on answers without Cache-Control."""
    assert "pragma" not in answer.headers and "expires" not in answer.headers, answer


def check_304(answer, etag, cache_control="no-cache"):
    assert answer.status == 304, answer
    assert answer.body == b"", answer
    assert answer.headers.get("etag") == [etag], answer
    assert answer.headers.get("cache-control") == [cache_control], answer
    assert answer.headers.get("x-content-type-options") == ["nosniff"], answer
    assert answer.headers.get("content-security-policy") == [content_security_policy()], answer
    assert answer.headers.get("access-control-allow-origin") == ["*"], answer
    assert "content-type" not in answer.headers, answer
    # a 304 could only repeat the 200's Content-Length (RFC 9110 8.6): it sends none, HEAD too
    assert "content-length" not in answer.headers, answer
    assert "access-control-allow-credentials" not in answer.headers, answer
    check_no_filter_headers(answer)


REQUESTS = [
    ("image", {"jid": ALICE, "req_jid": BOB}),
    ("image forbidden", {"jid": ALICE}),
    ("text", {"jid": ALICE, "req_jid": BOB, "type": "text"}),
    ("text forbidden", {"jid": ALICE, "type": "text"}),
    ("xml", {"jid": ALICE, "req_jid": BOB, "type": "xml"}),
    ("xml forbidden", {"jid": ALICE, "type": "xml"}),
    ("json", {"jid": ALICE, "req_jid": BOB, "type": "json"}),
    ("json forbidden", {"jid": ALICE, "type": "json"}),
]


@pytest.mark.parametrize("name,params", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_every_200_has_a_strong_etag_and_revalidates(host, name, params):
    first = ask(host, params)
    assert first.status == 200, first
    check_security_headers(first)
    check_no_filter_headers(first)
    etag = etag_of(first)
    assert etag_of(ask(host, params)) == etag, "the same answer, another ETag"
    check_304(ask(host, params, {"If-None-Match": etag}), etag)
    check_304(ask(host, params, {"If-None-Match": f'"stale", W/{etag}'}), etag)
    check_304(ask(host, params, {"If-None-Match": "*"}), etag)
    check_304(ask(host, params, {"If-None-Match": etag}, method="HEAD"), etag)
    stale = ask(host, params, {"If-None-Match": '"0123456789abcdef0123456789abcdef"'})
    assert stale.status == 200 and stale.body == first.body and etag_of(stale) == etag, stale


def test_head_is_get_without_the_body(host):
    params = {"jid": ALICE, "req_jid": BOB, "type": "text"}
    get, head = ask(host, params), ask(host, params, method="HEAD")
    assert head.status == 200 and head.body == b"", head
    assert head.headers == {**get.headers, "date": head.headers["date"]}, (get, head)
    raw = host.raw(b"HEAD " + STATUS.encode() + b"?jid=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status_line, _, rest = raw.partition(b"\r\n")
    assert status_line == b"HTTP/1.1 400 Bad Request", raw
    assert rest.endswith(b"\r\n\r\n"), f"HEAD got a body: {raw!r}"


def test_malformed_if_none_match_is_answered_whole(host):
    params = {"jid": ALICE, "req_jid": BOB, "type": "text"}
    etag = etag_of(ask(host, params))
    for header in (etag[1:-1], f"{etag} junk", f"w/{etag}", f'"x", *', etag + '"', '"a b", ' + etag,
                   ", ".join(['"' + "a" * 60 + '"'] * 80) + ", " + etag):  # over 4096 bytes
        answer = ask(host, params, {"If-None-Match": header})
        assert answer.status == 200 and answer.text == "Writing code", (header, answer)


def test_answers_other_than_200_have_no_etag_and_ignore_if_none_match(host):
    for params in ({"jid": ALICE, "req_jid": BOB, "images": "/i/--IMAGE--.png"},  # 302
                   {"jid": ALICE, "type": "yaml"},                                  # 400 core
                   {"jid": "a" * 4000}):                                           # 400 core
        answer = ask(host, params, {"If-None-Match": "*"})
        assert answer.status in (302, 400), answer
        assert "etag" not in answer.headers, answer
        assert answer.headers.get("cache-control") == ["no-cache"], answer
    refused = host.request("PUT", STATUS + "?jid=alice@example.com", headers={"If-None-Match": "*"})
    assert refused.status == 405 and "etag" not in refused.headers, refused
    preflight = host.request("OPTIONS", STATUS, headers={"If-None-Match": "*"})
    assert preflight.status == 200 and "etag" not in preflight.headers, preflight


def test_every_forbidden_answer_of_a_type_has_one_etag(host):
    """The ETag is a function of the bytes: hidden, unknown, foreign and malformed JIDs share one."""
    for kind in ("image", "text", "json"):
        tags = {etag_of(ask(host, {"jid": jid, "type": kind}))
                for jid in (ALICE, "nobody-here@example.com", "alice@elsewhere.example", "a@b@c", "")}
        assert len(tags) == 1, (kind, tags)


@pytest.fixture(scope="module")
def caching_host(tmp_path_factory):
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp("maxage") / "maxage.json",
                             **{"plugin.presence.cache.maxage": "120"})
    h = start_host(str(path))
    yield h
    stop_host(h)


def test_max_age_setting_on_200_and_304_only(caching_host, host):
    params = {"jid": ALICE, "req_jid": BOB, "type": "text"}
    answer = ask(caching_host, params)
    assert answer.status == 200 and answer.headers.get("cache-control") == ["max-age=120"], answer
    check_no_filter_headers(answer)
    etag = etag_of(answer)
    assert etag != etag_of(ask(host, params)), "another Cache-Control is another representation"
    check_304(ask(caching_host, params, {"If-None-Match": etag}), etag, "max-age=120")
    redirect = ask(caching_host, {"jid": ALICE, "req_jid": BOB, "images": "/i/--IMAGE--.png"})
    assert redirect.status == 302 and redirect.headers.get("cache-control") == ["no-cache"], redirect
    error = ask(caching_host, {"jid": ALICE, "type": "yaml"})
    assert error.status == 400 and error.headers.get("cache-control") == ["no-cache"], error


@pytest.mark.parametrize("setting,expected", [("99999", "max-age=3600"), ("-5", "no-cache"),
                                              ("soon", "no-cache"), ("0", "no-cache")])
def test_max_age_is_clamped(tmp_path, setting, expected):
    path = directory_variant(DIRECTORY, tmp_path / "maxage.json", **{"plugin.presence.cache.maxage": setting})
    h = start_host(str(path))
    try:
        answer = ask(h, {"jid": ALICE, "type": "text"})
        assert answer.status == 200 and answer.headers.get("cache-control") == [expected], answer
    finally:
        stop_host(h)
