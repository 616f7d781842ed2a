/*
 * badge_answer.c — type=badge: a flat SVG badge "LABEL | STATUS" (image/svg+xml), and
 * type=shields: the same texts as shields.io endpoint JSON (README "Answers").
 *
 * Both show the label (the request's "label", default "xmpp") and the right text: the
 * status name, and with message=1 the user's own message after it (the text type=json
 * calls "message"; none for forbidden). Every text is cleaned as type=text cleans it
 * (clean_text_line), the message is cut to BADGE_MAX_MESSAGE_CHARS code points, then
 * everything is escaped for its place (XML text, XML attribute, JSON string). The SVG holds
 * paths and text only: no script, no event attribute, no reference of any kind (no href,
 * no url(), no style sheet), and the same bytes for every forbidden cause.
 */
#include "presence_internal.h"

#include "badge_metrics.inc" /* DejaVu Sans advance widths, from native/badge/make-badge-metrics.py */

#define BADGE_DEFAULT_LABEL "xmpp"
#define BADGE_FONT_FAMILY "DejaVu Sans,Verdana,Geneva,sans-serif" /* the metrics are the first's */
#define BADGE_FONT_SIZE 11u   /* px */
#define BADGE_PADDING 6u      /* px on each side of a text */
#define BADGE_HEIGHT 20u      /* px */
#define BADGE_SVG_FIXED_BYTES 640u /* the SVG's literal parts and colour: 509 bytes */
#define BADGE_COLOUR_LENGTH 6u /* "rrggbb" */
#define SHIELDS_FIXED "{\"schemaVersion\":1,\"label\":\"\",\"message\":\"\",\"color\":\"\"}"
#define BADGE_SEPARATOR " \xC2\xB7 " /* " · " between the status name and the message */
#define BADGE_ELLIPSIS "\xE2\x80\xA6" /* "…" after a message that was cut */
/* Input bytes of the message that are cleaned: enough for the first BADGE_MAX_MESSAGE_CHARS
 * code points and one more (an input unit, valid sequence or stray byte, is at most 4 bytes
 * and gives exactly one code point). */
#define BADGE_MESSAGE_INPUT (4u * (BADGE_MAX_MESSAGE_CHARS + 2u))
/* Bytes of the right text at most: name, separator, the message, the ellipsis. */
#define BADGE_RIGHT_CAPACITY (16u + sizeof BADGE_SEPARATOR + 4u * BADGE_MAX_MESSAGE_CHARS + sizeof BADGE_ELLIPSIS)
#define BADGE_LABEL_CAPACITY CLEAN_TEXT_CAPACITY(PRESENCE_MAX_LABEL)

/* Text colour white on each of these: contrast 5.0:1 or more (WCAG AA for small text);
 * tests/native/test_badge.c computes it. */
static const char *const status_colours[PRESENCE_STATUS_COUNT] = {
    [PRESENCE_STATUS_AVAILABLE] = "1e7b2e", /* green */
    [PRESENCE_STATUS_CHAT] = "0f766e",      /* teal */
    [PRESENCE_STATUS_AWAY] = "8a5a00",      /* amber */
    [PRESENCE_STATUS_XA] = "b45309",        /* orange */
    [PRESENCE_STATUS_DND] = "b91c1c",       /* red */
    [PRESENCE_STATUS_OFFLINE] = "57606a",   /* grey */
    [PRESENCE_STATUS_FORBIDDEN] = "6e40c9", /* violet */
};

const char *badge_colour(presence_status status)
{
    return (unsigned)status < PRESENCE_STATUS_COUNT ? status_colours[status] : BADGE_LABEL_COLOUR;
}

/* The advance of one code point in font units: the table's, else one em (wider than every
 * glyph of the table; the SVG's textLength makes the text fit the computed width anyway). */
static unsigned advance_of(unsigned code_point)
{
    if (code_point >= 0x20 && code_point <= 0x7E)
        return badge_widths_0020[code_point - 0x20];
    if (code_point >= 0xA0 && code_point <= 0xFF)
        return badge_widths_00a0[code_point - 0xA0];
    return BADGE_FONT_UNITS_PER_EM;
}

/* Length of the UTF-8 sequence led by byte (the text is valid UTF-8: cleaned). */
static size_t sequence_length(unsigned char byte)
{
    return byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
}

