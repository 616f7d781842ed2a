/*
 * presence_fuzz.c — libFuzzer target for the JNI boundary and the core, minus JNI.
 *
 * Each input is one call as the JNI glue gets it (flags, priority, packed
 * bytes) plus the index of one allocation to fail. It runs the path of a real
 * call: the shared packed decoder (native/codec/packed.h) → presence_resolve →
 * the shared answer encoder → an independent decoder of the answer bytes
 * here; then every answer is checked against the contract's invariants
 * (answer_checks.c). A forbidden answer is resolved a second time with every
 * presence fact changed and less permission; both must be byte-identical (no
 * presence leak, no account enumeration). With an allocation failed, the
 * answer must be the complete one or exactly the 500 out-of-memory answer.
 *
 * Input layout (tests/fuzz/make-corpus.py writes seeds in it):
 *   byte  0     mode: bit 1 set (fields mode) = the call is also made as several
 *               jid parameters (presence_resolve_batch, through the batch
 *               packing): the request, the request with req_jid as its jid,
 *               the request again, each with the same facts;
 *               bit 0 set = the payload is the packed bytes exactly as
 *               Java would pass them (malformed packings included); clear =
 *               the payload is the fields, separated by 0xFF (0xFE escapes the
 *               byte after it), which this file packs itself — so that
 *               mutations that change a field's length keep the packing valid.
 *               Missing fields are absent, empty ones present with length 0.
 *   bytes 1-4   flags, little-endian int32, every bit as Java passes it
 *   bytes 5-8   priority, little-endian int32
 *   bytes 9-10  index of the allocation attempt to fail, little-endian;
 *               0xFFFF = none
 *   byte  11    (fields mode) index of one field to pad to its limit (value
 *               % 64; >= LAYOUT_FIELD_COUNT: none)
 *   byte  12    (fields mode) padded length: limit - 1, limit or limit + 1
 *               (value % 3)
 *   then the payload.
 * The packed bytes live in one exactly-sized heap block, so any read past
 * them, by the decoder or the core, is an AddressSanitizer report.
 */
#include "answer_checks.h"
#include "packed.h"
#include "presence.h"
#include "presence_fault.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PRESENCE_FAULT_INJECTION
#error "presence_fuzz needs the core built with PRESENCE_FAULT_INJECTION=ON"
#endif

enum { INPUT_HEADER_BYTES = 13, SEPARATOR = 0xFF, ESCAPE = 0xFE, NO_FAILURE = 0xFFFF };
enum { MODE_RAW_PACKED = 1, MODE_BATCH = 2 };

