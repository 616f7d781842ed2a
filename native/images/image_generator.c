/*
 * image_generator — turns the text-described 16x16 icons (native/images/<name>.txt)
 * into PNG files and into a C include file holding the same bytes for the core.
 *
 *   image_generator OUT_INCLUDE OUT_PNG_DIRECTORY NAME.txt...
 *
 * Text format: lines starting with '#' are comments; "C RRGGBB", "C RRGGBBAA" or
 * "C none" gives palette character C a colour (AA = opacity, none = transparent);
 * then exactly 16 rows of 16 palette characters. The PNG is 8-bit indexed colour
 * with PLTE and tRNS; its image data is one zlib stream of "stored" deflate blocks,
 * so no compression library is needed and the output is byte-for-byte reproducible.
 * Exits non-zero with a message on any malformed input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICON_SIZE 16
#define MAX_PALETTE 16
#define MAX_LINE 256
#define MAX_NAME 32
#define RAW_LENGTH (ICON_SIZE * (1 + ICON_SIZE)) /* filter byte + one index per pixel, per row */
#define MAX_PNG 1024

typedef struct icon {
    char name[MAX_NAME];
    char palette_keys[MAX_PALETTE];
    uint8_t rgba[MAX_PALETTE][4];
    int palette_count;
    char rows[ICON_SIZE][ICON_SIZE];
    int row_count;
} icon;

typedef struct byte_buffer {
    uint8_t bytes[MAX_PNG];
    size_t length;
} byte_buffer;

static void fail(const char *path, int line_number, const char *reason)
{
    fprintf(stderr, "image_generator: %s:%d: %s\n", path, line_number, reason);
    exit(1);
}

static void append(byte_buffer *buffer, const void *data, size_t length)
{
    if (length == 0)
        return;
    if (buffer->length + length > sizeof buffer->bytes) {
        fprintf(stderr, "image_generator: PNG larger than %d bytes\n", MAX_PNG);
        exit(1);
    }
    memcpy(buffer->bytes + buffer->length, data, length);
    buffer->length += length;
}

static void append_u32_big_endian(byte_buffer *buffer, uint32_t value)
{
    uint8_t bytes[4] = {(uint8_t)(value >> 24), (uint8_t)(value >> 16), (uint8_t)(value >> 8), (uint8_t)value};
    append(buffer, bytes, 4);
}

/* CRC-32 as PNG defines it (ISO 3309, reflected polynomial 0xEDB88320). */
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

