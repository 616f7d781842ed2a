/*
 * test_avatar.c — type=avatar: the table of formats by structure (PNG, JPEG, GIF, WebP
 * accepted whole; SVG, HTML, HTML in PNG clothing, truncated, trailing bytes, wrong CRCs,
 * wrong RIFF sizes refused), the size bound on both sides, the real Content-Type, the copy,
 * and the one default avatar (equal to the committed native/avatar/avatar-default.png) for no photo, a
 * refused photo and every forbidden request.
 */
#include "test_support.h"
#include "presence_internal.h"
#include "png_crc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building test images ---------------------------------------------------- */

typedef struct bytes {
    unsigned char data[PRESENCE_MAX_AVATAR + 64];
    size_t length;
} bytes;

static void put(bytes *b, const void *data, size_t length)
{
    assert_true(b->length + length <= sizeof b->data);
    memcpy(b->data + b->length, data, length);
    b->length += length;
}

static void put_u32(bytes *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
    put(b, x, 4);
}

/* CRC-32 with a table (an implementation other than the core's). */
static uint32_t crc_of(const unsigned char *data, size_t length)
{
    uint32_t table[256];
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++)
        crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

static void put_chunk(bytes *b, const char *type, const void *data, size_t length)
{
    put_u32(b, (uint32_t)length);
    size_t start = b->length;
    put(b, type, 4);
    if (length > 0)
        put(b, data, length);
    put_u32(b, crc_of(b->data + start, 4 + length));
}

