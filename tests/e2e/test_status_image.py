"""type=image (the default): built-in PNGs, the images template, per-status URLs, redirect rules."""
import pytest

from e2e_support import (STATUSES, check_common_headers, check_error, check_image, content_type,
                         expected_status, jid_of, users)


def reference_user(directory, status):
    """A user of the e2e directory whose own request yields the status (forbidden: unknown)."""
    if status == "forbidden":
        return "nobody"
    for name in users(directory):
        if expected_status(directory, name, jid_of(directory, name)) == status:
            return name
    raise AssertionError(f"the e2e directory has no user with status {status}")


def ask(host, directory, username, **params):
    jid = jid_of(directory, username)
    return host.status(jid=jid, req_jid=jid, **params)


@pytest.fixture(scope="module")
def builtin_images(host, directory):
    """status name -> bytes of the built-in image, each checked to be a 16x16 PNG."""
    images = {}
    for status in STATUSES:
        answer = ask(host, directory, reference_user(directory, status))
        check_image(answer)
        images[status] = answer.body
    return images


def test_each_status_has_a_16x16_png(builtin_images):
    assert sorted(builtin_images) == sorted(STATUSES)


def test_the_seven_images_differ(builtin_images):
    assert len(set(builtin_images.values())) == 7, "some statuses share an image"


def test_every_user_gets_the_image_of_their_status(host, directory, builtin_images):
    for name in users(directory):
        answer = ask(host, directory, name)
        check_image(answer)
        want = expected_status(directory, name, jid_of(directory, name))
        assert answer.body == builtin_images[want], f"{name} should show {want}"


@pytest.mark.parametrize("type_value", [None, "", "image"])
def test_image_is_the_default_type(host, directory, builtin_images, type_value):
    params = {} if type_value is None else {"type": type_value}
    answer = ask(host, directory, "dave", **params)
    check_image(answer)
    assert answer.body == builtin_images["away"]


def test_images_template_redirects_with_every_token_replaced(host, directory):
    template = "http://img.example.org/set/--IMAGE--/--IMAGE--.png?s=--IMAGE--"
    for status in STATUSES:
        answer = ask(host, directory, reference_user(directory, status), images=template)
        assert answer.status == 302, answer
        check_common_headers(answer)
        assert answer.header("Location") == template.replace("--IMAGE--", status), answer
        assert answer.body == b"", "a redirect has an empty body"


def test_images_template_as_a_path(host, directory):
    answer = ask(host, directory, "frank", images="/icons/--IMAGE--.gif")
    assert answer.status == 302 and answer.header("Location") == "/icons/dnd.gif", answer


def test_per_status_url_wins_over_images(host, directory):
    answer = ask(host, directory, "dave", images="https://img.example.org/--IMAGE--.png",
                 away="https://other.example.net/custom-away.gif")
    assert answer.status == 302, answer
    assert answer.header("Location") == "https://other.example.net/custom-away.gif"


def test_per_status_url_of_another_status_is_not_used(host, directory, builtin_images):
    answer = ask(host, directory, "dave", images="https://img.example.org/--IMAGE--.png",
                 dnd="https://other.example.net/dnd.gif")
    assert answer.status == 302 and answer.header("Location") == "https://img.example.org/away.png"
    answer = ask(host, directory, "dave", dnd="https://other.example.net/dnd.gif")
    check_image(answer)
    assert answer.body == builtin_images["away"]


@pytest.mark.parametrize("status", STATUSES)
def test_per_status_url_for_each_status(host, directory, status):
    url = f"https://img.example.org/only-{status}.png"
    answer = ask(host, directory, reference_user(directory, status), **{status: url})
    assert answer.status == 302 and answer.header("Location") == url, answer
    check_common_headers(answer)


def test_forbidden_image_for_a_refused_requester(host, directory, builtin_images):
    answer = host.status(jid=jid_of(directory, "alice"), req_jid=jid_of(directory, "erin"))
    check_image(answer)
    assert answer.body == builtin_images["forbidden"]
    answer = host.status(jid=jid_of(directory, "alice"), req_jid=jid_of(directory, "erin"),
                         images="/i/--IMAGE--.png")
    assert answer.status == 302 and answer.header("Location") == "/i/forbidden.png"


def test_location_percent_encodes_spaces_and_non_ascii(host, directory):
    answer = ask(host, directory, "bob", images="http://img.example.org/my set/é/--IMAGE--.png")
    assert answer.status == 302, answer
    assert answer.header("Location") == "http://img.example.org/my%20set/%C3%A9/available.png"


@pytest.mark.parametrize("bad_url", [
    "javascript:alert(1)//--IMAGE--",
    "ftp://img.example.org/--IMAGE--.png",
    "//evil.example.net/--IMAGE--.png",
    "img/--IMAGE--.png",
    "http:///--IMAGE--.png",
    "http://img.example.org/\\--IMAGE--.png",
    "http://img.example.org/--IMAGE--.png\r\nSet-Cookie: x=1",
])
def test_bad_redirect_target_is_refused_whatever_the_status(host, directory, bad_url):
    """Validated before the status is decided: the same 400 for every status."""
    answers = [ask(host, directory, reference_user(directory, s), images=bad_url) for s in STATUSES]
    for answer in answers:
        check_error(answer, 400)
        assert answer.header("Location") is None and "set-cookie" not in answer.headers
    assert len({a.body for a in answers}) == 1, "the 400 differs between statuses"


def test_bad_per_status_url_is_refused_even_for_another_status(host, directory):
    answer = ask(host, directory, "bob", dnd="javascript:alert(1)")
    check_error(answer, 400)
    assert content_type(answer).startswith("text/plain")