/* Limits of each field (presence.h), for padding a field to limit - 1, limit, limit + 1. */
static const size_t field_limit[LAYOUT_FIELD_COUNT] = {
    [LAYOUT_FIELD_JID] = PRESENCE_MAX_JID,
    [LAYOUT_FIELD_REQ_JID] = PRESENCE_MAX_JID,
    [LAYOUT_FIELD_TYPE] = PRESENCE_MAX_TYPE,
    [LAYOUT_FIELD_IMAGES] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_AVAILABLE] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_CHAT] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_AWAY] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_XA] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_DND] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_OFFLINE] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_STATUS_URL_FIRST + PRESENCE_STATUS_FORBIDDEN] = PRESENCE_MAX_URL,
    [LAYOUT_FIELD_JID_BARE] = PRESENCE_MAX_JID,
    [LAYOUT_FIELD_REQUESTER_BARE] = PRESENCE_MAX_JID,
    [LAYOUT_FIELD_STATUS_TEXT] = PRESENCE_MAX_STATUS_TEXT,
    [LAYOUT_FIELD_STANZA_XML] = PRESENCE_MAX_STANZA,
    [LAYOUT_FIELD_LAST_STATUS] = PRESENCE_MAX_STATUS_TEXT,
    [LAYOUT_FIELD_UNAVAILABLE_TEXT] = PRESENCE_MAX_STATUS_TEXT,
    [LAYOUT_FIELD_ID] = PRESENCE_MAX_ID,
    [LAYOUT_FIELD_EXPIRES] = PRESENCE_MAX_EXPIRES,
    [LAYOUT_FIELD_NOW] = 19,
    [LAYOUT_FIELD_PREVIOUS_KEY_UNTIL] = 19,
    [LAYOUT_FIELD_SHOWN_SETTING] = PRESENCE_MAX_TYPE,
    [LAYOUT_FIELD_LABEL] = PRESENCE_MAX_LABEL,
    [LAYOUT_FIELD_MESSAGE] = PRESENCE_MAX_TYPE,
    [LAYOUT_FIELD_AVATAR] = PRESENCE_MAX_AVATAR,
    [LAYOUT_FIELD_THEME] = PRESENCE_MAX_IMAGE_CHOICE,
    [LAYOUT_FIELD_SIZE] = PRESENCE_MAX_IMAGE_CHOICE,
    [LAYOUT_FIELD_FORMAT] = PRESENCE_MAX_IMAGE_CHOICE,
    [LAYOUT_FIELD_DEFAULT_THEME] = PRESENCE_MAX_IMAGE_CHOICE, /* no limit of its own: any value reads as a theme or classic */
    [LAYOUT_FIELD_IF_NONE_MATCH] = PRESENCE_MAX_IF_NONE_MATCH,
    [LAYOUT_FIELD_ORIGIN] = PRESENCE_MAX_ORIGIN,
    [LAYOUT_FIELD_CACHE_MAX_AGE] = PRESENCE_MAX_CACHE_SETTING,
    [LAYOUT_FIELD_CORS_ORIGINS] = PRESENCE_MAX_CORS_ORIGINS,
};

/* One fuzz input, decoded. */
typedef struct fuzz_call {
    int32_t flags;
    int32_t priority;
    long fail_at;                  /* -1: no allocation fails */
    unsigned char *packed;         /* exactly packed_size bytes on the heap (NULL when 0) */
    size_t packed_size;
    bool fields_known;             /* fields mode: field[] holds what was packed */
    bool batch;                    /* fields mode: also resolve as several jid parameters */
    presence_text field[LAYOUT_FIELD_COUNT];
} fuzz_call;

/* The 500 out-of-memory answer, as encoded bytes, and its body (LLVMFuzzerInitialize records
 * them, with any origin allowed). */
static unsigned char *oom_answer;
static size_t oom_answer_size;
static char oom_body[256];

static void *allocate(size_t size)
{
    void *block = malloc(size > 0 ? size : 1);
    if (block == NULL)
        abort();
    return block;
}

static uint32_t get_le32(const uint8_t *in)
{
    return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
}

/* Copies one field out of [data, end), removing escapes; returns the position after it. */
static const uint8_t *take_field(const uint8_t *data, const uint8_t *end, presence_text *field)
{
    char *copy = allocate((size_t)(end - data));
    size_t length = 0;
    const uint8_t *p = data;
    while (p < end) {
        if (*p == SEPARATOR) {
            p++;
            break;
        }
        if (*p == ESCAPE && p + 1 < end)
            p++;
        copy[length++] = (char)*p++;
    }
    field->data = copy;
    field->length = length;
    return p;
}

/* Replaces the field with its own bytes repeated (or 'a's) to limit - 1, limit or limit + 1. */
static void pad_field(presence_text *field, size_t limit, unsigned offset_choice)
{
    size_t length = limit - 1 + offset_choice % 3;
    char *padded = allocate(length);
    for (size_t i = 0; i < length; i++)
        padded[i] = field->length > 0 ? field->data[i % field->length] : 'a';
    free((void *)field->data);
    field->data = padded;
    field->length = length;
}

