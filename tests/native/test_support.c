/* test_support.c — fixtures and assertions shared by the core's tests (test_support.h). */
#include "test_support.h"
#include "expected_etag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

presence_text text_of(const char *literal)
{
    return (presence_text){literal, literal ? strlen(literal) : 0};
}

presence_text bytes_of(const char *bytes, size_t length)
{
    return (presence_text){bytes, length};
}

static const char *const stanzas[PRESENCE_STATUS_COUNT] = {
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>chat</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>away</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>xa</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>dnd</show><priority>1</priority></presence>",
    NULL,
    NULL,
};

const char *online_stanza(presence_status status)
{
    return stanzas[status];
}

scenario user_online(void)
{
    return user_with_status(PRESENCE_STATUS_AVAILABLE);
}

scenario user_with_status(presence_status status)
{
    scenario made;
    memset(&made, 0, sizeof made);
    made.request.jid = text_of(USER_JID);
    made.snapshot.jid_valid = true;
    made.snapshot.jid_bare = text_of(USER_JID);
    made.snapshot.jid_has_node = true;
    made.snapshot.jid_domain = PRESENCE_DOMAIN_LOCAL;
    made.snapshot.subject_exists = true;
    made.snapshot.presence_public = true;
    made.snapshot.priority = 1;
    if (status <= PRESENCE_STATUS_DND) {
        made.snapshot.available = true;
        made.snapshot.show = (presence_show)status; /* PRESENCE_SHOW_* follow the status order */
        made.snapshot.stanza_xml = text_of(stanzas[status]);
    }
    if (status == PRESENCE_STATUS_FORBIDDEN)
        made.snapshot.presence_public = false;
    return made;
}

scenario user_offline(void)
{
    return user_with_status(PRESENCE_STATUS_OFFLINE);
}

scenario user_hidden(void)
{
    return user_with_status(PRESENCE_STATUS_FORBIDDEN);
}

void resolve_scenario(const scenario *given, presence_response *response)
{
    memset(response, 0xA5, sizeof *response); /* the core must set every field it promises */
    presence_resolve(&given->request, &given->snapshot, response);
    assert_answer_shape(response);
}

void sign_scenario(scenario *given, presence_signature_key key)
{
    given->snapshot.signature_key = key;
    given->snapshot.now = TEST_NOW;
    given->snapshot.previous_key_until = TEST_NOW + 60;
    given->request.expires = text_of(TEST_EXPIRES);
}

unsigned char *read_shipped_image(presence_status status, size_t *length)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/images/%s.png", PRESENCE_SOURCE_DIR, presence_status_name(status));
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        fail_msg("cannot open %s", path);
    unsigned char *bytes = malloc(65536);
    assert_non_null(bytes);
    *length = fread(bytes, 1, 65536, file);
    fclose(file);
    assert_true(*length > 0 && *length < 65536);
    return bytes;
}

static int is_token_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static void assert_well_formed_presence(const presence_response *response)
{
    xmlDocPtr document = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (document == NULL)
        fail_msg("XML body is not well-formed: %.*s", (int)response->body_length, (const char *)response->body);
    xmlNodePtr root = xmlDocGetRootElement(document);
    int root_is_presence = root != NULL && xmlStrEqual(root->name, BAD_CAST "presence");
    xmlFreeDoc(document);
    assert_true(root_is_presence);
    assert_true(response->body_length < 5 || memcmp(response->body, "<?xml", 5) != 0);
}

const char *answer_header(const presence_response *response, const char *name)
{
    for (size_t i = 0; i < response->header_count; i++)
        if (strcmp(response->headers[i].name, name) == 0)
            return response->headers[i].value;
    return NULL;
}

