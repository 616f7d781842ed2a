"""Shared helpers of the end-to-end tests (not fixtures; those live in conftest.py).

- the contract's model: which status name a request must get, which label or text it must show;
- answer checks every answer must pass (headers of every answer, PNG shape, XML parsing);
- an admin session (form login, cookies, the admin page's form) over plain http.client.
"""
import html.parser
import http.cookies
import os
import re
import struct
import urllib.parse
import xml.etree.ElementTree as ElementTree

STATUSES = ("available", "chat", "away", "xa", "dnd", "offline", "forbidden")
LABELS = {"available": "Available", "chat": "Free to chat", "away": "Away",
          "xa": "Extended away", "dnd": "Do not disturb"}
DEFAULT_UNAVAILABLE = "Unavailable"
STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADMIN_PAGE = "/plugins/presence/presence-service.jsp"
TEXT_PLAIN = "text/plain; charset=utf-8"
TEXT_XML = "text/xml; charset=utf-8"
APPLICATION_JSON = "application/json; charset=utf-8"
PRESENCE_H = os.path.join(os.path.dirname(__file__), "..", "..", "native", "core", "presence.h")


def content_security_policy():
    """PRESENCE_CONTENT_SECURITY_POLICY as native/core/presence.h defines it (its one place)."""
    with open(PRESENCE_H, encoding="utf-8") as f:
        found = re.search(r'#define\s+PRESENCE_CONTENT_SECURITY_POLICY\s+"((?:[^"\\]|\\.)*)"', f.read())
    assert found, f"PRESENCE_CONTENT_SECURITY_POLICY is not defined in {PRESENCE_H}"
    return found.group(1).replace('\\"', '"').replace("\\\\", "\\")


# The headers every answer of the status URL carries, the core's and the servlet's own alike.
SECURITY_HEADERS = ("cache-control", "x-content-type-options", "content-security-policy",
                    "access-control-allow-origin", "access-control-allow-credentials")


def access_control_allow_origin():
    """PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN as native/core/presence.h defines it (its one place)."""
    with open(PRESENCE_H, encoding="utf-8") as f:
        found = re.search(r'#define\s+PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN\s+"([^"\\]*)"', f.read())
    assert found, f"PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN is not defined in {PRESENCE_H}"
    return found.group(1)


# ---- the model of the contract over the e2e directory ------------------------------------

def users(directory):
    """username -> user entry of the directory."""
    return {u["username"]: u for u in directory["users"]}


def top_session(user):
    """The highest-priority session of a user (sessions are all available), or None."""
    sessions = user.get("sessions") or []
    return max(sessions, key=lambda s: s.get("priority", 0)) if sessions else None


def presence_status(user):
    """The status name of an existing user, ignoring permissions."""
    session = top_session(user)
    if session is None:
        return "offline"
    return session.get("show") or "available"


def may_see(directory, username, requester_bare, public):
    """Whether the bare requester (or None) may see the user's presence."""
    if public:
        return True
    own = f"{username}@{directory['domain']}"
    if requester_bare == own:
        return True
    roster = users(directory)[username].get("roster") or []
    return any(item["jid"] == requester_bare and item["subscription"] in ("from", "both")
               for item in roster)


def expected_status(directory, username, requester_bare=None, public=False):
    """The status name for a well-formed request about a local user (maybe unknown)."""
    user = users(directory).get(username)
    if user is None or not may_see(directory, username, requester_bare, public):
        return "forbidden"
    return presence_status(user)


def expected_text(directory, username, requester_bare=None, public=False,
                  unavailable=DEFAULT_UNAVAILABLE):
    """The type=text body for a request about a local user."""
    status = expected_status(directory, username, requester_bare, public)
    if status == "forbidden":
        return "Forbidden"
    user = users(directory)[username]
    if status == "offline":
        return user.get("lastStatus") or unavailable
    text = top_session(user).get("status")
    if not text:
        return LABELS[status]
    return "".join(" " if ord(c) < 0x20 or ord(c) == 0x7f else c for c in text)


def component_timeout_seconds(directory):
    return int(directory["properties"].get("plugin.presence.component.timeout", "2000")) / 1000


def component_status(directory, subdomain):
    """The status name of a component (shown whatever plugin.presence.public says)."""
    found = [c for c in directory.get("components", []) if c["subdomain"] == subdomain]
    if not found:
        return "forbidden"
    component = found[0]
    delay = component.get("delayMillis", 50) / 1000
    if component.get("answers", True) is False or delay >= component_timeout_seconds(directory):
        return "forbidden"
    if component.get("available", True) is False:
        return "offline"
    return component.get("show") or "available"


