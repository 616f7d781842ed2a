#!/usr/bin/env python3
"""Writes the seed corpus of presence_fuzz into tests/fuzz/corpus/ (one file per case).

Usage: tests/fuzz/make-corpus.py   (rewrites tests/fuzz/corpus/seed-*; the files are committed)

Each seed is one input in the layout presence_fuzz.c documents: a mode byte, little-endian int32
flags and priority, a little-endian u16 allocation-failure index (0xFFFF: none), a pad-field byte
and a pad-length byte; then, in fields mode, the fields in packed order separated by 0xFF (0xFE
escapes a literal 0xFE or 0xFF), or, in raw mode, the packed bytes themselves.
The layout (field indexes, flag bits) is read from PresenceCore.java, its one definition: this
script compiles it with `javac -h` and reads the generated constants.
"""
import os
import re
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
PRESENCE_CORE = os.path.join(HERE, "..", "..", "java-shim", "src", "org", "jivesoftware", "openfire",
                             "plugin", "presence", "PresenceCore.java")


def layout_constants():
    """PresenceCore's int constants, by name, as `javac -h` emits them."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["javac", "-h", work, "-d", os.path.join(work, "classes"), PRESENCE_CORE], check=True)
        header = os.path.join(work, "org_jivesoftware_openfire_plugin_presence_PresenceCore.h")
        with open(header) as f:
            text = f.read()
    found = re.findall(r"^#define org_jivesoftware_openfire_plugin_presence_PresenceCore_(\w+) (-?\d+)L$",
                       text, re.M)
    if not found:
        raise SystemExit("make-corpus: no constants found in the javac -h header of PresenceCore")
    return {name: int(value) for name, value in found}


L = layout_constants()
STATUS_NAMES = ["available", "chat", "away", "xa", "dnd", "offline", "forbidden"]
assert len(STATUS_NAMES) == L["STATUS_COUNT"]
FIELD_INDEX = {"jid": L["FIELD_JID"], "req_jid": L["FIELD_REQ_JID"], "type": L["FIELD_TYPE"],
               "images": L["FIELD_IMAGES"], "jid_bare": L["FIELD_JID_BARE"],
               "requester_bare": L["FIELD_REQUESTER_BARE"], "status_text": L["FIELD_STATUS_TEXT"],
               "stanza_xml": L["FIELD_STANZA_XML"], "last_status": L["FIELD_LAST_STATUS"],
               "unavailable_text": L["FIELD_UNAVAILABLE_TEXT"], "id": L["FIELD_ID"],
               "expires": L["FIELD_EXPIRES"], "now": L["FIELD_NOW"],
               "previous_key_until": L["FIELD_PREVIOUS_KEY_UNTIL"], "shown_setting": L["FIELD_SHOWN_SETTING"],
               "label": L["FIELD_LABEL"], "message": L["FIELD_MESSAGE"], "avatar": L["FIELD_AVATAR"],
               "theme": L["FIELD_THEME"],
               "size": L["FIELD_SIZE"], "format": L["FIELD_FORMAT"], "default_theme": L["FIELD_DEFAULT_THEME"],
               "if_none_match": L["FIELD_IF_NONE_MATCH"],
               "origin": L["FIELD_ORIGIN"], "cache_max_age": L["FIELD_CACHE_MAX_AGE"],
               "cors_origins": L["FIELD_CORS_ORIGINS"]}
FIELD_INDEX.update({name: L["FIELD_STATUS_URL_FIRST"] + s for s, name in enumerate(STATUS_NAMES)})
assert sorted(FIELD_INDEX.values()) == list(range(L["FIELD_COUNT"]))
SHOWS = {None: L["SHOW_NONE"], "chat": L["SHOW_CHAT"], "away": L["SHOW_AWAY"], "xa": L["SHOW_XA"],
         "dnd": L["SHOW_DND"]}
DOMAINS = {"foreign": L["DOMAIN_FOREIGN"], "local": L["DOMAIN_LOCAL"], "component": L["DOMAIN_COMPONENT"]}
NO_PADDING = 63  # presence_fuzz.c: byte 11 % 64 at or past FIELD_COUNT pads nothing
NO_FAILURE = 0xFFFF
MODE_FIELDS, MODE_RAW, MODE_BATCH = 0, 1, 2


def flags(valid=True, node=True, domain="local", exists=True, public=False, req_valid=False,
          may_probe=False, available=False, show=None, signed_only=False, key="none", visibility="default",
          shown="default", preflight=False):
    named = [(valid, "FLAG_JID_VALID"), (node, "FLAG_JID_HAS_NODE"), (exists, "FLAG_SUBJECT_EXISTS"),
             (public, "FLAG_PRESENCE_PUBLIC"), (req_valid, "FLAG_REQUESTER_VALID"),
             (may_probe, "FLAG_REQUESTER_MAY_PROBE"), (available, "FLAG_AVAILABLE"),
             (signed_only, "FLAG_REQUESTER_SIGNED_ONLY"), (preflight, "FLAG_PREFLIGHT")]
    value = sum(L[name] for bit, name in named if bit)
    return (value | DOMAINS[domain] << L["FLAG_DOMAIN_SHIFT"] | SHOWS[show] << L["FLAG_SHOW_SHIFT"]
            | L["KEY_" + key.upper()] << L["FLAG_SIGNATURE_KEY_SHIFT"]
            | L["VISIBILITY_" + visibility.upper()] << L["FLAG_VISIBILITY_SHIFT"]
            | L["SHOWN_" + shown.upper()] << L["FLAG_SHOWN_SHIFT"])


def stanza(jid, show=None, status=None, priority=0, extra=""):
    parts = [f"<presence from='{jid}'>"]
    if show:
        parts.append(f"<show>{show}</show>")
    if status:
        parts.append(f"<status>{status}</status>")
    parts.append(f"<priority>{priority}</priority>{extra}</presence>")
    return "".join(parts)


def raw_bytes(value):
    return (value or "").encode("utf-8") if isinstance(value, (str, type(None))) else value


def header(mode, flag_bits, priority, fail_at, pad_field, pad_offset):
    return struct.pack("<BiiHBB", mode, flag_bits, priority, fail_at, pad_field, pad_offset)


def encode(flag_bits, priority=0, pad_field=NO_PADDING, pad_offset=0, fail_at=NO_FAILURE, mode=MODE_FIELDS,
           **fields):
    """A fields-mode input: the fuzzer packs the fields itself (mode MODE_BATCH: also as several jids)."""
    values = [None] * L["FIELD_COUNT"]
    for name, value in fields.items():
        values[FIELD_INDEX[name]] = value
    while values and values[-1] is None:
        values.pop()
    encoded = [raw_bytes(v).replace(b"\xfe", b"\xfe\xfe").replace(b"\xff", b"\xfe\xff") for v in values]
    return header(mode, flag_bits, priority, fail_at, pad_field, pad_offset) + b"\xff".join(encoded)


def pack(**fields):
    """The packing of PresenceCore.pack: one big-endian i32 length per field (absent: PACKED_ABSENT)."""
    values = [None] * L["FIELD_COUNT"]
    for name, value in fields.items():
        values[FIELD_INDEX[name]] = raw_bytes(value)
    lengths = b"".join(struct.pack(">i", L["PACKED_ABSENT"] if v is None else len(v)) for v in values)
    return lengths + b"".join(v for v in values if v is not None)


def raw(flag_bits, packed, priority=0, fail_at=NO_FAILURE):
    """A raw-mode input: packed bytes exactly as the JNI glue would get them."""
    return header(MODE_RAW, flag_bits, priority, fail_at, NO_PADDING, 0) + packed


def lengths_only(*lengths):
    """A packed header with these lengths (the rest absent) and no bytes after it."""
    values = list(lengths) + [L["PACKED_ABSENT"]] * (L["FIELD_COUNT"] - len(lengths))
    return b"".join(struct.pack(">i", v) for v in values)


USER = dict(jid="jsmith@example.com", jid_bare="jsmith@example.com")
OWN = dict(USER, req_jid="jsmith@example.com", requester_bare="jsmith@example.com")
SIGNED = dict(expires="1700000300", now="1700000000", previous_key_until="1700000060")
ONLINE = dict(status_text="In a meeting", stanza_xml=stanza("jsmith@example.com/desk", "dnd", "In a meeting", 5))

def png_chunk(kind, data):
    import zlib
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG_1X1 = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", b"\0\0\0\1\0\0\0\1\x08\0\0\0\0")
           + png_chunk(b"IDAT", b"\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01") + png_chunk(b"IEND", b""))
JPEG_MIN = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x12\x34\xff\xd9")
GIF_1X1 = b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP_MIN = b"RIFF\x16\x00\x00\x00WEBPVP8L\x0a\x00\x00\x00\x2f" + bytes(9)

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
    # icon themes, sizes and formats (README "Answers", type=image)
    "theme-dot-32": encode(flags(public=True, available=True), theme="dot", size="32", **USER),
    "theme-contrast-48-svg": encode(flags(public=True, available=True, show="xa"), theme="contrast", size="48",
                                    format="svg", **USER),
    "theme-classic-svg-offline": encode(flags(public=True), theme="classic", format="svg", **USER),
    "theme-forbidden-svg": encode(flags(exists=False), theme="dot", format="svg", size="16", **USER),
    "theme-default-contrast": encode(flags(public=True, available=True, show="dnd"), default_theme="contrast",
                                     size="32", **USER),
    "theme-default-unknown": encode(flags(public=True, available=True), default_theme="<svg onload=x>", **USER),
    "theme-unknown": encode(flags(public=True), theme="Classic", **USER),
    "size-unknown": encode(flags(public=True), size="064", **USER),
    "format-unknown": encode(flags(public=True), format="svg+xml", **USER),
    "theme-with-template": encode(flags(public=True, available=True), theme="dot", format="svg",
                                  images="/i/--IMAGE--.svg", **USER),
    "theme-text-ignored": encode(flags(public=True), type="text", theme="nope", size="1", format="gif", **USER),
    "theme-at-limit": encode(flags(public=True), 0, L["FIELD_THEME"], 1, theme="dot", **USER),
    "format-over-limit": encode(flags(public=True), 0, L["FIELD_FORMAT"], 2, format="svg", **USER),
    "public-available-json": encode(flags(public=True, available=True), type="json", **USER),
    "public-dnd-json": encode(flags(public=True, available=True, show="dnd"), 5, type="json", **USER, **ONLINE),
    "offline-last-status-json": encode(flags(public=True), type="json", last_status="Gone home", **USER),
    "offline-unavailable-json": encode(flags(public=True), type="json", unavailable_text="Away <b>", **USER),
    "forbidden-json": encode(flags(exists=False), type="json", status_text="secret", **USER),
    "json-metachars": encode(flags(public=True, available=True), type="json", **USER,
                             status_text="\"\\</script>&<!-- \u2028\u2029\x00\x1f\x7f\u0085"),
    "json-invalid-utf8": encode(flags(public=True, available=True), type="json", **USER,
                                status_text=b"\xc3\x28\xed\xa0\x80\xe2\x80\xff\xe2\x80\xa8"),
    # the forbidden causes
    "forbidden-no-jid": encode(flags(valid=False, node=False, exists=False), type="text"),
    "forbidden-invalid-jid": encode(flags(valid=False, node=False, exists=False), jid="a@b@c", type="xml"),
    "forbidden-foreign": encode(flags(domain="foreign", exists=False), jid="jsmith@other.example",
                                jid_bare="jsmith@other.example", type="xml"),
    "forbidden-no-node": encode(flags(node=False), jid="example.com", jid_bare="example.com", type="text"),
    "forbidden-unknown": encode(flags(exists=False), type="xml", **USER),
    "forbidden-not-allowed": encode(flags(available=True, req_valid=True), req_jid="jsmith@other.example",
                                    requester_bare="jsmith@other.example", type="xml", **USER, **ONLINE),
    "signed-self-verified": encode(flags(available=True, show="dnd", req_valid=True, signed_only=True, key="current"),
                                   type="text", **OWN, **ONLINE, **SIGNED),
    "signed-previous-in-grace": encode(flags(available=True, req_valid=True, may_probe=True, signed_only=True,
                                             key="previous"), type="json", req_jid="friend@example.com",
                                       requester_bare="friend@example.com", **USER, **ONLINE, **SIGNED),
    "signed-expired": encode(flags(available=True, req_valid=True, may_probe=True, signed_only=True, key="current"),
                             type="xml", req_jid="friend@example.com", requester_bare="friend@example.com",
                             **USER, **ONLINE, **dict(SIGNED, expires="1699999999")),
    "signed-13-digits": encode(flags(available=True, req_valid=True, may_probe=True, signed_only=True, key="current"),
                               type="text", req_jid="friend@example.com", requester_bare="friend@example.com",
                               **USER, **ONLINE, **dict(SIGNED, expires="0001700000300")),
    # per-user visibility, what is shown, private links
    "visibility-hidden": encode(flags(public=True, available=True, visibility="hidden"), type="xml", **USER, **ONLINE),
    "visibility-link-anonymous": encode(flags(public=True, available=True, visibility="link"), type="json",
                                        **USER, **ONLINE),
    "visibility-contacts-signed": encode(flags(public=True, available=True, req_valid=True, may_probe=True,
                                               signed_only=True, key="current", visibility="contacts"),
                                         type="text", req_jid="friend@example.com",
                                         requester_bare="friend@example.com", **USER, **ONLINE, **SIGNED),
    "visibility-out-of-range": encode(flags(public=True, available=True) | 7 << L["FLAG_VISIBILITY_SHIFT"]
                                      | 3 << L["FLAG_SHOWN_SHIFT"] | 3 << L["FLAG_SIGNATURE_KEY_SHIFT"],
                                      type="text", **USER, **ONLINE),
    "shown-status": encode(flags(public=True, available=True, shown="status"), type="xml", **USER, **ONLINE),
    "shown-default-status": encode(flags(public=True, available=True), type="json", shown_setting="status",
                                   **USER, **ONLINE),
    "shown-status-offline": encode(flags(public=True, shown="status"), type="text", last_status="Gone home",
                                   unavailable_text="Away", **USER),
    "link-online-xml": encode(flags(available=True, visibility="link"), type="xml", id="AAAAAAAAAAAAAAAAAAAAAA",
                              jid_bare="jsmith@example.com", **ONLINE),
    "link-offline-xml": encode(flags(visibility="contacts"), type="xml", id="AAAAAAAAAAAAAAAAAAAAAA",
                               jid_bare="jsmith@example.com", last_status="Gone home"),
    "link-with-jid-and-signature": encode(flags(available=True, req_valid=True, signed_only=True, key="current",
                                                visibility="link"), type="text", id="AAAAAAAAAAAAAAAAAAAAAA",
                                          req_jid="jsmith@example.com", requester_bare="jsmith@example.com",
                                          **USER, **ONLINE, **SIGNED),
    "link-unknown-token": encode(flags(valid=False, node=False, exists=False), type="xml",
                                 id="BBBBBBBBBBBBBBBBBBBBBB"),
    "link-component": encode(flags(node=False, domain="component", available=True), type="text",
                             id="AAAAAAAAAAAAAAAAAAAAAA", jid_bare="search.example.com"),
    "id-over-limit": encode(flags(public=True), type="text", id="A" * 65, **USER),
    "signed-probe-unverified": encode(flags(available=True, req_valid=True, may_probe=True, signed_only=True),
                                      type="xml", req_jid="friend@example.com", requester_bare="friend@example.com",
                                      **USER, **ONLINE),
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
    "unknown-type": encode(flags(public=True), type="yaml", **USER),
    "uppercase-json": encode(flags(public=True), type="JSON", **USER),
    "uppercase-type": encode(flags(public=True), type="XML", **USER),
    "negative-priority": encode(flags(public=True, available=True), -128, type="xml",
                                stanza_xml=stanza("jsmith@example.com/x", priority=-128), **USER),
    # limits: the padded field is grown to limit - 1, limit or limit + 1 bytes
    "jid-over-limit": encode(flags(public=True), 0, 0, 2, type="text", jid_bare="jsmith@example.com"),
    "type-at-limit": encode(flags(public=True), 0, 2, 1, **USER),
    "url-over-limit": encode(flags(public=True), 0, 9, 2, **USER),
    "images-at-limit": encode(flags(public=True), 0, 3, 1, images="/--IMAGE--", **USER),
    "stanza-over-limit": encode(flags(public=True, available=True), 0, FIELD_INDEX["stanza_xml"], 2, type="xml", **USER),
    "status-text-over-limit": encode(flags(public=True, available=True), 0, FIELD_INDEX["status_text"], 2, type="text", **USER),
    "json-status-text-at-limit": encode(flags(public=True, available=True), 0, FIELD_INDEX["status_text"], 1, type="json", **USER),
    # badge, shields, avatar: labels and messages, hostile ones, photos of every kind
    "badge-default": encode(flags(public=True, available=True), type="badge", **USER),
    "badge-message": encode(flags(public=True, available=True, show="away"), type="badge", message="1",
                            status_text="Lunch <b>&amp;</b> \"more\"", **USER),
    "badge-hostile-label": encode(flags(public=True), type="badge", message="1", last_status="gone]]>",
                                  label="\"><script>alert(1)</script><x onload='y'", **USER),
    "badge-label-invalid-utf8": encode(flags(public=True, available=True, show="dnd"), type="badge",
                                       label=b"\xff\xc0\xaf\xed\xa0\x80\x00\r\n", **USER),
    "badge-message-long": encode(flags(public=True, available=True), type="badge", message="1",
                                 status_text="\u2603" * 200 + "\u2028", **USER),
    "badge-message-bad": encode(flags(public=True, available=True), type="badge", message="2", **USER),
    "badge-forbidden": encode(flags(exists=False), type="badge", message="1", status_text="secret", **USER),
    "badge-label-at-limit": encode(flags(public=True), 0, FIELD_INDEX["label"], 1, type="badge", label="m", **USER),
    "badge-label-over-limit": encode(flags(public=True), 0, FIELD_INDEX["label"], 2, type="badge", label="m", **USER),
    "shields-message": encode(flags(public=True, available=True, show="xa"), type="shields", message="1",
                              status_text="Été\t<au> soleil \u2029", label="team & co", **USER),
    "shields-forbidden": encode(flags(exists=False), type="shields", **USER),
    "avatar-png": encode(flags(public=True, available=True), type="avatar", avatar=PNG_1X1, **USER),
    "avatar-jpeg": encode(flags(public=True), type="avatar", avatar=JPEG_MIN, **USER),
    "avatar-gif": encode(flags(public=True, available=True), type="avatar", avatar=GIF_1X1, **USER),
    "avatar-webp": encode(flags(public=True, available=True), type="avatar", avatar=WEBP_MIN, **USER),
    "avatar-svg": encode(flags(public=True, available=True), type="avatar",
                         avatar=b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', **USER),
    "avatar-html-in-png": encode(flags(public=True, available=True), type="avatar",
                                 avatar=b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", **USER),
    "avatar-png-truncated": encode(flags(public=True, available=True), type="avatar", avatar=PNG_1X1[:-1], **USER),
    "avatar-forbidden": encode(flags(exists=False), type="avatar", avatar=PNG_1X1, **USER),
    "avatar-at-limit": encode(flags(public=True), 0, FIELD_INDEX["avatar"], 1, type="avatar", avatar=PNG_1X1, **USER),
    "avatar-over-limit": encode(flags(public=True), 0, FIELD_INDEX["avatar"], 2, type="avatar", avatar=PNG_1X1, **USER),
    "unavailable-at-limit": encode(flags(public=True), 0, FIELD_INDEX["unavailable_text"], 1, type="xml", **USER),
    # caching: If-None-Match lists (a 304 needs the answer's own ETag, which the fuzzer's
    # conditional check supplies), the max-age setting
    "inm-star": encode(flags(public=True, available=True), type="text", if_none_match="*", **USER),
    "inm-list": encode(flags(public=True, available=True), type="json", **USER,
                       if_none_match=' , W/"0123456789abcdef0123456789abcdef",\t"x" ,'),
    "inm-hostile": encode(flags(public=True), type="xml", **USER, if_none_match='"a" "b", W/ "c", *, "\x00"'),
    "inm-at-limit": encode(flags(public=True), 0, L["FIELD_IF_NONE_MATCH"], 1, if_none_match='"x",', **USER),
    "inm-on-redirect": encode(flags(public=True), images="/i/--IMAGE--.png", if_none_match="*", **USER),
    "maxage-60": encode(flags(public=True, available=True), type="text", cache_max_age="60", **USER),
    "maxage-huge": encode(flags(public=True), cache_max_age="99999999999999999999999", **USER),
    "maxage-junk": encode(flags(public=True), type="xml", cache_max_age=" -1e3 ", **USER),
    # CORS: any origin, listed origins (allowed, not, malformed lists), the preflight
    "cors-any": encode(flags(public=True), type="json", origin="https://a.example", cors_origins=" , ", **USER),
    "cors-allowed": encode(flags(public=True, available=True), type="json", origin="https://a.example",
                           cors_origins="https://b.example, https://a.example", **USER),
    "cors-not-listed": encode(flags(public=True), type="text", origin="https://evil.example",
                              cors_origins="https://a.example", **USER),
    "cors-prefix": encode(flags(public=True), origin="https://a.example", cors_origins="https://a.example.evil", **USER),
    "cors-bad-list": encode(flags(public=True), origin="https://a.example", cors_origins="https://a.example, *", **USER),
    "cors-ipv6-port": encode(flags(public=True), type="yaml", origin="http://[::1]:8080",
                             cors_origins="http://[::1]:8080", **USER),
    "cors-list-at-limit": encode(flags(public=True), 0, L["FIELD_CORS_ORIGINS"], 1, origin="https://a.example",
                                 cors_origins="https://a.example ", **USER),
    "preflight": encode(flags(preflight=True), origin="https://a.example", cors_origins="https://a.example"),
    "preflight-any": encode(flags(preflight=True, public=True), type="yaml", if_none_match="*", **USER),
    # several jid parameters (type=json; other types answer the first)
    "batch-json": encode(flags(public=True, available=True), type="json", mode=MODE_BATCH,
                         req_jid="other@example.com", **USER, **ONLINE),
    "batch-forbidden": encode(flags(exists=False), type="json", mode=MODE_BATCH, req_jid="x\"</script>\xff@y",
                              **USER),
    "batch-text": encode(flags(public=True), type="text", mode=MODE_BATCH, req_jid="b@example.com", **USER),
    "batch-jid-over-limit": encode(flags(public=True), 0, L["FIELD_REQ_JID"], 2, type="json", mode=MODE_BATCH,
                                   req_jid="b@x", **USER),
    "batch-fail-0": encode(flags(public=True, available=True), type="json", fail_at=0, mode=MODE_BATCH,
                           req_jid="b@example.com", cors_origins="https://a.example", origin="https://a.example",
                           **USER, **ONLINE),
    "batch-fail-3": encode(flags(public=True, available=True), type="json", fail_at=3, mode=MODE_BATCH,
                           req_jid="b@example.com", **USER, **ONLINE),
    "batch-inm": encode(flags(public=True), type="json", mode=MODE_BATCH, if_none_match="*", req_jid="b@x", **USER),
}

# ---- large hostile stanzas (type=xml, public, online), each within the 64 KiB stanza limit -----
XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
ME = "jsmith@example.com/desk"


def many_attributes(count):
    attributes = " ".join(f"a{i}=''" for i in range(count))
    return f"<presence from='{ME}'><c xmlns='http://jabber.org/protocol/caps' {attributes}/></presence>"


def deep(levels):
    return f"<presence from='{ME}'>" + "<d>" * levels + "</d>" * levels + "</presence>"


def many_namespaces(count):
    declarations = " ".join(f"xmlns:p{i}='urn:x:{i}'" for i in range(count))
    return f"<presence from='{ME}' {declarations}><p7:x/><status>hi</status></presence>"


HOSTILE_STANZAS = {
    "6500-attributes": many_attributes(6500),
    "deep-nesting": deep(9000),
    "deep-nesting-256": deep(260),
    "xhtml-script": f"<presence from='{ME}'><html xmlns='{XHTML}'><body><script>alert(1)</script>"
                    "<img src='x' onerror='alert(2)'/></body></html><status>s</status></presence>",
    "xhtml-prefixed-script": f"<presence from='{ME}' xmlns:h='{XHTML}'><h:script>alert(1)</h:script></presence>",
    "xhtml-im-body": f"<presence from='{ME}'><html xmlns='http://jabber.org/protocol/xhtml-im'>"
                     f"<body xmlns='{XHTML}'><a href='javascript:alert(1)'>x</a></body></html></presence>",
    "svg-onload": f"<presence from='{ME}'><svg xmlns='{SVG}' onload='alert(1)'><script>alert(2)</script></svg></presence>",
    "onload-attribute": f"<presence from='{ME}' onload='alert(1)'><status OnClick='x'>s</status>"
                        "<c xmlns='http://jabber.org/protocol/caps' onmouseover='y' ver='v'/></presence>",
    "xlink-attribute": f"<presence from='{ME}' xmlns:xl='http://www.w3.org/1999/xlink'>"
                       "<c xmlns='http://jabber.org/protocol/caps' xl:href='javascript:alert(1)'/></presence>",
    "mathml": f"<presence from='{ME}'><math xmlns='http://www.w3.org/1998/Math/MathML'>"
              "<maction actiontype='statusline' xlink:href='javascript:alert(1)' "
              "xmlns:xlink='http://www.w3.org/1999/xlink'>x</maction></math></presence>",
    "xslt": f"<presence from='{ME}'><xsl:stylesheet version='1.0' "
            "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'><xsl:template match='/'/></xsl:stylesheet></presence>",
    "processing-instruction": "<?xml-stylesheet type='text/xsl' href='http://evil.example/x.xsl'?>"
                              f"<presence from='{ME}'><?php evil() ?><status>s</status></presence>",
    "comment": f"<!-- top --><presence from='{ME}'><!-- <script>alert(1)</script> --><status>s</status></presence>",
    "many-namespaces": many_namespaces(2000),
    "allowed-extensions": f"<presence from='{ME}'><show>away</show><status>s</status><priority>1</priority>"
                          "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>"
                          "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/>"
                          "<x xmlns='jabber:x:delay' stamp='20020910T23:08:25'/>"
                          "<idle xmlns='urn:xmpp:idle:1' since='1969-07-21T02:56:15Z'/>"
                          "<nick xmlns='http://jabber.org/protocol/nick'>Ji</nick>"
                          "<x xmlns='vcard-temp:x:update'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>"
                          "<unknown xmlns='urn:example:other'><script>x</script></unknown></presence>",
}
ONLINE_PUBLIC = flags(public=True, available=True, show="away")
for name, text in HOSTILE_STANZAS.items():
    assert len(text.encode("utf-8")) <= 65536, (name, len(text))
    SEEDS["stanza-" + name] = encode(ONLINE_PUBLIC, 1, type="xml", stanza_xml=text, status_text="s", **USER)
    # the same stanza as raw packed bytes, and with an early allocation failing
    SEEDS["raw-stanza-" + name] = raw(ONLINE_PUBLIC, pack(type="xml", stanza_xml=text, **USER), 1)
    SEEDS["fail-3-stanza-" + name] = encode(ONLINE_PUBLIC, 1, fail_at=3, type="xml", stanza_xml=text, **USER)

# ---- allocation failures: the first allocations of the answers that allocate -------------------
for index in (0, 1, 2, 5, 20, 100):
    SEEDS[f"fail-{index}-text"] = encode(flags(public=True, available=True), fail_at=index, type="text",
                                         status_text="In a meeting \x01 with é", **USER)
    SEEDS[f"fail-{index}-xml"] = encode(flags(public=True, available=True, show="dnd"), 5, fail_at=index,
                                        type="xml", **USER, **ONLINE)
    SEEDS[f"fail-{index}-xml-offline"] = encode(flags(public=True), fail_at=index, type="xml",
                                                last_status="Gone <home>", **USER)
    SEEDS[f"fail-{index}-xml-forbidden"] = encode(flags(exists=False, req_valid=True), fail_at=index, type="xml",
                                                  req_jid="a@b.example", requester_bare="a@b.example", **USER)
    SEEDS[f"fail-{index}-json"] = encode(flags(public=True, available=True), fail_at=index, type="json",
                                         status_text="In a <meeting> \x01 with é", **USER)
    SEEDS[f"fail-{index}-redirect"] = encode(flags(public=True), fail_at=index,
                                             images="http://img.example/é/--IMAGE--.png", **USER)

# ---- raw packings: well-formed ones as PresenceCore.pack makes them, and malformed ones --------
SEEDS["raw-empty-packing"] = raw(0, pack())
SEEDS["raw-text"] = raw(flags(public=True, available=True), pack(type="text", status_text="Lunch", **USER))
SEEDS["raw-every-field"] = raw(-1, pack(**{name: name for name in FIELD_INDEX}), -7)
SEEDS["raw-empty-fields"] = raw(flags(public=True), pack(**{name: "" for name in FIELD_INDEX}))
SEEDS["raw-no-bytes"] = raw(0, b"")
SEEDS["raw-header-cut"] = raw(0, pack()[:-1])
SEEDS["raw-length-minus-2"] = raw(0, lengths_only(-2))
SEEDS["raw-length-min"] = raw(0, lengths_only(-2 ** 31) + b"x")
SEEDS["raw-length-past-end"] = raw(0, lengths_only(5) + b"abc")
SEEDS["raw-lengths-wrap"] = raw(0, lengths_only(2 ** 31 - 1, 2 ** 31 - 1, 4) + b"text")
SEEDS["raw-trailing-byte"] = raw(0, lengths_only(3) + b"text")
SEEDS["raw-all-zero-lengths"] = raw(0, bytes(4 * L["FIELD_COUNT"]) + b"x")
SEEDS["raw-domain-3-show-7"] = raw(flags(public=True, available=True) | 3 << L["FLAG_DOMAIN_SHIFT"]
                                   | 7 << L["FLAG_SHOW_SHIFT"], pack(type="text", **USER))


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
