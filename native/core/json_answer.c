/*
 * json_answer.c — type=json: {"status":"<name>"} plus "message" when the user has one
 * and the decision shows it (README "Answers"). The message is the status line of type=text, cleaned as type=text
 * cleans it (clean_text_line) and then escaped for JSON: '"' and '\' as \" and \\,
 * every byte below 0x20 and '<' '>' '&' as \u00XX, U+2028 and U+2029 as \u2028 and
 * \u2029, so the body is valid JSON (RFC 8259, UTF-8) that is also inert inside an
 * HTML <script> element. forbidden is the one fixed body {"status":"forbidden"}.
 */
#include "presence_internal.h"

#include <stdlib.h>

static const char *const fixed_bodies[PRESENCE_STATUS_COUNT] = {
    "{\"status\":\"available\"}", "{\"status\":\"chat\"}",    "{\"status\":\"away\"}",
    "{\"status\":\"xa\"}",        "{\"status\":\"dnd\"}",     "{\"status\":\"offline\"}",
    "{\"status\":\"forbidden\"}",
};

size_t json_escape_clean(const char *input, size_t length, char *output)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *in = (const unsigned char *)input;
    size_t written = 0;
    for (size_t i = 0; i < length; i++) {
        if (length - i >= 8) { /* eight ASCII bytes that need no escape, at once */
            uint64_t word;
            memcpy(&word, in + i, 8);
            if ((word & HIGH_BITS) == 0 && !has_byte_below(word, 0x20) && !has_byte(word, '"') &&
                !has_byte(word, '\\') && !has_byte(word, '<') && !has_byte(word, '>') && !has_byte(word, '&')) {
                memcpy(output + written, &word, 8);
                written += 8;
                i += 7;
                continue;
            }
        }
        unsigned char byte = in[i];
        if (byte == '"' || byte == '\\') {
            output[written++] = '\\';
            output[written++] = (char)byte;
        } else if (byte < 0x20 || byte == '<' || byte == '>' || byte == '&') {
            memcpy(output + written, "\\u00", 4);
            output[written + 4] = hex[byte >> 4];
            output[written + 5] = hex[byte & 0xF];
            written += 6;
        } else if (byte == 0xE2 && i + 2 < length && in[i + 1] == 0x80 && (in[i + 2] == 0xA8 || in[i + 2] == 0xA9)) {
            memcpy(output + written, in[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            written += 6;
            i += 2;
        } else {
            output[written++] = (char)byte;
        }
    }
    return written;
}

void json_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response)
{
    presence_status status = decision->status;
    if (status == PRESENCE_STATUS_FORBIDDEN) {
        answer_begin(response, 200, PRESENCE_ANSWER_JSON, status, CONTENT_TYPE_JSON);
        answer_static_body(response, fixed_bodies[status]);
        return;
    }
    status_line source = status_line_for(snapshot, decision);
    if (!source.from_snapshot) {
        answer_begin(response, 200, PRESENCE_ANSWER_JSON, status, CONTENT_TYPE_JSON);
        answer_static_body(response, fixed_bodies[status]);
        return;
    }
    if (!text_within_limit(source.line, PRESENCE_MAX_STATUS_TEXT)) {
        answer_data_over_limits(response, status);
        return;
    }
    const char *name = presence_status_name(status);
    /* cleaning turns one byte into at most three that escape to themselves (U+FFFD) and
     * escaping one into at most six, so six per input byte bound the message; the cleaned
     * line is kept after the body in the same block (one allocation) */
    size_t capacity = JSON_ESCAPE_CAPACITY(source.line.length) + strlen(name) + 32u;
    char *body = core_malloc(capacity + CLEAN_TEXT_CAPACITY(source.line.length));
    if (body == NULL) {
        answer_out_of_memory(response, status);
        return;
    }
    char *line = body + capacity;
    size_t cleaned = clean_text_line(source.line.data, source.line.length, line);
    size_t length = 0;
    static const char open[] = "{\"status\":\"", middle[] = "\",\"message\":\"", close[] = "\"}";
    memcpy(body, open, sizeof open - 1);
    length += sizeof open - 1;
    memcpy(body + length, name, strlen(name));
    length += strlen(name);
    memcpy(body + length, middle, sizeof middle - 1);
    length += sizeof middle - 1;
    length += json_escape_clean(line, cleaned, body + length);
    memcpy(body + length, close, sizeof close - 1);
    length += sizeof close - 1;
    answer_begin(response, 200, PRESENCE_ANSWER_JSON, status, CONTENT_TYPE_JSON);
    answer_owned_body(response, body, length);
}
