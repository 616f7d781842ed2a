/* test_main.c — runs every group of the core's cmocka tests; exits non-zero on any failure. */
#include "test_support.h"

#include <stdio.h>

#include <libxml/parser.h>

int main(void)
{
    if (presence_core_init() != 0) {
        fprintf(stderr, "presence_core_init failed\n");
        return 1;
    }
    int failures = 0;
    failures += run_contract_tests();
    failures += run_matrix_tests();
    failures += run_forbidden_tests();
    failures += run_requester_tests();
    failures += run_hostile_tests();
    failures += run_url_byte_tests();
    failures += run_xml_escaping_tests();
    failures += run_allow_list_tests();
    failures += run_json_tests();
    failures += run_visibility_tests();
    failures += run_badge_tests();
    failures += run_avatar_tests();
    failures += run_image_tests();
    failures += run_fault_tests();
    failures += run_caching_tests();
    failures += run_stanza_memo_tests();
    xmlCleanupParser();
    printf("presence_core_tests: %d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
