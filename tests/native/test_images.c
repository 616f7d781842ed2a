/*
 * test_images.c — the built-in icons of type=image: every theme × status × size × format
 * is answered with the right Content-Type and well-formed bytes (PNG: signature, IHDR
 * size, every chunk's CRC-32, the zlib stream's header, Adler-32 and deflate blocks, inflated
 * and unfiltered to exactly the generator's pixels; the classic 16 px PNGs stored, all others
 * compressed; SVG:
 * well-formed per libxml2, only shape elements, no script, event or external reference);
 * the default answer is the shipped classic 16x16 PNG; unknown choices are 400.
 * The checks are written here from the PNG, zlib and deflate specifications, independently
 * of the generator's code.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h> /* strncasecmp */

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "presence_images.inc" /* the icons the core serves, and */
#include "pixels.inc"          /* their pixels before filtering and compression */

static const char *const themes[] = {"classic", "dot", "contrast"};
static const char *const sizes[] = {"16", "32", "48"};
static const char *const formats[] = {"png", "svg"};
#define THEME_COUNT 3
#define SIZE_COUNT 3

static uint32_t read_u32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* CRC-32 (ISO 3309) by a 256-entry table, as the PNG specification's sample code computes it. */
static uint32_t png_crc(const unsigned char *bytes, size_t length)
{
    static uint32_t table[256];
    if (table[1] == 0)
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++)
        c = table[(c ^ bytes[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ---- inflate (RFC 1951), written from the specification ------------------------------ */

typedef struct bit_reader {
    const unsigned char *bytes;
    size_t length, at; /* at: bit position */
} bit_reader;

/* The next count bits, least significant first; fails the test past the end. */
static unsigned get_bits(bit_reader *reader, int count)
{
    unsigned value = 0;
    for (int i = 0; i < count; i++, reader->at++) {
        if (reader->at / 8 >= reader->length)
            fail_msg("deflate data ends inside a block");
        value |= (unsigned)((reader->bytes[reader->at / 8] >> (reader->at % 8)) & 1) << i;
    }
    return value;
}

/* A canonical Huffman code: per length, how many codes; the symbols in code order. */
typedef struct huffman {
    unsigned short count[16];
    unsigned short symbol[320];
} huffman;

/* Builds the code of the lengths; it must be complete, or one code of one bit. */
static void huffman_build(huffman *code, const unsigned char *lengths, int symbols)
{
    unsigned short offset[16];
    memset(code->count, 0, sizeof code->count);
    for (int s = 0; s < symbols; s++)
        code->count[lengths[s]]++;
    code->count[0] = 0;
    int left = 1, used = 0;
    for (int bits = 1; bits < 16; bits++) {
        left = left * 2 - code->count[bits];
        assert_true(left >= 0); /* over-subscribed */
        used += code->count[bits];
    }
    assert_true(left == 0 || (used == 1 && code->count[1] == 1));
    offset[1] = 0;
    for (int bits = 1; bits < 15; bits++)
        offset[bits + 1] = (unsigned short)(offset[bits] + code->count[bits]);
    for (int s = 0; s < symbols; s++)
        if (lengths[s] != 0)
            code->symbol[offset[lengths[s]]++] = (unsigned short)s;
}

static int huffman_decode(bit_reader *reader, const huffman *code)
{
    int value = 0, first = 0, index = 0;
    for (int bits = 1; bits < 16; bits++) {
        value |= (int)get_bits(reader, 1);
        int count = code->count[bits];
        if (value - first < count)
            return code->symbol[index + value - first];
        index += count;
        first = (first + count) << 1;
        value <<= 1;
    }
    fail_msg("invalid Huffman code");
    return -1;
}

static const unsigned short length_bases[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
                                                59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const unsigned short distance_bases[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257,
                                                  385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
                                                  16385, 24577};

static int length_extra_bits(int symbol) { return symbol < 8 || symbol == 28 ? 0 : (symbol - 4) / 4; }
static int distance_extra_bits(int symbol) { return symbol < 4 ? 0 : (symbol - 2) / 2; }

/* Inflates a raw deflate stream into out; returns its length; counts the block types seen;
 * *consumed is the number of whole bytes read. */
static size_t inflate_into(const unsigned char *in, size_t in_length, unsigned char *out, size_t capacity,
                           unsigned block_types[3], size_t *consumed)
{
    bit_reader reader = {in, in_length, 0};
    size_t length = 0;
    int final = 0;
    while (!final) {
        final = (int)get_bits(&reader, 1);
        unsigned type = get_bits(&reader, 2);
        assert_true(type < 3);
        block_types[type]++;
        if (type == 0) {
            reader.at = (reader.at + 7) / 8 * 8;
            unsigned block = get_bits(&reader, 16), complement = get_bits(&reader, 16);
            assert_int_equal(block ^ 0xFFFF, complement);
            assert_true(block <= capacity - length);
            for (unsigned i = 0; i < block; i++)
                out[length++] = (unsigned char)get_bits(&reader, 8);
            continue;
        }
        unsigned char lengths[320];
        huffman literals, distances;
        if (type == 1) {
            for (int s = 0; s < 288; s++)
                lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
            for (int s = 0; s < 32; s++) /* 30 and 31 complete the code but never occur */
                lengths[288 + s] = 5;
            huffman_build(&literals, lengths, 288);
            huffman_build(&distances, lengths + 288, 32);
        } else {
            static const unsigned char order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
            int literal_count = (int)get_bits(&reader, 5) + 257, distance_count = (int)get_bits(&reader, 5) + 1;
            int code_length_count = (int)get_bits(&reader, 4) + 4;
            assert_true(literal_count <= 286 && distance_count <= 30);
            unsigned char code_lengths[19] = {0};
            for (int i = 0; i < code_length_count; i++)
                code_lengths[order[i]] = (unsigned char)get_bits(&reader, 3);
            huffman code_length_code;
            huffman_build(&code_length_code, code_lengths, 19);
            for (int i = 0; i < literal_count + distance_count;) {
                int symbol = huffman_decode(&reader, &code_length_code), repeat = 0;
                unsigned char value = 0;
                if (symbol < 16) {
                    lengths[i++] = (unsigned char)symbol;
                    continue;
                }
                if (symbol == 16) {
                    assert_true(i > 0);
                    value = lengths[i - 1];
                    repeat = 3 + (int)get_bits(&reader, 2);
                } else if (symbol == 17) {
                    repeat = 3 + (int)get_bits(&reader, 3);
                } else {
                    repeat = 11 + (int)get_bits(&reader, 7);
                }
                assert_true(i + repeat <= literal_count + distance_count);
                while (repeat-- > 0)
                    lengths[i++] = value;
            }
            assert_true(lengths[256] != 0); /* the end of block must be codable */
            huffman_build(&literals, lengths, literal_count);
            huffman_build(&distances, lengths + literal_count, distance_count);
        }
        for (;;) {
            int symbol = huffman_decode(&reader, &literals);
            if (symbol < 256) {
                assert_true(length < capacity);
                out[length++] = (unsigned char)symbol;
                continue;
            }
            if (symbol == 256)
                break;
            symbol -= 257;
            assert_true(symbol < 29);
            size_t run = length_bases[symbol] + get_bits(&reader, length_extra_bits(symbol));
            int distance_symbol = huffman_decode(&reader, &distances);
            assert_true(distance_symbol < 30);
            size_t distance = distance_bases[distance_symbol] + get_bits(&reader, distance_extra_bits(distance_symbol));
            assert_true(distance <= length && run <= capacity - length);
            for (size_t i = 0; i < run; i++, length++)
                out[length] = out[length - distance];
        }
    }
    *consumed = (reader.at + 7) / 8;
    return length;
}

/* Undoes the PNG row filters (None, Sub, Up, Average, Paeth) in place: rows without their
 * filter bytes go to pixels. */
static void unfilter(const unsigned char *raw, unsigned width, unsigned height, unsigned bytes_per_pixel,
                     unsigned char *pixels)
{
    size_t row = (size_t)width * bytes_per_pixel;
    for (unsigned y = 0; y < height; y++) {
        unsigned type = raw[y * (row + 1)];
        const unsigned char *in = raw + y * (row + 1) + 1;
        unsigned char *out = pixels + y * row, *above = y ? out - row : NULL;
        assert_true(type <= 4);
        for (size_t i = 0; i < row; i++) {
            int a = i >= bytes_per_pixel ? out[i - bytes_per_pixel] : 0, b = above ? above[i] : 0;
            int c = above && i >= bytes_per_pixel ? above[i - bytes_per_pixel] : 0, predicted = 0;
            if (type == 1) {
                predicted = a;
            } else if (type == 2) {
                predicted = b;
            } else if (type == 3) {
                predicted = (a + b) / 2;
            } else if (type == 4) {
                int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
                predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            out[i] = (unsigned char)(in[i] + predicted);
        }
    }
}

/* Checks a PNG (chunks, CRCs, IHDR, zlib header and Adler-32, every deflate block) and
 * decodes it: pixels (capacity bytes) get the unfiltered rows; returns their length.
 * block_types counts the blocks by type (stored, fixed, dynamic). */
static size_t decode_png(const unsigned char *png, size_t length, unsigned expected_size, unsigned char *pixels,
                         size_t capacity, unsigned block_types[3])
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    assert_true(length > 8 + 25 + 12);
    assert_memory_equal(png, signature, 8);
    size_t at = 8;
    unsigned width = 0, height = 0, colour_type = 0, chunks = 0;
    static unsigned char idat[65536];
    size_t idat_length = 0;
    int ended = 0;
    while (at < length) {
        assert_false(ended);
        assert_true(length - at >= 12);
        uint32_t chunk_length = read_u32(png + at);
        assert_true(chunk_length <= length - at - 12);
        const unsigned char *type = png + at + 4, *data = png + at + 8;
        assert_int_equal(read_u32(data + chunk_length), png_crc(type, chunk_length + 4));
        if (chunks == 0) {
            assert_memory_equal(type, "IHDR", 4);
            assert_int_equal(chunk_length, 13);
            width = read_u32(data);
            height = read_u32(data + 4);
            assert_int_equal(data[8], 8);  /* bit depth */
            colour_type = data[9];
            assert_true(colour_type == 3 || colour_type == 6);
            assert_int_equal(data[10] | data[11] | data[12], 0); /* deflate, adaptive filters, no interlace */
        } else if (memcmp(type, "IDAT", 4) == 0) {
            assert_true(idat_length + chunk_length <= sizeof idat);
            memcpy(idat + idat_length, data, chunk_length);
            idat_length += chunk_length;
        } else if (memcmp(type, "IEND", 4) == 0) {
            assert_int_equal(chunk_length, 0);
            ended = 1;
        }
        at += 12 + chunk_length;
        chunks++;
    }
    assert_true(ended);
    assert_int_equal(width, expected_size);
    assert_int_equal(height, expected_size);

    /* zlib (RFC 1950): CM 8, check bits, no dictionary; then deflate (RFC 1951) blocks of any type. */
    assert_true(idat_length >= 2 + 2 + 4);
    assert_int_equal(idat[0] & 0x0F, 8);
    assert_int_equal((idat[0] * 256 + idat[1]) % 31, 0);
    assert_int_equal(idat[1] & 0x20, 0);
    static unsigned char raw[65536];
    size_t consumed = 0;
    size_t raw_length = inflate_into(idat + 2, idat_length - 2 - 4, raw, sizeof raw, block_types, &consumed);
    assert_int_equal(2 + consumed + 4, idat_length); /* nothing between the last block and the Adler-32 */
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < raw_length; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    assert_int_equal(read_u32(idat + idat_length - 4), b << 16 | a);
    unsigned bytes_per_pixel = colour_type == 6 ? 4 : 1;
    assert_int_equal(raw_length, (size_t)height * (1 + width * bytes_per_pixel));
    size_t pixel_length = (size_t)height * width * bytes_per_pixel;
    assert_true(pixel_length <= capacity);
    unfilter(raw, width, height, bytes_per_pixel, pixels);
    return pixel_length;
}

void assert_png_image(const unsigned char *png, size_t length, unsigned expected_size)
{
    static unsigned char pixels[48 * 48 * 4];
    unsigned block_types[3] = {0, 0, 0};
    decode_png(png, length, expected_size, pixels, sizeof pixels, block_types);
}

static int is_allowed_svg_element(const char *name)
{
    static const char *const allowed[] = {"svg", "circle", "rect", "polygon", "polyline"};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (strcmp(name, allowed[i]) == 0)
            return 1;
    return 0;
}

static void assert_safe_svg_node(xmlNodePtr node)
{
    for (; node != NULL; node = node->next) {
        assert_int_equal(node->type, XML_ELEMENT_NODE); /* no text, comments, PIs, CDATA */
        assert_non_null(node->ns);
        assert_string_equal((const char *)node->ns->href, "http://www.w3.org/2000/svg");
        if (!is_allowed_svg_element((const char *)node->name))
            fail_msg("SVG element <%s> is not a shape", node->name);
        for (xmlAttrPtr attribute = node->properties; attribute != NULL; attribute = attribute->next) {
            const char *name = (const char *)attribute->name;
            assert_true(strncasecmp(name, "on", 2) != 0);  /* no event handler */
            assert_null(strstr(name, "href"));
            assert_null(attribute->ns);                     /* no xlink: or other namespace */
            xmlChar *value = xmlNodeListGetString(node->doc, attribute->children, 1);
            assert_non_null(value);
            for (const xmlChar *c = value; *c; c++)          /* numbers, colours, keywords only */
                assert_true((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || *c == '#' || *c == '.'
                            || *c == ',' || *c == ' ' || *c == '-');
            xmlFree(value);
        }
        assert_safe_svg_node(node->children);
    }
}

void assert_svg_image(const unsigned char *svg, size_t length, unsigned expected_size)
{
    assert_null(memchr(svg, '\0', length));
    /* no DOCTYPE, entity, script, style, foreign reference or data: anywhere, whatever the parse */
    static const char *const never[] = {"<!", "&", "<?", "script", "style", "href", "url(", "javascript", "data:",
                                        "foreignobject"};
    char *text = malloc(length + 1);
    assert_non_null(text);
    for (size_t i = 0; i < length; i++) /* lower-cased: the needles are lower case */
        text[i] = svg[i] >= 'A' && svg[i] <= 'Z' ? (char)(svg[i] - 'A' + 'a') : (char)svg[i];
    text[length] = '\0';
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        if (strstr(text, never[i]) != NULL)
            fail_msg("SVG holds %s", never[i]);
    free(text);
    xmlDocPtr document = xmlReadMemory((const char *)svg, (int)length, NULL, "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (document == NULL)
        fail_msg("SVG is not well-formed: %.*s", (int)length, (const char *)svg);
    xmlNodePtr root = xmlDocGetRootElement(document);
    assert_non_null(root);
    assert_string_equal((const char *)root->name, "svg");
    assert_null(root->next);
    char expected[8];
    snprintf(expected, sizeof expected, "%u", expected_size);
    xmlChar *width = xmlGetProp(root, (const xmlChar *)"width"), *height = xmlGetProp(root, (const xmlChar *)"height");
    xmlChar *view_box = xmlGetProp(root, (const xmlChar *)"viewBox");
    assert_string_equal((const char *)width, expected);
    assert_string_equal((const char *)height, expected);
    assert_string_equal((const char *)view_box, "0 0 16 16");
    xmlFree(width);
    xmlFree(height);
    xmlFree(view_box);
    assert_non_null(root->children);
    assert_safe_svg_node(root);
    xmlFreeDoc(document);
}

void assert_image_body(const presence_response *response)
{
    const char *content_type = response->headers[0].value;
    if (strcmp(content_type, "image/png") == 0) {
        assert_true(response->body_length > 24);
        assert_png_image(response->body, response->body_length, read_u32(response->body + 16));
    } else if (strcmp(content_type, "image/svg+xml") == 0) {
        xmlDocPtr document = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8",
                                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        assert_non_null(document);
        xmlChar *width = xmlGetProp(xmlDocGetRootElement(document), (const xmlChar *)"width");
        assert_non_null(width);
        unsigned size = (unsigned)atoi((const char *)width);
        xmlFree(width);
        xmlFreeDoc(document);
        assert_svg_image(response->body, response->body_length, size);
    } else {
        fail_msg("image answer of type %s", content_type);
    }
}

static scenario with_choices(presence_status status, const char *theme, const char *size, const char *format)
{
    scenario given = status == PRESENCE_STATUS_OFFLINE     ? user_offline()
                     : status == PRESENCE_STATUS_FORBIDDEN ? user_hidden()
                                                           : user_with_status(status);
    given.request.theme = text_of(theme);
    given.request.size = text_of(size);
    given.request.format = text_of(format);
    return given;
}

/* Every theme × status × size × format: 200, exact Content-Type, well-formed, and within one
 * theme, size and format the seven icons differ; themes differ from each other. */
static void test_every_icon(void **state)
{
    (void)state;
    static unsigned char seen[THEME_COUNT][PRESENCE_STATUS_COUNT][SIZE_COUNT][2][64];
    assert_int_equal(PRESENCE_IMAGE_THEME_COUNT, THEME_COUNT);
    assert_int_equal(PRESENCE_IMAGE_STATUS_COUNT, PRESENCE_STATUS_COUNT);
    assert_int_equal(PRESENCE_IMAGE_SIZE_COUNT, SIZE_COUNT);
    for (int t = 0; t < THEME_COUNT; t++)
        assert_string_equal(presence_image_theme_names[t], themes[t]);
    for (int z = 0; z < SIZE_COUNT; z++)
        assert_string_equal(presence_image_size_names[z], sizes[z]);
    size_t answered = 0;
    for (int t = 0; t < THEME_COUNT; t++)
        for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
            for (int z = 0; z < SIZE_COUNT; z++)
                for (int f = 0; f < 2; f++) {
                    scenario given = with_choices((presence_status)s, themes[t], sizes[z], formats[f]);
                    presence_response response;
                    resolve_scenario(&given, &response);
                    assert_answer_shape(&response);
                    assert_int_equal(response.http_status, 200);
                    assert_int_equal(response.kind, PRESENCE_ANSWER_IMAGE);
                    assert_int_equal(response.status, s);
                    assert_int_equal(response.header_count, 6); /* the five of every answer and the ETag */
                    assert_string_equal(response.headers[0].value, f == 0 ? "image/png" : "image/svg+xml");
                    assert_null(response.owned); /* static bytes, nothing rendered per request */
                    unsigned pixels = (unsigned)atoi(sizes[z]);
                    const presence_generated_image *served = &presence_image_table[t][s][z][f];
                    assert_int_equal(response.body_length, served->length);
                    assert_memory_equal(response.body, served->bytes, served->length);
                    if (f == 0) {
                        /* decodes to the drawn pixels; the classic 16 px PNGs (the original
                         * plugin's bytes) are stored, every other one is compressed */
                        static unsigned char decoded[48 * 48 * 4];
                        unsigned block_types[3] = {0, 0, 0};
                        size_t decoded_length = decode_png(response.body, response.body_length, pixels, decoded,
                                                           sizeof decoded, block_types);
                        const presence_generated_image *drawn = &presence_image_pixel_table[t][s][z];
                        assert_int_equal(decoded_length, drawn->length);
                        assert_memory_equal(decoded, drawn->bytes, drawn->length);
                        if (t == 0 && pixels == 16) {
                            assert_int_equal(block_types[1] + block_types[2], 0);
                        } else {
                            assert_int_equal(block_types[0], 0);
                            assert_int_equal(block_types[1] + block_types[2], 1);
                        }
                    } else {
                        assert_svg_image(response.body, response.body_length, pixels);
                    }
                    /* a fingerprint: length and the last bytes (PNG: the Adler-32 and IEND; SVG: shapes) */
                    size_t n = response.body_length < 60 ? response.body_length : 60;
                    memcpy(seen[t][s][z][f], &response.body_length, sizeof(size_t));
                    memcpy(seen[t][s][z][f] + 4, response.body + response.body_length - n, n);
                    presence_response_release(&response);
                    answered++;
                }
    assert_int_equal(answered, THEME_COUNT * PRESENCE_STATUS_COUNT * SIZE_COUNT * 2);
    for (int t = 0; t < THEME_COUNT; t++)
        for (int z = 0; z < SIZE_COUNT; z++)
            for (int f = 0; f < 2; f++)
                for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
                    for (int other = s + 1; other < PRESENCE_STATUS_COUNT; other++)
                        assert_memory_not_equal(seen[t][s][z][f], seen[t][other][z][f], 64);
                    for (int other = t + 1; other < THEME_COUNT; other++)
                        assert_memory_not_equal(seen[t][s][z][f], seen[other][s][z][f], 64);
                }
}

/* Without theme, size and format (and with the classic 16 px PNG asked for by name, and with a
 * default theme that is not a theme) the answer is the shipped 16x16 PNG: the original's. */
static void test_default_is_the_shipped_png(void **state)
{
    (void)state;
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        const char *unknown_defaults[] = {NULL, "", "classic", "Classic", "nonsense", "dot "};
        for (size_t d = 0; d < sizeof unknown_defaults / sizeof *unknown_defaults; d++) {
            scenario given = with_choices((presence_status)s, NULL, NULL, NULL);
            given.snapshot.default_theme = text_of(unknown_defaults[d]);
            presence_response response;
            resolve_scenario(&given, &response);
            assert_answer_shape(&response);
            assert_built_in_image(&response, (presence_status)s);
            presence_response_release(&response);
        }
        scenario given = with_choices((presence_status)s, "classic", "16", "png");
        given.snapshot.default_theme = text_of("contrast"); /* the request's theme wins */
        presence_response response;
        resolve_scenario(&given, &response);
        assert_built_in_image(&response, (presence_status)s);
        presence_response_release(&response);
    }
}

/* The server's default theme applies when the request names none, with its size and format. */
static void test_default_theme_from_the_snapshot(void **state)
{
    (void)state;
    for (int t = 0; t < THEME_COUNT; t++)
        for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
            scenario named = with_choices((presence_status)s, themes[t], "32", "svg");
            scenario by_default = with_choices((presence_status)s, NULL, "32", "svg");
            by_default.snapshot.default_theme = text_of(themes[t]);
            presence_response a, b;
            resolve_scenario(&named, &a);
            resolve_scenario(&by_default, &b);
            assert_true(answers_identical(&a, &b));
            presence_response_release(&a);
            presence_response_release(&b);
        }
}

static void assert_bad_request(const char *theme, const char *size, const char *format, const char *sentence)
{
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) {
        scenario given = with_choices((presence_status)s, theme, size, format);
        presence_response response;
        resolve_scenario(&given, &response);
        assert_answer_shape(&response);
        assert_int_equal(response.http_status, 400);
        assert_int_equal(response.status, PRESENCE_STATUS_COUNT); /* decided before the status */
        assert_answer(&response, 400, "text/plain; charset=UTF-8", sentence);
        presence_response_release(&response);
    }
}

static void test_unknown_choices_are_400(void **state)
{
    (void)state;
    const char *theme = "The parameter theme must be classic, dot or contrast.";
    const char *size = "The parameter size must be 16, 32 or 48.";
    const char *format = "The parameter format must be png or svg.";
    assert_bad_request("Classic", NULL, NULL, theme);
    assert_bad_request("dots", NULL, NULL, theme);
    assert_bad_request("classic ", NULL, NULL, theme);
    assert_bad_request("<script>", NULL, NULL, theme);
    assert_bad_request(NULL, "24", NULL, size);
    assert_bad_request(NULL, "016", NULL, size);
    assert_bad_request(NULL, "16px", NULL, size);
    assert_bad_request(NULL, "-16", NULL, size);
    assert_bad_request(NULL, NULL, "gif", format);
    assert_bad_request(NULL, NULL, "SVG", format);
    assert_bad_request("dot", "32", "jpeg", format);
    assert_bad_request("bad", "bad", "bad", theme); /* the first one named */
    assert_bad_request(NULL, "64", "bad", size);
    /* a value over the limit is refused by its length, before its value */
    assert_bad_request("contrastcontrastcontrastcontrastX", NULL, NULL, "The parameter theme is longer than 32 bytes.");
    assert_bad_request(NULL, "161616161616161616161616161616161", NULL, "The parameter size is longer than 32 bytes.");
    assert_bad_request(NULL, NULL, "svgsvgsvgsvgsvgsvgsvgsvgsvgsvgsvg", "The parameter format is longer than 32 bytes.");
    /* a NUL inside is just another byte */
    scenario given = with_choices(PRESENCE_STATUS_AVAILABLE, NULL, NULL, NULL);
    given.request.theme = bytes_of("dot\0", 4);
    presence_response response;
    resolve_scenario(&given, &response);
    assert_answer(&response, 400, "text/plain; charset=UTF-8", theme);
    presence_response_release(&response);
}

/* The redirects win over the built-in icons, as before; the choices are still checked first.
 * Other types do not look at them. */
static void test_redirects_and_other_types(void **state)
{
    (void)state;
    scenario given = with_choices(PRESENCE_STATUS_AWAY, "dot", "48", "svg");
    given.request.images = text_of("/icons/--IMAGE--.png");
    presence_response response;
    resolve_scenario(&given, &response);
    assert_redirect(&response, "/icons/away.png");
    presence_response_release(&response);

    given.request.images = text_of(NULL);
    given.request.status_url[PRESENCE_STATUS_AWAY] = text_of("https://img.example.org/away.gif");
    resolve_scenario(&given, &response);
    assert_redirect(&response, "https://img.example.org/away.gif");
    presence_response_release(&response);

    given = with_choices(PRESENCE_STATUS_AWAY, "nope", NULL, NULL);
    given.request.images = text_of("/icons/--IMAGE--.png");
    resolve_scenario(&given, &response);
    assert_answer(&response, 400, "text/plain; charset=UTF-8", "The parameter theme must be classic, dot or contrast.");
    presence_response_release(&response);

    given = with_choices(PRESENCE_STATUS_AWAY, "nope", "7", "gif");
    given.request.type = text_of("text");
    resolve_scenario(&given, &response);
    assert_int_equal(response.http_status, 200);
    assert_int_equal(response.kind, PRESENCE_ANSWER_TEXT);
    presence_response_release(&response);
}

int run_image_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_icon),
        cmocka_unit_test(test_default_is_the_shipped_png),
        cmocka_unit_test(test_default_theme_from_the_snapshot),
        cmocka_unit_test(test_unknown_choices_are_400),
        cmocka_unit_test(test_redirects_and_other_types),
    };
    return cmocka_run_group_tests_name("type=image themes, sizes, formats", tests, NULL, NULL);
}
