/*
 * test_contract.c — one test per row of the contract (README "The contract and our
 * decisions", shared/spec/behaviour.md) and per promise of presence.h.
 */
#include "test_support.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_PLAIN "text/plain; charset=UTF-8"
#define TEXT_XML "text/xml; charset=UTF-8"
#define TYPE_SENTENCE "The parameter type must be image, text, xml, json, badge, shields or avatar."

static char *filled(size_t length, char byte)
{
    char *bytes = malloc(length + 1);
    assert_non_null(bytes);
    memset(bytes, byte, length);
    bytes[length] = '\0';
    return bytes;
}

/* A URL of exactly length bytes: prefix then 'a's. */
static char *url_of_length(const char *prefix, size_t length)
{
    char *url = filled(length, 'a');
    memcpy(url, prefix, strlen(prefix));
    return url;
}

static void expect_error(const scenario *given, int http_status, const char *sentence)
{
    presence_response response;
    resolve_scenario(given, &response);
    assert_answer(&response, http_status, TEXT_PLAIN, sentence);
    assert_string_equal(response.log_message, sentence);
    presence_response_release(&response);
}

/* ---- order of decisions, step 1: limits ------------------------------- */

typedef struct parameter_limit {
    const char *name;
    size_t limit;
    presence_text *(*field)(presence_request *request);
} parameter_limit;

static presence_text *jid_field(presence_request *r) { return &r->jid; }
static presence_text *req_jid_field(presence_request *r) { return &r->req_jid; }
static presence_text *type_field(presence_request *r) { return &r->type; }
static presence_text *images_field(presence_request *r) { return &r->images; }
static presence_text *available_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_AVAILABLE]; }
static presence_text *chat_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_CHAT]; }
static presence_text *away_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_AWAY]; }
static presence_text *xa_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_XA]; }
static presence_text *dnd_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_DND]; }
static presence_text *offline_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_OFFLINE]; }
static presence_text *forbidden_field(presence_request *r) { return &r->status_url[PRESENCE_STATUS_FORBIDDEN]; }

static const parameter_limit parameter_limits[] = {
    {"jid", 3071, jid_field},          {"req_jid", 3071, req_jid_field},   {"type", 32, type_field},
    {"images", 2048, images_field},    {"available", 2048, available_field}, {"chat", 2048, chat_field},
    {"away", 2048, away_field},        {"xa", 2048, xa_field},             {"dnd", 2048, dnd_field},
    {"offline", 2048, offline_field},  {"forbidden", 2048, forbidden_field},
};

static void test_each_parameter_over_its_limit_is_400_naming_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parameter_limits / sizeof parameter_limits[0]; i++) {
        const parameter_limit *row = &parameter_limits[i];
        char sentence[96];
        snprintf(sentence, sizeof sentence, "The parameter %s is longer than %zu bytes.", row->name, row->limit);
        char *value = url_of_length("/", row->limit + 1);
        scenario given = user_online();
        *row->field(&given.request) = bytes_of(value, row->limit + 1);
        expect_error(&given, 400, sentence);
        given.request.type = text_of("text"); /* limits come before the type: same answer */
        if (row->field != type_field)
            expect_error(&given, 400, sentence);
        free(value);
    }
}

static void test_each_parameter_at_its_limit_is_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parameter_limits / sizeof parameter_limits[0]; i++) {
        const parameter_limit *row = &parameter_limits[i];
        if (row->field == type_field)
            continue; /* no valid type is 32 bytes long; the over-limit test covers it */
        char *value = url_of_length("/", row->limit);
        scenario given = user_online();
        given.request.type = text_of("text");
        *row->field(&given.request) = bytes_of(value, row->limit);
        presence_response response;
        resolve_scenario(&given, &response);
        assert_int_equal(response.http_status, 200);
        presence_response_release(&response);
        free(value);
    }
    char *type = filled(33, 'x');
    scenario given = user_online();
    given.request.type = bytes_of(type, 32);
    expect_error(&given, 400, TYPE_SENTENCE); /* 32 bytes: not over the limit, just unknown */
    free(type);
}

