/*
 * test_faults.c — the allocation-failure hook (presence_fault.h): counting, failing
 * exactly the chosen attempt, libxml2 routed through the same allocator; then, for
 * every kind of answer, each of its allocations fails in turn: the answer is the
 * complete one or exactly the 500 out-of-memory answer, nothing leaks (the ASan and
 * valgrind runs of these tests), nothing reaches stderr. Needs a build with
 * PRESENCE_FAULT_INJECTION (the default without the JNI library).
 */
#define _POSIX_C_SOURCE 200809L /* fileno, dup */
#include "test_support.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef PRESENCE_FAULT_INJECTION
#include <libxml/xmlmemory.h>

#include "presence_fault.h"

#define OUT_OF_MEMORY "The presence plugin ran out of memory while building the answer."
#define FACTS_ANSWER "<presence from=\"jsmith@example.com\"><priority>1</priority></presence>"

static void test_counting_and_failing_one_attempt(void **state)
{
    (void)state;
    presence_fault_reset(-1);
    assert_int_equal(presence_fault_allocations(), 0);
    void *first = xmlMalloc(16); /* libxml2's allocator is the core's */
    assert_non_null(first);
    assert_int_equal(presence_fault_allocations(), 1);
    presence_fault_reset(1);
    void *second = xmlMalloc(16);
    void *failed = xmlMalloc(16);
    void *third = xmlMalloc(16);
    assert_non_null(second);
    assert_null(failed);
    assert_non_null(third);
    assert_int_equal(presence_fault_allocations(), 3);
    presence_fault_reset(-1);
    xmlFree(first);
    xmlFree(second);
    xmlFree(third);
}

static void test_text_answer_fails_cleanly(void **state)
{
    (void)state;
    scenario given = user_online();
    given.request.type = text_of("text");
    given.snapshot.status_text = text_of("Lunch");
    presence_response response;
    presence_fault_reset(-1);
    resolve_scenario(&given, &response);
    assert_true(presence_fault_allocations() >= 1);
    assert_answer(&response, 200, "text/plain; charset=UTF-8", "Lunch");
    presence_response_release(&response);
    presence_fault_reset(0);
    presence_resolve(&given.request, &given.snapshot, &response);
    presence_fault_reset(-1);
    assert_answer_shape(&response);
    assert_answer(&response, 500, "text/plain; charset=UTF-8", OUT_OF_MEMORY);
    presence_response_release(&response);
}

/* ---- every allocation of every answer fails in turn ------------------------ */

#define NORMAL_STANZA                                                                              \
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\" xml:lang=\"en\">"         \
    "<show>away</show><status>In a meeting &amp; more</status><priority>5</priority>"             \
    "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"http://x\" ver=\"Q=\"/>"    \
    "<delay xmlns=\"urn:xmpp:delay\" stamp=\"2024-05-01T10:00:00Z\"/><!-- dropped -->"            \
    "<x xmlns=\"vcard-temp:x:update\"><photo>abc</photo></x></presence>"

typedef struct fault_case {
    const char *name;
    void (*setup)(scenario *given);
    int http_status; /* of the answer without failures */
} fault_case;

#define SETUP(function, ...) static void function(scenario *g) { __VA_ARGS__; }
SETUP(image_built_in, *g = user_online();)
SETUP(image_images_redirect, *g = user_online(); g->request.images = text_of("https://img.example/--IMAGE--.png");)
SETUP(image_status_redirect, *g = user_online();
      g->request.status_url[PRESENCE_STATUS_AVAILABLE] = text_of("/icons/\xC3\xA9 green.png");)
SETUP(text_online, *g = user_online(); g->request.type = text_of("text"); g->snapshot.status_text = text_of("Lunch\n"));
SETUP(text_online_label, *g = user_with_status(PRESENCE_STATUS_XA); g->request.type = text_of("text");)
SETUP(text_offline, *g = user_offline(); g->request.type = text_of("text"); g->snapshot.last_status = text_of("Gone"));
SETUP(json_online, *g = user_online(); g->request.type = text_of("json"); g->snapshot.status_text = text_of("<Lunch>\n"));
SETUP(json_offline, *g = user_offline(); g->request.type = text_of("json"); g->snapshot.last_status = text_of("Gone"));
SETUP(text_forbidden, *g = user_hidden(); g->request.type = text_of("text");)
SETUP(xml_online_children, *g = user_with_status(PRESENCE_STATUS_AWAY); g->request.type = text_of("xml");
      g->snapshot.stanza_xml = text_of(NORMAL_STANZA);)
SETUP(xml_online_facts, *g = user_with_status(PRESENCE_STATUS_DND); g->request.type = text_of("xml");
      g->snapshot.status_text = text_of("Busy <now>"); g->snapshot.stanza_xml = text_of("<presence><show>dnd</presence>");)