static void put_be32(unsigned char *out, int32_t value)
{
    uint32_t bits = (uint32_t)value;
    out[0] = (unsigned char)(bits >> 24);
    out[1] = (unsigned char)(bits >> 16);
    out[2] = (unsigned char)(bits >> 8);
    out[3] = (unsigned char)bits;
}

/* This file's own packer (the format of PresenceCore.pack): lengths, then the present bytes. */
static void pack_fields(fuzz_call *call)
{
    size_t total = LAYOUT_HEADER_BYTES;
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++)
        if (call->field[i].data != NULL)
            total += call->field[i].length;
    unsigned char *packed = allocate(total);
    size_t at = LAYOUT_HEADER_BYTES;
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++) {
        const presence_text *f = &call->field[i];
        put_be32(packed + LAYOUT_PACKED_LENGTH_BYTES * i,
                 f->data == NULL ? LAYOUT_PACKED_ABSENT : (int32_t)f->length);
        if (f->data != NULL && f->length > 0) {
            memcpy(packed + at, f->data, f->length);
            at += f->length;
        }
    }
    call->packed = packed;
    call->packed_size = total;
}

static void decode_input(const uint8_t *data, size_t size, fuzz_call *call)
{
    uint8_t header[INPUT_HEADER_BYTES] = {0};
    size_t header_size = size < INPUT_HEADER_BYTES ? size : INPUT_HEADER_BYTES;
    memcpy(header, data, header_size);
    memset(call, 0, sizeof *call);
    call->flags = (int32_t)get_le32(header + 1);
    call->priority = (int32_t)get_le32(header + 5);
    unsigned fail = (unsigned)header[9] | (unsigned)header[10] << 8;
    call->fail_at = fail == NO_FAILURE ? -1 : (long)fail;
    const uint8_t *p = data + header_size;
    const uint8_t *end = data + size;
    if (header[0] & MODE_RAW_PACKED) {
        call->packed_size = (size_t)(end - p);
        call->packed = call->packed_size > 0 ? allocate(call->packed_size) : NULL;
        if (call->packed_size > 0)
            memcpy(call->packed, p, call->packed_size);
        return;
    }
    for (int i = 0; i < LAYOUT_FIELD_COUNT && p < end; i++)
        p = take_field(p, end, &call->field[i]);
    _Static_assert(LAYOUT_FIELD_COUNT < 64, "byte 11 names every field and one value more (none)");
    unsigned padded_index = header[11] % 64u;
    if (padded_index < LAYOUT_FIELD_COUNT)
        pad_field(&call->field[padded_index], field_limit[padded_index], header[12]);
    call->fields_known = true;
    call->batch = (header[0] & MODE_BATCH) != 0;
    pack_fields(call);
}

static void release_call(fuzz_call *call)
{
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++)
        free((void *)call->field[i].data);
    free(call->packed);
}

