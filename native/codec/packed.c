/*
 * packed.c — decoding packed calls and encoding answers (see packed.h).
 */
#include "packed.h"

#include <string.h>

/* What this code assumes of the generated layout; a change in PresenceCore.java that breaks an
 * assumption stops the build here instead of misreading calls. */
_Static_assert(LAYOUT_PACKED_LENGTH_BYTES == 4, "packed lengths are big-endian i32");
_Static_assert(LAYOUT_PACKED_ABSENT == -1, "an absent field is the only negative length");
_Static_assert(LAYOUT_HEADER_BYTES == LAYOUT_PACKED_LENGTH_BYTES * LAYOUT_FIELD_COUNT,
               "the header is one length per field");
_Static_assert(LAYOUT_STATUS_COUNT == PRESENCE_STATUS_COUNT, "one per-status URL per status name");
_Static_assert(LAYOUT_FIELD_ID == LAYOUT_FIELD_STATUS_URL_FIRST + LAYOUT_STATUS_COUNT,
               "the per-status URLs end where id begins");
_Static_assert(LAYOUT_SIGNATURE_MAX_LIFETIME_SECONDS == PRESENCE_SIGNATURE_MAX_LIFETIME, "one signature lifetime");
_Static_assert(LAYOUT_KEY_ROTATION_GRACE_SECONDS == PRESENCE_KEY_ROTATION_GRACE, "one rotation grace");
_Static_assert(LAYOUT_EXPIRES_MAX_DIGITS == PRESENCE_EXPIRES_MAX_DIGITS, "one expires length");
_Static_assert(LAYOUT_FIELD_EXPIRES == LAYOUT_FIELD_ID + 1 && LAYOUT_FIELD_LABEL == LAYOUT_FIELD_EXPIRES + 1 &&
                   LAYOUT_FIELD_MESSAGE == LAYOUT_FIELD_LABEL + 1 && LAYOUT_FIELD_THEME == LAYOUT_FIELD_MESSAGE + 1 &&
                   LAYOUT_FIELD_SIZE == LAYOUT_FIELD_THEME + 1 && LAYOUT_FIELD_FORMAT == LAYOUT_FIELD_SIZE + 1 &&
                   LAYOUT_FIELD_PARAMETER_COUNT == LAYOUT_FIELD_FORMAT + 1,
               "the request parameters end with id, expires, label, message, theme, size and format after the per-status URLs");
_Static_assert(LAYOUT_BATCH_MAX_JIDS == PRESENCE_BATCH_MAX_JIDS, "one batch limit");
_Static_assert(LAYOUT_MAX_JID_BYTES == PRESENCE_MAX_JID, "one jid limit");
_Static_assert(LAYOUT_MAX_AVATAR_BYTES == PRESENCE_MAX_AVATAR, "one avatar limit");
_Static_assert(LAYOUT_BATCH_ENTRY_HEADER_BYTES == 12, "a batch entry starts with flags, priority, length");
_Static_assert(LAYOUT_ANSWER_STATUS_BYTES >= 2 && LAYOUT_ANSWER_STATUS_BYTES <= 3, "status width");
_Static_assert(LAYOUT_ANSWER_COUNT_BYTES >= 1 && LAYOUT_ANSWER_COUNT_BYTES <= 3, "count width");
_Static_assert(LAYOUT_ANSWER_LENGTH_BYTES >= 1 && LAYOUT_ANSWER_LENGTH_BYTES <= 3, "length width");

/* The largest unsigned value of a big-endian field of width bytes (1..3: CoreAnswer reads them into a Java int). */
#define WIDTH_MAX(width) ((size_t)((UINT64_C(1) << (8 * (width))) - 1))

static uint32_t get_u32(const unsigned char *in)
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | (uint32_t)in[3];
}

/* A field of 1 to 18 decimal digits, optionally after '-', as a number; 0 otherwise. */
static int64_t decimal_or_zero(presence_text text)
{
    if (text.data == NULL || text.length == 0) {
        return 0;
    }
    size_t at = text.data[0] == '-' ? 1 : 0;
    if (text.length == at || text.length - at > 18) {
        return 0;
    }
    int64_t value = 0;
    for (size_t i = at; i < text.length; i++) {
        if (text.data[i] < '0' || text.data[i] > '9') {
            return 0;
        }
        value = value * 10 + (text.data[i] - '0');
    }
    return at == 1 ? -value : value;
}

