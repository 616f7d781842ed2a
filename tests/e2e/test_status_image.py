"""type=image (the default): built-in PNGs, the images template, per-status URLs, redirect rules."""
import os
import struct
import zlib
from xml.etree import ElementTree

import pytest

from e2e_support import (ADMIN_PAGE, STATUSES, AdminSession, admin_form, check_common_headers, check_error,
                         check_image, content_type, expected_status, form_action, jid_of, settings_values, users)


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


# ---- icon themes, sizes and formats ---------------------------------------------------------

THEMES = ("classic", "dot", "contrast")
SIZES = ("16", "32", "48")
SHIPPED_IMAGES = os.path.join(os.path.dirname(__file__), "..", "..", "images")


def check_png(body, size):
    """A complete PNG of size x size pixels: signature, IHDR, every chunk's CRC, IEND last, and
    image data that inflates (zlib checks the Adler-32) to exactly one filtered row per line,
    each of a known filter type."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n", f"not a PNG: {body[:16]!r}"
    at, chunks, idat = 8, [], b""
    while at < len(body):
        length, kind = struct.unpack(">I4s", body[at:at + 8])
        data = body[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", body[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + data), f"bad CRC in {kind!r}"
        chunks.append(kind)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
        elif kind == b"IDAT":
            idat += data
        at += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND", chunks
    assert (width, height) == (size, size), f"PNG is {width}x{height}, not {size}x{size}"
    assert depth == 8 and colour in (3, 6), (depth, colour)
    raw = zlib.decompress(idat)
    row = 1 + width * (4 if colour == 6 else 1)
    assert len(raw) == height * row, "image data of the wrong length"
    assert all(raw[y * row] <= 4 for y in range(height)), "a row of an unknown filter type"


def check_svg(body, size):
    """A well-formed SVG of shapes only, size x size, with nothing that runs or loads."""
    text = body.decode("utf-8")
    for never in ("<script", "<!", "&", "href", "url(", "javascript:", "style", "<foreignObject"):
        assert never not in text, f"SVG holds {never!r}"
    root = ElementTree.fromstring(body)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (str(size), str(size), "0 0 16 16")
    shapes = {"circle", "rect", "polygon", "polyline"}
    for element in root.iter():
        if element is not root:
            assert element.tag.split("}")[1] in shapes, element.tag
        assert not any(name.lower().startswith("on") or ":" in name or "}" in name for name in element.attrib), \
            element.attrib


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("image_format", ["png", "svg"])
def test_every_theme_size_and_format(host, directory, theme, size, image_format):
    bodies = set()
    for status in STATUSES:
        answer = ask(host, directory, reference_user(directory, status), theme=theme, size=size, format=image_format)
        assert answer.status == 200, answer
        check_common_headers(answer)
        assert answer.header("Content-Type") == ("image/png" if image_format == "png" else "image/svg+xml"), answer
        assert answer.header("Content-Length") == str(len(answer.body))
        (check_png if image_format == "png" else check_svg)(answer.body, int(size))
        bodies.add(answer.body)
    assert len(bodies) == 7, f"{theme} {size} {image_format}: some statuses share an icon"


def test_the_default_is_the_original_16_pixel_png(host, directory, builtin_images):
    for status in STATUSES:
        with open(os.path.join(SHIPPED_IMAGES, f"{status}.png"), "rb") as f:
            shipped = f.read()
        assert builtin_images[status] == shipped, f"the default {status} icon is not images/{status}.png"
        named = ask(host, directory, reference_user(directory, status), theme="classic", size="16", format="png")
        assert named.body == shipped, f"theme=classic&size=16&format=png is not images/{status}.png"


def test_the_choices_come_from_a_form_body_too(host, directory):
    jid = jid_of(directory, "dave")
    posted = host.status(method="POST", jid=jid, req_jid=jid, theme="contrast", size="32", format="svg")
    got = ask(host, directory, "dave", theme="contrast", size="32", format="svg")
    assert posted.status == 200 and posted.header("Content-Type") == "image/svg+xml", posted
    assert posted.body == got.body
    bad = host.status(method="POST", jid=jid, req_jid=jid, size="12")
    check_error(bad, 400)
    assert bad.text == "The parameter size must be 16, 32 or 48."


def test_themes_differ(host, directory):
    icons = {theme: ask(host, directory, "bob", theme=theme, size="32").body for theme in THEMES}
    assert len(set(icons.values())) == len(THEMES), "two themes draw the same icon"


@pytest.mark.parametrize("params,sentence", [
    ({"theme": "Classic"}, "The parameter theme must be classic, dot or contrast."),
    ({"theme": "<svg onload=alert(1)>"}, "The parameter theme must be classic, dot or contrast."),
    ({"theme": ""}, None),
    ({"size": "24"}, "The parameter size must be 16, 32 or 48."),
    ({"size": "016"}, "The parameter size must be 16, 32 or 48."),
    ({"size": "99999999999999999999"}, "The parameter size must be 16, 32 or 48."),
    ({"format": "gif"}, "The parameter format must be png or svg."),
    ({"format": "svg", "size": "64"}, "The parameter size must be 16, 32 or 48."),
    ({"theme": "x" * 33}, "The parameter theme is longer than 32 bytes."),
    ({"format": "png" * 11}, "The parameter format is longer than 32 bytes."),
    ({"theme": "nope", "images": "/i/--IMAGE--.png"}, "The parameter theme must be classic, dot or contrast."),
])
def test_unknown_choices_are_400_whatever_the_status(host, directory, params, sentence):
    answers = [ask(host, directory, reference_user(directory, s), **params) for s in STATUSES]
    if sentence is None:  # empty counts as absent
        for answer in answers:
            check_image(answer)
        return
    for answer in answers:
        check_error(answer, 400)
        assert answer.text == sentence, answer
    assert len({a.body for a in answers}) == 1, "the 400 differs between statuses"


def test_redirects_still_win_over_the_themes(host, directory):
    answer = ask(host, directory, "dave", theme="contrast", size="48", format="svg", images="/i/--IMAGE--.svg")
    assert answer.status == 302 and answer.header("Location") == "/i/away.svg", answer
    answer = ask(host, directory, "dave", theme="dot", away="https://img.example.org/a.png")
    assert answer.status == 302 and answer.header("Location") == "https://img.example.org/a.png", answer


def test_other_types_ignore_the_icon_parameters(host, directory):
    answer = ask(host, directory, "dave", type="text", theme="nope", size="7", format="gif")
    assert answer.status == 200 and content_type(answer).startswith("text/plain"), answer


def test_the_admin_pages_theme_is_the_default(own_host, directory):
    session = AdminSession(own_host)
    session.login()
    form, _ = admin_form(session.get(ADMIN_PAGE).text)
    offered = sorted(f.get("value") for t, f in form["fields"] if f.get("type") == "radio" and f.get("name") == "theme")
    assert offered == sorted(THEMES), f"the admin page offers the themes {offered}"
    checked = [f.get("value") for t, f in form["fields"] if f.get("name") == "theme" and "checked" in f]
    assert checked == ["classic"], checked
    classic = ask(own_host, directory, "dave").body
    contrast = ask(own_host, directory, "dave", theme="contrast").body
    assert classic != contrast
    values = settings_values(form)
    values["theme"] = "contrast"
    saved = session.post(form_action(form), values)
    assert saved.status == 200, saved
    assert ask(own_host, directory, "dave").body == contrast, "the saved theme is not the default"
    assert ask(own_host, directory, "dave", theme="classic").body == classic, "theme= no longer wins"
    svg = ask(own_host, directory, "dave", format="svg", size="32")
    assert svg.body == ask(own_host, directory, "dave", theme="contrast", format="svg", size="32").body
    form, _ = admin_form(session.get(ADMIN_PAGE).text)
    checked = [f.get("value") for t, f in form["fields"] if f.get("name") == "theme" and "checked" in f]
    assert checked == ["contrast"], checked
    values = settings_values(form)
    values["theme"] = "sparkly"
    refused = session.post(form_action(form), values)
    assert refused.status == 400, refused
    assert ask(own_host, directory, "dave").body == contrast, "a refused theme changed the default"
