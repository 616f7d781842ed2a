"""type=badge and type=shields against the real host: exact Content-Types, the SVG parsed and
walked (accessible name, only the badge's elements, no script, no event attribute, no reference),
the shields endpoint JSON parsed strictly, the message rule (message=1) with the texts type=text
shows, hostile labels, the parameter errors, one forbidden body per type for every cause, and a
real Chromium that renders the badge and whose own text measurement fits the badge's boxes."""
import json
import os
import xml.etree.ElementTree as ET

import pytest

from e2e_support import (APPLICATION_JSON, STATUSES, TEXT_PLAIN, check_common_headers, content_type,
                         expected_status, expected_text, jid_of, top_session, users)
from test_browser import browser, screenshot  # noqa: F401  (the module's Chromium fixture)

SVG = "{http://www.w3.org/2000/svg}"
IMAGE_SVG = "image/svg+xml"
ELEMENTS = {"svg", "title", "path", "g", "text"}
# The colours README documents (native/core/badge_answer.c), white text on each.
COLOURS = {"available": "1e7b2e", "chat": "0f766e", "away": "8a5a00", "xa": "b45309", "dnd": "b91c1c",
           "offline": "57606a", "forbidden": "6e40c9"}
SEPARATOR = " \u00b7 "
FORBIDDEN_SHIELDS = b'{"schemaVersion":1,"label":"xmpp","message":"forbidden","color":"6e40c9"}'


def parse_badge(answer):
    """The checked SVG root of a type=badge answer."""
    assert answer.status == 200, answer
    assert content_type(answer) == IMAGE_SVG, answer
    check_common_headers(answer)
    body = answer.body
    for never in (b"<script", b"<!", b"<?", b"&#", b"<foreignObject", b"<style"):
        assert never.lower() not in body.lower(), f"{never!r} in {body!r}"
    root = ET.fromstring(body)
    assert root.tag == SVG + "svg" and root.get("role") == "img", body
    title = root[0]
    assert title.tag == SVG + "title" and title.text == root.get("aria-label"), body
    for element in root.iter():
        assert element.tag.startswith(SVG) and element.tag[len(SVG):] in ELEMENTS, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on") and "href" not in name and not name.startswith("{"), name
            assert name in ("aria-label",) or ("url(" not in value and "javascript:" not in value), (name, value)
    return root


def strict_json(body):
    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), body
        return dict(pairs)

    def no_constant(name):
        raise AssertionError(f"{name} in {body!r}")

    return json.loads(body.decode("utf-8", errors="strict"), object_pairs_hook=no_duplicates,
                      parse_constant=no_constant)


def parse_shields(answer):
    assert answer.status == 200, answer
    assert content_type(answer) == APPLICATION_JSON, answer
    check_common_headers(answer)
    for raw in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert raw not in answer.body, answer.body
    parsed = strict_json(answer.body)
    assert list(parsed) == ["schemaVersion", "label", "message", "color"], parsed
    assert parsed["schemaVersion"] == 1 and isinstance(parsed["label"], str), parsed
    return parsed


def own_message(directory, name, jid):
    """The user's own text (README: the message type=json shows), or None."""
    status = expected_status(directory, name, jid)
    user = users(directory)[name]
    if status == "forbidden":
        return None
    own = user.get("lastStatus") if status == "offline" else top_session(user).get("status")
    return expected_text(directory, name, jid) if own else None


def test_every_user_badge_and_shields(host, directory):
    for name in users(directory):
        jid = jid_of(directory, name)
        status = expected_status(directory, name, jid)
        message = own_message(directory, name, jid)
        for flag in (None, "0", "1"):
            params = {"jid": jid, "req_jid": jid}
            if flag is not None:
                params["message"] = flag
            right = status + (SEPARATOR + message if flag == "1" and message else "")
            root = parse_badge(host.status(type="badge", **params))
            assert root.get("aria-label") == f"xmpp: {right}", (name, flag, root.get("aria-label"))
            assert root.find(f"{SVG}path[@fill='#{COLOURS[status]}']") is not None, (name, status)
            shields = parse_shields(host.status(type="shields", **params))
            assert shields == {"schemaVersion": 1, "label": "xmpp", "message": right, "color": COLOURS[status]}


