/*
 * presence.c — presence_resolve(): the decision order of README "Order of decisions".
 *   1. a request parameter over its limit → 400 naming it;
 *   2. type: absent/empty → image; image, text, xml, json, badge, shields, avatar → that;
 *      else 400; for badge and shields, message must be absent, 0 or 1, else 400;
 *   3. type=image: theme, size and format must be built-in choices when given, then the
 *      images template and every per-status URL given are checked, all before the status
 *      is known (a bad value is 400 whatever the status);
 *   4. the decision (decide: status name, who is named, whether the message is
 *      shown), then the answer is built from it (snapshot data over its limits → 500,
 *      inside the answer builders);
 *   5. answer_finish: CORS headers, and on a 200 Cache-Control, ETag and perhaps the 304.
 * OPTIONS is the preflight answer, before step 1. Several jid parameters with type=json
 * are one JSON object of the single answers (presence_resolve_batch).
 */
#include "presence_internal.h"

#include <sched.h>
#include <stdint.h>
#include <stdatomic.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

typedef enum answer_type { ANSWER_TYPE_IMAGE, ANSWER_TYPE_TEXT, ANSWER_TYPE_XML, ANSWER_TYPE_JSON,
                           ANSWER_TYPE_BADGE, ANSWER_TYPE_SHIELDS, ANSWER_TYPE_AVATAR,
                           ANSWER_TYPE_UNKNOWN } answer_type;

static const char *const status_names[PRESENCE_STATUS_COUNT] = {
    "available", "chat", "away", "xa", "dnd", "offline", "forbidden",
};

/* The state of presence_core_init(): nothing done, under way in one thread, done. */
enum { CORE_UNINITIALISED, CORE_INITIALISING, CORE_READY };
static atomic_int core_state = CORE_UNINITIALISED;

/* Called once in practice: by JNI_OnLoad (which the JVM runs once per class loader
 * that loads the library), by the tests' and the fuzzer's start-up, and, as a
 * check, by every presence_resolve(). A repeated call is one acquire load of the
 * flag. Should two threads ever make the first call together, one initialises and
 * the other waits for it (yielding), so nobody returns before libxml2 is ready;
 * no pthread_once, which needs a newer glibc than the JNI library may meet. */
int presence_core_init(void)
{
    if (atomic_load_explicit(&core_state, memory_order_acquire) == CORE_READY)
        return 0;
    int expected = CORE_UNINITIALISED;
    if (atomic_compare_exchange_strong_explicit(&core_state, &expected, CORE_INITIALISING, memory_order_acq_rel,
                                                memory_order_acquire)) {
        /* before xmlInitParser, so that libxml2 never holds memory from another allocator
         * that it would give back to ours (both end in malloc/free, so even that is safe) */
        if (xmlMemSetup(core_free, core_malloc, core_realloc, core_strdup) != 0) { /* cannot happen */
            atomic_store_explicit(&core_state, CORE_UNINITIALISED, memory_order_release);
            return -1;
        }
        xmlInitParser();
        atomic_store_explicit(&core_state, CORE_READY, memory_order_release);
        return 0;
    }
    int state;
    while ((state = atomic_load_explicit(&core_state, memory_order_acquire)) == CORE_INITIALISING)
        sched_yield();
    return state == CORE_READY ? 0 : -1;
}

void presence_core_cleanup(void)
{
    stanza_memo_clear();
}

const char *presence_status_name(presence_status status)
{
    return (unsigned)status < PRESENCE_STATUS_COUNT ? status_names[status] : NULL;
}

static answer_type answer_type_of(presence_text type)
{
    if (!text_present(type) || text_equals(type, "image", 5))
        return ANSWER_TYPE_IMAGE;
    if (text_equals(type, "text", 4))
        return ANSWER_TYPE_TEXT;
    if (text_equals(type, "xml", 3))
        return ANSWER_TYPE_XML;
    if (text_equals(type, "json", 4))
        return ANSWER_TYPE_JSON;
    if (text_equals(type, "badge", 5))
        return ANSWER_TYPE_BADGE;
    if (text_equals(type, "shields", 7))
        return ANSWER_TYPE_SHIELDS;
    if (text_equals(type, "avatar", 6))
        return ANSWER_TYPE_AVATAR;
    return ANSWER_TYPE_UNKNOWN;
}