/* Independently of packed.c: is the packing well-formed (lengths >= -1 adding up exactly)? */
static bool packing_well_formed(const unsigned char *packed, size_t size)
{
    if (size < (size_t)LAYOUT_HEADER_BYTES)
        return false;
    int64_t total = LAYOUT_HEADER_BYTES;
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++) {
        const unsigned char *b = packed + 4 * i;
        int32_t length = (int32_t)((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
        if (length < -1)
            return false;
        if (length > 0)
            total += length;
    }
    return total == (int64_t)size;
}

static bool same_text(presence_text decoded, presence_text packed)
{
    if (packed.data == NULL || packed.length == 0)
        return decoded.data == NULL && decoded.length == 0;
    return decoded.length == packed.length && memcmp(decoded.data, packed.data, packed.length) == 0;
}

/* The decoder's result against what was packed and against the packed bytes. */
static void check_decoded(const fuzz_call *call, const presence_request *request,
                          const presence_snapshot *snapshot)
{
    if (call->fields_known) {
        const presence_text *f = call->field;
        require(same_text(request->jid, f[LAYOUT_FIELD_JID]) && same_text(request->req_jid, f[LAYOUT_FIELD_REQ_JID]) &&
                same_text(request->type, f[LAYOUT_FIELD_TYPE]) && same_text(request->images, f[LAYOUT_FIELD_IMAGES]),
                "decoder: request parameter differs from the packed field");
        for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
            require(same_text(request->status_url[s], f[LAYOUT_FIELD_STATUS_URL_FIRST + s]),
                    "decoder: per-status URL differs from the packed field");
        require(same_text(request->id, f[LAYOUT_FIELD_ID]) && same_text(request->expires, f[LAYOUT_FIELD_EXPIRES]) &&
                same_text(snapshot->shown_setting, f[LAYOUT_FIELD_SHOWN_SETTING]),
                "decoder: id, expires or shown setting differs from the packed field");
        require(same_text(snapshot->jid_bare, f[LAYOUT_FIELD_JID_BARE]) &&
                same_text(snapshot->requester_bare, f[LAYOUT_FIELD_REQUESTER_BARE]) &&
                same_text(snapshot->status_text, f[LAYOUT_FIELD_STATUS_TEXT]) &&
                same_text(snapshot->stanza_xml, f[LAYOUT_FIELD_STANZA_XML]) &&
                same_text(snapshot->last_status, f[LAYOUT_FIELD_LAST_STATUS]) &&
                same_text(snapshot->unavailable_text, f[LAYOUT_FIELD_UNAVAILABLE_TEXT]) &&
                same_text(snapshot->cache_max_age, f[LAYOUT_FIELD_CACHE_MAX_AGE]) &&
                same_text(snapshot->cors_origins, f[LAYOUT_FIELD_CORS_ORIGINS]),
                "decoder: snapshot text differs from the packed field");
        require(same_text(request->if_none_match, f[LAYOUT_FIELD_IF_NONE_MATCH]) &&
                same_text(request->origin, f[LAYOUT_FIELD_ORIGIN]),
                "decoder: request header differs from the packed field");
    }
    const unsigned char *begin = call->packed, *end = call->packed + call->packed_size;
    const presence_text *texts[] = {&request->jid, &request->req_jid, &request->type, &request->images,
                                    &request->id, &request->expires, &snapshot->shown_setting,
                                    &snapshot->jid_bare, &snapshot->requester_bare, &snapshot->status_text,
                                    &snapshot->stanza_xml, &snapshot->last_status, &snapshot->unavailable_text,
                                    &request->if_none_match, &request->origin, &snapshot->cache_max_age,
                                    &snapshot->cors_origins};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i]->data != NULL)
            require((const unsigned char *)texts[i]->data >= begin + LAYOUT_HEADER_BYTES &&
                    (const unsigned char *)texts[i]->data + texts[i]->length <= end,
                    "decoder: a text points outside the packed bytes");
    uint32_t bits = (uint32_t)call->flags;
    require(snapshot->jid_valid == ((bits & LAYOUT_FLAG_JID_VALID) != 0) &&
            snapshot->available == ((bits & LAYOUT_FLAG_AVAILABLE) != 0) &&
            snapshot->presence_public == ((bits & LAYOUT_FLAG_PRESENCE_PUBLIC) != 0) &&
            snapshot->requester_signed_only == ((bits & LAYOUT_FLAG_REQUESTER_SIGNED_ONLY) != 0) &&
            request->preflight == ((bits & LAYOUT_FLAG_PREFLIGHT) != 0),
            "decoder: a flag bit was misread");
    require((unsigned)snapshot->jid_domain <= PRESENCE_DOMAIN_COMPONENT && (unsigned)snapshot->show <= PRESENCE_SHOW_DND,
            "decoder: domain kind or show out of range");
    require((unsigned)snapshot->signature_key <= PRESENCE_KEY_PREVIOUS &&
            (unsigned)snapshot->visibility <= PRESENCE_VISIBILITY_HIDDEN &&
            (unsigned)snapshot->shown <= PRESENCE_SHOWN_MESSAGE,
            "decoder: key, visibility or shown code out of range");
    unsigned visibility_code = (bits >> LAYOUT_FLAG_VISIBILITY_SHIFT) & LAYOUT_FLAG_VISIBILITY_MASK;
    require(visibility_code > LAYOUT_VISIBILITY_HIDDEN ? snapshot->visibility == PRESENCE_VISIBILITY_HIDDEN
                                                       : (unsigned)snapshot->visibility == visibility_code,
            "decoder: visibility misread (out of range must read as hidden)");
    require(snapshot->priority == call->priority, "decoder: priority changed");
}

