/*
 * test_support.h — fixtures and assertions shared by the cmocka tests of the core.
 * Expected answers come from README's contract, never from running the core; the
 * built-in images are compared with the shipped images/<name>.png files.
 */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "presence.h"

#define USER_JID "jsmith@example.com"
#define FORBIDDEN_XML_TAIL                                                                          \
    "<error code=\"403\" type=\"auth\"><forbidden xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>" \
    "</error></presence>"

/* A request and the snapshot of facts that goes with it. */
typedef struct scenario {
    presence_request request;
    presence_snapshot snapshot;
} scenario;

/* The text of a NUL-terminated literal (NULL → absent); of explicit bytes. */
presence_text text_of(const char *literal);
presence_text bytes_of(const char *bytes, size_t length);

/* jsmith@example.com on this server, existing, presence public, one available
 * session with no <show/>, no status text, priority 1, and an Openfire stanza. */
scenario user_online(void);
/* user_online with the session's <show/> (and stanza) for status (available … dnd). */
scenario user_with_status(presence_status status);
/* The same user, no available session. */
scenario user_offline(void);
/* The same user, presence not public, no req_jid: forbidden. */
scenario user_hidden(void);
/* The stanza user_with_status() puts in the snapshot for an online status. */
const char *online_stanza(presence_status status);

void resolve_scenario(const scenario *given, presence_response *response);

/* The time the signing tests run at (Unix seconds), and the expires they send by default. */
#define TEST_NOW 1700000000
#define TEST_EXPIRES "1700000300"
/* Marks req_jid as signed: signature_key key, now TEST_NOW, expires TEST_EXPIRES, the
 * previous secret valid until TEST_NOW + 60. */
void sign_scenario(scenario *given, presence_signature_key key);

/* The shipped images/<name>.png for status (read once per test, freed by the caller). */
unsigned char *read_shipped_image(presence_status status, size_t *length);

/* Checks every promise that holds for any answer: Content-Type first (none on a 304 or
 * the preflight), Cache-Control, nosniff and the Content-Security-Policy, the CORS
 * headers of either mode, an ETag on exactly the 200s (not the preflight) and 304s, header names are tokens and values printable ASCII, body not NULL,
 * log message only on errors, XML bodies well-formed with a <presence> root. */
void assert_answer_shape(const presence_response *response);

/* The value of the header named name (exactly), or NULL. */
const char *answer_header(const presence_response *response, const char *name);

/* Checks status code, Content-Type and the exact body bytes (NUL-terminated literal). */
void assert_answer(const presence_response *response, int http_status, const char *content_type,
                   const char *body);
/* A 200 image/png answer whose body is the shipped image for status. */
void assert_built_in_image(const presence_response *response, presence_status status);
/* A 302 with an empty body and exactly this Location as the fifth header. */
void assert_redirect(const presence_response *response, const char *location);
/* True when the two answers have the same status, headers and body bytes. */
int answers_identical(const presence_response *a, const presence_response *b);

/* Runs a group of tests; returns the number of failures. */
int run_contract_tests(void);
int run_matrix_tests(void);
int run_forbidden_tests(void);
int run_requester_tests(void);
int run_hostile_tests(void);
int run_url_byte_tests(void);
int run_xml_escaping_tests(void);
int run_fault_tests(void);
int run_stanza_memo_tests(void);
int run_allow_list_tests(void);
int run_json_tests(void);
int run_visibility_tests(void);
int run_image_tests(void);

/* test_images.c: a well-formed PNG of size x size pixels (chunks, CRCs, zlib stream, Adler-32);
 * a well-formed, script-free SVG of that width and height; either, by the answer's Content-Type. */
void assert_png_image(const unsigned char *png, size_t length, unsigned size);
void assert_svg_image(const unsigned char *svg, size_t length, unsigned size);
void assert_image_body(const presence_response *response);
int run_caching_tests(void);

/* test_json.c: checks that a type=json answer is strictly valid JSON of the answer's shape,
 * with no '<' '>' '&', control byte or U+2028/U+2029 raw; *message (malloc'd, or NULL when
 * absent) receives the decoded message when message is not NULL. */
void assert_json_answer(const presence_response *response, char **message, size_t *message_length);

/* test_badge.c: checks that an image/svg+xml answer is well-formed XML (libxml2, no DTD,
 * no network) of the badge's shape: an <svg> root in the SVG namespace with role="img",
 * aria-label and a <title>, only svg/title/path/g/text elements, no attribute starting with
 * "on", no href/xlink, no "url(", "javascript:" or "<script" anywhere in the body. */
void assert_safe_badge(const presence_response *response);
/* test_badge.c: checks that a JSON answer is strictly the shields endpoint object
 * {"schemaVersion":1,"label":…,"message":…,"color":…} (that order, nothing else). */
void assert_shields_answer(const presence_response *response);
/* test_avatar.c: the default avatar answer (200, image/png, the built-in bytes). */
void assert_default_avatar(const presence_response *response);
/* Whether the body holds the NUL-terminated needle. */
int answer_body_contains(const presence_response *response, const char *needle);
int run_badge_tests(void);
int run_avatar_tests(void);

#endif /* TEST_SUPPORT_H */
