/*
 * hash128.h — MurmurHash3 x64 128 (seed 0): the hash of the ETag (etag.c, README
 * "Caching") and of the batch's keys. Header-only, so that the build-time generators
 * (native/images, native/avatar) hash their constant bodies with the same code the core
 * runs: the core then hashes only the headers of those answers. No allocation, no state
 * outside hash128_state; the result does not depend on the machine's byte order.
 */
#ifndef PRESENCE_HASH128_H
#define PRESENCE_HASH128_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A hash being computed: begin, add any number of byte runs, end; the result depends
 * only on the concatenated bytes. */
typedef struct hash128_state {
    uint64_t h1, h2;
    unsigned char buffer[16]; /* the bytes after the last whole 16-byte block */
    size_t buffered;
    size_t total;
} hash128_state;

static inline uint64_t hash128_rotl(uint64_t value, int bits)
{
    return value << bits | value >> (64 - bits);
}

/* The 8 bytes at in as a little-endian number (compilers make this one load). */
static inline uint64_t hash128_le64(const unsigned char *in)
{
    return (uint64_t)in[0] | (uint64_t)in[1] << 8 | (uint64_t)in[2] << 16 | (uint64_t)in[3] << 24 |
           (uint64_t)in[4] << 32 | (uint64_t)in[5] << 40 | (uint64_t)in[6] << 48 | (uint64_t)in[7] << 56;
}

#define HASH128_C1 UINT64_C(0x87c37b91114253d5)
#define HASH128_C2 UINT64_C(0x4cf5ad432745937f)

/* Mixes count whole 16-byte blocks at in into the state. */
static inline void hash128_blocks(hash128_state *state, const unsigned char *in, size_t count)
{
    uint64_t h1 = state->h1, h2 = state->h2;
    for (; count > 0; count--, in += 16) {
        uint64_t k1 = hash128_le64(in), k2 = hash128_le64(in + 8);
        k1 *= HASH128_C1;
        k1 = hash128_rotl(k1, 31);
        k1 *= HASH128_C2;
        h1 ^= k1;
        h1 = hash128_rotl(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= HASH128_C2;
        k2 = hash128_rotl(k2, 33);
        k2 *= HASH128_C1;
        h2 ^= k2;
        h2 = hash128_rotl(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }
    state->h1 = h1;
    state->h2 = h2;
}

static inline void hash128_begin(hash128_state *state)
{
    memset(state, 0, sizeof *state);
}

static inline void hash128_add(hash128_state *state, const void *data, size_t length)
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
        hash128_blocks(state, state->buffer, 1);
        state->buffered = 0;
    }
    hash128_blocks(state, in, length / 16);
    in += length - length % 16;
    length %= 16;
    if (length > 0)
        memcpy(state->buffer, in, length);
    state->buffered = length;
}

static inline uint64_t hash128_fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

/* The hash of every byte added: out[0] is h1, out[1] h2 (MurmurHash3's order). */
static inline void hash128_end(hash128_state *state, uint64_t out[2])
{
    /* the tail's bytes as two little-endian numbers, missing bytes zero (the buffer past
     * them may hold an earlier block's bytes); mixing a zero word changes nothing, so an
     * absent half needs no test */
    size_t n = state->buffered;
    uint64_t k1 = hash128_le64(state->buffer), k2 = hash128_le64(state->buffer + 8);
    k1 &= n >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * n)) - 1;
    k2 &= n > 8 ? (UINT64_C(1) << (8 * (n - 8))) - 1 : 0;
    k2 *= HASH128_C2;
    k2 = hash128_rotl(k2, 33);
    k2 *= HASH128_C1;
    k1 *= HASH128_C1;
    k1 = hash128_rotl(k1, 31);
    k1 *= HASH128_C2;
    uint64_t h1 = state->h1 ^ k1, h2 = state->h2 ^ k2;
    h1 ^= (uint64_t)state->total;
    h2 ^= (uint64_t)state->total;
    h1 += h2;
    h2 += h1;
    h1 = hash128_fmix(h1);
    h2 = hash128_fmix(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
}

/* The hash of the length bytes at data, in one call. */
static inline void hash128(const void *data, size_t length, uint64_t out[2])
{
    hash128_state state;
    hash128_begin(&state);
    hash128_add(&state, data, length);
    hash128_end(&state, out);
}

#endif /* PRESENCE_HASH128_H */
