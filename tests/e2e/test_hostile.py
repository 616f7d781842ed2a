"""Hostile input over real HTTP against the plugin host with presence.jar (issue 6, item 2).

Every case goes through a raw socket and a strict response parser, so that a header split by a
bare CR or LF would be seen, and is checked for: its expected status and body; no injected
header; no stack trace words; a correct Content-Length; safe Location only on 302; the fixed
headers on the plugin's own answers. Forbidden answers are compared byte for byte with the
reference forbidden answer of their type, so no answer leaks presence to someone not allowed.

Users (tests/e2e/e2e-directory.json, plugin.presence.public false): alice is online with status
"Writing code"; bob may see alice (alice's roster: bob both); dave may not (subscription to);
ghost is offline with a remembered status, and bob may see ghost; nobody@ does not exist.
"""
import html.parser
import re
import urllib.parse
import xml.dom.minidom

import pytest

import e2e_support
from conftest import Answer, start_host, stop_host

STATUS = "/plugins/presence/status"
ALICE, BOB, DAVE, GHOST = (u + "@example.com" for u in ("alice", "bob", "dave", "ghost"))
NOBODY = "nobody@example.com"
ALICE_TEXT = "Writing code"
GHOST_XML = ('<presence type="unavailable" from="ghost@example.com">'
             "<status>Gone home &amp; &lt;back&gt; tomorrow</status></presence>")
URL_PARAMS = ["images", "available", "chat", "away", "xa", "dnd", "offline", "forbidden"]
CRLF_INJECTION = "\r\nX-Injected: 1"
STACK_TRACE_WORDS = [b"Exception", b"at org.", b"at java.", b"\tat "]
MIB = 1 << 20


# ---- requests --------------------------------------------------------------------------------

