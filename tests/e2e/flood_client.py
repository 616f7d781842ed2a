"""Flood client of test_component_flood.py, run as its own process (so its threads do not hold
the test's interpreter lock while the test times requests):

    flood_client.py PORT CLIENTS SECONDS PAUSE COMPONENTS

CLIENTS threads each keep one request in flight, for n<K>@mute<K % COMPONENTS>.example.com with a
new K every time. A slow answer (a probe wait) is followed by the next request at once; a quick
one by PAUSE seconds of rest on average, so the flood holds threads as hard as it can but does not turn
into a CPU-bound request flood of the shared test machine (rate limits are a proxy's job). Prints one JSON line: the number of
answers, how many bodies were not "Forbidden" (or failed), and a few examples of those.
"""
import http.client
import itertools
import json
import random
import sys
import threading
import time
import urllib.parse

QUICK_SECONDS = 0.5  # an answer faster than this waited for no probe


def main():
    port, clients, seconds, pause, components = (int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]),
                                                 float(sys.argv[4]), int(sys.argv[5]))
    counter, lock, stop = itertools.count(), threading.Lock(), threading.Event()
    result = {"answers": 0, "wrong": 0, "examples": []}

    def flood():
        while not stop.is_set():
            n = next(counter)
            start = time.monotonic()
            query = urllib.parse.urlencode({"jid": f"n{n}@mute{n % components}.example.com", "type": "text"})
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", "/plugins/presence/status?" + query)
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200 and body == b"Forbidden"
                seen = f"{response.status} {body[:100]!r}"
            except OSError as error:
                ok, seen = False, repr(error)
            finally:
                connection.close()
            with lock:
                result["answers"] += 1
                if not ok:
                    result["wrong"] += 1
                    if len(result["examples"]) < 3:
                        result["examples"].append(seen)
            if time.monotonic() - start < QUICK_SECONDS:
                stop.wait(random.uniform(0, 2 * pause))  # jittered, so the clients do not fire in bursts

    threads = [threading.Thread(target=flood, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
