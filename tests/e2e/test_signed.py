"""Signed requests (README "Signed requests"): plugin.presence.requester = signed or trusted.

alice is online ("Writing code"); bob is on her roster with subscription both, erin with none.
Every request is signed with README's snippets as written there: the shell one with bash and
openssl, the Python one in this process, the Node one when `node` is installed.
"""
import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import DIRECTORY, ROOT, ARTIFACTS, directory_variant, start_host, stop_host
from e2e_support import ADMIN_PAGE, AdminSession, check_image, check_text, forbidden_xml

SECRET = "e2e-secret-0123456789abcdefghijklmnopqrstuv"  # plugin.presence.secret of the hosts
OTHER_SECRET = "not-the-secret-ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"
USER = "alice@example.com"
CONTACT = "bob@example.com"
STRANGER = "erin@example.com"
SHOWN = "Writing code"
README = os.path.join(ROOT, "README.md")


def readme_snippet(name):
    """The code block after README's `<!-- signing-snippet: NAME -->` marker."""
    with open(README, encoding="utf-8") as f:
        found = re.search(r"<!-- signing-snippet: " + name + r" -->\n```\w*\n(.*?)```", f.read(), re.S)
    assert found, f"README has no signing snippet {name}"
    return found.group(1)


_python_namespace = {}
exec(readme_snippet("python"), _python_namespace)  # defines presence_signature
python_sign = _python_namespace["presence_signature"]


def shell_sign(secret, jid, req_jid):
    """(expires, sig) from README's shell snippet run by bash (it picks expires: now + 300)."""
    script = readme_snippet("shell") + 'printf "%s %s" "$EXPIRES" "$SIG"\n'
    out = subprocess.run(["bash", "-c", script], env={"PATH": os.environ["PATH"], "SECRET": secret,
                                                      "JID": jid, "REQ_JID": req_jid},
                         capture_output=True, text=True, check=True, timeout=30).stdout
    expires, sig = out.split()
    return expires, sig


def node_sign(secret, jid, req_jid, expires):
    script = readme_snippet("node") + "process.stdout.write(presenceSignature(...process.argv.slice(1)));\n"
    return subprocess.run(["node", "-e", script, secret, jid, req_jid, str(expires)],
                          capture_output=True, text=True, check=True, timeout=30).stdout


def signed(jid, req_jid, secret=SECRET, lifetime=300, sign_jid=None, sign_req_jid=None, sign_expires=None):
    """Parameters of a request signed in Python; sign_* sign other values than those sent."""
    expires = int(time.time()) + lifetime
    sig = python_sign(secret, sign_jid or jid, sign_req_jid or req_jid,
                      sign_expires if sign_expires is not None else expires)
    return {"jid": jid, "req_jid": req_jid, "expires": str(expires), "sig": sig}


# case -> (parameters, shown under signed, shown under trusted)
CASES = {
    "anonymous": (lambda: {"jid": USER}, False, False),
    "signed contact": (lambda: signed(USER, CONTACT), True, True),
    "signed stranger": (lambda: signed(USER, STRANGER), False, False),
    "unsigned claim": (lambda: {"jid": USER, "req_jid": CONTACT}, False, True),
    "expired": (lambda: signed(USER, CONTACT, lifetime=-5), False, True),
    "too far ahead": (lambda: signed(USER, CONTACT, lifetime=86400 + 120), False, True),
    "wrong secret": (lambda: signed(USER, CONTACT, secret=OTHER_SECRET), False, True),
    "self signed": (lambda: signed(USER, USER), True, True),
    "self unsigned": (lambda: {"jid": USER, "req_jid": USER}, False, True),
    "tampered req_jid": (lambda: signed(USER, CONTACT, sign_req_jid=STRANGER), False, True),
    "tampered jid": (lambda: signed(USER, CONTACT, sign_jid="carol@example.com"), False, True),
    "tampered expires": (lambda: dict(signed(USER, CONTACT), expires=str(int(time.time()) + 200)), False, True),
    "non-base64 sig": (lambda: dict(signed(USER, CONTACT), sig="not base64url!"), False, True),
}


def host_with(tmp_path_factory, requester):
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp(requester) / "directory.json",
                             **{"plugin.presence.requester": requester, "plugin.presence.secret": SECRET})
    return start_host(str(path))


@pytest.fixture(scope="module")
def signed_host(tmp_path_factory):
    h = host_with(tmp_path_factory, "signed")
    yield h
    stop_host(h)


@pytest.fixture(scope="module")
def trusted_host(tmp_path_factory):
    h = host_with(tmp_path_factory, "trusted")
    yield h
    stop_host(h)


