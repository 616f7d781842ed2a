/*
 * test_forbidden.c — forbidden for each of its causes, one identical answer for all.
 * The base is a user whom the requester may see (away, "In a meeting", via may_probe);
 * each cause changes that one thing. Causes that keep the request parameters as they
 * were must answer byte for byte the same (image, images=, text, xml); causes that
 * change the parameters must still give the same image and text answer, and an XML
 * answer whose from/to follow only the request's JIDs. Then the allowed cases.
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#define FRIEND_JID "friend@example.com"

typedef struct cause {
    const char *name;
    void (*apply)(scenario *given);
    int changes_request;  /* the request parameters differ from the base */
    const char *xml;      /* expected forbidden stanza */
} cause;

static scenario visible_user(void)
{
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.snapshot.presence_public = false;
    given.snapshot.status_text = text_of("In a meeting");
    given.request.req_jid = text_of(FRIEND_JID);
    given.snapshot.requester_valid = true;
    given.snapshot.requester_bare = text_of(FRIEND_JID);
    given.snapshot.requester_may_probe = true;
    return given;
}

static void no_jid_facts(scenario *given)
{
    given->snapshot.jid_valid = false;
    given->snapshot.jid_bare = text_of(NULL);
    given->snapshot.jid_has_node = false;
    given->snapshot.jid_domain = PRESENCE_DOMAIN_FOREIGN;
    given->snapshot.subject_exists = false;
}
static void missing_jid(scenario *given) { given->request.jid = text_of(NULL); no_jid_facts(given); }
static void empty_jid(scenario *given) { given->request.jid = bytes_of("", 0); no_jid_facts(given); }
static void invalid_jid(scenario *given) { given->request.jid = text_of("jsmith@@example..com"); no_jid_facts(given); }
static void foreign_domain(scenario *given) { given->snapshot.jid_domain = PRESENCE_DOMAIN_FOREIGN; }
static void no_node(scenario *given) { given->snapshot.jid_has_node = false; }
static void unknown_user(scenario *given) { given->snapshot.subject_exists = false; }
static void unanswered_component(scenario *given)
{
    given->snapshot.jid_domain = PRESENCE_DOMAIN_COMPONENT;
    given->snapshot.subject_exists = false;
}
static void not_public_no_requester(scenario *given)
{
    given->request.req_jid = text_of(NULL);
    given->snapshot.requester_valid = false;
    given->snapshot.requester_bare = text_of(NULL);
    given->snapshot.requester_may_probe = false;
}
static void not_public_stranger(scenario *given) { given->snapshot.requester_may_probe = false; }
static void same_node_other_domain(scenario *given)
{
    given->request.req_jid = text_of("jsmith@other.example");
    given->snapshot.requester_bare = text_of("jsmith@other.example");
    given->snapshot.requester_may_probe = false;
}
static void invalid_requester(scenario *given)
{
    given->request.req_jid = text_of("friend@@example.com");
    given->snapshot.requester_valid = false;
    given->snapshot.requester_bare = text_of(NULL);
}

#define FORBIDDEN_FROM_TO(to) "<presence type=\"error\" from=\"" USER_JID "\" to=\"" to "\">" FORBIDDEN_XML_TAIL

