"""The XEP-0050 command "Presence on the web" through the host's /host/adhoc (an XMPP client's IQs
as the JID Openfire authenticated): the form, each visibility and what is shown, the private
link and its rotation, refusals (other users, non-local JIDs, hostile values), and the status
answers that change with each choice."""
import os
import re
import shutil
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

NODE = "urn:openfire:plugin:presence#web-presence"
COMMANDS = "http://jabber.org/protocol/commands"
DATA = "jabber:x:data"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
MESSAGE = "Writing code"  # alice's status message in tests/e2e/e2e-directory.json


def iq(host, sender, command_attributes, inner=""):
    """Sends one IQ set with a <command/> as sender; returns the answer's root element."""
    attributes = " ".join(f"{k}='{v}'" for k, v in command_attributes.items())
    body = f"<iq type='set' id='c1'><command xmlns='{COMMANDS}' {attributes}>{inner}</command></iq>"
    answer = host.request("POST", "/host/adhoc?" + urllib.parse.urlencode({"from": sender}), body=body.encode("utf-8"),
                          headers={"Content-Type": "text/xml"})
    assert answer.status == 200, answer
    return ET.fromstring(answer.body)


def error_condition(root):
    assert root.get("type") == "error", ET.tostring(root)
    conditions = [child.tag.split("}")[1] for child in root.find("error") if child.tag.startswith("{" + STANZAS)]
    return conditions[0]


def start(host, sender):
    """Executes the command; returns (sessionid, form element)."""
    root = iq(host, sender, {"node": NODE, "action": "execute"})
    assert root.get("type") == "result", ET.tostring(root)
    command = root.find(f"{{{COMMANDS}}}command")
    assert command.get("status") == "executing" and command.get("node") == NODE
    actions = command.find(f"{{{COMMANDS}}}actions")
    assert actions.get("execute") == "complete" and [a.tag.split("}")[1] for a in actions] == ["complete"]
    form = command.find(f"{{{DATA}}}x")
    assert form is not None and form.get("type") == "form", ET.tostring(command)
    return command.get("sessionid"), form


def fields(form):
    return {f.get("var"): f for f in form.findall(f"{{{DATA}}}field")}


def values(field):
    return [v.text or "" for v in field.findall(f"{{{DATA}}}value")]


def submit(host, sender, session, submitted):
    """Completes session with the fields submitted (var → list of values); returns the <command/>."""
    inner = f"<x xmlns='{DATA}' type='submit'>" + "".join(
        f"<field var='{var}'>" + "".join(f"<value>{v}</value>" for v in vals) + "</field>"
        for var, vals in submitted.items()) + "</x>"
    root = iq(host, sender, {"node": NODE, "sessionid": session, "action": "complete"}, inner)
    assert root.get("type") == "result", ET.tostring(root)
    command = root.find(f"{{{COMMANDS}}}command")
    assert command.get("status") == "completed"
    return command


def run(host, sender, visibility, shown, newlink="0"):
    """The whole flow; returns (note type, note text, link or None)."""
    session, _ = start(host, sender)
    command = submit(host, sender, session, {"visibility": [visibility], "shown": [shown], "newlink": [newlink]})
    note = command.find(f"{{{COMMANDS}}}note")
    result = command.find(f"{{{DATA}}}x")
    link = None
    if result is not None:
        assert result.get("type") == "result"
        link = values(fields(result)["link"])[0]
        assert link in note.text, "the note names the link"
    return note.get("type"), note.text, link


def token_of(link):
    match = re.fullmatch(r"http://[^/]+/plugins/presence/status\?id=([A-Za-z0-9_-]{22})", link)
    assert match, link
    return match.group(1)


def text(host, **params):
    answer = host.status(type="text", **params)
    assert answer.status == 200, answer
    return answer.text