void assert_answer_shape(const presence_response *response)
{
    int bodiless = response->kind == PRESENCE_ANSWER_NOT_MODIFIED || response->kind == PRESENCE_ANSWER_PREFLIGHT;
    size_t first = bodiless ? 0 : 1; /* where Cache-Control is: after Content-Type, if any */
    assert_true(response->header_count >= 4 + first && response->header_count <= PRESENCE_MAX_HEADERS);
    if (!bodiless)
        assert_string_equal(response->headers[0].name, "Content-Type");
    else
        assert_null(answer_header(response, "Content-Type"));
    assert_string_equal(response->headers[first].name, "Cache-Control");
    if (response->http_status == 200 || response->http_status == 304) {
        const char *cache = response->headers[first].value;
        assert_true(strcmp(cache, "no-cache") == 0 || strncmp(cache, "max-age=", 8) == 0);
    } else {
        assert_string_equal(response->headers[first].value, "no-cache");
    }
    assert_string_equal(response->headers[first + 1].name, "X-Content-Type-Options");
    assert_string_equal(response->headers[first + 1].value, "nosniff");
    assert_string_equal(response->headers[first + 2].name, "Content-Security-Policy");
    assert_string_equal(response->headers[first + 2].value, "sandbox; default-src 'none'; img-src 'self'");
    assert_string_equal(response->headers[first + 2].value, PRESENCE_CONTENT_SECURITY_POLICY);
    const char *vary = answer_header(response, "Vary");
    if (vary == NULL) { /* any origin: "*" in fifth place */
        assert_string_equal(response->headers[first + 3].name, "Access-Control-Allow-Origin");
        assert_string_equal(response->headers[first + 3].value, "*");
    } else {
        assert_string_equal(vary, "Origin");
        const char *origin = answer_header(response, "Access-Control-Allow-Origin");
        assert_true(origin == NULL || strcmp(origin, "*") != 0);
    }
    const char *etag = answer_header(response, "ETag");
    int tagged = (response->http_status == 200 && response->kind != PRESENCE_ANSWER_PREFLIGHT) ||
                 response->http_status == 304;
    assert_int_equal(etag != NULL, tagged);
    if (etag != NULL) {
        assert_int_equal(strlen(etag), PRESENCE_ETAG_BYTES - 1);
        assert_true(etag[0] == '"' && etag[PRESENCE_ETAG_BYTES - 2] == '"');
        for (size_t i = 1; i < PRESENCE_ETAG_BYTES - 2; i++)
            assert_non_null(strchr("0123456789abcdef", etag[i]));
        if (response->http_status == 200) { /* a 304 has lost the body and Content-Type */
            char expected[PRESENCE_ETAG_BYTES];
            expected_etag(response, expected);
            assert_string_equal(etag, expected);
        }
    }
    if (bodiless)
        assert_int_equal(response->body_length, 0);
    for (size_t i = 0; i < response->header_count; i++)
        assert_true(strncasecmp(response->headers[i].name, "Access-Control-Allow-Credentials", 32) != 0);
    for (size_t i = 0; i < response->header_count; i++) {
        const char *name = response->headers[i].name, *value = response->headers[i].value;
        assert_true(name[0] != '\0');
        for (const char *c = name; *c; c++)
            assert_true(is_token_character(*c));
        for (const char *c = value; *c; c++)
            assert_true(*c >= 0x20 && *c < 0x7F);
    }
    assert_non_null(response->body);
    int is_error = response->http_status >= 400;
    assert_int_equal(response->kind == PRESENCE_ANSWER_ERROR, is_error);
    assert_int_equal(response->log_message != NULL, is_error);
    if (is_error) {
        assert_string_equal(response->headers[0].value, "text/plain; charset=UTF-8");
        assert_int_equal(response->body_length, strlen(response->log_message));
        assert_memory_equal(response->body, response->log_message, response->body_length);
    }
    if (strcmp(response->headers[0].value, "text/xml; charset=UTF-8") == 0)
        assert_well_formed_presence(response);
    if (response->kind == PRESENCE_ANSWER_JSON && response->body_length > 16 &&
        memcmp(response->body, "{\"schemaVersion\"", 16) == 0)
        assert_shields_answer(response);
    else if (response->kind == PRESENCE_ANSWER_JSON && response->status != PRESENCE_STATUS_COUNT)
        assert_json_answer(response, NULL, NULL); /* a batch (no status) is checked by test_caching.c */
    if (response->kind == PRESENCE_ANSWER_BADGE)
        assert_safe_badge(response);
    if (response->kind == PRESENCE_ANSWER_IMAGE)
        assert_image_body(response);
    if (response->kind == PRESENCE_ANSWER_TEXT)
        for (size_t i = 0; i < response->body_length; i++)
            assert_true(response->body[i] >= 0x20 && response->body[i] != 0x7F);
    if (response->http_status == 200 && response->kind != PRESENCE_ANSWER_PREFLIGHT)
        assert_true(response->status >= 0 && (response->status < PRESENCE_STATUS_COUNT ||
                                              response->kind == PRESENCE_ANSWER_JSON)); /* a batch: none */
}

void assert_answer(const presence_response *response, int http_status, const char *content_type, const char *body)
{
    assert_int_equal(response->http_status, http_status);
    assert_string_equal(response->headers[0].value, content_type);
    if (response->body_length != strlen(body) || memcmp(response->body, body, response->body_length) != 0)
        fail_msg("body\n  got:      %.*s\n  expected: %s", (int)response->body_length,
                 (const char *)response->body, body);
}

void assert_built_in_image(const presence_response *response, presence_status status)
{
    size_t length;
    unsigned char *shipped = read_shipped_image(status, &length);
    assert_int_equal(response->http_status, 200);
    assert_int_equal(response->kind, PRESENCE_ANSWER_IMAGE);
    assert_int_equal(response->status, status);
    assert_int_equal(response->header_count, 6);
    assert_string_equal(response->headers[0].value, "image/png");
    assert_string_equal(response->headers[5].name, "ETag");
    assert_int_equal(response->body_length, length);
    assert_memory_equal(response->body, shipped, length);
    free(shipped);
}

void assert_redirect(const presence_response *response, const char *location)
{
    assert_int_equal(response->http_status, 302);
    assert_int_equal(response->kind, PRESENCE_ANSWER_REDIRECT);
    assert_int_equal(response->header_count, 6);
    assert_string_equal(response->headers[5].name, "Location");
    assert_string_equal(response->headers[5].value, location);
    assert_int_equal(response->body_length, 0);
}

int answers_identical(const presence_response *a, const presence_response *b)
{
    if (a->http_status != b->http_status || a->header_count != b->header_count ||
        a->body_length != b->body_length || memcmp(a->body, b->body, a->body_length) != 0)
        return 0;
    for (size_t i = 0; i < a->header_count; i++)
        if (strcmp(a->headers[i].name, b->headers[i].name) != 0 || strcmp(a->headers[i].value, b->headers[i].value) != 0)
            return 0;
    return 1;
}

int answer_body_contains(const presence_response *response, const char *needle)
{
    size_t length = strlen(needle);
    for (size_t i = 0; i + length <= response->body_length; i++)
        if (memcmp(response->body + i, needle, length) == 0)
            return 1;
    return 0;
}