void resolve_answer(const presence_request *request, const presence_snapshot *snapshot,
                    presence_response *response)
{
    const char *error = request_limit_error(request);
    if (error != NULL) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT, error);
        return;
    }
    answer_type type = answer_type_of(request->type);
    if (type == ANSWER_TYPE_UNKNOWN) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT, "The parameter type must be image, text, xml, json, badge, shields or avatar.");
        return;
    }
    if ((type == ANSWER_TYPE_BADGE || type == ANSWER_TYPE_SHIELDS) && text_present(request->message) &&
        !text_equals(request->message, "0", 1) && !text_equals(request->message, "1", 1)) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT, "The parameter message must be 0 or 1.");
        return;
    }
    if (type == ANSWER_TYPE_IMAGE
        && ((error = image_choice_check(request)) != NULL || (error = redirect_check(request)) != NULL)) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT, error);
        return;
    }

    presence_decision decision = decide(request, snapshot);
    presence_status status = decision.status;
    switch (type) {
    case ANSWER_TYPE_IMAGE:
        if (!redirect_answer(request, status, response))
            status_image_answer(request, snapshot, status, response);
        break;
    case ANSWER_TYPE_TEXT:
        text_answer(snapshot, &decision, response);
        break;
    case ANSWER_TYPE_JSON:
        json_answer(snapshot, &decision, response);
        break;
    case ANSWER_TYPE_BADGE:
        badge_answer(request, snapshot, &decision, response);
        break;
    case ANSWER_TYPE_SHIELDS:
        shields_answer(request, snapshot, &decision, response);
        break;
    case ANSWER_TYPE_AVATAR:
        avatar_answer(snapshot, &decision, response);
        break;
    default:
        xml_answer(snapshot, &decision, response);
        break;
    }
}

/* The answer to OPTIONS (a CORS preflight, or a client asking what is allowed): 200, no
 * body, the methods and the one request header a page may use, no Content-Type. It
 * depends on no parameter. */
static void preflight_answer(presence_response *response)
{
#define PREFLIGHT_HEADER(name, value) {name, value},
    static const presence_header headers[] = {
        ANSWER_COMMON_TAIL(PREFLIGHT_HEADER)
        {"Allow", PRESENCE_ALLOWED_METHODS},
        {"Access-Control-Allow-Methods", PRESENCE_ALLOWED_METHODS},
        {"Access-Control-Allow-Headers", PRESENCE_PREFLIGHT_ALLOW_HEADERS},
        {"Access-Control-Max-Age", PRESENCE_PREFLIGHT_MAX_AGE},
    };
    answer_begin(response, 200, PRESENCE_ANSWER_PREFLIGHT, PRESENCE_STATUS_COUNT, NULL);
    response->header_count = sizeof headers / sizeof headers[0];
    memcpy(response->headers, headers, sizeof headers);
}

/* Turns a failed allocation anywhere (libxml2 does not report every one) into the 500,
 * whatever was built around the failure. */
static void answer_unless_allocation_failed(presence_response *response)
{
    if (core_allocation_failures_clear()) {
        presence_status status = response->status;
        presence_response_release(response);
        answer_out_of_memory(response, status);
    }
}

void presence_resolve(const presence_request *request, const presence_snapshot *snapshot,
                      presence_response *response)
{
    static const presence_request no_request;
    static const presence_snapshot no_snapshot;
    if (response == NULL)
        return;
    presence_core_init(); /* a no-op after the first call; keeps libxml2 initialised once */
    core_allocation_failures_clear();
    if (request == NULL)
        request = &no_request;
    if (snapshot == NULL)
        snapshot = &no_snapshot;
    if (request->preflight)
        preflight_answer(response);
    else
        resolve_answer(request, snapshot, response);
    answer_unless_allocation_failed(response);
    answer_finish(request, snapshot, response);
}

/* A growing body of the batch answer (from the core's allocator). */
typedef struct batch_body {
    char *data;
    size_t length, capacity;
    bool failed;
} batch_body;

/* Makes room for more bytes after length; false (and failed) when memory runs out. */
static bool batch_reserve(batch_body *body, size_t more)
{
    if (body->failed)
        return false;
    if (more <= body->capacity - body->length)
        return true;
    size_t capacity = body->capacity < 256 ? 256 : body->capacity;
    while (capacity - body->length < more) {
        if (capacity > SIZE_MAX / 2) { /* cannot happen within the limits; fail, never wrap */
            body->failed = true;
            return false;
        }
        capacity *= 2; /* doubling: appending is linear in the whole body */
    }
    char *grown = core_realloc(body->data, capacity);
    if (grown == NULL) {
        body->failed = true;
        return false;
    }
    body->data = grown;
    body->capacity = capacity;
    return true;
}

/* Appends length bytes; on failure only marks the body failed. */
static void batch_append(batch_body *body, const void *bytes, size_t length)
{
    if (batch_reserve(body, length)) {
        memcpy(body->data + body->length, bytes, length);
        body->length += length;
    }
}

