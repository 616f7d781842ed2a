"""Directory variants with per-user visibility, shown and private links (README "Who may see
presence", "Private links"), shared by test_visibility.py and bench/forbidden_timing.py.

A user's link token lives in the user property presence.link (the host's directory field
`link`); the plugin finds it through the system property plugin.presence.link. +
base64url(SHA-256(token)) = username (README "Private links", storage). The variants write both,
as the plugin's UserWebPresence.link would have.
"""
import base64
import hashlib

from conftest import DIRECTORY, directory_variant

SECRET = "e2e-secret-0123456789abcdefghijklmnopqrstuv"
MESSAGE = "Busy coding"
CONTACT = "bob@example.com"      # on every v-user's roster with subscription both
STRANGER = "erin@example.com"    # on no v-user's roster
VISIBILITIES = ["public", "contacts", "link", "hidden", "default"]
ROTATED_TOKEN = "rotatedTokenOfVlink000"  # well-formed, and no longer anybody's (no index entry)


def token_of(username):
    """A fixed, well-formed 22-character token per user."""
    return base64.urlsafe_b64encode(hashlib.sha256(username.encode()).digest()[:16]).decode().rstrip("=")


def index_key(token):
    digest = hashlib.sha256(token.encode("ascii")).digest()
    return "plugin.presence.link." + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def v_user(name, visibility, shown=None):
    user = {"username": name,
            "sessions": [{"resource": "desk", "priority": 1, "show": "away", "status": MESSAGE,
                          "extra": "<c xmlns='http://jabber.org/protocol/caps' node='http://example.com/c' "
                                   "ver='abc' hash='sha-1'/>"}],
            "roster": [{"jid": CONTACT, "subscription": "both"}, {"jid": STRANGER, "subscription": "none"}],
            "link": token_of(name)}
    if visibility != "default":
        user["visibility"] = visibility
    if shown:
        user["shown"] = shown
    return user


V_USERS = [v_user("v" + v, v) for v in VISIBILITIES] + [
    v_user("vstatus", "public", "status"),
    v_user("vmessage", "public", "message"),
    v_user("vlinkstatus", "link", "status"),
    dict(v_user("voffline", "link"), sessions=[], lastStatus="Gone home"),
]


def visibility_directory(path, public="false", requester="signed", shown=None):
    properties = {"plugin.presence.public": public, "plugin.presence.requester": requester,
                  "plugin.presence.secret": SECRET}
    if shown is not None:
        properties["plugin.presence.shown"] = shown
    for user in V_USERS:
        properties[index_key(user["link"])] = user["username"]
    return directory_variant(DIRECTORY, path, extra_users=V_USERS, **properties)
