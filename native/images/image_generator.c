/*
 * image_generator — the built-in status icons, generated at build time from sources in
 * native/images/: the classic 16x16 pixel drawings (<status>.txt) and one vector
 * description per theme (themes/<theme>.icons). Writes every icon as PNG at 16, 32 and
 * 48 pixels and as SVG, into files and into one C include file holding the same bytes
 * (the table the core selects from, and each icon's hash128 for its ETag), and
 * OUT_DIRECTORY/pixels.inc: every PNG's pixels
 * before filtering and compression, for the tests to compare decoded images against.
 *
 *   image_generator OUT_INCLUDE OUT_DIRECTORY STATUS.txt... THEME.icons...
 *
 * The statuses are the .txt files, in command-line order (presence.h's order); every
 * theme draws each of them. The theme "classic" is required and comes first in the
 * table whatever its place on the command line (the core's fallback); its 16-pixel
 * PNGs are the pixel drawings, everything else is drawn from the vector descriptions.
 *
 * Pixel format (<status>.txt): lines starting with '#' are comments; "C RRGGBB",
 * "C RRGGBBAA" or "C none" gives palette character C a colour (AA = opacity, none =
 * transparent); then exactly 16 rows of 16 palette characters. Written as 8-bit
 * indexed colour with PLTE and tRNS.
 *
 * Vector format (<theme>.icons): '#' comments, "icon STATUS" starts an icon, then one
 * shape a line in a 16x16 box, painted in order (themes/classic.icons describes them).
 * Rasterised by 8x8 supersampling per pixel with exact inside tests (squared distances,
 * winding numbers: no square roots, no trigonometry), composited with source-over,
 * written as 8-bit RGBA. The SVG says the same shapes with the same numbers, as typed
 * in the source, with round caps and joins: nothing but svg, circle, rect, polygon and
 * polyline elements with geometry and paint attributes.
 *
 * The classic 16-pixel PNGs keep the original plugin's bytes: one zlib stream of "stored"
 * deflate blocks. Every other PNG is compressed here, without a library: each row gets a
 * PNG filter (one filter for all rows, or per row the least sum of absolute values,
 * whichever compresses best), then LZ77 over hash chains of bounded length (one step of
 * lazy matching) into one deflate block of fixed or dynamic Huffman codes, or a stored
 * block, whichever is shortest. Nothing depends on addresses, seeds or locale: the output
 * is byte-for-byte reproducible. Exits non-zero with a message on any malformed input.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash128.h" /* native/core: the hash of each icon's bytes, for the ETag */
#include "png_crc.h" /* native/core: the CRC-32 of PNG chunks */

#define ICON_SIZE 16
#define MAX_PALETTE 16
#define MAX_LINE 256
#define MAX_NAME 32
#define RAW_LENGTH (ICON_SIZE * (1 + ICON_SIZE)) /* filter byte + one index per pixel, per row */
#define MAX_PNG 16384 /* a 48-pixel RGBA PNG is about 9.4 KB */

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

_Noreturn static void fail(const char *path, int line_number, const char *reason)
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
    append_u32_big_endian(png, png_crc32(typed.bytes, typed.length));
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

/* Writes into name (MAX_NAME bytes, zeroed by the caller) the file name of path without its
 * suffix; fails with bad_file unless it ends in suffix with at least one character before it
 * and fits, and with bad_name unless that name is lower-case letters only. */
static void name_from_path(const char *path, const char *suffix, char *name, const char *bad_file,
                           const char *bad_name)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t name_length = strlen(base), suffix_length = strlen(suffix);
    if (name_length <= suffix_length || name_length - suffix_length >= MAX_NAME
        || strcmp(base + name_length - suffix_length, suffix) != 0)
        fail(path, 0, bad_file);
    memcpy(name, base, name_length - suffix_length);
    for (const char *c = name; *c; c++)
        if (*c < 'a' || *c > 'z') fail(path, 0, bad_name);
}