bool packed_decode(const unsigned char *packed, size_t size, int32_t flags, int32_t priority,
                   presence_request *request, presence_snapshot *snapshot)
{
    memset(request, 0, sizeof *request);
    memset(snapshot, 0, sizeof *snapshot);
    if (packed == NULL || size < LAYOUT_HEADER_BYTES) {
        return false;
    }
    presence_text field[LAYOUT_FIELD_COUNT];
    memset(field, 0, sizeof field);
    size_t at = LAYOUT_HEADER_BYTES;
    for (size_t i = 0; i < LAYOUT_FIELD_COUNT; i++) {
        int32_t length = (int32_t)get_u32(packed + LAYOUT_PACKED_LENGTH_BYTES * i);
        if (length == LAYOUT_PACKED_ABSENT) {
            continue;
        }
        if (length < 0 || (size_t)length > size - at) {
            return false;
        }
        if (length > 0) {
            field[i].data = (const char *)packed + at;
            field[i].length = (size_t)length;
        }
        at += (size_t)length;
    }
    if (at != size) {
        return false;
    }

    request->jid = field[LAYOUT_FIELD_JID];
    request->req_jid = field[LAYOUT_FIELD_REQ_JID];
    request->type = field[LAYOUT_FIELD_TYPE];
    request->images = field[LAYOUT_FIELD_IMAGES];
    request->label = field[LAYOUT_FIELD_LABEL];
    request->message = field[LAYOUT_FIELD_MESSAGE];
    for (size_t s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        request->status_url[s] = field[LAYOUT_FIELD_STATUS_URL_FIRST + s];
    }
    request->id = field[LAYOUT_FIELD_ID];
    request->expires = field[LAYOUT_FIELD_EXPIRES];
    request->theme = field[LAYOUT_FIELD_THEME];
    request->size = field[LAYOUT_FIELD_SIZE];
    request->format = field[LAYOUT_FIELD_FORMAT];
    request->if_none_match = field[LAYOUT_FIELD_IF_NONE_MATCH];
    request->origin = field[LAYOUT_FIELD_ORIGIN];

    uint32_t bits = (uint32_t)flags;
    request->preflight = (bits & LAYOUT_FLAG_PREFLIGHT) != 0;
    snapshot->jid_valid = (bits & LAYOUT_FLAG_JID_VALID) != 0;
    snapshot->jid_bare = field[LAYOUT_FIELD_JID_BARE];
    snapshot->jid_has_node = (bits & LAYOUT_FLAG_JID_HAS_NODE) != 0;
    switch ((bits >> LAYOUT_FLAG_DOMAIN_SHIFT) & LAYOUT_FLAG_DOMAIN_MASK) {
    case LAYOUT_DOMAIN_LOCAL:
        snapshot->jid_domain = PRESENCE_DOMAIN_LOCAL;
        break;
    case LAYOUT_DOMAIN_COMPONENT:
        snapshot->jid_domain = PRESENCE_DOMAIN_COMPONENT;
        break;
    default:
        snapshot->jid_domain = PRESENCE_DOMAIN_FOREIGN;
        break;
    }
    snapshot->subject_exists = (bits & LAYOUT_FLAG_SUBJECT_EXISTS) != 0;
    snapshot->presence_public = (bits & LAYOUT_FLAG_PRESENCE_PUBLIC) != 0;
    snapshot->requester_valid = (bits & LAYOUT_FLAG_REQUESTER_VALID) != 0;
    snapshot->requester_bare = field[LAYOUT_FIELD_REQUESTER_BARE];
    snapshot->requester_may_probe = (bits & LAYOUT_FLAG_REQUESTER_MAY_PROBE) != 0;
    snapshot->requester_signed_only = (bits & LAYOUT_FLAG_REQUESTER_SIGNED_ONLY) != 0;
    snapshot->available = (bits & LAYOUT_FLAG_AVAILABLE) != 0;
    switch ((bits >> LAYOUT_FLAG_SHOW_SHIFT) & LAYOUT_FLAG_SHOW_MASK) {
    case LAYOUT_SHOW_CHAT:
        snapshot->show = PRESENCE_SHOW_CHAT;
        break;
    case LAYOUT_SHOW_AWAY:
        snapshot->show = PRESENCE_SHOW_AWAY;
        break;
    case LAYOUT_SHOW_XA:
        snapshot->show = PRESENCE_SHOW_XA;
        break;
    case LAYOUT_SHOW_DND:
        snapshot->show = PRESENCE_SHOW_DND;
        break;
    default:
        snapshot->show = PRESENCE_SHOW_NONE;
        break;
    }
    snapshot->status_text = field[LAYOUT_FIELD_STATUS_TEXT];
    snapshot->priority = priority;
    snapshot->stanza_xml = field[LAYOUT_FIELD_STANZA_XML];
    snapshot->last_status = field[LAYOUT_FIELD_LAST_STATUS];
    snapshot->unavailable_text = field[LAYOUT_FIELD_UNAVAILABLE_TEXT];
    switch ((bits >> LAYOUT_FLAG_SIGNATURE_KEY_SHIFT) & LAYOUT_FLAG_SIGNATURE_KEY_MASK) {
    case LAYOUT_KEY_CURRENT:
        snapshot->signature_key = PRESENCE_KEY_CURRENT;
        break;
    case LAYOUT_KEY_PREVIOUS:
        snapshot->signature_key = PRESENCE_KEY_PREVIOUS;
        break;
    default:
        snapshot->signature_key = PRESENCE_KEY_NONE;
        break;
    }
    snapshot->now = decimal_or_zero(field[LAYOUT_FIELD_NOW]);
    snapshot->previous_key_until = decimal_or_zero(field[LAYOUT_FIELD_PREVIOUS_KEY_UNTIL]);
    switch ((bits >> LAYOUT_FLAG_VISIBILITY_SHIFT) & LAYOUT_FLAG_VISIBILITY_MASK) {
    case LAYOUT_VISIBILITY_DEFAULT:
        snapshot->visibility = PRESENCE_VISIBILITY_DEFAULT;
        break;
    case LAYOUT_VISIBILITY_PUBLIC:
        snapshot->visibility = PRESENCE_VISIBILITY_PUBLIC;
        break;
    case LAYOUT_VISIBILITY_CONTACTS:
        snapshot->visibility = PRESENCE_VISIBILITY_CONTACTS;
        break;
    case LAYOUT_VISIBILITY_LINK:
        snapshot->visibility = PRESENCE_VISIBILITY_LINK;
        break;
    default:
        snapshot->visibility = PRESENCE_VISIBILITY_HIDDEN;
        break;
    }
    switch ((bits >> LAYOUT_FLAG_SHOWN_SHIFT) & LAYOUT_FLAG_SHOWN_MASK) {
    case LAYOUT_SHOWN_DEFAULT:
        snapshot->shown = PRESENCE_SHOWN_DEFAULT;
        break;
    case LAYOUT_SHOWN_MESSAGE:
        snapshot->shown = PRESENCE_SHOWN_MESSAGE;
        break;
    default:
        snapshot->shown = PRESENCE_SHOWN_STATUS;
        break;
    }
    snapshot->shown_setting = field[LAYOUT_FIELD_SHOWN_SETTING];
    snapshot->avatar = field[LAYOUT_FIELD_AVATAR];
    snapshot->default_theme = field[LAYOUT_FIELD_DEFAULT_THEME];
    snapshot->cache_max_age = field[LAYOUT_FIELD_CACHE_MAX_AGE];
    snapshot->cors_origins = field[LAYOUT_FIELD_CORS_ORIGINS];
    return true;
}

