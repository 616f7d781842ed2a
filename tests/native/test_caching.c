/*
 * test_caching.c — ETag, If-None-Match and the 304, Cache-Control from
 * plugin.presence.cache.maxage, CORS from plugin.presence.cors.origins, the preflight,
 * and several jid parameters with type=json (README "Caching", "CORS", "Several JIDs").
 * Expected values come from README's rules; the hash's fixed values are MurmurHash3's
 * published ones, so that a change of the ETag function (every client's cache
 * invalidated) cannot go unnoticed.
 */
#include "test_support.h"
#include "presence_internal.h"
#include "presence_fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MurmurHash3 x64 128, seed 0, as h1 then h2 in hex: the published values of other
 * implementations (smhasher's algorithm, e.g. Python's mmh3 and Go's murmur3) */
#define HASH_HELLO "cbd8a7b341bd9b025b1e906a48ae1d19"
#define HASH_FOX "e34bbc7bbc071b6c7a433ca9c49a9347"
#define HASH_HELLO_WORLD "bd656d29d21ac0094ab5b5cd54eb2cb3"
#define FORBIDDEN_JSON "{\"status\":\"forbidden\"}"

/* Resolves into *response (never returned by value: its headers may point into it). */
static void resolve(const scenario *given, presence_response *response)
{
    presence_resolve(&given->request, &given->snapshot, response);
    assert_answer_shape(response);
}

/* True when the answer's body holds the length bytes of needle. */
static bool body_holds(const presence_response *response, const char *needle, size_t length)
{
    for (size_t at = 0; at + length <= response->body_length; at++)
        if (memcmp(response->body + at, needle, length) == 0)
            return true;
    return false;
}

static void hash_of(const char *bytes, size_t length, uint64_t out[2])
{
    hash128_state state;
    hash128_begin(&state);
    hash128_add(&state, bytes, length);
    hash128_end(&state, out);
}

/* ---- the hash --------------------------------------------------------------- */

static void test_hash_is_stable(void **state)
{
    (void)state;
    uint64_t h[2];
    hash_of("", 0, h); /* MurmurHash3 x64 128 with seed 0 maps the empty input to 0 */
    assert_true(h[0] == 0 && h[1] == 0);
    /* a change here changes every ETag ever served */
    char hex[40];
    hash_of("Hello world", 11, h);
    snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
    assert_string_equal(hex, HASH_HELLO_WORLD);
    hash_of("hello", 5, h);
    snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
    assert_string_equal(hex, HASH_HELLO);
    hash_of("The quick brown fox jumps over the lazy dog", 43, h);
    snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
    assert_string_equal(hex, HASH_FOX);
}

static void test_hash_streaming_equals_one_run(void **state)
{
    (void)state;
    char bytes[200];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (char)(i * 37 + 11);
    for (size_t length = 0; length <= sizeof bytes; length += 7) {
        uint64_t whole[2];
        hash_of(bytes, length, whole);
        for (size_t step = 1; step <= 17; step += 4) {
            hash128_state s;
            hash128_begin(&s);
            for (size_t at = 0; at < length; at += step)
                hash128_add(&s, bytes + at, at + step <= length ? step : length - at);
            uint64_t parts[2];
            hash128_end(&s, parts);
            assert_true(parts[0] == whole[0] && parts[1] == whole[1]);
        }
    }
}

static int popcount64(uint64_t v)
{
    int n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* Every single-bit change of a 64-byte input flips about half of the 128 bits. */
static void test_hash_avalanche(void **state)
{
    (void)state;
    char bytes[64];
    memset(bytes, 'a', sizeof bytes);
    uint64_t base[2];
    hash_of(bytes, sizeof bytes, base);
    long total = 0;
    for (size_t bit = 0; bit < 8 * sizeof bytes; bit++) {
        bytes[bit / 8] ^= (char)(1 << (bit % 8));
        uint64_t h[2];
        hash_of(bytes, sizeof bytes, h);
        bytes[bit / 8] ^= (char)(1 << (bit % 8));
        int flipped = popcount64(h[0] ^ base[0]) + popcount64(h[1] ^ base[1]);
        assert_true(flipped >= 32 && flipped <= 96);
        total += flipped;
    }
    long mean = total / (long)(8 * sizeof bytes);
    assert_true(mean >= 60 && mean <= 68);
}

/* ---- ETag on the 200s, none elsewhere --------------------------------------- */

static void test_etag_on_every_200_and_only_there(void **state)
{
    (void)state;
    static const char *const types[] = {"image", "text", "xml", "json"};
    for (size_t t = 0; t < 4; t++) {
        scenario given = user_online();
        given.request.type = text_of(types[t]);
        presence_response response;
    resolve(&given, &response);
        assert_int_equal(response.http_status, 200);
        const char *etag = answer_header(&response, "ETag");
        assert_non_null(etag);
        assert_string_equal(response.headers[response.header_count - 1].name, "ETag");
        char copy[PRESENCE_ETAG_BYTES];
        answer_etag(&response, copy); /* recomputed over the answer, ETag included, so it differs */
        assert_string_not_equal(copy, etag);
        presence_response_release(&response);
    }
    scenario redirect = user_online();
    redirect.request.images = text_of("https://example.org/--IMAGE--.png");
    presence_response response;
    resolve(&redirect, &response);
    assert_int_equal(response.http_status, 302);
    assert_null(answer_header(&response, "ETag"));
    presence_response_release(&response);
    scenario bad = user_online();
    bad.request.type = text_of("yaml");
    resolve(&bad, &response);
    assert_int_equal(response.http_status, 400);
    assert_null(answer_header(&response, "ETag"));
    presence_response_release(&response);
    scenario big = user_online();
    big.request.type = text_of("text");
    static char huge[PRESENCE_MAX_STATUS_TEXT + 2];
    memset(huge, 'x', sizeof huge - 1);
    big.snapshot.status_text = text_of(huge);
    resolve(&big, &response);
    assert_int_equal(response.http_status, 500);
    assert_null(answer_header(&response, "ETag"));
    presence_response_release(&response);
}

static void test_etag_follows_the_bytes(void **state)
{
    (void)state;
    scenario a = user_online();
    a.request.type = text_of("text");
    a.snapshot.status_text = text_of("at lunch");
    scenario b = a;
    b.snapshot.status_text = text_of("at lunch!");
    presence_response ra, ra2, rb;
    resolve(&a, &ra);
    resolve(&a, &ra2);
    resolve(&b, &rb);
    assert_string_equal(answer_header(&ra, "ETag"), answer_header(&ra2, "ETag"));
    assert_string_not_equal(answer_header(&ra, "ETag"), answer_header(&rb, "ETag"));
    /* the same body under another type's headers is another representation */
    scenario c = a;
    c.snapshot.cache_max_age = text_of("60");
    presence_response rc;
    resolve(&c, &rc);
    assert_memory_equal(rc.body, ra.body, ra.body_length);
    assert_string_not_equal(answer_header(&ra, "ETag"), answer_header(&rc, "ETag"));
    presence_response_release(&ra);
    presence_response_release(&ra2);
    presence_response_release(&rb);
    presence_response_release(&rc);
}

/* Every forbidden answer of one type is byte-identical, so its ETag is too (it tells
 * nothing about who is hidden or whether they exist). */
static void test_forbidden_etags_are_one_per_type(void **state)
{
    (void)state;
    static const char *const types[] = {"image", "text", "xml", "json"};
    for (size_t t = 0; t < 4; t++) {
        scenario hidden = user_hidden();
        hidden.request.type = text_of(types[t]);
        scenario unknown = hidden;
        unknown.snapshot.subject_exists = false;
        unknown.request.jid = text_of("nobody@example.com");
        unknown.snapshot.jid_bare = text_of("nobody@example.com");
        scenario foreign = hidden;
        foreign.snapshot.jid_domain = PRESENCE_DOMAIN_FOREIGN;
        foreign.snapshot.available = false;
        presence_response r1, r2, r3;
        resolve(&hidden, &r1);
        resolve(&unknown, &r2);
        resolve(&foreign, &r3);
        assert_int_equal(r1.status, PRESENCE_STATUS_FORBIDDEN);
        if (t != 2) { /* type=xml names the asked-for JID in its forbidden answer */
            assert_true(answers_identical(&r1, &r2));
        }
        assert_true(answers_identical(&r1, &r3));
        assert_string_equal(answer_header(&r1, "ETag"), answer_header(&r3, "ETag"));
        presence_response_release(&r1);
        presence_response_release(&r2);
        presence_response_release(&r3);
    }
}

/* ---- If-None-Match ------------------------------------------------------- */

#define TAG "\"0123456789abcdef0123456789abcdef\""

static void test_if_none_match_parsing(void **state)
{
    (void)state;
    static const struct { const char *header; bool matches; } rows[] = {
        {TAG, true},
        {"W/" TAG, true},
        {"\"x\", " TAG, true},
        {"\"x\",W/" TAG "  ,", true},
        {" , ,\t" TAG, true},
        {"*", true},
        {" * ", true},
        {"*,", true},
        {"\"x\"", false},
        {"\"0123456789abcdef0123456789abcde\"", false},
        {"0123456789abcdef0123456789abcdef", false},        /* no quotes */
        {"\"0123456789abcdef0123456789abcdef", false},       /* unterminated */
        {TAG " x", false},                                  /* junk after a tag: malformed */
        {TAG ", \"a b\"", false},                           /* space inside a tag: malformed */
        {"w/" TAG, false},                                  /* the weak marker is "W/" */
        {"W/ " TAG, false},
        {"\"x\", *", false},                                /* "*" stands alone */
        {"*, \"x\"", false},
        {"**", false},
        {"", false},
        {",", false},
        {"\"\"", false},
        {TAG "\"", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bool got = if_none_match_matches(text_of(rows[i].header), TAG);
        if (got != rows[i].matches)
            fail_msg("If-None-Match: %s: expected %d", rows[i].header, rows[i].matches);
    }
    assert_false(if_none_match_matches((presence_text){NULL, 0}, TAG));
    /* a NUL or a control byte inside is malformed, wherever it is */
    assert_false(if_none_match_matches(bytes_of(TAG "\0", sizeof TAG), TAG));
    assert_false(if_none_match_matches(bytes_of("\"\x01\", " TAG, 5 + sizeof TAG - 1), TAG));
}

static void test_if_none_match_is_bounded(void **state)
{
    (void)state;
    /* a list of PRESENCE_MAX_IF_NONE_MATCH bytes with the tag last still matches ... */
    static char header[PRESENCE_MAX_IF_NONE_MATCH + 2];
    size_t tag = sizeof TAG - 1;
    size_t fill = PRESENCE_MAX_IF_NONE_MATCH - tag;
    memset(header, ',', fill);
    memcpy(header + fill, TAG, tag);
    assert_true(if_none_match_matches(bytes_of(header, PRESENCE_MAX_IF_NONE_MATCH), TAG));
    /* ... one byte more matches nothing (the answer is sent whole) */
    memset(header, ',', fill + 1);
    memcpy(header + fill + 1, TAG, tag);
    assert_false(if_none_match_matches(bytes_of(header, PRESENCE_MAX_IF_NONE_MATCH + 1), TAG));
    /* hostile: thousands of tiny tags and of "W/" prefixes are one pass */
    for (size_t i = 0; i + 4 <= PRESENCE_MAX_IF_NONE_MATCH; i += 4)
        memcpy(header + i, "\"\",", 3), header[i + 3] = ' ';
    assert_false(if_none_match_matches(bytes_of(header, PRESENCE_MAX_IF_NONE_MATCH), TAG));
}

static void test_304_shape(void **state)
{
    (void)state;
    static const char *const types[] = {"image", "text", "xml", "json"};
    for (size_t t = 0; t < 4; t++) {
        scenario given = user_online();
        given.request.type = text_of(types[t]);
        given.snapshot.status_text = text_of("in a meeting");
        presence_response full;
    resolve(&given, &full);
        char etag[PRESENCE_ETAG_BYTES];
        strcpy(etag, answer_header(&full, "ETag"));
        char list[128];
        snprintf(list, sizeof list, "\"other\", W/%s", etag);
        given.request.if_none_match = text_of(list);
        presence_response again;
    resolve(&given, &again);
        assert_int_equal(again.http_status, 304);
        assert_int_equal(again.kind, PRESENCE_ANSWER_NOT_MODIFIED);
        assert_int_equal(again.status, full.status);
        assert_int_equal(again.body_length, 0);
        assert_null(again.log_message);
        assert_null(answer_header(&again, "Content-Type"));
        /* every other header as on the 200, in the same order */
        assert_int_equal(again.header_count, full.header_count - 1);
        for (size_t h = 0; h < again.header_count; h++) {
            assert_string_equal(again.headers[h].name, full.headers[h + 1].name);
            assert_string_equal(again.headers[h].value, full.headers[h + 1].value);
        }
        presence_response_release(&again);
        given.request.if_none_match = text_of("*");
        resolve(&given, &again);
        assert_int_equal(again.http_status, 304);
        presence_response_release(&again);
        given.request.if_none_match = text_of("\"stale\"");
        resolve(&given, &again);
        assert_true(answers_identical(&again, &full));
        presence_response_release(&again);
        presence_response_release(&full);
    }
    /* If-None-Match never turns a 302, 400 or 500 into a 304 */
    scenario redirect = user_online();
    redirect.request.images = text_of("https://example.org/--IMAGE--.png");
    redirect.request.if_none_match = text_of("*");
    presence_response response;
    resolve(&redirect, &response);
    assert_int_equal(response.http_status, 302);
    presence_response_release(&response);
    scenario bad = user_online();
    bad.request.type = text_of("yaml");
    bad.request.if_none_match = text_of("*");
    resolve(&bad, &response);
    assert_int_equal(response.http_status, 400);
    presence_response_release(&response);
}

/* ---- Cache-Control -------------------------------------------------------- */

static void test_cache_max_age_setting(void **state)
{
    (void)state;
    static const struct { const char *setting; const char *expected; } rows[] = {
        {NULL, "no-cache"},         {"", "no-cache"},          {"0", "no-cache"},
        {"60", "max-age=60"},       {" 600 ", "max-age=600"},  {"3600", "max-age=3600"},
        {"3601", "max-age=3600"},   {"99999999999999999999", "max-age=3600"},
        {"-5", "no-cache"},         {"+5", "no-cache"},        {"5s", "no-cache"},
        {"1e3", "no-cache"},        {"000000000000000000000000000000001", "no-cache"}, /* 33 bytes */
        {"0000000000000000000000000000001", "max-age=1"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        scenario given = user_online();
        given.snapshot.cache_max_age = text_of(rows[i].setting);
        presence_response response;
    resolve(&given, &response);
        assert_string_equal(answer_header(&response, "Cache-Control"), rows[i].expected);
        presence_response_release(&response);
        /* errors and redirects stay no-cache whatever the setting */
        given.request.type = text_of("yaml");
        resolve(&given, &response);
        assert_string_equal(answer_header(&response, "Cache-Control"), "no-cache");
        presence_response_release(&response);
    }
    assert_int_equal(cache_max_age_of(text_of("3600")), 3600);
    assert_int_equal(cache_max_age_of(text_of("\t42\t")), 42);
}

/* ---- CORS ---------------------------------------------------------------- */

static void test_cors_any_origin_by_default(void **state)
{
    (void)state;
    static const char *const blank[] = {NULL, "", " ", " , ,\t"};
    for (size_t i = 0; i < 4; i++) {
        scenario given = user_online();
        given.snapshot.cors_origins = text_of(blank[i]);
        given.request.origin = text_of("https://evil.example");
        presence_response response;
    resolve(&given, &response);
        assert_string_equal(answer_header(&response, "Access-Control-Allow-Origin"), "*");
        assert_null(answer_header(&response, "Vary"));
        assert_null(answer_header(&response, "Access-Control-Allow-Credentials"));
        presence_response_release(&response);
    }
}

static void test_cors_listed_origins(void **state)
{
    (void)state;
    const char *list = "https://a.example, https://b.example:8443 http://[::1]:9090,http://localhost";
    static const struct { const char *origin; bool allowed; } rows[] = {
        {"https://a.example", true},       {"https://b.example:8443", true},
        {"http://[::1]:9090", true},       {"http://localhost", true},
        {"https://b.example", false},      {"http://a.example", false},
        {"https://A.example", false},      {"https://a.example/", false},
        {"https://a.example.evil", false}, {"null", false},
        {NULL, false},                     {"", false},
        {"https://a.examplehttps://b.example:8443", false},
    };
    static const char *const types[] = {"image", "text", "yaml"}; /* a 200, a 200, a 400 */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (size_t t = 0; t < 3; t++) {
            scenario given = user_online();
            given.request.type = text_of(types[t]);
            given.snapshot.cors_origins = text_of(list);
            given.request.origin = text_of(rows[i].origin);
            presence_response response;
    resolve(&given, &response);
            const char *allow = answer_header(&response, "Access-Control-Allow-Origin");
            if (rows[i].allowed)
                assert_string_equal(allow, rows[i].origin);
            else
                assert_null(allow);
            assert_string_equal(answer_header(&response, "Vary"), "Origin");
            if (t == 1 && rows[i].allowed) { /* and the 304 of it */
                char etag[PRESENCE_ETAG_BYTES];
                strcpy(etag, answer_header(&response, "ETag"));
                given.request.if_none_match = text_of(etag);
                presence_response again;
    resolve(&given, &again);
                assert_int_equal(again.http_status, 304);
                assert_string_equal(answer_header(&again, "Vary"), "Origin");
                assert_string_equal(answer_header(&again, "Access-Control-Allow-Origin"), rows[i].origin);
                presence_response_release(&again);
            }
            presence_response_release(&response);
        }
    }
}

/* The answer does not point into the request: the echoed Origin is a copy. */
static void test_cors_origin_is_copied(void **state)
{
    (void)state;
    char origin[] = "https://a.example";
    scenario given = user_online();
    given.snapshot.cors_origins = text_of("https://a.example");
    given.request.origin = text_of(origin);
    presence_response response;
    resolve(&given, &response);
    memset(origin, 'X', sizeof origin - 1);
    assert_string_equal(answer_header(&response, "Access-Control-Allow-Origin"), "https://a.example");
    presence_response_release(&response);
}

/* A malformed or oversized list allows no origin at all (fails closed), Vary kept. */
static void test_cors_bad_list_fails_closed(void **state)
{
    (void)state;
    static char many[PRESENCE_MAX_CORS_ORIGINS + 64];
    size_t at = 0;
    for (unsigned i = 0; i <= PRESENCE_MAX_CORS_ORIGIN_COUNT; i++)
        at += (size_t)sprintf(many + at, "https://h%u.example ", i);
    static char long_list[PRESENCE_MAX_CORS_ORIGINS + 2];
    memset(long_list, ' ', sizeof long_list - 1);
    memcpy(long_list, "https://a.example", 17);
    static char long_entry[PRESENCE_MAX_ORIGIN + 2];
    memset(long_entry, 'a', sizeof long_entry - 1);
    memcpy(long_entry, "https://", 8);
    const char *lists[] = {
        "https://a.example, *", "https://a.example, https://a.example/path", "https://a.example ftp://b.example",
        "https://a.example https://", "https://a.example https://b.example:", "https://a.example https://b.example:123456",
        "https://a.example https://B.example", "https://a.example https://[]", "https://a.example https://b.ex\x01",
        "https://a.example null", many, long_list, long_entry,
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        scenario given = user_online();
        given.snapshot.cors_origins = text_of(lists[i]);
        given.request.origin = text_of("https://a.example");
        presence_response response;
    resolve(&given, &response);
        if (answer_header(&response, "Access-Control-Allow-Origin") != NULL)
            fail_msg("list %zu allowed an origin", i);
        assert_string_equal(answer_header(&response, "Vary"), "Origin");
        presence_response_release(&response);
    }
    /* the first PRESENCE_MAX_CORS_ORIGIN_COUNT entries are fine */
    many[strlen(many) - strlen("https://h32.example ")] = '\0';
    cors_decision decision = cors_decide(text_of(many), text_of("https://h31.example"));
    assert_true(decision.listed && decision.allowed);
}

static void test_preflight(void **state)
{
    (void)state;
    scenario given = user_online();
    given.request.preflight = true;
    given.request.type = text_of("yaml"); /* parameters do not matter */
    presence_response response;
    resolve(&given, &response);
    assert_int_equal(response.http_status, 200);
    assert_int_equal(response.kind, PRESENCE_ANSWER_PREFLIGHT);
    assert_int_equal(response.body_length, 0);
    assert_null(response.log_message);
    assert_string_equal(answer_header(&response, "Allow"), PRESENCE_ALLOWED_METHODS);
    assert_string_equal(answer_header(&response, "Access-Control-Allow-Methods"), "GET, HEAD, POST, OPTIONS");
    assert_string_equal(answer_header(&response, "Access-Control-Allow-Headers"), "If-None-Match");
    assert_string_equal(answer_header(&response, "Access-Control-Max-Age"), "600");
    assert_string_equal(answer_header(&response, "Access-Control-Allow-Origin"), "*");
    assert_null(answer_header(&response, "ETag"));
    assert_null(answer_header(&response, "Vary"));
    presence_response_release(&response);
    given.snapshot.cors_origins = text_of("https://a.example");
    given.request.origin = text_of("https://b.example");
    given.request.if_none_match = text_of("*");
    resolve(&given, &response);
    assert_int_equal(response.http_status, 200);
    assert_null(answer_header(&response, "Access-Control-Allow-Origin"));
    assert_string_equal(answer_header(&response, "Vary"), "Origin");
    presence_response_release(&response);
    given.request.origin = text_of("https://a.example");
    resolve(&given, &response);
    assert_string_equal(answer_header(&response, "Access-Control-Allow-Origin"), "https://a.example");
    presence_response_release(&response);
}

/* ---- several jid parameters ------------------------------------------------ */

typedef struct batch {
    presence_request requests[PRESENCE_BATCH_MAX_JIDS + 1];
    presence_snapshot snapshots[PRESENCE_BATCH_MAX_JIDS + 1];
    char jids[PRESENCE_BATCH_MAX_JIDS + 1][48];
    size_t count;
} batch;

/* count entries: jid i is "u<i>@example.com", online with status text "here" when i is
 * even, hidden (forbidden) when i is odd. */
static void batch_fill(batch *b, size_t count)
{
    b->count = count;
    for (size_t i = 0; i < count; i++) {
        scenario given = i % 2 == 0 ? user_online() : user_hidden();
        snprintf(b->jids[i], sizeof b->jids[i], "u%zu@example.com", i);
        given.request.type = text_of("json");
        given.request.jid = text_of(b->jids[i]);
        given.snapshot.jid_bare = text_of(b->jids[i]);
        given.snapshot.status_text = i % 2 == 0 ? text_of("here") : text_of(NULL);
        b->requests[i] = given.request;
        b->snapshots[i] = given.snapshot;
    }
}

static void batch_resolve(batch *b, presence_response *response)
{
    presence_resolve_batch(b->requests, b->snapshots, b->count, response);
    assert_answer_shape(response);
}

/* The expected body: every entry's single answer under its key. */
static char *batch_expected(batch *b, const char *const *keys)
{
    size_t capacity = 64 + b->count * 128;
    char *expected = malloc(capacity);
    assert_non_null(expected);
    size_t length = (size_t)snprintf(expected, capacity, "{");
    for (size_t i = 0; i < b->count; i++) {
        if (keys != NULL && keys[i] == NULL)
            continue;
        presence_response single;
        presence_resolve(&b->requests[i], &b->snapshots[i], &single);
        length += (size_t)snprintf(expected + length, capacity - length, "%s\"%s\":%.*s", length > 1 ? "," : "",
                                   keys != NULL ? keys[i] : b->jids[i], (int)single.body_length,
                                   (const char *)single.body);
        presence_response_release(&single);
    }
    snprintf(expected + length, capacity - length, "}");
    return expected;
}

static void test_batch_one_is_the_single_answer(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, 1);
    presence_response batched, single;
    batch_resolve(&b, &batched);
    presence_resolve(&b.requests[0], &b.snapshots[0], &single);
    assert_true(answers_identical(&batched, &single));
    static const char expected[] = "{\"status\":\"available\",\"message\":\"here\"}";
    assert_int_equal(batched.body_length, sizeof expected - 1);
    assert_memory_equal(batched.body, expected, sizeof expected - 1);
    presence_response_release(&batched);
    presence_response_release(&single);
}

static void test_batch_two_and_a_hundred(void **state)
{
    (void)state;
    static batch b;
    static const size_t counts[] = {2, 3, PRESENCE_BATCH_MAX_JIDS};
    for (size_t c = 0; c < 3; c++) {
        batch_fill(&b, counts[c]);
        presence_response response;
    batch_resolve(&b, &response);
        assert_int_equal(response.http_status, 200);
        assert_int_equal(response.kind, PRESENCE_ANSWER_JSON);
        assert_string_equal(answer_header(&response, "Content-Type"), "application/json; charset=utf-8");
        assert_non_null(answer_header(&response, "ETag"));
        char *expected = batch_expected(&b, NULL);
        assert_int_equal(response.body_length, strlen(expected));
        assert_memory_equal(response.body, expected, response.body_length);
        if (c == 0)
            assert_string_equal(expected, "{\"u0@example.com\":{\"status\":\"available\",\"message\":\"here\"},"
                                          "\"u1@example.com\":" FORBIDDEN_JSON "}");
        free(expected);
        /* the 304 of a batch */
        char etag[PRESENCE_ETAG_BYTES];
        strcpy(etag, answer_header(&response, "ETag"));
        b.requests[0].if_none_match = text_of(etag);
        presence_response again;
    batch_resolve(&b, &again);
        assert_int_equal(again.http_status, 304);
        assert_string_equal(answer_header(&again, "ETag"), etag);
        presence_response_release(&again);
        presence_response_release(&response);
    }
}

static void test_batch_over_the_limit_is_400(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, PRESENCE_BATCH_MAX_JIDS + 1);
    presence_response response;
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 400);
    assert_string_equal(response.log_message,
                        "The parameter jid is given more than 100 times; type=json answers at most 100 JIDs at once.");
    presence_response_release(&response);
    /* other types answer the first jid alone, as one jid parameter always did */
    for (size_t i = 0; i < b.count; i++)
        b.requests[i].type = text_of("text");
    batch_resolve(&b, &response);
    presence_response single;
    presence_resolve(&b.requests[0], &b.snapshots[0], &single);
    assert_true(answers_identical(&response, &single));
    presence_response_release(&response);
    presence_response_release(&single);
}