/* ---- the answer bytes, decoded independently of packed.c ------------------------------ */

typedef struct wire_reader {
    const unsigned char *at, *end;
} wire_reader;

static size_t read_unsigned(wire_reader *in, int width)
{
    require(in->end - in->at >= width, "answer bytes truncated");
    size_t value = 0;
    for (int i = 0; i < width; i++)
        value = value << 8 | *in->at++;
    return value;
}

/* A length-prefixed text of the answer, compared with expected (NULL = empty). */
static void read_text(wire_reader *in, const char *expected, const char *what)
{
    size_t length = read_unsigned(in, LAYOUT_ANSWER_LENGTH_BYTES);
    require((size_t)(in->end - in->at) >= length, "answer text runs past the end");
    size_t expected_length = expected == NULL ? 0 : strlen(expected);
    require(length == expected_length && (length == 0 || memcmp(in->at, expected, length) == 0), what);
    require(memchr(in->at, '\0', length) == NULL, "answer text holds a NUL");
    in->at += length;
}

/* Encodes the response with the shared encoder and reads it back here: every part must match. */
static unsigned char *encode_and_verify(const presence_response *response, size_t *size_out)
{
    size_t size = packed_answer_size(response);
    require(size != 0, "the core's answer cannot be encoded");
    size_t head = packed_answer_head_size(response);
    require(head <= size && size - head == response->body_length, "answer head and body sizes do not add up");
    unsigned char *encoded = allocate(size);
    packed_encode_answer(response, encoded);
    unsigned char *head_only = allocate(head);
    require(packed_encode_head(response, head_only) == head_only + head, "encoded head's end is off");
    require(memcmp(head_only, encoded, head) == 0, "encoded head differs from the whole answer's head");
    free(head_only);

    wire_reader in = {encoded, encoded + size};
    require(read_unsigned(&in, LAYOUT_ANSWER_STATUS_BYTES) == (size_t)response->http_status,
            "answer bytes: HTTP status differs");
    require(read_unsigned(&in, LAYOUT_ANSWER_COUNT_BYTES) == response->header_count,
            "answer bytes: header count differs");
    for (size_t h = 0; h < response->header_count; h++) {
        read_text(&in, response->headers[h].name, "answer bytes: header name differs");
        read_text(&in, response->headers[h].value, "answer bytes: header value differs");
    }
    read_text(&in, response->log_message, "answer bytes: log message differs");
    require((size_t)(in.end - in.at) == response->body_length &&
            (response->body_length == 0 || memcmp(in.at, response->body, response->body_length) == 0),
            "answer bytes: body differs");
    *size_out = size;
    return encoded;
}

static bool same_bytes(const unsigned char *a, size_t a_size, const unsigned char *b, size_t b_size)
{
    return a_size == b_size && memcmp(a, b, a_size) == 0;
}

/* The out-of-memory answer: its bytes when any origin is allowed; under listed origins (whose
 * CORS headers differ) the 500 with its sentence as body and log message. */