size_t packed_batch_count(const unsigned char *entries, size_t size)
{
    if (entries == NULL) {
        return 0;
    }
    size_t count = 0, at = 0;
    while (at < size) {
        if (size - at < LAYOUT_BATCH_ENTRY_HEADER_BYTES || count == PACKED_BATCH_MAX_ENTRIES) {
            return 0;
        }
        int32_t length = (int32_t)get_u32(entries + at + 8);
        at += LAYOUT_BATCH_ENTRY_HEADER_BYTES;
        if (length < 0 || (size_t)length > size - at) {
            return 0;
        }
        at += (size_t)length;
        count++;
    }
    return count;
}

bool packed_batch_decode(const unsigned char *entries, size_t size, size_t count, presence_request *requests,
                         presence_snapshot *snapshots)
{
    if (count == 0 || packed_batch_count(entries, size) != count) {
        return false;
    }
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        int32_t flags = (int32_t)get_u32(entries + at);
        int32_t priority = (int32_t)get_u32(entries + at + 4);
        size_t length = (size_t)get_u32(entries + at + 8);
        at += LAYOUT_BATCH_ENTRY_HEADER_BYTES;
        if (!packed_decode(entries + at, length, flags, priority, &requests[i], &snapshots[i])) {
            return false;
        }
        at += length;
    }
    return true;
}

