"""Per-user visibility, what is shown, and private links (README "Who may see presence",
"Private links"), through the real plugin on the host, under plugin.presence.requester = signed.

Every v-user is online (away, "Busy coding", priority 1) with bob on the roster (both) and erin
(none); each has a private link. The table is visibility × viewer; every answer is checked
exactly (type=text, and type=json for every cell; type=xml where shape matters).
"""
import re
import pytest

from conftest import start_host, stop_host
from test_signed import signed
from visibility_support import (CONTACT, MESSAGE, ROTATED_TOKEN, SECRET, STRANGER, VISIBILITIES, index_key,
                                token_of, visibility_directory)
from e2e_support import forbidden_xml

VIEWERS = {
    "anonymous": lambda jid: {"jid": jid},
    "signed contact": lambda jid: signed(jid, CONTACT, secret=SECRET),
    "signed stranger": lambda jid: signed(jid, STRANGER, secret=SECRET),
    "unsigned claim": lambda jid: {"jid": jid, "req_jid": CONTACT},
    "expired signature": lambda jid: signed(jid, CONTACT, secret=SECRET, lifetime=-5),
    "self signed": lambda jid: signed(jid, jid, secret=SECRET),
    "self unsigned": lambda jid: {"jid": jid, "req_jid": jid},
    "by link": lambda jid: {"id": token_of(jid.split("@")[0])},
    "rotated link": lambda jid: {"id": ROTATED_TOKEN},
}
#              anon contact stranger claim expired self self-u link rotated
SHOWN = {
    "public":   [1, 1, 1, 1, 1, 1, 1, 1, 0],
    "contacts": [0, 1, 0, 0, 0, 1, 0, 1, 0],
    "link":     [0, 0, 0, 0, 0, 0, 0, 1, 0],
    "hidden":   [0, 0, 0, 0, 0, 0, 0, 0, 0],
    "default":  [0, 1, 0, 0, 0, 1, 0, 1, 0],   # plugin.presence.public = false: as contacts
}
DEFAULT_WHEN_PUBLIC = [1, 1, 1, 1, 1, 1, 1, 1, 0]
LINK_XML = f"<presence><show>away</show><status>{MESSAGE}</status><priority>1</priority></presence>"


@pytest.fixture(scope="module")
def vis_host(tmp_path_factory):
    h = start_host(str(visibility_directory(tmp_path_factory.mktemp("vis") / "directory.json")))
    yield h
    stop_host(h)


@pytest.fixture(scope="module")
def public_vis_host(tmp_path_factory):
    h = start_host(str(visibility_directory(tmp_path_factory.mktemp("vispub") / "directory.json", public="true")))
    yield h
    stop_host(h)


def check_cell(host, visibility, viewer, shown):
    jid = f"v{visibility}@example.com"
    params = VIEWERS[viewer](jid)
    text = host.status(type="text", **params)
    json_answer = host.status(type="json", **params)
    assert text.status == 200 and json_answer.status == 200
    if shown:
        assert text.body == MESSAGE.encode(), (visibility, viewer, text)
        assert json_answer.body == b'{"status":"away","message":"' + MESSAGE.encode() + b'"}', (visibility, viewer)
    else:
        assert text.body == b"Forbidden", (visibility, viewer, text)
        assert json_answer.body == b'{"status":"forbidden"}', (visibility, viewer)
    if viewer in ("by link", "rotated link"):
        xml = host.status(type="xml", **params)
        assert xml.text == (LINK_XML if shown else forbidden_xml()), (visibility, viewer, xml)
        for answer in (text, json_answer, xml):
            assert b"@" not in answer.body and b"example.com" not in answer.body


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_table(vis_host, visibility, viewer):
    check_cell(vis_host, visibility, viewer, SHOWN[visibility][list(VIEWERS).index(viewer)])


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_default_follows_plugin_presence_public(public_vis_host, viewer):
    check_cell(public_vis_host, "default", viewer, DEFAULT_WHEN_PUBLIC[list(VIEWERS).index(viewer)])
    # the users' own choices do not follow the server's setting
    check_cell(public_vis_host, "contacts", viewer, SHOWN["contacts"][list(VIEWERS).index(viewer)])


def test_status_only_hides_the_message_in_every_type(vis_host):
    jid = "vstatus@example.com"
    assert vis_host.status(type="text", jid=jid).body == b"Away"
    assert vis_host.status(type="json", jid=jid).body == b'{"status":"away"}'
    assert vis_host.status(type="xml", jid=jid).text == \
        f'<presence from="{jid}"><show>away</show><priority>1</priority></presence>'
    assert vis_host.status(jid=jid).body == vis_host.status(jid="vmessage@example.com").body  # the away image
    # by link too
    link = {"id": token_of("vlinkstatus")}
    assert vis_host.status(type="text", **link).body == b"Away"
    assert vis_host.status(type="json", **link).body == b'{"status":"away"}'
    assert vis_host.status(type="xml", **link).text == "<presence><show>away</show><priority>1</priority></presence>"


def test_message_shown_keeps_the_stanza(vis_host):
    xml = vis_host.status(type="xml", jid="vmessage@example.com").text
    assert xml.startswith('<presence from="vmessage@example.com/desk"') and f"<status>{MESSAGE}</status>" in xml
    assert "http://jabber.org/protocol/caps" in xml


