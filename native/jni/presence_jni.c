/*
 * presence_jni.c — the JNI glue of presence.jar: JNI calls and conversion only.
 *
 * PresenceCore.resolve(byte[] packed, int flags, int priority) becomes one
 * presence_resolve() call, PresenceCore.resolveBatch(byte[] entries) one
 * presence_resolve_batch() call. The format of packed and of the answer is the
 * packed codec's (native/codec/packed.h), laid out by PresenceCore.java; the
 * prototype below comes from `javac -h` of that class, so the compiler checks
 * this function against the Java declaration.
 *
 * No Java array is pinned while the core works, so a slow request never holds
 * up the garbage collector: packed is copied out first (up to 8 KiB onto the
 * stack with GetByteArrayRegion; larger, into a block of its size from the
 * core's allocator, pinned only for that memcpy), the core works on the copy,
 * and the answer is copied in with SetByteArrayRegion. A small call costs four
 * JNI calls: GetArrayLength, GetByteArrayRegion, NewByteArray,
 * SetByteArrayRegion. A malformed packing returns null, as does running out of
 * memory (after clearing the pending error); the Java side answers 500 for null.
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>

#include "org_jivesoftware_openfire_plugin_presence_PresenceCore.h"
#include "packed.h"
#include "presence.h"
#include "presence_internal.h"   /* core_malloc, core_free: the core's one allocator */

/* Requests up to this size are copied onto the stack; larger ones into a heap block. */
#define STACK_REQUEST_BYTES 8192u
/* Answers up to this size are encoded on the stack and copied with one SetByteArrayRegion;
 * larger ones get their head (and only it) encoded, then the body copied straight from the core. */
#define STACK_ANSWER_BYTES 4096u

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    return presence_core_init() == 0 ? JNI_VERSION_1_8 : JNI_ERR;
}

/* Copies the answer into a new Java byte[]; NULL when it cannot be encoded or memory runs out. */
static jbyteArray answer_array(JNIEnv *env, const presence_response *response)
{
    size_t size = packed_answer_size(response);
    if (size == 0) {
        return NULL;
    }
    jbyteArray answer = (*env)->NewByteArray(env, (jsize)size);
    if (answer == NULL) {
        return NULL;
    }
    unsigned char encoded[STACK_ANSWER_BYTES];
    if (size <= STACK_ANSWER_BYTES) {
        packed_encode_answer(response, encoded);
        (*env)->SetByteArrayRegion(env, answer, 0, (jsize)size, (const jbyte *)encoded);
        return answer;
    }
    size_t head = packed_answer_head_size(response);
    unsigned char *head_bytes = head <= STACK_ANSWER_BYTES ? encoded : core_malloc(head);
    if (head_bytes == NULL) {
        return NULL;
    }
    packed_encode_head(response, head_bytes);
    (*env)->SetByteArrayRegion(env, answer, 0, (jsize)head, (const jbyte *)head_bytes);
    if (head_bytes != encoded) {
        core_free(head_bytes);
    }
    (*env)->SetByteArrayRegion(env, answer, (jsize)head, (jsize)response->body_length,
                               (const jbyte *)response->body);
    return answer;
}

/* Copies packed (size bytes) into a new block from the core's allocator, *copy. The array is
 * pinned only for the memcpy (HotSpot's GetByteArrayRegion took about 30 us more for 60 KiB in
 * the JNI benchmark), so the pin lasts as long as a copy of the request, never a core call. Returns false (nothing allocated, error cleared) when memory runs out. */
static bool copy_large_request(JNIEnv *env, jbyteArray packed, size_t size, unsigned char **copy)
{
    unsigned char *block = core_malloc(size);
    if (block == NULL) {
        return false;
    }
    const void *pinned = (*env)->GetPrimitiveArrayCritical(env, packed, NULL);
    if (pinned == NULL) {
        core_free(block);
        (*env)->ExceptionClear(env);   /* OutOfMemoryError: the caller answers 500 */
        return false;
    }
    memcpy(block, pinned, size);
    (*env)->ReleasePrimitiveArrayCritical(env, packed, (void *)pinned, JNI_ABORT);
    *copy = block;
    return true;
}

