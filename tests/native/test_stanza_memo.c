/* test_stanza_memo.c — the online xml answer kept per stanza (stanza_memo.c): an answer
 * from what was kept is byte for byte the answer made from nothing, for every stanza,
 * refused ones included, with more stanzas than slots, under allocation failures and
 * from several threads at once; an answer during which memory ran out keeps nothing. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <pthread.h>
#endif

#include "presence_fault.h"

#define STANZA_COUNT 200 /* more than the memo's slots */

static char stanzas[STANZA_COUNT][256];

static scenario xml_user(const char *stanza)
{
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.request.type = text_of("xml");
    given.snapshot.stanza_xml = text_of(stanza);
    given.snapshot.status_text = text_of("Lunch");
    return given;
}

/* Stanza i: kept by the allow-list (even i) or refused by stanza_parse (odd i). */
static const char *stanza(int i)
{
    if (stanzas[i][0] == '\0') {
        if (i % 2 == 0)
            snprintf(stanzas[i], sizeof stanzas[i],
                     "<presence><show>away</show><status>Lunch %d</status>"
                     "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://x' ver='v%d'/></presence>", i, i);
        else
            snprintf(stanzas[i], sizeof stanzas[i], "<presence><x xmlns='relative-%d'/></presence>", i);
    }
    return stanzas[i];
}

/* The answer for stanza i made with nothing kept (the memo emptied first). */
static void fresh_answer(int i, presence_response *response)
{
    scenario given = xml_user(stanza(i));
    presence_core_cleanup();
    presence_resolve(&given.request, &given.snapshot, response);
}

#ifdef PRESENCE_FAULT_INJECTION
static void test_a_kept_answer_is_the_fresh_one_and_costs_less(void **state)
{
    (void)state;
    scenario given = xml_user(stanza(0));
    presence_response fresh, again;
    fresh_answer(0, &fresh);
    assert_int_equal(fresh.http_status, 200);
    assert_true(answer_body_contains(&fresh, "ver=\"v0\""));
    presence_fault_reset(-1);
    presence_resolve(&given.request, &given.snapshot, &again);
    long kept_allocations = presence_fault_allocations();
    assert_true(answers_identical(&fresh, &again));
    presence_response_release(&again);
    presence_core_cleanup();
    presence_fault_reset(-1);
    presence_resolve(&given.request, &given.snapshot, &again);
    long parsed_allocations = presence_fault_allocations();
    assert_true(answers_identical(&fresh, &again));
    presence_response_release(&again);
    printf("allocations: xml from the kept body %ld, parsed %ld\n", kept_allocations, parsed_allocations);
    if (kept_allocations >= parsed_allocations)
        fail_msg("the second answer for one stanza was not taken from the memo (%ld allocations, parsing %ld)",
                 kept_allocations, parsed_allocations);
    presence_response_release(&fresh);
}

#else
static void test_a_kept_answer_is_the_fresh_one_and_costs_less(void **state)
{
    (void)state;
    printf("skipped: counting allocations needs PRESENCE_FAULT_INJECTION (the other memo tests run)\n");
}
#endif

static void test_many_stanzas_never_mix(void **state)
{
    (void)state;
    static presence_response expected[STANZA_COUNT];
    for (int i = 0; i < STANZA_COUNT; i++)
        fresh_answer(i, &expected[i]);
    presence_core_cleanup();
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < STANZA_COUNT; i++) {
            int which = (i * 37 + round * 11) % STANZA_COUNT; /* every stanza, in a different order each round */
            scenario given = xml_user(stanza(which));
            presence_response response;
            presence_resolve(&given.request, &given.snapshot, &response);
            if (!answers_identical(&response, &expected[which]))
                fail_msg("stanza %d, round %d: the answer differs from the one made from nothing", which, round);
            presence_response_release(&response);
        }
    }
    for (int i = 0; i < STANZA_COUNT; i++)
        presence_response_release(&expected[i]);
}

#ifdef PRESENCE_FAULT_INJECTION
static void test_every_allocation_failure_with_the_stanza_kept(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) { /* a kept body, a kept refusal */
        presence_response expected, response;
        fresh_answer(i, &expected);
        scenario given = xml_user(stanza(i));
        presence_fault_reset(-1);
        presence_resolve(&given.request, &given.snapshot, &response); /* from the memo */
        long allocations = presence_fault_allocations();
        presence_response_release(&response);
        for (long fail = 0; fail < allocations; fail++) {
            presence_resolve(&given.request, &given.snapshot, &response); /* keep it again */
            presence_response_release(&response);
            presence_fault_reset(fail);
            presence_resolve(&given.request, &given.snapshot, &response);
            presence_fault_reset(-1);
            assert_answer_shape(&response);
            if (!answers_identical(&response, &expected) && response.http_status != 500)
                fail_msg("stanza %d: allocation %ld of %ld failed and the answer is %d", i, fail, allocations,
                         response.http_status);
            presence_response_release(&response);
        }
        presence_response_release(&expected);
    }
    presence_core_cleanup();
}