static uint32_t adler32_of(const uint8_t *data, size_t length)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < length; i++) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static void append_chunk(byte_buffer *png, const char type[4], const uint8_t *data, size_t length)
{
    byte_buffer typed = {.length = 0};
    append(&typed, type, 4);
    append(&typed, data, length);
    append_u32_big_endian(png, (uint32_t)length);
    append(png, typed.bytes, typed.length);
    append_u32_big_endian(png, crc32_of(typed.bytes, typed.length));
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void parse_palette_line(icon *image, const char *path, int line_number, const char *line)
{
    if (image->palette_count == MAX_PALETTE) fail(path, line_number, "more than 16 palette entries");
    if (image->row_count != 0) fail(path, line_number, "palette entry after the pixel rows");
    int index = image->palette_count;
    image->palette_keys[index] = line[0];
    for (int i = 0; i < index; i++)
        if (image->palette_keys[i] == line[0]) fail(path, line_number, "palette character defined twice");
    const char *value = line + 2;
    size_t length = strlen(value);
    if (strcmp(value, "none") == 0) {
        memset(image->rgba[index], 0, 4);
    } else if (length == 6 || length == 8) {
        image->rgba[index][3] = 255;
        for (size_t i = 0; i < length; i += 2) {
            int high = hex_digit(value[i]), low = hex_digit(value[i + 1]);
            if (high < 0 || low < 0) fail(path, line_number, "colour is not hexadecimal");
            image->rgba[index][i / 2] = (uint8_t)(high * 16 + low);
        }
    } else {
        fail(path, line_number, "palette entry must be 'C RRGGBB', 'C RRGGBBAA' or 'C none'");
    }
    image->palette_count++;
}

static int palette_index(const icon *image, char key)
{
    for (int i = 0; i < image->palette_count; i++)
        if (image->palette_keys[i] == key) return i;
    return -1;
}

static void read_icon(const char *path, icon *image)
{
    memset(image, 0, sizeof *image);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t name_length = strlen(base);
    if (name_length < 5 || name_length - 4 >= MAX_NAME || strcmp(base + name_length - 4, ".txt") != 0)
        fail(path, 0, "file name must be <name>.txt");
    memcpy(image->name, base, name_length - 4);
    for (const char *c = image->name; *c; c++)
        if (*c < 'a' || *c > 'z') fail(path, 0, "icon name must be lower-case letters");

    FILE *file = fopen(path, "r");
    if (!file) fail(path, 0, "cannot open");
    char line[MAX_LINE];
    int line_number = 0;
    while (fgets(line, sizeof line, file)) {
        line_number++;
        size_t length = strlen(line);
        if (length == sizeof line - 1 && line[length - 1] != '\n') fail(path, line_number, "line too long");
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
        if (length == 0 || line[0] == '#') continue;
        if (length >= 3 && line[1] == ' ') {
            parse_palette_line(image, path, line_number, line);
            continue;
        }
        if (length != ICON_SIZE) fail(path, line_number, "pixel row must have 16 characters");
        if (image->row_count == ICON_SIZE) fail(path, line_number, "more than 16 pixel rows");
        for (int x = 0; x < ICON_SIZE; x++)
            if (palette_index(image, line[x]) < 0) fail(path, line_number, "pixel uses an undefined palette character");
        memcpy(image->rows[image->row_count++], line, ICON_SIZE);
    }
    fclose(file);
    if (image->row_count != ICON_SIZE) fail(path, line_number, "fewer than 16 pixel rows");
}

static void encode_png(const icon *image, byte_buffer *png)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    png->length = 0;
    append(png, signature, sizeof signature);

    uint8_t header[13] = {0, 0, 0, ICON_SIZE, 0, 0, 0, ICON_SIZE, 8 /* bit depth */, 3 /* indexed */, 0, 0, 0};
    append_chunk(png, "IHDR", header, sizeof header);

    uint8_t palette[MAX_PALETTE * 3], opacity[MAX_PALETTE];
    int translucent = 0;
    for (int i = 0; i < image->palette_count; i++) {
        memcpy(palette + 3 * i, image->rgba[i], 3);
        opacity[i] = image->rgba[i][3];
        translucent |= opacity[i] != 255;
    }
    append_chunk(png, "PLTE", palette, (size_t)image->palette_count * 3);
    if (translucent) append_chunk(png, "tRNS", opacity, (size_t)image->palette_count);

    uint8_t raw[RAW_LENGTH];
    for (int y = 0; y < ICON_SIZE; y++) {
        raw[y * (ICON_SIZE + 1)] = 0; /* filter: none */
        for (int x = 0; x < ICON_SIZE; x++)
            raw[y * (ICON_SIZE + 1) + 1 + x] = (uint8_t)palette_index(image, image->rows[y][x]);
    }
    /* zlib header (deflate, 32 KiB window, check bits), one final stored block, Adler-32. */
    byte_buffer stream = {.length = 0};
    const uint8_t zlib_header[2] = {0x78, 0x01};
    const uint8_t stored_block[5] = {0x01, RAW_LENGTH & 0xFF, RAW_LENGTH >> 8,
                                     (uint8_t)(~RAW_LENGTH & 0xFF), (uint8_t)((~RAW_LENGTH >> 8) & 0xFF)};
    append(&stream, zlib_header, 2);
    append(&stream, stored_block, 5);
    append(&stream, raw, sizeof raw);
    append_u32_big_endian(&stream, adler32_of(raw, sizeof raw));
    append_chunk(png, "IDAT", stream.bytes, stream.length);
    append_chunk(png, "IEND", NULL, 0);
}

static void write_png(const char *directory, const icon *image, const byte_buffer *png)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.png", directory, image->name) >= (int)sizeof path) fail(directory, 0, "path too long");
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(png->bytes, 1, png->length, file) != png->length || fclose(file) != 0) fail(path, 0, "cannot write");
}

static void write_include(FILE *include, const icon *image, const byte_buffer *png)
{
    fprintf(include, "\n/* %s.png, %zu bytes */\nstatic const unsigned char presence_image_%s[%zu] = {",
            image->name, png->length, image->name, png->length);
    for (size_t i = 0; i < png->length; i++)
        fprintf(include, "%s0x%02x,", i % 12 == 0 ? "\n    " : " ", png->bytes[i]);
    fprintf(include, "\n};\n");
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: image_generator OUT_INCLUDE OUT_PNG_DIRECTORY NAME.txt...\n");
        return 2;
    }
    FILE *include = fopen(argv[1], "w");
    if (!include) fail(argv[1], 0, "cannot write");
    fprintf(include, "/* Generated by native/images/image_generator.c from the icon texts in native/images/: do not edit. */\n");
    for (int i = 3; i < argc; i++) {
        icon image;
        byte_buffer png;
        read_icon(argv[i], &image);
        encode_png(&image, &png);
        write_png(argv[2], &image, &png);
        write_include(include, &image, &png);
    }
    if (fclose(include) != 0) fail(argv[1], 0, "cannot write");
    return 0;
}
