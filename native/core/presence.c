/*
 * presence.c — presence_resolve(): the decision order of README "Order of decisions".
 *   1. a request parameter over its limit → 400 naming it;
 *   2. type: absent/empty → image; image, text, xml → that; else 400;
 *   3. type=image: the images template and every per-status URL given are checked
 *      before the status is known (a bad URL is 400 whatever the status);
 *   4. the status name is decided, then the answer is built (snapshot data over its
 *      limits → 500, inside the answer builders).
 */
#include "presence_internal.h"

#include <pthread.h>
#include <stdlib.h>

#include <libxml/parser.h>

typedef enum answer_type { ANSWER_TYPE_IMAGE, ANSWER_TYPE_TEXT, ANSWER_TYPE_XML, ANSWER_TYPE_UNKNOWN } answer_type;

static const char *const status_names[PRESENCE_STATUS_COUNT] = {
    "available", "chat", "away", "xa", "dnd", "offline", "forbidden",
};

static pthread_once_t core_initialised = PTHREAD_ONCE_INIT;

static void initialise_core(void)
{
    xmlInitParser();
}

int presence_core_init(void)
{
    return pthread_once(&core_initialised, initialise_core) == 0 ? 0 : -1;
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
        answer_error(response, 400, PRESENCE_STATUS_COUNT, "The parameter type must be image, text or xml.");
        return;
    }
    if (type == ANSWER_TYPE_IMAGE && (error = redirect_check(request)) != NULL) {
        answer_error(response, 400, PRESENCE_STATUS_COUNT, error);
        return;
    }

    presence_status status = decide_status(request, snapshot);
    switch (type) {
    case ANSWER_TYPE_IMAGE:
        if (!redirect_answer(request, status, response))
            status_image_answer(status, response);
        break;
    case ANSWER_TYPE_TEXT:
        text_answer(snapshot, status, response);
        break;
    default:
        xml_answer(request, snapshot, status, response);
        break;
    }
}

void presence_response_release(presence_response *response)
{
    if (response == NULL)
        return;
    free(response->owned);
    memset(response, 0, sizeof *response);
}
