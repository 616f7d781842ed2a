/* answer.c — filling a presence_response: the headers every answer carries, bodies, errors. */
#include "presence_internal.h"

#include <stdlib.h>

#define COMMON_HEADER(name, value) {name, value},
const presence_header answer_common_headers[ANSWER_COMMON_HEADER_COUNT] = {
    {"Content-Type", NULL}, ANSWER_COMMON_TAIL(COMMON_HEADER)};

void answer_begin(presence_response *response, int http_status, presence_answer_kind kind,
                  presence_status status, const char *content_type)
{
    response->http_status = http_status;
    response->kind = kind;
    response->status = status;
    response->header_count = ANSWER_COMMON_HEADER_COUNT;
    memcpy(response->headers, answer_common_headers, sizeof answer_common_headers);
    response->headers[0].value = content_type;
    response->body = (const unsigned char *)"";
    response->body_length = 0;
    response->body_hash = NULL;
    response->log_message = NULL;
    response->owned = NULL;
}

void answer_static_body(presence_response *response, const char *body)
{
    response->body = (const unsigned char *)body;
    response->body_length = strlen(body);
    response->body_hash = NULL;
}

void answer_owned_body(presence_response *response, char *buffer, size_t length)
{
    response->owned = buffer;
    response->body = (const unsigned char *)buffer;
    response->body_length = length;
    response->body_hash = NULL;
}

void answer_error(presence_response *response, int http_status, presence_status status, const char *sentence)
{
    answer_begin(response, http_status, PRESENCE_ANSWER_ERROR, status, CONTENT_TYPE_TEXT);
    answer_static_body(response, sentence);
    response->log_message = sentence;
}

void answer_data_over_limits(presence_response *response, presence_status status)
{
    answer_error(response, 500, status, "The presence data exceeds the plugin's limits.");
}

void answer_out_of_memory(presence_response *response, presence_status status)
{
    answer_error(response, 500, status, "The presence plugin ran out of memory while building the answer.");
}

unsigned cache_max_age_of(presence_text setting)
{
    if (!text_present(setting) || setting.length > PRESENCE_MAX_CACHE_SETTING)
        return 0;
    const char *at = setting.data, *end = setting.data + setting.length;
    while (at < end && (*at == ' ' || *at == '\t'))
        at++;
    while (end > at && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (at == end)
        return 0;
    unsigned seconds = 0;
    for (; at < end; at++) {
        if (*at < '0' || *at > '9')
            return 0;
        seconds = seconds * 10u + (unsigned)(*at - '0');
        if (seconds > PRESENCE_MAX_CACHE_MAX_AGE)
            seconds = PRESENCE_MAX_CACHE_MAX_AGE + 1u; /* saturates: no overflow */
    }
    return seconds > PRESENCE_MAX_CACHE_MAX_AGE ? PRESENCE_MAX_CACHE_MAX_AGE : seconds;
}

/* The index of the header named name, or header_count. */
static size_t header_index(const presence_response *response, const char *name)
{
    size_t h = 0;
    while (h < response->header_count && strcmp(response->headers[h].name, name) != 0)
        h++;
    return h;
}

static void header_remove(presence_response *response, size_t index)
{
    if (index >= response->header_count)
        return;
    memmove(response->headers + index, response->headers + index + 1,
            (response->header_count - index - 1) * sizeof response->headers[0]);
    response->header_count--;
}

static void header_append(presence_response *response, const char *name, const char *value)
{
    if (response->header_count < PRESENCE_MAX_HEADERS) /* always: the most is 9 (the preflight) */
        response->headers[response->header_count++] = (presence_header){name, value};
}

void answer_finish(const presence_request *request, const presence_snapshot *snapshot, presence_response *response)
{
    cors_decision cors = cors_decide(snapshot->cors_origins, request->origin);
    if (cors.listed) {
        size_t allow = header_index(response, "Access-Control-Allow-Origin");
        if (cors.allowed) { /* a well-formed entry equal to it: printable, within the buffer */
            memcpy(response->allow_origin, request->origin.data, request->origin.length);
            response->allow_origin[request->origin.length] = '\0';
            if (allow < response->header_count)
                response->headers[allow].value = response->allow_origin;
        } else {
            header_remove(response, allow);
        }
        header_append(response, "Vary", "Origin");
    }
    if (response->http_status != 200 || response->kind == PRESENCE_ANSWER_PREFLIGHT)
        return;
    unsigned max_age = cache_max_age_of(snapshot->cache_max_age);
    if (max_age > 0) {
        size_t cache = header_index(response, "Cache-Control");
        char *out = response->cache_control + sizeof "max-age=" - 1;
        memcpy(response->cache_control, "max-age=", sizeof "max-age=" - 1);
        char digits[8];
        size_t count = 0;
        for (unsigned value = max_age; value > 0; value /= 10u)
            digits[count++] = (char)('0' + value % 10u);
        while (count > 0)
            *out++ = digits[--count];
        *out = '\0';
        if (cache < response->header_count)
            response->headers[cache].value = response->cache_control;
    }
    answer_etag(response, response->etag);
    header_append(response, "ETag", response->etag);
    if (if_none_match_matches(request->if_none_match, response->etag)) {
        core_free(response->owned);
        response->owned = NULL;
        response->body = (const unsigned char *)"";
        response->body_length = 0;
        response->body_hash = NULL;
        header_remove(response, header_index(response, "Content-Type"));
        response->http_status = 304;
        response->kind = PRESENCE_ANSWER_NOT_MODIFIED;
    }
}
