/*
 * presence_jni.c — the JNI glue of presence.jar: type conversion only.
 *
 * PresenceCore.resolve(byte[] packed, int flags, int priority) becomes one
 * presence_resolve() call. packed holds the 17 fields of README.md ("The JNI
 * boundary"): 17 x big-endian i32 length (-1 = absent), then the fields' bytes
 * in order. The answer comes back as one byte[] in the wire format:
 *   u16 status, u8 N, N x (u16 len, name, u16 len, value), u16 len, log, body.
 *
 * One call costs five JNI calls: GetArrayLength, Get/ReleasePrimitiveArrayCritical
 * of packed (the core reads the fields in place, so a field of any size reaches
 * it with its true length and the core answers "too long"), then NewByteArray +
 * SetByteArrayRegion for the answer. No JNI call is made while packed is pinned.
 * Every length is checked against the array's size before it is used: a malformed
 * packing returns null, as does running out of memory (after clearing the pending
 * error); the Java side answers 500 for null.
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>

#include "presence.h"

/* Field indexes of the packed fields (README, "The JNI boundary"). */
enum {
    FIELD_JID = 0, FIELD_REQ_JID, FIELD_TYPE, FIELD_IMAGES,
    FIELD_STATUS_URL_FIRST,                    /* 4..10: available .. forbidden */
    FIELD_JID_BARE = FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_COUNT, /* 11 */
    FIELD_REQUESTER_BARE, FIELD_STATUS_TEXT, FIELD_STANZA_XML,
    FIELD_LAST_STATUS, FIELD_UNAVAILABLE_TEXT,
    FIELD_COUNT                                /* 17 */
};

/* Bits of the flags argument. */
#define FLAG_JID_VALID        (1u << 0)
#define FLAG_JID_HAS_NODE     (1u << 1)
#define FLAG_DOMAIN_SHIFT     2
#define FLAG_DOMAIN_MASK      3u
#define FLAG_SUBJECT_EXISTS   (1u << 4)
#define FLAG_PRESENCE_PUBLIC  (1u << 5)
#define FLAG_REQUESTER_VALID  (1u << 6)
#define FLAG_REQUESTER_PROBE  (1u << 7)
#define FLAG_AVAILABLE        (1u << 8)
#define FLAG_SHOW_SHIFT       9
#define FLAG_SHOW_MASK        7u

#define WIRE_MAX_SHORT 0xFFFFu

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    return presence_core_init() == 0 ? JNI_VERSION_1_8 : JNI_ERR;
}

/* Bytes of the packed header: one big-endian i32 length per field. */
#define PACKED_HEADER_BYTES (4u * FIELD_COUNT)
/* Answers up to this size are encoded on the stack and copied with one SetByteArrayRegion. */
#define STACK_ANSWER_BYTES 4096u

/* The fields of one call, pointing into the pinned packed array (data NULL = absent). */
typedef struct packed_fields {
    presence_text field[FIELD_COUNT];
} packed_fields;

static uint32_t get_u32(const unsigned char *in)
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | (uint32_t)in[3];
}

/* Splits packed (size bytes) into its fields. Returns false when the packing is malformed: a
 * header that does not fit, a length below -1, or lengths that do not add up to exactly size. */
static bool unpack(const unsigned char *packed, size_t size, packed_fields *fields)
{
    if (size < PACKED_HEADER_BYTES) {
        return false;
    }
    size_t at = PACKED_HEADER_BYTES;
    for (int i = 0; i < FIELD_COUNT; i++) {
        int32_t length = (int32_t)get_u32(packed + 4 * i);
        if (length == -1) {
            continue;
        }
        if (length < 0 || (size_t)length > size - at) {
            return false;
        }
        if (length > 0) {
            fields->field[i].data = (const char *)packed + at;
            fields->field[i].length = (size_t)length;
        }
        at += (size_t)length;
    }
    return at == size;
}

static presence_text field_text(const packed_fields *fields, int index)
{
    return fields->field[index];
}

static void fill_request(const packed_fields *fields, presence_request *request)
{
    request->jid = field_text(fields, FIELD_JID);
    request->req_jid = field_text(fields, FIELD_REQ_JID);
    request->type = field_text(fields, FIELD_TYPE);
    request->images = field_text(fields, FIELD_IMAGES);
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        request->status_url[s] = field_text(fields, FIELD_STATUS_URL_FIRST + s);
    }
}

static void fill_snapshot(const packed_fields *fields, jint flags, jint priority,
                          presence_snapshot *snapshot)
{
    uint32_t bits = (uint32_t)flags;
    uint32_t domain = (bits >> FLAG_DOMAIN_SHIFT) & FLAG_DOMAIN_MASK;
    uint32_t show = (bits >> FLAG_SHOW_SHIFT) & FLAG_SHOW_MASK;

    snapshot->jid_valid = (bits & FLAG_JID_VALID) != 0;
    snapshot->jid_bare = field_text(fields, FIELD_JID_BARE);
    snapshot->jid_has_node = (bits & FLAG_JID_HAS_NODE) != 0;
    snapshot->jid_domain = domain <= PRESENCE_DOMAIN_COMPONENT ? (presence_jid_domain)domain
                                                               : PRESENCE_DOMAIN_FOREIGN;
    snapshot->subject_exists = (bits & FLAG_SUBJECT_EXISTS) != 0;
    snapshot->presence_public = (bits & FLAG_PRESENCE_PUBLIC) != 0;
    snapshot->requester_valid = (bits & FLAG_REQUESTER_VALID) != 0;
    snapshot->requester_bare = field_text(fields, FIELD_REQUESTER_BARE);
    snapshot->requester_may_probe = (bits & FLAG_REQUESTER_PROBE) != 0;
    snapshot->available = (bits & FLAG_AVAILABLE) != 0;
    snapshot->show = show <= PRESENCE_SHOW_DND ? (presence_show)show : PRESENCE_SHOW_NONE;
    snapshot->status_text = field_text(fields, FIELD_STATUS_TEXT);
    snapshot->priority = (int32_t)priority;
    snapshot->stanza_xml = field_text(fields, FIELD_STANZA_XML);
    snapshot->last_status = field_text(fields, FIELD_LAST_STATUS);
    snapshot->unavailable_text = field_text(fields, FIELD_UNAVAILABLE_TEXT);
}

