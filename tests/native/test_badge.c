/*
 * test_badge.c — type=badge and type=shields: widths that grow with the text and follow the
 * font's table, the status colours (distinct, white text readable on each), hostile labels
 * and messages escaped (every SVG parsed by libxml2 and walked: only the badge's elements, no
 * event attribute, no reference, no script), the message rule and its cut, the parameter
 * errors, and the shields JSON read back by a strict parser written here.
 */
#include "test_support.h"
#include "presence_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "badge_metrics.inc"

#define FFFD "\xEF\xBF\xBD"

/* ---- checks shared with test_support ------------------------------------- */

static int contains_folded(const unsigned char *body, size_t length, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= length; i++)
        if (strncasecmp((const char *)body + i, needle, n) == 0)
            return 1;
    return 0;
}

static void assert_safe_node(xmlNode *node)
{
    static const char *const elements[] = {"svg", "title", "path", "g", "text"};
    for (; node != NULL; node = node->next) {
        if (node->type == XML_TEXT_NODE)
            continue;
        if (node->type != XML_ELEMENT_NODE)
            fail_msg("badge holds a node of type %d", (int)node->type);
        int known = 0;
        for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
            known |= strcmp((const char *)node->name, elements[i]) == 0;
        if (!known)
            fail_msg("badge holds element <%s>", (const char *)node->name);
        if (node->ns == NULL || strcmp((const char *)node->ns->href, "http://www.w3.org/2000/svg") != 0)
            fail_msg("<%s> not in the SVG namespace", (const char *)node->name);
        for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next) {
            const char *name = (const char *)attribute->name;
            if (strncasecmp(name, "on", 2) == 0 || strcasecmp(name, "href") == 0 || attribute->ns != NULL ||
                strcasecmp(name, "style") == 0)
                fail_msg("badge attribute %s", name);
            /* every attribute but the accessible name is ours: no reference in any of them */
            xmlChar *value = xmlNodeGetContent((xmlNode *)attribute);
            int reference = contains_folded(value, strlen((const char *)value), "url(") ||
                            contains_folded(value, strlen((const char *)value), "javascript:") ||
                            contains_folded(value, strlen((const char *)value), "data:");
            xmlFree(value);
            if (reference && strcmp(name, "aria-label") != 0)
                fail_msg("badge attribute %s holds a reference", name);
        }
        assert_safe_node(node->children);
    }
}

void assert_safe_badge(const presence_response *response)
{
    assert_int_equal(response->http_status, 200);
    assert_int_equal(response->kind, PRESENCE_ANSWER_BADGE);
    assert_string_equal(response->headers[0].value, "image/svg+xml");
    static const char *const never[] = {"<script", "<!", "<?", "&#", "<foreignObject", "<style"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (contains_folded(response->body, response->body_length, never[i]))
            fail_msg("badge holds %s: %.*s", never[i], (int)response->body_length, (const char *)response->body);
    xmlDoc *doc = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        fail_msg("badge is not well-formed XML: %.*s", (int)response->body_length, (const char *)response->body);
    assert_null(doc->intSubset);
    xmlNode *root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "svg");
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
    xmlChar *label = xmlGetProp(root, (const xmlChar *)"aria-label");
    assert_non_null(role);
    assert_string_equal((const char *)role, "img");
    assert_non_null(label);
    xmlNode *title = root->children;
    assert_non_null(title);
    assert_string_equal((const char *)title->name, "title");
    xmlChar *title_text = xmlNodeGetContent(title);
    assert_string_equal((const char *)title_text, (const char *)label); /* one accessible name */
    assert_safe_node(root);
    xmlFree(role);
    xmlFree(label);
    xmlFree(title_text);
    xmlFreeDoc(doc);
}

/* ---- fixtures --------------------------------------------------------------- */

static scenario badge_of(presence_status status, const char *type)
{
    scenario given = status == PRESENCE_STATUS_OFFLINE     ? user_offline()
                     : status == PRESENCE_STATUS_FORBIDDEN ? user_hidden()
                                                           : user_with_status(status);
    given.request.type = text_of(type);
    return given;
}