static void test_batch_duplicates_once(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, 5);
    /* entries 2 and 4 repeat 0; entry 3 repeats 1 after cleaning ("\x01" reads as a space) */
    b.requests[2].jid = b.requests[0].jid;
    b.requests[4].jid = b.requests[0].jid;
    strcpy(b.jids[1], "u 1@example.com");
    strcpy(b.jids[3], "u\x01" "1@example.com");
    b.requests[1].jid = text_of(b.jids[1]);
    b.requests[3].jid = text_of(b.jids[3]);
    static const char *const keys[] = {"u0@example.com", "u 1@example.com", NULL, NULL, NULL};
    presence_response response;
    batch_resolve(&b, &response);
    char *expected = batch_expected(&b, keys);
    assert_int_equal(response.body_length, strlen(expected));
    assert_memory_equal(response.body, expected, response.body_length);
    free(expected);
    presence_response_release(&response);
}

static void test_batch_keys_are_escaped(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, 2);
    b.requests[1].jid = text_of("\"</script>\\\xFF@x");
    presence_response response;
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 200);
    const char *key = "\"\\\"\\u003c/script\\u003e\\\\\xEF\xBF\xBD@x\":" FORBIDDEN_JSON;
    assert_true(body_holds(&response, key, strlen(key)));
    assert_null(memchr(response.body, '<', response.body_length));
    presence_response_release(&response);
    /* an empty jid is a key too: the empty string, answered forbidden */
    b.requests[1].jid = text_of("");
    batch_resolve(&b, &response);
    assert_true(body_holds(&response, "\"\":" FORBIDDEN_JSON, 2 + 1 + 22));
    presence_response_release(&response);
}

