/*
 * presence_jni.c — the JNI glue of presence.jar: type conversion only.
 *
 * PresenceCore.resolve(byte[][] fields, int flags, int priority) becomes one
 * presence_resolve() call; the answer comes back as one byte[] in the wire
 * format of README.md ("The JNI boundary"):
 *   u16 status, u8 N, N x (u16 len, name, u16 len, value), u16 len, log, body.
 *
 * Input byte arrays are never copied: each present field is pinned with
 * GetPrimitiveArrayCritical for the duration of the core call, so a field of
 * any size reaches the core with its true length (the core answers "too
 * long") at no cost. No JNI call is made while arrays are pinned. Every path
 * releases what it pinned and the core's response. When memory runs out the
 * method clears the pending error and returns null (the Java side answers 500).
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>

#include "presence.h"

/* Field indexes of the fields array (README, "The JNI boundary"). */
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

/* The Java byte arrays of one call and their pinned contents. */
typedef struct pinned_fields {
    jbyteArray array[FIELD_COUNT];
    void *bytes[FIELD_COUNT];
    size_t length[FIELD_COUNT];
} pinned_fields;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    return presence_core_init() == 0 ? JNI_VERSION_1_8 : JNI_ERR;
}

/* Fetches the element references (JNI calls allowed here). Returns false if
 * the VM failed (exception pending); references taken so far stay in *fields.
 * The Java type byte[][] guarantees every element is a byte[] or null. */
static bool fetch_arrays(JNIEnv *env, jobjectArray java_fields, pinned_fields *fields)
{
    if ((*env)->EnsureLocalCapacity(env, FIELD_COUNT + 2) != 0) {
        return false;
    }
    jsize count = java_fields == NULL ? 0 : (*env)->GetArrayLength(env, java_fields);
    for (jsize i = 0; i < count && i < FIELD_COUNT; i++) {
        fields->array[i] = (jbyteArray)(*env)->GetObjectArrayElement(env, java_fields, i);
        if ((*env)->ExceptionCheck(env)) {
            return false;
        }
        if (fields->array[i] != NULL) {
            fields->length[i] = (size_t)(*env)->GetArrayLength(env, fields->array[i]);
        }
    }
    return true;
}

/* Pins every present array (no other JNI call until unpin_arrays). Returns
 * false when the VM cannot provide one (out of memory). */
static bool pin_arrays(JNIEnv *env, pinned_fields *fields)
{
    for (int i = 0; i < FIELD_COUNT; i++) {
        if (fields->array[i] != NULL && fields->length[i] > 0) {
            fields->bytes[i] = (*env)->GetPrimitiveArrayCritical(env, fields->array[i], NULL);
            if (fields->bytes[i] == NULL) {
                return false;
            }
        }
    }
    return true;
}

/* Unpins (without copying back: the core never writes) and drops references. */
static void unpin_arrays(JNIEnv *env, pinned_fields *fields)
{
    for (int i = FIELD_COUNT - 1; i >= 0; i--) {
        if (fields->bytes[i] != NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, fields->array[i], fields->bytes[i], JNI_ABORT);
            fields->bytes[i] = NULL;
        }
    }
    for (int i = 0; i < FIELD_COUNT; i++) {
        if (fields->array[i] != NULL) {
            (*env)->DeleteLocalRef(env, fields->array[i]);
            fields->array[i] = NULL;
        }
    }
}

static presence_text field_text(const pinned_fields *fields, int index)
{
    presence_text text = { (const char *)fields->bytes[index], fields->length[index] };
    if (text.data == NULL) {
        text.length = 0;
    }
    return text;
}

static void fill_request(const pinned_fields *fields, presence_request *request)
{
    request->jid = field_text(fields, FIELD_JID);
    request->req_jid = field_text(fields, FIELD_REQ_JID);
    request->type = field_text(fields, FIELD_TYPE);
    request->images = field_text(fields, FIELD_IMAGES);
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        request->status_url[s] = field_text(fields, FIELD_STATUS_URL_FIRST + s);
    }
}

static void fill_snapshot(const pinned_fields *fields, jint flags, jint priority,
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

/* Copies the answer into a new Java byte[]; NULL when memory runs out. */
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
    void *bytes = (*env)->GetPrimitiveArrayCritical(env, answer, NULL);
    if (bytes == NULL) {
        (*env)->DeleteLocalRef(env, answer);
        return NULL;
    }
    encode(response, bytes);
    (*env)->ReleasePrimitiveArrayCritical(env, answer, bytes, 0);
    return answer;
}

JNIEXPORT jbyteArray JNICALL
Java_org_jivesoftware_openfire_plugin_presence_PresenceCore_resolve(
    JNIEnv *env, jclass caller, jobjectArray java_fields, jint flags, jint priority)
{
    (void)caller;
    pinned_fields fields;
    memset(&fields, 0, sizeof fields);
    jbyteArray answer = NULL;

    if (fetch_arrays(env, java_fields, &fields)) {
        bool pinned = pin_arrays(env, &fields);
        presence_response response;
        memset(&response, 0, sizeof response);
        if (pinned) {
            presence_request request;
            presence_snapshot snapshot;
            memset(&request, 0, sizeof request);
            memset(&snapshot, 0, sizeof snapshot);
            fill_request(&fields, &request);
            fill_snapshot(&fields, flags, priority, &snapshot);
            presence_resolve(&request, &snapshot, &response);
        }
        unpin_arrays(env, &fields);
        if (pinned) {
            answer = answer_array(env, &response);
        }
        presence_response_release(&response);
    } else {
        unpin_arrays(env, &fields);
    }
    if (answer == NULL) {
        (*env)->ExceptionClear(env);   /* e.g. OutOfMemoryError: the caller answers 500 */
    }
    return answer;
}