def test_plugin_presence_shown_status_is_the_default(tmp_path_factory):
    h = start_host(str(visibility_directory(tmp_path_factory.mktemp("visshown") / "directory.json",
                                            public="true", shown="status")))
    try:
        assert h.status(type="text", jid="vdefault@example.com").body == b"Away"
        assert h.status(type="json", jid="vdefault@example.com").body == b'{"status":"away"}'
        assert h.status(type="text", jid="vmessage@example.com").body == MESSAGE.encode(), "the user's choice wins"
        assert h.status(type="text", jid="alice@example.com").body == b"Available", "alice chose nothing"
    finally:
        stop_host(h)


def test_links_answer_every_type_and_image_option(vis_host):
    link = {"id": token_of("vlink")}
    away_image = vis_host.status(jid="vpublic@example.com")
    image = vis_host.status(**link)
    assert image.status == 200 and image.header("content-type") == "image/png" and image.body == away_image.body
    redirect = vis_host.status(images="https://img.example/--IMAGE--.png", **link)
    assert redirect.status == 302 and redirect.header("location") == "https://img.example/away.png"
    per_status = vis_host.status(away="https://img.example/a.png", **link)
    assert per_status.status == 302 and per_status.header("location") == "https://img.example/a.png"
    offline = {"id": token_of("voffline")}
    assert vis_host.status(type="text", **offline).body == b"Gone home"
    assert vis_host.status(type="xml", **offline).text == \
        '<presence type="unavailable"><status>Gone home</status></presence>'
    assert vis_host.status(type="json", **offline).body == b'{"status":"offline","message":"Gone home"}'


def test_id_wins_over_jid(vis_host):
    both = vis_host.status(type="text", id=token_of("vlink"), jid="vhidden@example.com")
    assert both.body == MESSAGE.encode()
    xml = vis_host.status(type="xml", id=token_of("vlink"), jid="vhidden@example.com")
    assert xml.text == LINK_XML


def test_malformed_and_long_ids(vis_host):
    for bad in ("", "short", token_of("vlink") + "A", token_of("vlink")[:-1] + "+", "A" * 64):
        answer = vis_host.status(type="text", id=bad) if bad else vis_host.status(type="text", id=bad, jid="vlink@example.com")
        assert answer.status == 200 and answer.body == b"Forbidden", bad
    too_long = vis_host.status(type="text", id="A" * 65)
    assert too_long.status == 400 and too_long.body == b"The parameter id is longer than 64 bytes."


def test_the_index_holds_no_token(vis_host, directory):
    """The System Properties page shows the index's names and values: digests and usernames only."""
    assert index_key(token_of("vlink")) != token_of("vlink")
    assert token_of("vlink") not in index_key(token_of("vlink"))


def comparable(answer, jid=None):
    """Status, headers but Date, body; with jid: that jid written as JID in the body, and the
    Content-Length and ETag checked and then left out (the length counts the jid's bytes, the
    ETag is a hash of them: test_caching.py checks that it is the hash of the answer)."""
    body, skip = answer.body, {"date"}
    if jid is not None:
        assert answer.header("content-length") == str(len(body))
        assert re.fullmatch(r'"[0-9a-f]{32}"', answer.header("etag") or ""), answer.header("etag")
        body, skip = body.replace(jid.encode(), b"JID") if jid else body, {"date", "content-length", "etag"}
    headers = tuple(sorted((name, tuple(values)) for name, values in answer.headers.items() if name not in skip))
    return answer.status, headers, body


def test_every_forbidden_cause_answers_the_same_bytes(vis_host):
    """Per type: unknown user, hidden, not allowed, bad or expired signature, unsigned claim,
    link-only without the link: status, headers and body identical. The xml answer names the
    jid asked for (from), the one request-dependent byte string, so it is compared with that
    jid written as JID; by link (unknown token, hidden user's link) it names nobody at all."""
    bad_sig = dict(signed("vcontacts@example.com", CONTACT, secret=SECRET), sig="A" * 43)
    causes = {
        "unknown user": {"jid": "nobody@example.com"},
        "hidden": {"jid": "vhidden@example.com"},
        "not allowed": {"jid": "vcontacts@example.com"},
        "unsigned claim": {"jid": "vcontacts@example.com", "req_jid": CONTACT},
        "bad signature": bad_sig,
        "expired signature": signed("vcontacts@example.com", CONTACT, secret=SECRET, lifetime=-5),
        "link only": {"jid": "vlink@example.com"},
        "hidden, signed self": dict(signed("vhidden@example.com", "vhidden@example.com", secret=SECRET),
                                    sig="B" * 43),
    }
    link_causes = {"unknown token": {"id": ROTATED_TOKEN}, "hidden user's link": {"id": token_of("vhidden")}}
    for type_value in ("image", "text", "json", "xml"):
        seen = {}
        for cause, params in causes.items():
            answer = vis_host.status(type=type_value, **params)
            seen[cause] = comparable(answer, params["jid"] if type_value == "xml" else None)
        for cause, params in link_causes.items():
            seen[cause] = comparable(vis_host.status(type=type_value, **params), "" if type_value == "xml" else None)
        if type_value == "xml":
            link_bodies = {seen.pop(c) for c in link_causes}
            assert len(link_bodies) == 1, link_bodies
            assert next(iter(link_bodies))[2] == forbidden_xml().encode()
            assert seen["hidden"][2] == forbidden_xml("JID").encode()
        distinct = set(seen.values())
        assert len(distinct) == 1, (type_value, {c: v[2][:80] for c, v in seen.items()})
