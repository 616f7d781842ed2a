/*
 * test_requester.c — plugin.presence.requester (README "Who may see presence"): the
 * decision for every row of policy (signed, trusted) × an accepted signature × the
 * requester's relation to the user (self, roster may_probe, stranger, none), with
 * presence not public. Under signed an unverified req_jid counts as absent, so its
 * answers are byte-identical to those of a request without req_jid; under trusted
 * verification does not matter.
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#define FRIEND_JID "friend@example.com"

typedef enum relation { SELF, ROSTER, STRANGER, NONE } relation;

typedef struct row {
    int signed_only;
    int verified;
    relation who;
    int visible; /* expected: the user's presence shown (else forbidden) */
} row;

static const row rows[] = {
    {1, 1, SELF, 1},  {1, 1, ROSTER, 1}, {1, 1, STRANGER, 0}, {1, 1, NONE, 0},
    {1, 0, SELF, 0},  {1, 0, ROSTER, 0}, {1, 0, STRANGER, 0}, {1, 0, NONE, 0},
    {0, 1, SELF, 1},  {0, 1, ROSTER, 1}, {0, 1, STRANGER, 0}, {0, 1, NONE, 0},
    {0, 0, SELF, 1},  {0, 0, ROSTER, 1}, {0, 0, STRANGER, 0}, {0, 0, NONE, 0},
};
enum { ROW_COUNT = sizeof rows / sizeof rows[0] };
static const char *const relation_names[] = {"self", "roster", "stranger", "none"};

static scenario given_row(const row *r)
{
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.snapshot.presence_public = false;
    given.snapshot.status_text = text_of("In a meeting");
    given.snapshot.requester_signed_only = r->signed_only;
    if (r->verified)
        sign_scenario(&given, PRESENCE_KEY_CURRENT);
    const char *requester = r->who == SELF ? USER_JID : r->who == NONE ? NULL : FRIEND_JID;
    given.request.req_jid = text_of(requester);
    given.snapshot.requester_valid = requester != NULL;
    given.snapshot.requester_bare = text_of(requester);
    given.snapshot.requester_may_probe = r->who == ROSTER;
    return given;
}

/* The same user asked without req_jid (and with nothing verified). */
static scenario given_no_requester(void)
{
    row none = {1, 0, NONE, 0};
    return given_row(&none);
}

static void test_row(void **state)
{
    const row *r = *state;
    scenario given = given_row(r);
    presence_response image, text, xml, reference;
    resolve_scenario(&given, &image);
    given.request.type = text_of("text");
    resolve_scenario(&given, &text);
    given.request.type = text_of("xml");
    resolve_scenario(&given, &xml);
    if (r->visible) {
        assert_built_in_image(&image, PRESENCE_STATUS_AWAY);
        assert_answer(&text, 200, "text/plain; charset=UTF-8", "In a meeting");
        assert_int_equal(xml.status, PRESENCE_STATUS_AWAY);
    } else {
        assert_built_in_image(&image, PRESENCE_STATUS_FORBIDDEN);
        assert_answer(&text, 200, "text/plain; charset=UTF-8", "Forbidden");
        assert_int_equal(xml.status, PRESENCE_STATUS_FORBIDDEN);
        if (r->who != NONE && r->signed_only && !r->verified) {
            /* counted as absent: the very answer of a request without req_jid */
            scenario without = given_no_requester();
            without.request.type = text_of("xml");
            resolve_scenario(&without, &reference);
            assert_true(answers_identical(&xml, &reference));
            assert_answer(&xml, 200, "text/xml; charset=UTF-8",
                          "<presence type=\"error\" from=\"" USER_JID "\">" FORBIDDEN_XML_TAIL);
            presence_response_release(&reference);
        }
    }
    presence_response_release(&image);
    presence_response_release(&text);
    presence_response_release(&xml);
}

static void test_verified_without_req_jid_grants_nothing(void **state)
{
    (void)state;
    row self = {1, 1, SELF, 1};
    scenario given = given_row(&self);
    given.request.req_jid = text_of(NULL); /* inconsistent: verified, but no req_jid sent */
    presence_response response;
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_FORBIDDEN);
    presence_response_release(&response);
}

static void test_public_ignores_the_policy(void **state)
{
    (void)state;
    row unsigned_stranger = {1, 0, STRANGER, 0};
    scenario given = given_row(&unsigned_stranger);
    given.snapshot.presence_public = true;
    presence_response response;
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AWAY);
    presence_response_release(&response);
}

int run_requester_tests(void)
{
    static char names[ROW_COUNT][96];
    static struct CMUnitTest tests[ROW_COUNT + 2];
    for (int i = 0; i < ROW_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "%s, %s, requester %s: %s", rows[i].signed_only ? "signed" : "trusted",
                 rows[i].verified ? "verified" : "not verified", relation_names[rows[i].who],
                 rows[i].visible ? "shown" : "forbidden");
        tests[i] = (struct CMUnitTest){names[i], test_row, NULL, NULL, (void *)&rows[i]};
    }
    tests[ROW_COUNT] = (struct CMUnitTest)cmocka_unit_test(test_verified_without_req_jid_grants_nothing);
    tests[ROW_COUNT + 1] = (struct CMUnitTest)cmocka_unit_test(test_public_ignores_the_policy);
    return _cmocka_run_group_tests("requester", tests, ROW_COUNT + 2, NULL, NULL);
}