/* The accessible name (aria-label, decoded) of a badge answer; malloc'd. */
static char *badge_name(const presence_response *response)
{
    assert_safe_badge(response);
    xmlDoc *doc = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8", XML_PARSE_NONET);
    xmlChar *label = xmlGetProp(xmlDocGetRootElement(doc), (const xmlChar *)"aria-label");
    size_t length = strlen((const char *)label);
    char *copy = malloc(length + 1);
    assert_non_null(copy);
    memcpy(copy, label, length + 1);
    xmlFree(label);
    xmlFreeDoc(doc);
    return copy;
}

/* The svg's width attribute and the two textLength values (tenths). */
static void badge_geometry(const presence_response *response, unsigned *width, unsigned *label_tenths,
                           unsigned *right_tenths)
{
    xmlDoc *doc = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8", XML_PARSE_NONET);
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlChar *w = xmlGetProp(root, (const xmlChar *)"width");
    *width = (unsigned)strtoul((const char *)w, NULL, 10);
    xmlFree(w);
    unsigned *out[2] = {label_tenths, right_tenths};
    int n = 0;
    for (xmlNode *g = root->children; g != NULL; g = g->next)
        if (g->type == XML_ELEMENT_NODE && strcmp((const char *)g->name, "g") == 0)
            for (xmlNode *t = g->children; t != NULL && n < 2; t = t->next) {
                xmlChar *length = xmlGetProp(t, (const xmlChar *)"textLength");
                *out[n++] = (unsigned)lround(strtod((const char *)length, NULL) * 10);
                xmlFree(length);
            }
    assert_int_equal(n, 2);
    xmlFreeDoc(doc);
}

/* Expected width of ASCII text, from the table directly: tenths of px at 11 px, rounded up. */
static unsigned table_tenths(const char *ascii)
{
    unsigned long units = 0;
    for (const char *c = ascii; *c; c++)
        units += badge_widths_0020[*c - 0x20];
    return (unsigned)((units * 110 + BADGE_FONT_UNITS_PER_EM - 1) / BADGE_FONT_UNITS_PER_EM);
}

/* ---- widths ---------------------------------------------------------------- */