/* Every forbidden entry's value is exactly the single forbidden body, whatever is hidden. */
static void test_batch_forbidden_entries_identical(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, 4);
    b.snapshots[1].subject_exists = false;
    b.snapshots[3].available = true;
    b.snapshots[3].status_text = text_of("secret");
    presence_response response;
    batch_resolve(&b, &response);
    const char *expected = "{\"u0@example.com\":{\"status\":\"available\",\"message\":\"here\"},"
                           "\"u1@example.com\":" FORBIDDEN_JSON ","
                           "\"u2@example.com\":{\"status\":\"available\",\"message\":\"here\"},"
                           "\"u3@example.com\":" FORBIDDEN_JSON "}";
    assert_int_equal(response.body_length, strlen(expected));
    assert_memory_equal(response.body, expected, response.body_length);
    presence_response_release(&response);
}

static void test_batch_entry_errors_are_the_answer(void **state)
{
    (void)state;
    static batch b;
    static char long_jid[PRESENCE_MAX_JID + 2];
    memset(long_jid, 'j', sizeof long_jid - 1);
    batch_fill(&b, 3);
    b.requests[2].jid = text_of(long_jid);
    presence_response response;
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 400);
    assert_string_equal(response.log_message, "The parameter jid is longer than 3071 bytes.");
    presence_response_release(&response);
    static char huge[PRESENCE_MAX_STATUS_TEXT + 2];
    memset(huge, 'x', sizeof huge - 1);
    batch_fill(&b, 3);
    b.snapshots[2].status_text = text_of(huge);
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 500);
    assert_string_equal(response.log_message, "The presence data exceeds the plugin's limits.");
    presence_response_release(&response);
    /* the type and the other parameters are requests[0]'s */
    batch_fill(&b, 2);
    b.requests[1].type = text_of("yaml");
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 200);
    presence_response_release(&response);
    b.requests[0].type = text_of("yaml");
    batch_resolve(&b, &response);
    assert_int_equal(response.http_status, 400);
    presence_response_release(&response);
    /* the preflight is the preflight */
    batch_fill(&b, 2);
    b.requests[0].preflight = true;
    batch_resolve(&b, &response);
    assert_int_equal(response.kind, PRESENCE_ANSWER_PREFLIGHT);
    presence_response_release(&response);
    /* no entries: as presence_resolve with no request */
    presence_resolve_batch(NULL, NULL, 0, &response);
    assert_answer_shape(&response);
    assert_int_equal(response.status, PRESENCE_STATUS_FORBIDDEN);
    presence_response_release(&response);
}