/* Copies the Java array into *copy (the stack block when it fits, else a core block); false
 * (nothing allocated) when memory runs out. */
static bool copy_request(JNIEnv *env, jbyteArray packed, size_t size, unsigned char *stack_copy, unsigned char **copy)
{
    *copy = stack_copy;
    if (size <= STACK_REQUEST_BYTES) {
        (*env)->GetByteArrayRegion(env, packed, 0, (jsize)size, (jbyte *)stack_copy);  /* in bounds: cannot fail */
        return true;
    }
    return copy_large_request(env, packed, size, copy);
}

/* The encoded answer of a well-formed request (NULL otherwise, or when the JVM is out of
 * memory: the caller answers 500, the error is cleared); releases the response either way. */
static jbyteArray answer_or_null(JNIEnv *env, bool well_formed, presence_response *response)
{
    jbyteArray answer = well_formed ? answer_array(env, response) : NULL;
    presence_response_release(response);
    if (answer == NULL) {
        (*env)->ExceptionClear(env);   /* e.g. OutOfMemoryError */
    }
    return answer;
}

JNIEXPORT jbyteArray JNICALL
Java_org_jivesoftware_openfire_plugin_presence_PresenceCore_resolveBatch(JNIEnv *env, jclass caller, jbyteArray entries)
{
    (void)caller;
    if (entries == NULL) {
        return NULL;
    }
    jsize length = (*env)->GetArrayLength(env, entries);
    if (length <= 0) {
        return NULL;
    }
    size_t size = (size_t)length;
    unsigned char stack_copy[STACK_REQUEST_BYTES];
    unsigned char *copy;
    if (!copy_request(env, entries, size, stack_copy, &copy)) {
        return NULL;
    }
    size_t count = packed_batch_count(copy, size);
    presence_request *requests = count == 0 ? NULL : core_malloc(count * sizeof *requests);
    presence_snapshot *snapshots = count == 0 ? NULL : core_malloc(count * sizeof *snapshots);
    presence_response response;
    memset(&response, 0, sizeof response);
    bool well_formed = requests != NULL && snapshots != NULL
                       && packed_batch_decode(copy, size, count, requests, snapshots);
    if (well_formed) {
        presence_resolve_batch(requests, snapshots, count, &response);  /* never points into the copy */
    }
    core_free(requests);
    core_free(snapshots);
    if (copy != stack_copy) {
        core_free(copy);
    }
    return answer_or_null(env, well_formed, &response);
}

JNIEXPORT jbyteArray JNICALL
Java_org_jivesoftware_openfire_plugin_presence_PresenceCore_resolve(
    JNIEnv *env, jclass caller, jbyteArray packed, jint flags, jint priority)
{
    (void)caller;
    if (packed == NULL) {
        return NULL;
    }
    jsize length = (*env)->GetArrayLength(env, packed);
    size_t size = (size_t)length;
    if (length < 0 || size < LAYOUT_HEADER_BYTES) {
        return NULL;
    }
    unsigned char stack_copy[STACK_REQUEST_BYTES];
    unsigned char *copy;
    if (!copy_request(env, packed, size, stack_copy, &copy)) {
        return NULL;
    }

    presence_request request;
    presence_snapshot snapshot;
    presence_response response;
    memset(&response, 0, sizeof response);
    bool well_formed = packed_decode(copy, size, flags, priority, &request, &snapshot);
    if (well_formed) {
        presence_resolve(&request, &snapshot, &response);  /* never points into the copy */
    }
    if (copy != stack_copy) {
        core_free(copy);
    }
    return answer_or_null(env, well_formed, &response);
}