static const cause causes[] = {
    {"jid missing", missing_jid, 1, "<presence type=\"error\" to=\"" FRIEND_JID "\">" FORBIDDEN_XML_TAIL},
    {"jid empty", empty_jid, 1, "<presence type=\"error\" to=\"" FRIEND_JID "\">" FORBIDDEN_XML_TAIL},
    {"jid invalid", invalid_jid, 1, "<presence type=\"error\" to=\"" FRIEND_JID "\">" FORBIDDEN_XML_TAIL},
    {"foreign domain", foreign_domain, 0, FORBIDDEN_FROM_TO(FRIEND_JID)},
    {"no node", no_node, 0, FORBIDDEN_FROM_TO(FRIEND_JID)},
    {"unknown user", unknown_user, 0, FORBIDDEN_FROM_TO(FRIEND_JID)},
    {"unanswered component", unanswered_component, 0, FORBIDDEN_FROM_TO(FRIEND_JID)},
    {"not public, stranger req_jid", not_public_stranger, 0, FORBIDDEN_FROM_TO(FRIEND_JID)},
    {"not public, no req_jid", not_public_no_requester, 1, "<presence type=\"error\" from=\"" USER_JID "\">" FORBIDDEN_XML_TAIL},
    {"not public, same node on another domain", same_node_other_domain, 1, FORBIDDEN_FROM_TO("jsmith@other.example")},
    {"not public, invalid req_jid counts as missing", invalid_requester, 1,
     "<presence type=\"error\" from=\"" USER_JID "\">" FORBIDDEN_XML_TAIL},
};
enum { CAUSE_COUNT = sizeof causes / sizeof causes[0] };

/* The four answers a request can get, resolved for one cause. */
typedef struct answer_set {
    presence_response image, redirect, text, xml, json, badge, shields, avatar;
} answer_set;

/* A valid GIF (1x1), so that a photo is there to be withheld. */
#define FORBIDDEN_TEST_GIF "GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;"

static void resolve_all(const cause *which, answer_set *answers)
{
    scenario given = visible_user();
    which->apply(&given);
    resolve_scenario(&given, &answers->image);
    given.request.images = text_of("/icons/--IMAGE--.png");
    given.request.status_url[PRESENCE_STATUS_AWAY] = text_of("/icons/special-away.png");
    resolve_scenario(&given, &answers->redirect);
    given.request.type = text_of("text");
    resolve_scenario(&given, &answers->text);
    given.request.type = text_of("xml");
    resolve_scenario(&given, &answers->xml);
    given.request.type = text_of("json");
    resolve_scenario(&given, &answers->json);
    given.request.message = text_of("1"); /* the user's message is asked for, and never shown */
    given.request.type = text_of("badge");
    resolve_scenario(&given, &answers->badge);
    given.request.type = text_of("shields");
    resolve_scenario(&given, &answers->shields);
    given.request.type = text_of("avatar");
    given.snapshot.avatar = bytes_of(FORBIDDEN_TEST_GIF, sizeof FORBIDDEN_TEST_GIF - 1); /* a valid photo */
    resolve_scenario(&given, &answers->avatar);
}

static void release_all(answer_set *answers)
{
    presence_response_release(&answers->image);
    presence_response_release(&answers->redirect);
    presence_response_release(&answers->text);
    presence_response_release(&answers->xml);
    presence_response_release(&answers->json);
    presence_response_release(&answers->badge);
    presence_response_release(&answers->shields);
    presence_response_release(&answers->avatar);
}

static void test_cause_is_forbidden(void **state)
{
    const cause *which = *state;
    answer_set answers;
    resolve_all(which, &answers);
    assert_built_in_image(&answers.image, PRESENCE_STATUS_FORBIDDEN);
    assert_redirect(&answers.redirect, "/icons/forbidden.png");
    assert_answer(&answers.text, 200, "text/plain; charset=UTF-8", "Forbidden");
    assert_answer(&answers.xml, 200, "text/xml; charset=UTF-8", which->xml);
    assert_int_equal(answers.xml.status, PRESENCE_STATUS_FORBIDDEN);
    assert_answer(&answers.json, 200, "application/json; charset=utf-8", "{\"status\":\"forbidden\"}");
    assert_answer(&answers.shields, 200, "application/json; charset=utf-8",
                  "{\"schemaVersion\":1,\"label\":\"xmpp\",\"message\":\"forbidden\",\"color\":\"6e40c9\"}");
    assert_int_equal(answers.badge.kind, PRESENCE_ANSWER_BADGE);
    assert_string_equal(answers.badge.headers[0].value, "image/svg+xml");
    assert_true(answer_body_contains(&answers.badge, "aria-label=\"xmpp: forbidden\""));
    assert_default_avatar(&answers.avatar);
    release_all(&answers);
}

