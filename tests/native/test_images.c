/*
 * test_images.c — the built-in icons of type=image: every theme × status × size × format
 * is answered with the right Content-Type and well-formed bytes (PNG: signature, IHDR
 * size, every chunk's CRC-32, the zlib stream's header, stored blocks and Adler-32; SVG:
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

void assert_png_image(const unsigned char *png, size_t length, unsigned expected_size)
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

    /* zlib (RFC 1950): CM 8, check bits, no dictionary; then deflate (RFC 1951) stored blocks. */
    assert_true(idat_length >= 2 + 5 + 4);
    assert_int_equal(idat[0] & 0x0F, 8);
    assert_int_equal((idat[0] * 256 + idat[1]) % 31, 0);
    assert_int_equal(idat[1] & 0x20, 0);
    static unsigned char raw[65536];
    size_t raw_length = 0, in = 2;
    int final = 0;
    while (!final) {
        assert_true(idat_length - in >= 5);
        final = idat[in] & 1;
        assert_int_equal((idat[in] >> 1) & 3, 0); /* BTYPE 00: stored (what the generator writes) */
        unsigned block = idat[in + 1] | idat[in + 2] << 8, complement = idat[in + 3] | idat[in + 4] << 8;
        assert_int_equal(block ^ 0xFFFF, complement);
        in += 5;
        assert_true(block <= idat_length - in && raw_length + block <= sizeof raw);
        memcpy(raw + raw_length, idat + in, block);
        raw_length += block;
        in += block;
    }
    assert_int_equal(idat_length - in, 4);
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < raw_length; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    assert_int_equal(read_u32(idat + in), b << 16 | a);
    unsigned bytes_per_pixel = colour_type == 6 ? 4 : 1;
    assert_int_equal(raw_length, (size_t)height * (1 + width * bytes_per_pixel));
    for (unsigned y = 0; y < height; y++)
        assert_true(raw[y * (1 + width * bytes_per_pixel)] <= 4); /* a valid filter type */
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
                    if (f == 0)
                        assert_png_image(response.body, response.body_length, pixels);
                    else
                        assert_svg_image(response.body, response.body_length, pixels);
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