def table(host, policy):
    """case -> 'shown' or 'forbidden' as measured, after checking each answer's bytes."""
    measured = {}
    forbidden_image = host.status(jid=USER).body
    for case, (params, shown_signed, shown_trusted) in CASES.items():
        expected = shown_signed if policy == "signed" else shown_trusted
        params = params()
        text = host.status(type="text", **params)
        check_text(text, SHOWN if expected else "Forbidden")
        image = host.status(**params)
        check_image(image)
        assert (image.body == forbidden_image) == (not expected), case
        measured[case] = "shown" if expected else "forbidden"
    return measured


@pytest.mark.parametrize("policy", ["signed", "trusted"])
def test_the_table(request, policy):
    host = request.getfixturevalue(policy + "_host")
    measured = table(host, policy)
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, f"signed-table-{policy}.txt"), "w", encoding="utf-8") as f:
        for case, result in measured.items():
            f.write(f"{policy}\t{case}\t{result}\n")
    print("\n" + "\n".join(f"{policy:8} {case:18} {result}" for case, result in measured.items()))


def test_an_unverified_req_jid_answers_exactly_as_none_under_signed(signed_host):
    """Every forbidden cause: image, text and XML bytes identical to the request without req_jid."""
    for type_value in ("image", "text", "xml"):
        reference = signed_host.status(type=type_value, jid=USER)
        for case, (params, shown, _) in CASES.items():
            if shown or case in ("anonymous", "signed stranger"):
                continue
            answer = signed_host.status(type=type_value, **params())
            assert answer.status == reference.status and answer.body == reference.body, (case, type_value)
            assert answer.headers.get("content-length") == reference.headers.get("content-length")
            assert answer.headers.get("content-type") == reference.headers.get("content-type")
    assert signed_host.status(type="xml", jid=USER, req_jid=CONTACT).text == forbidden_xml(USER, None)
    # a verified stranger is a requester: the forbidden stanza names it, as under trusted
    assert signed_host.status(type="xml", **signed(USER, STRANGER)).text == forbidden_xml(USER, STRANGER)
    stranger_image = signed_host.status(**signed(USER, STRANGER))
    assert stranger_image.body == signed_host.status(jid="nobody@example.com").body


def test_an_unknown_user_is_forbidden_even_when_signed(signed_host):
    for req_jid in ("nobody@example.com", CONTACT):
        check_text(signed_host.status(type="text", **signed("nobody@example.com", req_jid)), "Forbidden")


def test_the_shell_snippet_signs(signed_host):
    if shutil.which("openssl") is None:
        pytest.fail("openssl is missing (scripts/install-deps.sh installs it)")
    expires, sig = shell_sign(SECRET, USER, CONTACT)
    assert sig == python_sign(SECRET, USER, CONTACT, expires)
    check_text(signed_host.status(type="text", jid=USER, req_jid=CONTACT, expires=expires, sig=sig), SHOWN)
    expires, sig = shell_sign(OTHER_SECRET, USER, CONTACT)
    check_text(signed_host.status(type="text", jid=USER, req_jid=CONTACT, expires=expires, sig=sig), "Forbidden")


def test_the_python_snippet_signs(signed_host):
    check_text(signed_host.status(type="text", **signed(USER, CONTACT)), SHOWN)
    check_text(signed_host.status(type="text", method="POST", **signed(USER, CONTACT)), SHOWN)


def test_the_node_snippet_signs(signed_host):
    if shutil.which("node") is None:
        print("\nnode is not installed: README's Node.js snippet is not run (the nodejs package is not "
              "in scripts/install-deps.sh; install it to run this test)")
        pytest.skip("node is not installed: README's Node.js snippet is not run")
    expires = str(int(time.time()) + 300)
    sig = node_sign(SECRET, USER, CONTACT, expires)
    assert sig == python_sign(SECRET, USER, CONTACT, expires)
    check_text(signed_host.status(type="text", jid=USER, req_jid=CONTACT, expires=expires, sig=sig), SHOWN)
    sig = node_sign(SECRET, "zo\u00eb@example.com", "bj\u00f6rk@example.com", expires)
    assert sig == python_sign(SECRET, "zo\u00eb@example.com", "bj\u00f6rk@example.com", expires)


def test_parameters_are_signed_as_sent_and_then_normalised(signed_host):
    """The signature covers the parameters as sent; the core then compares normalised JIDs."""
    params = signed(USER, "Bob@Example.com")  # not normalised: signed as sent, valid as sent
    check_text(signed_host.status(type="text", **params), SHOWN)
    params = signed("Alice@Example.com", "bob@example.com")
    check_text(signed_host.status(type="text", **params), SHOWN)


def test_the_secret_is_never_logged(signed_host):
    signed_host.status(type="text", **signed(USER, CONTACT))
    signed_host.status(type="text", **signed(USER, CONTACT, secret=OTHER_SECRET))
    assert SECRET not in signed_host.log()


def logged_in_page(host):
    session = AdminSession(host)
    session.login()
    page = session.get(ADMIN_PAGE)
    assert page.status == 200, page
    return session, page


