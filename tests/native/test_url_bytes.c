/*
 * test_url_bytes.c — every byte value 0..255 at every place of a redirect URL, the
 * answer compared with README "Answers" written out plainly here (rules_allow and
 * expected_location, one byte at a time, no tables):
 *   - no control byte (0x00-0x1F, 0x7F) and no backslash anywhere;
 *   - a path starts with exactly one '/';
 *   - else http:// or https:// in any letter case, then an authority (up to '/', '?',
 *     '#') without a space, whose host (after the last '@') is not empty and does not
 *     start with ':';
 *   - Location: every --IMAGE-- of the images template replaced by the status name,
 *     spaces and bytes >= 0x80 as %XX (upper-case hex), every other byte as it is.
 * The places cover every offset in and after 8-byte blocks, the scheme, user info,
 * host, port, the bytes ending the authority, and the bytes around the token.
 */
#include "test_support.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define TEXT_PLAIN "text/plain; charset=UTF-8"
#define NOT_ALLOWED(name)                                                                          \
    "The parameter " name " is not an allowed image address: use http://, https:// or a path "   \
    "starting with a single /, without control characters or backslashes."
#define MAX_URL 128

static int forbidden_byte(unsigned byte)
{
    return byte < 0x20 || byte == 0x7F || byte == '\\';
}

/* True when url starts with scheme (lower case, then "://"), letters in any case. */
static int starts_with_scheme(const char *url, size_t length, const char *scheme)
{
    size_t scheme_length = strlen(scheme);
    if (length < scheme_length)
        return 0;
    for (size_t i = 0; i < scheme_length; i++)
        if (tolower((unsigned char)url[i]) != scheme[i] || (unsigned char)url[i] >= 0x80)
            return 0;
    return 1;
}

/* README's rules for a redirect target. */
static int rules_allow(const char *url, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (forbidden_byte((unsigned char)url[i]))
            return 0;
    if (url[0] == '/')
        return length == 1 || url[1] != '/';
    size_t start = starts_with_scheme(url, length, "http://") ? 7 : starts_with_scheme(url, length, "https://") ? 8 : 0;
    if (start == 0)
        return 0;
    size_t end = start, host = start;
    while (end < length && url[end] != '/' && url[end] != '?' && url[end] != '#')
        end++;
    for (size_t i = start; i < end; i++) {
        if (url[i] == ' ')
            return 0;
        if (url[i] == '@')
            host = i + 1;
    }
    return host < end && url[host] != ':';
}

/* README's Location for url: tokens expanded to "available" when expand is set. */
static void expected_location(const char *url, size_t length, int expand, char *location)
{
    static const char token[] = "--IMAGE--";
    size_t out = 0;
    for (size_t in = 0; in < length;) {
        if (expand && length - in >= 9 && memcmp(url + in, token, 9) == 0) {
            out += (size_t)sprintf(location + out, "available");
            in += 9;
            continue;
        }
        unsigned byte = (unsigned char)url[in++];
        if (byte == ' ' || byte >= 0x80)
            out += (size_t)sprintf(location + out, "%%%02X", byte);
        else
            location[out++] = (char)byte;
    }
    location[out] = '\0';
}

/* Resolves url for an available user, as the per-status URL or (as_images) as the images
 * template. Checks the answer is either the 302 README promises or the 400 naming the
 * parameter; returns 1 for the 302. */
static int redirected(const char *url, size_t length, int as_images)
{
    scenario given = user_online();
    if (as_images)
        given.request.images = bytes_of(url, length);
    else
        given.request.status_url[PRESENCE_STATUS_AVAILABLE] = bytes_of(url, length);
    presence_response response;
    resolve_scenario(&given, &response);
    int allowed = response.http_status == 302;
    if (allowed) {
        char location[3 * MAX_URL + 1];
        expected_location(url, length, as_images, location);
        assert_redirect(&response, location);
    } else {
        assert_answer(&response, 400, TEXT_PLAIN, as_images ? NOT_ALLOWED("images") : NOT_ALLOWED("available"));
    }
    presence_response_release(&response);
    return allowed;
}

/* Puts byte at position of template and checks the answer both ways against the rules. */
static void check_byte_at(const char *template, size_t position, unsigned byte)
{
    char url[MAX_URL];
    size_t length = strlen(template);
    memcpy(url, template, length);
    url[position] = (char)byte;
    int expected = rules_allow(url, length);
    for (int as_images = 0; as_images < 2; as_images++)
        if (redirected(url, length, as_images) != expected)
            fail_msg("byte 0x%02X at %zu of \"%s\": expected %s", byte, position, template,
                     expected ? "a redirect" : "400");
}

/* Every byte value at every position of template. */
static void check_every_byte(const char *template)
{
    for (size_t position = 0; position < strlen(template); position++)
        for (unsigned byte = 0; byte < 256; byte++)
            check_byte_at(template, position, byte);
}

static void test_every_byte_in_a_path(void **state)
{
    (void)state;
    /* 24 bytes: three whole blocks; 21: two blocks and 5 more; 1..9: one short run */
    static const size_t lengths[] = {24, 21, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        char path[32];
        memset(path, 'a', lengths[i]);
        path[0] = '/';
        path[lengths[i]] = '\0';
        check_every_byte(path);
    }
    /* the rules themselves, on a few of those answers */
    assert_int_equal(rules_allow("/a", 2), 1);
    assert_int_equal(rules_allow("//", 2), 0);
    assert_int_equal(rules_allow("/\\", 2), 0);
    assert_int_equal(rules_allow("/\x7F", 2), 0);
}

static void test_every_byte_in_a_web_address(void **state)
{
    (void)state;
    /* scheme, user info, host, port, path, query, fragment; authorities of 26, 25 and 1 bytes */
    static const char *const urls[] = {
        "http://user:pass@images.example.org/x", "https://images.example.org:8443?q#f", "http://h/", "https://h",
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
        check_every_byte(urls[i]);
    assert_int_equal(rules_allow("HtTpS://h", 9), 1);
    assert_int_equal(rules_allow("http://@/", 9), 0);
    assert_int_equal(rules_allow("http://u@:1/", 12), 0);
    assert_int_equal(rules_allow("http://h p/", 11), 0);
}

static void test_every_byte_around_the_token(void **state)
{
    (void)state;
    static const char template[] = "/i/x--IMAGE--x--IMAGE-x.png";
    for (unsigned byte = 0; byte < 256; byte++) {
        if (forbidden_byte(byte))
            continue;
        char url[sizeof template];
        memcpy(url, template, sizeof template);
        url[3] = url[13] = (char)byte; /* right before and right after the token */
        assert_int_equal(redirected(url, strlen(template), 1), 1);
    }
}

int run_url_byte_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_in_a_path),
        cmocka_unit_test(test_every_byte_in_a_web_address),
        cmocka_unit_test(test_every_byte_around_the_token),
    };
    return cmocka_run_group_tests_name("url bytes", tests, NULL, NULL);
}