def status_of_jid(directory, jid, requester_bare=None, public=False):
    """The status name for a bare jid asked by requester_bare (a user, component or neither)."""
    node, at, domain = jid.lower().partition("@")
    if not at:
        node, domain = None, node
    if domain == directory["domain"]:
        return expected_status(directory, node, requester_bare, public) if node else "forbidden"
    if domain.endswith("." + directory["domain"]):  # a node on a component asks the component
        return component_status(directory, domain[:-len(directory["domain"]) - 1])
    return "forbidden"


def jid_of(directory, username):
    return f"{username}@{directory['domain']}"


# ---- checks every answer must pass ------------------------------------------------------

def check_security_headers(answer):
    """Cache-Control: no-cache, nosniff, presence.h's Content-Security-Policy and
    Access-Control-Allow-Origin, each once; never Access-Control-Allow-Credentials."""
    assert answer.headers.get("cache-control") == ["no-cache"], answer
    assert answer.headers.get("x-content-type-options") == ["nosniff"], answer
    assert answer.headers.get("content-security-policy") == [content_security_policy()], answer
    assert answer.headers.get("access-control-allow-origin") == [access_control_allow_origin()] == ["*"], answer
    assert "access-control-allow-credentials" not in answer.headers, answer


def check_common_headers(answer, head=False):
    """The security headers, one Content-Length equal to the body's length."""
    check_security_headers(answer)
    lengths = answer.headers.get("content-length", [])
    assert len(lengths) == 1, f"expected one Content-Length: {answer}"
    if not head:
        assert int(lengths[0]) == len(answer.body), answer
    assert "transfer-encoding" not in answer.headers, answer


def content_type(answer):
    """The Content-Type in lower case without spaces after ';' (charset names are case-free)."""
    value = answer.header("Content-Type") or ""
    return "; ".join(part.strip() for part in value.lower().split(";"))


def check_png_16(body):
    """The body is a PNG whose IHDR says 16x16."""
    assert body[:8] == PNG_SIGNATURE, f"not a PNG: {body[:16]!r}"
    length, chunk = struct.unpack(">I4s", body[8:16])
    assert chunk == b"IHDR" and length == 13, f"first chunk is not IHDR: {body[8:16]!r}"
    width, height = struct.unpack(">II", body[16:24])
    assert (width, height) == (16, 16), f"image is {width}x{height}, not 16x16"
    assert body[-8:-4] == b"IEND", "PNG does not end with IEND"


def check_image(answer):
    assert answer.status == 200, answer
    assert content_type(answer) == "image/png", answer
    check_common_headers(answer)
    check_png_16(answer.body)


def check_text(answer, expected):
    assert answer.status == 200, answer
    assert content_type(answer) == TEXT_PLAIN, answer
    check_common_headers(answer)
    assert answer.text == expected, f"text {answer.text!r} != {expected!r}"


def check_error(answer, status, *words):
    """An error answer: status, text/plain, one line naming each of words, no stack trace."""
    assert answer.status == status, answer
    assert content_type(answer) == TEXT_PLAIN, answer
    check_common_headers(answer)
    text = answer.text
    assert text.strip() and "\n" not in text.strip(), f"not one line: {text!r}"
    for word in words:
        assert word in text, f"{word!r} not named in {text!r}"
    for trace_mark in ("Exception", "\tat ", ".java:", "java.lang"):
        assert trace_mark not in text, f"stack trace in {text!r}"


def local(tag):
    """An element's tag without the jabber:client namespace (Openfire may add it or not)."""
    prefix = "{jabber:client}"
    return tag[len(prefix):] if tag.startswith(prefix) else tag


def parse_presence(answer):
    """Checks an XML answer's envelope and returns its root element."""
    assert answer.status == 200, answer
    assert content_type(answer) == TEXT_XML, answer
    check_common_headers(answer)
    assert not answer.body.lstrip().startswith(b"<?xml"), f"XML declaration: {answer.body!r}"
    root = ElementTree.fromstring(answer.body)
    assert local(root.tag) == "presence", answer.body
    return root


def child(root, name):
    found = [c for c in root if local(c.tag) == name]
    assert len(found) <= 1, f"more than one <{name}/>"
    return found[0] if found else None


def forbidden_xml(jid=None, req_jid=None):
    """The contract's exact forbidden stanza."""
    attributes = ' type="error"'
    if jid:
        attributes += f' from="{jid}"'
    if req_jid:
        attributes += f' to="{req_jid}"'
    return (f"<presence{attributes}><error code=\"403\" type=\"auth\">"
            f"<forbidden xmlns=\"{STANZAS_NS}\"/></error></presence>")


