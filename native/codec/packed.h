/*
 * packed.h — the packed format of the JNI boundary, without JNI.
 *
 * One call of PresenceCore.resolve(byte[] packed, int flags, int priority)
 * arrives as packed bytes plus two ints; its answer leaves as one byte string.
 * This unit turns the first into the core's presence_request and
 * presence_snapshot, and a presence_response into the second. The JNI glue
 * (native/jni/) only moves bytes between Java arrays and these functions; the
 * fuzzer and the tests call them directly.
 *
 * The layout (field indexes, flag bits, byte widths) is defined once, in
 * PresenceCore.java; presence_layout.h is generated from it at build time
 * (native/codec/CMakeLists.txt) and names every constant LAYOUT_<NAME>.
 *
 * Pure functions: no allocation, no global state, thread-safe.
 */
#ifndef PRESENCE_PACKED_H
#define PRESENCE_PACKED_H

#include "presence.h"
#include "presence_layout.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes one call into *request and *snapshot. packed holds size bytes:
 * LAYOUT_FIELD_COUNT big-endian i32 lengths (LAYOUT_PACKED_ABSENT = absent),
 * then the present fields' bytes in field order. The texts point into packed,
 * which must stay unchanged while they are used; a field of length 0 is an
 * absent text. A domain kind, show, key, visibility or shown code out of range
 * reads as foreign, none, none, hidden or status. The decimal fields (now,
 * previous key's end) read as 0 unless they are 1 to 18 digits after an
 * optional '-'. Reads no byte outside packed[0, size). Returns false, and leaves both
 * structs zeroed, when the packing is malformed: shorter than its header, a
 * length below LAYOUT_PACKED_ABSENT, or lengths that do not add up to exactly
 * size. */
bool packed_decode(const unsigned char *packed, size_t size, int32_t flags, int32_t priority,
                   presence_request *request, presence_snapshot *snapshot);

/* The most entries a batch may hold: one more than the core answers together, so
 * that the core, not the packing, refuses a request with too many jid parameters. */
#define PACKED_BATCH_MAX_ENTRIES ((size_t)LAYOUT_BATCH_MAX_JIDS + 1u)

/* The number of entries of a batch (PresenceCore.resolveBatch): size bytes of
 * entries, each LAYOUT_BATCH_ENTRY_HEADER_BYTES (flags, priority, length n as
 * big-endian i32) then n packed bytes. 0 when malformed: no entry, a negative or
 * too long length, bytes left over, or more than PACKED_BATCH_MAX_ENTRIES. */
size_t packed_batch_count(const unsigned char *entries, size_t size);

/* Decodes the count entries (packed_batch_count) into requests[0..count) and
 * snapshots[0..count), each as packed_decode does. Returns false when the batch
 * or any entry is malformed (the structs are then unspecified, pointing into
 * entries or zeroed). */
bool packed_batch_decode(const unsigned char *entries, size_t size, size_t count, presence_request *requests,
                         presence_snapshot *snapshots);

/* Bytes of *response encoded as an answer: the HTTP status, the header count,
 * each header's name and value, the log message (NULL = empty), each text
 * after its length; then the body. 0 when it cannot be encoded: a status,
 * count or length that does not fit its field, or a total over INT32_MAX
 * (the largest Java array). */
size_t packed_answer_size(const presence_response *response);

/* Bytes of the answer before the body. Meaningful only when
 * packed_answer_size(response) is not 0. */
size_t packed_answer_head_size(const presence_response *response);

/* Writes the answer's head (packed_answer_head_size bytes) into out; returns
 * the position after it. Only when packed_answer_size(response) is not 0. */
unsigned char *packed_encode_head(const presence_response *response, unsigned char *out);

/* Writes the whole answer (packed_answer_size bytes: the head, then the body)
 * into out. Only when packed_answer_size(response) is not 0. */
void packed_encode_answer(const presence_response *response, unsigned char *out);

#ifdef __cplusplus
}
#endif
#endif /* PRESENCE_PACKED_H */
