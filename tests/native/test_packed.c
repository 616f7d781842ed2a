/*
 * test_packed.c — cmocka tests of the packed codec (native/codec/packed.h): decoding packings
 * into the core's request and snapshot, encoding responses into answer bytes. Expected bytes
 * are written out by hand from the format PresenceCore.java describes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "packed.h"

/* A packing of LAYOUT_FIELD_COUNT fields: text[i] NULL = absent. */
typedef struct packing {
    unsigned char bytes[4096];
    size_t size;
} packing;

static void put_length(unsigned char *out, int32_t length)
{
    uint32_t bits = (uint32_t)length;
    out[0] = (unsigned char)(bits >> 24);
    out[1] = (unsigned char)(bits >> 16);
    out[2] = (unsigned char)(bits >> 8);
    out[3] = (unsigned char)bits;
}

static packing pack(const char *const text[LAYOUT_FIELD_COUNT])
{
    packing p;
    memset(&p, 0, sizeof p);
    p.size = LAYOUT_HEADER_BYTES;
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++) {
        put_length(p.bytes + 4 * i, text[i] == NULL ? -1 : (int32_t)strlen(text[i]));
        if (text[i] != NULL) {
            memcpy(p.bytes + p.size, text[i], strlen(text[i]));
            p.size += strlen(text[i]);
        }
    }
    return p;
}

static void assert_text(presence_text text, const char *expected)
{
    if (expected == NULL || expected[0] == '\0') {
        assert_null(text.data);
        assert_int_equal(text.length, 0);
        return;
    }
    assert_int_equal(text.length, strlen(expected));
    assert_memory_equal(text.data, expected, text.length);
}

static void every_field_reaches_its_member(void **state)
{
    (void)state;
    static const char *const names[LAYOUT_FIELD_COUNT] = {
        [LAYOUT_FIELD_JID] = "jid", [LAYOUT_FIELD_REQ_JID] = "req_jid", [LAYOUT_FIELD_TYPE] = "type",
        [LAYOUT_FIELD_IMAGES] = "images",
        [LAYOUT_FIELD_STATUS_URL_FIRST + 0] = "/available", [LAYOUT_FIELD_STATUS_URL_FIRST + 1] = "/chat",
        [LAYOUT_FIELD_STATUS_URL_FIRST + 2] = "/away", [LAYOUT_FIELD_STATUS_URL_FIRST + 3] = "/xa",
        [LAYOUT_FIELD_STATUS_URL_FIRST + 4] = "/dnd", [LAYOUT_FIELD_STATUS_URL_FIRST + 5] = "/offline",
        [LAYOUT_FIELD_STATUS_URL_FIRST + 6] = "/forbidden",
        [LAYOUT_FIELD_JID_BARE] = "jid_bare", [LAYOUT_FIELD_REQUESTER_BARE] = "requester_bare",
        [LAYOUT_FIELD_STATUS_TEXT] = "status_text", [LAYOUT_FIELD_STANZA_XML] = "stanza_xml",
        [LAYOUT_FIELD_LAST_STATUS] = "last_status", [LAYOUT_FIELD_UNAVAILABLE_TEXT] = "unavailable_text",
        [LAYOUT_FIELD_ID] = "id", [LAYOUT_FIELD_EXPIRES] = "expires", [LAYOUT_FIELD_NOW] = "1700000000",
        [LAYOUT_FIELD_PREVIOUS_KEY_UNTIL] = "-5", [LAYOUT_FIELD_SHOWN_SETTING] = "shown_setting",
        [LAYOUT_FIELD_THEME] = "theme", [LAYOUT_FIELD_SIZE] = "size", [LAYOUT_FIELD_FORMAT] = "format",
        [LAYOUT_FIELD_DEFAULT_THEME] = "default_theme",
        [LAYOUT_FIELD_IF_NONE_MATCH] = "if_none_match", [LAYOUT_FIELD_ORIGIN] = "origin",
        [LAYOUT_FIELD_CACHE_MAX_AGE] = "cache_max_age", [LAYOUT_FIELD_CORS_ORIGINS] = "cors_origins",
    };
    packing p = pack(names);
    presence_request request;
    presence_snapshot snapshot;
    assert_true(packed_decode(p.bytes, p.size, 0, -42, &request, &snapshot));
    assert_text(request.jid, "jid");
    assert_text(request.req_jid, "req_jid");
    assert_text(request.type, "type");
    assert_text(request.images, "images");
    static const char *const urls[] = {"/available", "/chat", "/away", "/xa", "/dnd", "/offline", "/forbidden"};
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
        assert_text(request.status_url[s], urls[s]);
    assert_text(snapshot.jid_bare, "jid_bare");
    assert_text(snapshot.requester_bare, "requester_bare");
    assert_text(snapshot.status_text, "status_text");
    assert_text(snapshot.stanza_xml, "stanza_xml");
    assert_text(snapshot.last_status, "last_status");
    assert_text(snapshot.unavailable_text, "unavailable_text");
    assert_text(request.theme, "theme");
    assert_text(request.size, "size");
    assert_text(request.format, "format");
    assert_text(snapshot.default_theme, "default_theme");
    assert_int_equal(snapshot.priority, -42);
    assert_text(request.id, "id");
    assert_text(request.expires, "expires");
    assert_true(snapshot.now == 1700000000);
    assert_true(snapshot.previous_key_until == -5);
    assert_text(snapshot.shown_setting, "shown_setting");
    assert_text(request.if_none_match, "if_none_match");
    assert_text(request.origin, "origin");
    assert_text(snapshot.cache_max_age, "cache_max_age");
    assert_text(snapshot.cors_origins, "cors_origins");
    assert_false(request.preflight);
    assert_true(packed_decode(p.bytes, p.size, LAYOUT_FLAG_PREFLIGHT, 0, &request, &snapshot));
    assert_true(request.preflight);
}

