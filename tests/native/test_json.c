/*
 * test_json.c — type=json: the body's shape for every status, the message as type=text
 * cleans it, and the escaping on every byte value and on malformed UTF-8. Every body is
 * read back by a strict RFC 8259 parser written here (only the answer's shape: one object
 * with "status" and optionally "message", string values): the decoded message must be
 * exactly clean_text_line's output, and the raw body must hold no '<' '>' '&', no byte
 * below 0x20 and no U+2028/U+2029.
 */
#include "test_support.h"
#include "presence_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD"

typedef struct json_reader {
    const unsigned char *at, *end;
} json_reader;

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, surrogates or >U+10FFFF), 0 if invalid. */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
    size_t n = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ? 2 : *p >= 0xE0 && *p <= 0xEF ? 3
             : *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;
    if (n == 0 || (size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] >= 0xA0))) return 0;
    if (n == 4 && ((*p == 0xF0 && p[1] < 0x90) || (*p == 0xF4 && p[1] >= 0x90))) return 0;
    return n;
}

/* Reads one JSON string at r into out (malloc'd, NUL-terminated, *length set); false if not strictly valid. */
static bool read_string(json_reader *r, char **out, size_t *length)
{
    if (r->at >= r->end || *r->at != '"') return false;
    r->at++;
    char *buffer = malloc((size_t)(r->end - r->at) * 4 + 1);
    assert_non_null(buffer);
    size_t n = 0;
    while (r->at < r->end && *r->at != '"') {
        unsigned char c = *r->at;
        if (c < 0x20) goto bad;
        if (c != '\\') {
            size_t len = utf8_sequence(r->at, r->end);
            if (len == 0) goto bad;
            memcpy(buffer + n, r->at, len);
            n += len;
            r->at += len;
            continue;
        }
        if (r->end - r->at < 2) goto bad;
        unsigned char e = r->at[1];
        r->at += 2;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e != 'u') {
            if (e == 0 || simple == NULL) goto bad;
            buffer[n++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            continue;
        }
        unsigned long cp = 0;
        for (int i = 0; i < 4; i++) {
            if (r->at >= r->end || hex_value(*r->at) < 0) goto bad;
            cp = cp * 16 + (unsigned long)hex_value(*r->at++);
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) goto bad; /* the answers never need surrogate pairs */
        n += put_utf8(cp, buffer + n);
    }
    if (r->at >= r->end) goto bad;
    r->at++;
    buffer[n] = '\0';
    *out = buffer;
    *length = n;
    return true;
bad:
    free(buffer);
    return false;
}

static bool read_literal(json_reader *r, char c)
{
    if (r->at < r->end && *r->at == c) { r->at++; return true; }
    return false;
}

void assert_json_answer(const presence_response *response, char **message, size_t *message_length)
{
    assert_string_equal(response->headers[0].value, "application/json; charset=utf-8");
    const unsigned char *body = response->body;
    for (size_t i = 0; i < response->body_length; i++) {
        assert_true(body[i] >= 0x20 && body[i] != '<' && body[i] != '>' && body[i] != '&');
        if (i + 2 < response->body_length && body[i] == 0xE2 && body[i + 1] == 0x80)
            assert_true(body[i + 2] != 0xA8 && body[i + 2] != 0xA9);
    }
    json_reader r = {body, body + response->body_length};
    char *key = NULL, *status = NULL, *text = NULL;
    size_t key_length, status_length, text_length = 0;
    if (!read_literal(&r, '{') || !read_string(&r, &key, &key_length) || strcmp(key, "status") != 0 ||
        !read_literal(&r, ':') || !read_string(&r, &status, &status_length))
        fail_msg("not a JSON status object: %.*s", (int)response->body_length, (const char *)body);
    free(key);
    key = NULL;
    if (read_literal(&r, ',')) {
        if (!read_string(&r, &key, &key_length) || strcmp(key, "message") != 0 || !read_literal(&r, ':') ||
            !read_string(&r, &text, &text_length))
            fail_msg("bad message member: %.*s", (int)response->body_length, (const char *)body);
        free(key);
    }
    if (!read_literal(&r, '}') || r.at != r.end)
        fail_msg("trailing bytes in JSON: %.*s", (int)response->body_length, (const char *)body);
    assert_string_equal(status, presence_status_name(response->status));
    free(status);
    if (message != NULL) {
        *message = text;
        *message_length = text_length;
    } else {
        free(text);
    }
}

static void resolve_json(scenario *given, presence_response *response)
{
    given->request.type = text_of("json");
    resolve_scenario(given, response);
    assert_int_equal(response->http_status, 200);
    assert_int_equal(response->kind, PRESENCE_ANSWER_JSON);
}