static bool out_of_memory(const presence_response *response, const unsigned char *encoded, size_t size)
{
    if (same_bytes(encoded, size, oom_answer, oom_answer_size))
        return true;
    return response->http_status == 500 && response->body_length == strlen(oom_body) &&
           memcmp(response->body, oom_body, response->body_length) == 0 && response->log_message != NULL &&
           strcmp(response->log_message, oom_body) == 0;
}

/* The same snapshot with every presence fact changed and no more permission than before. */
static presence_text literal(const char *text)
{
    presence_text value = {text, strlen(text)};
    return value;
}

static presence_snapshot altered_presence(const presence_snapshot *snapshot)
{
    presence_snapshot altered = *snapshot;
    altered.available = !snapshot->available;
    altered.show = (presence_show)((snapshot->show + 1) % 5);
    altered.priority = snapshot->priority == 7 ? -3 : 7;
    altered.status_text = literal("altered status & <text>");
    altered.stanza_xml = literal("<presence from='someone@example.com/altered'><show>dnd</show>"
                                 "<status>altered</status><priority>7</priority></presence>");
    altered.last_status = literal("altered last status");
    altered.unavailable_text = literal("altered unavailable text");
    /* a valid photo (1x1 GIF): a forbidden avatar answer must not show it */
    altered.avatar = (presence_text){"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02"
                                     "D\x01\x00;", 29};
    altered.subject_exists = false;
    altered.presence_public = false;
    altered.requester_may_probe = false;
    altered.visibility = PRESENCE_VISIBILITY_HIDDEN;
    altered.shown = snapshot->shown == PRESENCE_SHOWN_MESSAGE ? PRESENCE_SHOWN_STATUS : PRESENCE_SHOWN_MESSAGE;
    altered.shown_setting = literal("status");
    return altered;
}

/* resolve with allocation attempt fail_at failing (-1: none); returns whether one failed. */
static bool resolve_failing(const presence_request *request, const presence_snapshot *snapshot,
                            long fail_at, presence_response *response)
{
    memset(response, 0, sizeof *response);
    presence_fault_reset(fail_at);
    presence_resolve(request, snapshot, response);
    long attempts = presence_fault_allocations();
    presence_fault_reset(-1);
    return fail_at >= 0 && fail_at < attempts;
}

static const char *find_header(const presence_response *response, const char *name)
{
    for (size_t i = 0; i < response->header_count; i++)
        if (strcmp(response->headers[i].name, name) == 0)
            return response->headers[i].value;
    return NULL;
}

/* A 304 is the 200 without If-None-Match, minus Content-Type and body, with the same ETag; and
 * a 200 asked again with its own ETag is that 304. */
static void check_conditional(const presence_request *request, const presence_snapshot *snapshot,
                              const presence_response *response)
{
    if (response->http_status == 304) {
        presence_request unconditional = *request;
        unconditional.if_none_match = (presence_text){NULL, 0};
        presence_response full;
        resolve_failing(&unconditional, snapshot, -1, &full);
        require(full.http_status == 200, "a 304 whose unconditional request is not a 200");
        require(full.header_count == response->header_count + 1, "a 304's headers are not the 200's minus one");
        for (size_t h = 0; h < response->header_count; h++)
            require(strcmp(full.headers[h + 1].name, response->headers[h].name) == 0 &&
                    strcmp(full.headers[h + 1].value, response->headers[h].value) == 0,
                    "a 304's headers differ from its 200's");
        presence_response_release(&full);
    } else if (response->http_status == 200 && response->kind != PRESENCE_ANSWER_PREFLIGHT) {
        presence_request conditional = *request;
        const char *etag = find_header(response, "ETag");
        conditional.if_none_match = (presence_text){etag, strlen(etag)};
        presence_response again;
        resolve_failing(&conditional, snapshot, -1, &again);
        check_answer(&conditional, snapshot, &again);
        require(again.http_status == 304, "a 200 asked again with its own ETag is not a 304");
        require(strcmp(find_header(&again, "ETag"), etag) == 0, "a 304's ETag differs from its 200's");
        presence_response_release(&again);
    }
}