def shown_secret(page):
    found = re.search(r'<code id="signing-secret">([^<]*)</code>', page.text)
    assert found, "the admin page shows no secret"
    return found.group(1)


def rotation_form_token(page):
    found = re.search(r'<form[^>]*>\s*<input type="hidden" name="csrf" value="([^"]+)"/>\s*'
                      r'<input type="hidden" name="action" value="rotate"/>', page.text)
    assert found, "the admin page has no rotation form with a CSRF token"
    return found.group(1)


def test_rotation_needs_the_token_and_keeps_the_old_secret_for_the_grace_period(tmp_path_factory):
    host = host_with(tmp_path_factory, "signed")
    try:
        session, page = logged_in_page(host)
        assert shown_secret(page) == SECRET
        refused = session.post(ADMIN_PAGE, {"action": "rotate", "csrf": "wrong"})
        assert refused.status == 403
        assert shown_secret(session.get(ADMIN_PAGE)) == SECRET
        rotated = session.post(ADMIN_PAGE, {"action": "rotate", "csrf": rotation_form_token(page)})
        assert rotated.status == 200, rotated
        new_secret = shown_secret(rotated)
        assert new_secret != SECRET and re.fullmatch(r"[A-Za-z0-9_-]{43}", new_secret), new_secret
        assert 'id="previous-secret"' in rotated.text
        check_text(host.status(type="text", **signed(USER, CONTACT, secret=new_secret)), SHOWN)
        check_text(host.status(type="text", **signed(USER, CONTACT, secret=SECRET)), SHOWN)  # grace
        # a second rotation ends the first secret's grace at once
        session.post(ADMIN_PAGE, {"action": "rotate", "csrf": rotation_form_token(rotated)})
        check_text(host.status(type="text", **signed(USER, CONTACT, secret=SECRET)), "Forbidden")
        check_text(host.status(type="text", **signed(USER, CONTACT, secret=new_secret)), SHOWN)
        log = host.log()
        assert SECRET not in log and new_secret not in log
        assert "secret rotated" in log
    finally:
        stop_host(host)


def test_the_admin_page_switches_the_policy(tmp_path_factory):
    host = host_with(tmp_path_factory, "signed")
    try:
        session, page = logged_in_page(host)
        assert 'name="requester" id="requester-signed" value="signed" checked="checked"' in page.text
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        check_text(host.status(type="text", jid=USER, req_jid=CONTACT), "Forbidden")
        saved = session.post(ADMIN_PAGE, {"csrf": token, "public": "false", "unavailable": "Unavailable",
                                          "requester": "trusted"})
        assert saved.status == 200, saved
        check_text(host.status(type="text", jid=USER, req_jid=CONTACT), SHOWN)
        bad = session.post(ADMIN_PAGE, {"csrf": token, "public": "false", "unavailable": "x", "requester": "maybe"})
        assert bad.status == 400
        check_text(host.status(type="text", jid=USER, req_jid=CONTACT), SHOWN)
        no_token = session.post(ADMIN_PAGE, {"public": "false", "unavailable": "x", "requester": "signed"})
        assert no_token.status == 403
        check_text(host.status(type="text", jid=USER, req_jid=CONTACT), SHOWN)
    finally:
        stop_host(host)


TIMED = {
    "anonymous": lambda: {"jid": USER},
    "unsigned claim": lambda: {"jid": USER, "req_jid": CONTACT},
    "wrong secret": lambda: signed(USER, CONTACT, secret=OTHER_SECRET),
    "expired": lambda: signed(USER, CONTACT, lifetime=-5),
    "signed stranger": lambda: signed(USER, STRANGER),
    "unknown user, signed": lambda: signed("nobody@example.com", CONTACT),
}


def test_forbidden_causes_take_about_the_same_time(signed_host):
    """Median of N requests per cause, interleaved (the machine's load hits every cause alike)."""
    n = int(os.environ.get("SIGNED_TIMING_N", "200"))
    times = {cause: [] for cause in TIMED}
    prepared = {cause: make() for cause, make in TIMED.items()}
    for cause, params in prepared.items():  # warm-up
        signed_host.status(type="text", **params)
    for _ in range(n):
        for cause, params in prepared.items():
            start = time.perf_counter()
            answer = signed_host.status(type="text", **params)
            times[cause].append(time.perf_counter() - start)
            assert answer.body == b"Forbidden", cause
    medians = {cause: sorted(t)[len(t) // 2] * 1000 for cause, t in times.items()}
    report = "\n".join(f"{cause:22} median {ms:.3f} ms" for cause, ms in medians.items())
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, "signed-timing.txt"), "w", encoding="utf-8") as f:
        f.write(f"N={n} per cause, text answers, interleaved\n{report}\n")
    print(f"\nN={n} per cause\n{report}")
    assert max(medians.values()) - min(medians.values()) < 50, report