static void read_icon(const char *path, icon *image)
{
    memset(image, 0, sizeof *image);
    name_from_path(path, ".txt", image->name, "file name must be <name>.txt", "icon name must be lower-case letters");

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


/* ---- vector icons ----------------------------------------------------------------- */

#define BOX 16                 /* the description's coordinate box */
#define SUPERSAMPLE 8          /* samples per pixel along each axis */
#define MAX_STATUSES 8
#define MAX_THEMES 8
#define MAX_SHAPES 16
#define MAX_POINTS 40
#define MAX_TOKEN 16
#define MAX_VECTOR_LINE 2048
#define MAX_SVG 8192
#define SIZE_COUNT 3
static const int sizes[SIZE_COUNT] = {16, 32, 48};
enum { FORMAT_PNG, FORMAT_SVG, FORMAT_COUNT };

typedef enum shape_kind { SHAPE_CIRCLE, SHAPE_RECT, SHAPE_POLYGON, SHAPE_POLYLINE } shape_kind;

/* A number as typed (for the SVG) and its value (for the rasteriser). */
typedef struct number {
    char text[MAX_TOKEN];
    double value;
} number;

typedef struct shape {
    shape_kind kind;
    number values[5];          /* circle: cx cy r; rect: x y w h rx */
    number points[MAX_POINTS][2];
    int point_count;
    bool stroked;              /* stroke of width, else fill */
    number width;
    uint8_t rgba[4];
} shape;

typedef struct vector_icon {
    shape shapes[MAX_SHAPES];
    int shape_count;
    bool defined;
} vector_icon;

typedef struct theme {
    char name[MAX_NAME];
    vector_icon icons[MAX_STATUSES];
} theme;

/* An RGBA image of up to 48x48 pixels. */
typedef struct raster {
    int size;
    uint8_t rgba[48 * 48 * 4];
} raster;

static char status_names[MAX_STATUSES][MAX_NAME];
static int status_count;

/* A number: optional '-', digits, optionally '.' and digits; at most MAX_TOKEN-1 chars. */
static bool parse_number(const char *token, number *out)
{
    size_t length = strlen(token);
    if (length == 0 || length >= MAX_TOKEN) return false;
    const char *c = token;
    if (*c == '-') c++;
    if (*c < '0' || *c > '9') return false;
    double value = 0;
    while (*c >= '0' && *c <= '9') value = value * 10 + (*c++ - '0');
    if (*c == '.') {
        c++;
        if (*c < '0' || *c > '9') return false;
        double scale = 1;
        while (*c >= '0' && *c <= '9') {
            scale *= 10;
            value += (*c++ - '0') / scale;
        }
    }
    if (*c != '\0') return false;
    memcpy(out->text, token, length + 1);
    out->value = token[0] == '-' ? -value : value;
    return true;
}

static bool parse_colour(const char *token, uint8_t rgba[4])
{
    size_t length = strlen(token);
    if (length != 6 && length != 8) return false;
    rgba[3] = 255;
    for (size_t i = 0; i < length; i += 2) {
        int high = hex_digit(token[i]), low = hex_digit(token[i + 1]);
        if (high < 0 || low < 0) return false;
        rgba[i / 2] = (uint8_t)(high * 16 + low);
    }
    return true;
}

static int status_index(const char *name)
{
    for (int i = 0; i < status_count; i++)
        if (strcmp(status_names[i], name) == 0) return i;
    return -1;
}

/* Splits line (modified) into at most max tokens at spaces; returns the count, or -1 for more. */
static int split(char *line, char **tokens, int max)
{
    int count = 0;
    for (char *c = strtok(line, " \t"); c; c = strtok(NULL, " \t")) {
        if (count == max) return -1;
        tokens[count++] = c;
    }
    return count;
}

static void parse_shape(const char *path, int line_number, char **tokens, int count, shape *out)
{
    memset(out, 0, sizeof *out);
    int geometry = -1;
    if (strcmp(tokens[0], "circle") == 0) { out->kind = SHAPE_CIRCLE; geometry = 3; }
    else if (strcmp(tokens[0], "rect") == 0) { out->kind = SHAPE_RECT; geometry = 5; }
    else if (strcmp(tokens[0], "polygon") == 0) { out->kind = SHAPE_POLYGON; geometry = -1; }
    else if (strcmp(tokens[0], "polyline") == 0) { out->kind = SHAPE_POLYLINE; geometry = -1; }
    else fail(path, line_number, "unknown shape (circle, rect, polygon, polyline)");
    int at = 1;
    if (geometry > 0) {
        for (int i = 0; i < geometry; i++, at++)
            if (at >= count || !parse_number(tokens[at], &out->values[i])) fail(path, line_number, "bad or missing number");
    } else {
        while (at < count && strcmp(tokens[at], "fill") != 0 && strcmp(tokens[at], "stroke") != 0) {
            if (out->point_count == MAX_POINTS) fail(path, line_number, "too many points");
            char *comma = strchr(tokens[at], ',');
            if (!comma) fail(path, line_number, "a point is X,Y");
            *comma = '\0';
            if (!parse_number(tokens[at], &out->points[out->point_count][0])
                || !parse_number(comma + 1, &out->points[out->point_count][1]))
                fail(path, line_number, "bad point");
            out->point_count++;
            at++;
        }
        if (out->point_count < 2 || (out->kind == SHAPE_POLYGON && out->point_count < 3))
            fail(path, line_number, "too few points");
    }
    if (at + 1 >= count) fail(path, line_number, "missing paint (fill COLOUR or stroke COLOUR WIDTH)");
    if (!parse_colour(tokens[at + 1], out->rgba)) fail(path, line_number, "colour must be RRGGBB or RRGGBBAA");
    if (strcmp(tokens[at], "fill") == 0) {
        if (out->kind == SHAPE_POLYLINE) fail(path, line_number, "a polyline is stroked only");
        at += 2;
    } else {
        out->stroked = true;
        if (out->kind == SHAPE_RECT) fail(path, line_number, "a rect is filled only");
        if (at + 2 >= count || !parse_number(tokens[at + 2], &out->width) || out->width.value <= 0)
            fail(path, line_number, "stroke needs a positive width");
        at += 3;
    }
    if (at != count) fail(path, line_number, "unexpected text after the paint");
    if (out->kind == SHAPE_CIRCLE && out->values[2].value <= 0) fail(path, line_number, "radius must be positive");
    if (out->kind == SHAPE_RECT && (out->values[2].value <= 0 || out->values[3].value <= 0 || out->values[4].value < 0
                                    || 2 * out->values[4].value > out->values[2].value
                                    || 2 * out->values[4].value > out->values[3].value))
        fail(path, line_number, "rect needs a positive size and 0 <= 2*rx <= width, height");
}

static void read_theme(const char *path, theme *out)
{
    memset(out, 0, sizeof *out);
    name_from_path(path, ".icons", out->name, "file name must be <theme>.icons", "theme name must be lower-case letters");

    FILE *file = fopen(path, "r");
    if (!file) fail(path, 0, "cannot open");
    char line[MAX_VECTOR_LINE];
    int line_number = 0;
    vector_icon *current = NULL;
    while (fgets(line, sizeof line, file)) {
        line_number++;
        size_t length = strlen(line);
        if (length == sizeof line - 1 && line[length - 1] != '\n') fail(path, line_number, "line too long");
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
        if (length == 0 || line[0] == '#') continue;
        char *tokens[MAX_POINTS + 8];
        int count = split(line, tokens, MAX_POINTS + 8);
        if (count < 0) fail(path, line_number, "too many tokens");
        if (count == 0) continue;
        if (strcmp(tokens[0], "icon") == 0) {
            int index = count == 2 ? status_index(tokens[1]) : -1;
            if (index < 0) fail(path, line_number, "icon needs one status name of the .txt files");
            if (out->icons[index].defined) fail(path, line_number, "icon defined twice");
            current = &out->icons[index];
            current->defined = true;
            continue;
        }
        if (!current) fail(path, line_number, "shape before the first icon line");
        if (current->shape_count == MAX_SHAPES) fail(path, line_number, "too many shapes in one icon");
        parse_shape(path, line_number, tokens, count, &current->shapes[current->shape_count++]);
    }
    fclose(file);
    for (int i = 0; i < status_count; i++) {
        if (!out->icons[i].defined) fail(path, line_number, "a status has no icon");
        if (out->icons[i].shape_count == 0) fail(path, line_number, "an icon has no shape");
    }
}

/* Squared distance from (x, y) to the segment (ax, ay)-(bx, by). */
static double segment_distance_squared(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, px = x - ax, py = y - ay;
    double length_squared = dx * dx + dy * dy;
    double t = length_squared > 0 ? (px * dx + py * dy) / length_squared : 0;
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    double ex = px - t * dx, ey = py - t * dy;
    return ex * ex + ey * ey;
}

/* Whether (x, y) is inside the shape's painted area (fill: nonzero winding; stroke: within
 * width/2 of the outline, which is what round caps and joins paint). */
static bool shape_covers(const shape *s, double x, double y)
{
    double half = s->stroked ? s->width.value / 2 : 0;
    switch (s->kind) {
    case SHAPE_CIRCLE: {
        double dx = x - s->values[0].value, dy = y - s->values[1].value, r = s->values[2].value;
        double d2 = dx * dx + dy * dy;
        if (!s->stroked) return d2 <= r * r;
        double inner = r - half > 0 ? r - half : 0, outer = r + half;
        return d2 >= inner * inner && d2 <= outer * outer;
    }
    case SHAPE_RECT: {
        double left = s->values[0].value, top = s->values[1].value;
        double right = left + s->values[2].value, bottom = top + s->values[3].value, r = s->values[4].value;
        if (x < left || x > right || y < top || y > bottom) return false;
        double cx = x < left + r ? left + r : x > right - r ? right - r : x;
        double cy = y < top + r ? top + r : y > bottom - r ? bottom - r : y;
        double dx = x - cx, dy = y - cy;
        return dx * dx + dy * dy <= r * r;
    }
    default: {
        int n = s->point_count;
        if (s->stroked) {
            int segments = s->kind == SHAPE_POLYGON ? n : n - 1;
            for (int i = 0; i < segments; i++) {
                const number *a = s->points[i], *b = s->points[(i + 1) % n];
                if (segment_distance_squared(x, y, a[0].value, a[1].value, b[0].value, b[1].value) <= half * half)
                    return true;
            }
            return false;
        }
        int winding = 0;
        for (int i = 0; i < n; i++) {
            double ax = s->points[i][0].value, ay = s->points[i][1].value;
            double bx = s->points[(i + 1) % n][0].value, by = s->points[(i + 1) % n][1].value;
            double side = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
            if (ay <= y) {
                if (by > y && side > 0) winding++;
            } else if (by <= y && side < 0) {
                winding--;
            }
        }
        return winding != 0;
    }
    }
}

static void rasterise(const vector_icon *icon, int size, raster *out)
{
    out->size = size;
    const double step = (double)BOX / (size * SUPERSAMPLE);
    for (int py = 0; py < size; py++) {
        for (int px = 0; px < size; px++) {
            double sum[4] = {0, 0, 0, 0}; /* premultiplied, over the samples */
            for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                    double x = ((px * SUPERSAMPLE + sx) + 0.5) * step, y = ((py * SUPERSAMPLE + sy) + 0.5) * step;
                    double c[4] = {0, 0, 0, 0};
                    for (int i = 0; i < icon->shape_count; i++) {
                        const shape *s = &icon->shapes[i];
                        if (!shape_covers(s, x, y)) continue;
                        double alpha = s->rgba[3] / 255.0;
                        for (int k = 0; k < 3; k++) c[k] = s->rgba[k] / 255.0 * alpha + c[k] * (1 - alpha);
                        c[3] = alpha + c[3] * (1 - alpha);
                    }
                    for (int k = 0; k < 4; k++) sum[k] += c[k];
                }
            }
            uint8_t *pixel = out->rgba + 4 * (py * size + px);
            double alpha = sum[3] / (SUPERSAMPLE * SUPERSAMPLE);
            pixel[3] = (uint8_t)(alpha * 255 + 0.5);
            for (int k = 0; k < 3; k++)
                pixel[k] = pixel[3] == 0 ? 0 : (uint8_t)(sum[k] / sum[3] * 255 + 0.5);
        }
    }
}