unsigned badge_text_width_tenths(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    unsigned long long units = 0;
    for (size_t i = 0; i < length;) {
        size_t sequence = sequence_length(bytes[i]);
        if (sequence > length - i)
            sequence = length - i;
        unsigned code_point = sequence == 1 ? bytes[i] : bytes[i] & (0x7Fu >> sequence);
        for (size_t k = 1; k < sequence; k++)
            code_point = (code_point << 6) | (bytes[i + k] & 0x3Fu);
        units += advance_of(code_point);
        i += sequence;
    }
    /* px = units * size / units_per_em, in tenths, rounded up so the text always fits */
    unsigned long long scaled = units * BADGE_FONT_SIZE * 10u;
    return (unsigned)((scaled + BADGE_FONT_UNITS_PER_EM - 1) / BADGE_FONT_UNITS_PER_EM);
}

/* The cleaned label: the request's, else the default. Returns its length. */
static size_t badge_label(const presence_request *request, char *output)
{
    if (!text_present(request->label)) {
        memcpy(output, BADGE_DEFAULT_LABEL, sizeof BADGE_DEFAULT_LABEL);
        return sizeof BADGE_DEFAULT_LABEL - 1;
    }
    return clean_text_line(request->label.data, request->label.length, output);
}

/* Writes the right text into output (BADGE_RIGHT_CAPACITY bytes): the status name, then, when
 * the request asks for it, the decision shows the message and the user has one of their own, the separator and the
 * message cleaned and cut. Returns its length, or SIZE_MAX when that message is over
 * PRESENCE_MAX_STATUS_TEXT (the 500). */
static size_t badge_right_text(const presence_request *request, const presence_snapshot *snapshot,
                               const presence_decision *decision, char *output)
{
    presence_status status = decision->status;
    const char *name = presence_status_name(status);
    size_t length = strlen(name);
    memcpy(output, name, length);
    if (status == PRESENCE_STATUS_FORBIDDEN || !decision->message_shown || !text_equals(request->message, "1", 1))
        return length;
    status_line source = status_line_for(snapshot, decision);
    if (!source.from_snapshot)
        return length;
    if (!text_within_limit(source.line, PRESENCE_MAX_STATUS_TEXT))
        return SIZE_MAX;
    size_t input = source.line.length < BADGE_MESSAGE_INPUT ? source.line.length : BADGE_MESSAGE_INPUT;
    char cleaned[CLEAN_TEXT_CAPACITY(BADGE_MESSAGE_INPUT)];
    size_t cleaned_length = clean_text_line(source.line.data, input, cleaned);
    size_t kept = 0, characters = 0;
    while (kept < cleaned_length && characters < BADGE_MAX_MESSAGE_CHARS) {
        kept += sequence_length((unsigned char)cleaned[kept]);
        characters++;
    }
    /* a longer input than the cleaned prefix holds more than BADGE_MAX_MESSAGE_CHARS code points */
    bool cut = kept < cleaned_length || input < source.line.length;
    memcpy(output + length, BADGE_SEPARATOR, sizeof BADGE_SEPARATOR - 1);
    length += sizeof BADGE_SEPARATOR - 1;
    memcpy(output + length, cleaned, kept);
    length += kept;
    if (cut) {
        memcpy(output + length, BADGE_ELLIPSIS, sizeof BADGE_ELLIPSIS - 1);
        length += sizeof BADGE_ELLIPSIS - 1;
    }
    return length;
}

/* The answers are written with these rather than snprintf: a badge has sixteen numbers and
 * eight texts, and snprintf's format parsing cost four fifths of the answer's instructions.
 * Each writes at *at, which the caller sized, and returns the byte after what it wrote. */
static char *put(char *at, const char *bytes, size_t length)
{
    memcpy(at, bytes, length);
    return at + length;
}
#define PUT_LITERAL(at, literal) put((at), (literal), sizeof(literal) - 1)

/* Longest output of put_unsigned and put_tenths: ten digits, a point and one more digit. */
#define PUT_NUMBER_MAX 12u

/* Writes value in decimal. */
static char *put_unsigned(char *at, unsigned value)
{
    char digits[10];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0)
        *at++ = digits[--count];
    return at;
}