static void test_first_parameter_over_limit_is_named(void **state)
{
    (void)state;
    char *big = filled(5000, 'a');
    scenario given = user_online();
    given.request.status_url[PRESENCE_STATUS_DND] = bytes_of(big, 5000);
    given.request.type = bytes_of(big, 5000);
    given.request.req_jid = bytes_of(big, 5000);
    expect_error(&given, 400, "The parameter req_jid is longer than 3071 bytes.");
    free(big);
}

static void test_images_url_limit_is_the_same_for_every_status(void **state)
{
    (void)state;
    /* 2049 bytes with a token: the "xa" expansion would be shorter than 2048, the
     * "available" one is not; the answer must not depend on the status. */
    char *url = url_of_length("/--IMAGE--", 2049);
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++) {
        scenario given = user_with_status((presence_status)status);
        given.request.images = bytes_of(url, 2049);
        expect_error(&given, 400, "The parameter images is longer than 2048 bytes.");
    }
    free(url);
}

/* ---- step 2: type ------------------------------------------------------- */

static void test_type_absent_or_empty_is_image(void **state)
{
    (void)state;
    scenario given = user_online();
    presence_response response;
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AVAILABLE);
    given.request.type = bytes_of("", 0);
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AVAILABLE);
    given.request.type = text_of("image");
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AVAILABLE);
}

static void test_unknown_type_is_400_naming_the_valid_types(void **state)
{
    (void)state;
    static const char *const unknown[] = {"JSON", "json ", "IMAGE", "Text", "xml ", " xml", "images", "html", "t"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        scenario given = user_online();
        given.request.type = text_of(unknown[i]);
        presence_response response;
        resolve_scenario(&given, &response);
        assert_answer(&response, 400, TEXT_PLAIN, TYPE_SENTENCE);
        assert_int_equal(response.kind, PRESENCE_ANSWER_ERROR);
        assert_int_equal(response.status, PRESENCE_STATUS_COUNT);
        presence_response_release(&response);
    }
}

/* ---- step 3: URLs checked before the status ------------------------------ */

static void test_bad_url_is_the_same_400_whatever_the_status(void **state)
{
    (void)state;
    const char *sentence = "The parameter offline is not an allowed image address: use http://, https:// or a "
                           "path starting with a single /, without control characters or backslashes.";
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++) {
        scenario given = user_with_status((presence_status)status);
        given.request.images = text_of("https://img.example.org/--IMAGE--.png");
        given.request.status_url[PRESENCE_STATUS_OFFLINE] = text_of("javascript:alert(1)");
        expect_error(&given, 400, sentence);
    }
}

static void test_urls_are_not_checked_for_text_and_xml(void **state)
{
    (void)state;
    scenario given = user_online();
    given.request.images = text_of("javascript:alert(1)");
    given.request.type = text_of("text");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_answer(&response, 200, TEXT_PLAIN, "Available");
    presence_response_release(&response);
}

/* ---- answers: images and redirects ---------------------------------------- */

static void test_every_token_of_images_is_replaced(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_XA);
    given.request.images = text_of("/i/--IMAGE--/--IMAGE--.png?s=--IMAGE--&t=--IMAGE");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_redirect(&response, "/i/xa/xa.png?s=xa&t=--IMAGE");
    assert_int_equal(response.status, PRESENCE_STATUS_XA);
    presence_response_release(&response);
}

static void test_empty_url_parameters_count_as_absent(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_DND);
    given.request.images = bytes_of("", 0);
    given.request.status_url[PRESENCE_STATUS_DND] = bytes_of("", 0);
    presence_response response;
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_DND);
    given.request.images = text_of("/img/--IMAGE--.gif");
    resolve_scenario(&given, &response);
    assert_redirect(&response, "/img/dnd.gif");
    presence_response_release(&response);
}