/* Appends a zlib stream of stored deflate blocks (at most 65535 bytes each) holding raw. */
static void append_stored_zlib(byte_buffer *stream, const uint8_t *raw, size_t length)
{
    const uint8_t zlib_header[2] = {0x78, 0x01};
    append(stream, zlib_header, 2);
    size_t at = 0;
    do {
        size_t block = length - at > 65535 ? 65535 : length - at;
        uint8_t header[5] = {at + block == length ? 1 : 0, (uint8_t)(block & 0xFF), (uint8_t)(block >> 8),
                             (uint8_t)(~block & 0xFF), (uint8_t)((~block >> 8) & 0xFF)};
        append(stream, header, 5);
        append(stream, raw + at, block);
        at += block;
    } while (at < length);
    append_u32_big_endian(stream, adler32_of(raw, length));
}

/* ---- deflate (RFC 1951) and PNG row filters ------------------------------------------- */

#define MAX_RAW (48 * (1 + 48 * 4)) /* filtered image data of a 48-pixel RGBA icon */
#define HASH_SIZE 4096
#define MAX_CHAIN 64                /* candidates looked at per position: bounds the search */
#define WINDOW 32768
#define MIN_MATCH 3
#define MAX_MATCH 258
#define LITERAL_CODES 288
#define DISTANCE_CODES 30
#define LENGTH_CODES 19

static const uint16_t length_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                         67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t distance_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                           1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const uint8_t length_code_order[LENGTH_CODES] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/* A literal (length 0, value the byte) or a back reference (length 3..258, distance 1..32768). */
typedef struct token {
    uint16_t length;
    uint16_t value;
} token;