def test_the_form_offers_the_choices_with_the_current_values(host):
    assert f"{NODE} Presence on the web" in host.request("GET", "/host/adhoc?from=alice@example.com/web").text
    session, form = start(host, "alice@example.com/web")
    assert len(session) >= 10
    found = fields(form)
    assert found["visibility"].get("type") == "list-single"
    assert [o.find(f"{{{DATA}}}value").text for o in found["visibility"].findall(f"{{{DATA}}}option")] == [
        "public", "contacts", "link", "hidden", "default"]
    assert [o.find(f"{{{DATA}}}value").text for o in found["shown"].findall(f"{{{DATA}}}option")] == [
        "status", "message", "default"]
    assert values(found["visibility"]) == ["default"] and values(found["shown"]) == ["default"]
    assert found["newlink"].get("type") == "boolean" and values(found["newlink"]) == ["0"]
    root = iq(host, "alice@example.com/web", {"node": NODE, "sessionid": session, "action": "cancel"})
    assert root.get("type") == "error" and error_condition(root) == "bad-request", \
        "Openfire answers cancel of a session that offered only complete with bad-request"
    again = iq(host, "alice@example.com/web", {"node": NODE, "sessionid": session, "action": "complete"})
    assert error_condition(again) == "bad-request", "the cancelled session is gone"


def test_each_visibility_changes_the_answers(own_host):
    host, alice = own_host, "alice@example.com/web"
    kind, note, link = run(host, alice, "public", "message")
    assert kind == "info", note
    token = token_of(link)
    assert text(host, jid="alice@example.com") == MESSAGE
    assert text(host, id=token) == MESSAGE

    assert run(host, alice, "contacts", "message")[2] == link, "the link stays until rotated"
    assert text(host, jid="alice@example.com") == "Forbidden"
    assert text(host, jid="alice@example.com", req_jid="bob@example.com") == MESSAGE  # trusted requester
    assert text(host, jid="alice@example.com", req_jid="frank@example.com") == "Forbidden"
    assert text(host, id=token) == MESSAGE

    run(host, alice, "link", "message")
    assert text(host, jid="alice@example.com") == "Forbidden"
    assert text(host, jid="alice@example.com", req_jid="bob@example.com") == "Forbidden"
    assert text(host, id=token) == MESSAGE

    run(host, alice, "link", "status")
    status_only = text(host, id=token)
    assert status_only != MESSAGE and status_only != "Forbidden", status_only

    run(host, alice, "hidden", "message")
    assert text(host, jid="alice@example.com", req_jid="bob@example.com") == "Forbidden"
    assert text(host, id=token) == "Forbidden"

    run(host, alice, "default", "default")  # plugin.presence.public=false → contacts
    assert text(host, jid="alice@example.com") == "Forbidden"
    assert text(host, jid="alice@example.com", req_jid="bob@example.com") == MESSAGE
    _, form = start(host, alice)
    assert values(fields(form)["visibility"]) == ["default"]


def test_rotating_the_link_ends_the_old_one(own_host):
    host, alice = own_host, "alice@example.com/web"
    old = token_of(run(host, alice, "link", "message")[2])
    assert text(host, id=old) == MESSAGE
    kind, note, link = run(host, alice, "link", "message", newlink="1")
    new = token_of(link)
    assert kind == "info" and new != old and "new private link" in note
    assert text(host, id=old) == "Forbidden"
    assert text(host, id=new) == MESSAGE
    assert token_of(run(host, alice, "link", "message", newlink="false")[2]) == new


def test_a_user_changes_only_their_own_settings(own_host):
    host = own_host
    run(host, "alice@example.com/web", "hidden", "message")
    session, _ = start(host, "bob@example.com/phone")
    # a field naming another account is not read: bob's own settings change
    submit(host, "bob@example.com/phone", session, {"visibility": ["public"], "shown": ["message"], "newlink": ["0"],
                                                    "accountjid": ["alice@example.com"], "jid": ["alice@example.com"]})
    assert text(host, jid="alice@example.com", req_jid="bob@example.com") == "Forbidden"
    assert text(host, jid="bob@example.com") != "Forbidden"


@pytest.mark.parametrize("sender", ["mallory@other.example/x", "gateway.example.com", "example.com",
                                    "nobody@example.com/x", "presence.example.com/x"])
