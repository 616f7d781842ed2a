/*
 * test_visibility.c — README "Who may see presence", "Signed requests" and "Private
 * links": every row of the user's visibility (public, contacts, link, hidden, and no
 * choice under either plugin.presence.public) × viewer (anonymous, signed contact, signed
 * stranger, unsigned claim, expired signature, self signed, self unsigned, by link,
 * rotated link) under plugin.presence.requester = signed; what is shown (status or
 * message, per type); the signature's verdict (keys, grace, expires); that no answer by
 * link names a JID; and that every forbidden cause answers the same bytes per type.
 */
#include "test_support.h"

#include <stdio.h>
#include <string.h>

#define CONTACT_JID "friend@example.com"
#define STRANGER_JID "stranger@example.com"
#define TOKEN "AAAAAAAAAAAAAAAAAAAAAA"
#define MESSAGE "In a meeting"

typedef enum viewer {
    ANONYMOUS, SIGNED_CONTACT, SIGNED_STRANGER, UNSIGNED_CLAIM, EXPIRED, SELF_SIGNED, SELF_UNSIGNED, BY_LINK,
    ROTATED_LINK, VIEWER_COUNT
} viewer;
static const char *const viewer_names[VIEWER_COUNT] = {
    "anonymous", "signed contact", "signed stranger", "unsigned claim", "expired signature",
    "self signed", "self unsigned", "by link", "rotated link",
};

typedef struct column {
    const char *name;
    presence_visibility visibility;
    bool presence_public;
    bool shown[VIEWER_COUNT]; /* expected, in viewer order */
} column;

