/* status_image.c — the seven built-in icons as precomputed, static 200 answers. */
#include "presence_internal.h"

#include "presence_images.inc" /* generated from the icon texts in native/images/ */

#define IMAGE_ANSWER(status_value, bytes)                                                          \
    {                                                                                              \
        .http_status = 200, .kind = PRESENCE_ANSWER_IMAGE, .status = (status_value),               \
        .header_count = ANSWER_COMMON_HEADER_COUNT,                                                \
        .headers = {ANSWER_COMMON_HEADERS(CONTENT_TYPE_PNG)},                                      \
        .body = (bytes), .body_length = sizeof(bytes), .log_message = NULL, .owned = NULL,         \
    }

static const presence_response built_in_images[PRESENCE_STATUS_COUNT] = {
    IMAGE_ANSWER(PRESENCE_STATUS_AVAILABLE, presence_image_available),
    IMAGE_ANSWER(PRESENCE_STATUS_CHAT, presence_image_chat),
    IMAGE_ANSWER(PRESENCE_STATUS_AWAY, presence_image_away),
    IMAGE_ANSWER(PRESENCE_STATUS_XA, presence_image_xa),
    IMAGE_ANSWER(PRESENCE_STATUS_DND, presence_image_dnd),
    IMAGE_ANSWER(PRESENCE_STATUS_OFFLINE, presence_image_offline),
    IMAGE_ANSWER(PRESENCE_STATUS_FORBIDDEN, presence_image_forbidden),
};

void status_image_answer(presence_status status, presence_response *response)
{
    *response = built_in_images[status];
}
