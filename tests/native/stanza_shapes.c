/* stanza_shapes.c — the stanzas of stanza_shapes.h. Each hostile shape repeats one
 * unit between a fixed head and tail until the next unit would pass 64 KiB. */
#include "stanza_shapes.h"

#include <stdio.h>
#include <string.h>

#define STANZA_LIMIT 65536u

typedef struct shape {
    const char *name;
    const char *head;
    const char *unit; /* repeated; "%u" in it becomes the repetition's number */
    const char *tail;
    size_t (*build)(char *buffer, size_t size); /* instead of the three above */
} shape;

/* Appends text at buffer + *length. */
static void append(char *buffer, size_t *length, const char *text)
{
    size_t size = strlen(text);
    memcpy(buffer + *length, text, size);
    *length += size;
}

/* Everything at once just within the stanza bounds (stanza_parse.c): kept attributes
 * and kept children, the reference bound spent on escaped text, non-ASCII text, the
 * rest one long status of line breaks and tabs (libxml2's slowest bytes we found). */
static size_t build_worst_within_bounds(char *buffer, size_t size)
{
    size_t length = 0;
    const char *tail = "</status></presence>";
    append(buffer, &length, "<presence from='a' to='b' id='c' type='d' xml:lang='en'>");
    for (int i = 0; i < 24; i++)
        append(buffer, &length, "<c xmlns='http://jabber.org/protocol/caps' hash='h' node='n' ver='v'/>");
    append(buffer, &length, "<nick xmlns='http://jabber.org/protocol/nick'>");
    for (int i = 0; i < 64; i++)
        append(buffer, &length, "\xE2\x98\xBA");
    append(buffer, &length, "</nick><status>");
    for (int i = 0; i < 60; i++)
        append(buffer, &length, "&lt;");
    if (length + strlen(tail) > size)
        return 0;
    for (size_t left = size - length - strlen(tail); left >= 5; left -= 5)
        append(buffer, &length, "\r\n\t \n");
    append(buffer, &length, tail);
    return length;
}

static const shape shapes[] = {
    {"normal",
     "<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\">"
     "<show>away</show><status>In a meeting until 3</status><priority>5</priority>"
     "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" "
     "node=\"http://www.igniterealtime.org/projects/smack\" ver=\"os2Kusj3WEOivn5n4iFr/ZEO8ls=\"/>"
     "<delay xmlns=\"urn:xmpp:delay\" stamp=\"2024-05-01T10:00:00Z\"/></presence>",
     NULL, NULL, NULL},
    {"worst-within-bounds", NULL, NULL, NULL, build_worst_within_bounds},
    /* libxml2 checks each attribute against all earlier ones of its element */
    {"attributes-one-element", "<presence><x xmlns='urn:a'", " a%u=''", "/></presence>", NULL},
    {"attributes-many-elements", "<presence>",
     "<x a0='' a1='' a2='' a3='' a4='' a5='' a6='' a7='' a8='' a9='' aa='' ab='' ac='' ad='' ae=''/>",
     "</presence>", NULL},
    {"prefixed-attributes", "<presence><x xmlns:p='urn:p'", " p:a%u=''", "/></presence>", NULL},
    {"depth", "<presence>", "<a>", "</presence>", NULL}, /* never closed: over the depth bound first */
    {"depth-closed", "<presence>", "<a><a><a><a><a><a><a><a><a><a><a><a><a><a></a></a></a></a></a></a></a></a></a></a></a></a></a></a>",
     "</presence>", NULL},
    {"children", "<presence>", "<a/>", "</presence>", NULL},
    {"kept-children", "<presence>",
     "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://a' ver='v'/>", "</presence>", NULL},
    {"kept-text-children", "<presence>", "<status>&lt;&amp;&gt;</status>", "</presence>", NULL},
    {"long-text", "<presence><status>", "aaaaaaaaaaaaaaaa", "</status></presence>", NULL},
    {"long-attribute", "<presence from='", "aaaaaaaaaaaaaaaa", "'/>", NULL},
    {"long-attributes-within-bounds", "<presence>",
     "<c xmlns='http://jabber.org/protocol/caps' node='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'/>",
     "<status>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "</status></presence>", NULL},
    {"non-ascii-text", "<presence><status>", "\xC3\xA9\xE2\x98\xBA\xF0\x9F\x98\x80", "</status></presence>", NULL},
    {"two-byte-text", "<presence><status>", "\xC3\xA9", "</status></presence>", NULL},
    {"non-ascii-attribute", "<presence from='", "\xC3\xA9", "'/>", NULL},
    {"carriage-returns", "<presence><status>", "\r", "</status></presence>", NULL},
    {"escaped-attribute", "<presence from='", "&quot;>", "'/>", NULL},
    {"escaped-output", "<presence><status>", ">>>>>>>>", "</status></presence>", NULL},
    {"controls-in-text", "<presence><status>", "\xC2\x85\xC2\x9F\x09\x0A", "</status></presence>", NULL},
    {"line-breaks-and-tabs", "<presence><status>", "\r\n\t \n", "</status></presence>", NULL},
    {"brackets", "<presence><status>", "]]]]]]]]", "</status></presence>", NULL},
    {"whitespace-in-attributes", "<presence>", "<c xmlns='http://jabber.org/protocol/caps' node='\t\n\t\n\t\n'/>",
     "</presence>", NULL},
    {"entities", "<presence><status>", "&lt;&amp;", "</status></presence>", NULL},
    {"character-references", "<presence><status>", "&#x263A;&#60;", "</status></presence>", NULL},
    {"cdata", "<presence><status>", "<![CDATA[<]]>", "</status></presence>", NULL},
    {"comments", "<presence><status>a", "<!---->", "</status></presence>", NULL},
    {"processing-instructions", "<presence>", "<?p?>", "</presence>", NULL},
    {"namespace-declarations", "<presence><x", " xmlns:p%u='urn:p'", "/></presence>", NULL},
    {"namespaces-per-element", "<presence>", "<p:x xmlns:p='urn:p%u'/>", "</presence>", NULL},
    {"unbound-prefixes", "<presence>", "<x p:a=''/>", "</presence>", NULL},
    {"dropped-subtree-text", "<presence><x>", "aaaaaaaaaaaaaaaa", "</x></presence>", NULL},
};

size_t stanza_shape_count(void)
{
    return sizeof shapes / sizeof shapes[0];
}

const char *stanza_shape_name(size_t index)
{
    return index < stanza_shape_count() ? shapes[index].name : NULL;
}

size_t stanza_shape_build(size_t index, char *buffer, size_t capacity, size_t size)
{
    if (index >= stanza_shape_count() || size > capacity || size > STANZA_LIMIT)
        return 0;
    const shape *s = &shapes[index];
    if (s->build != NULL)
        return s->build(buffer, size);
    size_t length = strlen(s->head);
    if (length > size)
        return 0;
    memcpy(buffer, s->head, length);
    if (s->unit == NULL)
        return length;
    size_t tail = strlen(s->tail);
    if (length + tail > size)
        return 0;
    char unit[256];
    for (unsigned n = 0;; n++) {
        int written = snprintf(unit, sizeof unit, s->unit, n);
        if (written < 0 || length + (size_t)written + tail > size)
            break;
        memcpy(buffer + length, unit, (size_t)written);
        length += (size_t)written;
    }
    memcpy(buffer + length, s->tail, tail);
    return length + tail;
}
