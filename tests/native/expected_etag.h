/*
 * expected_etag.h — the ETag of a 200 as README "Caching" defines it, recomputed from the
 * answer's bytes alone for the tests and the fuzzer: the lines (name, ": ", value, CR LF)
 * of every header but the ETag, the first one last, an empty line, the body's
 * MurmurHash3 x64 128 (h1 then h2, little-endian), all hashed with MurmurHash3 x64 128.
 * Written apart from etag.c on purpose (one piece at a time, byte by byte, no shared
 * state, never the response's body_hash) so a wrong shortcut there cannot agree with it;
 * the hash itself is checked against MurmurHash3's published values (test_caching.c).
 */
#ifndef EXPECTED_ETAG_H
#define EXPECTED_ETAG_H

#include <stdio.h>
#include <string.h>

#include "hash128.h"
#include "presence.h"

static inline void expected_etag_line(hash128_state *state, const presence_header *header)
{
    if (strcmp(header->name, "ETag") == 0)
        return;
    hash128_add(state, header->name, strlen(header->name));
    hash128_add(state, ": ", 2);
    hash128_add(state, header->value, strlen(header->value));
    hash128_add(state, "\r\n", 2);
}

/* Writes the ETag the answer (a 200 with its body) must carry, with quotes and NUL. */
static inline void expected_etag(const presence_response *response, char out[PRESENCE_ETAG_BYTES])
{
    hash128_state state;
    hash128_begin(&state);
    for (size_t h = 1; h < response->header_count; h++)
        expected_etag_line(&state, &response->headers[h]);
    if (response->header_count > 0)
        expected_etag_line(&state, &response->headers[0]);
    hash128_add(&state, "\r\n", 2);
    uint64_t body[2];
    hash128(response->body, response->body_length, body);
    for (int i = 0; i < 16; i++) {
        unsigned char byte = (unsigned char)(body[i / 8] >> (8 * (i % 8)));
        hash128_add(&state, &byte, 1);
    }
    uint64_t hash[2];
    hash128_end(&state, hash);
    snprintf(out, PRESENCE_ETAG_BYTES, "\"%016llx%016llx\"", (unsigned long long)hash[0],
             (unsigned long long)hash[1]);
}

#endif /* EXPECTED_ETAG_H */
