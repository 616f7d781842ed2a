/*
 * test_matrix.c — every status × every type × {default, images=, per-status override}:
 * 7 × 3 × 3 = 63 tests, each with the answer the contract gives.
 *   image: built-in PNG / 302 to the expanded images template / 302 to the status's own URL;
 *   text and xml: the same answer in all three variants (URLs only matter for images).
 * Every variant also carries per-status URLs for the other statuses, so choosing the
 * wrong one shows.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum variant { VARIANT_DEFAULT, VARIANT_IMAGES, VARIANT_OVERRIDE, VARIANT_COUNT } variant;
typedef enum kind { KIND_IMAGE, KIND_TEXT, KIND_XML, KIND_COUNT } kind;

typedef struct matrix_case {
    presence_status status;
    kind type;
    variant urls;
    char name[64];
} matrix_case;

static const char *const type_names[KIND_COUNT] = {"image", "text", "xml"};
static const char *const variant_names[VARIANT_COUNT] = {"default", "images", "override"};

/* Per-status override URLs: https://cdn.example.net/own/<status>.gif */
static char override_urls[PRESENCE_STATUS_COUNT][64];

static const char *const expected_text[PRESENCE_STATUS_COUNT] = {
    "Available", "Free to chat", "Away", "Extended away", "Do not disturb", "Unavailable", "Forbidden",
};

static const char *const expected_xml[PRESENCE_STATUS_COUNT] = {
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>chat</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>away</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>xa</show><priority>1</priority></presence>",
    "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\"><show>dnd</show><priority>1</priority></presence>",
    "<presence type=\"unavailable\" from=\"jsmith@example.com\"><status>Unavailable</status></presence>",
    "<presence type=\"error\" from=\"jsmith@example.com\">" FORBIDDEN_XML_TAIL,
};

static void test_matrix_case(void **state)
{
    const matrix_case *row = *state;
    scenario given = user_with_status(row->status);
    given.request.type = row->type == KIND_IMAGE ? text_of(NULL) : text_of(type_names[row->type]);
    if (row->urls != VARIANT_DEFAULT)
        given.request.images = text_of("https://img.example.org/icons/--IMAGE--.png");
    for (int other = 0; other < PRESENCE_STATUS_COUNT; other++)
        if (row->urls == VARIANT_OVERRIDE || (row->urls == VARIANT_IMAGES && other != (int)row->status))
            given.request.status_url[other] = text_of(override_urls[other]);

    presence_response response;
    resolve_scenario(&given, &response);
    assert_int_equal(response.status, row->status);
    if (row->type == KIND_IMAGE) {
        char location[128];
        if (row->urls == VARIANT_DEFAULT) {
            assert_built_in_image(&response, row->status);
        } else if (row->urls == VARIANT_IMAGES) {
            snprintf(location, sizeof location, "https://img.example.org/icons/%s.png", presence_status_name(row->status));
            assert_redirect(&response, location);
        } else {
            assert_redirect(&response, override_urls[row->status]);
        }
    } else if (row->type == KIND_TEXT) {
        assert_int_equal(response.kind, PRESENCE_ANSWER_TEXT);
        assert_answer(&response, 200, "text/plain; charset=UTF-8", expected_text[row->status]);
    } else {
        assert_int_equal(response.kind, PRESENCE_ANSWER_XML);
        assert_answer(&response, 200, "text/xml; charset=UTF-8", expected_xml[row->status]);
    }
    presence_response_release(&response);
}

int run_matrix_tests(void)
{
    enum { CASES = PRESENCE_STATUS_COUNT * KIND_COUNT * VARIANT_COUNT };
    static matrix_case cases[CASES];
    static struct CMUnitTest tests[CASES];
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++)
        snprintf(override_urls[status], sizeof override_urls[status], "https://cdn.example.net/own/%s.gif",
                 presence_status_name((presence_status)status));
    size_t count = 0;
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++)
        for (int type = 0; type < KIND_COUNT; type++)
            for (int urls = 0; urls < VARIANT_COUNT; urls++, count++) {
                matrix_case *row = &cases[count];
                row->status = (presence_status)status;
                row->type = (kind)type;
                row->urls = (variant)urls;
                snprintf(row->name, sizeof row->name, "matrix_%s_%s_%s", presence_status_name(row->status),
                         type_names[type], variant_names[urls]);
                tests[count] = (struct CMUnitTest){row->name, test_matrix_case, NULL, NULL, row};
            }
    return _cmocka_run_group_tests("matrix", tests, count, NULL, NULL);
}