typedef struct bit_writer {
    byte_buffer *out;
    uint32_t bits;
    int count;
} bit_writer;

/* Appends the count (at most 16) low bits of value, least significant first (RFC 1951 3.1.1). */
static void put_bits(bit_writer *writer, uint32_t value, int count)
{
    writer->bits |= value << writer->count;
    writer->count += count;
    while (writer->count >= 8) {
        uint8_t byte = (uint8_t)writer->bits;
        append(writer->out, &byte, 1);
        writer->bits >>= 8;
        writer->count -= 8;
    }
}

static void flush_bits(bit_writer *writer)
{
    if (writer->count > 0) put_bits(writer, 0, 8 - writer->count);
}

/* Appends a Huffman code, which deflate packs most significant bit first. */
static void put_code(bit_writer *writer, uint16_t code, uint8_t length)
{
    uint32_t reversed = 0;
    for (int i = 0; i < length; i++) reversed |= ((code >> i) & 1u) << (length - 1 - i);
    put_bits(writer, reversed, length);
}

static int length_symbol(int length)
{
    int s = 28;
    while (length_base[s] > length) s--;
    return s;
}

static int distance_symbol(int distance)
{
    int s = 29;
    while (distance_base[s] > distance) s--;
    return s;
}

static uint32_t hash_at(const uint8_t *data)
{
    return ((uint32_t)data[0] * 506832829u ^ (uint32_t)data[1] * 2654435761u ^ (uint32_t)data[2] * 40503u) % HASH_SIZE;
}

/* The longest earlier match for position at (at most MAX_CHAIN candidates, nearest first on a tie). */
static int longest_match(const uint8_t *data, size_t length, size_t at, const int32_t *head, const int32_t *previous,
                         int *distance)
{
    int best = 0;
    if (at + MIN_MATCH > length) return 0;
    size_t limit = length - at < MAX_MATCH ? length - at : MAX_MATCH;
    int32_t candidate = head[hash_at(data + at)];
    for (int tries = 0; candidate >= 0 && tries < MAX_CHAIN && at - (size_t)candidate <= WINDOW; tries++) {
        size_t n = 0;
        while (n < limit && data[(size_t)candidate + n] == data[at + n]) n++;
        if ((int)n > best) {
            best = (int)n;
            *distance = (int)(at - (size_t)candidate);
            if (n == limit) break;
        }
        candidate = previous[candidate];
    }
    return best >= MIN_MATCH ? best : 0;
}

/* LZ77 with hash chains and one step of lazy matching; returns the token count (<= length). */
static size_t lz77(const uint8_t *data, size_t length, token *tokens)
{
    static int32_t head[HASH_SIZE], previous[MAX_RAW];
    for (int i = 0; i < HASH_SIZE; i++) head[i] = -1;
    size_t count = 0, at = 0;
#define INSERT(p) do { if ((p) + MIN_MATCH <= length) { uint32_t h = hash_at(data + (p)); previous[p] = head[h]; head[h] = (int32_t)(p); } } while (0)
    while (at < length) {
        int distance = 0, match = longest_match(data, length, at, head, previous, &distance);
        INSERT(at);
        if (match > 0 && match < MAX_MATCH) {
            int next_distance = 0, next = longest_match(data, length, at + 1, head, previous, &next_distance);
            if (next > match) match = 0; /* a literal now, the longer match from the next byte */
        }
        if (match > 0) {
            tokens[count++] = (token){(uint16_t)match, (uint16_t)distance};
            for (int k = 1; k < match; k++) INSERT(at + (size_t)k);
            at += (size_t)match;
        } else {
            tokens[count++] = (token){0, data[at]};
            at++;
        }
    }
#undef INSERT
    return count;
}

/* Code lengths of at most limit bits for symbols of the given frequencies (Huffman's
 * construction, ties to the lower index; halving the frequencies until the limit holds).
 * At least two symbols get a length, so the code is complete. */
static void huffman_lengths(const uint32_t *frequency, int symbols, int limit, uint8_t *lengths)
{
    uint32_t weight[2 * LITERAL_CODES], scaled[LITERAL_CODES];
    int parent[2 * LITERAL_CODES];
    bool done[2 * LITERAL_CODES];
    int used = 0;
    for (int s = 0; s < symbols; s++) {
        scaled[s] = frequency[s];
        used += frequency[s] > 0;
    }
    for (int s = 0; s < symbols && used < 2; s++)
        if (scaled[s] == 0) {
            scaled[s] = 1;
            used++;
        }
    for (;;) {
        int nodes = symbols;
        for (int s = 0; s < symbols; s++) {
            weight[s] = scaled[s];
            done[s] = scaled[s] == 0;
            parent[s] = -1;
        }
        for (int joined = 0; joined < used - 1; joined++) {
            int pick[2];
            for (int p = 0; p < 2; p++) {
                pick[p] = -1;
                for (int i = 0; i < nodes; i++)
                    if (!done[i] && (pick[p] < 0 || weight[i] < weight[pick[p]])) pick[p] = i;
                done[pick[p]] = true;
            }
            weight[nodes] = weight[pick[0]] + weight[pick[1]];
            done[nodes] = false;
            parent[nodes] = -1;
            parent[pick[0]] = parent[pick[1]] = nodes;
            nodes++;
        }
        int longest = 0;
        for (int s = 0; s < symbols; s++) {
            int depth = 0;
            if (scaled[s] > 0)
                for (int n = s; parent[n] >= 0; n = parent[n]) depth++;
            lengths[s] = (uint8_t)depth;
            if (depth > longest) longest = depth;
        }
        if (longest <= limit) return;
        for (int s = 0; s < symbols; s++)
            if (scaled[s] > 0) scaled[s] = (scaled[s] + 1) / 2;
    }
}

