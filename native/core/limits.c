/* limits.c — step 1 of the decision order: request parameters over their limits. */
#include "presence_internal.h"

/* Sentences name the parameter and its limit (presence.h); they never echo input. */
static const char *const status_url_too_long[PRESENCE_STATUS_COUNT] = {
    "The parameter available is longer than 2048 bytes.",
    "The parameter chat is longer than 2048 bytes.",
    "The parameter away is longer than 2048 bytes.",
    "The parameter xa is longer than 2048 bytes.",
    "The parameter dnd is longer than 2048 bytes.",
    "The parameter offline is longer than 2048 bytes.",
    "The parameter forbidden is longer than 2048 bytes.",
};

/* The images template is limited on its own length: "--IMAGE--" is as long as the
 * longest status names, so that is the longest expansion, whatever the status
 * (a limit depending on the status would leak it). */
const char *request_limit_error(const presence_request *request)
{
    if (!text_within_limit(request->jid, PRESENCE_MAX_JID))
        return "The parameter jid is longer than 3071 bytes.";
    if (!text_within_limit(request->req_jid, PRESENCE_MAX_JID))
        return "The parameter req_jid is longer than 3071 bytes.";
    if (!text_within_limit(request->type, PRESENCE_MAX_TYPE))
        return "The parameter type is longer than 32 bytes.";
    if (!text_within_limit(request->images, PRESENCE_MAX_URL))
        return "The parameter images is longer than 2048 bytes.";
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++)
        if (!text_within_limit(request->status_url[status], PRESENCE_MAX_URL))
            return status_url_too_long[status];
    if (!text_within_limit(request->id, PRESENCE_MAX_ID))
        return "The parameter id is longer than 64 bytes.";
    if (!text_within_limit(request->expires, PRESENCE_MAX_EXPIRES))
        return "The parameter expires is longer than 32 bytes.";
    if (!text_within_limit(request->label, PRESENCE_MAX_LABEL))
        return "The parameter label is longer than 64 bytes.";
    if (!text_within_limit(request->message, PRESENCE_MAX_TYPE))
        return "The parameter message is longer than 32 bytes.";
    if (!text_within_limit(request->theme, PRESENCE_MAX_IMAGE_CHOICE))
        return "The parameter theme is longer than 32 bytes.";
    if (!text_within_limit(request->size, PRESENCE_MAX_IMAGE_CHOICE))
        return "The parameter size is longer than 32 bytes.";
    if (!text_within_limit(request->format, PRESENCE_MAX_IMAGE_CHOICE))
        return "The parameter format is longer than 32 bytes.";
    return NULL;
}
