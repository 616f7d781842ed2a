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
 *
 * Every byte is classified by one table lookup (url_byte_classes), eight bytes at a
 * time where none of them matters: each URL is read once to check it, once to write it.
 */
#include "presence_internal.h"

#include <stdint.h>
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

/* ---- the byte classes ---------------------------------------------------- */

enum url_byte_class {
    URL_BYTE_FORBIDDEN = 1,     /* a control byte or a backslash: never allowed  */
    URL_BYTE_AUTHORITY_END = 2, /* '/', '?', '#': the authority ends before it   */
    URL_BYTE_USERINFO_END = 4,  /* '@': the host starts after the last one       */
    URL_BYTE_SPACE = 8,         /* ' ': not allowed in the authority             */
    URL_BYTE_ENCODED = 16,      /* ' ' and 0x80-0xFF: percent-encoded in Location */
    URL_BYTE_TOKEN_START = 32,  /* '-': where "--IMAGE--" may start              */
};

/* The rules of the file comment, once, as the class of byte b. */
#define URL_CLASS(b)                                                                               \
    (((b) < 0x20 || (b) == 0x7F || (b) == '\\' ? URL_BYTE_FORBIDDEN : 0) |                        \
     ((b) == '/' || (b) == '?' || (b) == '#' ? URL_BYTE_AUTHORITY_END : 0) |                      \
     ((b) == '@' ? URL_BYTE_USERINFO_END : 0) | ((b) == ' ' ? URL_BYTE_SPACE | URL_BYTE_ENCODED : 0) | \
     ((b) >= 0x80 ? URL_BYTE_ENCODED : 0) | ((b) == '-' ? URL_BYTE_TOKEN_START : 0))
#define URL_CLASS_4(b) URL_CLASS(b), URL_CLASS((b) + 1), URL_CLASS((b) + 2), URL_CLASS((b) + 3)
#define URL_CLASS_16(b) URL_CLASS_4(b), URL_CLASS_4((b) + 4), URL_CLASS_4((b) + 8), URL_CLASS_4((b) + 12)
#define URL_CLASS_64(b) URL_CLASS_16(b), URL_CLASS_16((b) + 16), URL_CLASS_16((b) + 32), URL_CLASS_16((b) + 48)

static const unsigned char url_byte_classes[256] = {
    URL_CLASS_64(0x00), URL_CLASS_64(0x40), URL_CLASS_64(0x80), URL_CLASS_64(0xC0),
};

/* The classes of the 8 bytes at bytes, OR-ed together. */
static unsigned block_classes(const unsigned char *bytes)
{
    unsigned classes = 0;
    for (size_t k = 0; k < 8; k++)
        classes |= url_byte_classes[bytes[k]];
    return classes;
}

/* The first index from `from` on whose byte has a class in mask, or length: eight bytes
 * at a time while none of them has one, then byte by byte. */
static size_t find_class(const unsigned char *bytes, size_t from, size_t length, unsigned mask)
{
    size_t i = from;
    for (; length - i >= 8; i += 8)
        if (block_classes(bytes + i) & mask)
            break;
    while (i < length && !(url_byte_classes[bytes[i]] & mask))
        i++;
    return i;
}

/* ---- allowed targets ---------------------------------------------------- */

/* Length of a leading "http://" or "https://" (any letter case), else 0. */
static size_t web_scheme_length(const char *url, size_t length)
{
    uint32_t first_four; /* OR-ing 0x20 lower-cases the letters of "HTTP" */
    if (length < 7)
        return 0;
    memcpy(&first_four, url, 4);
    first_four |= 0x20202020u;
    if (memcmp(&first_four, "http", 4) != 0)
        return 0;
    size_t scheme = (url[4] | 0x20) == 's' ? 5 : 4;
    return length - scheme >= 3 && memcmp(url + scheme, "://", 3) == 0 ? scheme + 3 : 0;
}