def test_a_jid_that_is_no_local_user_is_refused(host, sender):
    root = iq(host, sender, {"node": NODE, "action": "execute"})
    assert error_condition(root) == "forbidden", ET.tostring(root)
    assert NODE not in host.request("GET", "/host/adhoc?" + urllib.parse.urlencode({"from": sender})).text


@pytest.mark.parametrize("submitted", [
    {"visibility": ["everyone"], "shown": ["message"]},
    {"visibility": ["PUBLIC"], "shown": ["message"]},
    {"visibility": ["public", "hidden"], "shown": ["message"]},
    {"visibility": [], "shown": ["message"]},
    {"shown": ["message"]},
    {"visibility": ["public"], "shown": ["all"]},
    {"visibility": ["public"], "shown": ["message"], "newlink": ["yes"]},
    {"visibility": ["public" + "x" * 70000], "shown": ["message"]},
    {"visibility": ["&lt;script&gt;"], "shown": ["message"]},
])
def test_hostile_values_save_nothing(own_host, submitted):
    host, alice = own_host, "alice@example.com/web"
    before = text(host, jid="alice@example.com")
    session, _ = start(host, alice)
    inner_size = sum(len(v) for vals in submitted.values() for v in vals)
    if inner_size > 60000:  # over the host's IQ bound: refused before the command
        body = f"<iq type='set'><command xmlns='{COMMANDS}' node='{NODE}' sessionid='{session}'/></iq>" + "x" * 70000
        answer = host.request("POST", "/host/adhoc?from=alice@example.com/web", body=body)
        assert answer.status == 413, answer
        submitted = {"visibility": ["public" + "x" * 100], "shown": ["message"]}
    command = submit(host, alice, session, submitted)
    note = command.find(f"{{{COMMANDS}}}note")
    assert note.get("type") == "error" and "Nothing was saved" in note.text, ET.tostring(command)
    assert "script" not in note.text and "everyone" not in note.text, "the note echoes no input"
    assert command.find(f"{{{DATA}}}x") is None
    assert text(host, jid="alice@example.com") == before == "Forbidden"
    _, form = start(host, alice)
    assert values(fields(form)["visibility"]) == ["default"]


def test_unknown_node_and_bad_iqs(host):
    assert error_condition(iq(host, "alice@example.com/web", {"node": "urn:nothing", "action": "execute"})) == "item-not-found"
    assert error_condition(iq(host, "alice@example.com/web", {"node": NODE, "sessionid": "nosuchsession1", "action": "complete"})) == "bad-request"
    answer = host.request("POST", "/host/adhoc?from=alice@example.com/web", body=b"<!DOCTYPE iq [<!ENTITY a 'b'>]><iq/>")
    assert error_condition(ET.fromstring(answer.body)) == "bad-request"


def test_the_command_survives_a_plugin_reload_and_goes_with_the_plugin(own_host):
    host = own_host
    token = token_of(run(host, "alice@example.com/web", "link", "message")[2])
    shutil.copy2(host.jar, host.jar + ".new")
    os.utime(host.jar + ".new", (time.time() + 5, time.time() + 5))
    os.replace(host.jar + ".new", host.jar)
    deadline = time.time() + 30
    while time.time() < deadline and host.log().count("loaded (version") < 2:
        time.sleep(0.2)
    assert host.log().count("loaded (version") >= 2, host.log()
    assert NODE in host.request("GET", "/host/adhoc?from=alice@example.com/web").text
    assert text(host, id=token) == MESSAGE, "the choices and link are the user's, not the plugin's"
    assert run(host, "alice@example.com/web", "public", "message")[0] == "info"
    assert host.log().count("unloaded") == 1
    os.remove(host.jar)
    deadline = time.time() + 30
    while time.time() < deadline and host.log().count("unloaded") < 2:
        time.sleep(0.2)
    assert NODE not in host.request("GET", "/host/adhoc?from=alice@example.com/web").text
