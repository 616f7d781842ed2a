"""Reload: replacing presence.jar while requests run; answers stay correct (or 503 in the window)."""
import os
import re
import shutil
import time

from conftest import plugin_jar
from e2e_support import check_common_headers, content_type, parse_presence, child
from load_threads import LoadThreads

# What the host logs when it unloads and loads the plugin (tests/host, Openfire's wording).
UNLOADED = re.compile(r"^presence-host: plugin presence unloaded$", re.MULTILINE)
LOADED = re.compile(r"^presence-host: plugin presence loaded\b", re.MULTILINE)
FORBIDDEN_LOG = ("already loaded in another classloader", "UnsatisfiedLinkError")


def cases(host):
    """(parameters, check) pairs; each check raises AssertionError on a wrong answer."""
    image = host.status(jid="dave@example.com", req_jid="dave@example.com")
    assert image.status == 200 and content_type(image) == "image/png", image
    away_png = image.body

    def text(expected):
        def check(answer):
            assert answer.status == 200 and answer.text == expected, answer
        return check

    def is_away_png(answer):
        assert answer.status == 200 and answer.body == away_png, answer

    def is_morgan(answer):
        assert child(parse_presence(answer), "status").text == "At my desk", answer

    return [
        ({"jid": "alice@example.com", "req_jid": "alice@example.com", "type": "text"}, text("Writing code")),
        ({"jid": "alice@example.com", "type": "text"}, text("Forbidden")),
        ({"jid": "olga@example.com", "req_jid": "olga@example.com", "type": "text"}, text("Unavailable")),
        ({"jid": "dave@example.com", "req_jid": "dave@example.com"}, is_away_png),
        ({"jid": "morgan@example.com", "req_jid": "morgan@example.com", "type": "xml"}, is_morgan),
    ]


class Load(LoadThreads):
    """A few threads asking the host in a loop; records every answer that is not correct."""

    def __init__(self, host, checks, threads=4):
        super().__init__(threads)
        self.host, self.checks = host, checks
        self.correct = self.unavailable = 0
        self.wrong = []

    def run(self, offset):
        i = offset
        while not self.stop.is_set():
            params, check = self.checks[i % len(self.checks)]
            i += 1
            try:
                answer = self.host.status(**params)
                if answer.status == 503:
                    assert content_type(answer).startswith("text/plain"), answer
                    assert b"Exception" not in answer.body and b"\tat " not in answer.body, answer
                    outcome = "unavailable"
                else:
                    check(answer)
                    check_common_headers(answer)
                    outcome = "correct"
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                outcome = f"{params}: {error!r}"[:600]
            with self.lock:
                if outcome == "correct":
                    self.correct += 1
                elif outcome == "unavailable":
                    self.unavailable += 1
                else:
                    self.wrong.append(outcome)



def replace_jar(host, generation):
    """Writes a fresh copy of the plugin jar next to the host's jar and renames it over it."""
    temporary = host.jar + ".tmp"
    shutil.copyfile(plugin_jar(), temporary)
    stamp = time.time() + generation
    os.utime(temporary, (stamp, stamp))
    os.replace(temporary, host.jar)


def wait_for_loads(host, count, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(LOADED.findall(host.log())) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"the host did not load the plugin {count} times:\n{host.log()[-3000:]}")


def test_replacing_the_jar_twice_under_load(own_host):
    checks = cases(own_host)
    wait_for_loads(own_host, 1)
    loads_before = len(LOADED.findall(own_host.log()))
    unloads_before = len(UNLOADED.findall(own_host.log()))
    with Load(own_host, checks) as load:
        time.sleep(0.5)
        for generation in (1, 2):
            replace_jar(own_host, generation)
            wait_for_loads(own_host, loads_before + generation)
            time.sleep(0.5)
    assert not load.wrong, f"{len(load.wrong)} wrong answers during reload, e.g. {load.wrong[:5]}"
    assert load.correct > 50, f"only {load.correct} correct answers: the load did not run"
    print(f"reload under load: {load.correct} correct, {load.unavailable} answered 503")
    log = own_host.log()
    assert len(UNLOADED.findall(log)) >= unloads_before + 2, f"no unload logged:\n{log[-3000:]}"
    for mark in FORBIDDEN_LOG:
        assert mark not in log, f"host log shows {mark!r}:\n{log[-3000:]}"
    for params, check in checks:  # after the window: every answer correct, no 503
        answer = own_host.status(**params)
        check(answer)
        check_common_headers(answer)


def test_removed_jar_unloads_the_plugin_and_its_public_exclude(own_host):
    """Unloaded, the plugin's exclude presence/status is gone: the URL needs the admin login."""
    checks = cases(own_host)
    wait_for_loads(own_host, 1)
    unloads_before = len(UNLOADED.findall(own_host.log()))
    os.remove(own_host.jar)
    deadline = time.time() + 20
    while len(UNLOADED.findall(own_host.log())) <= unloads_before and time.time() < deadline:
        time.sleep(0.1)
    assert len(UNLOADED.findall(own_host.log())) > unloads_before, own_host.log()[-3000:]
    answer = own_host.status(jid="alice@example.com", req_jid="alice@example.com", type="text")
    assert answer.status == 302 and "/login.jsp" in answer.header("Location"), answer
    loads = len(LOADED.findall(own_host.log()))
    replace_jar(own_host, 1)
    wait_for_loads(own_host, loads + 1)
    for params, check in checks:
        check(own_host.status(**params))
