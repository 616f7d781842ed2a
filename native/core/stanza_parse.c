/*
 * stanza_parse.c — the online stanza from Openfire, parsed by libxml2 the safe way:
 *   1. a linear pre-scan (stanza_within_bounds) refuses a stanza over
 *      STANZA_MAX_PARSED_BYTES or whose shape is over the other STANZA_MAX_* bounds
 *      (presence_internal.h), or that holds a "<!" other than a comment or CDATA
 *      section (a DOCTYPE: no DTD, no entity expansion, no XXE); within them libxml2's
 *      costlier-than-linear steps (each attribute checked against the earlier ones of
 *      its element, namespace look-ups, one node per construct) stay bounded;
 *   2. libxml2 parses with no network (XML_PARSE_NONET), no DTD loading and no entity
 *      substitution (neither option is given), reading UTF-8 whatever is declared; the
 *      first error or warning refuses the stanza (and stops tree building); every
 *      diagnostic goes nowhere (a structured handler on the parser context; stderr is
 *      never written);
 *   3. a document that still has a DTD, or whose root is not <presence> without a
 *      namespace or in jabber:client, is refused.
 */
#include "presence_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#define STANZA_PARSE_OPTIONS \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* ---- the pre-scan ---------------------------------------------------------- */

typedef struct stanza_counts {
    unsigned depth, nodes, attributes, namespace_declarations, references;
} stanza_counts;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Counts the '&' in [from, to) into counts->references; false when over the bound. */
static bool count_references(const char *from, const char *to, stanza_counts *counts)
{
    while (from < to && (from = memchr(from, '&', (size_t)(to - from))) != NULL) {
        if (++counts->references > STANZA_MAX_REFERENCES)
            return false;
        from++;
    }
    return true;
}

/* The end of the first needle (a literal) in [from, to), or NULL. */
static const char *after(const char *from, const char *to, const char *needle, size_t needle_length)
{
    /* memchr + memcmp rather than memmem, which C11 and Windows' C library lack */
    while (from < to && (size_t)(to - from) >= needle_length) {
        const char *first = memchr(from, needle[0], (size_t)(to - from) - needle_length + 1);
        if (first == NULL)
            return NULL;
        if (memcmp(first, needle, needle_length) == 0)
            return first + needle_length;
        from = first + 1;
    }
    return NULL;
}

/* Scans the start tag whose '<' is at tag; returns the byte after its '>', or NULL when
 * it is unterminated or over a bound. Counts the element, its attributes (an '=' outside
 * quoted values), namespace declarations (names xmlns and xmlns:*), references in values. */
static const char *scan_start_tag(const char *tag, const char *end, stanza_counts *counts)
{
    unsigned attributes = 0;
    if (++counts->nodes > STANZA_MAX_NODES || ++counts->depth > STANZA_MAX_DEPTH)
        return NULL;
    const char *floor = tag; /* a name is looked for after the previous '=' or value only */
    for (const char *p = tag + 1; p < end; p++) {
        if (*p == '>') {
            if (p[-1] == '/')
                counts->depth--;
            return p + 1;
        }
        if (*p == '"' || *p == '\'') {
            const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
            if (close == NULL || !count_references(p + 1, close, counts))
                return NULL;
            p = floor = close;
        } else if (*p == '=') {
            if (++attributes > STANZA_MAX_ATTRIBUTES_PER_ELEMENT || ++counts->attributes > STANZA_MAX_ATTRIBUTES)
                return NULL;
            const char *name_end = p;
            while (name_end > floor + 1 && is_space((unsigned char)name_end[-1]))
                name_end--;
            const char *name = name_end;
            while (name > floor + 1 && !is_space((unsigned char)name[-1]))
                name--;
            size_t length = (size_t)(name_end - name);
            if (length >= 5 && memcmp(name, "xmlns", 5) == 0 && (length == 5 || name[5] == ':') &&
                ++counts->namespace_declarations > STANZA_MAX_NAMESPACE_DECLARATIONS)
                return NULL;
            floor = p;
        }
    }
    return NULL;
}

