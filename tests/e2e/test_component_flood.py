"""A flood of requests for silent components must not starve the container's threads.

300 clients (a separate process) keep requests in flight for distinct nodes (n1@mute7.example.com, n2@mute8...) on 30
components that never answer, with the default probe timeout of 2 s. Every node asks its
component (one probe per component address), and at most 16 requests wait for probes at once
(the rest get the forbidden answer at once), so a user's request timed meanwhile stays fast.
Without those bounds every distinct node made its own probe and held a Jetty thread for 2 s
(300 clients: more than Jetty's 200 threads, so a user's request queues behind the probes).
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

import pytest

from conftest import DIRECTORY, start_host, stop_host

FLOODERS = 300
SILENT_COMPONENTS = 30
FLOOD_SECONDS = 6.0
PAUSE_SECONDS = 1.0  # rest after a quick answer (see flood_client.py): at most 300 quick requests/s
MEDIAN_LIMIT_SECONDS = 0.050
FLOOD_CLIENT = os.path.join(os.path.dirname(__file__), "flood_client.py")


@pytest.fixture(scope="module")
def flood_host(tmp_path_factory):
    with open(DIRECTORY, encoding="utf-8") as f:
        directory = json.load(f)
    directory["properties"]["plugin.presence.component.timeout"] = "2000"
    directory["components"] += [{"subdomain": f"mute{i}", "answers": False} for i in range(SILENT_COMPONENTS)]
    path = tmp_path_factory.mktemp("flood") / "flood-directory.json"
    path.write_text(json.dumps(directory), encoding="utf-8")
    host = start_host(str(path))
    yield host
    stop_host(host)


def ask(host, **params):
    return host.request("GET", "/plugins/presence/status?" + urllib.parse.urlencode(params), timeout=30)


def test_a_flood_for_distinct_nodes_of_silent_components_leaves_normal_requests_fast(flood_host):
    host = flood_host
    quiet = []
    for _ in range(20):
        start = time.monotonic()
        ask(host, jid="bob@example.com", req_jid="bob@example.com", type="text")
        quiet.append(time.monotonic() - start)
    flooder = subprocess.Popen(
        [sys.executable, FLOOD_CLIENT, str(host.port), str(FLOODERS), str(FLOOD_SECONDS + 1.5),
         str(PAUSE_SECONDS), str(SILENT_COMPONENTS)], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)  # every flooder has a request in flight
        timings = []
        end = time.monotonic() + FLOOD_SECONDS
        while time.monotonic() < end:
            start = time.monotonic()
            answer = ask(host, jid="bob@example.com", req_jid="bob@example.com", type="text")
            timings.append(time.monotonic() - start)
            assert answer.status == 200 and answer.text == "Available", answer
            time.sleep(0.05)
        output, _ = flooder.communicate(timeout=60)
    finally:
        if flooder.poll() is None:
            flooder.kill()
            flooder.wait()
    assert flooder.returncode == 0, f"the flood client failed: {flooder.returncode}"
    flood = json.loads(output.strip().splitlines()[-1])
    median = statistics.median(timings)
    print(f"component flood: {FLOODERS} clients, {flood['answers']} flood answers in about {FLOOD_SECONDS + 1.5} s; "
          f"normal request median {median * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
          f"over {len(timings)} requests (without the flood: median {statistics.median(quiet) * 1000:.1f} ms)")
    assert flood["answers"] >= FLOODERS, flood
    assert flood["wrong"] == 0, f"flood answers that were not the forbidden answer: {flood}"
    assert median < MEDIAN_LIMIT_SECONDS, \
        f"a normal request's median was {median * 1000:.0f} ms under the flood (limit {MEDIAN_LIMIT_SECONDS * 1000:.0f} ms)"