/*                                     anon  contact stranger claim expired self  self-u link  rotated */
static const column columns[] = {
    {"public", PRESENCE_VISIBILITY_PUBLIC, false, {1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {"contacts", PRESENCE_VISIBILITY_CONTACTS, true, {0, 1, 0, 0, 0, 1, 0, 1, 0}},
    {"link", PRESENCE_VISIBILITY_LINK, true, {0, 0, 0, 0, 0, 0, 0, 1, 0}},
    {"hidden", PRESENCE_VISIBILITY_HIDDEN, true, {0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"default, public=false", PRESENCE_VISIBILITY_DEFAULT, false, {0, 1, 0, 0, 0, 1, 0, 1, 0}},
    {"default, public=true", PRESENCE_VISIBILITY_DEFAULT, true, {1, 1, 1, 1, 1, 1, 1, 1, 0}},
};
enum { COLUMN_COUNT = sizeof columns / sizeof columns[0] };

static void set_requester(scenario *given, const char *jid, bool may_probe)
{
    given->request.req_jid = text_of(jid);
    given->snapshot.requester_valid = true;
    given->snapshot.requester_bare = text_of(jid);
    given->snapshot.requester_may_probe = may_probe;
}

/* The user, online and away with MESSAGE, with this visibility, seen by this viewer. */
static scenario given_cell(presence_visibility visibility, bool presence_public, viewer who)
{
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.snapshot.presence_public = presence_public;
    given.snapshot.visibility = visibility;
    given.snapshot.status_text = text_of(MESSAGE);
    given.snapshot.requester_signed_only = true;
    switch (who) {
    case ANONYMOUS:
        break;
    case SIGNED_CONTACT:
        set_requester(&given, CONTACT_JID, true);
        sign_scenario(&given, PRESENCE_KEY_CURRENT);
        break;
    case SIGNED_STRANGER:
        set_requester(&given, STRANGER_JID, false);
        sign_scenario(&given, PRESENCE_KEY_CURRENT);
        break;
    case UNSIGNED_CLAIM:
        set_requester(&given, CONTACT_JID, true);
        break;
    case EXPIRED:
        set_requester(&given, CONTACT_JID, true);
        sign_scenario(&given, PRESENCE_KEY_CURRENT);
        given.request.expires = text_of("1699999999");
        break;
    case SELF_SIGNED:
        set_requester(&given, USER_JID, false);
        sign_scenario(&given, PRESENCE_KEY_CURRENT);
        break;
    case SELF_UNSIGNED:
        set_requester(&given, USER_JID, false);
        break;
    case BY_LINK:
        given.request.jid = text_of(NULL);
        given.request.id = text_of(TOKEN);
        break;
    default: /* a token that finds nobody: the shim gathers no subject */
        given.request.jid = text_of(NULL);
        given.request.id = text_of(TOKEN);
        memset(&given.snapshot, 0, sizeof given.snapshot);
        given.snapshot.requester_signed_only = true;
        break;
    }
    return given;
}

static void resolve_type(scenario *given, const char *type, presence_response *response)
{
    given->request.type = text_of(type);
    resolve_scenario(given, response);
}

static void assert_no_jid(const presence_response *response)
{
    for (size_t i = 0; i + 1 < response->body_length; i++)
        assert_false(memchr(response->body + i, '@', 1) != NULL);
}

static void test_cell(void **state)
{
    size_t index = (size_t)(uintptr_t)*state;
    const column *c = &columns[index / VIEWER_COUNT];
    viewer who = (viewer)(index % VIEWER_COUNT);
    scenario given = given_cell(c->visibility, c->presence_public, who);
    presence_response image, text, json, xml;
    resolve_type(&given, NULL, &image);
    resolve_type(&given, "text", &text);
    resolve_type(&given, "json", &json);
    resolve_type(&given, "xml", &xml);
    bool by_link = who == BY_LINK || who == ROTATED_LINK;
    if (c->shown[who]) {
        assert_built_in_image(&image, PRESENCE_STATUS_AWAY);
        assert_answer(&text, 200, "text/plain; charset=UTF-8", MESSAGE);
        assert_answer(&json, 200, "application/json; charset=utf-8", "{\"status\":\"away\",\"message\":\"" MESSAGE "\"}");
        if (by_link)
            assert_answer(&xml, 200, "text/xml; charset=UTF-8",
                          "<presence><show>away</show><status>" MESSAGE "</status><priority>1</priority></presence>");
        else
            assert_int_equal(xml.status, PRESENCE_STATUS_AWAY);
    } else {
        assert_built_in_image(&image, PRESENCE_STATUS_FORBIDDEN);
        assert_answer(&text, 200, "text/plain; charset=UTF-8", "Forbidden");
        assert_answer(&json, 200, "application/json; charset=utf-8", "{\"status\":\"forbidden\"}");
        assert_int_equal(xml.status, PRESENCE_STATUS_FORBIDDEN);
        /* the forbidden stanza names the jid asked for and a requester that counts, nothing else */
        const char *expected = by_link ? "<presence type=\"error\">" FORBIDDEN_XML_TAIL
                               : who == SIGNED_CONTACT ? "<presence type=\"error\" from=\"" USER_JID "\" to=\"" CONTACT_JID "\">" FORBIDDEN_XML_TAIL
                               : who == SIGNED_STRANGER ? "<presence type=\"error\" from=\"" USER_JID "\" to=\"" STRANGER_JID "\">" FORBIDDEN_XML_TAIL
                               : who == SELF_SIGNED ? "<presence type=\"error\" from=\"" USER_JID "\" to=\"" USER_JID "\">" FORBIDDEN_XML_TAIL
                               : "<presence type=\"error\" from=\"" USER_JID "\">" FORBIDDEN_XML_TAIL;
        assert_answer(&xml, 200, "text/xml; charset=UTF-8", expected);
    }
    if (by_link) {
        assert_no_jid(&text);
        assert_no_jid(&json);
        assert_no_jid(&xml);
    }
    presence_response_release(&image);
    presence_response_release(&text);
    presence_response_release(&json);
    presence_response_release(&xml);
}

/* ---- what is shown ------------------------------------------------------ */

static scenario given_shown(presence_shown shown, const char *setting, presence_status status)
{
    scenario given = user_with_status(status);
    given.snapshot.shown = shown;
    given.snapshot.shown_setting = text_of(setting);
    if (status == PRESENCE_STATUS_OFFLINE)
        given.snapshot.last_status = text_of("Gone home");
    else
        given.snapshot.status_text = text_of(MESSAGE);
    return given;
}

static void check_shown(presence_shown shown, const char *setting, bool message)
{
    scenario given = given_shown(shown, setting, PRESENCE_STATUS_AWAY);
    presence_response text, json, xml, image;
    resolve_type(&given, "text", &text);
    resolve_type(&given, "json", &json);
    resolve_type(&given, "xml", &xml);
    resolve_type(&given, NULL, &image);
    assert_built_in_image(&image, PRESENCE_STATUS_AWAY);
    if (message) {
        assert_answer(&text, 200, "text/plain; charset=UTF-8", MESSAGE);
        assert_answer(&json, 200, "application/json; charset=utf-8", "{\"status\":\"away\",\"message\":\"" MESSAGE "\"}");
        assert_answer(&xml, 200, "text/xml; charset=UTF-8", online_stanza(PRESENCE_STATUS_AWAY));
    } else {
        assert_answer(&text, 200, "text/plain; charset=UTF-8", "Away");
        assert_answer(&json, 200, "application/json; charset=utf-8", "{\"status\":\"away\"}");
        assert_answer(&xml, 200, "text/xml; charset=UTF-8",
                      "<presence from=\"" USER_JID "\"><show>away</show><priority>1</priority></presence>");
    }
    presence_response_release(&text);
    presence_response_release(&json);
    presence_response_release(&xml);
    presence_response_release(&image);

    given = given_shown(shown, setting, PRESENCE_STATUS_OFFLINE);
    given.snapshot.unavailable_text = text_of("Away from the desk");
    resolve_type(&given, "text", &text);
    resolve_type(&given, "json", &json);
    resolve_type(&given, "xml", &xml);
    const char *line = message ? "Gone home" : "Away from the desk";
    assert_answer(&text, 200, "text/plain; charset=UTF-8", line);
    char expected[256];
    snprintf(expected, sizeof expected, "{\"status\":\"offline\",\"message\":\"%s\"}", line);
    assert_answer(&json, 200, "application/json; charset=utf-8", expected);
    snprintf(expected, sizeof expected, "<presence type=\"unavailable\" from=\"" USER_JID "\"><status>%s</status></presence>",
             line);
    assert_answer(&xml, 200, "text/xml; charset=UTF-8", expected);
    presence_response_release(&text);
    presence_response_release(&json);
    presence_response_release(&xml);
}

static void test_shown_message(void **state)
{
    (void)state;
    check_shown(PRESENCE_SHOWN_MESSAGE, "status", true);
    check_shown(PRESENCE_SHOWN_DEFAULT, NULL, true);
    check_shown(PRESENCE_SHOWN_DEFAULT, "message", true);
    check_shown(PRESENCE_SHOWN_DEFAULT, "anything", true);
}

static void test_shown_status(void **state)
{
    (void)state;
    check_shown(PRESENCE_SHOWN_STATUS, NULL, false);
    check_shown(PRESENCE_SHOWN_STATUS, "message", false);
    check_shown(PRESENCE_SHOWN_DEFAULT, "status", false);
    check_shown((presence_shown)7, NULL, false); /* out of range: the safe way */
}

static void test_shown_status_by_link(void **state)
{
    (void)state;
    scenario given = given_cell(PRESENCE_VISIBILITY_LINK, false, BY_LINK);
    given.snapshot.shown = PRESENCE_SHOWN_STATUS;
    presence_response text, xml;
    resolve_type(&given, "text", &text);
    resolve_type(&given, "xml", &xml);
    assert_answer(&text, 200, "text/plain; charset=UTF-8", "Away");
    assert_answer(&xml, 200, "text/xml; charset=UTF-8", "<presence><show>away</show><priority>1</priority></presence>");
    presence_response_release(&text);
    presence_response_release(&xml);
    given.snapshot.available = false;
    given.snapshot.last_status = text_of("Gone home");
    given.snapshot.shown = PRESENCE_SHOWN_MESSAGE;
    resolve_type(&given, "xml", &xml);
    assert_answer(&xml, 200, "text/xml; charset=UTF-8", "<presence type=\"unavailable\"><status>Gone home</status></presence>");
    presence_response_release(&xml);
}

/* ---- the signature's verdict ------------------------------------------- */

/* Whether a contact's signed request with these facts sees a contacts-only user. */
static bool contact_sees(presence_signature_key key, const char *expires, int64_t now, int64_t previous_until)
{
    scenario given = given_cell(PRESENCE_VISIBILITY_CONTACTS, false, SIGNED_CONTACT);
    given.snapshot.signature_key = key;
    given.request.expires = text_of(expires);
    given.snapshot.now = now;
    given.snapshot.previous_key_until = previous_until;
    presence_response response;
    resolve_type(&given, "json", &response);
    bool seen = response.status == PRESENCE_STATUS_AWAY;
    presence_response_release(&response);
    return seen;
}

static void test_signature_keys_and_grace(void **state)
{
    (void)state;
    assert_true(contact_sees(PRESENCE_KEY_CURRENT, TEST_EXPIRES, TEST_NOW, 0));
    assert_false(contact_sees(PRESENCE_KEY_NONE, TEST_EXPIRES, TEST_NOW, TEST_NOW + 60));
    assert_true(contact_sees(PRESENCE_KEY_PREVIOUS, TEST_EXPIRES, TEST_NOW, TEST_NOW + 1));
    assert_false(contact_sees(PRESENCE_KEY_PREVIOUS, TEST_EXPIRES, TEST_NOW, TEST_NOW));
    assert_false(contact_sees(PRESENCE_KEY_PREVIOUS, TEST_EXPIRES, TEST_NOW, 0));
    assert_false(contact_sees((presence_signature_key)3, TEST_EXPIRES, TEST_NOW, TEST_NOW + 60));
    assert_false("unknown time" && contact_sees(PRESENCE_KEY_CURRENT, "5", 0, 0));
    assert_false(contact_sees(PRESENCE_KEY_CURRENT, "5", -3, 0));
}

static void test_signature_expires(void **state)
{
    (void)state;
    assert_true(contact_sees(PRESENCE_KEY_CURRENT, "1700000000", TEST_NOW, 0));   /* now itself */
    assert_false(contact_sees(PRESENCE_KEY_CURRENT, "1699999999", TEST_NOW, 0));  /* a second late */
    assert_true(contact_sees(PRESENCE_KEY_CURRENT, "1700086400", TEST_NOW, 0));   /* now + lifetime */
    assert_false(contact_sees(PRESENCE_KEY_CURRENT, "1700086401", TEST_NOW, 0));  /* beyond it */
    assert_true(contact_sees(PRESENCE_KEY_CURRENT, "001700000300", TEST_NOW, 0)); /* 12 digits */
    assert_false(contact_sees(PRESENCE_KEY_CURRENT, "0001700000300", TEST_NOW, 0)); /* 13 */
    const char *bad[] = {"", "+1700000300", "1700000300 ", "-1", "17000003OO", "1.7e9", "0x65530000", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(contact_sees(PRESENCE_KEY_CURRENT, bad[i], TEST_NOW, 0));
    assert_true(contact_sees(PRESENCE_KEY_CURRENT, "999999999999", 999999999999 - 5, 0));
    assert_false(contact_sees(PRESENCE_KEY_CURRENT, "999999999999", INT64_MAX - 5, 0)); /* no overflow */
}

static void test_signature_line_feeds(void **state)
{
    (void)state;
    scenario given = given_cell(PRESENCE_VISIBILITY_CONTACTS, false, SIGNED_CONTACT);
    given.request.req_jid = text_of("friend@example.com\n");
    presence_response response;
    resolve_type(&given, "text", &response);
    assert_answer(&response, 200, "text/plain; charset=UTF-8", "Forbidden");
    presence_response_release(&response);
    given = given_cell(PRESENCE_VISIBILITY_CONTACTS, false, SIGNED_CONTACT);
    given.request.jid = text_of("jsmith@example.com\n");
    resolve_type(&given, "text", &response);
    assert_answer(&response, 200, "text/plain; charset=UTF-8", "Forbidden");
    presence_response_release(&response);
}

/* ---- links ---------------------------------------------------------------- */

static void test_link_ignores_jid_and_requester(void **state)
{
    (void)state;
    scenario given = given_cell(PRESENCE_VISIBILITY_LINK, false, BY_LINK);
    given.request.jid = text_of("other@example.com"); /* id wins: the shim gathered the token's user */
    set_requester(&given, USER_JID, false);
    sign_scenario(&given, PRESENCE_KEY_CURRENT);
    presence_response xml, text;
    resolve_type(&given, "xml", &xml);
    assert_answer(&xml, 200, "text/xml; charset=UTF-8",
                  "<presence><show>away</show><status>" MESSAGE "</status><priority>1</priority></presence>");
    presence_response_release(&xml);
    /* hidden beats the link; the answer names nobody */
    given.snapshot.visibility = PRESENCE_VISIBILITY_HIDDEN;
    resolve_type(&given, "xml", &xml);
    assert_answer(&xml, 200, "text/xml; charset=UTF-8", "<presence type=\"error\">" FORBIDDEN_XML_TAIL);
    presence_response_release(&xml);
    /* a component is never answered by link */
    given = given_cell(PRESENCE_VISIBILITY_DEFAULT, true, BY_LINK);
    given.snapshot.jid_domain = PRESENCE_DOMAIN_COMPONENT;
    resolve_type(&given, "text", &text);
    assert_answer(&text, 200, "text/plain; charset=UTF-8", "Forbidden");
    presence_response_release(&text);
}

static void test_id_over_its_limit_is_a_400(void **state)
{
    (void)state;
    char id[PRESENCE_MAX_ID + 2];
    memset(id, 'A', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    scenario given = given_cell(PRESENCE_VISIBILITY_LINK, false, BY_LINK);
    given.request.id = text_of(id);
    presence_response response;
    resolve_type(&given, "text", &response);
    assert_answer(&response, 400, "text/plain; charset=UTF-8", "The parameter id is longer than 64 bytes.");
    presence_response_release(&response);
    id[PRESENCE_MAX_ID] = '\0';
    given.request.id = text_of(id);
    resolve_type(&given, "text", &response);
    assert_int_equal(response.http_status, 200);
    presence_response_release(&response);
    given = given_cell(PRESENCE_VISIBILITY_CONTACTS, false, SIGNED_CONTACT);
    given.request.expires = text_of("123456789012345678901234567890123");
    resolve_type(&given, "text", &response);
    assert_answer(&response, 400, "text/plain; charset=UTF-8", "The parameter expires is longer than 32 bytes.");
    presence_response_release(&response);
}

/* ---- one forbidden answer per type -------------------------------------- */

/* Every cause of forbidden for an anonymous viewer of USER_JID (or by link) answers the
 * same bytes per type: unknown user, hidden, contacts only, link only, a claim without or
 * with a bad or expired signature (the requester does not count), unknown token, hidden
 * by link. */
static void test_forbidden_causes_identical(void **state)
{
    (void)state;
    const char *types[] = {NULL, "text", "json", "xml"};
    for (size_t t = 0; t < 4; t++) {
        scenario causes[8];
        causes[0] = given_cell(PRESENCE_VISIBILITY_PUBLIC, true, ANONYMOUS);
        causes[0].snapshot.subject_exists = false;
        causes[0].snapshot.available = false;
        causes[1] = given_cell(PRESENCE_VISIBILITY_HIDDEN, true, ANONYMOUS);
        causes[2] = given_cell(PRESENCE_VISIBILITY_CONTACTS, true, ANONYMOUS);
        causes[3] = given_cell(PRESENCE_VISIBILITY_LINK, true, ANONYMOUS);
        causes[4] = given_cell(PRESENCE_VISIBILITY_CONTACTS, true, UNSIGNED_CLAIM);
        causes[5] = given_cell(PRESENCE_VISIBILITY_CONTACTS, true, EXPIRED);
        causes[6] = given_cell(PRESENCE_VISIBILITY_CONTACTS, true, SIGNED_CONTACT);
        causes[6].snapshot.signature_key = PRESENCE_KEY_NONE; /* a bad signature */
        causes[7] = given_cell(PRESENCE_VISIBILITY_HIDDEN, true, SELF_UNSIGNED);
        presence_response reference;
        resolve_type(&causes[0], types[t], &reference);
        assert_int_equal(reference.status, PRESENCE_STATUS_FORBIDDEN);
        for (size_t c = 1; c < 8; c++) {
            presence_response answer;
            resolve_type(&causes[c], types[t], &answer);
            assert_true(answers_identical(&answer, &reference));
            presence_response_release(&answer);
        }
        presence_response_release(&reference);
        scenario links[2] = {given_cell(PRESENCE_VISIBILITY_HIDDEN, true, BY_LINK),
                             given_cell(PRESENCE_VISIBILITY_PUBLIC, true, ROTATED_LINK)};
        presence_response a, b;
        resolve_type(&links[0], types[t], &a);
        resolve_type(&links[1], types[t], &b);
        assert_true(answers_identical(&a, &b));
        presence_response_release(&a);
        presence_response_release(&b);
    }
}

int run_visibility_tests(void)
{
    static char names[COLUMN_COUNT * VIEWER_COUNT][96];
    static struct CMUnitTest tests[COLUMN_COUNT * VIEWER_COUNT + 16];
    size_t count = 0;
    for (size_t i = 0; i < COLUMN_COUNT * VIEWER_COUNT; i++) {
        const column *c = &columns[i / VIEWER_COUNT];
        snprintf(names[i], sizeof names[i], "visibility %s, viewer %s: %s", c->name, viewer_names[i % VIEWER_COUNT],
                 c->shown[i % VIEWER_COUNT] ? "shown" : "forbidden");
        tests[count++] = (struct CMUnitTest){names[i], test_cell, NULL, NULL, (void *)(uintptr_t)i};
    }
    const struct CMUnitTest more[] = {
        cmocka_unit_test(test_shown_message),
        cmocka_unit_test(test_shown_status),
        cmocka_unit_test(test_shown_status_by_link),
        cmocka_unit_test(test_signature_keys_and_grace),
        cmocka_unit_test(test_signature_expires),
        cmocka_unit_test(test_signature_line_feeds),
        cmocka_unit_test(test_link_ignores_jid_and_requester),
        cmocka_unit_test(test_id_over_its_limit_is_a_400),
        cmocka_unit_test(test_forbidden_causes_identical),
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        tests[count++] = more[i];
    return _cmocka_run_group_tests("visibility", tests, count, NULL, NULL);
}