static void test_location_percent_encodes_spaces_and_high_bytes(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.request.images = text_of("https://img.example.org/my icons/\xC3\xBC--IMAGE--%41.png?q=\"<x>\"");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_redirect(&response, "https://img.example.org/my%20icons/%C3%BCaway%41.png?q=\"<x>\"");
    presence_response_release(&response);
}

static void test_allowed_redirect_targets(void **state)
{
    (void)state;
    static const char *const allowed[] = {
        "/", "/a", "/icons/x.png?a=b#c", "http://h", "https://h/", "HTTPS://IMG.EXAMPLE/x",
        "http://user:pw@img.example:8080/p", "https://[2001:db8::1]/x.png", "http://h?x", "http://h#f",
    };
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        scenario given = user_offline();
        given.request.status_url[PRESENCE_STATUS_OFFLINE] = text_of(allowed[i]);
        presence_response response;
        resolve_scenario(&given, &response);
        assert_redirect(&response, allowed[i]);
        presence_response_release(&response);
    }
}

static void test_built_in_images_are_seven_distinct_16x16_pngs(void **state)
{
    (void)state;
    presence_response answers[PRESENCE_STATUS_COUNT];
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++) {
        scenario given = user_with_status((presence_status)status);
        resolve_scenario(&given, &answers[status]);
        assert_built_in_image(&answers[status], (presence_status)status);
        const unsigned char *png = answers[status].body;
        assert_true(answers[status].body_length > 33);
        assert_memory_equal(png, "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10\0\0\0\x10", 24);
        for (int other = 0; other < status; other++)
            assert_false(answers_identical(&answers[status], &answers[other]));
    }
}

/* ---- answers: text ------------------------------------------------------- */

static void expect_text(const scenario *given, const char *line)
{
    scenario as_text = *given;
    as_text.request.type = text_of("text");
    presence_response response;
    resolve_scenario(&as_text, &response);
    assert_answer(&response, 200, TEXT_PLAIN, line);
    assert_int_equal(response.kind, PRESENCE_ANSWER_TEXT);
    presence_response_release(&response);
}

static void test_text_online_shows_the_status_message(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_DND);
    given.snapshot.status_text = text_of("Writing \xE2\x80\x94 back at 3");
    expect_text(&given, "Writing \xE2\x80\x94 back at 3");
}

static void test_text_control_characters_become_spaces(void **state)
{
    (void)state;
    scenario given = user_online();
    given.snapshot.status_text = bytes_of("one\ntwo\r\nthree\tfour\0five\x7F\n", 26);
    expect_text(&given, "one two  three four five  ");
}

static void test_text_offline_last_status_then_configured_then_default(void **state)
{
    (void)state;
    scenario given = user_offline();
    expect_text(&given, "Unavailable");
    given.snapshot.unavailable_text = text_of("Not here");
    expect_text(&given, "Not here");
    given.snapshot.last_status = text_of("Gone fishing");
    expect_text(&given, "Gone fishing");
    given.snapshot.last_status = bytes_of("", 0);
    expect_text(&given, "Not here");
}

/* ---- answers: xml --------------------------------------------------------- */

static void expect_xml(const scenario *given, const char *xml)
{
    scenario as_xml = *given;
    as_xml.request.type = text_of("xml");
    presence_response response;
    resolve_scenario(&as_xml, &response);
    assert_answer(&response, 200, TEXT_XML, xml);
    assert_int_equal(response.kind, PRESENCE_ANSWER_XML);
    presence_response_release(&response);
}

