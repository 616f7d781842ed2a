/* text_clean.c — any bytes to one line of valid UTF-8 that is also valid XML text. */
#include "presence_internal.h"


/* Length of the valid UTF-8 sequence at input (at most available bytes), with its
 * code point in *code_point; 0 when the bytes there are not one (overlong forms,
 * surrogates, beyond U+10FFFF, truncated sequences). */
static inline __attribute__((always_inline)) size_t utf8_sequence(const unsigned char *input, size_t available,
                                                                unsigned *code_point)
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

/* Writes the cleaned form of the non-ASCII bytes at bytes[*in] (length in all) to
 * output + *out and advances both: U+FFFD for each byte of an invalid sequence and for
 * U+FFFE/U+FFFF, a space for a C1 control, else the sequence itself (at most 3 bytes
 * written per byte read). */
static inline __attribute__((always_inline)) void clean_non_ascii(const unsigned char *bytes, size_t length,
                                                                  size_t *in, char *output, size_t *out)
{
    static const char replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */
    unsigned code_point;
    size_t sequence = utf8_sequence(bytes + *in, length - *in, &code_point);
    if (sequence == 0 || code_point == 0xFFFE || code_point == 0xFFFF) {
        memcpy(output + *out, replacement, sizeof replacement);
        *out += sizeof replacement;
        *in += sequence == 0 ? 1 : sequence;
    } else if (code_point < 0xA0) { /* C1 controls */
        output[(*out)++] = ' ';
        *in += sequence;
    } else {
        memcpy(output + *out, bytes + *in, sequence);
        *out += sequence;
        *in += sequence;
    }
}

/* True when every byte of word is printable ASCII (0x20-0x7E), which cleaning keeps. */
static inline bool printable_word(uint64_t word)
{
    return (word & HIGH_BITS) == 0 && !has_byte_below(word, 0x20) && !has_byte(word, 0x7F);
}

size_t clean_text_line(const char *input, size_t length, char *output)
{
    const unsigned char *bytes = (const unsigned char *)input;
    size_t in = 0, out = 0;
    while (in < length) {
        if (length - in >= 8) { /* eight printable bytes at once (out + 8 stays within 3 * in + 8) */
            uint64_t word;
            memcpy(&word, bytes + in, 8);
            if (printable_word(word)) {
                memcpy(output + out, &word, 8);
                in += 8;
                out += 8;
                continue;
            }
        }
        unsigned byte = bytes[in];
        if (byte >= 0x20 && byte < 0x7F) {
            output[out++] = (char)byte;
            in++;
        } else if (byte < 0x80) { /* C0 controls and DEL */
            output[out++] = ' ';
            in++;
        } else {
            clean_non_ascii(bytes, length, &in, output, &out);
        }
    }
    output[out] = '\0';
    return out;
}

/* What clean_escape_xml writes for an ASCII byte: itself, a space, or an entity. */
enum ascii_action { KEEP, SPACE, LT, GT, AMP, QUOT };
#define C SPACE
#define CONTROLS(tab_and_lf) C, C, C, C, C, C, C, C, C, tab_and_lf, tab_and_lf, C, C, C, C, C, \
                             C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C
/* One table per kind of field: one-line text, multi-line text, attribute value. */
static const unsigned char line_actions[128] = {CONTROLS(SPACE), ['&'] = AMP, ['<'] = LT, ['>'] = GT, [0x7F] = C};
static const unsigned char lines_actions[128] = {CONTROLS(KEEP), ['&'] = AMP, ['<'] = LT, ['>'] = GT, [0x7F] = C};
static const unsigned char attribute_actions[128] = {CONTROLS(SPACE), ['"'] = QUOT, ['&'] = AMP, ['<'] = LT, ['>'] = GT,
                                                     [0x7F] = C};
#undef CONTROLS
#undef C

/* True when every byte of word is printable ASCII that clean_escape_xml copies as it is. */
static inline bool plain_word(uint64_t word, bool attribute)
{
    return (word & HIGH_BITS) == 0 && !has_byte_below(word, 0x20) && !has_byte(word, '<') && !has_byte(word, '>') &&
           !has_byte(word, '&') && !has_byte(word, 0x7F) && !(attribute && has_byte(word, '"'));
}

size_t clean_escape_xml(const char *input, size_t length, char *output, unsigned flags)
{
    /* each written as one 8-byte store (the output has CLEAN_ESCAPE_CAPACITY's slack) */
    static const char writes[][8] = {[SPACE] = " ", [LT] = "&lt;", [GT] = "&gt;", [AMP] = "&amp;", [QUOT] = "&quot;"};
    static const unsigned char write_lengths[] = {[SPACE] = 1, [LT] = 4, [GT] = 4, [AMP] = 5, [QUOT] = 6};
    const unsigned char *bytes = (const unsigned char *)input;
    bool attribute = (flags & CLEAN_ESCAPE_ATTRIBUTE) != 0;
    const unsigned char *actions = attribute ? attribute_actions
                                   : (flags & CLEAN_ESCAPE_KEEP_BREAKS) != 0 ? lines_actions : line_actions;
    size_t in = 0, out = 0;
    while (in < length) {
        /* eight bytes at once when none of them needs more than a copy ... */
        if (length - in >= 8) {
            uint64_t word;
            memcpy(&word, bytes + in, 8);
            if (plain_word(word, attribute)) {
                memcpy(output + out, &word, 8);
                in += 8;
                out += 8;
                continue;
            }
        }
        /* ... else the next eight (or the rest) one by one */
        size_t stop = length - in > 8 ? in + 8 : length;
        while (in < stop) {
            unsigned byte = bytes[in];
            if (byte < 0x80) {
                unsigned action = actions[byte];
                if (action == KEEP) {
                    output[out++] = (char)byte;
                } else {
                    memcpy(output + out, writes[action], 8);
                    out += write_lengths[action];
                }
                in++;
                continue;
            }
            clean_non_ascii(bytes, length, &in, output, &out);
        }
    }
    return out;
}