SETUP(xml_online_refused_warning, *g = user_online(); g->request.type = text_of("xml");
      g->snapshot.stanza_xml = text_of("<presence><x xmlns='relative'/></presence>");)
SETUP(xml_offline, *g = user_offline(); g->request.type = text_of("xml"); g->snapshot.last_status = text_of("Back & forth"));
SETUP(xml_forbidden, *g = user_hidden(); g->request.type = text_of("xml"); g->request.req_jid = text_of("x@example.com");
      g->snapshot.requester_valid = true; g->snapshot.requester_bare = text_of("x@example.com");)
SETUP(badge_message, *g = user_online(); g->request.type = text_of("badge"); g->request.message = text_of("1");
      g->request.label = text_of("<team>"); g->snapshot.status_text = text_of("Lunch & \"more\""));
SETUP(shields_message, *g = user_online(); g->request.type = text_of("shields"); g->request.message = text_of("1");
      g->snapshot.status_text = text_of("Lunch <now>"));
SETUP(avatar_photo, *g = user_online(); g->request.type = text_of("avatar");
      g->snapshot.avatar = bytes_of("GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;", 29);)
SETUP(avatar_default, *g = user_online(); g->request.type = text_of("avatar"); g->snapshot.avatar = text_of("<svg/>");)
SETUP(error_parameter_too_long, *g = user_online(); g->request.type = text_of("textextextextextextextextextextext");)
SETUP(error_unknown_type, *g = user_online(); g->request.type = text_of("yaml");)
SETUP(error_bad_url, *g = user_online(); g->request.images = text_of("javascript:alert(1)");)
SETUP(error_data_over_limits, *g = user_online(); g->request.type = text_of("text");
      g->snapshot.status_text = bytes_of(NORMAL_STANZA NORMAL_STANZA, 16385);)

static const fault_case fault_cases[] = {
    {"image built-in", image_built_in, 200},
    {"image redirect (images)", image_images_redirect, 302},
    {"image redirect (per-status URL)", image_status_redirect, 302},
    {"text online", text_online, 200},
    {"text online label", text_online_label, 200},
    {"text offline", text_offline, 200},
    {"text forbidden", text_forbidden, 200},
    {"json online", json_online, 200},
    {"json offline", json_offline, 200},
    {"xml online with children", xml_online_children, 200},
    {"xml online rebuilt from the facts", xml_online_facts, 200},
    {"xml online refused by a warning", xml_online_refused_warning, 200},
    {"xml offline", xml_offline, 200},
    {"xml forbidden", xml_forbidden, 200},
    {"badge with message", badge_message, 200},
    {"shields with message", shields_message, 200},
    {"avatar photo", avatar_photo, 200},
    {"avatar default", avatar_default, 200},
    {"400 parameter too long", error_parameter_too_long, 400},
    {"400 unknown type", error_unknown_type, 400},
    {"400 bad image URL", error_bad_url, 400},
    {"500 data over limits", error_data_over_limits, 500},
};

/* Sends this process's stderr to a temporary file until stderr_restore(). */
typedef struct stderr_capture {
    FILE *file;
    int saved;
} stderr_capture;

static stderr_capture stderr_capture_start(void)
{
    stderr_capture capture = {tmpfile(), -1};
    assert_non_null(capture.file);
    fflush(stderr);
    capture.saved = dup(STDERR_FILENO);
    assert_true(capture.saved >= 0);
    assert_true(dup2(fileno(capture.file), STDERR_FILENO) >= 0);
    return capture;
}

/* Puts stderr back; returns how many bytes were written to it meanwhile. */
static long stderr_capture_end(stderr_capture *capture)
{
    fflush(stderr);
    dup2(capture->saved, STDERR_FILENO);
    close(capture->saved);
    long written = ftell(capture->file) >= 0 ? (fseek(capture->file, 0, SEEK_END), ftell(capture->file)) : -1;
    fclose(capture->file);
    return written;
}

/* A copy of an answer's status, headers and body, to compare with later answers. */
typedef struct answer_copy {
    presence_response response; /* headers and body point into the copy below */
    char storage[65536];
} answer_copy;

static void copy_answer(const presence_response *from, answer_copy *to)
{
    size_t used = 0;
    to->response = *from;
    for (size_t i = 0; i < from->header_count; i++) {
        const char *strings[2] = {from->headers[i].name, from->headers[i].value};
        for (int j = 0; j < 2; j++) {
            size_t length = strlen(strings[j]) + 1;
            assert_true(used + length < sizeof to->storage);
            memcpy(to->storage + used, strings[j], length);
            (j == 0 ? &to->response.headers[i].name : &to->response.headers[i].value)[0] = to->storage + used;
            used += length;
        }
    }
    assert_true(used + from->body_length <= sizeof to->storage);
    memcpy(to->storage + used, from->body, from->body_length);
    to->response.body = (const unsigned char *)to->storage + used;
    to->response.owned = NULL;
}

