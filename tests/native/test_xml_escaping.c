/*
 * test_xml_escaping.c — every field of the fixed-shape XML answers (forbidden, offline,
 * online rebuilt from the facts) holding every XML metacharacter and every byte value.
 * Each answer is parsed back with libxml2: the field's value must be the text as README
 * cleans it (control characters → space, invalid UTF-8 → U+FFFD), and libxml2's own
 * serialisation of the parsed element must be the answer's exact bytes (so the escaping
 * is libxml2's: &lt; &gt; &amp; everywhere, &quot; in attribute values only).
 * clean_escape_xml, which writes the stanza's texts into the online answer, is compared
 * with clean_text_line followed by libxml2's own escaping functions, on every byte and on
 * long pseudo-random inputs (every alignment of its eight-bytes-at-once path).
 */
#include "test_support.h"
#include "presence_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#define FFFD "\xEF\xBF\xBD"

typedef struct xml_field {
    const char *name;
    void (*put)(scenario *given, presence_text value);
    const char *attribute; /* the root's attribute holding the value, or NULL ... */
    const char *element;   /* ... the root's child element holding it */
} xml_field;

static void hidden(scenario *given)
{
    *given = user_hidden();
    given->request.req_jid = text_of("stranger@example.com");
    given->snapshot.requester_valid = true;
    given->snapshot.requester_bare = text_of("stranger@example.com");
}

static void forbidden_from(scenario *g, presence_text value) { hidden(g); g->snapshot.jid_bare = value; }
static void forbidden_to(scenario *g, presence_text value) { hidden(g); g->snapshot.requester_bare = value; }
static void offline_from(scenario *g, presence_text value) { *g = user_offline(); g->snapshot.jid_bare = value; }
static void offline_last_status(scenario *g, presence_text value) { *g = user_offline(); g->snapshot.last_status = value; }
static void offline_configured(scenario *g, presence_text value) { *g = user_offline(); g->snapshot.unavailable_text = value; }
static void facts(scenario *g, presence_status status)
{
    *g = user_with_status(status);
    g->snapshot.stanza_xml = text_of(NULL);
    g->snapshot.status_text = text_of("Busy");
}
static void facts_from(scenario *g, presence_text value) { facts(g, PRESENCE_STATUS_DND); g->snapshot.jid_bare = value; }
static void facts_status(scenario *g, presence_text value) { facts(g, PRESENCE_STATUS_AVAILABLE); g->snapshot.status_text = value; }

static const xml_field fields[] = {
    {"forbidden from", forbidden_from, "from", NULL},
    {"forbidden to", forbidden_to, "to", NULL},
    {"offline from", offline_from, "from", NULL},
    {"offline status (last status)", offline_last_status, NULL, "status"},
    {"offline status (configured text)", offline_configured, NULL, "status"},
    {"rebuilt from", facts_from, "from", NULL},
    {"rebuilt status", facts_status, NULL, "status"},
};
enum { FIELD_COUNT = sizeof fields / sizeof fields[0] };

/* The value of the field in the parsed answer (xmlFree it), or NULL. */
static xmlChar *field_value(xmlNodePtr root, const xml_field *field)
{
    if (field->attribute != NULL)
        return xmlGetProp(root, BAD_CAST field->attribute);
    for (xmlNodePtr child = root->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, BAD_CAST field->element))
            return xmlNodeGetContent(child);
    return NULL;
}

/* Resolves type=xml with value in field; checks the parsed value is expected and that
 * libxml2 serialises the parsed element to the same bytes; returns the answer (release it). */