/* now and the previous key's end: 1 to 18 digits after an optional '-', else 0. */
static void decimal_fields_read_strictly(void **state)
{
    (void)state;
    static const struct { const char *text; int64_t value; } cases[] = {
        {"0", 0}, {"1", 1}, {"-1", -1}, {"999999999999999999", 999999999999999999}, {"1000000000000000000", 0},
        {"", 0}, {"-", 0}, {"+1", 0}, {"1 ", 0}, {" 1", 0}, {"1e9", 0}, {"--1", 0}, {"12a", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text[LAYOUT_FIELD_COUNT] = {0};
        text[LAYOUT_FIELD_NOW] = cases[i].text;
        text[LAYOUT_FIELD_PREVIOUS_KEY_UNTIL] = cases[i].text;
        packing p = pack(text);
        presence_request request;
        presence_snapshot snapshot;
        assert_true(packed_decode(p.bytes, p.size, 0, 0, &request, &snapshot));
        assert_true(snapshot.now == cases[i].value);
        assert_true(snapshot.previous_key_until == cases[i].value);
    }
}

/* Appends one batch entry (flags, priority, length, packing) at *size. */
static void put_entry(unsigned char *out, size_t *size, int32_t flags, int32_t priority, const packing *p)
{
    put_length(out + *size, flags);
    put_length(out + *size + 4, priority);
    put_length(out + *size + 8, (int32_t)p->size);
    memcpy(out + *size + 12, p->bytes, p->size);
    *size += 12 + p->size;
}

static void batches_decode_entry_by_entry(void **state)
{
    (void)state;
    static unsigned char bytes[(PACKED_BATCH_MAX_ENTRIES + 2) * 512];
    static presence_request requests[PACKED_BATCH_MAX_ENTRIES];
    static presence_snapshot snapshots[PACKED_BATCH_MAX_ENTRIES];
    const char *text[LAYOUT_FIELD_COUNT] = {0};
    text[LAYOUT_FIELD_JID] = "a@x";
    packing first = pack(text);
    text[LAYOUT_FIELD_JID] = "b@x";
    packing second = pack(text);
    size_t size = 0;
    put_entry(bytes, &size, LAYOUT_FLAG_AVAILABLE, 3, &first);
    put_entry(bytes, &size, 0, -1, &second);
    assert_int_equal(packed_batch_count(bytes, size), 2);
    assert_true(packed_batch_decode(bytes, size, 2, requests, snapshots));
    assert_text(requests[0].jid, "a@x");
    assert_text(requests[1].jid, "b@x");
    assert_true(snapshots[0].available && !snapshots[1].available);
    assert_int_equal(snapshots[0].priority, 3);
    assert_int_equal(snapshots[1].priority, -1);
    /* malformed: nothing, a short head, a length past the end, bytes left over, the wrong count */
    assert_int_equal(packed_batch_count(bytes, 0), 0);
    assert_int_equal(packed_batch_count(NULL, 10), 0);
    assert_int_equal(packed_batch_count(bytes, 11), 0);
    assert_int_equal(packed_batch_count(bytes, size - 1), 0);
    assert_int_equal(packed_batch_count(bytes, size + 1), 0);
    assert_false(packed_batch_decode(bytes, size, 1, requests, snapshots));
    assert_false(packed_batch_decode(bytes, size, 0, requests, snapshots));
    unsigned char negative[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
    assert_int_equal(packed_batch_count(negative, sizeof negative), 0);
    /* an entry whose packing is malformed fails the whole batch */
    size_t bad = 0;
    packing broken = first;
    broken.size -= 1;
    put_entry(bytes, &bad, 0, 0, &first);
    put_entry(bytes, &bad, 0, 0, &broken);
    assert_int_equal(packed_batch_count(bytes, bad), 2);
    assert_false(packed_batch_decode(bytes, bad, 2, requests, snapshots));
    /* at most PACKED_BATCH_MAX_ENTRIES entries */
    text[LAYOUT_FIELD_JID] = NULL;
    packing empty = pack(text);
    size = 0;
    for (size_t i = 0; i < PACKED_BATCH_MAX_ENTRIES; i++)
        put_entry(bytes, &size, 0, 0, &empty);
    assert_int_equal(packed_batch_count(bytes, size), PACKED_BATCH_MAX_ENTRIES);
    assert_true(packed_batch_decode(bytes, size, PACKED_BATCH_MAX_ENTRIES, requests, snapshots));
    put_entry(bytes, &size, 0, 0, &empty);
    assert_int_equal(packed_batch_count(bytes, size), 0);
}

static void absent_and_empty_fields_are_absent(void **state)
{
    (void)state;
    const char *text[LAYOUT_FIELD_COUNT] = {0};
    text[LAYOUT_FIELD_TYPE] = "";
    packing p = pack(text);
    presence_request request;
    presence_snapshot snapshot;
    assert_true(packed_decode(p.bytes, p.size, 0, 0, &request, &snapshot));
    assert_null(request.type.data);
    assert_null(request.jid.data);
}

static void flags_become_facts(void **state)
{
    (void)state;
    const char *text[LAYOUT_FIELD_COUNT] = {0};
    packing p = pack(text);
    presence_request request;
    presence_snapshot snapshot;
    int32_t all = LAYOUT_FLAG_JID_VALID | LAYOUT_FLAG_JID_HAS_NODE | LAYOUT_FLAG_SUBJECT_EXISTS |
                  LAYOUT_FLAG_PRESENCE_PUBLIC | LAYOUT_FLAG_REQUESTER_VALID | LAYOUT_FLAG_REQUESTER_MAY_PROBE |
                  LAYOUT_FLAG_AVAILABLE | LAYOUT_FLAG_REQUESTER_SIGNED_ONLY |
                  LAYOUT_DOMAIN_COMPONENT << LAYOUT_FLAG_DOMAIN_SHIFT |
                  LAYOUT_SHOW_XA << LAYOUT_FLAG_SHOW_SHIFT | LAYOUT_KEY_PREVIOUS << LAYOUT_FLAG_SIGNATURE_KEY_SHIFT |
                  LAYOUT_VISIBILITY_LINK << LAYOUT_FLAG_VISIBILITY_SHIFT | LAYOUT_SHOWN_MESSAGE << LAYOUT_FLAG_SHOWN_SHIFT;
    assert_true(packed_decode(p.bytes, p.size, all, 0, &request, &snapshot));
    assert_true(snapshot.jid_valid && snapshot.jid_has_node && snapshot.subject_exists);
    assert_true(snapshot.presence_public && snapshot.requester_valid && snapshot.requester_may_probe);
    assert_true(snapshot.available && snapshot.requester_signed_only);
    assert_int_equal(snapshot.jid_domain, PRESENCE_DOMAIN_COMPONENT);
    assert_int_equal(snapshot.show, PRESENCE_SHOW_XA);
    assert_int_equal(snapshot.signature_key, PRESENCE_KEY_PREVIOUS);
    assert_int_equal(snapshot.visibility, PRESENCE_VISIBILITY_LINK);
    assert_int_equal(snapshot.shown, PRESENCE_SHOWN_MESSAGE);
    static const struct { int code; presence_visibility visibility; } visibilities[] = {
        {LAYOUT_VISIBILITY_DEFAULT, PRESENCE_VISIBILITY_DEFAULT}, {LAYOUT_VISIBILITY_PUBLIC, PRESENCE_VISIBILITY_PUBLIC},
        {LAYOUT_VISIBILITY_CONTACTS, PRESENCE_VISIBILITY_CONTACTS}, {LAYOUT_VISIBILITY_LINK, PRESENCE_VISIBILITY_LINK},
        {LAYOUT_VISIBILITY_HIDDEN, PRESENCE_VISIBILITY_HIDDEN}, {5, PRESENCE_VISIBILITY_HIDDEN},
        {6, PRESENCE_VISIBILITY_HIDDEN}, {7, PRESENCE_VISIBILITY_HIDDEN},
    };
    for (size_t i = 0; i < sizeof visibilities / sizeof visibilities[0]; i++) {
        assert_true(packed_decode(p.bytes, p.size, visibilities[i].code << LAYOUT_FLAG_VISIBILITY_SHIFT, 0, &request, &snapshot));
        assert_int_equal(snapshot.visibility, visibilities[i].visibility);
    }
    static const struct { int code; presence_shown shown; presence_signature_key key; } codes[] = {
        {LAYOUT_SHOWN_DEFAULT, PRESENCE_SHOWN_DEFAULT, PRESENCE_KEY_NONE},
        {LAYOUT_SHOWN_STATUS, PRESENCE_SHOWN_STATUS, PRESENCE_KEY_CURRENT},
        {LAYOUT_SHOWN_MESSAGE, PRESENCE_SHOWN_MESSAGE, PRESENCE_KEY_PREVIOUS}, {3, PRESENCE_SHOWN_STATUS, PRESENCE_KEY_NONE},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_true(packed_decode(p.bytes, p.size, codes[i].code << LAYOUT_FLAG_SHOWN_SHIFT
                                  | codes[i].code << LAYOUT_FLAG_SIGNATURE_KEY_SHIFT, 0, &request, &snapshot));
        assert_int_equal(snapshot.shown, codes[i].shown);
        assert_int_equal(snapshot.signature_key, codes[i].key);
    }

    assert_true(packed_decode(p.bytes, p.size, LAYOUT_FLAG_JID_VALID, 0, &request, &snapshot));
    assert_true(snapshot.jid_valid);
    assert_false(snapshot.jid_has_node || snapshot.subject_exists || snapshot.presence_public ||
                 snapshot.requester_valid || snapshot.requester_may_probe || snapshot.available ||
                 snapshot.requester_signed_only || snapshot.signature_key != PRESENCE_KEY_NONE ||
                 snapshot.visibility != PRESENCE_VISIBILITY_DEFAULT || snapshot.shown != PRESENCE_SHOWN_DEFAULT);

    /* codes out of range: domain 3 is foreign, show 5..7 none */
    int32_t odd = LAYOUT_FLAG_DOMAIN_MASK << LAYOUT_FLAG_DOMAIN_SHIFT | LAYOUT_FLAG_SHOW_MASK << LAYOUT_FLAG_SHOW_SHIFT;
    assert_true(packed_decode(p.bytes, p.size, odd, 0, &request, &snapshot));
    assert_int_equal(snapshot.jid_domain, PRESENCE_DOMAIN_FOREIGN);
    assert_int_equal(snapshot.show, PRESENCE_SHOW_NONE);
    assert_true(packed_decode(p.bytes, p.size, 5 << LAYOUT_FLAG_SHOW_SHIFT, 0, &request, &snapshot));
    assert_int_equal(snapshot.show, PRESENCE_SHOW_NONE);
}

/* A header of lengths (the rest absent) followed by extra bytes. */
static packing lengths(const int32_t *given, size_t count, const char *extra)
{
    packing p;
    memset(&p, 0, sizeof p);
    for (int i = 0; i < LAYOUT_FIELD_COUNT; i++)
        put_length(p.bytes + 4 * i, (size_t)i < count ? given[i] : -1);
    p.size = LAYOUT_HEADER_BYTES + strlen(extra);
    memcpy(p.bytes + LAYOUT_HEADER_BYTES, extra, strlen(extra));
    return p;
}

static void assert_malformed(const unsigned char *bytes, size_t size)
{
    static const presence_request no_request;
    static const presence_snapshot no_snapshot;
    presence_request request;
    presence_snapshot snapshot;
    memset(&request, 0xAB, sizeof request);
    memset(&snapshot, 0xAB, sizeof snapshot);
    assert_false(packed_decode(bytes, size, -1, 7, &request, &snapshot));
    assert_memory_equal(&request, &no_request, sizeof request);
    assert_memory_equal(&snapshot, &no_snapshot, sizeof snapshot);
}

static void malformed_packings_are_refused(void **state)
{
    (void)state;
    const char *none[LAYOUT_FIELD_COUNT] = {0};
    packing empty = pack(none);
    assert_malformed(NULL, 0);
    assert_malformed(empty.bytes, 0);
    assert_malformed(empty.bytes, LAYOUT_HEADER_BYTES - 1);
    packing p = lengths((const int32_t[]){-2}, 1, "x");
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){INT32_MIN}, 1, "x");
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){5}, 1, "abc");                           /* past the end */
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){INT32_MAX, INT32_MAX, 4}, 3, "text");    /* a sum that would wrap */
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){3}, 1, "text");                          /* a byte left over */
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){0}, 0, "x");                             /* all absent, one byte over */
    assert_malformed(p.bytes, p.size);
    p = lengths((const int32_t[]){4}, 1, "text");
    presence_request request;
    presence_snapshot snapshot;
    assert_true(packed_decode(p.bytes, p.size, 0, 0, &request, &snapshot));
    assert_text(request.jid, "text");
}