static void test_every_allocation_failure_of_every_answer(void **state)
{
    (void)state;
    static answer_copy expected;
    stderr_capture capture = stderr_capture_start();
    for (size_t c = 0; c < sizeof fault_cases / sizeof fault_cases[0]; c++) {
        const fault_case *row = &fault_cases[c];
        scenario given;
        row->setup(&given);
        presence_response response;
        presence_core_cleanup(); /* each attempt starts from nothing kept (stanza_memo.c) */
        presence_fault_reset(-1);
        presence_resolve(&given.request, &given.snapshot, &response);
        long allocations = presence_fault_allocations();
        assert_answer_shape(&response);
        if (response.http_status != row->http_status)
            fail_msg("%s: status %d, expected %d", row->name, response.http_status, row->http_status);
        copy_answer(&response, &expected);
        presence_response_release(&response);
        printf("allocations: %-36s %ld\n", row->name, allocations);
        long full = 0, out_of_memory = 0;
        for (long i = 0; i < allocations; i++) {
            presence_core_cleanup();
            presence_fault_reset(i);
            presence_resolve(&given.request, &given.snapshot, &response);
            presence_fault_reset(-1);
            assert_answer_shape(&response);
            if (answers_identical(&response, &expected.response)) {
                full++;
            } else if (response.http_status == 500 && response.body_length == strlen(OUT_OF_MEMORY) &&
                       memcmp(response.body, OUT_OF_MEMORY, response.body_length) == 0 &&
                       response.status == expected.response.status) {
                out_of_memory++;
            } else {
                stderr_capture_end(&capture);
                fail_msg("%s: allocation %ld of %ld failed and the answer is neither the full one nor the 500:\n"
                         "  %d %.*s", row->name, i, allocations, response.http_status, (int)response.body_length,
                         (const char *)response.body);
            }
            presence_response_release(&response);
        }
        assert_int_equal(full + out_of_memory, allocations);
    }
    long written = stderr_capture_end(&capture);
    if (written != 0)
        fail_msg("%ld bytes written to stderr while allocations failed", written);
}

/* libxml2 has something to say about each of these; none of it may reach stderr. */
static void test_malformed_stanzas_write_nothing_to_stderr(void **state)
{
    (void)state;
    static const char *const stanzas[] = {
        "<presence><show>away</presence>", "<presence", "<presence><x:y/></presence>", "<presence>&lol;</presence>",
        "<presence><status>\xFF</status></presence>", "<presence><x xmlns='rel'/></presence>", "<presence/><presence/>",
        "<presence a='1' a='2'/>", "<?xml version='2.0'?><presence/>", "<presence><![CDATA[x</presence>",
        "<presence xmlns:xml='urn:x'/>", "<presence xmlns:xmlns='urn:x'/>", "<presence>&#0;</presence>",
        "<presence>]]></presence>", "<presence>&#xD800;</presence>", "<presence><a:b xmlns:a=''/></presence>",
    };
    stderr_capture capture = stderr_capture_start();
    for (size_t i = 0; i < sizeof stanzas / sizeof stanzas[0]; i++) {
        scenario given = user_online();
        given.request.type = text_of("xml");
        given.snapshot.stanza_xml = text_of(stanzas[i]);
        presence_response response;
        presence_resolve(&given.request, &given.snapshot, &response);
        int ok = response.http_status == 200 && response.body_length == strlen(FACTS_ANSWER) &&
                 memcmp(response.body, FACTS_ANSWER, response.body_length) == 0;
        presence_response_release(&response);
        if (!ok) {
            stderr_capture_end(&capture);
            fail_msg("stanza %s was not rebuilt from the facts", stanzas[i]);
        }
    }
    long written = stderr_capture_end(&capture);
    if (written != 0)
        fail_msg("%ld bytes written to stderr for malformed stanzas", written);
}

int run_fault_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counting_and_failing_one_attempt),
        cmocka_unit_test(test_text_answer_fails_cleanly),
        cmocka_unit_test(test_every_allocation_failure_of_every_answer),
        cmocka_unit_test(test_malformed_stanzas_write_nothing_to_stderr),
    };
    return cmocka_run_group_tests_name("allocation failures", tests, NULL, NULL);
}
#else
int run_fault_tests(void)
{
    printf("allocation-failure tests SKIPPED: the core is built without PRESENCE_FAULT_INJECTION "
           "(configure with -DPRESENCE_JNI=OFF -DPRESENCE_FAULT_INJECTION=ON)\n");
    return 0;
}
#endif
