/*
 * etag.c — the ETag of a 200 answer and the If-None-Match comparison (README "Caching").
 *
 * The ETag is a 128-bit hash of the answer's bytes: the line (name, ": ", value, CR LF)
 * of every header but the ETag itself, in order except that the first (Content-Type)
 * comes last, an empty line, then the 16 bytes of the body's own hash (h1 then h2,
 * little-endian). The lines end in the empty line and the body's part is always 16
 * bytes, so distinct answers are distinct inputs: the ETag changes exactly when what a
 * client would store changes, and equal answers (every forbidden answer of one type, for
 * one Origin) have equal ETags: it tells nothing the body and headers do not.
 * The order is for speed: the lines every answer shares come first, so the hash state
 * after them is computed at build time (etag_prefix_generator.c) and used whenever the
 * headers are answer_begin's; and a built-in body (an icon, the default avatar) brings
 * its hash computed at build time too (response->body_hash), so such an answer hashes
 * little more than its Content-Type. Both hashes are MurmurHash3 x64 128 (seed 0,
 * hash128.h); not cryptographic, which they need not be: an ETag is compared only with
 * the ETags of the same URL's answers, and 2^-128 per pair makes an accidental collision
 * (a stale answer kept) negligible. Nobody gains by forging one: a client that sends a
 * matching tag only gets the 304 for the answer it would have got anyway.
 */
#include "presence_internal.h"

#include "presence_etag_prefix.inc" /* etag_common_lines_state: after ANSWER_COMMON_LINES */

/* The hashed bytes, gathered in a buffer and hashed in whole blocks as it fills: one copy
 * of each piece, no per-piece hashing. */
typedef struct etag_input {
    hash128_state hash;
    size_t used;
    unsigned char bytes[256];
} etag_input;

static void put(etag_input *input, const void *data, size_t length)
{
    if (length > sizeof input->bytes - input->used) {
        hash128_add(&input->hash, input->bytes, input->used);
        input->used = 0;
        if (length > sizeof input->bytes) {
            hash128_add(&input->hash, data, length);
            return;
        }
    }
    memcpy(input->bytes + input->used, data, length);
    input->used += length;
}

static void put_line(etag_input *input, const presence_header *header)
{
    put(input, header->name, strlen(header->name));
    put(input, ": ", 2);
    put(input, header->value, strlen(header->value));
    put(input, "\r\n", 2);
}

/* True when headers[first ..] are answer_common_headers[1 ..] as answer_begin set them. */
static bool common_tail_at(const presence_response *response, size_t first)
{
    if (response->header_count < first + ANSWER_COMMON_HEADER_COUNT - 1)
        return false;
    for (size_t h = 1; h < ANSWER_COMMON_HEADER_COUNT; h++)
        if (response->headers[first + h - 1].name != answer_common_headers[h].name ||
            response->headers[first + h - 1].value != answer_common_headers[h].value)
            return false;
    return true;
}

static void store_le64(unsigned char *out, uint64_t value)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, &value, 8); /* the same bytes as below, in one store */
#else
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(value >> (8 * i));
#endif
}

/* Writes value as 8 lower-case hex digits, most significant first, without a table: each
 * nibble spread into a byte, then '0'-'9' or 'a'-'f' added to all eight at once. */
static void hex8(char *out, uint32_t value)
{
    uint64_t x = value;
    x = (x | x << 16) & UINT64_C(0x0000FFFF0000FFFF);
    x = (x | x << 8) & UINT64_C(0x00FF00FF00FF00FF);
    x = (x | x << 4) & UINT64_C(0x0F0F0F0F0F0F0F0F); /* byte k: nibble k, from the least significant */
    uint64_t letters = (x + UINT64_C(0x0606060606060606)) >> 4 & UINT64_C(0x0101010101010101);
    x += UINT64_C(0x3030303030303030) + letters * ('a' - '0' - 10);
    for (int i = 0; i < 8; i++)
        out[i] = (char)(x >> (56 - 8 * i));
}

void answer_etag(const presence_response *response, char etag[PRESENCE_ETAG_BYTES])
{
    etag_input input;
    input.used = 0;
    size_t h = 1;
    if (common_tail_at(response, 1)) { /* their lines are hashed already */
        input.hash = etag_common_lines_state;
        h = ANSWER_COMMON_HEADER_COUNT;
    } else {
        hash128_begin(&input.hash);
    }
    for (; h < response->header_count; h++)
        put_line(&input, &response->headers[h]);
    if (response->header_count > 0)
        put_line(&input, &response->headers[0]);
    uint64_t body[2];
    if (response->body_hash != NULL)
        memcpy(body, response->body_hash, sizeof body);
    else
        hash128(response->body, response->body_length, body);
    unsigned char end[2 + 16] = {'\r', '\n'};
    store_le64(end + 2, body[0]);
    store_le64(end + 10, body[1]);
    put(&input, end, sizeof end);
    hash128_add(&input.hash, input.bytes, input.used);
    uint64_t hash[2];
    hash128_end(&input.hash, hash);
    etag[0] = '"';
    hex8(etag + 1, (uint32_t)(hash[0] >> 32));
    hex8(etag + 9, (uint32_t)hash[0]);
    hex8(etag + 17, (uint32_t)(hash[1] >> 32));
    hex8(etag + 25, (uint32_t)hash[1]);
    etag[33] = '"';
    etag[34] = '\0';
}

/* RFC 9110 etagc: 0x21, 0x23-0x7E, obs-text 0x80-0xFF. */
static bool etag_character(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c != 0x7F);
}

static bool optional_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

bool if_none_match_matches(presence_text header, const char *etag)
{
    if (!text_present(header) || header.length > PRESENCE_MAX_IF_NONE_MATCH)
        return false;
    const unsigned char *at = (const unsigned char *)header.data, *end = at + header.length;
    size_t etag_length = strlen(etag);
    bool matched = false, any_element = false;
    while (at < end) {
        /* empty list elements and the separators around elements (RFC 9110 5.6.1) */
        if (optional_space(*at) || *at == ',') {
            at++;
            continue;
        }
        if (*at == '*') {
            at++;
            while (at < end && optional_space(*at))
                at++;
            if ((at < end && *at != ',') || any_element)
                return false; /* "*" stands alone */
            while (at < end && (optional_space(*at) || *at == ','))
                at++;
            return at == end;
        }
        if (end - at >= 2 && at[0] == 'W' && at[1] == '/')
            at += 2;
        if (at == end || *at != '"')
            return false;
        const unsigned char *opaque = at;
        if ((size_t)(end - at) >= etag_length && memcmp(at, etag, etag_length) == 0) {
            /* etag itself (the usual revalidation): its inside is etagc up to its closing
             * quote, so the scan below would stop right after it too */
            at += etag_length;
            matched = true;
        } else {
            at++;
            while (at < end && etag_character(*at))
                at++;
            if (at == end || *at != '"')
                return false;
            at++;
            /* weak comparison: W/"x" matches "x" (RFC 9110 13.1.2) */
            if ((size_t)(at - opaque) == etag_length && memcmp(opaque, etag, etag_length) == 0)
                matched = true;
        }
        any_element = true;
        while (at < end && optional_space(*at))
            at++;
        if (at < end && *at != ',')
            return false;
    }
    return matched;
}