static size_t text_length(const char *text)
{
    return text == NULL ? 0 : strlen(text);
}

/* Size of the encoded answer, or 0 when it cannot be encoded (a length over
 * the wire format's u16 fields or over a Java array's size). */
static size_t encoded_size(const presence_response *response)
{
    if (response->header_count > PRESENCE_MAX_HEADERS || response->http_status < 0
        || response->http_status > (int)WIRE_MAX_SHORT) {
        return 0;
    }
    size_t size = 2 + 1;
    for (size_t h = 0; h < response->header_count; h++) {
        size_t name = text_length(response->headers[h].name);
        size_t value = text_length(response->headers[h].value);
        if (name > WIRE_MAX_SHORT || value > WIRE_MAX_SHORT) {
            return 0;
        }
        size += 2 + name + 2 + value;
    }
    size_t log = text_length(response->log_message);
    if (log > WIRE_MAX_SHORT) {
        return 0;
    }
    size += 2 + log;
    if (response->body_length > (size_t)INT32_MAX - size) {
        return 0;
    }
    return size + response->body_length;
}

static unsigned char *put_short(unsigned char *out, size_t value)
{
    out[0] = (unsigned char)(value >> 8);
    out[1] = (unsigned char)(value & 0xFF);
    return out + 2;
}

static unsigned char *put_text(unsigned char *out, const char *text)
{
    size_t length = text_length(text);
    out = put_short(out, length);
    if (length > 0) {
        memcpy(out, text, length);
    }
    return out + length;
}

/* Writes the answer into out, which holds exactly encoded_size() bytes. */
static void encode(const presence_response *response, unsigned char *out)
{
    out = put_short(out, (size_t)response->http_status);
    *out++ = (unsigned char)response->header_count;
    for (size_t h = 0; h < response->header_count; h++) {
        out = put_text(out, response->headers[h].name);
        out = put_text(out, response->headers[h].value);
    }
    out = put_text(out, response->log_message);
    if (response->body_length > 0 && response->body != NULL) {
        memcpy(out, response->body, response->body_length);
    }
}

/* Copies the answer into a new Java byte[]; NULL when it cannot be encoded or memory runs
 * out. A small answer is encoded on the stack and copied with one SetByteArrayRegion; a larger
 * one is encoded straight into the pinned Java array. */
static jbyteArray answer_array(JNIEnv *env, const presence_response *response)
{
    size_t size = encoded_size(response);
    if (size == 0) {
        return NULL;
    }
    jbyteArray answer = (*env)->NewByteArray(env, (jsize)size);
    if (answer == NULL) {
        return NULL;
    }
    if (size <= STACK_ANSWER_BYTES) {
        unsigned char encoded[STACK_ANSWER_BYTES];
        encode(response, encoded);
        (*env)->SetByteArrayRegion(env, answer, 0, (jsize)size, (const jbyte *)encoded);
        return answer;
    }
    void *bytes = (*env)->GetPrimitiveArrayCritical(env, answer, NULL);
    if (bytes == NULL) {
        return NULL;
    }
    encode(response, bytes);
    (*env)->ReleasePrimitiveArrayCritical(env, answer, bytes, 0);
    return answer;
}

JNIEXPORT jbyteArray JNICALL
Java_org_jivesoftware_openfire_plugin_presence_PresenceCore_resolve(
    JNIEnv *env, jclass caller, jbyteArray packed, jint flags, jint priority)
{
    (void)caller;
    if (packed == NULL) {
        return NULL;
    }
    size_t size = (size_t)(*env)->GetArrayLength(env, packed);
    if (size < PACKED_HEADER_BYTES) {
        return NULL;
    }
    const unsigned char *bytes = (*env)->GetPrimitiveArrayCritical(env, packed, NULL);
    if (bytes == NULL) {
        (*env)->ExceptionClear(env);   /* OutOfMemoryError: the caller answers 500 */
        return NULL;
    }
    packed_fields fields;
    memset(&fields, 0, sizeof fields);
    bool well_formed = unpack(bytes, size, &fields);
    presence_response response;
    memset(&response, 0, sizeof response);
    if (well_formed) {
        presence_request request;
        presence_snapshot snapshot;
        memset(&request, 0, sizeof request);
        memset(&snapshot, 0, sizeof snapshot);
        fill_request(&fields, &request);
        fill_snapshot(&fields, flags, priority, &snapshot);
        presence_resolve(&request, &snapshot, &response);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, packed, (void *)bytes, JNI_ABORT);
    jbyteArray answer = NULL;
    if (well_formed) {
        answer = answer_array(env, &response);
    }
    presence_response_release(&response);
    if (answer == NULL) {
        (*env)->ExceptionClear(env);   /* e.g. OutOfMemoryError: the caller answers 500 */
    }
    return answer;
}