/* Canonical codes for the lengths (RFC 1951 3.2.2). */
static void canonical_codes(const uint8_t *lengths, int symbols, uint16_t *codes)
{
    uint16_t count[16] = {0}, next[16];
    for (int s = 0; s < symbols; s++) count[lengths[s]]++;
    count[0] = 0;
    uint16_t code = 0;
    for (int bits = 1; bits < 16; bits++) {
        code = (uint16_t)((code + count[bits - 1]) << 1);
        next[bits] = code;
    }
    for (int s = 0; s < symbols; s++)
        codes[s] = lengths[s] ? next[lengths[s]]++ : 0;
}

static void put_tokens(bit_writer *writer, const token *tokens, size_t count, const uint8_t *literal_lengths,
                       const uint16_t *literal_codes, const uint8_t *distance_lengths, const uint16_t *distance_codes)
{
    for (size_t i = 0; i < count; i++) {
        if (tokens[i].length == 0) {
            put_code(writer, literal_codes[tokens[i].value], literal_lengths[tokens[i].value]);
            continue;
        }
        int l = length_symbol(tokens[i].length), d = distance_symbol(tokens[i].value);
        put_code(writer, literal_codes[257 + l], literal_lengths[257 + l]);
        put_bits(writer, tokens[i].length - length_base[l], length_extra[l]);
        put_code(writer, distance_codes[d], distance_lengths[d]);
        put_bits(writer, tokens[i].value - distance_base[d], distance_extra[d]);
    }
    put_code(writer, literal_codes[256], literal_lengths[256]);
}

/* One final block of fixed Huffman codes (BTYPE 01). */
static void put_fixed_block(bit_writer *writer, const token *tokens, size_t count)
{
    uint8_t literal_lengths[LITERAL_CODES], distance_lengths[DISTANCE_CODES];
    uint16_t literal_codes[LITERAL_CODES], distance_codes[DISTANCE_CODES];
    for (int s = 0; s < LITERAL_CODES; s++) literal_lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    for (int s = 0; s < DISTANCE_CODES; s++) distance_lengths[s] = 5;
    canonical_codes(literal_lengths, LITERAL_CODES, literal_codes);
    canonical_codes(distance_lengths, DISTANCE_CODES, distance_codes);
    put_bits(writer, 1 | 1 << 1, 3);
    put_tokens(writer, tokens, count, literal_lengths, literal_codes, distance_lengths, distance_codes);
}

/* One final block of Huffman codes made for these tokens (BTYPE 10), with the code lengths
 * run-length coded by symbols 16, 17 and 18. */
static void put_dynamic_block(bit_writer *writer, const token *tokens, size_t count)
{
    uint32_t literal_frequency[LITERAL_CODES] = {0}, distance_frequency[DISTANCE_CODES] = {0};
    for (size_t i = 0; i < count; i++) {
        if (tokens[i].length == 0) {
            literal_frequency[tokens[i].value]++;
        } else {
            literal_frequency[257 + length_symbol(tokens[i].length)]++;
            distance_frequency[distance_symbol(tokens[i].value)]++;
        }
    }
    literal_frequency[256] = 1;
    uint8_t literal_lengths[286], distance_lengths[DISTANCE_CODES];
    uint16_t literal_codes[286], distance_codes[DISTANCE_CODES];
    huffman_lengths(literal_frequency, 286, 15, literal_lengths);
    huffman_lengths(distance_frequency, DISTANCE_CODES, 15, distance_lengths);
    canonical_codes(literal_lengths, 286, literal_codes);
    canonical_codes(distance_lengths, DISTANCE_CODES, distance_codes);
    int literal_count = 286, distance_count = DISTANCE_CODES;
    while (literal_count > 257 && literal_lengths[literal_count - 1] == 0) literal_count--;
    while (distance_count > 1 && distance_lengths[distance_count - 1] == 0) distance_count--;

    uint8_t all[286 + DISTANCE_CODES], run_symbols[286 + DISTANCE_CODES], run_extra[286 + DISTANCE_CODES];
    int total = literal_count + distance_count, runs = 0;
    memcpy(all, literal_lengths, (size_t)literal_count);
    memcpy(all + literal_count, distance_lengths, (size_t)distance_count);
    for (int i = 0; i < total;) {
        int run = 1;
        while (i + run < total && all[i + run] == all[i]) run++;
        if (all[i] == 0 && run >= 3) {
            int n = run > 138 ? 138 : run;
            run_symbols[runs] = n >= 11 ? 18 : 17;
            run_extra[runs++] = (uint8_t)(n >= 11 ? n - 11 : n - 3);
            i += n;
        } else if (all[i] != 0 && run >= 4) {
            run_symbols[runs] = all[i];
            run_extra[runs++] = 0;
            int n = run - 1 > 6 ? 6 : run - 1;
            run_symbols[runs] = 16;
            run_extra[runs++] = (uint8_t)(n - 3);
            i += 1 + n;
        } else {
            run_symbols[runs] = all[i];
            run_extra[runs++] = 0;
            i++;
        }
    }
    uint32_t length_frequency[LENGTH_CODES] = {0};
    for (int r = 0; r < runs; r++) length_frequency[run_symbols[r]]++;
    uint8_t length_lengths[LENGTH_CODES];
    uint16_t length_codes[LENGTH_CODES];
    huffman_lengths(length_frequency, LENGTH_CODES, 7, length_lengths);
    canonical_codes(length_lengths, LENGTH_CODES, length_codes);
    int length_count = LENGTH_CODES;
    while (length_count > 4 && length_lengths[length_code_order[length_count - 1]] == 0) length_count--;

    put_bits(writer, 1 | 2 << 1, 3);
    put_bits(writer, (uint32_t)(literal_count - 257), 5);
    put_bits(writer, (uint32_t)(distance_count - 1), 5);
    put_bits(writer, (uint32_t)(length_count - 4), 4);
    for (int i = 0; i < length_count; i++) put_bits(writer, length_lengths[length_code_order[i]], 3);
    for (int r = 0; r < runs; r++) {
        put_code(writer, length_codes[run_symbols[r]], length_lengths[run_symbols[r]]);
        if (run_symbols[r] >= 16) put_bits(writer, run_extra[r], run_symbols[r] == 16 ? 2 : run_symbols[r] == 17 ? 3 : 7);
    }
    put_tokens(writer, tokens, count, literal_lengths, literal_codes, distance_lengths, distance_codes);
}

