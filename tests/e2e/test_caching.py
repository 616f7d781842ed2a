"""Caching over real HTTP: a strong ETag on every 200 (image, text, xml, json, the forbidden ones),
none on 302/4xx/5xx; If-None-Match (one tag, a list, W/, *) answered 304 with the same ETag and
cache headers and no body; plugin.presence.cache.maxage as Cache-Control: max-age. Run on both
Openfire lines (E2E_OPENFIRE_LINE=5.1 puts Openfire 5.1's CacheControlFilter in front of the
plugin): the filter must leave our Cache-Control alone and add nothing (no Pragma, no Expires)."""
import os
import re
import struct

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


M64 = (1 << 64) - 1


def _rotl(x, bits):
    return ((x << bits) | (x >> (64 - bits))) & M64


def _fmix(k):
    k ^= k >> 33
    k = (k * 0xff51afd7ed558ccd) & M64
    k ^= k >> 33
    k = (k * 0xc4ceb9fe1a85ec53) & M64
    return k ^ (k >> 33)


def murmur3_x64_128(data):
    """MurmurHash3 x64 128, seed 0: (h1, h2)."""
    c1, c2 = 0x87c37b91114253d5, 0x4cf5ad432745937f
    h1 = h2 = 0
    padded = data + bytes(-len(data) % 16)
    for at in range(0, len(padded), 16):
        k1, k2 = struct.unpack_from("<QQ", padded, at)
        k1 = (_rotl((k1 * c1) & M64, 31) * c2) & M64
        k2 = (_rotl((k2 * c2) & M64, 33) * c1) & M64
        if at + 16 > len(data):  # the tail, zero-padded, is only xored in
            h1 ^= k1
            h2 ^= k2
            break
        h1 = (_rotl(h1 ^ k1, 27) + h2) & M64
        h1 = (h1 * 5 + 0x52dce729) & M64
        h2 = (_rotl(h2 ^ k2, 31) + h1) & M64
        h2 = (h2 * 5 + 0x38495ab5) & M64
    h1 ^= len(data)
    h2 ^= len(data)
    h1 = (h1 + h2) & M64
    h2 = (h2 + h1) & M64
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & M64
    return h1, (h2 + h1) & M64


INTERNAL_H = os.path.join(os.path.dirname(__file__), "..", "..", "native", "core", "presence_internal.h")


def core_content_type(received):
    """The Content-Type as the core wrote it (CONTENT_TYPE_* of presence_internal.h): Jetty may
    respell its case and spaces on the way out."""
    with open(INTERNAL_H, encoding="utf-8") as f:
        for value in re.findall(r'#define\s+CONTENT_TYPE_\w+\s+"([^"]*)"', f.read()):
            if value.lower().replace(" ", "") == received.lower().replace(" ", ""):
                return value
    return received


# The core's headers of a 200 in the default CORS mode, in its order (README "Answers").
CORE_HEADERS = ("Content-Type", "Cache-Control", "X-Content-Type-Options", "Content-Security-Policy",
                "Access-Control-Allow-Origin")


def expected_etag(answer):
    """README "Caching": the hash of the header lines but the ETag (the first, Content-Type,
    last), an empty line and the 16 bytes of the body's hash."""
    values = {name: answer.header(name) for name in CORE_HEADERS}
    values["Content-Type"] = core_content_type(values["Content-Type"])
    names = CORE_HEADERS[1:] + CORE_HEADERS[:1]
    lines = b"".join(f"{name}: {values[name]}\r\n".encode() for name in names)
    h1, h2 = murmur3_x64_128(lines + b"\r\n" + struct.pack("<QQ", *murmur3_x64_128(answer.body)))
    return f'"{h1:016x}{h2:016x}"'


def test_the_hash_is_murmur3():
    """MurmurHash3's published values (as test_caching.c checks the core's)."""
    assert murmur3_x64_128(b"") == (0, 0)
    assert "%016x%016x" % murmur3_x64_128(b"hello") == "cbd8a7b341bd9b025b1e906a48ae1d19"
    assert "%016x%016x" % murmur3_x64_128(b"The quick brown fox jumps over the lazy dog") == \
        "e34bbc7bbc071b6c7a433ca9c49a9347"


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
    assert etag == expected_etag(first), "the ETag is not the hash of the answer's headers and body"
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
    assert etag == expected_etag(answer), "the ETag is not the hash of the answer's headers and body"
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