@pytest.mark.parametrize("label", ["\"><script>alert(1)</script>", "a & b <c> 'd'", "Été ☀ team",
                                   "x\" onload=\"alert(1)", "]]><!--"])
def test_hostile_labels_are_text(host, directory, label):
    jid = jid_of(directory, "dora")  # dnd, with a hostile status message of her own
    root = parse_badge(host.status(type="badge", jid=jid, req_jid=jid, label=label, message="1"))
    message = expected_text(directory, "dora", jid)
    assert root.get("aria-label") == f"{label}: dnd{SEPARATOR}{message}"
    texts = [t.text for t in root.iter(SVG + "text")]
    assert texts == [label, f"dnd{SEPARATOR}{message}"], texts
    shields = parse_shields(host.status(type="shields", jid=jid, req_jid=jid, label=label, message="1"))
    assert shields["label"] == label and shields["message"] == f"dnd{SEPARATOR}{message}", shields


def test_badge_widths_grow_with_the_label(host, directory):
    jid = jid_of(directory, "bob")
    widths = []
    for label in ("i", "im", "imW", "imWW" * 4, "W" * 64):
        root = parse_badge(host.status(type="badge", jid=jid, req_jid=jid, label=label))
        widths.append(int(root.get("width")))
        assert root.get("viewBox") == f"0 0 {root.get('width')} 20"
    assert widths == sorted(widths) and len(set(widths)) == len(widths), widths


def test_parameter_errors(host, directory):
    jid = jid_of(directory, "bob")
    for type_value in ("badge", "shields"):
        for bad in ("2", "yes", "true", " 1"):
            answer = host.status(type=type_value, jid=jid, message=bad)
            assert answer.status == 400 and content_type(answer) == TEXT_PLAIN, answer
            assert answer.body == b"The parameter message must be 0 or 1.", answer
        answer = host.status(type=type_value, jid=jid, label="x" * 65)
        assert answer.status == 400 and answer.body == b"The parameter label is longer than 64 bytes.", answer
        assert host.status(type=type_value, jid=jid, label="x" * 64).status == 200
    answer = host.status(type="yaml", jid=jid)
    assert answer.body == b"The parameter type must be image, text, xml, json, badge, shields or avatar.", answer


def forbidden_answers(host, directory, type_value, **extra):
    return [host.status(jid=jid_of(directory, "alice"), type=type_value, **extra),            # not allowed
            host.status(jid=jid_of(directory, "alice"), req_jid="erin@example.com", type=type_value, **extra),
            host.status(jid=jid_of(directory, "nobody-here"), type=type_value, **extra),      # unknown user
            host.status(jid="alice@elsewhere.example", type=type_value, **extra),            # foreign
            host.status(jid="a@b@c", type=type_value, **extra),                              # invalid
            host.status(type=type_value, **extra)]                                           # no jid


def test_forbidden_is_one_answer_per_type(host, directory):
    badges = forbidden_answers(host, directory, "badge", message="1")
    first = badges[0]
    root = parse_badge(first)
    assert root.get("aria-label") == "xmpp: forbidden"
    for answer in badges:
        parse_badge(answer)
        assert answer.body == first.body and content_type(answer) == IMAGE_SVG, answer
    for answer in forbidden_answers(host, directory, "shields", message="1"):
        assert parse_shields(answer)["message"] == "forbidden"
        assert answer.body == FORBIDDEN_SHIELDS, answer


# ---- a real browser: the badge renders and its text fits ---------------------------------

