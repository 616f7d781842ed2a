#!/usr/bin/python3
"""A check by hand against a real Openfire (README.md here): logs in as a user with slixmpp,
finds the "Presence on the web" command (disco#items), runs it (XEP-0050 through slixmpp's
xep_0050), sets each visibility, gets the private link, rotates it, and checks the status answers
over HTTP (type=text for jid= and for id= before and after the rotation). Also checks that a bad
value saves nothing. Prints one line per check; exit 0 when every check passed, 1 otherwise.

usage: adhoc_check.py USER PASSWORD [--other USER:PASSWORD] [--domain localhost] [--port 5222]
                      [--http http://127.0.0.1:9090]
"""
import argparse
import asyncio
import re
import ssl
import sys
import urllib.parse
import urllib.request

import slixmpp
import slixmpp.exceptions
from slixmpp.plugins.xep_0004 import Form

NODE = "urn:openfire:plugin:presence#web-presence"

p = argparse.ArgumentParser()
p.add_argument("user")
p.add_argument("password")
p.add_argument("--domain", default="localhost")
p.add_argument("--port", type=int, default=5222)
p.add_argument("--http", default="http://127.0.0.1:9090")
p.add_argument("--message", default="Checking the web presence command")
a = p.parse_args()

failures = []


def check(what, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + what + (f": {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(what)


def status_text(**params):
    """The status servlet's type=text answer (body) for params."""
    url = a.http + "/plugins/presence/status?" + urllib.parse.urlencode(dict(params, type="text"))
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode("utf-8")


class Client(slixmpp.ClientXMPP):
    def __init__(self):
        super().__init__(f"{a.user}@{a.domain}/adhoc-check", a.password)
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.ssl_context.maximum_version = ssl.TLSVersion.TLSv1_2  # Openfire 4.5.0 on Java 17
        self.default_domain = "127.0.0.1"
        self.use_aiodns = False
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0004")
        self.register_plugin("xep_0050")
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("failed_auth", self.failed)
        self.add_event_handler("connection_failed", self.failed)

    def failed(self, *args):
        check("log in as " + a.user, False, str(args))
        self.disconnect()
        self.loop.call_later(1, self.loop.stop)

    async def run_command(self, visibility, shown, newlink):
        """Executes and completes the command; returns (note type, note text, link or None)."""
        first = await self["xep_0050"].send_command(a.domain, NODE, action="execute")
        command = first["command"]
        check("the command answers a form (status executing)", command["status"] == "executing"
              and command["form"]["type"] == "form", command["status"])
        form = Form()
        form["type"] = "submit"
        form.add_field(var="visibility", ftype="list-single", value=visibility)
        form.add_field(var="shown", ftype="list-single", value=shown)
        form.add_field(var="newlink", ftype="boolean", value=newlink)
        done = await self["xep_0050"].send_command(a.domain, NODE, action="complete", payload=form,
                                                   sessionid=command["sessionid"])
        result = done["command"]
        notes = result["notes"]
        link = None
        if result.xml.find("{jabber:x:data}x") is not None:
            link = result["form"]["values"].get("link")
        return (notes[0][0] if notes else None), (notes[0][1] if notes else None), link

    async def start(self, event):
        await self.get_roster()
        self.send_presence(pshow="away", pstatus=a.message)
        await asyncio.sleep(1)
        jid = f"{a.user}@{a.domain}"
        try:
            items = await self["xep_0030"].get_items(jid=a.domain, node="http://jabber.org/protocol/commands")
            nodes = [item[1] for item in items["disco_items"]["items"]]
            check("disco#items of the commands node lists " + NODE, NODE in nodes, str(nodes))

            kind, note, link = await self.run_command("public", "message", False)
            check("public: the note is info and names the link", kind == "info" and link and link in note, f"{kind} {note}")
            token = re.search(r"[?&]id=([A-Za-z0-9_-]{22})$", link or "")
            check("the link is a full status URL with id=", bool(token) and link.startswith("http"), str(link))
            token = token.group(1) if token else "x"
            check("public: jid= answers the message", status_text(jid=jid) == a.message, status_text(jid=jid))
            check("public: id= answers the message", status_text(id=token) == a.message, status_text(id=token))

            await self.run_command("contacts", "message", False)
            check("contacts: anonymous jid= is Forbidden", status_text(jid=jid) == "Forbidden", status_text(jid=jid))
            check("contacts: id= still answers", status_text(id=token) == a.message, status_text(id=token))

            await self.run_command("link", "status", False)
            check("link: jid= is Forbidden", status_text(jid=jid) == "Forbidden", status_text(jid=jid))
            check("link, status only: id= answers the label", status_text(id=token) == "Away", status_text(id=token))

            kind, note, new_link = await self.run_command("link", "message", True)
            new_token = (re.search(r"id=([A-Za-z0-9_-]{22})$", new_link or "") or [None, "y"])[1]
            check("rotation: a new link", kind == "info" and new_token != token, f"{kind} {new_link}")
            check("rotation: the old id= is Forbidden", status_text(id=token) == "Forbidden", status_text(id=token))
            check("rotation: the new id= answers", status_text(id=new_token) == a.message, status_text(id=new_token))

            kind, note, _ = await self.run_command("everyone", "message", False)
            check("a value not offered: error note", kind == "error", f"{kind} {note}")
            check("... and nothing saved (still link)", status_text(jid=jid) == "Forbidden"
                  and status_text(id=new_token) == a.message, status_text(jid=jid))

            first = await self["xep_0050"].send_command(a.domain, NODE, action="execute")
            try:
                cancelled = await self["xep_0050"].send_command(a.domain, NODE, action="cancel",
                                                                sessionid=first["command"]["sessionid"])
                outcome = "result " + cancelled["command"]["status"]
            except slixmpp.exceptions.IqError as e:
                outcome = "error " + e.iq["error"]["condition"]
            check("cancel (only complete offered): Openfire answers bad-request, as the host does",
                  outcome == "error bad-request", outcome)

            await self.run_command("hidden", "message", False)
            check("hidden: id= is Forbidden", status_text(id=new_token) == "Forbidden", status_text(id=new_token))
            await self.run_command("default", "default", False)
            check("default (plugin.presence.public unset: contacts): jid= is Forbidden",
                  status_text(jid=jid) == "Forbidden", status_text(jid=jid))
        except Exception as e:  # report, do not hide
            check("the command flow", False, repr(e))
        self.disconnect()
        self.loop.call_later(1, self.loop.stop)


client = Client()
client.connect(address=("127.0.0.1", a.port))
client.loop.run_forever()
print(f"{'OK' if not failures else 'FAILED'}: {len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)