/* True when the stanza has no DOCTYPE and its shape is within every STANZA_MAX_* bound.
 * Not a parser: it only has to count at least what libxml2 would build before it
 * finds an error. Linear: memchr over text, each tag byte seen once or twice. */
static bool stanza_within_bounds(presence_text stanza)
{
    if (stanza.length > STANZA_MAX_PARSED_BYTES)
        return false;
    stanza_counts counts = {0, 0, 0, 0, 0};
    const char *p = stanza.data, *end = stanza.data + stanza.length;
    while (p < end) {
        const char *open = memchr(p, '<', (size_t)(end - p));
        if (!count_references(p, open != NULL ? open : end, &counts))
            return false;
        if (open == NULL)
            return true;
        const char *rest = open + 1;
        size_t left = (size_t)(end - rest);
        if (left >= 3 && memcmp(rest, "!--", 3) == 0) {
            p = after(rest + 3, end, "-->", 3);
        } else if (left >= 8 && memcmp(rest, "![CDATA[", 8) == 0) {
            p = after(rest + 8, end, "]]>", 3);
        } else if (left >= 1 && rest[0] == '!') {
            return false; /* <!DOCTYPE, or a declaration no stanza may hold */
        } else if (left >= 1 && rest[0] == '?') {
            p = after(rest + 1, end, "?>", 2);
        } else if (left >= 1 && rest[0] == '/') {
            if (counts.depth == 0)
                return false;
            counts.depth--;
            p = memchr(rest, '>', left);
            if (p == NULL)
                return false;
            p++;
            continue;
        } else {
            p = scan_start_tag(open, end, &counts);
            if (p == NULL)
                return false;
            continue;
        }
        if (p == NULL || ++counts.nodes > STANZA_MAX_NODES)
            return false;
    }
    return true;
}

/* ---- the parse ------------------------------------------------------------- */

/* libxml2's structured handler for this parse (data: the parser context): the first
 * diagnostic of any level refuses the stanza and turns libxml2's tree building off for
 * the rest of the bytes (disableSAX). Not xmlStopParser: libxml2 2.9.14 raises some
 * diagnostics while it still reads from its input buffer, which xmlStopParser frees. */
static void refuse_at_first_diagnostic(void *data, xmlErrorPtr error)
{
    (void)error;
    xmlParserCtxtPtr parser = data;
    bool *diagnosed = parser->_private;
    *diagnosed = true;
    parser->disableSAX = 1;
}

/* libxml2's push parser is used because it takes the bytes in one chunk
 * (xmlReadMemory re-grows its input buffer many times on short input) and leaves
 * the parser context to us, for the error handler and nsWellFormed. */
struct _xmlDoc *stanza_parse(presence_text stanza)
{
    if (!text_present(stanza) || stanza.length > PRESENCE_MAX_STANZA || !stanza_within_bounds(stanza))
        return NULL;
    xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
    if (parser == NULL)
        return NULL;
    bool diagnosed = false;
    parser->_private = &diagnosed;
    parser->userData = parser; /* what the structured handler is given */
    parser->sax->serror = refuse_at_first_diagnostic;
    xmlCtxtUseOptions(parser, STANZA_PARSE_OPTIONS);
    xmlParseChunk(parser, stanza.data, (int)stanza.length, 1);
    xmlDocPtr document = parser->myDoc;
    bool well_formed = parser->wellFormed && parser->nsWellFormed && !diagnosed;
    parser->myDoc = NULL;
    xmlFreeParserCtxt(parser);
    xmlNodePtr root = xmlDocGetRootElement(document);
    bool acceptable = well_formed && document != NULL && document->intSubset == NULL &&
                      document->extSubset == NULL && root != NULL && xmlStrEqual(root->name, BAD_CAST "presence") &&
                      (root->ns == NULL || xmlStrEqual(root->ns->href, BAD_CAST "jabber:client"));
    if (!acceptable) {
        xmlFreeDoc(document);
        return NULL;
    }
    return document;
}
