"""type=text: labels, status messages, offline texts, Forbidden; one line, UTF-8."""
import pytest

from e2e_support import LABELS, check_text, expected_text, jid_of, users


def ask_text(host, directory, username, **params):
    jid = jid_of(directory, username)
    return host.status(jid=jid, req_jid=jid, type="text", **params)


@pytest.mark.parametrize("username,status", [
    ("bob", "available"), ("carol", "chat"), ("dave", "away"), ("erin", "xa"), ("frank", "dnd")])
def test_label_when_there_is_no_status_message(host, directory, username, status):
    check_text(ask_text(host, directory, username), LABELS[status])


@pytest.mark.parametrize("username,text", [
    ("alice", "Writing code"), ("abby", "Lunch"), ("morgan", "At my desk"),
    ("dora", "Meeting <b>\"urgent\"</b> & 'private' ]]> done")])
def test_status_message_as_sent(host, directory, username, text):
    check_text(ask_text(host, directory, username), text)


def test_control_characters_become_spaces_and_utf8_is_kept(host, directory):
    answer = ask_text(host, directory, "xena")
    check_text(answer, "Été au soleil ☀")
    assert answer.body == "Été au soleil ☀".encode("utf-8")


def test_offline_with_a_remembered_last_status(host, directory):
    check_text(ask_text(host, directory, "ghost"), "Gone home & <back> tomorrow")


def test_offline_without_a_last_status_gives_the_unavailable_text(host, directory):
    check_text(ask_text(host, directory, "olga"), "Unavailable")


def test_forbidden(host, directory):
    check_text(host.status(jid=jid_of(directory, "alice"), type="text"), "Forbidden")


def test_every_user_matches_the_model(host, directory):
    for name in users(directory):
        answer = ask_text(host, directory, name)
        check_text(answer, expected_text(directory, name, jid_of(directory, name)))
        assert not answer.body.endswith(b"\n") and b"\n" not in answer.body