/* Writes tenths of a pixel as "12" or "12.5". */
static char *put_tenths(char *at, unsigned tenths)
{
    at = put_unsigned(at, tenths / 10);
    if (tenths % 10 != 0) {
        *at++ = '.';
        *at++ = (char)('0' + tenths % 10);
    }
    return at;
}

/* The two texts of a badge or shields answer, before escaping. */
typedef struct badge_texts {
    char label[BADGE_LABEL_CAPACITY];
    size_t label_length;
    char right[BADGE_RIGHT_CAPACITY];
    size_t right_length;
} badge_texts;

/* Fills *texts; when the user's message is over its limit, sets the 500 and returns false. */
static bool badge_texts_of(const presence_request *request, const presence_snapshot *snapshot,
                           const presence_decision *decision, badge_texts *texts, presence_response *response)
{
    texts->label_length = badge_label(request, texts->label);
    texts->right_length = badge_right_text(request, snapshot, decision, texts->right);
    if (texts->right_length == SIZE_MAX) {
        answer_data_over_limits(response, decision->status);
        return false;
    }
    return true;
}

void badge_answer(const presence_request *request, const presence_snapshot *snapshot,
                  const presence_decision *decision, presence_response *response)
{
    presence_status status = decision->status;
    badge_texts texts;
    if (!badge_texts_of(request, snapshot, decision, &texts, response))
        return;
    /* one escaped copy of each text for XML character data and one for attribute values */
    char label_text[CLEAN_ESCAPE_CAPACITY(BADGE_LABEL_CAPACITY)], label_attribute[sizeof label_text];
    char right_text[CLEAN_ESCAPE_CAPACITY(BADGE_RIGHT_CAPACITY)], right_attribute[sizeof right_text];
    size_t lt = clean_escape_xml(texts.label, texts.label_length, label_text, 0);
    size_t la = clean_escape_xml(texts.label, texts.label_length, label_attribute, CLEAN_ESCAPE_ATTRIBUTE);
    size_t rt = clean_escape_xml(texts.right, texts.right_length, right_text, 0);
    size_t ra = clean_escape_xml(texts.right, texts.right_length, right_attribute, CLEAN_ESCAPE_ATTRIBUTE);

    unsigned label_tenths = badge_text_width_tenths(texts.label, texts.label_length);
    unsigned right_tenths = badge_text_width_tenths(texts.right, texts.right_length);
    /* each half: its text's box (the width and its margin, rounded up to a pixel) and the
     * padding on both sides; the texts are centred in their halves */
    unsigned left_width = (label_tenths + BADGE_TEXT_MARGIN_TENTHS + 9) / 10 + 2 * BADGE_PADDING;
    unsigned right_width = (right_tenths + BADGE_TEXT_MARGIN_TENTHS + 9) / 10 + 2 * BADGE_PADDING;
    unsigned width = left_width + right_width;
    /* the literal parts below, 509 bytes with the colour, fit in BADGE_SVG_FIXED_BYTES (they
     * do not depend on the input, so any badge built under ASan checks it); then the sixteen
     * numbers, the attribute texts once and the character-data texts twice */
    size_t capacity = BADGE_SVG_FIXED_BYTES + 16u * PUT_NUMBER_MAX + la + ra + 2u * (lt + rt);
    char *body = core_malloc(capacity);
    if (body == NULL) {
        answer_out_of_memory(response, status);
        return;
    }
    char *at = body;
    at = PUT_LITERAL(at, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    at = put_unsigned(at, width);
    at = PUT_LITERAL(at, "\" height=\"");
    at = put_unsigned(at, BADGE_HEIGHT);
    at = PUT_LITERAL(at, "\" viewBox=\"0 0 ");
    at = put_unsigned(at, width);
    at = PUT_LITERAL(at, " ");
    at = put_unsigned(at, BADGE_HEIGHT);
    at = PUT_LITERAL(at, "\" role=\"img\" aria-label=\"");
    at = put(at, label_attribute, la);
    at = PUT_LITERAL(at, ": ");
    at = put(at, right_attribute, ra);
    at = PUT_LITERAL(at, "\"><title>");
    at = put(at, label_text, lt);
    at = PUT_LITERAL(at, ": ");
    at = put(at, right_text, rt);
    at = PUT_LITERAL(at, "</title><path fill=\"#" BADGE_LABEL_COLOUR "\" d=\"M3 0H");
    at = put_unsigned(at, left_width);
    at = PUT_LITERAL(at, "V");
    at = put_unsigned(at, BADGE_HEIGHT);
    at = PUT_LITERAL(at, "H3A3 3 0 0 1 0 ");
    at = put_unsigned(at, BADGE_HEIGHT - 3);
    at = PUT_LITERAL(at, "V3A3 3 0 0 1 3 0Z\"/><path fill=\"#");
    at = put(at, badge_colour(status), BADGE_COLOUR_LENGTH);
    at = PUT_LITERAL(at, "\" d=\"M");
    at = put_unsigned(at, left_width);
    at = PUT_LITERAL(at, " 0H");
    at = put_unsigned(at, width - 3);
    at = PUT_LITERAL(at, "A3 3 0 0 1 ");
    at = put_unsigned(at, width);
    at = PUT_LITERAL(at, " 3V");
    at = put_unsigned(at, BADGE_HEIGHT - 3);
    at = PUT_LITERAL(at, "A3 3 0 0 1 ");
    at = put_unsigned(at, width - 3);
    at = PUT_LITERAL(at, " ");
    at = put_unsigned(at, BADGE_HEIGHT);
    at = PUT_LITERAL(at, "H");
    at = put_unsigned(at, left_width);
    at = PUT_LITERAL(at, "Z\"/><g fill=\"#fff\" text-anchor=\"middle\" font-family=\"" BADGE_FONT_FAMILY "\" font-size=\"");
    at = put_unsigned(at, BADGE_FONT_SIZE);
    at = PUT_LITERAL(at, "\" aria-hidden=\"true\"><text x=\"");
    at = put_tenths(at, left_width * 5);
    at = PUT_LITERAL(at, "\" y=\"14\" textLength=\"");
    at = put_tenths(at, label_tenths);
    at = PUT_LITERAL(at, "\" lengthAdjust=\"spacingAndGlyphs\">");
    at = put(at, label_text, lt);
    at = PUT_LITERAL(at, "</text><text x=\"");
    at = put_tenths(at, left_width * 10 + right_width * 5);
    at = PUT_LITERAL(at, "\" y=\"14\" textLength=\"");
    at = put_tenths(at, right_tenths);
    at = PUT_LITERAL(at, "\" lengthAdjust=\"spacingAndGlyphs\">");
    at = put(at, right_text, rt);
    at = PUT_LITERAL(at, "</text></g></svg>");
    answer_begin(response, 200, PRESENCE_ANSWER_BADGE, status, CONTENT_TYPE_SVG);
    answer_owned_body(response, body, (size_t)(at - body));
}

void shields_answer(const presence_request *request, const presence_snapshot *snapshot,
                    const presence_decision *decision, presence_response *response)
{
    presence_status status = decision->status;
    badge_texts texts;
    if (!badge_texts_of(request, snapshot, decision, &texts, response))
        return;
    char label_json[JSON_ESCAPE_CAPACITY(BADGE_LABEL_CAPACITY)], right_json[JSON_ESCAPE_CAPACITY(BADGE_RIGHT_CAPACITY)];
    size_t lj = json_escape_clean(texts.label, texts.label_length, label_json);
    size_t rj = json_escape_clean(texts.right, texts.right_length, right_json);
    size_t capacity = sizeof SHIELDS_FIXED + lj + rj + BADGE_COLOUR_LENGTH;
    char *body = core_malloc(capacity);
    if (body == NULL) {
        answer_out_of_memory(response, status);
        return;
    }
    char *at = PUT_LITERAL(body, "{\"schemaVersion\":1,\"label\":\"");
    at = put(at, label_json, lj);
    at = PUT_LITERAL(at, "\",\"message\":\"");
    at = put(at, right_json, rj);
    at = PUT_LITERAL(at, "\",\"color\":\"");
    at = put(at, badge_colour(status), BADGE_COLOUR_LENGTH);
    at = PUT_LITERAL(at, "\"}");
    answer_begin(response, 200, PRESENCE_ANSWER_JSON, status, CONTENT_TYPE_JSON);
    answer_owned_body(response, body, (size_t)(at - body));
}
