/*
 * png_crc.h — the CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, reflected polynomial
 * 0xEDB88320, as PNG and zlib's crc32 define it), for the build-time icon and avatar
 * generators, which write chunks, and for the core, which checks a user's PNG photo.
 * Header-only so that the generators, separate programs, need no library of the core.
 */
#ifndef PRESENCE_PNG_CRC_H
#define PRESENCE_PNG_CRC_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32 of the length bytes at data, bit by bit: eight steps per byte, no table,
 * so cost linear in length and no state. */
static inline uint32_t png_crc32(const unsigned char *data, size_t length)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

#endif /* PRESENCE_PNG_CRC_H */
