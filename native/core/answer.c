/* answer.c — filling a presence_response: the headers every answer carries, bodies, errors. */
#include "presence_internal.h"

#include <stdlib.h>

void answer_begin(presence_response *response, int http_status, presence_answer_kind kind,
                  presence_status status, const char *content_type)
{
    response->http_status = http_status;
    response->kind = kind;
    response->status = status;
    static const presence_header common[ANSWER_COMMON_HEADER_COUNT] = {ANSWER_COMMON_HEADERS(NULL)};
    response->header_count = ANSWER_COMMON_HEADER_COUNT;
    memcpy(response->headers, common, sizeof common);
    response->headers[0].value = content_type;
    response->body = (const unsigned char *)"";
    response->body_length = 0;
    response->log_message = NULL;
    response->owned = NULL;
}

void answer_static_body(presence_response *response, const char *body)
{
    response->body = (const unsigned char *)body;
    response->body_length = strlen(body);
}

void answer_owned_body(presence_response *response, char *buffer, size_t length)
{
    response->owned = buffer;
    response->body = (const unsigned char *)buffer;
    response->body_length = length;
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
