/*
 * presence_internal.h — what the core's files share; not part of the public API.
 * Every function here keeps presence.h's promises: no mutable globals, nothing
 * pointing into the request or the snapshot, every buffer bounded.
 */
#ifndef PRESENCE_INTERNAL_H
#define PRESENCE_INTERNAL_H

#include "presence.h"

#include <string.h>

/* ---- byte strings ------------------------------------------------------ */

/* A text counts only when it has data and at least one byte. */
static inline bool text_present(presence_text text)
{
    return text.data != NULL && text.length > 0;
}

/* True when text is exactly the length bytes of literal. */
static inline bool text_equals(presence_text text, const char *literal, size_t length)
{
    return text.length == length && text.data != NULL && memcmp(text.data, literal, length) == 0;
}

/* True when text is absent or at most limit bytes long. */
static inline bool text_within_limit(presence_text text, size_t limit)
{
    return !text_present(text) || text.length <= limit;
}

#define TEXT_LITERAL(literal) ((presence_text){(literal), sizeof(literal) - 1})

/* ---- memory (presence_fault.c) ------------------------------------------ */

/* The core's one allocator, with malloc's, realloc's, strdup's and free's promises.
 * libxml2 allocates through it too (presence_core_init). In a fault-injection build
 * each attempt is counted and one can be made to fail (presence_fault.h). */
void *core_malloc(size_t size);
void *core_realloc(void *block, size_t size);
char *core_strdup(const char *text);
void core_free(void *block);

/* True when an allocation of this thread failed since the previous call (libxml2
 * does not report every failure it meets); clears that record. */
bool core_allocation_failures_clear(void);

/* ---- headers and answers (answer.c) ------------------------------------ */

#define CONTENT_TYPE_TEXT "text/plain; charset=UTF-8"
#define CONTENT_TYPE_XML "text/xml; charset=UTF-8"
#define CONTENT_TYPE_PNG "image/png"
/* The headers after Content-Type on every answer, in this order, as initialisers. */
#define HEADER_CACHE_CONTROL {"Cache-Control", "no-cache"}
#define HEADER_NO_SNIFF {"X-Content-Type-Options", "nosniff"}
#define HEADER_CONTENT_SECURITY_POLICY {"Content-Security-Policy", PRESENCE_CONTENT_SECURITY_POLICY}
#define ANSWER_COMMON_HEADERS(content_type)                                                        \
    {"Content-Type", (content_type)}, HEADER_CACHE_CONTROL, HEADER_NO_SNIFF, HEADER_CONTENT_SECURITY_POLICY
#define ANSWER_COMMON_HEADER_COUNT 4u

/* Sets *response to an empty-bodied answer with Content-Type, Cache-Control,
 * X-Content-Type-Options and Content-Security-Policy, no log message and nothing owned. */
void answer_begin(presence_response *response, int http_status, presence_answer_kind kind,
                  presence_status status, const char *content_type);

/* Makes body (static, NUL-terminated) the answer's body. */
void answer_static_body(presence_response *response, const char *body);

/* Makes the buffer (from core_malloc) the answer's body; the response owns it from now on. */
void answer_owned_body(presence_response *response, char *buffer, size_t length);

/* A complete text/plain error answer whose body and log line are sentence (static). */
void answer_error(presence_response *response, int http_status, presence_status status, const char *sentence);

/* The 500 answers: snapshot data over its limits; memory exhausted. */
void answer_data_over_limits(presence_response *response, presence_status status);
void answer_out_of_memory(presence_response *response, presence_status status);

/* ---- decisions --------------------------------------------------------- */

/* limits.c: the sentence naming the first request parameter over its limit, or NULL. */
const char *request_limit_error(const presence_request *request);

/* decide.c: the status name for this request and snapshot (README "Status name"). */
presence_status decide_status(const presence_request *request, const presence_snapshot *snapshot);

/* decide.c: the normalised bare JIDs that may be shown, or an absent text. */
presence_text subject_bare_jid(const presence_request *request, const presence_snapshot *snapshot);
presence_text requester_bare_jid(const presence_request *request, const presence_snapshot *snapshot);

/* ---- text cleaning (text_clean.c) -------------------------------------- */

/* Bytes a cleaning buffer needs for an input of length bytes. */
#define CLEAN_TEXT_CAPACITY(length) (3u * (length) + 1u)

/* Copies length bytes of input into output (CLEAN_TEXT_CAPACITY(length) bytes) as
 * one line of valid UTF-8 that is also valid XML character data: control
 * characters (C0, DEL, C1) become spaces, each byte of an invalid UTF-8 sequence
 * and U+FFFE/U+FFFF become U+FFFD. NUL-terminates; returns the length written. */
size_t clean_text_line(const char *input, size_t length, char *output);

/* ---- the answers ------------------------------------------------------- */

/* status_image.c: the built-in 16x16 PNG answer for status (static, no allocation). */
void status_image_answer(presence_status status, presence_response *response);

/* redirect.c: the sentence naming the first image URL parameter (images, then the
 * per-status ones) that is not an allowed redirect target, or NULL. */
const char *redirect_check(const presence_request *request);

/* redirect.c: when a per-status URL or images applies to status, sets the 302
 * answer and returns true; otherwise returns false and leaves response alone.
 * The URLs must have passed redirect_check(). */
bool redirect_answer(const presence_request *request, presence_status status, presence_response *response);

/* text_answer.c: the one line that type=text shows for an offline or online
 * status (a label or default when the snapshot has no text). from_snapshot
 * tells whether line points into the snapshot (then it must be limited and cleaned). */
typedef struct status_line {
    presence_text line;
    bool from_snapshot;
} status_line;
status_line status_line_for(const presence_snapshot *snapshot, presence_status status);

/* stanza_parse.c: the parsed stanza (a libxml2 xmlDoc, freed with xmlFreeDoc) when
 * it is a well-formed and namespace-well-formed <presence> element, without a
 * namespace or in jabber:client, with no DTD; else NULL. */
struct _xmlDoc;
struct _xmlDoc *stanza_parse(presence_text stanza);

/* xml_fixed.c: the fixed-shape type=xml answers (200, or 500 when memory runs out),
 * from texts within their limits (absent ones are left out; the status line of offline
 * is always present). Every text is cleaned (clean_text_line) and escaped by libxml2. */
void xml_forbidden_answer(presence_text subject, presence_text requester, presence_response *response);
void xml_offline_answer(presence_text subject, presence_text line, presence_response *response);
void xml_facts_answer(presence_text subject, const presence_snapshot *snapshot, presence_status status,
                      presence_response *response);

/* text_answer.c and xml_answer.c: the 200 answers for type=text and type=xml. */
void text_answer(const presence_snapshot *snapshot, presence_status status, presence_response *response);
void xml_answer(const presence_request *request, const presence_snapshot *snapshot, presence_status status,
                presence_response *response);

#endif /* PRESENCE_INTERNAL_H */
