/*
 * presence_fuzz.c — libFuzzer target for the presence.jar core (presence_resolve).
 *
 * Every fuzz input is decoded into ALL request parameters and ALL snapshot
 * facts, resolved, and the answer is checked against the contract's
 * invariants (answer_checks.c). A forbidden answer is resolved a second time
 * with every presence fact changed and less permission; both answers must be
 * byte-identical (no presence leak, no account enumeration).
 *
 * Input layout (tests/fuzz/make-corpus.py writes seeds in it):
 *   bytes 0-1  flags, little-endian, in the JNI bit layout (README "The JNI
 *              boundary"): 0 jid_valid, 1 jid_has_node, 2-3 jid_domain (3 =
 *              foreign), 4 subject_exists, 5 presence_public, 6 requester_valid,
 *              7 requester_may_probe, 8 available, 9-11 show (taken modulo 5)
 *   bytes 2-5  priority, little-endian int32
 *   byte  6    index of one field to pad to its limit (value % 32; >= 17: none)
 *   byte  7    padded length: limit - 1, limit or limit + 1 (value % 3)
 *   then the 17 fields in JNI order, separated by 0xFF; 0xFE escapes the byte
 *   after it (0xFE 0xFF is a literal 0xFF, 0xFE 0xFE a literal 0xFE); missing
 *   fields are absent, empty ones present with length 0. Each field lives in its own exactly-sized heap block, so any
 *   read past its length is an AddressSanitizer report.
 */
#include "answer_checks.h"
#include "presence.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIELD_COUNT = 17, HEADER_BYTES = 8, SEPARATOR = 0xFF, ESCAPE = 0xFE };

/* JNI field order: jid, req_jid, type, images, 7 status URLs, jid_bare,
 * requester_bare, status_text, stanza_xml, last_status, unavailable_text. */
static const size_t field_limit[FIELD_COUNT] = {
    PRESENCE_MAX_JID, PRESENCE_MAX_JID, PRESENCE_MAX_TYPE, PRESENCE_MAX_URL,
    PRESENCE_MAX_URL, PRESENCE_MAX_URL, PRESENCE_MAX_URL, PRESENCE_MAX_URL,
    PRESENCE_MAX_URL, PRESENCE_MAX_URL, PRESENCE_MAX_URL,
    PRESENCE_MAX_JID, PRESENCE_MAX_JID, PRESENCE_MAX_STATUS_TEXT, PRESENCE_MAX_STANZA,
    PRESENCE_MAX_STATUS_TEXT, PRESENCE_MAX_STATUS_TEXT};

typedef struct decoded_input {
    uint16_t flags;
    int32_t priority;
    presence_text field[FIELD_COUNT]; /* data heap-allocated or NULL (absent) */
} decoded_input;

static void *allocate(size_t size)
{
    void *block = malloc(size);
    if (block == NULL && size > 0)
        abort();
    return block;
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
    /* Move into a block of exactly the field's length so over-reads are caught. */
    char *exact = allocate(length);
    memcpy(exact, copy, length);
    free(copy);
    field->data = exact;
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

static void decode(const uint8_t *data, size_t size, decoded_input *input)
{
    uint8_t header[HEADER_BYTES] = {0};
    memcpy(header, data, size < HEADER_BYTES ? size : HEADER_BYTES);
    memset(input, 0, sizeof *input);
    input->flags = (uint16_t)(header[0] | header[1] << 8);
    input->priority = (int32_t)((uint32_t)header[2] | (uint32_t)header[3] << 8 |
                                (uint32_t)header[4] << 16 | (uint32_t)header[5] << 24);
    const uint8_t *p = data + (size < HEADER_BYTES ? size : HEADER_BYTES);
    const uint8_t *end = data + size;
    for (int i = 0; i < FIELD_COUNT && p < end; i++)
        p = take_field(p, end, &input->field[i]);
    unsigned padded_index = header[6] % 32u;
    if (padded_index < FIELD_COUNT)
        pad_field(&input->field[padded_index], field_limit[padded_index], header[7]);
}

static void release_input(decoded_input *input)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        free((void *)input->field[i].data);
}

static void build(const decoded_input *input, presence_request *request, presence_snapshot *snapshot)
{
    const presence_text *f = input->field;
    uint16_t flags = input->flags;
    memset(request, 0, sizeof *request);
    memset(snapshot, 0, sizeof *snapshot);
    request->jid = f[0];
    request->req_jid = f[1];
    request->type = f[2];
    request->images = f[3];
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
        request->status_url[s] = f[4 + s];
    snapshot->jid_valid = flags & 1u;
    snapshot->jid_has_node = flags >> 1 & 1u;
    unsigned domain = flags >> 2 & 3u;
    snapshot->jid_domain = domain == 3 ? PRESENCE_DOMAIN_FOREIGN : (presence_jid_domain)domain;
    snapshot->subject_exists = flags >> 4 & 1u;
    snapshot->presence_public = flags >> 5 & 1u;
    snapshot->requester_valid = flags >> 6 & 1u;
    snapshot->requester_may_probe = flags >> 7 & 1u;
    snapshot->available = flags >> 8 & 1u;
    snapshot->show = (presence_show)((flags >> 9 & 7u) % 5u);
    snapshot->priority = input->priority;
    snapshot->jid_bare = f[11];
    snapshot->requester_bare = f[12];
    snapshot->status_text = f[13];
    snapshot->stanza_xml = f[14];
    snapshot->last_status = f[15];
    snapshot->unavailable_text = f[16];
}

static presence_text literal(const char *text)
{
    presence_text value = {text, strlen(text)};
    return value;
}

/* The same snapshot with every presence fact changed and no more permission than before. */
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
    altered.subject_exists = false;
    altered.presence_public = false;
    altered.requester_may_probe = false;
    return altered;
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
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decoded_input input;
    presence_request request;
    presence_snapshot snapshot;
    presence_response response;
    decode(data, size, &input);
    build(&input, &request, &snapshot);
    memset(&response, 0, sizeof response);
    presence_resolve(&request, &snapshot, &response);
    check_answer(&request, &snapshot, &response);
    int forbidden = (response.http_status == 200 || response.http_status == 302) &&
                    response.status == PRESENCE_STATUS_FORBIDDEN;
    if (forbidden) {
        presence_snapshot altered = altered_presence(&snapshot);
        presence_response second;
        memset(&second, 0, sizeof second);
        presence_resolve(&request, &altered, &second);
        check_answer(&request, &altered, &second);
        check_same_answer(&response, &second);
        presence_response_release(&second);
    }
    presence_response_release(&response);
    release_input(&input);
    return 0;
}
