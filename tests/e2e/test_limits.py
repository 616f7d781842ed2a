"""Snapshot data over the core's limits (status texts 16 KiB, stanza 64 KiB) → 500, never truncated."""
import pytest

from conftest import DIRECTORY, directory_variant, start_host, stop_host
from e2e_support import check_error, check_text, parse_presence, child

TEXT_LIMIT, STANZA_LIMIT = 16384, 65536
LIMIT_SENTENCE = "presence data exceeds the plugin's limits"


def online(username, status=None, extra=None):
    session = {"resource": "r", "priority": 1}
    if status is not None:
        session["status"] = status
    if extra is not None:
        session["extra"] = extra
    return {"username": username, "sessions": [session]}


LIMIT_USERS = [
    online("text-at-limit", status="é" * (TEXT_LIMIT // 2)),                 # 16384 bytes in UTF-8
    online("text-over-limit", status="a" * TEXT_LIMIT + "b"),
    {"username": "last-at-limit", "sessions": [], "lastStatus": "z" * TEXT_LIMIT},
    {"username": "last-over-limit", "sessions": [], "lastStatus": "z" * (TEXT_LIMIT + 1)},
    online("stanza-over-limit", extra="<x xmlns='urn:example:big'>" + "y" * STANZA_LIMIT + "</x>"),
]


@pytest.fixture(scope="module")
def limits_host(tmp_path_factory):
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp("limits") / "limits-directory.json",
                             extra_users=LIMIT_USERS)
    host = start_host(str(path))
    yield host
    stop_host(host)


def ask(host, username, type_value):
    jid = f"{username}@example.com"
    return host.status(jid=jid, req_jid=jid, type=type_value)


@pytest.mark.parametrize("username,text", [("text-at-limit", "é" * (TEXT_LIMIT // 2)),
                                           ("last-at-limit", "z" * TEXT_LIMIT)],
                         ids=["status-16384-bytes", "last-status-16384-bytes"])
def test_text_at_the_limit_is_answered_whole(limits_host, username, text):
    check_text(ask(limits_host, username, "text"), text)
    root = parse_presence(ask(limits_host, username, "xml"))
    assert child(root, "status").text == text


@pytest.mark.parametrize("username,type_value", [
    ("text-over-limit", "text"), ("text-over-limit", "xml"),
    ("last-over-limit", "text"), ("last-over-limit", "xml"),
    ("stanza-over-limit", "xml")])
def test_data_over_the_limit_is_500(limits_host, username, type_value):
    check_error(ask(limits_host, username, type_value), 500, LIMIT_SENTENCE)


def test_other_users_answer_normally_beside_oversized_data(limits_host):
    check_text(ask(limits_host, "alice", "text"), "Writing code")