static void test_xml_online_stanza_is_rebuilt_from_the_allow_list(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.snapshot.stanza_xml = text_of(
        "<presence from='jsmith@example.com/desk'>\n  <show>away</show>"
        "<status>Lunch &amp; coffee &#x263A;</status><priority>5</priority>"
        "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://x' ver='Q='/>"
        "<delay xmlns='urn:xmpp:delay' stamp='2024-01-01T00:00:00Z'/></presence>");
    /* built from the allow-list: the whitespace between children is not kept */
    expect_xml(&given, "<presence from=\"jsmith@example.com/desk\"><show>away</show>"
                       "<status>Lunch &amp; coffee \xE2\x98\xBA</status><priority>5</priority>"
                       "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"http://x\" ver=\"Q=\"/>"
                       "<delay xmlns=\"urn:xmpp:delay\" stamp=\"2024-01-01T00:00:00Z\"/></presence>");
}

static void test_xml_online_without_usable_stanza_is_rebuilt_from_facts(void **state)
{
    (void)state;
    scenario given = user_with_status(PRESENCE_STATUS_CHAT);
    given.snapshot.status_text = text_of("Talk to me");
    given.snapshot.priority = 5;
    given.snapshot.stanza_xml = text_of("<presence><show>chat</presence>");
    const char *rebuilt = "<presence from=\"jsmith@example.com\"><show>chat</show><status>Talk to me</status>"
                          "<priority>5</priority></presence>";
    expect_xml(&given, rebuilt);
    given.snapshot.stanza_xml = text_of(NULL);
    expect_xml(&given, rebuilt);
    given = user_online();
    given.snapshot.stanza_xml = text_of(NULL);
    expect_xml(&given, "<presence from=\"jsmith@example.com\"><priority>1</priority></presence>");
}

static void test_xml_offline_stanza(void **state)
{
    (void)state;
    scenario given = user_offline();
    given.request.jid = text_of("JSmith@Example.COM");
    given.snapshot.last_status = text_of("Back on <Monday> & \"Tuesday\"");
    expect_xml(&given, "<presence type=\"unavailable\" from=\"jsmith@example.com\"><status>Back on &lt;Monday&gt; "
                       "&amp; \"Tuesday\"</status></presence>");
}

static void test_xml_forbidden_from_and_to_only_for_valid_jids(void **state)
{
    (void)state;
    scenario given = user_hidden();
    given.request.req_jid = text_of("Stranger@Example.com");
    given.snapshot.requester_valid = true;
    given.snapshot.requester_bare = text_of("stranger@example.com");
    expect_xml(&given, "<presence type=\"error\" from=\"jsmith@example.com\" to=\"stranger@example.com\">" FORBIDDEN_XML_TAIL);
    given.snapshot.requester_valid = false;
    expect_xml(&given, "<presence type=\"error\" from=\"jsmith@example.com\">" FORBIDDEN_XML_TAIL);
    given.snapshot.jid_valid = false;
    expect_xml(&given, "<presence type=\"error\">" FORBIDDEN_XML_TAIL);
}

/* ---- snapshot limits: step 4 --------------------------------------------- */

static void test_snapshot_over_its_limits_is_500(void **state)
{
    (void)state;
    const char *sentence = "The presence data exceeds the plugin's limits.";
    char *big = filled(65537, 'a');
    scenario given = user_online();
    given.snapshot.status_text = bytes_of(big, 16384);
    given.request.type = text_of("text");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_int_equal(response.http_status, 200);
    assert_int_equal(response.body_length, 16384);
    presence_response_release(&response);
    given.snapshot.status_text = bytes_of(big, 16385);
    expect_error(&given, 500, sentence);
    given.request.type = text_of("xml");
    expect_error(&given, 500, sentence);
    given.request.type = text_of(NULL); /* the built-in image reads no snapshot text */
    resolve_scenario(&given, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_AVAILABLE);

    given = user_offline();
    given.request.type = text_of("text");
    given.snapshot.last_status = bytes_of(big, 16385);
    expect_error(&given, 500, sentence);
    given.snapshot.last_status = text_of(NULL);
    given.snapshot.unavailable_text = bytes_of(big, 16385);
    expect_error(&given, 500, sentence);

    given = user_online();
    given.request.type = text_of("xml");
    given.snapshot.stanza_xml = bytes_of(big, 65537);
    expect_error(&given, 500, sentence);
    /* exactly 64 KiB of well-formed stanza is within the limit: 200, rebuilt from the facts
     * (a stanza over STANZA_MAX_PARSED_BYTES is not parsed) */
    memcpy(big, "<presence><status>", 18);
    memcpy(big + 65536 - 22, "</status></presence>", 20);
    memset(big + 65536 - 2, ' ', 2);
    given.snapshot.stanza_xml = bytes_of(big, 65536);
    given.snapshot.status_text = text_of("Here");
    expect_xml(&given, "<presence from=\"jsmith@example.com\"><status>Here</status><priority>1</priority></presence>");

    /* forbidden reads none of it: no 500 that would tell a stranger anything */
    given.snapshot.presence_public = false;
    given.snapshot.stanza_xml = bytes_of(big, 65537);
    given.snapshot.status_text = bytes_of(big, 16385);
    expect_xml(&given, "<presence type=\"error\" from=\"jsmith@example.com\">" FORBIDDEN_XML_TAIL);
    expect_text(&given, "Forbidden");
    free(big);
}

