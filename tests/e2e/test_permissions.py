"""Who may see presence: plugin.presence.public false (the e2e directory) and true (a copy)."""
import pytest

from e2e_support import check_text, expected_text, jid_of, users

ALICE = "alice@example.com"


@pytest.mark.parametrize("req_jid,allowed", [
    (None, False),
    ("alice@example.com", True),                 # the user itself
    ("Alice@EXAMPLE.com/phone", True),           # normalised bare form of the user itself
    ("bob@example.com", True),                   # roster: both
    ("bob@example.com/phone", True),             # a full JID counts by its bare form
    ("carol@example.com", True),                 # roster: from
    ("dave@example.com", False),                 # roster: to
    ("erin@example.com", False),                 # roster: none
    ("frank@example.com", False),                # not on the roster
    ("alice@other.example.org", False),          # same node on another domain (differs)
    ("bob@other.example.org", False),            # a roster contact's node on another domain
    ("bob@@example.com", False),                 # invalid: counts as missing
    ("example.com", False),                      # the server itself
])
def test_not_public(host, directory, req_jid, allowed):
    params = {"jid": ALICE, "type": "text"}
    if req_jid is not None:
        params["req_jid"] = req_jid
    check_text(host.status(**params), "Writing code" if allowed else "Forbidden")


def test_roster_is_read_from_the_target_not_the_requester(host):
    """carol has alice with subscription 'to': carol sees alice, alice does not see carol."""
    check_text(host.status(jid=ALICE, req_jid="carol@example.com", type="text"), "Writing code")
    check_text(host.status(jid="carol@example.com", req_jid=ALICE, type="text"), "Forbidden")


def test_offline_user_follows_the_same_rules(host):
    check_text(host.status(jid="ghost@example.com", req_jid="bob@example.com", type="text"),
               "Gone home & <back> tomorrow")
    check_text(host.status(jid="ghost@example.com", req_jid="erin@example.com", type="text"),
               "Forbidden")


def test_model_of_every_pair(host, directory):
    """Every user asked by every user (and by nobody) answers as the contract's model says."""
    names = list(users(directory))
    for target in names:
        for requester in names + [None]:
            requester_jid = jid_of(directory, requester) if requester else None
            params = {"jid": jid_of(directory, target), "type": "text"}
            if requester_jid:
                params["req_jid"] = requester_jid
            check_text(host.status(**params),
                       expected_text(directory, target, requester_jid, public=False))


@pytest.mark.parametrize("req_jid", [None, "erin@example.com", "dave@example.com",
                                     "alice@other.example.org", "bob@@example.com"])
def test_public_anyone_may_see(public_host, req_jid):
    params = {"jid": ALICE, "type": "text"}
    if req_jid:
        params["req_jid"] = req_jid
    check_text(public_host.status(**params), "Writing code")


def test_public_still_forbids_what_does_not_exist(public_host):
    for jid in ("nobody@example.com", "alice@other.example.org", "example.com", "a@b@c", ""):
        check_text(public_host.status(jid=jid, type="text"), "Forbidden")


def test_public_model_of_every_user(public_host, directory):
    for target in users(directory):
        check_text(public_host.status(jid=jid_of(directory, target), type="text"),
                   expected_text(directory, target, None, public=True))


def test_req_jid_is_a_claim_anyone_can_make(host, directory):
    """What plugin.presence.public = false does not protect (README, SECURITY.md threat 2): an
    anonymous client that names the user itself as req_jid sees every user's presence, and so
    tells existing accounts from unknown ones. If this test fails, requests have become
    authenticated: update README and SECURITY.md."""
    assert directory["properties"]["plugin.presence.public"] == "false"
    for name in users(directory):
        jid = jid_of(directory, name)
        assert host.status(jid=jid, type="text").text == "Forbidden"
        check_text(host.status(jid=jid, req_jid=jid, type="text"), expected_text(directory, name, jid))
        assert expected_text(directory, name, jid) != "Forbidden"
    unknown = "nobody-at-all@example.com"
    assert host.status(jid=unknown, req_jid=unknown, type="text").text == "Forbidden"
