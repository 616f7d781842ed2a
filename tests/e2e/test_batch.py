"""Several jid parameters with type=json over real HTTP: one JSON object keyed by each jid as
given (a repeated jid once, at its first place), each value exactly the single type=json answer
of that jid; forbidden entries are the one forbidden body; at most 100 jids (101: 400 with a
sentence); other types answer the first jid as before; ETag and 304 apply to the whole answer."""
import json
import urllib.parse

from e2e_support import APPLICATION_JSON, check_common_headers, content_type

STATUS = "/plugins/presence/status"
FORBIDDEN = {"status": "forbidden"}


def ask(host, jids, method="GET", headers=None, **params):
    query = urllib.parse.urlencode([("jid", jid) for jid in jids] + list(params.items()))
    if method == "POST":
        return host.request("POST", STATUS, body=query,
                            headers=dict(headers or {}, **{"Content-Type": "application/x-www-form-urlencoded"}))
    return host.request(method, STATUS + "?" + query, headers=headers)


def pairs(answer):
    """The object's (key, value) pairs in order; fails on anything but one strict JSON object."""
    assert answer.status == 200, answer
    assert content_type(answer) == APPLICATION_JSON, answer
    check_common_headers(answer)
    for raw in (b"<", b">", b"&"):
        assert raw not in answer.body, answer
    found = []

    def keep(items):
        found.append(items)
        return dict(items)

    json.loads(answer.body.decode("utf-8", errors="strict"), object_pairs_hook=keep)
    return found[-1]


def single(host, jid):
    answer = host.request("GET", STATUS + "?" + urllib.parse.urlencode({"jid": jid, "type": "json"}))
    assert answer.status == 200, answer
    return json.loads(answer.body)


def test_two_jids_are_their_single_answers(public_host):
    jids = ["alice@example.com", "dave@example.com"]
    got = pairs(ask(public_host, jids, type="json"))
    assert got == [(jid, single(public_host, jid)) for jid in jids], got
    assert got[0][1] == {"status": "available", "message": "Writing code"} and got[1][1] == {"status": "away"}


def test_keys_exactly_as_given_and_repeats_once(public_host):
    jids = ["Alice@Example.com", "olga@example.com", "Alice@Example.com", "carol@example.com/laptop",
            "olga@example.com", 'x"<y>@example.com']
    got = pairs(ask(public_host, jids, type="json"))
    assert [key for key, _ in got] == ["Alice@Example.com", "olga@example.com", "carol@example.com/laptop",
                                       'x"<y>@example.com'], got
    for key, value in got:
        assert value == single(public_host, key), (key, value)


def test_forbidden_entries_are_the_single_forbidden_body(host):
    """Not public: hidden users, unknown users, other servers and malformed JIDs look the same."""
    jids = ["alice@example.com", "nobody-here@example.com", "alice@elsewhere.example", "a@b@c", "",
            "ghost@example.com"]
    answer = ask(host, jids, type="json")
    assert answer.body == (b'{"alice@example.com":{"status":"forbidden"},"nobody-here@example.com":'
                           b'{"status":"forbidden"},"alice@elsewhere.example":{"status":"forbidden"},'
                           b'"a@b@c":{"status":"forbidden"},"":{"status":"forbidden"},'
                           b'"ghost@example.com":{"status":"forbidden"}}'), answer
    assert all(value == FORBIDDEN for _, value in pairs(answer))


def test_one_hundred_jids_and_not_one_more(public_host):
    jids = [f"user{i}@example.com" for i in range(99)] + ["alice@example.com"]
    got = pairs(ask(public_host, jids, type="json"))
    assert len(got) == 100 and got[-1] == ("alice@example.com", single(public_host, "alice@example.com"))
    assert all(value == FORBIDDEN for _, value in got[:-1])
    refused = ask(public_host, jids + ["bob@example.com"], type="json")
    assert refused.status == 400, refused
    assert refused.text == ("The parameter jid is given more than 100 times; "
                            "type=json answers at most 100 JIDs at once."), refused
    assert "etag" not in refused.headers, refused
    posted = ask(public_host, jids + ["bob@example.com"] * 50, method="POST", type="json")
    assert posted.status == 400, posted


def test_post_form_with_several_jids(public_host):
    jids = ["bob@example.com", "erin@example.com"]
    got = pairs(ask(public_host, jids, method="POST", type="json"))
    assert got == [(jid, single(public_host, jid)) for jid in jids], got


def test_other_types_answer_the_first_jid(public_host):
    answer = ask(public_host, ["alice@example.com", "dave@example.com"], type="text")
    assert answer.status == 200 and answer.text == "Writing code", answer
    many = ask(public_host, ["dave@example.com"] + ["alice@example.com"] * 150, type="text")
    assert many.status == 200 and many.text == "Away", many


def test_the_batch_has_an_etag_and_revalidates(public_host):
    jids = ["alice@example.com", "frank@example.com"]
    first = ask(public_host, jids, type="json")
    etag = first.header("ETag")
    assert etag and len(etag) == 34, first
    again = ask(public_host, jids, type="json", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.header("ETag") == etag, again
    reordered = ask(public_host, list(reversed(jids)), type="json", headers={"If-None-Match": etag})
    assert reordered.status == 200 and reordered.header("ETag") != etag, "another order, other bytes"
