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
 *      inside the answer builders).
 */
#include "presence_internal.h"

#include <sched.h>
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
    /* An allocation that failed anywhere (libxml2 does not report every one) makes the
     * answer the 500, whatever was built around the failure. */
    if (core_allocation_failures_clear()) {
        presence_response_release(response);
        answer_out_of_memory(response, status);
    }
}

void presence_response_release(presence_response *response)
{
    if (response == NULL)
        return;
    core_free(response->owned);
    memset(response, 0, sizeof *response);
}