static presence_response check_field(const xml_field *field, presence_text value, const char *expected)
{
    scenario given;
    field->put(&given, value);
    given.request.type = text_of("xml");
    presence_response response;
    resolve_scenario(&given, &response); /* also checks that the body is well-formed */
    assert_int_equal(response.http_status, 200);
    xmlDocPtr document = xmlReadMemory((const char *)response.body, (int)response.body_length, NULL, "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(document);
    xmlFree((xmlChar *)document->encoding);
    document->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* keep UTF-8 bytes as they are */
    xmlNodePtr root = xmlDocGetRootElement(document);
    xmlChar *parsed = field_value(root, field);
    xmlBufferPtr serialised = xmlBufferCreate();
    xmlNodeDump(serialised, document, root, 0, 0);
    int value_ok = parsed != NULL && strcmp((const char *)parsed, expected) == 0;
    int bytes_ok = (size_t)xmlBufferLength(serialised) == response.body_length &&
                   memcmp(xmlBufferContent(serialised), response.body, response.body_length) == 0;
    if (!value_ok || !bytes_ok)
        fail_msg("%s: answer %.*s\n  parsed value %s, expected %s\n  libxml2 writes %s", field->name,
                 (int)response.body_length, (const char *)response.body, parsed ? (const char *)parsed : "(none)",
                 expected, (const char *)xmlBufferContent(serialised));
    xmlFree(parsed);
    xmlBufferFree(serialised);
    xmlFreeDoc(document);
    return response;
}

/* True when the body holds needle. */
static int body_contains(const presence_response *response, const char *needle)
{
    size_t length = strlen(needle);
    for (size_t i = 0; i + length <= response->body_length; i++)
        if (memcmp(response->body + i, needle, length) == 0)
            return 1;
    return 0;
}

static void test_metacharacters_in_every_field(void **state)
{
    (void)state;
    static const char value[] = "a<b>c&d\"e'f]]>g&amp;h<!--i-->\xC3\xA9";
    for (int i = 0; i < FIELD_COUNT; i++) {
        presence_response response = check_field(&fields[i], text_of(value), value);
        const char *escaped = fields[i].attribute != NULL
                                  ? "a&lt;b&gt;c&amp;d&quot;e'f]]&gt;g&amp;amp;h&lt;!--i--&gt;\xC3\xA9"
                                  : "a&lt;b&gt;c&amp;d\"e'f]]&gt;g&amp;amp;h&lt;!--i--&gt;\xC3\xA9";
        if (!body_contains(&response, escaped))
            fail_msg("%s: %s not in %.*s", fields[i].name, escaped, (int)response.body_length,
                     (const char *)response.body);
        presence_response_release(&response);
    }
}

/* What README's cleaning makes of the single byte in "a" byte "z". */
static const char *cleaned_byte(unsigned byte, char *single)
{
    if (byte >= 0x20 && byte < 0x7F) {
        single[0] = (char)byte;
        single[1] = '\0';
        return single;
    }
    return byte < 0x80 ? " " : FFFD;
}

static void test_every_byte_in_every_field(void **state)
{
    (void)state;
    for (int i = 0; i < FIELD_COUNT; i++)
        for (unsigned byte = 0; byte < 256; byte++) {
            char value[3] = {'a', (char)byte, 'z'}, single[2], expected[8];
            snprintf(expected, sizeof expected, "a%sz", cleaned_byte(byte, single));
            presence_response response = check_field(&fields[i], bytes_of(value, 3), expected);
            presence_response_release(&response);
        }
}

/* What clean_escape_xml must write: clean_text_line (LF and TAB kept when asked), then
 * libxml2's escaping of text (xmlEncodeEntitiesReentrant on a UTF-8 document) or of
 * attribute values (xmlEncodeSpecialChars). Returns a malloc'ed string. */
static char *reference_escape(const char *input, size_t length, unsigned flags)
{
    static xmlDoc utf8_document = {.type = XML_DOCUMENT_NODE, .encoding = BAD_CAST "UTF-8"};
    char *cleaned = malloc(CLEAN_TEXT_CAPACITY(length) + 1);
    assert_non_null(cleaned);
    size_t at = 0;
    for (size_t start = 0; start <= length;) { /* LF and TAB are cut out and put back as they are */
        size_t end = start;
        while (end < length && !((flags & CLEAN_ESCAPE_KEEP_BREAKS) && (input[end] == '\n' || input[end] == '\t')))
            end++;
        at += clean_text_line(input + start, end - start, cleaned + at);
        if (end == length)
            break;
        cleaned[at++] = input[end];
        start = end + 1;
    }
    cleaned[at] = '\0';
    xmlChar *escaped = (flags & CLEAN_ESCAPE_ATTRIBUTE) ? xmlEncodeSpecialChars(NULL, BAD_CAST cleaned)
                                                        : xmlEncodeEntitiesReentrant(&utf8_document, BAD_CAST cleaned);
    assert_non_null(escaped);
    char *copy = malloc(strlen((const char *)escaped) + 1);
    assert_non_null(copy);
    strcpy(copy, (const char *)escaped);
    xmlFree(escaped);
    free(cleaned);
    return copy;
}

static void check_escape(const char *input, size_t length, unsigned flags)
{
    char *expected = reference_escape(input, length, flags);
    char *output = malloc(CLEAN_ESCAPE_CAPACITY(length));
    assert_non_null(output);
    size_t written = clean_escape_xml(input, length, output, flags);
    if (written != strlen(expected) || memcmp(output, expected, written) != 0)
        fail_msg("flags %u, input of %zu bytes:\n  got      %.*s\n  libxml2  %s", flags, length, (int)written, output,
                 expected);
    free(output);
    free(expected);
}

static void test_clean_escape_is_libxml2_escaping(void **state)
{
    (void)state;
    static const unsigned modes[] = {0, CLEAN_ESCAPE_KEEP_BREAKS, CLEAN_ESCAPE_ATTRIBUTE};
    static const char *const sequences[] = {"\xC3\xA9", "\xC2\x85", "\xC2\x9F", "\xC2\xA0", "\xE2\x98\xBA", "\xEF\xBF\xBE",
                                            "\xEF\xBF\xBF", "\xEF\xBF\xBD", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xC0\xAF",
                                            "\xE0\x80\xAF", "\xF4\x90\x80\x80", "\xE2\x98", "\xF0\x9F\x98"};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        for (unsigned byte = 0; byte < 256; byte++) {
            char input[3] = {'a', (char)byte, 'z'};
            check_escape(input, 3, modes[m]);
        }
        for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
            char input[16];
            snprintf(input, sizeof input, "a%sz", sequences[i]);
            check_escape(input, strlen(input), modes[m]);
        }
        /* pseudo-random texts of every length up to 80 bytes and one of 20000: mostly plain
         * ASCII with the bytes that need work sprinkled in, at every offset of a word */
        static const char sprinkled[] = "<>&\"'\n\t\r\x01\x7F\xC3\xA9\xE2\x98\xBA\xC2\x85\xFF";
        unsigned seed = 12345;
        char *input = malloc(20000);
        assert_non_null(input);
        for (size_t length = 1; length <= 80; length++) {
            for (size_t i = 0; i < length; i++) {
                seed = seed * 1103515245u + 12345u;
                unsigned pick = (seed >> 16) % 64;
                input[i] = pick < sizeof sprinkled - 1 && pick % 3 == 0 ? sprinkled[pick] : (char)('a' + pick % 26);
            }
            check_escape(input, length, modes[m]);
        }
        for (size_t i = 0; i < 20000; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned pick = (seed >> 16) % 256;
            input[i] = pick < sizeof sprinkled - 1 ? sprinkled[pick] : (char)(' ' + pick % 90);
        }
        check_escape(input, 20000, modes[m]);
        free(input);
    }
}

int run_xml_escaping_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metacharacters_in_every_field),
        cmocka_unit_test(test_every_byte_in_every_field),
        cmocka_unit_test(test_clean_escape_is_libxml2_escaping),
    };
    return cmocka_run_group_tests_name("xml escaping", tests, NULL, NULL);
}