static void test_json_bodies(void **state)
{
    (void)state;
    static const char *const bare[PRESENCE_STATUS_COUNT] = {
        "{\"status\":\"available\"}", "{\"status\":\"chat\"}", "{\"status\":\"away\"}", "{\"status\":\"xa\"}",
        "{\"status\":\"dnd\"}",       "{\"status\":\"offline\"}", "{\"status\":\"forbidden\"}",
    };
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++) {
        scenario given = user_with_status((presence_status)status);
        presence_response response;
        resolve_json(&given, &response);
        assert_answer(&response, 200, "application/json; charset=utf-8", bare[status]);
        assert_json_answer(&response, NULL, NULL);
        presence_response_release(&response);
    }
    scenario given = user_with_status(PRESENCE_STATUS_DND);
    given.snapshot.status_text = text_of("In a \"meeting\" <b>&</b> \\ \xE2\x80\xA8 back\n");
    presence_response response;
    resolve_json(&given, &response);
    assert_answer(&response, 200, "application/json; charset=utf-8",
                  "{\"status\":\"dnd\",\"message\":\"In a \\\"meeting\\\" \\u003cb\\u003e\\u0026\\u003c/b\\u003e "
                  "\\\\ \\u2028 back \"}");
    presence_response_release(&response);
    given = user_offline();
    given.snapshot.unavailable_text = text_of("Not here");
    resolve_json(&given, &response);
    assert_answer(&response, 200, "application/json; charset=utf-8", "{\"status\":\"offline\",\"message\":\"Not here\"}");
    presence_response_release(&response);
    given.snapshot.last_status = text_of("Gone fishing");
    resolve_json(&given, &response);
    assert_answer(&response, 200, "application/json; charset=utf-8",
                  "{\"status\":\"offline\",\"message\":\"Gone fishing\"}");
    presence_response_release(&response);
    given = user_hidden();
    given.snapshot.status_text = text_of("secret");
    given.snapshot.last_status = text_of("secret");
    resolve_json(&given, &response);
    assert_answer(&response, 200, "application/json; charset=utf-8", "{\"status\":\"forbidden\"}");
    presence_response_release(&response);
}

/* The status text value through type=json must decode to exactly what clean_text_line makes of it. */
static void check_message(const char *bytes, size_t length, bool offline)
{
    scenario given = offline ? user_offline() : user_online();
    if (offline)
        given.snapshot.last_status = bytes_of(bytes, length);
    else
        given.snapshot.status_text = bytes_of(bytes, length);
    presence_response response;
    resolve_json(&given, &response);
    char *message = NULL;
    size_t message_length = 0;
    assert_json_answer(&response, &message, &message_length);
    char *expected = malloc(CLEAN_TEXT_CAPACITY(length));
    assert_non_null(expected);
    size_t expected_length = clean_text_line(bytes, length, expected);
    assert_non_null(message);
    if (message_length != expected_length || memcmp(message, expected, expected_length) != 0)
        fail_msg("message of %zu bytes decodes wrongly: %.*s", length, (int)response.body_length,
                 (const char *)response.body);
    free(message);
    free(expected);
    presence_response_release(&response);
}

static void test_json_every_byte(void **state)
{
    (void)state;
    for (int byte = 0; byte < 256; byte++) {
        char alone[1] = {(char)byte};
        char framed[3] = {'a', (char)byte, 'z'};
        check_message(alone, 1, false);
        check_message(framed, 3, false);
        check_message(framed, 3, true);
        for (int second = 0x80; second < 0x100; second += 0x3F) { /* lead bytes with continuation and not */
            char pair[2] = {(char)byte, (char)second};
            check_message(pair, 2, false);
        }
    }
}

static void test_json_malformed_utf8(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t length; } inputs[] = {
        {"\xC0\xAF", 2}, {"\xE0\x80\xAF", 3}, {"\xED\xA0\x80", 3}, {"\xED\xBF\xBF", 3},
        {"\xF4\x90\x80\x80", 4}, {"\xF8\x88\x80\x80\x80", 5}, {"\xE2\x80", 2}, {"\xE2\x80\xA8", 3},
        {"\xE2\x80\xA9", 3}, {"\xE2\x80\xA8\xE2\x80", 5}, {"\xEF\xBF\xBE", 3}, {"\xEF\xBF\xBF", 3},
        {"\xC2\x85", 2}, {"\xC2\x9F", 2}, {"\xF0\x9F\x98\x80", 4}, {"\xF0\x9F\x98", 3}, {"\\u0022", 6},
        {"\"}", 2}, {"</script><!--", 13}, {"\x80\x80\x80", 3}, {"\xFF\xFE", 2},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        check_message(inputs[i].bytes, inputs[i].length, false);
        check_message(inputs[i].bytes, inputs[i].length, true);
    }
    /* pseudo-random bytes, biased to the interesting ones, of every length up to 64 */
    static const unsigned char pool[] = {'"', '\\', '<', '>', '&', 0, '\n', 0x7F, 0x80, 0xA8, 0xA9, 0xBF,
                                         0xC2, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFF, 'a', ' ', '/'};
    uint64_t seed = 12345; /* 64 bits everywhere (Windows' long has 32) */
    char bytes[64];
    for (int round = 0; round < 4000; round++) {
        size_t length = 1 + (size_t)(round % 64);
        for (size_t i = 0; i < length; i++) {
            seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            bytes[i] = (char)pool[(seed >> 33) % sizeof pool];
        }
        check_message(bytes, length, round % 2 == 0);
    }
}

static void test_json_message_at_the_limit(void **state)
{
    (void)state;
    char *bytes = malloc(PRESENCE_MAX_STATUS_TEXT + 1);
    assert_non_null(bytes);
    memset(bytes, '<', PRESENCE_MAX_STATUS_TEXT + 1); /* the longest escape per byte */
    check_message(bytes, PRESENCE_MAX_STATUS_TEXT, false);
    scenario given = user_online();
    given.snapshot.status_text = bytes_of(bytes, PRESENCE_MAX_STATUS_TEXT + 1);
    given.request.type = text_of("json");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_int_equal(response.http_status, 500);
    presence_response_release(&response);
    free(bytes);
}

int run_json_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_bodies),
        cmocka_unit_test(test_json_every_byte),
        cmocka_unit_test(test_json_malformed_utf8),
        cmocka_unit_test(test_json_message_at_the_limit),
    };
    return cmocka_run_group_tests_name("type=json", tests, NULL, NULL);
}
