#!/usr/bin/env python3
"""Writes the seed corpus of presence_fuzz into tests/fuzz/corpus/ (one file per case).

Usage: tests/fuzz/make-corpus.py   (rewrites tests/fuzz/corpus/seed-*; the files are committed)

Each seed is one input in the layout presence_fuzz.c documents: 2 flag bytes (the JNI bit
layout), a little-endian int32 priority, a pad-field byte and a pad-length byte, then the 17
fields in JNI order separated by 0xFF (0xFE escapes a literal 0xFE or 0xFF).
"""
import os
import struct

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
FIELDS = ["jid", "req_jid", "type", "images", "available", "chat", "away", "xa", "dnd",
          "offline", "forbidden", "jid_bare", "requester_bare", "status_text", "stanza_xml",
          "last_status", "unavailable_text"]
SHOWS = {None: 0, "chat": 1, "away": 2, "xa": 3, "dnd": 4}
DOMAINS = {"foreign": 0, "local": 1, "component": 2}
NO_PADDING = 31


def flags(valid=True, node=True, domain="local", exists=True, public=False, req_valid=False,
          may_probe=False, available=False, show=None):
    bits = [valid, node, False, False, exists, public, req_valid, may_probe, available]
    value = sum(1 << i for i, bit in enumerate(bits) if bit)
    return value | DOMAINS[domain] << 2 | SHOWS[show] << 9


def stanza(jid, show=None, status=None, priority=0, extra=""):
    parts = [f"<presence from='{jid}'>"]
    if show:
        parts.append(f"<show>{show}</show>")
    if status:
        parts.append(f"<status>{status}</status>")
    parts.append(f"<priority>{priority}</priority>{extra}</presence>")
    return "".join(parts)


def encode(flag_bits, priority=0, pad_field=NO_PADDING, pad_offset=0, **fields):
    data = struct.pack("<HiBB", flag_bits, priority, pad_field, pad_offset)
    values = [fields.get(name) for name in FIELDS]
    while values and values[-1] is None:
        values.pop()
    encoded = []
    for value in values:
        raw = (value or "").encode("utf-8") if isinstance(value, (str, type(None))) else value
        encoded.append(raw.replace(b"\xfe", b"\xfe\xfe").replace(b"\xff", b"\xfe\xff"))
    return data + b"\xff".join(encoded)


USER = dict(jid="jsmith@example.com", jid_bare="jsmith@example.com")
OWN = dict(USER, req_jid="jsmith@example.com", requester_bare="jsmith@example.com")
ONLINE = dict(status_text="In a meeting", stanza_xml=stanza("jsmith@example.com/desk", "dnd", "In a meeting", 5))

