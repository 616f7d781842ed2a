"""type=json: {"status": name} plus "message" (the texts type=text shows, cleaned alike), valid
JSON (parsed with python's json, strictly), inert inline (no raw < > & or U+2028/U+2029), and one
byte-identical forbidden body."""
import json

import pytest

from e2e_support import (APPLICATION_JSON, STATUSES, check_common_headers, content_type,
                         expected_status, expected_text, jid_of, top_session, users)

FORBIDDEN_BODY = b'{"status":"forbidden"}'


def strict_json(body):
    """The parsed body; fails on duplicate keys, NaN/Infinity or anything json refuses."""
    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys in {body!r}"
        return dict(pairs)

    def no_constant(name):
        raise AssertionError(f"{name} in {body!r}")

    return json.loads(body.decode("utf-8", errors="strict"), object_pairs_hook=no_duplicates,
                      parse_constant=no_constant)


def check_json(answer, status, message=None):
    """A type=json answer: 200, exact content type, common headers, the members asked for."""
    assert answer.status == 200, answer
    assert content_type(answer) == APPLICATION_JSON, answer
    check_common_headers(answer)
    for raw in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert raw not in answer.body, f"raw {raw!r} in {answer.body!r}"
    assert all(byte >= 0x20 for byte in answer.body), answer.body
    parsed = strict_json(answer.body)
    expected = {"status": status}
    if message is not None:
        expected["message"] = message
    assert parsed == expected, f"{parsed!r} != {expected!r}"
    assert parsed["status"] in STATUSES


def ask_json(host, directory, username, **params):
    jid = jid_of(directory, username)
    return host.status(jid=jid, req_jid=jid, type="json", **params)


@pytest.mark.parametrize("username,status", [
    ("bob", "available"), ("carol", "chat"), ("dave", "away"), ("erin", "xa"), ("frank", "dnd")])
def test_no_message_without_a_status_message(host, directory, username, status):
    check_json(ask_json(host, directory, username), status)


@pytest.mark.parametrize("username,text", [
    ("alice", "Writing code"), ("dora", "Meeting <b>\"urgent\"</b> & 'private' ]]> done"),
    ("xena", "Été au soleil ☀")])
def test_status_message_as_type_text_shows_it(host, directory, username, text):
    answer = ask_json(host, directory, username)
    check_json(answer, expected_status(directory, username, jid_of(directory, username)), text)


def test_offline_with_a_remembered_last_status(host, directory):
    check_json(ask_json(host, directory, "ghost"), "offline", "Gone home & <back> tomorrow")


def test_offline_without_a_last_status_has_no_message(host, directory):
    """type=text shows its built-in "Unavailable" here (no unavailable text is configured): that
    is no message of the user's, so the JSON answer has none."""
    check_json(ask_json(host, directory, "olga"), "offline")


def test_forbidden_is_one_body(host, directory):
    answers = [host.status(jid=jid_of(directory, "alice"), type="json"),
               host.status(jid=jid_of(directory, "nobody-here"), type="json"),
               host.status(jid="alice@elsewhere.example", type="json"),
               host.status(jid="a@b@c", type="json"),
               host.status(type="json")]
    for answer in answers:
        check_json(answer, "forbidden")
        assert answer.body == FORBIDDEN_BODY, answer


def test_every_user_matches_the_model(host, directory):
    for name in users(directory):
        jid = jid_of(directory, name)
        status = expected_status(directory, name, jid)
        user = users(directory)[name]
        if status == "forbidden":
            own_text = None
        elif status == "offline":
            own_text = user.get("lastStatus")
        else:
            own_text = top_session(user).get("status")
        # the message is the user's own text, cleaned exactly as type=text cleans it
        message = expected_text(directory, name, jid) if own_text else None
        check_json(ask_json(host, directory, name), status, message)