# Renders each badge markup inline in a blank page and measures, for every <text>, the width
# Chromium's own text layout gives it without our textLength (the font's real advances) and the
# box it has: the half of the badge it sits in, less the padding.
MEASURE = """
const results = [];
for (const markup of arguments[0]) {
  const svg = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
  const holder = document.createElement('div');
  document.body.appendChild(holder);
  holder.appendChild(document.importNode(svg, true));
  const shown = holder.firstChild;
  const width = Number(shown.getAttribute('width'));
  const texts = Array.from(shown.querySelectorAll('text'));
  const leftWidth = 2 * Number(texts[0].getAttribute('x'));
  const measured = texts.map((text, i) => {
    const natural = text.cloneNode(true);
    natural.removeAttribute('textLength');
    natural.removeAttribute('lengthAdjust');
    text.parentNode.appendChild(natural);
    const naturalWidth = natural.getComputedTextLength();
    natural.remove();
    const box = text.getBBox();
    return {natural: naturalWidth, declared: Number(text.getAttribute('textLength')),
            boxLeft: box.x, boxRight: box.x + box.width,
            halfLeft: i === 0 ? 0 : leftWidth, halfRight: i === 0 ? leftWidth : width,
            family: getComputedStyle(text).fontFamily};
  });
  results.push({width: width, texts: measured});
}
return results;
"""

# Loads each URL as an <img> and returns its natural size and whether it drew any pixels.
LOAD_IMAGES = """
const [urls, done] = arguments;
Promise.all(urls.map(url => new Promise(resolve => {
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
    document.body.appendChild(img);
    resolve({url: url, width: img.naturalWidth, height: img.naturalHeight, opaque: opaque});
  };
  img.onerror = () => resolve({url: url, error: true});
  img.src = url;
}))).then(done);
"""

BROWSER_LABELS = ["xmpp", "i", "WWWWWWWW", "Support team", "Été à Zürich", "a & <b>", "x" * 64,
                  "mmmmmmmmmmmmmmmmmmmmmmmm"]


def test_chromium_renders_the_badge_and_its_text_fits(host, directory, browser, artifacts):  # noqa: F811
    if not os.path.exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        pytest.fail("DejaVu Sans is missing (fonts-dejavu-core, scripts/install-deps.sh): "
                    "the browser would measure another font")
    jid = jid_of(directory, "alice")
    requests = [dict(jid=jid, req_jid=jid, type="badge", label=label, message="1") for label in BROWSER_LABELS]
    requests.append(dict(jid=jid_of(directory, "dora"), req_jid=jid_of(directory, "dora"), type="badge", message="1"))
    markups = []
    for params in requests:
        answer = host.status(**params)
        parse_badge(answer)
        markups.append(answer.body.decode("utf-8"))
    browser.get("about:blank")
    results = browser.execute_script(MEASURE, markups)
    for params, result in zip(requests, results):
        for text in result["texts"]:
            print(f"badge {params.get('label', 'xmpp')!r}: natural {text['natural']:.1f} px, "
                  f"declared {text['declared']:.1f} px, box {text['boxLeft']:.1f}..{text['boxRight']:.1f} "
                  f"in {text['halfLeft']}..{text['halfRight']} ({text['family']})")
            assert "DejaVu Sans" in text["family"], text
            # our table is the font's: Chromium's own layout of the text is what we declared
            assert abs(text["natural"] - text["declared"]) <= max(1.0, 0.02 * text["declared"]), (params, text)
            # the text, as drawn, stays inside its half with the padding
            assert text["boxLeft"] >= text["halfLeft"] + 5.5 and text["boxRight"] <= text["halfRight"] - 5.5, \
                (params, text)
    urls = [host.base + "/plugins/presence/status?" + "&".join(
        f"{k}={__import__('urllib.parse').parse.quote(v)}" for k, v in params.items()) for params in requests]
    # from a page of the host's origin (not about:blank, whose requests to 127.0.0.1 Chromium
    # treats as a public page reaching a private network)
    browser.get(host.base + "/plugins/presence/")
    loaded = browser.execute_async_script(LOAD_IMAGES, urls)
    screenshot(browser, artifacts, "badges.png")
    for entry, result in zip(loaded, results):
        assert not entry.get("error"), entry
        assert entry["width"] == result["width"] and entry["height"] == 20, entry
        assert entry["opaque"] >= entry["width"] * 20 * 0.9, entry  # the badge is drawn, corners aside