SEEDS = {
    # the seven status names, every type
    "public-available-image": encode(flags(public=True, available=True), **USER),
    "public-available-text": encode(flags(public=True, available=True), type="text", **USER),
    "public-available-xml": encode(flags(public=True, available=True), type="xml",
                                   stanza_xml=stanza("jsmith@example.com/desk"), **USER),
    "public-chat-xml": encode(flags(public=True, available=True, show="chat"), 3, type="xml",
                              stanza_xml=stanza("jsmith@example.com/r", "chat", "Talk to me", 3), **USER),
    "public-away-text": encode(flags(public=True, available=True, show="away"), type="text",
                               status_text="Lunch", **USER),
    "public-xa-image": encode(flags(public=True, available=True, show="xa"), **USER),
    "public-dnd-xml": encode(flags(public=True, available=True, show="dnd"), 5, type="xml", **USER, **ONLINE),
    "offline-last-status-text": encode(flags(public=True), type="text", last_status="Gone home", **USER),
    "offline-unavailable-xml": encode(flags(public=True), type="xml", unavailable_text="Unavailable", **USER),
    "offline-image": encode(flags(public=True), **USER),
    # the forbidden causes
    "forbidden-no-jid": encode(flags(valid=False, node=False, exists=False), type="text"),
    "forbidden-invalid-jid": encode(flags(valid=False, node=False, exists=False), jid="a@b@c", type="xml"),
    "forbidden-foreign": encode(flags(domain="foreign", exists=False), jid="jsmith@other.example",
                                jid_bare="jsmith@other.example", type="xml"),
    "forbidden-no-node": encode(flags(node=False), jid="example.com", jid_bare="example.com", type="text"),
    "forbidden-unknown": encode(flags(exists=False), type="xml", **USER),
    "forbidden-not-allowed": encode(flags(available=True, req_valid=True), req_jid="jsmith@other.example",
                                    requester_bare="jsmith@other.example", type="xml", **USER, **ONLINE),
    "allowed-self": encode(flags(available=True, show="dnd", req_valid=True), type="text", **OWN, **ONLINE),
    "allowed-probe": encode(flags(available=True, req_valid=True, may_probe=True), type="xml",
                            req_jid="friend@example.com", requester_bare="friend@example.com", **USER, **ONLINE),
    "component": encode(flags(node=False, domain="component", available=True), type="xml",
                        jid="search.example.com", jid_bare="search.example.com",
                        stanza_xml=stanza("search.example.com")),
    # redirects and their tricks
    "images-template": encode(flags(public=True, available=True), images="http://img.example/--IMAGE--.png", **USER),
    "per-status-url": encode(flags(public=True, available=True, show="away"), images="/i/--IMAGE--.gif",
                             away="https://img.example/away.png", **USER),
    "relative-url": encode(flags(public=True), offline="/icons/off line é.png", **USER),
    "javascript-url": encode(flags(public=True), images="javascript:alert(1)//--IMAGE--", **USER),
    "protocol-relative-url": encode(flags(public=True), images="//evil.example/--IMAGE--", **USER),
    "backslash-url": encode(flags(public=True), images="/\\evil.example/--IMAGE--", **USER),
    "crlf-url": encode(flags(public=True), images="http://a.example/\r\nX-Injected: 1", **USER),
    "data-url": encode(flags(public=True), forbidden="data:text/html,<script>alert(1)</script>", **USER),
    "no-host-url": encode(flags(public=True), images="http:///--IMAGE--", **USER),
    # XML and text hostility
    "xml-metachars-jid": encode(flags(valid=False, exists=False), jid="<a&b>\"'@x", req_jid="]]><x/>", type="xml"),
    "xml-stanza-children": encode(flags(public=True, available=True), type="xml", **USER,
                                  stanza_xml=stanza("jsmith@example.com/d", None, "a &amp; b", 0,
                                                    "<c xmlns='http://jabber.org/protocol/caps' ver='x'/>")),
    "xml-stanza-broken": encode(flags(public=True, available=True, show="away"), type="xml",
                                status_text="<b>bold</b> & \x01", stanza_xml="<presence><status>", **USER),
    "xml-stanza-doctype": encode(flags(public=True, available=True), type="xml", **USER,
                                 stanza_xml="<!DOCTYPE p [<!ENTITY x 'xx'>]><presence>&x;</presence>"),
    "text-control-chars": encode(flags(public=True, available=True), type="text",
                                 status_text="line1\r\nline2\tend\x00nul", **USER),
    "nul-in-jid": encode(flags(valid=False, exists=False), jid="jsmith\x00@example.com", type="xml"),
    "invalid-utf8": encode(flags(public=True), type="xml", last_status=b"\xc3\x28\xed\xa0\x80\xff", **USER),
    "unicode-status": encode(flags(public=True, available=True, show="xa"), type="xml",
                             status_text="Été au soleil ☀", stanza_xml=stanza("jsmith@example.com/w", "xa", "Été ☀"), **USER),
    "unknown-type": encode(flags(public=True), type="json", **USER),
    "uppercase-type": encode(flags(public=True), type="XML", **USER),
    "negative-priority": encode(flags(public=True, available=True), -128, type="xml",
                                stanza_xml=stanza("jsmith@example.com/x", priority=-128), **USER),
    # limits: the padded field is grown to limit - 1, limit or limit + 1 bytes
    "jid-over-limit": encode(flags(public=True), 0, 0, 2, type="text", jid_bare="jsmith@example.com"),
    "type-at-limit": encode(flags(public=True), 0, 2, 1, **USER),
    "url-over-limit": encode(flags(public=True), 0, 9, 2, **USER),
    "images-at-limit": encode(flags(public=True), 0, 3, 1, images="/--IMAGE--", **USER),
    "stanza-over-limit": encode(flags(public=True, available=True), 0, 14, 2, type="xml", **USER),
    "status-text-over-limit": encode(flags(public=True, available=True), 0, 13, 2, type="text", **USER),
    "unavailable-at-limit": encode(flags(public=True), 0, 16, 1, type="xml", **USER),
}


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for old in os.listdir(CORPUS):
        if old.startswith("seed-"):
            os.remove(os.path.join(CORPUS, old))
    for name, data in SEEDS.items():
        with open(os.path.join(CORPUS, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"make-corpus: wrote {len(SEEDS)} seeds to {CORPUS}")


if __name__ == "__main__":
    main()