/* An answer during which memory ran out keeps nothing: the next one is the full answer
 * (a refusal or a shorter body that libxml2 made for want of memory is not the stanza's). */
static void test_an_answer_that_ran_out_of_memory_keeps_nothing(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) { /* a stanza the allow-list keeps, one stanza_parse refuses */
        presence_response expected, response;
        fresh_answer(i, &expected);
        presence_core_cleanup();
        scenario given = xml_user(stanza(i));
        presence_fault_reset(-1);
        presence_resolve(&given.request, &given.snapshot, &response);
        long allocations = presence_fault_allocations();
        presence_response_release(&response);
        for (long fail = 0; fail < allocations; fail++) {
            presence_core_cleanup();
            presence_fault_reset(fail);
            presence_resolve(&given.request, &given.snapshot, &response);
            presence_fault_reset(-1);
            presence_response_release(&response);
            presence_resolve(&given.request, &given.snapshot, &response);
            if (!answers_identical(&response, &expected))
                fail_msg("stanza %d: after allocation %ld of %ld failed, the next answer is not the full one (%d)", i,
                         fail, allocations, response.http_status);
            presence_response_release(&response);
        }
        presence_response_release(&expected);
    }
    presence_core_cleanup();
}
#else
static void test_an_answer_that_ran_out_of_memory_keeps_nothing(void **state)
{
    (void)state;
    printf("skipped: failing allocations needs PRESENCE_FAULT_INJECTION (the other memo tests run)\n");
}

static void test_every_allocation_failure_with_the_stanza_kept(void **state)
{
    (void)state;
    printf("skipped: failing allocations needs PRESENCE_FAULT_INJECTION (the other memo tests run)\n");
}
#endif

#ifndef _WIN32
#define THREADS 4
#define CALLS_PER_THREAD 3000
#define SHARED_STANZAS 8 /* few, so that threads meet on the same slots */

static presence_response shared_expected[SHARED_STANZAS];

static void *resolve_in_turn(void *argument)
{
    long seed = (long)(size_t)argument, mismatches = 0;
    for (int call = 0; call < CALLS_PER_THREAD; call++) {
        int which = (int)((seed * 7 + call * 3) % SHARED_STANZAS);
        scenario given = xml_user(stanza(which));
        presence_response response;
        presence_resolve(&given.request, &given.snapshot, &response);
        if (!answers_identical(&response, &shared_expected[which]))
            mismatches++;
        presence_response_release(&response);
    }
    return (void *)(size_t)mismatches;
}

static void test_threads_sharing_the_memo_get_the_fresh_answers(void **state)
{
    (void)state;
    for (int i = 0; i < SHARED_STANZAS; i++)
        fresh_answer(i, &shared_expected[i]);
    presence_core_cleanup();
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, resolve_in_turn, (void *)(size_t)t), 0);
    long mismatches = 0;
    for (int t = 0; t < THREADS; t++) {
        void *result;
        assert_int_equal(pthread_join(threads[t], &result), 0);
        mismatches += (long)(size_t)result;
    }
    assert_int_equal(mismatches, 0);
    for (int i = 0; i < SHARED_STANZAS; i++)
        presence_response_release(&shared_expected[i]);
    presence_core_cleanup();
}
#else
static void test_threads_sharing_the_memo_get_the_fresh_answers(void **state)
{
    (void)state;
    printf("skipped: the threaded memo test uses POSIX threads, which this Windows build does not link; "
           "the Linux builds run it\n");
}
#endif

int run_stanza_memo_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_kept_answer_is_the_fresh_one_and_costs_less),
        cmocka_unit_test(test_many_stanzas_never_mix),
        cmocka_unit_test(test_every_allocation_failure_with_the_stanza_kept),
        cmocka_unit_test(test_an_answer_that_ran_out_of_memory_keeps_nothing),
        cmocka_unit_test(test_threads_sharing_the_memo_get_the_fresh_answers),
    };
    return cmocka_run_group_tests_name("stanza memo", tests, NULL, NULL);
}
