"""type=avatar against the real host: the vCard photo (PHOTO/BINVAL through VCardManager) served
byte for byte with the Content-Type of its format, and the one default avatar, byte for byte the
committed native/avatar/avatar-default.png, for no vCard, a photo refused (SVG, HTML behind a PNG
signature, not base64, over 64 KiB, far over the shim's decoding bound) and every forbidden cause."""
import base64
import os
import struct
import zlib

import pytest

from conftest import DIRECTORY, directory_variant, start_host, stop_host
from e2e_support import check_common_headers, content_type, jid_of

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DEFAULT_AVATAR = open(os.path.join(ROOT, "native", "avatar", "avatar-default.png"), "rb").read()
AVAILABLE_PNG = open(os.path.join(ROOT, "images", "available.png"), "rb").read()
JPEG_MIN = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x12\x34\xff\xd9")
GIF_1X1 = b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP_MIN = b"RIFF\x16\x00\x00\x00WEBPVP8L\x0a\x00\x00\x00\x2f" + bytes(9)
MAX_AVATAR = 65536  # presence.h PRESENCE_MAX_AVATAR


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_length(length):
    """A valid 1x1 PNG of exactly length bytes (a tEXt chunk fills it up)."""
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", b"\0\0\0\1\0\0\0\1\x08\0\0\0\0")
    tail = chunk(b"IDAT", b"\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01") + chunk(b"IEND", b"")
    text = length - len(head) - len(tail) - 12
    png = head + chunk(b"tEXt", b"Comment\0" + b"a" * (text - 8)) + tail
    assert len(png) == length
    return png


def ask(host, directory, name, **params):
    jid = jid_of(directory, name)
    return host.status(jid=jid, req_jid=jid, type="avatar", **params)


def check_avatar(answer, expected_type, expected_body):
    assert answer.status == 200, answer
    assert content_type(answer) == expected_type, answer
    check_common_headers(answer)
    assert answer.header("X-Content-Type-Options") == "nosniff", answer
    assert answer.body == expected_body, f"{answer!r} is not the expected {len(expected_body)} bytes"


def check_default(answer):
    check_avatar(answer, "image/png", DEFAULT_AVATAR)


def test_png_and_jpeg_photos_are_served_as_they_are(host, directory):
    check_avatar(ask(host, directory, "pia"), "image/png", AVAILABLE_PNG)   # BINVAL wrapped at 76
    check_avatar(ask(host, directory, "jules"), "image/jpeg", JPEG_MIN)


@pytest.mark.parametrize("name", ["sven", "hank", "nora", "bob", "olga"])
def test_refused_or_missing_photo_is_the_default(host, directory, name):
    """sven: SVG with script; hank: HTML behind a PNG signature; nora: BINVAL not base64;
    bob and olga: no vCard at all."""
    check_default(ask(host, directory, name))


def test_forbidden_is_the_default_for_every_cause(host, directory):
    pia = jid_of(directory, "pia")
    answers = [host.status(jid=pia, type="avatar"),                              # not allowed to see
               host.status(jid=pia, req_jid="bob@example.com", type="avatar"),   # not on her roster
               host.status(jid=jid_of(directory, "nobody-here"), type="avatar"),
               host.status(jid="pia@elsewhere.example", type="avatar"),
               host.status(jid="a@b@c", type="avatar"),
               host.status(type="avatar")]
    for answer in answers:
        check_default(answer)
    headers = {(k, tuple(v)) for k, v in answers[0].headers.items() if k != "date"}
    for answer in answers[1:]:
        assert {(k, tuple(v)) for k, v in answer.headers.items() if k != "date"} == headers, answer


@pytest.fixture(scope="module")
def photo_host(tmp_path_factory):
    """A host whose extra users have photos at and over the bounds, and GIF and WebP ones."""
    def user(name, photo, kind="image/png"):
        return {"username": name, "sessions": [{"resource": "web", "priority": 1}], "avatarType": kind,
                "avatar": base64.encodebytes(photo).decode() if isinstance(photo, bytes) else photo}
    extra = [user("gina", GIF_1X1, "image/gif"), user("wendy", WEBP_MIN, "image/webp"),
             user("max", png_of_length(MAX_AVATAR)), user("over", png_of_length(MAX_AVATAR + 1)),
             user("giant", base64.b64encode(b"\0" * (1 << 20)).decode()),
             user("liar", GIF_1X1, "image/png")]  # the TYPE is not read: the bytes say GIF
    path = directory_variant(DIRECTORY, tmp_path_factory.mktemp("photos") / "photos.json", extra_users=extra)
    h = start_host(str(path))
    yield h
    stop_host(h)


def test_photo_bounds_and_formats(photo_host):
    def ask_photo(name):
        jid = f"{name}@example.com"
        return photo_host.status(jid=jid, req_jid=jid, type="avatar")
    check_avatar(ask_photo("gina"), "image/gif", GIF_1X1)
    check_avatar(ask_photo("wendy"), "image/webp", WEBP_MIN)
    check_avatar(ask_photo("liar"), "image/gif", GIF_1X1)
    check_avatar(ask_photo("max"), "image/png", png_of_length(MAX_AVATAR))
    check_default(ask_photo("over"))    # one byte over PRESENCE_MAX_AVATAR: refused by the core
    check_default(ask_photo("giant"))   # 1 MiB: never decoded by the shim
