/*
 * redirect.c — type=image redirects: which URL applies, whether it is an allowed
 * target, and the Location value (--IMAGE-- expanded, spaces and bytes >= 0x80
 * percent-encoded) in one bounded buffer.
 *
 * An allowed target (README "Answers"): http:// or https:// (any letter case) with
 * a non-empty host, or a path starting with exactly one '/'; no control byte
 * (0x00-0x1F, 0x7F) and no backslash anywhere. The images template is checked as
 * written: "--IMAGE--" and the status names are letters and dashes only, so the
 * template passes exactly when every expansion of it passes.
 */
#include "presence_internal.h"

#include <stdlib.h>

#define IMAGE_TOKEN "--IMAGE--"
#define IMAGE_TOKEN_LENGTH (sizeof IMAGE_TOKEN - 1)

#define NOT_ALLOWED(name)                                                                          \
    "The parameter " name " is not an allowed image address: use http://, https:// or a path "   \
    "starting with a single /, without control characters or backslashes."

static const char *const status_url_not_allowed[PRESENCE_STATUS_COUNT] = {
    NOT_ALLOWED("available"), NOT_ALLOWED("chat"),    NOT_ALLOWED("away"),      NOT_ALLOWED("xa"),
    NOT_ALLOWED("dnd"),       NOT_ALLOWED("offline"), NOT_ALLOWED("forbidden"),
};

/* Length of a leading "http://" or "https://" (any case), else 0. */
static size_t web_scheme_length(const char *url, size_t length)
{
    static const char http[] = "http";
    size_t i = 0;
    for (; i < 4; i++)
        if (i >= length || (url[i] | 0x20) != http[i])
            return 0;
    if (i < length && (url[i] | 0x20) == 's')
        i++;
    if (length - i >= 3 && memcmp(url + i, "://", 3) == 0)
        return i + 3;
    return 0;
}

/* The authority (after the scheme, up to '/', '?' or '#') holds a host: the part
 * after the last '@' is not empty, does not start with ':', and has no space. */
static bool has_host(const char *url, size_t start, size_t length)
{
    size_t end = start;
    while (end < length && url[end] != '/' && url[end] != '?' && url[end] != '#')
        end++;
    size_t host = start;
    for (size_t i = start; i < end; i++) {
        if (url[i] == ' ')
            return false;
        if (url[i] == '@')
            host = i + 1;
    }
    return host < end && url[host] != ':';
}

static bool allowed_target(presence_text url)
{
    for (size_t i = 0; i < url.length; i++) {
        unsigned char byte = (unsigned char)url.data[i];
        if (byte < 0x20 || byte == 0x7F || byte == '\\')
            return false;
    }
    if (url.data[0] == '/')
        return url.length == 1 || url.data[1] != '/';
    size_t scheme = web_scheme_length(url.data, url.length);
    return scheme != 0 && has_host(url.data, scheme, url.length);
}

const char *redirect_check(const presence_request *request)
{
    if (text_present(request->images) && !allowed_target(request->images))
        return NOT_ALLOWED("images");
    for (int status = 0; status < PRESENCE_STATUS_COUNT; status++)
        if (text_present(request->status_url[status]) && !allowed_target(request->status_url[status]))
            return status_url_not_allowed[status];
    return NULL;
}

/* Writes url into location (CLEAN_TEXT_CAPACITY(url.length) bytes suffice: a token
 * expands to at most its own length, a byte to at most three), expanding the
 * token when expand is set; NUL-terminates. */
static void write_location(presence_text url, bool expand, const char *status_name, char *location)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t name_length = strlen(status_name), out = 0;
    for (size_t in = 0; in < url.length;) {
        unsigned char byte = (unsigned char)url.data[in];
        if (expand && url.length - in >= IMAGE_TOKEN_LENGTH && memcmp(url.data + in, IMAGE_TOKEN, IMAGE_TOKEN_LENGTH) == 0) {
            memcpy(location + out, status_name, name_length);
            out += name_length;
            in += IMAGE_TOKEN_LENGTH;
            continue;
        }
        if (byte == ' ' || byte >= 0x80) {
            location[out++] = '%';
            location[out++] = hex[byte >> 4];
            location[out++] = hex[byte & 0x0F];
        } else {
            location[out++] = (char)byte;
        }
        in++;
    }
    location[out] = '\0';
}

bool redirect_answer(const presence_request *request, presence_status status, presence_response *response)
{
    presence_text url = request->status_url[status];
    bool expand = false;
    if (!text_present(url)) {
        url = request->images;
        expand = true;
    }
    if (!text_present(url))
        return false;
    char *location = malloc(CLEAN_TEXT_CAPACITY(url.length));
    if (location == NULL) {
        answer_out_of_memory(response, status);
        return true;
    }
    write_location(url, expand, presence_status_name(status), location);
    answer_begin(response, 302, PRESENCE_ANSWER_REDIRECT, status, CONTENT_TYPE_TEXT);
    response->headers[response->header_count++] = (presence_header){"Location", location};
    response->owned = location;
    return true;
}
