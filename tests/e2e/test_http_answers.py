"""The status servlet's own answers over real HTTP: OPTIONS, 405 for every other method (TRACE
echoes nothing), the fixed 503 sentence without the native core, and the security headers
(Cache-Control, nosniff, Content-Security-Policy) on every answer type and status code, the
same values as the core's answers (presence.h PRESENCE_CONTENT_SECURITY_POLICY). Log lines that
clients can cause are throttled: a flood of bad requests writes a bounded number of lines."""
import html
import http.client
import io
import re
import time
import zipfile

import pytest

from conftest import start_host, stop_host, plugin_jar
from e2e_support import (ADMIN_PAGE, SECURITY_HEADERS, AdminSession, check_error,
                         check_security_headers, content_security_policy)

STATUS = "/plugins/presence/status"
ALLOW = "GET, HEAD, POST, OPTIONS"
UNAVAILABLE_SENTENCE = "The presence service is unavailable."
SECRET = "s3cr3t-cookie-value"
# Lines the servlet writes for answers clients cause (slf4j: "... PresenceStatusServlet - presence: answered N: ...").
ANSWER_LINE = re.compile(r"PresenceStatusServlet - presence: answered (\d{3})\b")


def security_values(answer):
    return {name: answer.headers.get(name) for name in SECURITY_HEADERS}


@pytest.fixture(scope="module")
def core_reference(host):
    """A core answer (forbidden text) whose security headers every other answer must repeat."""
    answer = host.status(jid="nobody@example.com", type="text")
    assert answer.status == 200 and answer.text == "Forbidden", answer
    check_security_headers(answer)
    return security_values(answer)


def test_the_core_answers_carry_presence_h_csp(core_reference):
    assert core_reference["content-security-policy"] == [content_security_policy()]
    assert "sandbox" in content_security_policy()


def test_options_names_the_methods_with_the_core_headers(host, core_reference):
    answer = host.request("OPTIONS", STATUS + "?jid=alice@example.com")
    assert answer.status in (200, 204), answer
    assert answer.header("Allow") == ALLOW, answer
    assert answer.body == b"", answer
    assert security_values(answer) == core_reference, answer


def test_options_answers_a_cors_preflight(host, core_reference):
    answer = host.request("OPTIONS", STATUS + "?jid=alice@example.com&type=json", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"})
    assert answer.status in (200, 204), answer
    assert answer.header("Access-Control-Allow-Origin") == "*", answer
    assert answer.header("Access-Control-Allow-Methods") == ALLOW, answer
    assert int(answer.header("Access-Control-Max-Age")) > 0, answer
    assert answer.header("Access-Control-Allow-Credentials") is None, answer
    assert security_values(answer) == core_reference, answer


def test_trace_is_405_and_echoes_no_header(host, core_reference):
    answer = host.request("TRACE", STATUS, headers={
        "Cookie": f"JSESSIONID={SECRET}", "Authorization": f"Basic {SECRET}", "X-Marker": SECRET})
    check_error(answer, 405)
    assert answer.header("Allow") == ALLOW, answer
    assert SECRET.encode() not in answer.body, f"TRACE echoed the request: {answer.body!r}"
    assert "message/http" not in (answer.header("Content-Type") or ""), answer
    assert security_values(answer) == core_reference, answer


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "PROPFIND", "CONNECTX", "get"])
def test_every_other_method_is_405_with_the_core_headers(host, core_reference, method):
    answer = host.request(method, STATUS + "?jid=alice@example.com&type=text", body=b"")
    check_error(answer, 405)
    assert answer.header("Allow") == ALLOW, answer
    assert security_values(answer) == core_reference, answer


def answers_of_every_kind(host):
    """(description, answer) of every answer type and status code the status URL gives."""
    alice, bob = "alice@example.com", "bob@example.com"
    return [
        ("image 200", host.status(jid=alice, req_jid=bob)),
        ("image 200 forbidden", host.status(jid=alice)),
        ("text 200", host.status(jid=alice, req_jid=bob, type="text")),
        ("xml 200", host.status(jid=alice, req_jid=bob, type="xml")),
        ("xml 200 forbidden", host.status(jid=alice, type="xml")),
        ("302 redirect", host.status(jid=alice, req_jid=bob, images="/i/--IMAGE--.png")),
        ("400 core (type)", host.status(jid=alice, type="json")),
        ("400 core (redirect)", host.status(jid=alice, images="javascript:alert(1)")),
        ("400 servlet (unreadable)", host.request("GET", STATUS + "?jid=%ff%fealice@example.com")),
        ("HEAD 200", host.request("HEAD", STATUS + "?jid=alice@example.com&type=text")),
        ("POST 200", host.status("POST", jid=alice, type="text")),
        ("OPTIONS", host.request("OPTIONS", STATUS)),
        ("TRACE 405", host.request("TRACE", STATUS)),
    ]


def test_every_answer_type_and_status_carries_the_security_headers(host, core_reference):
    statuses = set()
    for description, answer in answers_of_every_kind(host):
        statuses.add(answer.status)
        assert security_values(answer) == core_reference, f"{description}: {answer}"
    assert statuses >= {200, 302, 400, 405}, statuses


def test_data_over_the_limits_500_carries_the_security_headers(tmp_path, core_reference):
    from conftest import DIRECTORY, directory_variant
    big = {"username": "big", "sessions": [{"resource": "r", "priority": 1, "status": "a" * 20000}]}
    path = directory_variant(DIRECTORY, tmp_path / "big.json", extra_users=[big])
    host = start_host(str(path))
    try:
        answer = host.status(jid="big@example.com", req_jid="big@example.com", type="text")
        check_error(answer, 500)
        assert security_values(answer) == core_reference, answer
    finally:
        stop_host(host)