/* ---- presence.h promises -------------------------------------------------- */

static void test_answers_never_point_into_request_or_snapshot(void **state)
{
    (void)state;
    static const char *const types[] = {NULL, "text", "xml"};
    for (size_t t = 0; t < 3; t++) {
        char status_text[] = "Status words";
        char stanza[] = "<presence><status>Status words</status></presence>";
        char images[] = "/img/--IMAGE--.png";
        char jid[] = USER_JID;
        scenario given = user_online();
        given.request.type = text_of(types[t]);
        given.request.jid = text_of(jid);
        given.request.images = text_of(images);
        given.snapshot.jid_bare = text_of(jid);
        given.snapshot.status_text = text_of(status_text);
        given.snapshot.stanza_xml = text_of(stanza);
        presence_response response;
        resolve_scenario(&given, &response);
        char *copy = malloc(response.body_length + 1);
        assert_non_null(copy);
        memcpy(copy, response.body, response.body_length);
        char location[64] = "";
        if (response.header_count == 6)
            snprintf(location, sizeof location, "%s", response.headers[5].value);
        memset(status_text, 'X', sizeof status_text - 1);
        memset(stanza, 'X', sizeof stanza - 1);
        memset(images, 'X', sizeof images - 1);
        memset(jid, 'X', sizeof jid - 1);
        assert_memory_equal(response.body, copy, response.body_length);
        if (response.header_count == 6)
            assert_string_equal(response.headers[5].value, location);
        free(copy);
        presence_response_release(&response);
    }
}

static void test_status_names(void **state)
{
    (void)state;
    static const char *const names[] = {"available", "chat", "away", "xa", "dnd", "offline", "forbidden"};
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++)
        assert_string_equal(presence_status_name((presence_status)status), names[status]);
    assert_null(presence_status_name(PRESENCE_STATUS_COUNT));
    assert_null(presence_status_name((presence_status)-1));
}

static void test_release_is_safe_on_zeroed_and_released_responses(void **state)
{
    (void)state;
    presence_response response;
    memset(&response, 0, sizeof response);
    presence_response_release(&response);
    presence_response_release(NULL);
    scenario given = user_online();
    given.request.type = text_of("xml");
    resolve_scenario(&given, &response);
    presence_response_release(&response);
    assert_null(response.owned);
    assert_int_equal(response.body_length, 0);
    presence_response_release(&response);
}

static void test_null_request_or_snapshot_is_forbidden(void **state)
{
    (void)state;
    scenario given = user_online();
    presence_response response;
    presence_resolve(NULL, &given.snapshot, &response);
    assert_answer_shape(&response);
    assert_built_in_image(&response, PRESENCE_STATUS_FORBIDDEN);
    presence_resolve(&given.request, NULL, &response);
    assert_built_in_image(&response, PRESENCE_STATUS_FORBIDDEN);
    presence_resolve(&given.request, &given.snapshot, NULL); /* nothing to write to: no crash */
    assert_int_equal(presence_core_init(), 0);                /* init again: harmless */
}