def check_forbidden_xml(answer, jid=None, req_jid=None):
    """A forbidden XML answer: error stanza with from/to only for valid JIDs."""
    root = parse_presence(answer)
    assert root.get("type") == "error", answer.body
    assert root.get("from") == jid, f"from={root.get('from')!r}, expected {jid!r}"
    assert root.get("to") == req_jid, f"to={root.get('to')!r}, expected {req_jid!r}"
    error = child(root, "error")
    assert error is not None and error.get("code") == "403" and error.get("type") == "auth"
    assert [c.tag for c in error] == [f"{{{STANZAS_NS}}}forbidden"], answer.body


# ---- admin session ------------------------------------------------------------------------

class FormParser(html.parser.HTMLParser):
    """Collects the forms of a page ({'action', 'method', 'fields': [(tag, attrs)]}) and meta tags."""

    def __init__(self):
        super().__init__()
        self.forms, self.meta = [], []

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": attributes.get("action", ""),
                               "method": attributes.get("method", "get").lower(), "fields": []})
        elif tag == "meta":
            self.meta.append(attributes)
        elif tag in ("input", "button") and self.forms:
            self.forms[-1]["fields"].append((tag, attributes))


def parse_forms(page_html):
    parser = FormParser()
    parser.feed(page_html)
    return parser


def hidden_value(form, name):
    for tag, field in form["fields"]:
        if tag == "input" and field.get("type", "").lower() == "hidden" and field.get("name") == name:
            return field.get("value", "")
    return None


class AdminSession:
    """A browser-like client of one host: keeps cookies, logs in through /login.jsp."""

    def __init__(self, host):
        self.host, self.cookies = host, {}

    def request(self, method, path, form=None):
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = self.host.request(method, path, body=body, headers=headers)
        for value in answer.headers.get("set-cookie", []):
            jar = http.cookies.SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return answer

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def login(self, username="admin", password="secret"):
        """Logs in through the host's form; returns the login POST's answer."""
        page = self.get("/login.jsp")
        assert page.status == 200, page
        forms = [f for f in parse_forms(page.text).forms
                 if any(a.get("name") == "password" for _, a in f["fields"])]
        assert forms, f"no login form on /login.jsp: {page.text[:500]}"
        form = forms[0]
        values = {a["name"]: a.get("value", "") for t, a in form["fields"]
                  if a.get("name") and ((t == "input" and a.get("type", "text").lower()
                                         in ("hidden", "submit")) or t == "button")}
        values.update(username=username, password=password)
        action = urllib.parse.urljoin("/login.jsp", form["action"] or "/login.jsp")
        answer = self.post(action, values)
        assert answer.status in (200, 302, 303), answer
        return answer


def admin_form(page_html):
    """The settings form of the admin page (the one carrying the csrf hidden field and no hidden
    action: the secret's rotation form, action=rotate, and a user's forms, action=user-save and
    user-rotate, carry one too)."""
    parsed = parse_forms(page_html)
    forms = [f for f in parsed.forms if hidden_value(f, "csrf") is not None and hidden_value(f, "action") is None]
    assert len(forms) == 1, f"expected one form with a csrf field, found {len(forms)}"
    return forms[0], parsed


def settings_values(form, public=None, unavailable=None, csrf=None):
    """The values a browser would submit from the admin form, with the given changes.

    The form has radio buttons for plugin.presence.public (a name containing "public", values
    "true"/"false") and a text field whose name contains "unavailable". public: True/False picks
    a radio; unavailable: the new text; csrf: None keeps the page's token, "" drops it, any other
    string replaces it.
    """
    values, radios = {}, {}
    public_field = unavailable_field = None
    for tag, field in form["fields"]:
        name, kind = field.get("name"), field.get("type", "text").lower()
        if tag != "input" or not name:
            continue
        if kind == "radio":
            radios.setdefault(name, []).append(field.get("value", ""))
            if "checked" in field:
                values[name] = field.get("value", "")
            if "public" in name.lower():
                public_field = name
        elif kind == "submit":
            values.setdefault(name, field.get("value", ""))
        else:
            values[name] = field.get("value", "")
            if "unavailable" in name.lower() and kind == "text":
                unavailable_field = name
    assert public_field and sorted(radios[public_field]) == ["false", "true"], \
        f"no true/false radio buttons for plugin.presence.public in {form['fields']}"
    assert unavailable_field, f"no text field for the unavailable text in {form['fields']}"
    if public is not None:
        values[public_field] = "true" if public else "false"
    if unavailable is not None:
        values[unavailable_field] = unavailable
    if csrf == "":
        values.pop("csrf", None)
    elif csrf is not None:
        values["csrf"] = csrf
    return values


def form_action(form):
    return urllib.parse.urljoin(ADMIN_PAGE, form["action"] or ADMIN_PAGE)