/* Appends the shortest of three zlib streams holding raw: stored, fixed Huffman, dynamic Huffman. */
static void append_compressed_zlib(byte_buffer *stream, const uint8_t *raw, size_t length)
{
    static token tokens[MAX_RAW];
    static byte_buffer candidates[3];
    if (length > MAX_RAW) {
        fprintf(stderr, "image_generator: image data larger than %d bytes\n", MAX_RAW);
        exit(1);
    }
    size_t count = lz77(raw, length, tokens);
    const uint8_t zlib_header[2] = {0x78, 0x01};
    candidates[0].length = 0;
    append_stored_zlib(&candidates[0], raw, length);
    for (int kind = 1; kind < 3; kind++) {
        candidates[kind].length = 0;
        append(&candidates[kind], zlib_header, 2);
        bit_writer writer = {&candidates[kind], 0, 0};
        if (kind == 1) put_fixed_block(&writer, tokens, count);
        else put_dynamic_block(&writer, tokens, count);
        flush_bits(&writer);
        append_u32_big_endian(&candidates[kind], adler32_of(raw, length));
    }
    int best = 0;
    for (int kind = 1; kind < 3; kind++)
        if (candidates[kind].length < candidates[best].length) best = kind;
    append(stream, candidates[best].bytes, candidates[best].length);
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Writes the row filtered by PNG filter type (0 none, 1 sub, 2 up, 3 average, 4 Paeth). */
static void filter_row(int type, const uint8_t *row, const uint8_t *above, size_t length, int bytes_per_pixel, uint8_t *out)
{
    for (size_t i = 0; i < length; i++) {
        int a = i >= (size_t)bytes_per_pixel ? row[i - bytes_per_pixel] : 0, b = above ? above[i] : 0;
        int c = above && i >= (size_t)bytes_per_pixel ? above[i - bytes_per_pixel] : 0;
        int predicted = type == 1 ? a : type == 2 ? b : type == 3 ? (a + b) / 2 : type == 4 ? paeth(a, b, c) : 0;
        out[i] = (uint8_t)(row[i] - predicted);
    }
}

/* The image data (filter byte + filtered row, per row) under a strategy: 0..4 that filter on
 * every row, 5 each row's filter of the least sum of absolute values (bytes as signed). */
static size_t filter_image(const uint8_t *pixels, int size, int bytes_per_pixel, int strategy, uint8_t *raw)
{
    size_t row_length = (size_t)size * (size_t)bytes_per_pixel, at = 0;
    uint8_t trial[48 * 4];
    for (int y = 0; y < size; y++) {
        const uint8_t *row = pixels + (size_t)y * row_length, *above = y ? row - row_length : NULL;
        int chosen = strategy;
        if (strategy == 5) {
            unsigned long best = 0;
            for (int type = 0; type < 5; type++) {
                filter_row(type, row, above, row_length, bytes_per_pixel, trial);
                unsigned long sum = 0;
                for (size_t i = 0; i < row_length; i++) sum += trial[i] < 128 ? trial[i] : 256u - trial[i];
                if (type == 0 || sum < best) {
                    best = sum;
                    chosen = type;
                }
            }
        }
        raw[at++] = (uint8_t)chosen;
        filter_row(chosen, row, above, row_length, bytes_per_pixel, raw + at);
        at += row_length;
    }
    return at;
}

/* An RGBA PNG: of six filter strategies and three kinds of deflate block, the shortest. */
static void encode_rgba_png(const raster *image, byte_buffer *png)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    png->length = 0;
    append(png, signature, sizeof signature);
    uint8_t header[13] = {0, 0, 0, (uint8_t)image->size, 0, 0, 0, (uint8_t)image->size,
                          8 /* bit depth */, 6 /* RGBA */, 0, 0, 0};
    append_chunk(png, "IHDR", header, sizeof header);
    static uint8_t raw[MAX_RAW];
    static byte_buffer stream, best;
    best.length = 0;
    for (int strategy = 0; strategy <= 5; strategy++) {
        size_t raw_length = filter_image(image->rgba, image->size, 4, strategy, raw);
        stream.length = 0;
        append_compressed_zlib(&stream, raw, raw_length);
        if (strategy == 0 || stream.length < best.length) best = stream;
    }
    append_chunk(png, "IDAT", best.bytes, best.length);
    append_chunk(png, "IEND", NULL, 0);
}

static void append_text(byte_buffer *buffer, const char *format, ...)
{
    char text[1024];
    va_list arguments;
    va_start(arguments, format);
    int length = vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    if (length < 0 || length >= (int)sizeof text) {
        fprintf(stderr, "image_generator: SVG element too long\n");
        exit(1);
    }
    append(buffer, text, (size_t)length);
}

static void append_paint(byte_buffer *svg, const shape *s)
{
    char colour[8];
    snprintf(colour, sizeof colour, "#%02x%02x%02x", s->rgba[0], s->rgba[1], s->rgba[2]);
    if (s->stroked) {
        append_text(svg, " fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linecap=\"round\" stroke-linejoin=\"round\"",
                    colour, s->width.text);
        if (s->rgba[3] != 255) append_text(svg, " stroke-opacity=\"%.4f\"", s->rgba[3] / 255.0);
    } else {
        append_text(svg, " fill=\"%s\"", colour);
        if (s->rgba[3] != 255) append_text(svg, " fill-opacity=\"%.4f\"", s->rgba[3] / 255.0);
    }
}

