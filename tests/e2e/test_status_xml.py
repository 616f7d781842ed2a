"""type=xml: the online stanza, the offline form, the forbidden form; always well-formed."""
import xml.etree.ElementTree as ElementTree

import pytest

from e2e_support import (check_forbidden_xml, child, forbidden_xml, jid_of, local,
                         parse_presence, top_session, users)


def ask_xml(host, directory, username, **params):
    jid = jid_of(directory, username)
    return host.status(jid=jid, req_jid=jid, type="xml", **params)


def extra_elements(root):
    return [c for c in root if local(c.tag) not in ("show", "status", "priority")]


@pytest.mark.parametrize("username", ["alice", "bob", "carol", "dave", "erin", "frank",
                                      "morgan", "abby", "xena", "dora"])
def test_online_stanza_keeps_from_show_status_priority(host, directory, username):
    session = top_session(users(directory)[username])
    root = parse_presence(ask_xml(host, directory, username))
    assert root.get("type") is None, "an available presence has no type"
    assert root.get("from") == f"{jid_of(directory, username)}/{session['resource']}"
    show = child(root, "show")
    assert (show.text if show is not None else None) == session.get("show")
    status = child(root, "status")
    assert (status.text if status is not None else None) == session.get("status")
    priority = child(root, "priority")
    if session.get("priority", 0) != 0:
        assert priority is not None and int(priority.text) == session["priority"]
    elif priority is not None:
        assert int(priority.text) == 0


def test_online_stanza_keeps_allowed_child_elements_only(host, directory):
    caps = extra_elements(parse_presence(ask_xml(host, directory, "alice")))
    assert [c.tag for c in caps] == ["{http://jabber.org/protocol/caps}c"]
    assert caps[0].get("ver") == "QgayPKawpkPSDYmwT/WM94uAlu0=" and caps[0].get("hash") == "sha-1"
    # an extension that is not on the allow-list (README type=xml) is dropped with its text
    answer = ask_xml(host, directory, "dora")
    assert extra_elements(parse_presence(answer)) == []
    assert b"mood" not in answer.body and b"grumpy" not in answer.body


def test_highest_priority_session_is_shown(host, directory):
    root = parse_presence(ask_xml(host, directory, "morgan"))
    assert root.get("from") == "morgan@example.com/desk"
    assert child(root, "show").text == "chat" and child(root, "status").text == "At my desk"


@pytest.mark.parametrize("username,text", [
    ("ghost", "Gone home & <back> tomorrow"), ("olga", "Unavailable")])
def test_offline_form(host, directory, username, text):
    answer = ask_xml(host, directory, username)
    root = parse_presence(answer)
    assert dict(root.attrib) == {"type": "unavailable", "from": jid_of(directory, username)}
    assert [local(c.tag) for c in root] == ["status"] and child(root, "status").text == text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    forms = {f'<presence type="unavailable" from="{jid_of(directory, username)}">'
             f"<status>{status_text}</status></presence>"
             for status_text in (escaped, escaped.replace(">", "&gt;"))}
    assert answer.text in forms, f"{answer.text!r} is not the contract's offline form"


def test_forbidden_form_with_from_and_to(host, directory):
    answer = host.status(jid="alice@example.com", req_jid="erin@example.com", type="xml")
    check_forbidden_xml(answer, "alice@example.com", "erin@example.com")
    assert answer.text == forbidden_xml("alice@example.com", "erin@example.com")


def test_forbidden_form_uses_normalised_bare_jids(host):
    answer = host.status(jid="Nobody@Example.COM/home", req_jid="Erin@EXAMPLE.com/phone", type="xml")
    check_forbidden_xml(answer, "nobody@example.com", "erin@example.com")


@pytest.mark.parametrize("params,from_jid,to_jid", [
    ({}, None, None),
    ({"req_jid": "erin@example.com"}, None, "erin@example.com"),
    ({"jid": "a@b@example.com", "req_jid": "erin@example.com"}, None, "erin@example.com"),
    ({"jid": "nobody@example.com", "req_jid": "bad@@example.com"}, "nobody@example.com", None),
    ({"jid": "alice@example.com"}, "alice@example.com", None),
])
def test_forbidden_form_has_from_and_to_only_for_valid_jids(host, params, from_jid, to_jid):
    answer = host.status(type="xml", **params)
    check_forbidden_xml(answer, from_jid, to_jid)
    assert answer.text == forbidden_xml(from_jid, to_jid)


def test_xml_is_well_formed_for_every_user(host, directory):
    for name in list(users(directory)) + ["nobody"]:
        answer = ask_xml(host, directory, name)
        ElementTree.fromstring(answer.body)
        assert answer.body.count(b"<presence") == 1, answer.body
