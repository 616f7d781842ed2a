/* text_clean.c — any bytes to one line of valid UTF-8 that is also valid XML text. */
#include "presence_internal.h"

/* Length of the valid UTF-8 sequence at input (at most available bytes), with its
 * code point in *code_point; 0 when the bytes there are not one (overlong forms,
 * surrogates, beyond U+10FFFF, truncated sequences). */
static size_t utf8_sequence(const unsigned char *input, size_t available, unsigned *code_point)
{
    unsigned lead = input[0];
    size_t length;
    unsigned low = 0x80, high = 0xBF; /* allowed range of the second byte */
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        *code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        *code_point = lead & 0x0Fu;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        *code_point = lead & 0x07u;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (available < length || input[1] < low || input[1] > high)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((input[i] & 0xC0u) != 0x80u)
            return 0;
        *code_point = (*code_point << 6) | (input[i] & 0x3Fu);
    }
    return length;
}

size_t clean_text_line(const char *input, size_t length, char *output)
{
    static const char replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */
    const unsigned char *bytes = (const unsigned char *)input;
    size_t in = 0, out = 0;
    while (in < length) {
        unsigned byte = bytes[in];
        if (byte >= 0x20 && byte < 0x7F) {
            output[out++] = (char)byte;
            in++;
        } else if (byte < 0x80) { /* C0 controls and DEL */
            output[out++] = ' ';
            in++;
        } else {
            unsigned code_point;
            size_t sequence = utf8_sequence(bytes + in, length - in, &code_point);
            if (sequence == 0 || code_point == 0xFFFE || code_point == 0xFFFF) {
                memcpy(output + out, replacement, sizeof replacement);
                out += sizeof replacement;
                in += sequence == 0 ? 1 : sequence;
            } else if (code_point < 0xA0) { /* C1 controls */
                output[out++] = ' ';
                in += sequence;
            } else {
                memcpy(output + out, bytes + in, sequence);
                out += sequence;
                in += sequence;
            }
        }
    }
    output[out] = '\0';
    return out;
}