/* A 1x1 grey PNG; with text_length > 0 an extra tEXt chunk of that many bytes of text. */
static void make_png(bytes *b, const char *text, size_t text_length)
{
    b->length = 0;
    put(b, "\x89PNG\r\n\x1a\n", 8);
    put_chunk(b, "IHDR", "\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13);
    if (text_length > 0)
        put_chunk(b, "tEXt", text, text_length);
    put_chunk(b, "IDAT", "\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01", 13);
    put_chunk(b, "IEND", NULL, 0);
}

#define LITERAL(b, text) (memcpy((b)->data, text, sizeof text - 1), (b)->length = sizeof text - 1)
#define GIF_1X1 "GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;"
#define JPEG_MIN "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" \
                 "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x12\x34\xFF\xD9"
#define WEBP_MIN "RIFF\x16\x00\x00\x00WEBPVP8L\x0a\x00\x00\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00"

static avatar_format format_of(const bytes *b)
{
    return avatar_format_of(b->data, b->length);
}

static bytes image; /* large: static, one test at a time */

/* ---- the table ---------------------------------------------------------------- */

static void test_accepted_formats(void **state)
{
    (void)state;
    make_png(&image, NULL, 0);
    assert_int_equal(format_of(&image), AVATAR_PNG);
    LITERAL(&image, GIF_1X1);
    assert_int_equal(format_of(&image), AVATAR_GIF);
    memcpy(image.data, "GIF87a", 6);
    assert_int_equal(format_of(&image), AVATAR_GIF);
    LITERAL(&image, JPEG_MIN);
    assert_int_equal(format_of(&image), AVATAR_JPEG);
    LITERAL(&image, WEBP_MIN);
    assert_int_equal(format_of(&image), AVATAR_WEBP);
    size_t length;
    const unsigned char *fallback = avatar_default_bytes(&length);
    assert_int_equal(avatar_format_of(fallback, length), AVATAR_PNG);
    assert_string_equal(avatar_content_type(AVATAR_PNG), "image/png");
    assert_string_equal(avatar_content_type(AVATAR_JPEG), "image/jpeg");
    assert_string_equal(avatar_content_type(AVATAR_GIF), "image/gif");
    assert_string_equal(avatar_content_type(AVATAR_WEBP), "image/webp");
    assert_null(avatar_content_type(AVATAR_NONE));
}

typedef struct refusal {
    const char *name;
    const char *data;
    size_t length;
} refusal;
#define REFUSE(name, literal) {name, literal, sizeof literal - 1}
static const refusal literal_refusals[] = {
    REFUSE("SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"),
    REFUSE("SVG with XML declaration", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    REFUSE("HTML", "<!DOCTYPE html><html><script>alert(1)</script></html>"),
    REFUSE("HTML in PNG clothing", "\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),
    REFUSE("PNG signature only", "\x89PNG\r\n\x1a\n"),
    REFUSE("JPEG then HTML", "\xFF\xD8\xFF<html><script>alert(1)</script>\xFF\xD9"),
    REFUSE("JPEG without EOI", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xDA\x00\x08"),
    REFUSE("JPEG segment past the end", "\xFF\xD8\xFF\xE0\x7F\xFFJFIF\x00\xFF\xD9"),
    REFUSE("JPEG without scan", "\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xD9"),
    REFUSE("GIF without trailer", "GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00"),
    REFUSE("GIF zero screen", "GIF89a\x00\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;"),
    REFUSE("GIF then ZIP (GIFAR)", GIF_1X1 "PK\x03\x04\x14\x00\x00\x00"),
    REFUSE("GIF89 typo", "GIF88a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;"),
    REFUSE("WebP wrong RIFF size", "RIFF\x20\x00\x00\x00WEBPVP8L\x0a\x00\x00\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
    REFUSE("RIFF not WebP", "RIFF\x16\x00\x00\x00WAVEfmt \x0a\x00\x00\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
    REFUSE("WebP unknown chunk", "RIFF\x16\x00\x00\x00WEBPHTML\x0a\x00\x00\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
    REFUSE("BMP", "BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"),
    REFUSE("ICO", "\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00"),
    REFUSE("PDF", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"),
    REFUSE("one byte", "\x89"),
};

static void test_refused_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof literal_refusals / sizeof literal_refusals[0]; i++)
        if (avatar_format_of((const unsigned char *)literal_refusals[i].data, literal_refusals[i].length) != AVATAR_NONE)
            fail_msg("accepted: %s", literal_refusals[i].name);
    assert_int_equal(avatar_format_of(NULL, 0), AVATAR_NONE);
    assert_int_equal(avatar_format_of((const unsigned char *)"", 0), AVATAR_NONE);

    /* every truncation of a valid PNG, JPEG, GIF and WebP is refused */
    make_png(&image, "Comment\0hello", 13);
    size_t whole = image.length;
    for (size_t cut = 0; cut < whole; cut++)
        if (avatar_format_of(image.data, cut) != AVATAR_NONE)
            fail_msg("PNG cut to %zu of %zu bytes accepted", cut, whole);
    const char *others[] = {JPEG_MIN, GIF_1X1, WEBP_MIN};
    const size_t other_lengths[] = {sizeof JPEG_MIN - 1, sizeof GIF_1X1 - 1, sizeof WEBP_MIN - 1};
    for (int o = 0; o < 3; o++)
        for (size_t cut = 0; cut < other_lengths[o]; cut++)
            if (avatar_format_of((const unsigned char *)others[o], cut) != AVATAR_NONE &&
                !(o == 1 && others[o][cut - 1] == ';' && cut >= 14)) /* a GIF ends at any ';' after its header */
                fail_msg("format %d cut to %zu bytes accepted", o, cut);

    /* a flipped bit anywhere in a chunk breaks its CRC */
    make_png(&image, NULL, 0);
    for (size_t at = 8; at < image.length; at++) {
        image.data[at] ^= 0x10;
        if (format_of(&image) != AVATAR_NONE)
            fail_msg("PNG with byte %zu changed accepted", at);
        image.data[at] ^= 0x10;
    }
    assert_int_equal(format_of(&image), AVATAR_PNG);
    /* bytes after IEND (a PNG with an HTML page appended) */
    put(&image, "<html><script>alert(1)</script>", 31);
    assert_int_equal(format_of(&image), AVATAR_NONE);
    /* IEND before any IDAT */
    image.length = 0;
    put(&image, "\x89PNG\r\n\x1a\n", 8);
    put_chunk(&image, "IHDR", "\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13);
    put_chunk(&image, "IEND", NULL, 0);
    assert_int_equal(format_of(&image), AVATAR_NONE);
    /* IHDR not first; zero width */
    image.length = 0;
    put(&image, "\x89PNG\r\n\x1a\n", 8);
    put_chunk(&image, "IDAT", "\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01", 13);
    put_chunk(&image, "IEND", NULL, 0);
    assert_int_equal(format_of(&image), AVATAR_NONE);
    image.length = 0;
    put(&image, "\x89PNG\r\n\x1a\n", 8);
    put_chunk(&image, "IHDR", "\0\0\0\0\0\0\0\1\x08\0\0\0\0", 13);
    put_chunk(&image, "IDAT", "\x78\x01\x01\x02\x00\xfd\xff\x00\x00\x00\x02\x00\x01", 13);
    put_chunk(&image, "IEND", NULL, 0);
    assert_int_equal(format_of(&image), AVATAR_NONE);
}

/* A PNG holding HTML in a text chunk is a PNG: it is served as image/png with nosniff and the
 * sandbox CSP, which no browser renders as a page. */
static void test_polyglot_png_is_served_as_an_image(void **state)
{
    (void)state;
    make_png(&image, "Comment\0<html><script>alert(1)</script>", 39);
    assert_int_equal(format_of(&image), AVATAR_PNG);
    scenario given = user_online();
    given.request.type = text_of("avatar");
    given.snapshot.avatar = bytes_of((const char *)image.data, image.length);
    presence_response response;
    resolve_scenario(&given, &response);
    assert_int_equal(response.kind, PRESENCE_ANSWER_AVATAR);
    assert_string_equal(response.headers[0].value, "image/png");
    assert_string_equal(response.headers[2].value, "nosniff");
    assert_string_equal(response.headers[3].value, PRESENCE_CONTENT_SECURITY_POLICY);
    presence_response_release(&response);
}

static void test_size_bound(void **state)
{
    (void)state;
    static char text[PRESENCE_MAX_AVATAR];
    memset(text, 'a', sizeof text);
    text[7] = '\0'; /* keyword "aaaaaaa" */
    make_png(&image, text, 0);
    size_t overhead = image.length + 12; /* the tEXt chunk's length, type and CRC */
    make_png(&image, text, PRESENCE_MAX_AVATAR - overhead);
    assert_int_equal(image.length, PRESENCE_MAX_AVATAR);
    assert_int_equal(format_of(&image), AVATAR_PNG);
    make_png(&image, text, PRESENCE_MAX_AVATAR - overhead + 1);
    assert_int_equal(image.length, PRESENCE_MAX_AVATAR + 1);
    assert_int_equal(format_of(&image), AVATAR_NONE);
    scenario given = user_online();
    given.request.type = text_of("avatar");
    given.snapshot.avatar = bytes_of((const char *)image.data, image.length);
    presence_response response;
    resolve_scenario(&given, &response);
    assert_default_avatar(&response);
    presence_response_release(&response);
}

/* ---- answers -------------------------------------------------------------------- */

void assert_default_avatar(const presence_response *response)
{
    size_t length;
    unsigned char *shipped = NULL;
    FILE *file = fopen(PRESENCE_SOURCE_DIR "/native/avatar/avatar-default.png", "rb");
    assert_non_null(file);
    shipped = malloc(8192);
    assert_non_null(shipped);
    length = fread(shipped, 1, 8192, file);
    fclose(file);
    assert_int_equal(response->http_status, 200);
    assert_int_equal(response->kind, PRESENCE_ANSWER_AVATAR);
    assert_int_equal(response->header_count, 6); /* the five of every answer and the ETag */
    assert_string_equal(response->headers[0].value, "image/png");
    assert_int_equal(response->body_length, length);
    assert_memory_equal(response->body, shipped, length);
    free(shipped);
}

static void test_photo_served_with_its_type(void **state)
{
    (void)state;
    const struct {
        const char *data;
        size_t length;
        const char *content_type;
    } photos[] = {
        {GIF_1X1, sizeof GIF_1X1 - 1, "image/gif"},
        {JPEG_MIN, sizeof JPEG_MIN - 1, "image/jpeg"},
        {WEBP_MIN, sizeof WEBP_MIN - 1, "image/webp"},
    };
    presence_status statuses[] = {PRESENCE_STATUS_AVAILABLE, PRESENCE_STATUS_DND, PRESENCE_STATUS_OFFLINE};
    for (size_t p = 0; p < 3; p++)
        for (size_t s = 0; s < 3; s++) {
            scenario given = statuses[s] == PRESENCE_STATUS_OFFLINE ? user_offline() : user_with_status(statuses[s]);
            given.request.type = text_of("avatar");
            char *copy = malloc(photos[p].length);
            memcpy(copy, photos[p].data, photos[p].length);
            given.snapshot.avatar = bytes_of(copy, photos[p].length);
            presence_response response;
            resolve_scenario(&given, &response);
            assert_int_equal(response.http_status, 200);
            assert_int_equal(response.status, statuses[s]);
            assert_string_equal(response.headers[0].value, photos[p].content_type);
            assert_int_equal(response.body_length, photos[p].length);
            assert_memory_equal(response.body, photos[p].data, photos[p].length);
            assert_true((const char *)response.body != copy); /* a copy, not the snapshot's bytes */
            free(copy);
            presence_response_release(&response);
        }
}

static void test_default_for_no_photo_refused_and_forbidden(void **state)
{
    (void)state;
    presence_response response;
    scenario given = user_online();
    given.request.type = text_of("avatar");
    resolve_scenario(&given, &response); /* no photo */
    assert_default_avatar(&response);
    presence_response_release(&response);
    for (size_t i = 0; i < sizeof literal_refusals / sizeof literal_refusals[0]; i++) {
        given.snapshot.avatar = bytes_of(literal_refusals[i].data, literal_refusals[i].length);
        resolve_scenario(&given, &response);
        assert_default_avatar(&response);
        presence_response_release(&response);
    }
    given = user_hidden();
    given.request.type = text_of("avatar");
    given.snapshot.avatar = bytes_of(GIF_1X1, sizeof GIF_1X1 - 1);
    resolve_scenario(&given, &response);
    assert_default_avatar(&response);
    assert_int_equal(response.status, PRESENCE_STATUS_FORBIDDEN);
    presence_response_release(&response);
}

/* The table-driven CRC equals png_crc.h's bit-by-bit one for every length 0..200 at every
 * alignment 0..7, and gives the CRC-32 check value of "123456789". */
static void test_sliced_crc_equals_the_definition(void **state)
{
    (void)state;
    unsigned char data[208];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof data; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        data[i] = (unsigned char)x;
    }
    for (size_t offset = 0; offset < 8; offset++)
        for (size_t length = 0; length <= 200; length++)
            if (png_crc32_sliced(data + offset, length) != png_crc32(data + offset, length))
                fail_msg("CRC differs at offset %zu, length %zu", offset, length);
    assert_int_equal(png_crc32_sliced((const unsigned char *)"123456789", 9), 0xCBF43926u);
    assert_int_equal(png_crc32((const unsigned char *)"123456789", 9), 0xCBF43926u);
}

int run_avatar_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sliced_crc_equals_the_definition),
        cmocka_unit_test(test_accepted_formats),
        cmocka_unit_test(test_refused_inputs),
        cmocka_unit_test(test_polyglot_png_is_served_as_an_image),
        cmocka_unit_test(test_size_bound),
        cmocka_unit_test(test_photo_served_with_its_type),
        cmocka_unit_test(test_default_for_no_photo_refused_and_forbidden),
    };
    return cmocka_run_group_tests_name("avatar", tests, NULL, NULL);
}