/* A key already in the batch body: where it is, and its hash for a quick comparison. */
typedef struct batch_key {
    uint64_t hash;
    size_t at, length;
} batch_key;

/* The several-JIDs answer (count > 1, type=json, requests[0] within its limits): the object
 * of each distinct key's single answer, or the 400 for too many entries, or the first entry's
 * own 400/500, or the 500 when memory runs out. Before answer_finish. */
static void resolve_batch_json(const presence_request *requests, const presence_snapshot *snapshots, size_t count,
                               presence_response *response)
{
    if (count > PRESENCE_BATCH_MAX_JIDS) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT,
                     "The parameter jid is given more than 100 times; type=json answers at most 100 JIDs at once.");
        return;
    }
    batch_key keys[PRESENCE_BATCH_MAX_JIDS];
    size_t key_count = 0;
    batch_body body = {NULL, 0, 0, false};
    char *clean = core_malloc(CLEAN_TEXT_CAPACITY(PRESENCE_MAX_JID));
    if (clean == NULL) {
        answer_out_of_memory(response, PRESENCE_STATUS_COUNT);
        return;
    }
    batch_append(&body, "{", 1);
    for (size_t i = 0; i < count && !body.failed; i++) {
        presence_request entry = requests[0];
        entry.jid = requests[i].jid;
        presence_response single; /* resolve_answer sets every field it is read for */
        if (!text_within_limit(entry.jid, PRESENCE_MAX_JID)) {
            core_free(clean);
            core_free(body.data);
            resolve_answer(&entry, &snapshots[i], response); /* the 400 naming jid */
            return;
        }
        /* the key: the jid cleaned as type=text cleans a line, escaped as a JSON string */
        size_t cleaned = text_present(entry.jid) ? clean_text_line(entry.jid.data, entry.jid.length, clean) : 0;
        if (!batch_reserve(&body, JSON_ESCAPE_CAPACITY(cleaned) + 4))
            break;
        size_t at = body.length + (key_count > 0 ? 2 : 1);
        size_t length = json_escape_clean(clean, cleaned, body.data + at);
        hash128_state state;
        uint64_t hash[2];
        hash128_begin(&state);
        hash128_add(&state, body.data + at, length);
        hash128_end(&state, hash);
        bool again = false;
        for (size_t k = 0; k < key_count && !again; k++)
            again = keys[k].hash == hash[0] && keys[k].length == length &&
                    memcmp(body.data + keys[k].at, body.data + at, length) == 0;
        if (again)
            continue; /* answered once, at its first place */
        resolve_answer(&entry, &snapshots[i], &single);
        if (single.http_status != 200) { /* this entry's 400 or 500 is the answer */
            core_free(clean);
            core_free(body.data);
            *response = single;
            return;
        }
        if (key_count > 0)
            body.data[body.length] = ',';
        body.data[at - 1] = '"';
        body.data[at + length] = '"';
        body.data[at + length + 1] = ':';
        body.length = at + length + 2;
        keys[key_count++] = (batch_key){hash[0], at, length};
        batch_append(&body, single.body, single.body_length);
        core_free(single.owned);
    }
    batch_append(&body, "}", 1);
    core_free(clean);
    if (body.failed) {
        core_free(body.data);
        answer_out_of_memory(response, PRESENCE_STATUS_COUNT);
        return;
    }
    answer_begin(response, 200, PRESENCE_ANSWER_JSON, PRESENCE_STATUS_COUNT, CONTENT_TYPE_JSON);
    answer_owned_body(response, body.data, body.length);
}

void presence_resolve_batch(const presence_request *requests, const presence_snapshot *snapshots, size_t count,
                            presence_response *response)
{
    if (response == NULL)
        return;
    /* a private link ("id") names one user and wins over every jid: the single answer */
    if (count <= 1 || requests == NULL || snapshots == NULL || requests[0].preflight ||
        request_limit_error(&requests[0]) != NULL || answer_type_of(requests[0].type) != ANSWER_TYPE_JSON ||
        text_present(requests[0].id)) {
        presence_resolve(count == 0 ? NULL : requests, count == 0 ? NULL : snapshots, response);
        return;
    }
    presence_core_init();
    core_allocation_failures_clear();
    resolve_batch_json(requests, snapshots, count, response);
    answer_unless_allocation_failed(response);
    answer_finish(&requests[0], &snapshots[0], response);
}

void presence_response_release(presence_response *response)
{
    if (response == NULL)
        return;
    core_free(response->owned);
    /* the header buffers (etag … allow_origin, most of the struct) need no clearing */
    memset(response, 0, offsetof(presence_response, etag));
}