static presence_response sample_response(void)
{
    presence_response response;
    memset(&response, 0, sizeof response);
    response.http_status = 302;
    response.header_count = 2;
    response.headers[0] = (presence_header){"Content-Type", "text/plain"};
    response.headers[1] = (presence_header){"Location", "/a"};
    response.log_message = "log";
    response.body = (const unsigned char *)"body";
    response.body_length = 4;
    return response;
}

static void answers_are_encoded_as_documented(void **state)
{
    (void)state;
    _Static_assert(LAYOUT_ANSWER_STATUS_BYTES == 2 && LAYOUT_ANSWER_COUNT_BYTES == 1 &&
                   LAYOUT_ANSWER_LENGTH_BYTES == 2, "the expected bytes below are written for these widths");
    static const unsigned char expected[] = {
        0x01, 0x2E, 2,
        0, 12, 'C', 'o', 'n', 't', 'e', 'n', 't', '-', 'T', 'y', 'p', 'e',
        0, 10, 't', 'e', 'x', 't', '/', 'p', 'l', 'a', 'i', 'n',
        0, 8, 'L', 'o', 'c', 'a', 't', 'i', 'o', 'n', 0, 2, '/', 'a',
        0, 3, 'l', 'o', 'g',
        'b', 'o', 'd', 'y'};
    presence_response response = sample_response();
    assert_int_equal(packed_answer_size(&response), sizeof expected);
    assert_int_equal(packed_answer_head_size(&response), sizeof expected - 4);
    unsigned char out[sizeof expected];
    packed_encode_answer(&response, out);
    assert_memory_equal(out, expected, sizeof expected);
    unsigned char head[sizeof expected - 4];
    assert_ptr_equal(packed_encode_head(&response, head), head + sizeof head);
    assert_memory_equal(head, expected, sizeof head);

    response.log_message = NULL;   /* no log: an empty text */
    response.body_length = 0;
    assert_int_equal(packed_answer_size(&response), sizeof expected - 4 - 3);
}