# ---- without the native core: 503 -------------------------------------------------------------

NATIVE_SUFFIXES = (".so", ".dylib", ".jnilib", ".dll")


def without_native(zip_bytes, library_bytes, found):
    """zip_bytes with every native library (also in nested jars) dropped (None) or replaced."""
    source = zipfile.ZipFile(io.BytesIO(zip_bytes))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(NATIVE_SUFFIXES):
                found.append(item.filename)
                if library_bytes is not None:
                    out.writestr(item, library_bytes)
            elif item.filename.endswith(".jar"):
                out.writestr(item, without_native(data, library_bytes, found))
            else:
                out.writestr(item, data)
    return target.getvalue()


def jar_variant(tmp_path, name, library_bytes):
    """A copy of presence.jar whose native libraries are dropped (None) or replaced by bytes."""
    found = []
    with open(plugin_jar(), "rb") as f:
        variant = without_native(f.read(), library_bytes, found)
    assert found, f"presence.jar has no native library entries ({NATIVE_SUFFIXES})"
    target = tmp_path / name
    target.write_bytes(variant)
    return str(target)


# What PresencePlugin logs once at load when the native core is not loaded, then the reason.
LOAD_FAILURE = re.compile(r"status requests will be answered 503: (.+)$", re.MULTILINE)


@pytest.mark.parametrize("variant,library", [
    ("no-library", None), ("broken-library", b"\x7fELF this is not a shared library" * 8)],
    ids=["no-library", "broken-library"])
def test_without_the_native_core_every_request_gets_one_fixed_sentence(tmp_path, core_reference,
                                                                       variant, library):
    host = start_host(plugin=jar_variant(tmp_path, variant + ".jar", library))
    try:
        answers = [host.status(jid="alice@example.com", type=t) for t in ("text", "xml", "image")]
        answers += [host.status("POST", jid="bob@example.com"), host.request("GET", STATUS)]
        for answer in answers:
            check_error(answer, 503)
            assert answer.text == UNAVAILABLE_SENTENCE, f"the 503 discloses more: {answer.text!r}"
            assert security_values(answer) == core_reference, answer
        log = host.log()
        reasons = LOAD_FAILURE.findall(log)
        assert len(reasons) == 1, f"the reason should be logged once, at load: {reasons}\n{log[-3000:]}"
        reason = reasons[0].strip()
        print(f"{variant}: logged once: {reason}")
        assert len([m for m in ANSWER_LINE.finditer(log) if m.group(1) == "503"]) <= 1, \
            "every 503 wrote a log line"
        session = AdminSession(host)
        session.login()
        page = session.get(ADMIN_PAGE)
        assert page.status == 200, page
        assert reason in html.unescape(page.text), "the admin page does not show the administrator the reason"
    finally:
        stop_host(host)


# ---- log lines under a flood ------------------------------------------------------------------

def flood(host, count):
    """count bad requests over keep-alive connections: core 400s, unreadable 400s, TRACE/PUT 405s."""
    targets = [("GET", STATUS + "?jid=alice@example.com&type=json%d"),
               ("GET", STATUS + "?jid=%%ff%%fe%d@example.com"),
               ("TRACE", STATUS + "?n=%d"),
               ("PUT", STATUS + "?n=%d")]
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
    statuses = {}
    try:
        for i in range(count):
            method, target = targets[i % len(targets)]
            connection.request(method, target % i, body=b"" if method == "PUT" else None)
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
    finally:
        connection.close()
    return statuses


def answer_lines(host):
    return [m.group(0) for m in ANSWER_LINE.finditer(host.log())]


def test_a_flood_of_bad_requests_writes_a_bounded_number_of_log_lines(own_host):
    before = len(answer_lines(own_host))
    statuses = flood(own_host, 1000)
    assert statuses == {400: 500, 405: 500}, statuses
    time.sleep(0.5)  # the host's log is written by the JVM's stderr
    lines = answer_lines(own_host)[before:]
    print(f"1000 bad requests wrote {len(lines)} log lines: {lines}")
    # one line per kind per minute: core 400, unreadable 400, 405
    assert 1 <= len(lines) <= 3, f"{len(lines)} log lines for 1000 bad requests"
    assert {line.split("answered ")[1] for line in lines} >= {"400", "405"}, lines


def test_the_first_bad_request_is_logged_once_without_its_input(own_host):
    before = len(answer_lines(own_host))
    check_error(own_host.status(jid="alice@example.com", images="javascript:alert(1)"), 400, "images")
    deadline = time.time() + 5
    while len(answer_lines(own_host)) == before and time.time() < deadline:
        time.sleep(0.05)
    new = [line for line in own_host.log().splitlines() if ANSWER_LINE.search(line)]
    assert len(new) - before == 1, new[before:]
    assert "alert" not in new[-1], f"the log line echoes the input: {new[-1]}"


def test_trace_on_the_admin_page_echoes_no_session_cookie(host):
    session = AdminSession(host)
    session.login()
    answer = session.request("TRACE", ADMIN_PAGE)
    assert answer.status == 405, answer
    assert answer.header("Allow") == "GET, HEAD, POST", answer
    for value in session.cookies.values():
        assert value.encode() not in answer.body, f"TRACE echoed the session cookie: {answer.body!r}"