#ifdef PRESENCE_FAULT_INJECTION
static void test_batch_allocation_failures(void **state)
{
    (void)state;
    static batch b;
    batch_fill(&b, 40); /* enough to grow the body several times */
    presence_response expected;
    presence_fault_reset(-1);
    presence_resolve_batch(b.requests, b.snapshots, b.count, &expected);
    long allocations = presence_fault_allocations();
    assert_true(allocations >= 4);
    for (long i = 0; i < allocations; i++) {
        presence_response response;
        presence_fault_reset(i);
        presence_resolve_batch(b.requests, b.snapshots, b.count, &response);
        presence_fault_reset(-1);
        assert_answer_shape(&response);
        if (!answers_identical(&response, &expected)) {
            assert_int_equal(response.http_status, 500);
            assert_string_equal(response.log_message,
                                "The presence plugin ran out of memory while building the answer.");
            assert_null(answer_header(&response, "ETag"));
        }
        presence_response_release(&response);
    }
    presence_response_release(&expected);
}
#endif

int run_caching_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_is_stable),
        cmocka_unit_test(test_hash_streaming_equals_one_run),
        cmocka_unit_test(test_hash_avalanche),
        cmocka_unit_test(test_etag_on_every_200_and_only_there),
        cmocka_unit_test(test_etag_follows_the_bytes),
        cmocka_unit_test(test_forbidden_etags_are_one_per_type),
        cmocka_unit_test(test_if_none_match_parsing),
        cmocka_unit_test(test_if_none_match_is_bounded),
        cmocka_unit_test(test_304_shape),
        cmocka_unit_test(test_cache_max_age_setting),
        cmocka_unit_test(test_cors_any_origin_by_default),
        cmocka_unit_test(test_cors_listed_origins),
        cmocka_unit_test(test_cors_origin_is_copied),
        cmocka_unit_test(test_cors_bad_list_fails_closed),
        cmocka_unit_test(test_preflight),
        cmocka_unit_test(test_batch_one_is_the_single_answer),
        cmocka_unit_test(test_batch_two_and_a_hundred),
        cmocka_unit_test(test_batch_over_the_limit_is_400),
        cmocka_unit_test(test_batch_duplicates_once),
        cmocka_unit_test(test_batch_keys_are_escaped),
        cmocka_unit_test(test_batch_forbidden_entries_identical),
        cmocka_unit_test(test_batch_entry_errors_are_the_answer),
#ifdef PRESENCE_FAULT_INJECTION
        cmocka_unit_test(test_batch_allocation_failures),
#endif
    };
    return cmocka_run_group_tests_name("caching, CORS and several JIDs", tests, NULL, NULL);
}
