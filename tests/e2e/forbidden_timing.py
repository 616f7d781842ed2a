#!/usr/bin/env python3
"""Measures how long each reason for a forbidden answer takes through the real plugin on the host.

  /usr/bin/python3 tests/e2e/forbidden_timing.py [N]     (default N=2000 requests per cause)

Starts a host on the visibility directory (plugin.presence.requester = signed), then sends
type=text requests for every cause, interleaved round by round (so the machine's load hits every
cause alike) on one keep-alive connection, and prints the median and the 90th percentile in
microseconds per cause, and the largest difference between causes. Every answer is checked to be
the forbidden one. Reports only; it asserts nothing about the figures.
"""
import http.client
import os
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conftest import start_host, stop_host  # noqa: E402
from test_signed import signed  # noqa: E402
from visibility_support import CONTACT, ROTATED_TOKEN, SECRET, token_of, visibility_directory  # noqa: E402


def causes():
    return {
        "unknown user": {"jid": "nobody@example.com"},
        "hidden": {"jid": "vhidden@example.com"},
        "not allowed (anonymous)": {"jid": "vcontacts@example.com"},
        "unsigned claim": {"jid": "vcontacts@example.com", "req_jid": CONTACT},
        "bad signature": dict(signed("vcontacts@example.com", CONTACT, secret=SECRET, lifetime=3600), sig="A" * 43),
        "expired signature": signed("vcontacts@example.com", CONTACT, secret=SECRET, lifetime=-5),
        "link only, no link": {"jid": "vlink@example.com"},
        "unknown token": {"id": ROTATED_TOKEN},
        "hidden user's link": {"id": token_of("vhidden")},
    }


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    import tempfile
    work = tempfile.mkdtemp(prefix="presence-timing-")
    host = start_host(str(visibility_directory(os.path.join(work, "directory.json"))))
    try:
        connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
        paths = {cause: "/plugins/presence/status?" + urllib.parse.urlencode(dict(params, type="text"))
                 for cause, params in causes().items()}
        times = {cause: [] for cause in paths}

        def ask(path):
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if body != b"Forbidden":
                raise SystemExit(f"not the forbidden answer for {path}: {body[:80]!r}")

        for _ in range(100):  # warm-up: JIT, caches
            for path in paths.values():
                ask(path)
        for _ in range(n):
            for cause, path in paths.items():
                start = time.perf_counter_ns()
                ask(path)
                times[cause].append((time.perf_counter_ns() - start) / 1000)
        connection.close()
    finally:
        stop_host(host)
    print(f"N={n} per cause, type=text, one keep-alive connection, interleaved; microseconds")
    print(f"{'cause':28} {'median':>8} {'p90':>8}")
    medians = {}
    for cause, values in times.items():
        values.sort()
        medians[cause] = statistics.median(values)
        print(f"{cause:28} {medians[cause]:8.0f} {values[int(len(values) * 0.9)]:8.0f}")
    print(f"largest difference of medians: {max(medians.values()) - min(medians.values()):.0f} us")


if __name__ == "__main__":
    main()
