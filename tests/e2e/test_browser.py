"""A real browser (headless Chromium via chromedriver) on the demo page and the admin page, and
an administrator's browser opening status URLs directly: a user's presence holding script runs
nothing on the admin console's origin, and a status image still displays under the CSP."""
import os
import shutil
import struct
import tempfile
import time
import urllib.parse
import zlib

import pytest

from conftest import DIRECTORY, directory_variant, start_host, stop_host
from e2e_support import (ADMIN_PAGE, STATUSES, AdminSession, admin_form, check_image, check_text,
                         content_security_policy, expected_status, expected_text, jid_of,
                         status_of_jid, users)

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1600")
STATUS_PATH = "/plugins/presence/status"
BROWSER_TEXT = "Browser test: back soon"

# Draws every loaded status <img> of the page into a canvas and returns what was rendered.
RENDERED_IMAGES = """
return Array.from(document.images)
  .filter(img => img.classList.contains('status'))
  .map(img => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth || 1; canvas.height = img.naturalHeight || 1;
    const context = canvas.getContext('2d');
    let pixels = null;
    if (img.complete && img.naturalWidth > 0) {
      context.drawImage(img, 0, 0);
      pixels = Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data).join(',');
    }
    return {src: img.currentSrc || img.src, complete: img.complete,
            width: img.naturalWidth, height: img.naturalHeight, pixels: pixels};
  });
"""

# Loads one reference image per status in the page and returns its rendered pixels.
REFERENCE_PIXELS = """
const [urls, done] = arguments;
const result = {};
Promise.all(Object.entries(urls).map(([status, url]) => new Promise(resolve => {
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    canvas.getContext('2d').drawImage(img, 0, 0);
    result[status] = Array.from(canvas.getContext('2d')
      .getImageData(0, 0, canvas.width, canvas.height).data).join(',');
    resolve();
  };
  img.onerror = () => { result[status] = 'error'; resolve(); };
  img.src = url;
}))).then(() => done(result));
"""


@pytest.fixture(scope="module")
def browser():
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(tool):
            pytest.fail(f"{tool} is missing: scripts/install-deps.sh installs chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="presence-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console: CSP reports
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, artifacts, name):
    path = os.path.join(artifacts, name)
    assert driver.save_screenshot(path), f"screenshot {path} failed"
    print(f"screenshot: {path}")
    return path


def requested_status(directory, src, public):
    """(jid, status) the contract gives the request in an <img src> of the demo page."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(src).query)
    jid = query.get("jid", [""])[0]
    requester = query.get("req_jid", [None])[0]
    requester = requester.split("/")[0].lower() if requester else None
    return jid, status_of_jid(directory, jid, requester, public)


def wait_for_images(driver):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return Array.from(document.images).every(i => i.complete)"))


def test_demo_page_renders_the_right_image_for_every_user(public_host, directory, browser, artifacts):
    """On a host with plugin.presence.public = true, so that every status shows."""
    host = public_host
    browser.get(host.base + "/")
    wait_for_images(browser)
    shot = screenshot(browser, artifacts, "demo-page.png")
    rendered = browser.execute_script(RENDERED_IMAGES)
    assert rendered, "the demo page shows no status image"
    shown_jids, shown_statuses = set(), set()
    references = {}
    for status in STATUSES:
        name = next((n for n in users(directory) if status != "forbidden"
                     and expected_status(directory, n, jid_of(directory, n)) == status), "nobody")
        references[status] = f"{host.base}{STATUS_PATH}?jid={name}%40example.com&req_jid={name}%40example.com"
    reference_pixels = browser.execute_async_script(REFERENCE_PIXELS, references)
    assert "error" not in reference_pixels.values(), reference_pixels
    assert len(set(reference_pixels.values())) == 7, "the seven statuses do not render differently"
    reference_bytes = {}
    for status, url in references.items():
        answer = host.request("GET", url[len(host.base):])
        check_image(answer)
        reference_bytes[status] = answer.body
    problems = []
    for image in rendered:
        jid, status = requested_status(directory, image["src"], public=True)
        shown_jids.add(jid)
        shown_statuses.add(status)
        if not (image["complete"] and image["width"] > 0):
            problems.append(f"{jid}: did not render")
        elif (image["width"], image["height"]) != (16, 16):
            problems.append(f"{jid}: rendered {image['width']}x{image['height']}, not 16x16")
        elif image["pixels"] != reference_pixels[status]:
            problems.append(f"{jid}: does not render as {status}")
        split = urllib.parse.urlsplit(image["src"])
        answer = host.request("GET", split.path + "?" + split.query)
        if answer.body != reference_bytes[status]:
            problems.append(f"{jid}: HTTP answer {answer.status} is not the {status} image")
    assert not problems, f"demo page images ({shot}): {problems}"
    assert shown_statuses == set(STATUSES), f"the demo page shows only {sorted(shown_statuses)}"
    missing = {jid_of(directory, n) for n in users(directory)} - shown_jids
    assert not missing, f"the demo page has no image for {sorted(missing)}"
    check_text_cells(browser, directory)
    print(f"demo page: {len(rendered)} status images rendered and checked")


# ---- badges, JSON answers and avatars on the demo page (the demo's own directory) ----------

DEMO_DIRECTORY = os.path.join(os.path.dirname(__file__), "..", "host", "demo-directory.json")
DEFAULT_AVATAR = os.path.join(os.path.dirname(__file__), "..", "..", "native", "avatar", "avatar-default.png")
DEMO_BADGE_LABEL = "presence"  # DemoServlet.BADGE_LABEL
LABEL_COLOUR = "3d444d"

# Waits until demo.js filled every answer cell, then returns every badge (natural size, the
# pixel in the middle of each half's outer padding, drawn into a canvas at natural size), every
# avatar (natural size) and every JSON cell (its URL, status and text).
DEMO_EXTRAS = """
const done = arguments[0];
const sample = (img, x, y) => {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth || 1; canvas.height = img.naturalHeight || 1;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  return Array.from(context.getImageData(x, y, 1, 1).data);
};
const ready = () => Array.from(document.images).every(i => i.complete)
  && Array.from(document.querySelectorAll('td[data-src]')).every(c => c.dataset.status);