static void encode_svg(const vector_icon *icon, int size, byte_buffer *svg)
{
    svg->length = 0;
    append_text(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                size, size, BOX, BOX);
    for (int i = 0; i < icon->shape_count; i++) {
        const shape *s = &icon->shapes[i];
        switch (s->kind) {
        case SHAPE_CIRCLE:
            append_text(svg, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\"", s->values[0].text, s->values[1].text, s->values[2].text);
            break;
        case SHAPE_RECT:
            append_text(svg, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", s->values[0].text, s->values[1].text,
                        s->values[2].text, s->values[3].text);
            if (s->values[4].value > 0) append_text(svg, " rx=\"%s\"", s->values[4].text);
            break;
        default:
            append_text(svg, "<%s points=\"", s->kind == SHAPE_POLYGON ? "polygon" : "polyline");
            for (int p = 0; p < s->point_count; p++)
                append_text(svg, "%s%s,%s", p ? " " : "", s->points[p][0].text, s->points[p][1].text);
            append_text(svg, "\"");
            break;
        }
        append_paint(svg, s);
        append_text(svg, "/>");
    }
    append_text(svg, "</svg>\n");
}

static void write_file(const char *path, const byte_buffer *bytes)
{
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(bytes->bytes, 1, bytes->length, file) != bytes->length || fclose(file) != 0) fail(path, 0, "cannot write");
}

static void write_png(const char *directory, const icon *image, const byte_buffer *png)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.png", directory, image->name) >= (int)sizeof path) fail(directory, 0, "path too long");
    write_file(path, png);
}

static void write_array(FILE *include, const char *name, const byte_buffer *bytes)
{
    fprintf(include, "\nstatic const unsigned char %s[%zu] = {", name, bytes->length);
    for (size_t i = 0; i < bytes->length; i++)
        fprintf(include, "%s0x%02x,", i % 12 == 0 ? "\n    " : " ", bytes->bytes[i]);
    fprintf(include, "\n};\n");
}

/* The one "must be" sentence listing names: "a, b or c". */
static void write_choice_sentence(FILE *include, const char *macro, const char *parameter, int count,
                                  const char *(*name_of)(int, char *))
{
    char scratch[MAX_NAME];
    fprintf(include, "#define %s \"The parameter %s must be ", macro, parameter);
    for (int i = 0; i < count; i++)
        fprintf(include, "%s%s", i == 0 ? "" : i == count - 1 ? " or " : ", ", name_of(i, scratch));
    fprintf(include, ".\"\n");
}

static theme themes[MAX_THEMES];
static int theme_count;

