/*
 * test_faults.c — the allocation-failure hook (presence_fault.h): counting, failing
 * exactly the chosen attempt, libxml2 routed through the same allocator. Needs a
 * build with PRESENCE_FAULT_INJECTION (the default without the JNI library).
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#ifdef PRESENCE_FAULT_INJECTION
#include <libxml/xmlmemory.h>

#include "presence_fault.h"

#define OUT_OF_MEMORY "The presence plugin ran out of memory while building the answer."

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

int run_fault_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counting_and_failing_one_attempt),
        cmocka_unit_test(test_text_answer_fails_cleanly),
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