/* The batch packing of PresenceCore.packBatch for count entries of the same packed bytes
 * (their jids replaced: entry 1 gets req_jid's bytes), decoded with the shared decoder, resolved
 * with presence_resolve_batch, each answer checked: its shape; with an allocation failed,
 * complete or the out-of-memory answer; when complete and a JSON object, each distinct entry's
 * single answer is in it, byte for byte. */
static void fuzz_batch(fuzz_call *call)
{
    enum { ENTRIES = 3 };
    presence_text jids[ENTRIES] = {call->field[LAYOUT_FIELD_JID], call->field[LAYOUT_FIELD_REQ_JID],
                                   call->field[LAYOUT_FIELD_JID]};
    unsigned char *packed[ENTRIES];
    size_t sizes[ENTRIES], total = 0;
    presence_text saved = call->field[LAYOUT_FIELD_JID];
    unsigned char *saved_packed = call->packed;
    size_t saved_size = call->packed_size;
    for (int i = 0; i < ENTRIES; i++) {
        call->field[LAYOUT_FIELD_JID] = jids[i];
        pack_fields(call);
        packed[i] = call->packed;
        sizes[i] = call->packed_size;
        total += LAYOUT_BATCH_ENTRY_HEADER_BYTES + sizes[i];
    }
    call->field[LAYOUT_FIELD_JID] = saved;
    call->packed = saved_packed;
    call->packed_size = saved_size;
    unsigned char *entries = allocate(total);
    size_t at = 0;
    for (int i = 0; i < ENTRIES; i++) {
        put_be32(entries + at, call->flags);
        put_be32(entries + at + 4, call->priority);
        put_be32(entries + at + 8, (int32_t)sizes[i]);
        memcpy(entries + at + 12, packed[i], sizes[i]);
        at += LAYOUT_BATCH_ENTRY_HEADER_BYTES + sizes[i];
        free(packed[i]);
    }
    require(packed_batch_count(entries, total) == ENTRIES, "batch: the entries were not counted");
    presence_request requests[ENTRIES];
    presence_snapshot snapshots[ENTRIES];
    require(packed_batch_decode(entries, total, ENTRIES, requests, snapshots), "batch: this file's packing was refused");
    presence_response response, complete;
    memset(&response, 0, sizeof response);
    presence_fault_reset(call->fail_at);
    presence_resolve_batch(requests, snapshots, ENTRIES, &response);
    long attempts = presence_fault_allocations();
    presence_fault_reset(-1);
    size_t encoded_size, complete_size;
    unsigned char *encoded = encode_and_verify(&response, &encoded_size);
    check_answer_shape(&response);
    presence_resolve_batch(requests, snapshots, ENTRIES, &complete);
    unsigned char *complete_encoded = encode_and_verify(&complete, &complete_size);
    check_answer_shape(&complete);
    if (call->fail_at >= 0 && call->fail_at < attempts)
        require(same_bytes(encoded, encoded_size, complete_encoded, complete_size) ||
                out_of_memory(&response, encoded, encoded_size),
                "batch: after an allocation failure the answer is neither complete nor the out-of-memory answer");
    else
        require(same_bytes(encoded, encoded_size, complete_encoded, complete_size), "batch: two answers differ");
    if (complete.http_status == 200 && complete.status == PRESENCE_STATUS_COUNT) {
        for (int i = 0; i < ENTRIES; i++) {
            presence_request single_request = requests[0];
            single_request.jid = requests[i].jid;
            single_request.if_none_match = (presence_text){NULL, 0};
            presence_response single;
            resolve_failing(&single_request, &snapshots[i], -1, &single);
            require(single.http_status == 200, "batch: a 200 with an entry that alone is not a 200");
            bool found = false;
            for (size_t p = 0; p + single.body_length <= complete.body_length && !found; p++)
                found = memcmp(complete.body + p, single.body, single.body_length) == 0;
            require(found, "batch: an entry's single answer is not in the batch answer");
            presence_response_release(&single);
        }
    }
    free(encoded);
    free(complete_encoded);
    free(entries);
    presence_response_release(&response);
    presence_response_release(&complete);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    if (presence_core_init() != 0) {
        fprintf(stderr, "presence_fuzz: presence_core_init failed\n");
        abort();
    }
    /* The out-of-memory answer: a text answer that must copy its status line, with the first
     * allocation failing. */
    presence_request request = {0};
    presence_snapshot snapshot = {0};
    request.jid = literal("jsmith@example.com");
    request.type = literal("text");
    snapshot.jid_valid = snapshot.jid_has_node = snapshot.subject_exists = true;
    snapshot.presence_public = snapshot.available = true;
    snapshot.jid_domain = PRESENCE_DOMAIN_LOCAL;
    snapshot.jid_bare = literal("jsmith@example.com");
    snapshot.status_text = literal("In a meeting");
    presence_response response;
    require(resolve_failing(&request, &snapshot, 0, &response), "the text answer allocates nothing");
    require(response.http_status == 500, "an allocation failure is not answered 500");
    check_answer(&request, &snapshot, &response);
    oom_answer = encode_and_verify(&response, &oom_answer_size);
    require(response.body_length < sizeof oom_body, "the out-of-memory sentence is long");
    memcpy(oom_body, response.body, response.body_length);
    presence_response_release(&response);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_call call;
    decode_input(data, size, &call);
    presence_request request;
    presence_snapshot snapshot;
    bool well_formed = packed_decode(call.packed, call.packed_size, call.flags, call.priority, &request, &snapshot);
    require(well_formed == packing_well_formed(call.packed, call.packed_size),
            "decoder's verdict on the packing differs from the independent check");
    require(!call.fields_known || well_formed, "this file's own packing was refused");
    if (!well_formed) {
        static const presence_request no_request;
        static const presence_snapshot no_snapshot;
        require(memcmp(&request, &no_request, sizeof request) == 0 &&
                memcmp(&snapshot, &no_snapshot, sizeof snapshot) == 0,
                "a malformed packing left fields behind");
        release_call(&call);
        return 0;
    }
    check_decoded(&call, &request, &snapshot);

    presence_response response;
    bool failed = resolve_failing(&request, &snapshot, call.fail_at, &response);
    size_t encoded_size;
    unsigned char *encoded = encode_and_verify(&response, &encoded_size);
    check_answer_shape(&response);
    if (failed) {
        /* Complete (as if nothing failed) or exactly the out-of-memory answer. */
        presence_response complete;
        resolve_failing(&request, &snapshot, -1, &complete);
        size_t complete_size;
        unsigned char *complete_encoded = encode_and_verify(&complete, &complete_size);
        check_answer(&request, &snapshot, &complete);
        require(same_bytes(encoded, encoded_size, complete_encoded, complete_size) ||
                out_of_memory(&response, encoded, encoded_size),
                "after an allocation failure the answer is neither complete nor the out-of-memory answer");
        free(complete_encoded);
        presence_response_release(&complete);
    } else {
        check_answer(&request, &snapshot, &response);
        check_conditional(&request, &snapshot, &response);
        int forbidden = (response.http_status == 200 || response.http_status == 302) &&
                        response.status == PRESENCE_STATUS_FORBIDDEN;
        if (forbidden) {
            presence_snapshot altered = altered_presence(&snapshot);
            presence_response second;
            resolve_failing(&request, &altered, -1, &second);
            check_answer(&request, &altered, &second);
            check_same_answer(&response, &second);
            presence_response_release(&second);
        }
    }
    free(encoded);
    presence_response_release(&response);
    if (call.batch)
        fuzz_batch(&call);
    release_call(&call);
    return 0;
}