const collect = () => done({
  badges: Array.from(document.querySelectorAll('img.badge')).map(img => ({
    jid: img.dataset.jid, variant: img.dataset.variant, src: img.getAttribute('src'),
    width: img.naturalWidth, height: img.naturalHeight,
    cssWidth: img.getBoundingClientRect().width,
    left: img.naturalWidth ? sample(img, 3, 10) : null,
    right: img.naturalWidth ? sample(img, img.naturalWidth - 3, 10) : null})),
  avatars: Array.from(document.querySelectorAll('img.avatar')).map(img => ({
    jid: img.dataset.jid, src: img.getAttribute('src'), width: img.naturalWidth, height: img.naturalHeight})),
  json: Array.from(document.querySelectorAll('#json td[data-src]')).map(c => ({
    kind: c.dataset.type, src: c.dataset.src, status: c.dataset.status, text: c.textContent}))});
const poll = () => ready() ? collect() : setTimeout(poll, 50);
poll();
"""


@pytest.fixture(scope="module")
def demo_host():
    """The host scripts/demo.sh runs: the demo directory (presence public)."""
    h = start_host(DEMO_DIRECTORY)
    yield h
    stop_host(h)


def png_size(body):
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR", body[:24]
    return list(struct.unpack(">II", body[16:24]))


def test_demo_page_shows_badges_json_and_avatars(demo_host, browser, artifacts):
    """The demo page's badges (one per address: all seven colours, and message=1 with a custom
    label), JSON cells and avatars, in Chromium: each badge shows at the width its SVG declares,
    in its status colour (sampled from the rendered pixels and in the SVG's fill), with its text
    inside its half as Chromium lays it out; each JSON cell parses and equals the HTTP answer of
    its URL; each avatar decodes at the size of the PNG the HTTP API answers."""
    from test_badge import COLOURS, MEASURE, parse_badge, strict_json
    host = demo_host
    browser.get(host.base + "/")
    shown = browser.execute_async_script(DEMO_EXTRAS)
    browser.execute_script("document.getElementById('badges').scrollIntoView()")
    shots = [screenshot(browser, artifacts, "demo-badges.png")]
    browser.execute_script("document.getElementById('json').scrollIntoView()")
    shots.append(screenshot(browser, artifacts, "demo-json-avatars.png"))
    problems, colours_seen, markups = [], {}, []

    def close(pixel, hex_colour):
        return pixel is not None and pixel[3] == 255 and all(
            abs(pixel[k] - int(hex_colour[2 * k:2 * k + 2], 16)) <= 3 for k in range(3))

    assert shown["badges"], "the demo page shows no badge"
    for badge in shown["badges"]:
        where = f"badge {badge['variant']} of {badge['jid']}"
        answer = host.request("GET", badge["src"])
        root = parse_badge(answer)
        markups.append(answer.body.decode("utf-8"))
        status = strict_json(host.status(jid=badge["jid"], type="json").body)["status"]
        width = int(root.get("width"))
        if (badge["width"], badge["height"]) != (width, 20) or badge["cssWidth"] != width:
            problems.append(f"{where}: natural {badge['width']}x{badge['height']}, shown {badge['cssWidth']} px, "
                            f"SVG width {width}")
        if not close(badge["right"], COLOURS[status]) or not close(badge["left"], LABEL_COLOUR):
            problems.append(f"{where}: drawn {badge['left']} | {badge['right']}, not #{LABEL_COLOUR} | #{COLOURS[status]}")
        fills = {e.get("fill", "").lstrip("#").lower() for e in root.iter()}
        if COLOURS[status] not in fills:
            problems.append(f"{where}: the SVG has no fill #{COLOURS[status]} ({sorted(fills)})")
        label = root.get("aria-label")
        if badge["variant"] == "message":
            message = strict_json(host.status(jid=badge["jid"], type="json").body).get("message")
            want = f"{DEMO_BADGE_LABEL}: {status}" + (f" \u00b7 {message}" if message else "")
            if label != want:
                problems.append(f"{where}: aria-label {label!r}, not {want!r}")
        else:
            colours_seen[status] = badge["right"]
            if label != f"xmpp: {status}":
                problems.append(f"{where}: aria-label {label!r}")
    assert not problems, f"demo page badges ({shots[0]}): {problems}"
    assert sorted(colours_seen) == sorted(STATUSES), f"the demo page's badges show only {sorted(colours_seen)}"
    assert any(b["variant"] == "message" for b in shown["badges"]), "no message=1 badge"
    browser.get("about:blank")
    fits = 6.0
    for markup, result in zip(markups, browser.execute_script(MEASURE, markups)):
        for text in result["texts"]:
            assert abs(text["natural"] - text["declared"]) <= max(1.0, 0.02 * text["declared"]), (markup, text)
            # inside its half, at least 5.5 of the 6 px padding kept (Chromium's box of a long
            # text with a middle dot overhangs its textLength by up to 0.7 px; the core's
            # BADGE_TEXT_MARGIN_TENTHS leaves room for it)
            assert text["boxLeft"] >= text["halfLeft"] + 5.5 and text["boxRight"] <= text["halfRight"] - 5.5, \
                (markup, text)
            fits = min(fits, text["boxLeft"] - text["halfLeft"], text["halfRight"] - text["boxRight"])

    kinds = {cell["kind"]: cell for cell in shown["json"]}
    assert sorted(kinds) == ["batch", "json", "shields"], kinds
    for cell in shown["json"]:
        answer = host.request("GET", cell["src"])
        assert answer.status == 200 and cell["status"] == "200", (cell, answer)
        assert strict_json(cell["text"].encode("utf-8")) == strict_json(answer.body), (cell, answer)
    batch = strict_json(kinds["batch"]["text"].encode("utf-8"))
    asked = urllib.parse.parse_qs(urllib.parse.urlsplit(kinds["batch"]["src"]).query)["jid"]
    assert len(asked) > 7 and list(batch) == asked, (asked, batch)
    assert sorted({entry["status"] for entry in batch.values()}) == sorted(STATUSES), batch
    for jid, entry in batch.items():
        assert entry == strict_json(host.status(jid=jid, type="json").body), (jid, entry)
    assert list(strict_json(kinds["shields"]["text"].encode("utf-8"))) == \
        ["schemaVersion", "label", "message", "color"], kinds["shields"]

    with open(DEFAULT_AVATAR, "rb") as f:
        default_avatar = f.read()
    avatars = {a["jid"]: a for a in shown["avatars"]}
    assert sorted(avatars) == ["nobody@example.com", "peggy@example.com"], avatars
    for jid, avatar in avatars.items():
        answer = host.request("GET", avatar["src"])
        assert answer.status == 200 and answer.header("Content-Type") == "image/png", answer
        check_common = png_size(answer.body)
        assert [avatar["width"], avatar["height"]] == check_common, (avatar, check_common)
        assert (answer.body == default_avatar) == (jid == "nobody@example.com"), (jid, len(answer.body))
    print(f"demo page: {len(shown['badges'])} badges ({len(colours_seen)} colours), "
          f"smallest text padding {fits:.2f} px, {len(shown['json'])} JSON cells ({len(batch)} JIDs in the batch), avatars "
          f"{ {j: (a['width'], a['height']) for j, a in avatars.items()} }; screenshots {shots}")


# ---- the icon themes on the demo page -------------------------------------------------------

THEMES = ("classic", "dot", "contrast")
ICON_SOURCES = os.path.join(os.path.dirname(__file__), "..", "..", "native", "images", "themes")

# Every theme icon of the demo page: what the browser chose (currentSrc), its natural and its
# CSS size (a srcset image's natural size is divided by its density: 16 at 1x, 2x and 3x alike),
# and its pixels drawn into a canvas: a PNG 1:1 (at the size its URL asks for), an SVG at
# arguments[0] x arguments[0].
THEME_ICONS = """
return Array.from(document.querySelectorAll('img.theme-icon')).map(img => {
  const row = img.closest('tr');
  const draw = row.dataset.format === 'svg' ? arguments[0]
      : parseInt(new URL(img.currentSrc || img.src).searchParams.get('size'), 10) || 1;
  const canvas = document.createElement('canvas');
  canvas.width = draw; canvas.height = draw;
  const context = canvas.getContext('2d');
  let pixels = null;
  if (img.complete && img.naturalWidth > 0) {
    context.drawImage(img, 0, 0, draw, draw);
    pixels = Array.from(context.getImageData(0, 0, draw, draw).data);
  }
  const box = img.getBoundingClientRect();
  return {jid: img.dataset.jid, theme: row.dataset.theme, format: row.dataset.format,
          src: img.currentSrc, width: img.naturalWidth, height: img.naturalHeight,
          cssWidth: box.width, cssHeight: box.height, pixels: pixels};
});
"""


def unfilter(kind, line, above, step):
    """One row's bytes with PNG filter kind (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) undone."""
    assert kind <= 4, f"unknown filter type {kind}"
    out = bytearray(len(line))
    for i, value in enumerate(line):
        a = out[i - step] if i >= step else 0
        b, c = above[i], above[i - step] if i >= step else 0
        if kind == 4:
            p = a + b - c
            predicted = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
        else:
            predicted = (0, a, b, (a + b) // 2)[kind]
        out[i] = (value + predicted) & 0xFF
    return bytes(out)


def decode_png(body):
    """(size, [r, g, b, a] * size * size) of one of the plugin's PNGs (indexed or RGBA, any row filter)."""
    at, idat, palette, opacity = 8, b"", b"", b""
    while at < len(body):
        length, kind = struct.unpack(">I4s", body[at:at + 8])
        data = body[at + 8:at + 8 + length]
        if kind == b"IHDR":
            size, _, _, colour = struct.unpack(">IIBB", data[:10])
        elif kind == b"PLTE":
            palette = data
        elif kind == b"tRNS":
            opacity = data
        elif kind == b"IDAT":
            idat += data
        at += 12 + length
    raw, pixels = zlib.decompress(idat), []
    step = 4 if colour == 6 else 1
    row = 1 + size * step
    above = bytes(row - 1)
    for y in range(size):
        line = unfilter(raw[y * row], raw[y * row + 1:(y + 1) * row], above, step)
        above = line
        for x in range(size):
            if colour == 6:
                pixels.extend(line[4 * x:4 * x + 4])
            else:
                k = line[x]
                pixels.extend(palette[3 * k:3 * k + 3] + bytes([opacity[k] if k < len(opacity) else 255]))
    return size, pixels


def dot_colours():
    """status -> (r, g, b) of the dot theme's circle, read from its source."""
    colours, status = {}, None
    with open(os.path.join(ICON_SOURCES, "dot.icons"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("icon "):
                status = line.split()[1]
            elif line.startswith("circle ") and status:
                hex_colour = line.split()[-1]
                colours[status] = tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    assert sorted(colours) == sorted(STATUSES), colours
    return colours


def interior_mismatches(rendered, reference, size):
    """(compared, differing): opaque pixels of reference whose 3x3 neighbourhood is one colour
    (away from edges, where anti-aliasing may differ), and how many of them rendered differs
    from by more than 24 in a channel."""
    compared = differing = 0
    for y in range(1, size - 1):
        for x in range(1, size - 1):
            at = 4 * (y * size + x)
            if reference[at + 3] != 255:
                continue
            if any(reference[4 * ((y + dy) * size + x + dx):4 * ((y + dy) * size + x + dx) + 4]
                   != reference[at:at + 4] for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
                continue
            compared += 1
            differing += any(abs(rendered[at + k] - reference[at + k]) > 24 for k in range(4))
    return compared, differing


def themed_browser(scale):
    """A second headless Chromium whose display has device pixel ratio scale."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="presence-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}", f"--force-device-scale-factor={scale}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver, profile


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_demo_page_shows_every_theme_at_1x_2x_and_svg(public_host, directory, artifacts, scale):
    """The demo page's theme rows: at device pixel ratio 1, 2 and 3 the browser picks the 16, 32
    and 48 px PNG from srcset, shows every icon (PNG and SVG) 16 CSS pixels wide (natural size 16:
    srcset's density divides it), and the pixels it draws are the icon's: a PNG exactly its
    decoded pixels, an SVG the 48 px PNG's inside every shape, a dot its source's colour in the
    middle."""
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(tool):
            pytest.fail(f"{tool} is missing: scripts/install-deps.sh installs chromium and chromium-driver")
    host = public_host
    driver, profile = themed_browser(scale)
    try:
        driver.get(host.base + "/")
        wait_for_images(driver)
        driver.execute_script("document.getElementById('themes').scrollIntoView()")
        shot = screenshot(driver, artifacts, f"demo-themes-{scale}x.png")
        icons = driver.execute_script(THEME_ICONS, 48)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    want_size = 16 * scale
    dots = dot_colours()
    references = {}
    problems, seen = [], set()
    for icon in icons:
        jid, theme, image_format = icon["jid"], icon["theme"], icon["format"]
        status = status_of_jid(directory, jid, None, True)
        seen.add((theme, image_format, status))
        where = f"{theme} {image_format} {jid} ({status})"
        if not icon["pixels"]:
            problems.append(f"{where}: did not render")
            continue
        if (icon["cssWidth"], icon["cssHeight"]) != (16, 16):
            problems.append(f"{where}: shown {icon['cssWidth']}x{icon['cssHeight']} CSS px, not 16x16")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(icon["src"]).query)
        if image_format == "png":
            if query.get("size") != [str(want_size)] or (icon["width"], icon["height"]) != (16, 16):
                problems.append(f"{where}: at {scale}x the browser chose {query.get('size')} "
                                f"({icon['width']}x{icon['height']}), not {want_size}")
                continue
        elif query.get("format") != ["svg"] or (icon["width"], icon["height"]) != (16, 16):
            problems.append(f"{where}: SVG {query.get('format')} of natural size {icon['width']}x{icon['height']}")
            continue
        drawn = want_size if image_format == "png" else 48
        for size in {drawn, 48}:
            if (theme, status, size) not in references:
                answer = host.status(jid=jid, theme=theme, size=str(size))
                assert answer.status == 200 and answer.header("Content-Type") == "image/png", answer
                references[(theme, status, size)] = decode_png(answer.body)[1]
        if image_format == "png":  # drawn 1:1: the decoded pixels (opaque ones exactly, up to rounding)
            reference = references[(theme, status, drawn)]
            off = [i for i in range(0, len(reference), 4) if reference[i + 3] == 255
                   and any(abs(icon["pixels"][i + k] - reference[i + k]) > 2 for k in range(4))]
            if off:
                problems.append(f"{where}: {len(off)} opaque pixels differ from the PNG's own")
        else:  # the browser's rendering of the SVG against the generator's rasterisation
            compared, differing = interior_mismatches(icon["pixels"], references[(theme, status, 48)], 48)
            if compared < 100 or differing > compared // 50:
                problems.append(f"{where}: {differing} of {compared} interior pixels differ from the 48 px PNG")
        if theme == "dot":
            centre = drawn // 2
            middle = icon["pixels"][4 * (centre * drawn + centre):4 * (centre * drawn + centre) + 4]
            if any(abs(a - b) > 2 for a, b in zip(middle, dots[status] + (255,))):
                problems.append(f"{where}: middle pixel {middle}, not the dot colour {dots[status]}")
    assert not problems, f"theme icons ({shot}): {problems[:8]} ({len(problems)} problems)"
    missing = {(t, f, s) for t in THEMES for f in ("png", "svg") for s in STATUSES} - seen
    assert not missing, f"the demo page lacks {sorted(missing)[:5]}"
    print(f"demo page at {scale}x: {len(icons)} theme icons rendered and sampled ({shot})")


def check_text_cells(driver, directory):
    """The type=text cells demo.js filled in show each user's text (public host)."""
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('td[data-src]')).every(c => c.dataset.status)"))
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('tr[data-jid] td[data-type=text]'))"
        ".map(c => [c.closest('tr').dataset.jid, c.textContent])")
    shown = dict(cells)
    for name in users(directory):
        jid = jid_of(directory, name)
        assert shown.get(jid) == expected_text(directory, name, public=True), f"text cell of {jid}"


def test_admin_page_login_and_save_in_the_browser(own_host, browser, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(own_host.base + ADMIN_PAGE)
    assert "/login.jsp" in browser.current_url, f"not sent to the login page: {browser.current_url}"
    screenshot(browser, artifacts, "login-page.png")
    browser.find_element(By.NAME, "username").send_keys("admin")
    password = browser.find_element(By.NAME, "password")
    password.send_keys("secret")
    password.submit()
    WebDriverWait(browser, 15).until(lambda d: "/login.jsp" not in d.current_url)
    if ADMIN_PAGE not in browser.current_url:
        browser.get(own_host.base + ADMIN_PAGE)
    assert ADMIN_PAGE in browser.current_url, browser.current_url
    form = browser.find_element(By.XPATH, "//form[.//input[@name='csrf']]")
    field = form.find_element(By.XPATH, ".//input[@type='text'][contains(@name, 'unavailable')]")
    field.clear()
    field.send_keys(BROWSER_TEXT)
    form.find_element(By.XPATH, ".//*[@type='submit']").click()
    WebDriverWait(browser, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    screenshot(browser, artifacts, "admin-page-saved.png")
    browser.get(own_host.base + ADMIN_PAGE)
    field = browser.find_element(By.XPATH, "//form[.//input[@name='csrf']]//*[contains(@name, 'unavailable')]")
    assert field.get_attribute("value") == BROWSER_TEXT, "the saved text is not shown after saving"
    check_text(own_host.status(jid="olga@example.com", req_jid="olga@example.com", type="text"),
               BROWSER_TEXT)


# ---- an administrator opens a hostile user's status URL ------------------------------------

# What an attacker's script would do on the admin console's origin: mark the document and a
# cookie, then read the admin page's CSRF token and save other settings with it.
ATTACK_JS = ('document.title="PWNED";document.cookie="pwned=1; path=/";'
             'fetch("%s").then(r => r.text()).then(t => {'
             'var m = t.match(/name="csrf" value="([^"]+)"/);'
             'var b = new URLSearchParams();b.set("csrf", m[1]);b.set("public", "true");'
             'b.set("unavailable", "PWNED");b.set("save", "Save");'
             'return fetch("%s", {method: "POST", body: b});})' % (ADMIN_PAGE, ADMIN_PAGE))
# Presence extension children a client can put into its presence (attributes in single quotes,
# so the script uses only double quotes).
HOSTILE_EXTRAS = {
    "xhtml-script": f"<x:script xmlns:x='http://www.w3.org/1999/xhtml'>{ATTACK_JS}</x:script>",
    "xhtml-img-onerror": f"<img xmlns='http://www.w3.org/1999/xhtml' src='data:,x' onerror='{ATTACK_JS}'/>",
    "svg-onload": f"<svg xmlns='http://www.w3.org/2000/svg' onload='{ATTACK_JS}'/>",
}
ORIGINAL_TEXT = "Away from the keyboard"


@pytest.fixture
def hostile_host(tmp_path):
    """A private host (the attack would change settings) with one user per hostile extra."""
    mallories = [{"username": f"mallory-{name}",
                  "sessions": [{"resource": "web", "priority": 1, "status": "hi", "extra": extra}]}
                 for name, extra in HOSTILE_EXTRAS.items()]
    path = directory_variant(DIRECTORY, tmp_path / "hostile-directory.json", extra_users=mallories,
                             **{"plugin.presence.unavailable.status": ORIGINAL_TEXT})
    h = start_host(str(path))
    yield h
    stop_host(h)


def browser_login(driver, host):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver.delete_all_cookies()
    driver.get(host.base + "/login.jsp")
    driver.find_element(By.NAME, "username").send_keys("admin")
    password = driver.find_element(By.NAME, "password")
    password.send_keys("secret")
    password.submit()
    WebDriverWait(driver, 15).until(lambda d: "/login.jsp" not in d.current_url)
    driver.get(host.base + ADMIN_PAGE)
    assert ADMIN_PAGE in driver.current_url, f"not logged in: {driver.current_url}"


def saved_settings(host):
    """(public radio checked value, unavailable text) as the admin page shows them."""
    session = AdminSession(host)
    session.login()
    form, _ = admin_form(session.get(ADMIN_PAGE).text)
    checked = [f.get("value") for t, f in form["fields"]
               if f.get("type") == "radio" and f.get("name") == "public" and "checked" in f]
    text = [f.get("value") for t, f in form["fields"] if f.get("name") == "unavailable"]
    return checked, text


@pytest.mark.parametrize("name", list(HOSTILE_EXTRAS))
def test_a_users_presence_runs_no_script_in_the_admins_browser(hostile_host, browser, artifacts, name):
    """The logged-in admin opens the xml status URL of a user whose presence holds script
    (visible to the admin's browser: req_jid is the user itself); nothing of it runs."""
    host = hostile_host
    before = saved_settings(host)
    assert before == (["false"], [ORIGINAL_TEXT]), before
    browser_login(browser, host)
    jid = f"mallory-{name}@example.com"
    url = f"{host.base}{STATUS_PATH}?" + urllib.parse.urlencode({"jid": jid, "req_jid": jid, "type": "xml"})
    answer = host.request("GET", url[len(host.base):])
    assert answer.status == 200 and answer.header("Content-Type").startswith("text/xml"), answer
    browser.get(url)
    deadline = time.time() + 4  # time for the attack's two fetches, had it run
    while time.time() < deadline and saved_settings(host) == before:
        time.sleep(0.25)
    screenshot(browser, artifacts, f"hostile-xml-{name}.png")
    title = browser.execute_script("return document.title")
    root = browser.execute_script("return document.documentElement && document.documentElement.localName")
    cookies = {c["name"] for c in browser.get_cookies()}
    after = saved_settings(host)
    console = [entry["message"] for entry in browser.get_log("browser")]
    print(f"{name}: document root <{root}>, title {title!r}, console: {console[:3]}")
    shown = browser.execute_script("return document.documentElement.textContent") or ""
    # The XML document itself, or Chromium's XML viewer (an HTML page showing the source), which
    # it uses for an XML answer without XHTML or SVG in it.
    assert root == "presence" or (root == "html" and "presence" in shown), \
        f"the browser did not show the XML answer: root {root!r}"
    assert jid in shown or jid in browser.page_source, "the browser did not show the user's answer"
    assert after == before, f"the user's presence changed the plugin's settings: {after}"
    assert title != "PWNED", "the user's script ran (document.title)"
    assert "pwned" not in cookies, "the user's script ran (cookie)"


def test_a_status_image_opened_directly_still_displays_under_the_csp(host, browser, artifacts):
    url = f"{host.base}{STATUS_PATH}?jid=bob%40example.com&req_jid=bob%40example.com"
    answer = host.request("GET", url[len(host.base):])
    check_image(answer)
    assert answer.header("Content-Security-Policy") == content_security_policy(), answer
    browser.get("about:blank")
    browser.get_log("browser")  # drop earlier entries
    browser.get(url)
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.images.length > 0 && document.images[0].complete"))
    size = browser.execute_script("return [document.images[0].naturalWidth, document.images[0].naturalHeight]")
    console = [entry["message"] for entry in browser.get_log("browser")]
    screenshot(browser, artifacts, "status-image-direct.png")
    print(f"status image opened directly: {size[0]}x{size[1]}, console: {console}")
    assert size == [16, 16], f"the image does not display: natural size {size}; console {console}"
    # Chromium's own image viewer styles its document inline (centring, background); the CSP
    # blocks those styles, which changes only how the image is framed, not the image.
    violations = [m for m in console if "Content Security Policy" in m]
    blocked_styles = [m for m in violations if "Applying inline style violates" in m]
    print(f"status image opened directly: inline styles of the image viewer blocked: {len(blocked_styles)}")
    assert blocked_styles == violations, f"the CSP blocks more than the viewer's styles: {violations}"


def test_an_svg_icon_opened_directly_displays_under_the_csp(host, browser, artifacts):
    """format=svg opened as a page on the admin origin: Chromium shows the SVG document (its
    root is <svg>, 48 px as asked) under the answer's CSP, and nothing in it is blocked, because
    it holds nothing but shapes."""
    url = f"{host.base}{STATUS_PATH}?jid=bob%40example.com&req_jid=bob%40example.com&theme=contrast&size=48&format=svg"
    answer = host.request("GET", url[len(host.base):])
    assert answer.status == 200 and answer.header("Content-Type") == "image/svg+xml", answer
    assert answer.header("Content-Security-Policy") == content_security_policy(), answer
    browser.get("about:blank")
    browser.get_log("browser")  # drop earlier entries
    browser.get(url)
    root = browser.execute_script("return document.documentElement.localName")
    box = browser.execute_script("const r = document.documentElement.getBoundingClientRect(); return [r.width, r.height]")
    shapes = browser.execute_script("return document.documentElement.querySelectorAll('*').length")
    console = [entry["message"] for entry in browser.get_log("browser")]
    shot = screenshot(browser, artifacts, "status-svg-direct.png")
    print(f"SVG opened directly: <{root}> {box}, {shapes} shapes, console: {console} ({shot})")
    assert root == "svg", f"not shown as an SVG document: {root}"
    assert box == [48, 48], box
    assert shapes >= 1
    assert not [m for m in console if "Content Security Policy" in m], console


def test_the_address_builder_shows_the_chosen_answer_in_the_browser(public_host, browser, artifacts):
    """The logged-in admin builds an address for alice: the preview displays the status image at
    the size the builder chose (its srcset, when sizes are offered), and the badge when offered."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    browser_login(browser, public_host)
    browser.find_element(By.ID, "build-user").send_keys("alice")
    sizes = browser.find_elements(By.ID, "build-size")
    size = 16
    if sizes:  # the largest listed icon size
        chooser = Select(sizes[0])
        size = int(chooser.options[-1].get_attribute("value"))
        chooser.select_by_value(str(size))
    browser.find_element(By.XPATH, "//form[@id='address-builder']//input[@type='submit']").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#builder-preview img"))
    wait_for_images(browser)
    browser.execute_script("document.getElementById('address-builder').scrollIntoView()")
    shot = screenshot(browser, artifacts, "admin-address-builder.png")
    shown = browser.execute_script(
        "const i = document.querySelector('#builder-preview img');"
        "return {src: i.currentSrc, complete: i.complete, natural: [i.naturalWidth, i.naturalHeight],"
        " box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height]};")
    url = browser.find_element(By.ID, "builder-url").text
    print(f"address builder: preview {shown}, address {url}, screenshot {shot}")
    assert shown["complete"] and shown["natural"][0] > 0, f"the preview did not render ({shot}): {shown}"
    assert shown["src"] == url, f"the preview is not the address shown: {shown['src']} != {url}"
    assert shown["box"] == [size, size], f"the preview is not {size}x{size} CSS px: {shown}"
    assert shown["natural"] == [size, size], f"the image is not {size}x{size} px: {shown}"
    answer = public_host.request("GET", url[url.index("/plugins"):])
    assert answer.status == 200 and answer.header("Content-Type") == "image/png", answer
    types = [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "build-type")).options]
    if "badge" in types:
        Select(browser.find_element(By.ID, "build-type")).select_by_value("badge")
        browser.find_element(By.ID, "build-label").send_keys("<chat>")
        browser.find_element(By.XPATH, "//form[@id='address-builder']//input[@type='submit']").click()
        # the submit loads a new page: an element found on the old one may go stale while read
        WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: "type=badge" in d.find_element(By.ID, "builder-url").text)
        wait_for_images(browser)
        browser.execute_script("document.getElementById('address-builder').scrollIntoView()")
        badge = browser.execute_script(
            "const i = document.querySelector('#builder-preview img');"
            "return [i.complete, i.naturalWidth, i.naturalHeight, i.currentSrc];")
        shot = screenshot(browser, artifacts, "admin-address-builder-badge.png")
        print(f"address builder: badge preview {badge}, screenshot {shot}")
        assert badge[0] and badge[1] > 0 and "label=%3Cchat%3E" in badge[3], f"the badge preview did not render: {badge}"


def test_the_address_builder_previews_text_in_a_sandboxed_frame(public_host, directory, browser, artifacts):
    """type=text: the preview frame (sandbox="", an opaque origin) shows the status URL's answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser_login(browser, public_host)
    browser.get(public_host.base + ADMIN_PAGE + "?build-user=alice&build-type=text")
    frame = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "#builder-preview iframe"))
    assert frame.get_attribute("sandbox") == "", "the preview frame is not sandboxed"
    browser.execute_script("document.getElementById('address-builder').scrollIntoView()")
    shot = screenshot(browser, artifacts, "admin-address-builder-text.png")
    blocked = browser.execute_script("try { return arguments[0].contentDocument === null; } catch (e) { return true; }", frame)
    browser.switch_to.frame(frame)
    try:
        shown = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.TAG_NAME, "body").text)
    finally:
        browser.switch_to.default_content()
    print(f"address builder: text preview {shown!r}, page cannot reach the frame: {blocked}, screenshot {shot}")
    assert shown == expected_text(directory, "alice", public=True), shown
    assert blocked, "the admin page can reach into the preview frame: it is not an opaque origin"
