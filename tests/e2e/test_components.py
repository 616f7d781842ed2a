"""Components (a jid on a sub-domain of the server): probed, shown whatever public says, bounded wait."""
import threading
import time

import pytest

from e2e_support import (LABELS, check_image, check_text, child, component_status, status_of_jid,
                         component_timeout_seconds, parse_presence)

SLACK_SECONDS = 1.5
CLIENTS = 12


@pytest.mark.parametrize("subdomain,text", [
    ("weather", "Cloudy, 12 °C"), ("gateway", LABELS["available"]), ("down", "Unavailable"),
    ("silent", "Forbidden"), ("slow", "Forbidden"), ("missing", "Forbidden")])
def test_component_text_without_requester(host, directory, subdomain, text):
    """Shown although plugin.presence.public is false and no req_jid is given; an unanswered
    probe waits at most plugin.presence.component.timeout (first request: nothing cached)."""
    assert directory["properties"]["plugin.presence.public"] == "false"
    limit = component_timeout_seconds(directory) + SLACK_SECONDS
    start = time.monotonic()
    check_text(host.status(jid=f"{subdomain}.example.com", type="text"), text)
    elapsed = time.monotonic() - start
    assert elapsed < limit, f"{subdomain}: answered after {elapsed:.2f} s, limit {limit:.2f} s"


def test_component_images_match_the_users_of_the_same_status(host, directory):
    for subdomain, user in (("weather", "dave"), ("gateway", "bob"), ("down", "olga"),
                            ("silent", "nobody")):
        status = component_status(directory, subdomain)
        component = host.status(jid=f"{subdomain}.example.com")
        reference = host.status(jid=f"{user}@example.com", req_jid=f"{user}@example.com")
        check_image(component)
        assert component.body == reference.body, f"{subdomain} should show {status}"


def test_component_xml(host):
    root = parse_presence(host.status(jid="weather.example.com", type="xml"))
    assert root.get("from") == "weather.example.com" and root.get("type") is None
    assert child(root, "show").text == "away" and child(root, "status").text == "Cloudy, 12 °C"
    root = parse_presence(host.status(jid="down.example.com", type="xml"))
    assert root.get("type") == "unavailable" and root.get("from") == "down.example.com"
    root = parse_presence(host.status(jid="silent.example.com", type="xml"))
    assert root.get("type") == "error" and root.get("from") == "silent.example.com"


def test_concurrent_waits_do_not_add_up_or_block_other_requests(host, directory):
    """Twelve clients (fewer than the 16 that may wait for probes at once; test_component_flood
    goes beyond) wait on a silent component no other test asks (so nothing is cached): all get
    forbidden after about the timeout, not twelve timeouts, and a user's request started
    meanwhile is answered before any of the waits ends."""
    results, finished, lock = [], [], threading.Lock()
    timeout = component_timeout_seconds(directory)

    def ask():
        answer = host.status(jid="hush.example.com", type="text")
        with lock:
            results.append(answer.text)
            finished.append(time.monotonic())
    threads = [threading.Thread(target=ask) for _ in range(CLIENTS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    check_text(host.status(jid="bob@example.com", req_jid="bob@example.com", type="text"), "Available")
    user_done = time.monotonic()
    for thread in threads:
        thread.join(timeout=30)
    assert results == ["Forbidden"] * CLIENTS, results
    first, last = min(finished) - start, max(finished) - start
    assert first >= timeout * 0.8, f"answered after {first:.2f} s: no probe wait happened"
    assert last < timeout + SLACK_SECONDS, f"the last wait ended after {last:.2f} s"
    assert user_done < min(finished), "a user's request waited behind the component probes"


@pytest.mark.parametrize("subdomain", ["weather", "gateway", "down", "silent"])
def test_a_node_on_a_component_answers_the_components_presence(host, directory, subdomain):
    """node@component asks the component itself: its presence is the service's."""
    component = host.status(jid=f"{subdomain}.example.com", type="text")
    for node in ("someone", "n42"):
        answer = host.status(jid=f"{node}@{subdomain}.example.com", type="text")
        assert answer.status == 200 and answer.body == component.body, f"{node}@{subdomain}: {answer}"
    image = host.status(jid=f"someone@{subdomain}.example.com")
    check_image(image)
    assert image.body == host.status(jid=f"{subdomain}.example.com").body
    assert component_status(directory, subdomain) == status_of_jid(directory, f"x@{subdomain}.example.com")