static void test_causes_answer_identically(void **state)
{
    (void)state;
    answer_set first;
    resolve_all(&causes[0], &first);
    answer_set same_request_first;
    resolve_all(&causes[3], &same_request_first); /* foreign domain: the base request */
    for (int i = 0; i < CAUSE_COUNT; i++) {
        answer_set answers;
        resolve_all(&causes[i], &answers);
        if (!answers_identical(&answers.image, &first.image) || !answers_identical(&answers.redirect, &first.redirect) ||
            !answers_identical(&answers.text, &first.text) || !answers_identical(&answers.json, &first.json) ||
            !answers_identical(&answers.badge, &first.badge) || !answers_identical(&answers.shields, &first.shields) ||
            !answers_identical(&answers.avatar, &first.avatar))
            fail_msg("image/text/json/badge/shields/avatar answer differs for cause: %s", causes[i].name);
        if (!causes[i].changes_request && !answers_identical(&answers.xml, &same_request_first.xml))
            fail_msg("xml answer differs for cause: %s", causes[i].name);
        release_all(&answers);
    }
    release_all(&first);
    release_all(&same_request_first);
}

static void check_visible(scenario *given)
{
    presence_response response;
    resolve_scenario(given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AWAY);
    presence_response_release(&response);
    given->request.type = text_of("text");
    resolve_scenario(given, &response);
    assert_answer(&response, 200, "text/plain; charset=UTF-8", "In a meeting");
    presence_response_release(&response);
}

static void test_allowed_via_may_probe(void **state)
{
    (void)state;
    scenario given = visible_user();
    check_visible(&given);
}

static void test_allowed_as_self(void **state)
{
    (void)state;
    scenario given = visible_user();
    given.request.req_jid = text_of("JSmith@Example.com"); /* Java normalises; the core compares bare forms */
    given.snapshot.requester_bare = text_of(USER_JID);
    given.snapshot.requester_may_probe = false;
    check_visible(&given);
}

static void test_allowed_when_public(void **state)
{
    (void)state;
    scenario given = visible_user();
    not_public_no_requester(&given);
    given.snapshot.presence_public = true;
    check_visible(&given);
}

static void test_component_shown_whatever_public_says(void **state)
{
    (void)state;
    scenario given = visible_user();
    not_public_no_requester(&given);
    given.request.jid = text_of("weather.example.com");
    given.snapshot.jid_bare = text_of("weather.example.com");
    given.snapshot.jid_has_node = false;
    given.snapshot.jid_domain = PRESENCE_DOMAIN_COMPONENT;
    check_visible(&given);
}

static void test_may_probe_needs_a_requester(void **state)
{
    (void)state;
    scenario given = visible_user();
    not_public_no_requester(&given);
    given.snapshot.requester_may_probe = true; /* inconsistent: no req_jid was sent */
    presence_response response;
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_FORBIDDEN);
}

int run_forbidden_tests(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_causes_answer_identically),
        cmocka_unit_test(test_allowed_via_may_probe),
        cmocka_unit_test(test_allowed_as_self),
        cmocka_unit_test(test_allowed_when_public),
        cmocka_unit_test(test_component_shown_whatever_public_says),
        cmocka_unit_test(test_may_probe_needs_a_requester),
    };
    enum { FIXED_COUNT = sizeof fixed / sizeof fixed[0] };
    static char names[CAUSE_COUNT][80];
    static struct CMUnitTest tests[CAUSE_COUNT + FIXED_COUNT];
    for (int i = 0; i < CAUSE_COUNT; i++) {
        snprintf(names[i], sizeof names[i], "forbidden because %s", causes[i].name);
        tests[i] = (struct CMUnitTest){names[i], test_cause_is_forbidden, NULL, NULL, (void *)&causes[i]};
    }
    memcpy(tests + CAUSE_COUNT, fixed, sizeof fixed);
    return _cmocka_run_group_tests("forbidden", tests, CAUSE_COUNT + FIXED_COUNT, NULL, NULL);
}