static void unencodable_answers_have_size_zero(void **state)
{
    (void)state;
    presence_response response = sample_response();
    response.http_status = 0x10000;
    assert_int_equal(packed_answer_size(&response), 0);
    response = sample_response();
    response.http_status = -1;
    assert_int_equal(packed_answer_size(&response), 0);
    response = sample_response();
    response.header_count = PRESENCE_MAX_HEADERS + 1;
    assert_int_equal(packed_answer_size(&response), 0);
    char *long_text = malloc(0x10001);
    assert_non_null(long_text);
    memset(long_text, 'x', 0x10000);
    long_text[0x10000] = '\0';
    response = sample_response();
    response.log_message = long_text;
    assert_int_equal(packed_answer_size(&response), 0);
    response = sample_response();
    response.headers[1].value = long_text;
    assert_int_equal(packed_answer_size(&response), 0);
    long_text[0xFFFF] = '\0';      /* the longest text that fits */
    assert_int_equal(packed_answer_size(&response), 3 + 2 + 12 + 2 + 10 + 2 + 8 + 2 + 0xFFFF + 2 + 3 + 4);
    free(long_text);
    response = sample_response();
    response.body_length = (size_t)INT32_MAX;
    assert_int_equal(packed_answer_size(&response), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_field_reaches_its_member),
        cmocka_unit_test(absent_and_empty_fields_are_absent),
        cmocka_unit_test(flags_become_facts),
        cmocka_unit_test(decimal_fields_read_strictly),
        cmocka_unit_test(batches_decode_entry_by_entry),
        cmocka_unit_test(malformed_packings_are_refused),
        cmocka_unit_test(answers_are_encoded_as_documented),
        cmocka_unit_test(unencodable_answers_have_size_zero),
    };
    return cmocka_run_group_tests_name("packed codec", tests, NULL, NULL);
}