static size_t text_length(const char *text)
{
    return text == NULL ? 0 : strlen(text);
}

/* The head's size, or 0 when a value does not fit its field. */
static size_t head_size(const presence_response *response)
{
    if (response->http_status < 0 || (size_t)response->http_status > WIDTH_MAX(LAYOUT_ANSWER_STATUS_BYTES)
        || response->header_count > PRESENCE_MAX_HEADERS
        || response->header_count > WIDTH_MAX(LAYOUT_ANSWER_COUNT_BYTES)) {
        return 0;
    }
    size_t size = LAYOUT_ANSWER_STATUS_BYTES + LAYOUT_ANSWER_COUNT_BYTES;
    for (size_t h = 0; h < response->header_count; h++) {
        size_t name = text_length(response->headers[h].name);
        size_t value = text_length(response->headers[h].value);
        if (name > WIDTH_MAX(LAYOUT_ANSWER_LENGTH_BYTES) || value > WIDTH_MAX(LAYOUT_ANSWER_LENGTH_BYTES)) {
            return 0;
        }
        size += LAYOUT_ANSWER_LENGTH_BYTES + name + LAYOUT_ANSWER_LENGTH_BYTES + value;
    }
    size_t log = text_length(response->log_message);
    if (log > WIDTH_MAX(LAYOUT_ANSWER_LENGTH_BYTES)) {
        return 0;
    }
    return size + LAYOUT_ANSWER_LENGTH_BYTES + log;
}

size_t packed_answer_size(const presence_response *response)
{
    size_t head = head_size(response);
    if (head == 0 || head > (size_t)INT32_MAX || response->body_length > (size_t)INT32_MAX - head) {
        return 0;
    }
    return head + response->body_length;
}

size_t packed_answer_head_size(const presence_response *response)
{
    return head_size(response);
}

/* Writes value big-endian in width bytes; returns the position after them. */
static unsigned char *put_unsigned(unsigned char *out, size_t value, size_t width)
{
    for (size_t i = 0; i < width; i++) {
        out[i] = (unsigned char)(value >> (8 * (width - 1 - i)));
    }
    return out + width;
}

static unsigned char *put_text(unsigned char *out, const char *text)
{
    size_t length = text_length(text);
    out = put_unsigned(out, length, LAYOUT_ANSWER_LENGTH_BYTES);
    if (length > 0) {
        memcpy(out, text, length);
    }
    return out + length;
}

unsigned char *packed_encode_head(const presence_response *response, unsigned char *out)
{
    out = put_unsigned(out, (size_t)response->http_status, LAYOUT_ANSWER_STATUS_BYTES);
    out = put_unsigned(out, response->header_count, LAYOUT_ANSWER_COUNT_BYTES);
    for (size_t h = 0; h < response->header_count; h++) {
        out = put_text(out, response->headers[h].name);
        out = put_text(out, response->headers[h].value);
    }
    return put_text(out, response->log_message);
}

void packed_encode_answer(const presence_response *response, unsigned char *out)
{
    out = packed_encode_head(response, out);
    if (response->body_length > 0 && response->body != NULL) {
        memcpy(out, response->body, response->body_length);
    }
}
