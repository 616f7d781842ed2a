/*
 * avatar_generator — draws the built-in default avatar (a grey head-and-shoulders silhouette
 * on a light disc, AVATAR_SIZE pixels square) and writes it as a PNG file and as a C include
 * file holding the same bytes for the core.
 *
 *   avatar_generator OUT_INCLUDE OUT_PNG
 *
 * The picture is computed from integer geometry only (no floating point), the PNG is 8-bit
 * indexed colour with PLTE and tRNS and its image data one zlib stream of "stored" deflate
 * blocks, so the output is byte-for-byte the same on every machine and compiler.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AVATAR_SIZE 64
#define RAW_LENGTH (AVATAR_SIZE * (1 + AVATAR_SIZE))
#define MAX_PNG 8192

typedef struct byte_buffer {
    uint8_t bytes[MAX_PNG];
    size_t length;
} byte_buffer;

static void append(byte_buffer *buffer, const void *data, size_t length)
{
    if (length == 0)
        return;
    if (buffer->length + length > sizeof buffer->bytes) {
        fprintf(stderr, "avatar_generator: PNG over %d bytes\n", MAX_PNG);
        exit(1);
    }
    memcpy(buffer->bytes + buffer->length, data, length);
    buffer->length += length;
}

static void append_u32(byte_buffer *buffer, uint32_t value)
{
    uint8_t bytes[4] = {(uint8_t)(value >> 24), (uint8_t)(value >> 16), (uint8_t)(value >> 8), (uint8_t)value};
    append(buffer, bytes, 4);
}

static uint32_t crc32_of(const uint8_t *data, size_t length)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

static void append_chunk(byte_buffer *png, const char *type, const uint8_t *data, size_t length)
{
    byte_buffer *chunk = calloc(1, sizeof *chunk);
    if (chunk == NULL)
        exit(1);
    append(chunk, type, 4);
    append(chunk, data, length);
    append_u32(png, (uint32_t)length);
    append(png, chunk->bytes, chunk->length);
    append_u32(png, crc32_of(chunk->bytes, chunk->length));
    free(chunk);
}

/* Palette index of pixel (x, y): 0 outside the disc, 1 the disc, 2 the silhouette. */
static uint8_t pixel(int x, int y)
{
    int cx = 2 * x + 1 - AVATAR_SIZE, cy = 2 * y + 1 - AVATAR_SIZE; /* doubled coordinates, centre 0 */
    int radius = AVATAR_SIZE;                                       /* doubled: the whole square */
    if (cx * cx + cy * cy > radius * radius)
        return 0;
    int hx = cx, hy = cy + 22; /* head: a disc of doubled radius 22 above the centre */
    if (hx * hx + hy * hy <= 22 * 22)
        return 2;
    int sy = cy - 60; /* shoulders: an ellipse centred low, 44 wide and 36 high (doubled) */
    if (sy < 0 && cx * cx * 36 * 36 + sy * sy * 44 * 44 <= 36 * 36 * 44 * 44)
        return 2;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: avatar_generator OUT_INCLUDE OUT_PNG\n");
        return 2;
    }
    static const uint8_t palette[] = {0xff, 0xff, 0xff, 0xd6, 0xdb, 0xe1, 0x6b, 0x72, 0x7c};
    static const uint8_t alpha[] = {0x00, 0xff, 0xff};
    uint8_t raw[RAW_LENGTH];
    size_t at = 0;
    for (int y = 0; y < AVATAR_SIZE; y++) {
        raw[at++] = 0; /* filter: none */
        for (int x = 0; x < AVATAR_SIZE; x++)
            raw[at++] = pixel(x, y);
    }
    /* zlib: header, stored blocks of at most 65535 bytes, Adler-32 */
    static byte_buffer zlib;
    static const uint8_t zlib_header[2] = {0x78, 0x01};
    append(&zlib, zlib_header, 2);
    for (size_t done = 0; done < RAW_LENGTH;) {
        size_t block = RAW_LENGTH - done > 65535 ? 65535 : RAW_LENGTH - done;
        uint8_t head[5] = {done + block == RAW_LENGTH ? 1 : 0, (uint8_t)block, (uint8_t)(block >> 8),
                           (uint8_t)~block, (uint8_t)(~block >> 8)};
        append(&zlib, head, 5);
        append(&zlib, raw + done, block);
        done += block;
    }
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < RAW_LENGTH; i++) {
        a = (a + raw[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    append_u32(&zlib, (b << 16) | a);

    static byte_buffer png;
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    append(&png, signature, 8);
    uint8_t ihdr[13] = {0, 0, 0, AVATAR_SIZE, 0, 0, 0, AVATAR_SIZE, 8, 3, 0, 0, 0};
    append_chunk(&png, "IHDR", ihdr, sizeof ihdr);
    append_chunk(&png, "PLTE", palette, sizeof palette);
    append_chunk(&png, "tRNS", alpha, sizeof alpha);
    append_chunk(&png, "IDAT", zlib.bytes, zlib.length);
    append_chunk(&png, "IEND", NULL, 0);

    FILE *out = fopen(argv[2], "wb");
    if (out == NULL || fwrite(png.bytes, 1, png.length, out) != png.length || fclose(out) != 0) {
        fprintf(stderr, "avatar_generator: cannot write %s\n", argv[2]);
        return 1;
    }
    out = fopen(argv[1], "w");
    if (out == NULL) {
        fprintf(stderr, "avatar_generator: cannot write %s\n", argv[1]);
        return 1;
    }
    fprintf(out, "/* GENERATED by native/avatar/avatar_generator.c: the default avatar, a %dx%d PNG. */\n",
            AVATAR_SIZE, AVATAR_SIZE);
    fprintf(out, "static const unsigned char presence_default_avatar[%zu] = {", png.length);
    for (size_t i = 0; i < png.length; i++)
        fprintf(out, "%s0x%02x,", i % 16 == 0 ? "\n    " : " ", png.bytes[i]);
    fprintf(out, "\n};\n");
    return fclose(out) == 0 ? 0 : 1;
}