class Request:
    """One HTTP request, written out byte for byte by encode()."""

    def __init__(self, method, target, body=None, headers=()):
        self.method, self.target, self.body, self.headers = method, target, body, list(headers)

    def encode(self, close=True):
        lines = [f"{self.method} {self.target} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def query(*pairs, **params):
    """A form-encoded query: pairs (name, value) in order (repeats allowed), then params."""
    return urllib.parse.urlencode(list(pairs) + list(params.items()))


def get(*pairs, **params):
    return Request("GET", STATUS + "?" + query(*pairs, **params))


def get_raw(raw_query):
    """A GET whose query string is sent exactly as written (own percent-encoding)."""
    return Request("GET", STATUS + "?" + raw_query)


def post(body, content_type="application/x-www-form-urlencoded", raw_query=None):
    target = STATUS + ("?" + raw_query if raw_query else "")
    headers = [("Content-Type", content_type)] if content_type else []
    return Request("POST", target, body=body, headers=headers)


def post_form(**params):
    return post(query(**params))


# ---- responses -------------------------------------------------------------------------------

class RawAnswer(Answer):
    """An Answer that also keeps the raw response head."""

    def __init__(self, status, header_pairs, body, head):
        super().__init__(status, header_pairs, body)
        self.head = head


def parse_answers(data, methods):
    """Parses len(methods) HTTP/1.1 responses from data; fails on any malformed head line."""
    answers = []
    for method in methods:
        head, separator, data = data.partition(b"\r\n\r\n")
        assert separator, f"response head not terminated: {head[:300]!r}"
        lines = head.split(b"\r\n")
        for line in lines:
            assert b"\r" not in line and b"\n" not in line, f"bare CR/LF in response head: {line!r}"
        match = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0])
        assert match, f"bad status line {lines[0]!r}"
        status = int(match.group(1))
        pairs = []
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            assert colon and re.fullmatch(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", name), f"bad header {line!r}"
            pairs.append((name.decode("ascii"), value.strip().decode("latin-1")))
        answer = RawAnswer(status, pairs, b"", head)
        length = answer.header("content-length")
        if method == "HEAD" or status in (204, 304):
            body = b""
        elif "chunked" in (answer.header("transfer-encoding") or ""):
            body, data = dechunk(data)
        elif length is not None:
            body, data = data[:int(length)], data[int(length):]
            assert len(body) == int(length), f"body shorter than Content-Length {length}"
        else:
            body, data = data, b""
        answer.body = body
        answers.append(answer)
    return answers


def dechunk(data):
    body = b""
    while True:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return body, data.partition(b"\r\n")[2]
        body, data = body + data[:size], data[size + 2:]


def exchange(host, request):
    """Sends one request on a new connection (Host.raw tolerates the server closing early, as for
    413/414/431) and parses the one answer."""
    data = host.raw(request.encode(), timeout=30)
    assert data, "no answer at all (connection closed)"
    return parse_answers(data, [request.method])[0]


# ---- expectations ----------------------------------------------------------------------------

def forbidden_xml(from_jid=None, to_jid=None):
    return e2e_support.forbidden_xml(from_jid, to_jid).encode()


class Expect:
    """What one case must answer; check() raises AssertionError otherwise."""

    def __init__(self, description, check):
        self.description, self.check = description, check

    def __repr__(self):
        return self.description


def forbidden(kind="text", from_jid=None, to_jid=None):
    """The forbidden answer of that type, byte-identical to the reference one (xml: exact bytes)."""
    def check(answer, references):
        assert answer.status == 200, f"expected 200 forbidden, got {answer.status}: {answer.body[:200]!r}"
        if kind == "xml":
            assert answer.body == forbidden_xml(from_jid, to_jid)
            assert answer.header("content-type").startswith("text/xml")
        else:
            assert_same_answer(answer, references[kind])
    return Expect(f"forbidden {kind}", check)


def shown_text(text):
    def check(answer, references):
        assert answer.status == 200 and answer.header("content-type").startswith("text/plain")
        assert answer.body == text.encode("utf-8")
    return Expect(f"200 {text!r}", check)


def shown_xml(body):
    def check(answer, references):
        assert answer.status == 200 and answer.header("content-type").startswith("text/xml")
        assert answer.body == body.encode("utf-8")
    return Expect("200 xml", check)


def alice_online_xml():
    """alice's own stanza, re-serialised: checked by structure, not bytes."""
    def check(answer, references):
        assert answer.status == 200 and answer.header("content-type").startswith("text/xml")
        root = xml.dom.minidom.parseString(answer.body).documentElement
        assert root.tagName == "presence" and root.getAttribute("from").startswith(ALICE + "/")
        status = root.getElementsByTagName("status")
        assert status and status[0].firstChild.data == ALICE_TEXT
    return Expect("200 alice's stanza", check)


def redirect(location):
    def check(answer, references):
        assert answer.status == 302, f"expected 302, got {answer.status}: {answer.body[:200]!r}"
        assert answer.header("location") == location
    return Expect(f"302 {location}", check)


def refused(*codes, mentions=()):
    """An error status; when it is the plugin's text/plain answer, one line naming `mentions`."""
    codes = codes or (400,)

    def check(answer, references):
        assert answer.status in codes, f"expected {codes}, got {answer.status}: {answer.body[:200]!r}"
        assert answer.header("location") is None
        if (answer.header("content-type") or "").startswith("text/plain"):
            text = answer.body.decode("utf-8")
            assert text and "\n" not in text.strip(), f"not one line: {text!r}"
            for word in mentions:
                assert word in text, f"{word!r} not named in {text!r}"
    return Expect(f"{'/'.join(map(str, codes))}" + (f" naming {', '.join(mentions)}" if mentions else ""),
                  check)


def head_of(kind_or_text):
    """A HEAD answer: 200, no body, Content-Length of the GET answer."""
    def check(answer, references):
        assert answer.status == 200 and answer.body == b""
        expected = references[kind_or_text].body if kind_or_text in references else kind_or_text.encode()
        assert answer.header("content-length") == str(len(expected))
    return Expect("HEAD", check)


def method_not_allowed():
    def check(answer, references):
        assert answer.status == 405
    return Expect("405", check)


IGNORED_IN_COMPARISON = {"date"}


def assert_same_answer(answer, reference):
    """Byte-identical answers: status, every header but Date, body."""
    def comparable(a):
        return {k: v for k, v in a.headers.items() if k not in IGNORED_IN_COMPARISON}
    assert answer.status == reference.status
    assert comparable(answer) == comparable(reference), "headers differ from the reference forbidden answer"
    assert answer.body == reference.body, "body differs from the reference forbidden answer"


def check_every_answer(answer):
    """Rules for every answer, whatever the case."""
    assert not any("injected" in name for name in answer.headers), f"header injection: {answer.headers}"
    for word in STACK_TRACE_WORDS:
        assert word not in answer.body and word not in answer.head, f"stack trace word {word!r}"
    assert answer.status < 500, f"server error {answer.status}: {answer.body[:300]!r}"
    location = answer.header("location")
    if answer.status == 302:
        assert location and re.match(r"(https?://[^/\\?#]|/(?![/\\]))", location), f"unsafe {location!r}"
        assert "\\" not in location and " " not in location
    else:
        assert location is None, f"Location on a {answer.status} answer"
    content_type = answer.header("content-type") or ""
    if answer.status in (200, 302, 405) or content_type.startswith("text/plain"):
        e2e_support.check_security_headers(answer)


# ---- the cases -------------------------------------------------------------------------------

def crlf_cases():
    """CR/LF in every parameter: percent-encoded in a GET query, raw bytes in a POST form body."""
    cases = []
    for name in URL_PARAMS:
        value = "http://img.example/--IMAGE--.png" + CRLF_INJECTION
        cases.append((f"crlf-get-{name}", get(jid=ALICE, req_jid=BOB, **{name: value}), refused()))
        raw_body = f"jid={ALICE}&req_jid={BOB}&{name}=http://img.example/x.png{CRLF_INJECTION}"
        cases.append((f"crlf-post-raw-{name}", post(raw_body), refused()))
    injected_node = "alice" + CRLF_INJECTION + "@example.com"
    cases += [
        ("crlf-get-jid", get(jid=injected_node, req_jid=BOB, type="text"), forbidden()),
        ("crlf-post-raw-jid", post(f"jid={injected_node}&req_jid={BOB}&type=xml"), forbidden("xml", None, BOB)),
        ("crlf-get-req_jid", get(jid=ALICE, req_jid="bob" + CRLF_INJECTION + "@example.com", type="text"),
         forbidden()),
        ("crlf-post-raw-req_jid", post(f"jid={ALICE}&req_jid=bob{CRLF_INJECTION}@example.com&type=xml"),
         forbidden("xml", ALICE)),
        ("crlf-get-type", get(jid=ALICE, req_jid=BOB, type="text" + CRLF_INJECTION), refused(mentions=("xml",))),
        ("crlf-post-raw-type", post(f"jid={ALICE}&type=text{CRLF_INJECTION}"), refused(mentions=("xml",))),
        # a literal "%0d%0a" in a URL is an escape the browser keeps: redirected as text, not decoded
        ("double-encoded-crlf-images", get_raw(f"jid={ALICE}&req_jid={BOB}&images=/i/--IMAGE--%250d%250aX"),
         redirect("/i/available%0d%0aX")),
        ("double-encoded-crlf-jid", get_raw(f"jid=alice%250d%250a@example.com&type=text"), forbidden()),
    ]
    return cases


REDIRECT_TRICKS = {
    "javascript": "javascript:alert(1)//--IMAGE--",
    "javascript-mixed-case": "JaVaScRiPt:alert(document.cookie)",
    "javascript-leading-space": " javascript:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "protocol-relative": "//evil.example/--IMAGE--.png",
    "double-backslash": "\\\\evil.example\\--IMAGE--.png",
    "http-slash-backslash": "http:/\\evil.example/--IMAGE--.png",
    "slash-backslash": "/\\evil.example/--IMAGE--.png",
    "https-no-slashes": "https:evil.example/--IMAGE--.png",
    "http-no-host": "http:///--IMAGE--.png",
    "ftp": "ftp://evil.example/--IMAGE--.png",
    "backslash-in-authority": "http://evil.example\\@img.example/--IMAGE--",
    "nul-in-url": "http://img.example/\x00--IMAGE--",
}


def redirect_cases():
    cases = [(f"redirect-trick-images-{name}", get(jid=ALICE, req_jid=BOB, images=value), refused())
             for name, value in REDIRECT_TRICKS.items()]
    cases += [
        # a bad per-status URL is refused whatever the status (else 400-vs-302 would leak presence)
        ("redirect-trick-forbidden-javascript", get(jid=NOBODY, forbidden="javascript:alert(1)"), refused()),
        ("redirect-trick-offline-protocol-relative", get(jid=ALICE, offline="//evil.example/x"), refused()),
        ("redirect-trick-dnd-backslash", get(jid=ALICE, req_jid=BOB, dnd="\\\\evil.example\\x"), refused()),
        # the same shapes done right are redirected
        ("redirect-ok-absolute", get(jid=ALICE, req_jid=BOB, images="http://img.example/--IMAGE--.png"),
         redirect("http://img.example/available.png")),
        ("redirect-ok-relative", get(jid=GHOST, req_jid=BOB, images="/img/--IMAGE--.png"),
         redirect("/img/offline.png")),
        ("redirect-ok-per-status-wins", get(jid=ALICE, req_jid=BOB, images="/i/--IMAGE--", available="https://a.example/on"),
         redirect("https://a.example/on")),
        ("redirect-not-allowed-gets-forbidden", get(jid=ALICE, req_jid=DAVE, images="/i/--IMAGE--.png"),
         redirect("/i/forbidden.png")),
        ("redirect-space-and-utf8-encoded", get(jid=ALICE, req_jid=BOB, images="/i/é --IMAGE--"),
         redirect("/i/%C3%A9%20available")),
    ]
    return cases


def overlong_cases():
    return [
        ("overlong-jid-1mib-post", post_form(jid="a" * MIB + "@example.com", type="text"),
         refused(400, 413)),
        ("overlong-images-1mib-post", post_form(jid=ALICE, images="http://img.example/" + "a" * MIB),
         refused(400, 413)),
        ("overlong-query-64kib", get(jid=ALICE, req_jid=BOB, type="text", padding="x" * (64 * 1024)),
         refused(400, 414, 431)),
        ("overlong-many-keys-post", post("&".join(f"k{i}=v" for i in range(20000)) + f"&jid={ALICE}&type=text"),
         refused(400, 413)),
        ("limit-jid-3072", get(jid="a" * 3060 + "@example.com", type="text"), refused(mentions=("jid",))),
        ("limit-jid-3071-not-valid", get(jid="a" * 3059 + "@example.com", type="text"), forbidden()),
        ("limit-req_jid-3072", get(jid=ALICE, req_jid="b" * 3060 + "@example.com", type="text"),
         refused(mentions=("req_jid",))),
        ("limit-type-33", get(jid=ALICE, type="t" * 33), refused(mentions=("type",))),
        ("limit-images-2049", get(jid=ALICE, req_jid=BOB, images="http://img.example/" + "a" * 2030),
         refused(mentions=("images",))),
        ("limit-images-2048-ok", get(jid=ALICE, req_jid=BOB, images="/" + "a" * 2047),
         redirect("/" + "a" * 2047)),
    ]


def encoding_cases():
    """NUL is a character the JID rules refuse; bytes that are not UTF-8 make the container's
    parameter decoding fail, which the servlet answers 400 whoever is asked for (no leak)."""
    unreadable = refused(400, mentions=("parameters",))
    return [
        ("nul-in-jid-node", get_raw("jid=alice%00@example.com&req_jid=bob@example.com&type=text"), forbidden()),
        ("nul-after-jid", get_raw("jid=alice@example.com%00&req_jid=bob@example.com&type=text"), forbidden()),
        ("nul-in-req_jid", get_raw("jid=alice@example.com&req_jid=bob%00@example.com&type=text"), forbidden()),
        ("nul-in-images", get_raw("jid=alice@example.com&req_jid=bob@example.com&images=/i/%00x"), refused()),
        ("invalid-utf8-jid", get_raw("jid=%ff%fealice@example.com&type=text"), unreadable),
        ("invalid-utf8-req_jid", get_raw("jid=alice@example.com&req_jid=bob%ff%fe@example.com&type=text"),
         unreadable),
        ("overlong-utf8-slash-jid", get_raw("jid=alice@example.com%c0%afx&type=text"), unreadable),
        ("lone-surrogate-req_jid", get_raw("jid=alice@example.com&req_jid=%ed%a0%80@example.com&type=text"),
         unreadable),
        ("invalid-utf8-unknown-user", get_raw("jid=nobody%ff%fe@example.com&type=text"), unreadable),
        ("invalid-utf8-raw-post-body", post(b"jid=\xff\xfealice@example.com&req_jid=bob@example.com&type=text"),
         unreadable),
    ]


def xml_cases():
    return [
        ("xml-metachars-jid-node", get(jid="<script>alert(1)</script>@example.com", type="xml"), forbidden("xml")),
        ("xml-metachars-jid-resource", get(jid=ALICE + '/"><x a=\'&', type="xml"), forbidden("xml", ALICE)),
        ("xml-metachars-req_jid-node", get(jid=ALICE, req_jid='"><evil/>&@example.com', type="xml"),
         forbidden("xml", ALICE)),
        ("xml-metachars-req_jid-resource-allowed", get(jid=ALICE, req_jid=BOB + "/<r>&'\"", type="xml"),
         alice_online_xml()),
        ("xml-metachars-req_jid-resource-not-allowed", get(jid=ALICE, req_jid=DAVE + "/]]><x>", type="xml"),
         forbidden("xml", ALICE, DAVE)),
        ("xml-cdata-end-in-jid", get(jid="]]>&amp;@example.com", type="xml"), forbidden("xml")),
        ("xml-escaped-last-status", get(jid=GHOST, req_jid=BOB, type="xml"), shown_xml(GHOST_XML)),
    ]


def who_may_see_cases():
    return [
        ("same-node-other-domain-text", get(jid=ALICE, req_jid="alice@evil.example", type="text"), forbidden()),
        ("same-node-other-domain-xml", get(jid=ALICE, req_jid="alice@evil.example", type="xml"),
         forbidden("xml", ALICE, "alice@evil.example")),
        ("allowed-node-other-domain", get(jid=ALICE, req_jid="bob@evil.example", type="text"), forbidden()),
        ("domain-suffix-trick", get(jid=ALICE, req_jid="alice@example.com.evil.example", type="text"), forbidden()),
        ("foreign-jid", get(jid="alice@evil.example", req_jid="alice@evil.example", type="text"), forbidden()),
        ("not-subscribed", get(jid=ALICE, req_jid=DAVE, type="text"), forbidden()),
        ("self-with-resource", get(jid=ALICE, req_jid=ALICE + "/phone", type="text"), shown_text(ALICE_TEXT)),
    ]


def type_cases():
    return [
        ("type-unknown-yaml", get(jid=ALICE, req_jid=BOB, type="yaml"), refused(mentions=("image", "text", "xml", "json"))),
        ("type-upper-case", get(jid=ALICE, req_jid=BOB, type="XML"), refused(mentions=("xml",))),
        ("type-leading-space", get(jid=ALICE, req_jid=BOB, type=" text"), refused()),
        ("type-mime", get(jid=ALICE, req_jid=BOB, type="image/png"), refused()),
        ("type-unknown-for-forbidden", get(jid=NOBODY, type="html"), refused()),
        ("type-empty-is-image", get(jid=NOBODY, type=""), forbidden("image")),
    ]


def repeat_cases():
    return [
        ("repeat-jid-first-wins-shown", get(("jid", ALICE), ("jid", NOBODY), req_jid=BOB, type="text"),
         shown_text(ALICE_TEXT)),
        ("repeat-jid-first-wins-forbidden", get(("jid", NOBODY), ("jid", ALICE), req_jid=BOB, type="text"),
         forbidden()),
        ("repeat-req_jid-first-wins", get(("req_jid", DAVE), ("req_jid", BOB), jid=ALICE, type="text"), forbidden()),
        ("repeat-type-first-wins", get(("type", "text"), ("type", "xml"), jid=ALICE, req_jid=BOB),
         shown_text(ALICE_TEXT)),
        ("repeat-images-good-first", get(("images", "/i/--IMAGE--"), ("images", "javascript:x"), jid=ALICE, req_jid=BOB),
         redirect("/i/available")),
        ("repeat-images-bad-first", get(("images", "javascript:x"), ("images", "/i/--IMAGE--"), jid=ALICE, req_jid=BOB),
         refused()),
    ]


def method_cases():
    form = f"jid={ALICE}&req_jid={BOB}"
    return [
        ("post-text-plain", post(form, "text/plain", raw_query="type=text"), forbidden()),
        ("post-multipart", post("--b\r\nContent-Disposition: form-data; name=\"jid\"\r\n\r\n" + ALICE + "\r\n--b--\r\n",
                                "multipart/form-data; boundary=b", raw_query="type=text"), forbidden()),
        ("post-json", post('{"jid": "%s", "req_jid": "%s"}' % (ALICE, BOB), "application/json",
                           raw_query="type=text"), forbidden()),
        ("post-no-content-type", post(form, None, raw_query="type=text"), forbidden()),
        ("post-form-with-charset", post(form + "&type=text", "application/x-www-form-urlencoded; charset=UTF-8"),
         shown_text(ALICE_TEXT)),
        ("post-query-wins-over-body", post(f"jid={ALICE}&req_jid={BOB}", raw_query=f"jid={NOBODY}&type=text"),
         forbidden()),
        ("head-shown-text", Request("HEAD", STATUS + "?" + query(jid=ALICE, req_jid=BOB, type="text")),
         head_of(ALICE_TEXT)),
        ("head-forbidden-image", Request("HEAD", STATUS + "?" + query(jid=ALICE)), head_of("image")),
        ("put-not-allowed", Request("PUT", STATUS + "?" + query(jid=ALICE), body=""), method_not_allowed()),
        ("long-header-6kib", Request("GET", STATUS + "?" + query(jid=ALICE, req_jid=BOB, type="text"),
                                     headers=[("X-Long", "a" * 6000)]), shown_text(ALICE_TEXT)),
        ("long-header-100kib", Request("GET", STATUS + "?" + query(jid=ALICE, type="text"),
                                       headers=[("X-Long", "a" * 100_000)]), refused(400, 413, 431)),
        ("header-with-obs-fold", Request("GET", STATUS + "?" + query(jid=NOBODY, type="text"),
                                         headers=[("X-Folded", "a\r\n X-Injected: 1")]), refused(400)),
    ]


def refused_exactly(sentence):
    """400 with exactly the core's sentence (native/core/limits.c, presence.c) as its body."""
    def check(answer, references):
        assert answer.status == 400, f"expected 400, got {answer.status}: {answer.body[:200]!r}"
        assert answer.body == sentence.encode("utf-8"), f"{answer.body[:300]!r} is not {sentence!r}"
    return Expect(f"400 {sentence}", check)


def too_long(name, limit):
    return refused_exactly(f"The parameter {name} is longer than {limit} bytes.")


# Hostile values for every new parameter; each is also sent one byte over its limit.
HOSTILE_VALUES = {"crlf": "x" + CRLF_INJECTION, "nul": "x\x00y", "invalid-utf8": "\udcc3(",
                  "markup": "<script>alert(1)</script>"}
NEW_LIMITS = {"label": 64, "message": 32, "theme": 32, "size": 32, "format": 32, "id": 64, "expires": 32}
UNREADABLE = "The request parameters could not be read."
TOO_MANY_JIDS = "The parameter jid is given more than 100 times; type=json answers at most 100 JIDs at once."


def hostile_query(**params):
    """A query whose values may hold lone surrogates (sent as their raw bytes: invalid UTF-8)."""
    return "&".join(f"{k}={urllib.parse.quote(v.encode('utf-8', 'surrogateescape'))}" for k, v in params.items())


def new_parameter_cases():
    """label, message, theme, size, format, id, expires, sig: every hostile value and limit + 1."""
    def for_value(name, value):
        if name == "label":  # any text is a label: cleaned, escaped, drawn
            return get_raw(hostile_query(jid=ALICE, req_jid=BOB, type="badge", label=value)), badge_ok()
        if name == "message":
            return (get_raw(hostile_query(jid=ALICE, req_jid=BOB, type="badge", message=value)),
                    refused_exactly("The parameter message must be 0 or 1."))
        if name in ("theme", "size", "format"):
            return get_raw(hostile_query(jid=ALICE, req_jid=BOB, **{name: value})), refused(mentions=(name,))
        if name == "id":  # no such token: the forbidden answer
            return get_raw(hostile_query(id=value, type="text")), forbidden()
        # expires, sig: the requester's signature does not verify, so the answer is forbidden
        signed = dict(jid=ALICE, req_jid=DAVE, type="text", expires="1893456000", sig="A" * 43)
        signed[name] = value
        return get_raw(hostile_query(**signed)), forbidden()

    cases = []
    for name in ("label", "message", "theme", "size", "format", "id", "expires", "sig"):
        for kind, value in HOSTILE_VALUES.items():
            request_, expect = for_value(name, value)
            if kind == "invalid-utf8":  # the servlet refuses the query before the core sees it
                expect = refused_exactly(UNREADABLE)
            cases.append((f"new-{name}-{kind}", request_, expect))
    for name, limit in NEW_LIMITS.items():
        params = dict(jid=ALICE, req_jid=BOB, type="badge" if name in ("label", "message") else "image")
        params[name] = "1" * (limit + 1)
        cases.append((f"new-{name}-limit+1", get(**params), too_long(name, limit)))
    cases += [
        ("new-label-limit-ok", get(jid=ALICE, req_jid=BOB, type="badge", label="l" * 64), badge_ok()),
        ("new-sig-overlong-1mib", post_form(jid=ALICE, req_jid=DAVE, type="text", expires="1893456000",
                                            sig="A" * MIB), refused(400, 413)),
        ("new-sig-overlong-4kib", get(jid=ALICE, req_jid=DAVE, type="text", expires="1893456000", sig="A" * 4096),
         forbidden()),
        ("new-jid-101-times", get(*[("jid", f"u{i}@example.com") for i in range(101)], type="json"),
         refused_exactly(TOO_MANY_JIDS)),
        ("new-jid-101-times-hostile", get(*([("jid", "a" + CRLF_INJECTION + "<script>@example.com")] * 101),
                                          type="json"), refused_exactly(TOO_MANY_JIDS)),
        ("new-jid-100-times-hostile", get_raw("type=json&" + "&".join(
            hostile_query(jid=f"{i}{v}@example.com") for i in range(33)
            for k, v in HOSTILE_VALUES.items() if k != "invalid-utf8")),
         json_ok(99)),
    ]
    return cases


def badge_ok():
    def check(answer, references):
        assert answer.status == 200 and answer.header("content-type") == "image/svg+xml", answer
        body = answer.body.lower()
        for never in (b"<script", b"\r", b"\x00", b"onload", b"href"):
            assert never not in body, f"{never!r} in the badge"
        xml.dom.minidom.parseString(answer.body)
    return Expect("200 badge", check)


def json_ok(entries):
    def check(answer, references):
        import json
        assert answer.status == 200 and answer.header("content-type").startswith("application/json"), answer
        for never in (b"<", b">", b"\r", b"\n", b"\x00"):
            assert never not in answer.body, f"{never!r} in {answer.body[:200]!r}"
        parsed = json.loads(answer.body.decode("utf-8"))
        assert len(parsed) == entries and all(v == {"status": "forbidden"} for v in parsed.values()), parsed
    return Expect(f"200 json of {entries}", check)


def header_cases():
    """If-None-Match and Origin: NUL, invalid UTF-8, markup, overlong (limit + 1): never 400, the
    whole answer (nothing matches), the default CORS header, nothing echoed."""
    values = {"nul": "\"x\x00\"", "invalid-utf8": "\"\xc3(\"", "markup": "<script>alert(1)</script>",
              "overlong": '"' + "a" * 4095 + '"'}  # 4097 bytes: over PRESENCE_MAX_IF_NONE_MATCH
    cases = []
    for header in ("If-None-Match", "Origin"):
        for kind, value in values.items():
            cases.append((f"header-{header.lower()}-{kind}",
                          Request("GET", STATUS + "?" + query(jid=ALICE, req_jid=BOB, type="text"),
                                  headers=[(header, value)]),
                          # a NUL byte in a header is refused by Jetty before the plugin
                          refused(400) if kind == "nul" else shown_text_any_origin(ALICE_TEXT)))
    return cases


def shown_text_any_origin(text):
    inner = shown_text(text)

    def check(answer, references):
        inner.check(answer, references)
        assert answer.header("access-control-allow-origin") == "*", answer
        assert answer.header("etag"), answer
    return Expect(f"200 {text!r}, ACAO *", check)


CASES = (crlf_cases() + redirect_cases() + overlong_cases() + encoding_cases() + xml_cases()
         + who_may_see_cases() + type_cases() + repeat_cases() + method_cases() + new_parameter_cases()
         + header_cases())


@pytest.fixture(scope="module")
def references(host):
    """The reference forbidden answers (an unknown user) of type image and text."""
    return {"image": exchange(host, get(jid=NOBODY)), "text": exchange(host, get(jid=NOBODY, type="text"))}


def test_case_table_is_large_and_unique():
    ids = [case_id for case_id, _, _ in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert len(ids) >= 50


@pytest.mark.parametrize("request_, expect", [(r, e) for _, r, e in CASES], ids=[c[0] for c in CASES])
def test_hostile_request(host, references, request_, expect):
    answer = exchange(host, request_)
    check_every_answer(answer)
    expect.check(answer, references)


FORBIDDEN_CAUSES = {
    "missing-jid": {},
    "empty-jid": {"jid": ""},
    "invalid-jid": {"jid": "a@b@c"},
    "foreign-domain": {"jid": "alice@evil.example"},
    "no-node": {"jid": "example.com"},
    "unknown-user": {"jid": NOBODY},
    "no-requester": {"jid": ALICE},
    "invalid-requester": {"jid": ALICE, "req_jid": "@@"},
    "not-subscribed": {"jid": ALICE, "req_jid": DAVE},
    "same-node-other-domain": {"jid": ALICE, "req_jid": "alice@evil.example"},
    "offline-not-allowed": {"jid": GHOST, "req_jid": DAVE},
    "unknown-user-with-requester": {"jid": NOBODY, "req_jid": BOB},
}


@pytest.mark.parametrize("kind", ["image", "text"])
@pytest.mark.parametrize("cause", sorted(FORBIDDEN_CAUSES))
def test_every_forbidden_cause_answers_identically(host, references, kind, cause):
    params = dict(FORBIDDEN_CAUSES[cause], **({"type": "text"} if kind == "text" else {}))
    answer = exchange(host, get(**params))
    check_every_answer(answer)
    assert_same_answer(answer, references[kind])


@pytest.mark.parametrize("cause", ["no-requester", "invalid-requester"])
def test_forbidden_xml_is_identical_for_one_user(host, cause):
    answer = exchange(host, get(type="xml", **FORBIDDEN_CAUSES[cause]))
    check_every_answer(answer)
    assert answer.body == forbidden_xml(ALICE)


def test_forbidden_image_differs_from_every_visible_image(host, references):
    forbidden_image = references["image"]
    assert forbidden_image.header("content-type").startswith("image/")
    for params in ({"jid": ALICE, "req_jid": BOB}, {"jid": GHOST, "req_jid": BOB}):
        shown = exchange(host, get(**params))
        check_every_answer(shown)
        assert shown.status == 200 and shown.header("content-type").startswith("image/")
        assert shown.body != forbidden_image.body, f"the image for {params} is the forbidden one"


def test_pipelined_requests_each_get_their_own_answer(host):
    requests = [get(jid=ALICE, req_jid=BOB, type="text"),
                get_raw(f"jid={ALICE}&req_jid={BOB}&images=/i/x%0d%0aX-Injected:%201"),
                post(f"jid={ALICE}&req_jid={BOB}&images=/x{CRLF_INJECTION}"),
                get(jid=NOBODY, type="xml")]
    data = b"".join(r.encode(close=(i == len(requests) - 1)) for i, r in enumerate(requests))
    answers = parse_answers(host.raw(data), [r.method for r in requests])
    for answer in answers:
        check_every_answer(answer)
    assert answers[0].status == 200 and answers[0].body == ALICE_TEXT.encode()
    assert answers[1].status == 400 and answers[2].status == 400
    assert answers[3].status == 200 and answers[3].body == forbidden_xml(NOBODY)


def test_smuggled_request_in_a_form_body_is_only_form_data(host):
    smuggled = f"GET {STATUS}?jid={ALICE}&req_jid={BOB}&type=text HTTP/1.1\r\nHost: x\r\n\r\n"
    request = post("jid=nobody%40example.com&type=text&x=" + smuggled)
    answers = parse_answers(host.raw(request.encode()), ["POST"])
    check_every_answer(answers[0])
    assert answers[0].status == 200 and answers[0].body == b"Forbidden"


# ---- the admin page (issue 6, item 3) --------------------------------------------------------

XSS_PAYLOADS = {
    "script-tag": "<script>alert(1)</script>",
    "attribute-break-img": '"><img src=x onerror=alert(1)>',
    "single-quote-svg": "'><svg onload=alert(1)>",
    "entity-and-close-tags": "</status></presence>&amp;<script>x</script>",
}


class StartTags(html.parser.HTMLParser):
    """The start tags of a page, to find injected markup."""

    def __init__(self, page):
        super().__init__()
        self.tags = []
        self.feed(page)

    def handle_starttag(self, tag, attributes):
        self.tags.append((tag, dict(attributes)))


def logged_in(host):
    session = e2e_support.AdminSession(host)
    answer = session.login()
    assert answer.status in (302, 303), f"login failed: {answer}"
    return session


def settings_form(session):
    """The admin page's csrf token and saved unavailable text, for a logged-in session."""
    page = session.get(e2e_support.ADMIN_PAGE)
    assert page.status == 200, f"admin page: {page}"
    form, _ = e2e_support.admin_form(page.text)
    unavailable = [f.get("value", "") for _, f in form["fields"] if f.get("name") == "unavailable"]
    assert len(unavailable) == 1, "no unavailable text field on the admin page"
    return e2e_support.hidden_value(form, "csrf"), unavailable[0]


@pytest.fixture(scope="module")
def admin_host():
    """A private host: these tests change the plugin's settings."""
    h = start_host()
    yield h
    stop_host(h)


def olga_answers(host):
    """olga is offline without a remembered status, so she shows the unavailable text (to herself)."""
    text = exchange(host, get(jid="olga@example.com", req_jid="olga@example.com", type="text"))
    xml_answer = exchange(host, get(jid="olga@example.com", req_jid="olga@example.com", type="xml"))
    check_every_answer(text)
    check_every_answer(xml_answer)
    return text, xml_answer


@pytest.mark.parametrize("payload", list(XSS_PAYLOADS.values()), ids=list(XSS_PAYLOADS))
def test_admin_xss_in_unavailable_text_is_escaped(admin_host, payload):
    session = logged_in(admin_host)
    csrf, _ = settings_form(session)
    saved = session.post(e2e_support.ADMIN_PAGE, {"csrf": csrf, "public": "false", "unavailable": payload,
                                                  "save": "Save"})
    assert saved.status == 200, f"save refused: {saved}"
    page = session.get(e2e_support.ADMIN_PAGE)
    assert payload.encode() not in page.body, "the payload appears unescaped on the admin page"
    assert settings_form(session)[1] == payload, "the saved text does not round-trip through the page"
    tags = StartTags(page.text).tags
    injected = [t for t in tags if t[0] in ("script", "img", "svg") or any(a.startswith("on") for a in t[1])]
    assert not injected, f"markup injected into the admin page: {injected}"
    text, xml_answer = olga_answers(admin_host)
    assert text.body == payload.encode() and text.header("content-type").startswith("text/plain")
    assert text.header("x-content-type-options") == "nosniff"
    root = xml.dom.minidom.parseString(xml_answer.body).documentElement
    assert [n.tagName for n in root.childNodes] == ["status"], "markup injected into the XML answer"
    assert root.getElementsByTagName("status")[0].firstChild.data == payload
    assert b"<script" not in xml_answer.body and b"<img" not in xml_answer.body


def save_attempts_without_token(admin_host):
    """Save attempts that must all be refused: (description, session, form)."""
    session = logged_in(admin_host)
    settings_form(session)  # the session has a token, it is just not sent
    other_token, _ = settings_form(logged_in(admin_host))
    change = {"public": "true", "unavailable": "changed by an attacker", "save": "Save"}
    anonymous = e2e_support.AdminSession(admin_host)
    return [("logged in, no token", session, dict(change)),
            ("logged in, empty token", session, dict(change, csrf="")),
            ("logged in, wrong token", session, dict(change, csrf="x" * 43)),
            ("logged in, another session's token", session, dict(change, csrf=other_token)),
            ("not logged in, no token", anonymous, dict(change)),
            ("not logged in, a real session's token", anonymous, dict(change, csrf=other_token))]


def test_admin_save_without_csrf_token_or_login_changes_nothing(admin_host):
    before_text = settings_form(logged_in(admin_host))[1]
    before_answers = [a.body for a in olga_answers(admin_host)]
    for description, session, form in save_attempts_without_token(admin_host):
        answer = session.post(e2e_support.ADMIN_PAGE, form)
        assert answer.status in (302, 303, 401, 403), f"{description}: answered {answer.status}"
        if answer.status in (302, 303):
            assert "/login.jsp" in answer.header("location"), f"{description}: redirected elsewhere"
        assert b"changed by an attacker" not in answer.body
    assert settings_form(logged_in(admin_host))[1] == before_text
    assert [a.body for a in olga_answers(admin_host)] == before_answers
    assert exchange(admin_host, get(jid=ALICE, type="text")).body == b"Forbidden", "presence became public"


def test_admin_page_needs_login(admin_host):
    answer = e2e_support.AdminSession(admin_host).get(e2e_support.ADMIN_PAGE)
    assert answer.status in (302, 303) and "/login.jsp" in answer.header("location")
    assert b"csrf" not in answer.body
