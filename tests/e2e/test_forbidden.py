"""forbidden: one identical answer for every cause, so nobody can enumerate accounts."""
import time

import pytest

from e2e_support import check_forbidden_xml, check_image, check_text, forbidden_xml

COMPARED_HEADERS = ("content-type", "content-length", "cache-control", "x-content-type-options",
                    "location")

# cause -> (parameters, from, to) where from/to are the normalised bare JIDs of the XML answer.
CAUSES = {
    "jid missing": ({}, None, None),
    "jid empty": ({"jid": ""}, None, None),
    "jid invalid (two @)": ({"jid": "a@b@example.com"}, None, None),
    "jid invalid (empty node)": ({"jid": "@example.com"}, None, None),
    "jid invalid (space)": ({"jid": "ali ce@example.com"}, None, None),
    "jid of another domain": ({"jid": "alice@other.example.org"}, "alice@other.example.org", None),
    "jid without node": ({"jid": "example.com"}, "example.com", None),
    "unknown user": ({"jid": "nobody@example.com"}, "nobody@example.com", None),
    "not public, no requester": ({"jid": "alice@example.com"}, "alice@example.com", None),
    "not public, requester not allowed": ({"jid": "alice@example.com", "req_jid": "erin@example.com"},
                                          "alice@example.com", "erin@example.com"),
    "not public, same node on another domain": (
        {"jid": "alice@example.com", "req_jid": "alice@other.example.org"},
        "alice@example.com", "alice@other.example.org"),
    "offline user, requester not allowed": ({"jid": "olga@example.com", "req_jid": "bob@example.com"},
                                            "olga@example.com", "bob@example.com"),
}


def header_set(answer):
    return {name: answer.headers.get(name) for name in COMPARED_HEADERS}


@pytest.mark.parametrize("type_value", ["image", "text"])
def test_every_cause_gives_byte_identical_answers(host, type_value):
    answers = {cause: host.status(type=type_value, **params)
               for cause, (params, _, _) in CAUSES.items()}
    reference = answers["unknown user"]
    if type_value == "image":
        check_image(reference)
    else:
        check_text(reference, "Forbidden")
    for cause, answer in answers.items():
        assert answer.status == reference.status, cause
        assert answer.body == reference.body, f"{cause}: body differs"
        assert header_set(answer) == header_set(reference), f"{cause}: headers differ"


@pytest.mark.parametrize("cause", sorted(CAUSES))
def test_every_cause_gives_the_forbidden_stanza(host, cause):
    params, from_jid, to_jid = CAUSES[cause]
    answer = host.status(type="xml", **params)
    check_forbidden_xml(answer, from_jid, to_jid)
    assert answer.text == forbidden_xml(from_jid, to_jid), cause


def test_forbidden_answers_do_not_depend_on_the_user_for_the_same_parameters(host):
    """Same requester and type: a known user refused and an unknown user look alike."""
    for type_value in ("image", "text"):
        known = host.status(type=type_value, jid="alice@example.com", req_jid="erin@example.com")
        unknown = host.status(type=type_value, jid="nobody@example.com", req_jid="erin@example.com")
        offline = host.status(type=type_value, jid="olga@example.com", req_jid="erin@example.com")
        assert known.body == unknown.body == offline.body
        assert header_set(known) == header_set(unknown) == header_set(offline)


def test_unknown_user_answers_as_fast_as_a_refused_one(host):
    """No timing gap big enough to tell an unknown user from a refused one (coarse bound)."""
    def median_time(jid):
        times = []
        for _ in range(15):
            start = time.perf_counter()
            host.status(type="text", jid=jid, req_jid="erin@example.com")
            times.append(time.perf_counter() - start)
        return sorted(times)[len(times) // 2]
    known, unknown = median_time("alice@example.com"), median_time("nobody@example.com")
    assert abs(known - unknown) < 0.05, f"known {known:.4f}s vs unknown {unknown:.4f}s"
