"""Shared fixtures for the end-to-end tests: a real plugin host with presence.jar loaded.

Hosts start through their stable command line (tests/host/presence-host) on a free loopback
port, each with its own copy of presence.jar (a snapshot of build/presence.jar taken once per
run, so reload tests can replace the jar without touching the build): `host` (shared, the e2e
directory, read-only tests), `public_host` (shared, plugin.presence.public = true), `own_host`
(per test, for tests that change settings or the jar); start_host() for other directory files.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import http.client
import urllib.parse

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# E2E_HOST / E2E_JAR run the suite against another host command or jar (default: the project's).
HOST_SCRIPT = os.environ.get("E2E_HOST") or os.path.join(ROOT, "tests", "host", "presence-host")
BUILT_JAR = os.environ.get("E2E_JAR") or os.path.join(ROOT, "build", "presence.jar")
# E2E_OPENFIRE_LINE: the Openfire line every host plays (tests/host --openfire-line; default 4.5).
OPENFIRE_LINE = os.environ.get("E2E_OPENFIRE_LINE")
DIRECTORY = os.path.join(os.path.dirname(__file__), "e2e-directory.json")
ARTIFACTS = os.path.join(os.path.dirname(__file__), "artifacts")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Answer:
    """One HTTP answer: status, headers (lower-case names, each a list of values), body bytes."""

    def __init__(self, status, header_pairs, body):
        self.status = status
        self.headers = {}
        for name, value in header_pairs:
            self.headers.setdefault(name.lower(), []).append(value)
        self.body = body

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def text(self):
        return self.body.decode("utf-8")

    def __repr__(self):
        return f"Answer({self.status}, {self.headers}, {self.body[:200]!r})"


class Host:
    """A running plugin host (see tests/host/presence-host)."""

    def __init__(self, port, home, jar, directory, process, log_path):
        self.port, self.home, self.jar, self.directory = port, home, jar, directory
        self.process, self.log_path = process, log_path
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method, path, body=None, headers=None, timeout=10):
        """Sends one request with http.client (path sent as given) and returns an Answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    def status(self, method="GET", **params):
        """Asks /plugins/presence/status with the given parameters (GET query or POST form)."""
        query = urllib.parse.urlencode(params)
        if method == "POST":
            return self.request("POST", "/plugins/presence/status", body=query,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        return self.request(method, "/plugins/presence/status" + ("?" + query if query else ""))

    def raw(self, data, timeout=10):
        """Sends raw bytes on a new connection and returns everything the server sent back."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            # The server may answer and close before it has read everything (e.g. 431 for a
            # huge header): keep whatever it sent instead of failing on our side's write.
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


_JAR_SNAPSHOT = []


def plugin_jar():
    """A copy of build/presence.jar taken once per test session, so that every host of the run
    (and every jar replacement) uses the same plugin even if the jar is rebuilt meanwhile."""
    if not _JAR_SNAPSHOT:
        if not os.path.exists(BUILT_JAR):
            pytest.fail(f"{BUILT_JAR} is missing: run `ant jar` first (scripts/test.sh does)")
        snapshot = os.path.join(tempfile.mkdtemp(prefix="presence-e2e-jar-"), "presence.jar")
        shutil.copy2(BUILT_JAR, snapshot)
        _JAR_SNAPSHOT.append(snapshot)
    return _JAR_SNAPSHOT[0]


def start_host(directory=DIRECTORY, extra_args=(), plugin=None):
    """Starts a host on the directory file with a copy of plugin (default: the run's presence.jar)."""
    if not os.path.exists(HOST_SCRIPT):
        pytest.fail(f"{HOST_SCRIPT} is missing: build the host with `ant -f tests/host/build.xml`")
    work = tempfile.mkdtemp(prefix="presence-e2e-")
    jar = os.path.join(work, "presence.jar")
    shutil.copy2(plugin or plugin_jar(), jar)
    home = os.path.join(work, "home")
    port = free_port()
    log_path = os.path.join(work, "host.log")
    with open(log_path, "wb") as log:  # the host keeps its own copy of the descriptor
        process = subprocess.Popen(
            [HOST_SCRIPT, "--port", str(port), "--directory", str(directory), "--home", home,
             "--plugin", jar, *(["--openfire-line", OPENFIRE_LINE] if OPENFIRE_LINE else []), *extra_args],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.time() + 60
    host = Host(port, home, jar, directory, process, log_path)
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail("plugin host exited during start:\n" + host.log())
        if "listening on" in host.log():
            return host
        time.sleep(0.1)
    process.kill()
    pytest.fail("plugin host did not start within 60 s:\n" + host.log())


def stop_host(host):
    host.process.send_signal(signal.SIGTERM)
    try:
        host.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        host.process.kill()
        host.process.wait()
        pytest.fail("plugin host did not stop within 20 s of SIGTERM")
    shutil.rmtree(os.path.dirname(host.jar), ignore_errors=True)


@pytest.fixture(scope="session")
def host():
    """The shared host for read-only tests (tests that change settings or the jar use their own)."""
    h = start_host()
    yield h
    stop_host(h)


@pytest.fixture
def own_host():
    """A private host for a test that changes settings or replaces the jar."""
    h = start_host()
    yield h
    stop_host(h)


def directory_variant(base_path, target_path, extra_users=(), **properties):
    """Writes a copy of a directory file with some properties changed and users added."""
    with open(base_path, encoding="utf-8") as f:
        variant = json.load(f)
    variant.setdefault("properties", {}).update(properties)
    variant["users"] = variant.get("users", []) + list(extra_users)
    with open(target_path, "w", encoding="utf-8") as f:
        json.dump(variant, f)
    return target_path


@pytest.fixture(scope="session")
def public_host(tmp_path_factory):
    """A shared host whose directory is the e2e one with plugin.presence.public = true."""
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp("public") / "public-directory.json",
                             **{"plugin.presence.public": "true"})
    h = start_host(str(path))
    yield h
    stop_host(h)


@pytest.fixture(scope="session")
def directory():
    with open(DIRECTORY, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def artifacts():
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS


SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter):
    """Lists the artifacts (browser screenshots) this run wrote, even under -q."""
    if not os.path.isdir(ARTIFACTS):
        return
    written = sorted(os.path.join(ARTIFACTS, name) for name in os.listdir(ARTIFACTS)
                     if os.path.getmtime(os.path.join(ARTIFACTS, name)) >= SESSION_START)
    if written:
        terminalreporter.write_line("e2e artifacts:")
        for path in written:
            terminalreporter.write_line(f"  {path}")


def pytest_sessionfinish():
    for snapshot in _JAR_SNAPSHOT:
        shutil.rmtree(os.path.dirname(snapshot), ignore_errors=True)
