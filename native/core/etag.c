/*
 * etag.c — the ETag of a 200 answer and the If-None-Match comparison (README "Caching").
 *
 * The ETag is a 128-bit hash of the answer's bytes: every header but the ETag itself
 * (name, ": ", value, CR LF, in order), an empty line, then the body. So it changes
 * exactly when what a client would store changes, and equal answers (every forbidden
 * answer of one type, for one Origin) have equal ETags: it tells nothing the body and
 * headers do not. The hash is MurmurHash3 x64 128 (seed 0), computed in one streaming
 * pass; not cryptographic, which it need not be: an ETag is compared only with the
 * ETags of the same URL's answers, and 2^-128 per pair makes an accidental collision
 * (a stale answer kept) negligible. Nobody gains by forging one: a client that sends a
 * matching tag only gets the 304 for the answer it would have got anyway.
 */
#include "presence_internal.h"

static uint64_t rotl64(uint64_t value, int bits)
{
    return value << bits | value >> (64 - bits);
}

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

static const uint64_t C1 = UINT64_C(0x87c37b91114253d5), C2 = UINT64_C(0x4cf5ad432745937f);

static uint64_t get_le64(const unsigned char *in)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; i--)
        value = value << 8 | in[i];
    return value;
}

static void mix_block(hash128_state *state, const unsigned char *block)
{
    uint64_t k1 = get_le64(block), k2 = get_le64(block + 8);
    k1 *= C1;
    k1 = rotl64(k1, 31);
    k1 *= C2;
    state->h1 ^= k1;
    state->h1 = rotl64(state->h1, 27);
    state->h1 += state->h2;
    state->h1 = state->h1 * 5 + 0x52dce729;
    k2 *= C2;
    k2 = rotl64(k2, 33);
    k2 *= C1;
    state->h2 ^= k2;
    state->h2 = rotl64(state->h2, 31);
    state->h2 += state->h1;
    state->h2 = state->h2 * 5 + 0x38495ab5;
}

void hash128_begin(hash128_state *state)
{
    memset(state, 0, sizeof *state);
}

void hash128_add(hash128_state *state, const void *data, size_t length)
{
    const unsigned char *in = data;
    state->total += length;
    if (state->buffered > 0) {
        size_t take = 16 - state->buffered < length ? 16 - state->buffered : length;
        memcpy(state->buffer + state->buffered, in, take);
        state->buffered += take;
        in += take;
        length -= take;
        if (state->buffered < 16)
            return;
        mix_block(state, state->buffer);
        state->buffered = 0;
    }
    for (; length >= 16; in += 16, length -= 16)
        mix_block(state, in);
    if (length > 0)
        memcpy(state->buffer, in, length);
    state->buffered = length;
}

void hash128_end(hash128_state *state, uint64_t out[2])
{
    uint64_t k1 = 0, k2 = 0;
    const unsigned char *tail = state->buffer;
    for (size_t i = state->buffered; i > 8; i--)
        k2 = k2 << 8 | tail[i - 1];
    for (size_t i = state->buffered < 8 ? state->buffered : 8; i > 0; i--)
        k1 = k1 << 8 | tail[i - 1];
    if (state->buffered > 8) {
        k2 *= C2;
        k2 = rotl64(k2, 33);
        k2 *= C1;
        state->h2 ^= k2;
    }
    if (state->buffered > 0) {
        k1 *= C1;
        k1 = rotl64(k1, 31);
        k1 *= C2;
        state->h1 ^= k1;
    }
    uint64_t h1 = state->h1 ^ (uint64_t)state->total, h2 = state->h2 ^ (uint64_t)state->total;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
}

void answer_etag(const presence_response *response, char etag[PRESENCE_ETAG_BYTES])
{
    static const char hex[] = "0123456789abcdef";
    hash128_state state;
    hash128_begin(&state);
    for (size_t h = 0; h < response->header_count; h++) {
        hash128_add(&state, response->headers[h].name, strlen(response->headers[h].name));
        hash128_add(&state, ": ", 2);
        hash128_add(&state, response->headers[h].value, strlen(response->headers[h].value));
        hash128_add(&state, "\r\n", 2);
    }
    hash128_add(&state, "\r\n", 2);
    hash128_add(&state, response->body, response->body_length);
    uint64_t hash[2];
    hash128_end(&state, hash);
    etag[0] = '"';
    for (int i = 0; i < 32; i++)
        etag[1 + i] = hex[(hash[i / 16] >> (60 - 4 * (i % 16))) & 0xF];
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
        at++;
        while (at < end && etag_character(*at))
            at++;
        if (at == end || *at != '"')
            return false;
        at++;
        /* weak comparison: W/"x" matches "x" (RFC 9110 13.1.2) */
        if ((size_t)(at - opaque) == etag_length && memcmp(opaque, etag, etag_length) == 0)
            matched = true;
        any_element = true;
        while (at < end && optional_space(*at))
            at++;
        if (at < end && *at != ',')
            return false;
    }
    return matched;
}