static void test_width_follows_the_font_table(void **state)
{
    (void)state;
    assert_int_equal(BADGE_FONT_UNITS_PER_EM, 2048);
    assert_true(badge_widths_0020['W' - 0x20] > badge_widths_0020['i' - 0x20]); /* a proportional font */
    const char *samples[] = {"xmpp", "available", "Hello, World!", "iiii", "WWWW"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        assert_int_equal(badge_text_width_tenths(samples[i], strlen(samples[i])), table_tenths(samples[i]));
    /* Latin-1 from its own table; anything beyond it one em */
    assert_int_equal(badge_text_width_tenths("\xC3\xA9", 2), (badge_widths_00a0[0xE9 - 0xA0] * 110 + 2047) / 2048);
    assert_int_equal(badge_text_width_tenths("\xE2\x98\x80", 3), 110);
    assert_int_equal(badge_text_width_tenths("", 0), 0);
}

static void test_badge_grows_with_its_text(void **state)
{
    (void)state;
    unsigned previous = 0;
    char label[PRESENCE_MAX_LABEL + 1];
    for (size_t n = 1; n <= PRESENCE_MAX_LABEL; n += 9) {
        memset(label, 'm', n);
        label[n] = '\0';
        scenario given = badge_of(PRESENCE_STATUS_AWAY, "badge");
        given.request.label = text_of(label);
        presence_response response;
        resolve_scenario(&given, &response);
        unsigned width, label_tenths, right_tenths;
        badge_geometry(&response, &width, &label_tenths, &right_tenths);
        assert_int_equal(label_tenths, table_tenths(label));
        assert_int_equal(right_tenths, table_tenths("away"));
        /* each half: its text and 1 px margin rounded up to a pixel plus 6 px padding on both sides */
        assert_int_equal(BADGE_TEXT_MARGIN_TENTHS, 10);
        assert_int_equal(width, (label_tenths + 10 + 9) / 10 + 12 + (right_tenths + 10 + 9) / 10 + 12);
        assert_true(width > previous);
        previous = width;
        presence_response_release(&response);
    }
}

static void test_message_widens_the_badge(void **state)
{
    (void)state;
    scenario given = badge_of(PRESENCE_STATUS_AVAILABLE, "badge");
    given.snapshot.status_text = text_of("Writing code");
    presence_response without, with;
    resolve_scenario(&given, &without);
    given.request.message = text_of("1");
    resolve_scenario(&given, &with);
    unsigned w1, l1, r1, w2, l2, r2;
    badge_geometry(&without, &w1, &l1, &r1);
    badge_geometry(&with, &w2, &l2, &r2);
    assert_int_equal(l1, l2);
    assert_true(r2 > r1 && w2 > w1);
    char *name = badge_name(&with);
    assert_string_equal(name, "xmpp: available \xC2\xB7 Writing code");
    free(name);
    name = badge_name(&without);
    assert_string_equal(name, "xmpp: available");
    free(name);
    presence_response_release(&without);
    presence_response_release(&with);
}

/* ---- colours ----------------------------------------------------------------- */

static double channel(unsigned value)
{
    double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double contrast_with_white(const char *hex)
{
    unsigned r, g, b;
    assert_int_equal(sscanf(hex, "%2x%2x%2x", &r, &g, &b), 3);
    double luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    return 1.05 / (luminance + 0.05);
}

static void test_every_status_has_its_colour(void **state)
{
    (void)state;
    assert_true(contrast_with_white(BADGE_LABEL_COLOUR) >= 4.5);
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        const char *colour = badge_colour((presence_status)s);
        assert_int_equal(strlen(colour), 6);
        if (contrast_with_white(colour) < 4.5)
            fail_msg("%s: white on #%s has contrast %.2f < 4.5", presence_status_name((presence_status)s), colour,
                     contrast_with_white(colour));
        for (int t = 0; t < s; t++)
            assert_true(strcmp(colour, badge_colour((presence_status)t)) != 0);
        assert_true(strcmp(colour, BADGE_LABEL_COLOUR) != 0);
        char fill[32];
        snprintf(fill, sizeof fill, "fill=\"#%s\"", colour);
        char shields_colour[32];
        snprintf(shields_colour, sizeof shields_colour, "\"color\":\"%s\"", colour);
        scenario given = badge_of((presence_status)s, "badge");
        presence_response response;
        resolve_scenario(&given, &response);
        assert_int_equal(response.status, s);
        assert_true(answer_body_contains(&response, fill));
        char expected[64];
        snprintf(expected, sizeof expected, "xmpp: %s", presence_status_name((presence_status)s));
        char *name = badge_name(&response);
        assert_string_equal(name, expected);
        free(name);
        presence_response_release(&response);
        given.request.type = text_of("shields");
        resolve_scenario(&given, &response);
        assert_true(answer_body_contains(&response, shields_colour));
        presence_response_release(&response);
    }
}

/* ---- the shields JSON, read strictly ----------------------------------------- */

typedef struct reader {
    const unsigned char *at, *end;
} reader;

static int read_char(reader *r, char c)
{
    if (r->at < r->end && *r->at == c) {
        r->at++;
        return 1;
    }
    return 0;
}

/* A strict JSON string (no raw control bytes, valid escapes, \u00XX and \u20XX only as the
 * answer writes them, raw bytes valid UTF-8 as libxml2 would accept) into out (NUL-ended). */
static int read_json_string(reader *r, char *out, size_t capacity)
{
    size_t n = 0;
    if (!read_char(r, '"'))
        return 0;
    while (r->at < r->end && *r->at != '"') {
        unsigned char c = *r->at++;
        if (n + 4 >= capacity || c < 0x20)
            return 0;
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        if (r->at >= r->end)
            return 0;
        unsigned char e = *r->at++;
        if (e == '"' || e == '\\' || e == '/') {
            out[n++] = (char)e;
        } else if (e == 'u') {
            if (r->end - r->at < 4)
                return 0;
            unsigned cp;
            char hex[5] = {0};
            memcpy(hex, r->at, 4);
            if (strspn(hex, "0123456789abcdef") != 4 || sscanf(hex, "%4x", &cp) != 1)
                return 0;
            r->at += 4;
            if (cp < 0x80) {
                out[n++] = (char)cp;
            } else if (cp == 0x2028 || cp == 0x2029) {
                out[n++] = '\xE2'; out[n++] = '\x80'; out[n++] = (char)(cp == 0x2028 ? 0xA8 : 0xA9);
            } else {
                return 0;
            }
        } else {
            return 0;
        }
    }
    out[n] = '\0';
    return read_char(r, '"');
}

/* Reads a shields body: exactly schemaVersion 1, label, message, color, in that order. */
static void read_shields(const presence_response *response, char *label, char *message, char *colour, size_t capacity)
{
    assert_string_equal(response->headers[0].value, "application/json; charset=utf-8");
    for (size_t i = 0; i < response->body_length; i++)
        assert_true(response->body[i] >= 0x20 && response->body[i] != '<' && response->body[i] != '>' &&
                    response->body[i] != '&');
    reader r = {response->body, response->body + response->body_length};
    char key[32];
    int ok = read_char(&r, '{') && read_json_string(&r, key, sizeof key) && strcmp(key, "schemaVersion") == 0 &&
             read_char(&r, ':') && read_char(&r, '1') && read_char(&r, ',') && read_json_string(&r, key, sizeof key) &&
             strcmp(key, "label") == 0 && read_char(&r, ':') && read_json_string(&r, label, capacity) &&
             read_char(&r, ',') && read_json_string(&r, key, sizeof key) && strcmp(key, "message") == 0 &&
             read_char(&r, ':') && read_json_string(&r, message, capacity) && read_char(&r, ',') &&
             read_json_string(&r, key, sizeof key) && strcmp(key, "color") == 0 && read_char(&r, ':') &&
             read_json_string(&r, colour, capacity) && read_char(&r, '}') && r.at == r.end;
    if (!ok)
        fail_msg("not the shields endpoint JSON: %.*s", (int)response->body_length, (const char *)response->body);
}

void assert_shields_answer(const presence_response *response)
{
    char label[2048], message[2048], colour[16];
    read_shields(response, label, message, colour, sizeof label);
    assert_int_equal(strlen(colour), 6);
}

/* ---- hostile labels and messages ---------------------------------------------- */

typedef struct hostile {
    const char *name;
    const char *bytes;
    size_t length;
    const char *cleaned; /* what clean_text_line makes of it, as README says */
} hostile;

#define HOSTILE(name, literal, cleaned) {name, literal, sizeof literal - 1, cleaned}
static const hostile hostiles[] = {
    HOSTILE("markup", "\"><script>alert(1)</script>", "\"><script>alert(1)</script>"),
    HOSTILE("event attribute", "x\" onload=\"alert(1)", "x\" onload=\"alert(1)"),
    HOSTILE("entities", "&amp;&#x3c;&lt;", "&amp;&#x3c;&lt;"),
    HOSTILE("CDATA end and PI", "]]><?xml ?><!DOCTYPE x>", "]]><?xml ?><!DOCTYPE x>"),
    HOSTILE("controls", "a\x00" "b\r\nc\td\x7f" "e\xC2\x85", "a b  c d e "),
    HOSTILE("invalid UTF-8", "\xFF\xC0\xAF\xED\xA0\x80", FFFD FFFD FFFD FFFD FFFD FFFD),
    HOSTILE("line separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9", "a\xE2\x80\xA8" "b\xE2\x80\xA9"),
    HOSTILE("url and href", "url(javascript:x) href", "url(javascript:x) href"),
};

static void test_hostile_labels_and_messages_are_inert(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
        const hostile *h = &hostiles[i];
        for (int as_message = 0; as_message < 2; as_message++) {
            scenario given = badge_of(PRESENCE_STATUS_DND, "badge");
            if (as_message) {
                given.request.message = text_of("1");
                given.snapshot.status_text = bytes_of(h->bytes, h->length);
            } else {
                given.request.label = bytes_of(h->bytes, h->length);
            }
            presence_response response;
            given.request.type = text_of("badge");
            resolve_scenario(&given, &response);
            assert_safe_badge(&response);
            char expected[256];
            snprintf(expected, sizeof expected, "%s: dnd%s%s", as_message ? "xmpp" : h->cleaned,
                     as_message ? " \xC2\xB7 " : "", as_message ? h->cleaned : "");
            xmlDoc *doc = xmlReadMemory((const char *)response.body, (int)response.body_length, NULL, "UTF-8",
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
            if (doc == NULL)
                fail_msg("%s: not well-formed: %.*s", h->name, (int)response.body_length, (const char *)response.body);
            xmlChar *label = xmlGetProp(xmlDocGetRootElement(doc), (const xmlChar *)"aria-label");
            if (strcmp((const char *)label, expected) != 0)
                fail_msg("%s: aria-label %s, expected %s", h->name, (const char *)label, expected);
            xmlFree(label);
            xmlFreeDoc(doc);
            presence_response_release(&response);

            given.request.type = text_of("shields");
            resolve_scenario(&given, &response);
            char l[512], m[512], c[16];
            read_shields(&response, l, m, c, sizeof l);
            assert_string_equal(l, as_message ? "xmpp" : h->cleaned);
            snprintf(expected, sizeof expected, "dnd%s%s", as_message ? " \xC2\xB7 " : "", as_message ? h->cleaned : "");
            assert_string_equal(m, expected);
            assert_string_equal(c, badge_colour(PRESENCE_STATUS_DND));
            presence_response_release(&response);
        }
    }
}

/* ---- the message rule, its cut, the parameter errors ------------------------------ */

static void test_message_is_cut_at_its_bound(void **state)
{
    (void)state;
    char message[3 * (BADGE_MAX_MESSAGE_CHARS + 10) + 1];
    char expected[sizeof message + 64];
    for (size_t n = BADGE_MAX_MESSAGE_CHARS - 1; n <= BADGE_MAX_MESSAGE_CHARS + 2; n++) {
        /* n code points of three bytes each (U+2603), then the same in ASCII */
        for (int ascii = 0; ascii < 2; ascii++) {
            size_t length = 0;
            for (size_t k = 0; k < n; k++)
                length += (size_t)snprintf(message + length, sizeof message - length, "%s", ascii ? "x" : "\xE2\x98\x83");
            scenario given = badge_of(PRESENCE_STATUS_AWAY, "shields");
            given.request.message = text_of("1");
            given.snapshot.status_text = bytes_of(message, length);
            presence_response response;
            resolve_scenario(&given, &response);
            char l[1024], m[1024], c[16];
            read_shields(&response, l, m, c, sizeof l);
            size_t kept = n <= BADGE_MAX_MESSAGE_CHARS ? n : BADGE_MAX_MESSAGE_CHARS;
            snprintf(expected, sizeof expected, "away \xC2\xB7 %.*s%s", (int)(kept * (ascii ? 1 : 3)), message,
                     n > BADGE_MAX_MESSAGE_CHARS ? "\xE2\x80\xA6" : "");
            assert_string_equal(m, expected);
            presence_response_release(&response);
        }
    }
    /* a long message, with invalid bytes at the cut: only the first 48 code points count */
    char long_message[PRESENCE_MAX_STATUS_TEXT];
    memset(long_message, '\xFF', sizeof long_message);
    scenario given = badge_of(PRESENCE_STATUS_AWAY, "shields");
    given.request.message = text_of("1");
    given.snapshot.status_text = bytes_of(long_message, sizeof long_message);
    presence_response response;
    resolve_scenario(&given, &response);
    char l[1024], m[1024], c[16];
    read_shields(&response, l, m, c, sizeof l);
    size_t length = (size_t)snprintf(expected, sizeof expected, "away \xC2\xB7 ");
    for (size_t k = 0; k < BADGE_MAX_MESSAGE_CHARS; k++)
        length += (size_t)snprintf(expected + length, sizeof expected - length, FFFD);
    snprintf(expected + length, sizeof expected - length, "\xE2\x80\xA6");
    assert_string_equal(m, expected);
    presence_response_release(&response);
}

static void test_message_rule(void **state)
{
    (void)state;
    presence_response response;
    char l[512], m[512], c[16];
    /* offline: the remembered status is the user's; the built-in "Unavailable" is not */
    scenario given = badge_of(PRESENCE_STATUS_OFFLINE, "shields");
    given.request.message = text_of("1");
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(m, "offline");
    presence_response_release(&response);
    given.snapshot.last_status = text_of("Gone home");
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(m, "offline \xC2\xB7 Gone home");
    presence_response_release(&response);
    /* a user who shows status only: no message, whoever asks for it (their choice, then the
     * server's setting for users without one) */
    given.snapshot.shown = PRESENCE_SHOWN_STATUS;
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(m, "offline");
    presence_response_release(&response);
    given.snapshot.shown = PRESENCE_SHOWN_DEFAULT;
    given.snapshot.shown_setting = text_of("status");
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(m, "offline");
    presence_response_release(&response);
    given.snapshot.shown_setting = bytes_of(NULL, 0);
    /* message=0 and absent: the status name alone */
    given.request.message = text_of("0");
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(m, "offline");
    assert_string_equal(l, "xmpp");
    presence_response_release(&response);
    /* an empty label is the default one */
    given.request.label = bytes_of("", 0);
    resolve_scenario(&given, &response);
    read_shields(&response, l, m, c, sizeof l);
    assert_string_equal(l, "xmpp");
    presence_response_release(&response);
}

static void test_parameter_errors(void **state)
{
    (void)state;
    char label[PRESENCE_MAX_LABEL + 1];
    memset(label, 'a', sizeof label);
    const char *types[] = {"badge", "shields"};
    for (int t = 0; t < 2; t++) {
        scenario given = badge_of(PRESENCE_STATUS_AVAILABLE, types[t]);
        presence_response response;
        given.request.label = bytes_of(label, PRESENCE_MAX_LABEL);
        resolve_scenario(&given, &response);
        assert_int_equal(response.http_status, 200);
        presence_response_release(&response);
        given.request.label = bytes_of(label, PRESENCE_MAX_LABEL + 1);
        resolve_scenario(&given, &response);
        assert_answer(&response, 400, "text/plain; charset=UTF-8", "The parameter label is longer than 64 bytes.");
        presence_response_release(&response);
        given.request.label = text_of(NULL);
        const char *bad[] = {"2", "true", "yes", "01", " 1", "1\n"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            given.request.message = text_of(bad[i]);
            resolve_scenario(&given, &response);
            assert_answer(&response, 400, "text/plain; charset=UTF-8", "The parameter message must be 0 or 1.");
            presence_response_release(&response);
        }
        /* over the limit with message=1: 500; the text is not read without it */
        char text[PRESENCE_MAX_STATUS_TEXT + 1];
        memset(text, 'b', sizeof text);
        given.snapshot.status_text = bytes_of(text, sizeof text);
        given.request.message = text_of("1");
        resolve_scenario(&given, &response);
        assert_answer(&response, 500, "text/plain; charset=UTF-8", "The presence data exceeds the plugin's limits.");
        presence_response_release(&response);
        given.request.message = text_of(NULL);
        resolve_scenario(&given, &response);
        assert_int_equal(response.http_status, 200);
        presence_response_release(&response);
    }
}

int run_badge_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_follows_the_font_table),
        cmocka_unit_test(test_badge_grows_with_its_text),
        cmocka_unit_test(test_message_widens_the_badge),
        cmocka_unit_test(test_every_status_has_its_colour),
        cmocka_unit_test(test_hostile_labels_and_messages_are_inert),
        cmocka_unit_test(test_message_is_cut_at_its_bound),
        cmocka_unit_test(test_message_rule),
        cmocka_unit_test(test_parameter_errors),
    };
    return cmocka_run_group_tests_name("badge", tests, NULL, NULL);
}