/* ---- thread safety -------------------------------------------------------- */

#define THREADS 4
#define ROUNDS 200

static void *resolve_many(void *argument)
{
    long failures = 0;
    static const char *const types[] = {NULL, "text", "xml"};
    scenario given = user_with_status(PRESENCE_STATUS_AWAY);
    given.snapshot.status_text = text_of("Concurrent & <busy>");
    given.request.images = argument != NULL ? text_of("/i/--IMAGE--.png") : text_of(NULL);
    presence_response reference[3];
    for (int t = 0; t < 3; t++) {
        given.request.type = text_of(types[t]);
        presence_resolve(&given.request, &given.snapshot, &reference[t]);
    }
    for (int round = 0; round < ROUNDS; round++) {
        int t = round % 3;
        given.request.type = text_of(types[t]);
        presence_response response;
        presence_resolve(&given.request, &given.snapshot, &response);
        failures += !answers_identical(&response, &reference[t]);
        presence_response_release(&response);
    }
    for (int t = 0; t < 3; t++)
        presence_response_release(&reference[t]);
    return (void *)(intptr_t)failures;
}

static void test_concurrent_calls_give_the_same_answers(void **state)
{
    (void)state;
    pthread_t threads[THREADS];
    for (long i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, resolve_many, (i % 2) ? (void *)1 : NULL), 0);
    long failures = 0;
    for (int i = 0; i < THREADS; i++) {
        void *result;
        assert_int_equal(pthread_join(threads[i], &result), 0);
        failures += (long)(intptr_t)result;
    }
    assert_int_equal(failures, 0);
}

int run_contract_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_parameter_over_its_limit_is_400_naming_it),
        cmocka_unit_test(test_each_parameter_at_its_limit_is_accepted),
        cmocka_unit_test(test_first_parameter_over_limit_is_named),
        cmocka_unit_test(test_images_url_limit_is_the_same_for_every_status),
        cmocka_unit_test(test_type_absent_or_empty_is_image),
        cmocka_unit_test(test_unknown_type_is_400_naming_the_valid_types),
        cmocka_unit_test(test_bad_url_is_the_same_400_whatever_the_status),
        cmocka_unit_test(test_urls_are_not_checked_for_text_and_xml),
        cmocka_unit_test(test_every_token_of_images_is_replaced),
        cmocka_unit_test(test_empty_url_parameters_count_as_absent),
        cmocka_unit_test(test_location_percent_encodes_spaces_and_high_bytes),
        cmocka_unit_test(test_allowed_redirect_targets),
        cmocka_unit_test(test_built_in_images_are_seven_distinct_16x16_pngs),
        cmocka_unit_test(test_text_online_shows_the_status_message),
        cmocka_unit_test(test_text_control_characters_become_spaces),
        cmocka_unit_test(test_text_offline_last_status_then_configured_then_default),
        cmocka_unit_test(test_xml_online_stanza_is_rebuilt_from_the_allow_list),
        cmocka_unit_test(test_xml_online_without_usable_stanza_is_rebuilt_from_facts),
        cmocka_unit_test(test_xml_offline_stanza),
        cmocka_unit_test(test_xml_forbidden_from_and_to_only_for_valid_jids),
        cmocka_unit_test(test_snapshot_over_its_limits_is_500),
        cmocka_unit_test(test_answers_never_point_into_request_or_snapshot),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_release_is_safe_on_zeroed_and_released_responses),
        cmocka_unit_test(test_null_request_or_snapshot_is_forbidden),
        cmocka_unit_test(test_concurrent_calls_give_the_same_answers),
    };
    return cmocka_run_group_tests_name("contract", tests, NULL, NULL);
}