/* One pass over the authority at start (up to '/', '?', '#' or the end): its end when it
 * holds a host (the part after the last '@' is not empty and does not start with ':')
 * and no space or forbidden byte; else 0. */
static size_t authority_end(const unsigned char *bytes, size_t start, size_t length)
{
    enum { STOP = URL_BYTE_FORBIDDEN | URL_BYTE_AUTHORITY_END | URL_BYTE_USERINFO_END | URL_BYTE_SPACE };
    size_t host = start, end = find_class(bytes, start, length, STOP);
    while (end < length && url_byte_classes[bytes[end]] == URL_BYTE_USERINFO_END) {
        host = end + 1;
        end = find_class(bytes, host, length, STOP);
    }
    if (end < length && !(url_byte_classes[bytes[end]] & URL_BYTE_AUTHORITY_END))
        return 0; /* a space or a forbidden byte */
    return host < end && bytes[host] != ':' ? end : 0;
}

static bool allowed_target(presence_text url)
{
    const unsigned char *bytes = (const unsigned char *)url.data;
    size_t checked = 0; /* the bytes before this one are known to be allowed */
    if (bytes[0] == '/') {
        if (url.length > 1 && bytes[1] == '/')
            return false;
    } else {
        size_t scheme = web_scheme_length(url.data, url.length);
        if (scheme == 0 || (checked = authority_end(bytes, scheme, url.length)) == 0)
            return false;
    }
    return find_class(bytes, checked, url.length, URL_BYTE_FORBIDDEN) == url.length;
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

/* ---- Location ------------------------------------------------------------ */

/* Writes url into location (CLEAN_TEXT_CAPACITY(url.length) bytes suffice: a token
 * expands to at most its own length, a byte to at most three), expanding the token
 * to status_name unless it is NULL; runs of bytes kept as they are are copied whole.
 * NUL-terminates. */
static void write_location(presence_text url, const char *status_name, char *location)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *bytes = (const unsigned char *)url.data;
    unsigned special = URL_BYTE_ENCODED | (status_name != NULL ? URL_BYTE_TOKEN_START : 0);
    size_t out = 0, in = 0;
    for (;;) {
        size_t run = find_class(bytes, in, url.length, special);
        memcpy(location + out, bytes + in, run - in);
        out += run - in;
        if (run == url.length)
            break;
        unsigned char byte = bytes[run];
        if (byte == '-' && status_name != NULL && url.length - run >= IMAGE_TOKEN_LENGTH &&
            memcmp(bytes + run, IMAGE_TOKEN, IMAGE_TOKEN_LENGTH) == 0) {
            size_t name_length = strlen(status_name);
            memcpy(location + out, status_name, name_length);
            out += name_length;
            in = run + IMAGE_TOKEN_LENGTH;
        } else if (url_byte_classes[byte] & URL_BYTE_ENCODED) {
            location[out++] = '%';
            location[out++] = hex[byte >> 4];
            location[out++] = hex[byte & 0x0F];
            in = run + 1;
        } else {
            location[out++] = (char)byte;
            in = run + 1;
        }
    }
    location[out] = '\0';
}

bool redirect_answer(const presence_request *request, presence_status status, presence_response *response)
{
    presence_text url = request->status_url[status];
    const char *expansion = NULL; /* what --IMAGE-- becomes: only in the images template */
    if (!text_present(url)) {
        if (!text_present(request->images))
            return false;
        url = request->images;
        expansion = presence_status_name(status);
    }
    char *location = core_malloc(CLEAN_TEXT_CAPACITY(url.length));
    if (location == NULL) {
        answer_out_of_memory(response, status);
        return true;
    }
    write_location(url, expansion, location);
    answer_begin(response, 302, PRESENCE_ANSWER_REDIRECT, status, CONTENT_TYPE_TEXT);
    response->headers[response->header_count++] = (presence_header){"Location", location};
    response->owned = location;
    return true;
}