static const char *theme_name_of(int i, char *scratch) { (void)scratch; return themes[i].name; }
static const char *size_name_of(int i, char *scratch) { snprintf(scratch, MAX_NAME, "%d", sizes[i]); return scratch; }

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: image_generator OUT_INCLUDE OUT_DIRECTORY STATUS.txt... THEME.icons...\n");
        return 2;
    }
    static icon pixels[MAX_STATUSES];
    static byte_buffer pixel_png[MAX_STATUSES];
    const char *theme_paths[MAX_THEMES];
    int theme_path_count = 0;
    static uint64_t hashes[MAX_THEMES][MAX_STATUSES][SIZE_COUNT][FORMAT_COUNT][2];
    for (int i = 3; i < argc; i++) {
        size_t length = strlen(argv[i]);
        if (length > 6 && strcmp(argv[i] + length - 6, ".icons") == 0) {
            if (theme_path_count == MAX_THEMES) fail(argv[i], 0, "too many themes");
            theme_paths[theme_path_count++] = argv[i];
            continue;
        }
        if (status_count == MAX_STATUSES) fail(argv[i], 0, "too many statuses");
        read_icon(argv[i], &pixels[status_count]);
        memcpy(status_names[status_count], pixels[status_count].name, MAX_NAME);
        encode_png(&pixels[status_count], &pixel_png[status_count]);
        write_png(argv[2], &pixels[status_count], &pixel_png[status_count]);
        status_count++;
    }
    if (status_count == 0) fail(argv[0], 0, "no status .txt files");
    /* classic first: the table's theme 0 is the core's fallback */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < theme_path_count; i++) {
            theme read;
            read_theme(theme_paths[i], &read);
            bool classic = strcmp(read.name, "classic") == 0;
            if (classic != (pass == 0)) continue;
            for (int t = 0; t < theme_count; t++)
                if (strcmp(themes[t].name, read.name) == 0) fail(theme_paths[i], 0, "theme given twice");
            themes[theme_count++] = read;
        }
    if (theme_count == 0 || strcmp(themes[0].name, "classic") != 0) fail(argv[0], 0, "no themes/classic.icons");

    FILE *include = fopen(argv[1], "w");
    if (!include) fail(argv[1], 0, "cannot write");
    fprintf(include, "/* Generated by native/images/image_generator.c from the pixel drawings and "
                     "theme descriptions in native/images/: do not edit. */\n");
    /* The test's reference: every PNG's pixels as drawn, before filters and deflate. */
    char pixels_path[4096];
    if (snprintf(pixels_path, sizeof pixels_path, "%s/pixels.inc", argv[2]) >= (int)sizeof pixels_path) fail(argv[2], 0, "path too long");
    FILE *pixel_include = fopen(pixels_path, "w");
    if (!pixel_include) fail(pixels_path, 0, "cannot write");
    fprintf(pixel_include, "/* Generated by native/images/image_generator.c: the pixels of every PNG in presence_images.inc, "
                           "[theme][status][size], rows top down (RGBA; palette indices for classic 16). */\n");
    static raster image;
    static byte_buffer bytes, pixel_bytes;
    for (int t = 0; t < theme_count; t++) {
        for (int s = 0; s < status_count; s++) {
            for (int z = 0; z < SIZE_COUNT; z++) {
                char name[128], path[4096];
                for (int format = 0; format < FORMAT_COUNT; format++) {
                    if (format == FORMAT_PNG && t == 0 && sizes[z] == ICON_SIZE) {
                        bytes = pixel_png[s]; /* classic 16: the pixel drawing */
                        pixel_bytes.length = 0;
                        for (int y = 0; y < ICON_SIZE; y++)
                            for (int x = 0; x < ICON_SIZE; x++) {
                                uint8_t index = (uint8_t)palette_index(&pixels[s], pixels[s].rows[y][x]);
                                append(&pixel_bytes, &index, 1);
                            }
                    } else if (format == FORMAT_PNG) {
                        rasterise(&themes[t].icons[s], sizes[z], &image);
                        encode_rgba_png(&image, &bytes);
                        pixel_bytes.length = 0;
                        append(&pixel_bytes, image.rgba, 4 * (size_t)sizes[z] * (size_t)sizes[z]);
                    } else {
                        encode_svg(&themes[t].icons[s], sizes[z], &bytes);
                    }
                    const char *extension = format == FORMAT_PNG ? "png" : "svg";
                    if (snprintf(name, sizeof name, "presence_image_%s_%s_%d_%s", themes[t].name, status_names[s], sizes[z],
                                 extension) >= (int)sizeof name)
                        fail(argv[1], 0, "name too long");
                    write_array(include, name, &bytes);
                    hash128(bytes.bytes, bytes.length, hashes[t][s][z][format]);
                    if (format == FORMAT_PNG) {
                        char pixel_name[160];
                        snprintf(pixel_name, sizeof pixel_name, "%s_pixels", name);
                        write_array(pixel_include, pixel_name, &pixel_bytes);
                    }
                    if (snprintf(path, sizeof path, "%s/%s-%s-%d.%s", argv[2], themes[t].name, status_names[s], sizes[z], extension) >= (int)sizeof path)
                        fail(argv[2], 0, "path too long");
                    write_file(path, &bytes);
                }
            }
        }
    }
    fprintf(include, "\n#define PRESENCE_IMAGE_THEME_COUNT %d\n#define PRESENCE_IMAGE_STATUS_COUNT %d\n"
                     "#define PRESENCE_IMAGE_SIZE_COUNT %d\n#define PRESENCE_IMAGE_FORMAT_COUNT %d /* png, svg */\n",
            theme_count, status_count, SIZE_COUNT, FORMAT_COUNT);
    write_choice_sentence(include, "PRESENCE_IMAGE_THEME_SENTENCE", "theme", theme_count, theme_name_of);
    write_choice_sentence(include, "PRESENCE_IMAGE_SIZE_SENTENCE", "size", SIZE_COUNT, size_name_of);
    fprintf(include, "\n/* The theme names (theme 0 is classic, the fallback), the sizes in pixels. */\n"
                     "static const char *const presence_image_theme_names[PRESENCE_IMAGE_THEME_COUNT] = {");
    for (int t = 0; t < theme_count; t++) fprintf(include, "%s\"%s\"", t ? ", " : "", themes[t].name);
    fprintf(include, "};\nstatic const char *const presence_image_size_names[PRESENCE_IMAGE_SIZE_COUNT] = {");
    for (int z = 0; z < SIZE_COUNT; z++) fprintf(include, "%s\"%d\"", z ? ", " : "", sizes[z]);
    fprintf(include, "};\n\n/* Every icon: [theme][status][size][format]. */\n"
                     "typedef struct presence_generated_image {\n    const unsigned char *bytes;\n    size_t length;\n} presence_generated_image;\n"
                     "static const presence_generated_image presence_image_table[PRESENCE_IMAGE_THEME_COUNT][PRESENCE_IMAGE_STATUS_COUNT]"
                     "[PRESENCE_IMAGE_SIZE_COUNT][PRESENCE_IMAGE_FORMAT_COUNT] = {\n");
    for (int t = 0; t < theme_count; t++)
        for (int s = 0; s < status_count; s++)
            for (int z = 0; z < SIZE_COUNT; z++) {
                fprintf(include, "    [%d][%d][%d] = {", t, s, z);
                for (int format = 0; format < FORMAT_COUNT; format++) {
                    const char *extension = format == FORMAT_PNG ? "png" : "svg";
                    fprintf(include, "%s{presence_image_%s_%s_%d_%s, sizeof presence_image_%s_%s_%d_%s}", format ? ", " : "",
                            themes[t].name, status_names[s], sizes[z], extension, themes[t].name, status_names[s], sizes[z], extension);
                }
                fprintf(include, "},\n");
            }
    fprintf(include, "};\n\n/* The hash128 of every icon's bytes (hash128.h): the body's part of its ETag. */\n"
                     "static const uint64_t presence_image_hash_table[PRESENCE_IMAGE_THEME_COUNT][PRESENCE_IMAGE_STATUS_COUNT]"
                     "[PRESENCE_IMAGE_SIZE_COUNT][PRESENCE_IMAGE_FORMAT_COUNT][2] = {\n");
    for (int t = 0; t < theme_count; t++)
        for (int s = 0; s < status_count; s++)
            for (int z = 0; z < SIZE_COUNT; z++) {
                fprintf(include, "    [%d][%d][%d] = {", t, s, z);
                for (int format = 0; format < FORMAT_COUNT; format++)
                    fprintf(include, "%s{UINT64_C(0x%016llx), UINT64_C(0x%016llx)}", format ? ", " : "",
                            (unsigned long long)hashes[t][s][z][format][0], (unsigned long long)hashes[t][s][z][format][1]);
                fprintf(include, "},\n");
            }
    fprintf(include, "};\n");
    if (fclose(include) != 0) fail(argv[1], 0, "cannot write");
    fprintf(pixel_include, "\nstatic const presence_generated_image presence_image_pixel_table[PRESENCE_IMAGE_THEME_COUNT]"
                           "[PRESENCE_IMAGE_STATUS_COUNT][PRESENCE_IMAGE_SIZE_COUNT] = {\n");
    for (int t = 0; t < theme_count; t++)
        for (int s = 0; s < status_count; s++)
            for (int z = 0; z < SIZE_COUNT; z++)
                fprintf(pixel_include, "    [%d][%d][%d] = {presence_image_%s_%s_%d_png_pixels, sizeof presence_image_%s_%s_%d_png_pixels},\n",
                        t, s, z, themes[t].name, status_names[s], sizes[z], themes[t].name, status_names[s], sizes[z]);
    fprintf(pixel_include, "};\n");
    if (fclose(pixel_include) != 0) fail(pixels_path, 0, "cannot write");
    return 0;
}
