/*
 * test_allow_list.c — the online type=xml answer is built from the allow-list
 * (stanza_allow.c), never copied: each row is a stanza with active content or a
 * namespace trick and the exact answer bytes README's type=xml promises. Then the
 * stanza bounds (presence_internal.h STANZA_MAX_*): at each bound the stanza is used,
 * one over it the answer is rebuilt from the facts.
 */
#include "test_support.h"
#include "presence_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_XML "text/xml; charset=UTF-8"
#define FACTS "<presence from=\"jsmith@example.com\"><priority>1</priority></presence>"
#define CAPS "http://jabber.org/protocol/caps"
#define XHTML "http://www.w3.org/1999/xhtml"

typedef struct allow_case {
    const char *name;
    const char *stanza;
    const char *answer;
} allow_case;

static const allow_case cases[] = {
    {"XHTML script under a prefix", "<presence><x:script xmlns:x='" XHTML "'>alert(1)</x:script><status>hi</status></presence>",
     "<presence><status>hi</status></presence>"},
    {"XHTML img with onerror in the default namespace",
     "<presence><img xmlns='" XHTML "' src='data:,x' onerror='alert(1)'/></presence>", "<presence/>"},
    {"SVG with onload and script",
     "<presence><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(1)</script></svg>"
     "<show>away</show></presence>",
     "<presence><show>away</show></presence>"},
    {"MathML with an XLink href",
     "<presence><math xmlns='http://www.w3.org/1998/Math/MathML' xmlns:xlink='http://www.w3.org/1999/xlink'>"
     "<maction actiontype='statusline' xlink:href='javascript:alert(1)'>x</maction></math></presence>",
     "<presence/>"},
    {"XLink attributes on an allowed element",
     "<presence><status xmlns:xlink='http://www.w3.org/1999/xlink' xlink:type='simple' "
     "xlink:href='javascript:alert(1)'>s</status></presence>",
     "<presence><status>s</status></presence>"},
    {"XSLT stylesheet element",
     "<presence><xsl:stylesheet xmlns:xsl='http://www.w3.org/1999/XSL/Transform' version='1.0'>"
     "<xsl:template match='/'><script xmlns='" XHTML "'>alert(1)</script></xsl:template></xsl:stylesheet></presence>",
     "<presence/>"},
    {"xml-stylesheet processing instructions, before and inside",
     "<?xml-stylesheet type='text/xsl' href='data:,x'?><presence><?xml-stylesheet href='x'?><status>s</status>"
     "</presence>",
     "<presence><status>s</status></presence>"},
    {"on* attributes on the root and on kept children",
     "<presence onload='alert(1)' from='a@b/c' id='x1' style='x'><status onclick='alert(1)' xml:lang='en'>s</status>"
     "<c xmlns='" CAPS "' onmouseover='alert(1)' hash='sha-1'/></presence>",
     "<presence from=\"a@b/c\" id=\"x1\"><status xml:lang=\"en\">s</status>"
     "<c xmlns=\"" CAPS "\" hash=\"sha-1\"/></presence>"},
    {"a prefix bound to jabber:client on an XHTML-named element",
     "<presence xmlns='jabber:client'><h:script xmlns:h='jabber:client'>alert(1)</h:script>"
     "<h:img xmlns:h='jabber:client' src='x' onerror='alert(1)'/><h:status xmlns:h='jabber:client'>ok</h:status></presence>",
     "<presence xmlns=\"jabber:client\"><status>ok</status></presence>"},
    {"an XHTML prefix on an allowed name",
     "<presence><h:status xmlns:h='" XHTML "'>x</h:status><h:show xmlns:h='" XHTML "'>away</h:show></presence>",
     "<presence/>"},
    {"the default namespace redefined on a child",
     "<presence xmlns='jabber:client'><status xmlns='" XHTML "'>x</status><show>away</show></presence>",
     "<presence xmlns=\"jabber:client\"><show>away</show></presence>"},
    {"a child without namespace under a jabber:client root",
     "<presence xmlns='jabber:client'><status xmlns=''>x</status><priority>3</priority></presence>",
     "<presence xmlns=\"jabber:client\"><priority>3</priority></presence>"},
    {"a jabber:client child under a root without namespace",
     "<presence><status xmlns='jabber:client'>x</status><priority>3</priority></presence>",
     "<presence><priority>3</priority></presence>"},
    {"the root under a jabber:client prefix",
     "<j:presence xmlns:j='jabber:client' j:type='x' from='a@b'><j:show>dnd</j:show></j:presence>",
     "<presence xmlns=\"jabber:client\" from=\"a@b\"><show>dnd</show></presence>"},
    {"HTML inside a caps element",
     "<presence><c xmlns='" CAPS "' node='n'><html xmlns='" XHTML "'><body onload='alert(1)'/></html>text</c></presence>",
     "<presence><c xmlns=\"" CAPS "\" node=\"n\"/></presence>"},
    {"caps under a prefix with a prefixed attribute",
     "<presence><caps:c xmlns:caps='" CAPS "' caps:hash='x' ver='v' ext='e'/></presence>",
     "<presence><c xmlns=\"" CAPS "\" ver=\"v\" ext=\"e\"/></presence>"},
    {"XHTML-IM body", "<presence><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='" XHTML "'>"
                      "<p onclick='alert(1)'>hi</p></body></html><status>plain</status></presence>",
     "<presence><status>plain</status></presence>"},
    {"xml:base, xml:space and an xmlns attribute are not kept",
     "<presence xml:base='javascript:alert(1)//' xml:space='preserve' xml:lang='de' type='away'/>",
     "<presence xml:lang=\"de\" type=\"away\"/>"}, /* input order */
    {"every extension with its attributes and text",
     "<presence><delay xmlns='urn:xmpp:delay' from='s.example' stamp='2024-01-01T00:00:00Z' x='y'>Offline</delay>"
     "<x xmlns='jabber:x:delay' from='s.example' stamp='20240101T00:00:00'>Old</x>"
     "<idle xmlns='urn:xmpp:idle:1' since='2024-01-01T00:00:00Z'>junk</idle>"
     "<nick xmlns='http://jabber.org/protocol/nick' lang='x'>Jo</nick>"
     "<x xmlns='vcard-temp:x:update'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo>"
     "<script xmlns='" XHTML "'>x</script>text</x></presence>",
     "<presence><delay xmlns=\"urn:xmpp:delay\" from=\"s.example\" stamp=\"2024-01-01T00:00:00Z\">Offline</delay>"
     "<x xmlns=\"jabber:x:delay\" from=\"s.example\" stamp=\"20240101T00:00:00\">Old</x>"
     "<idle xmlns=\"urn:xmpp:idle:1\" since=\"2024-01-01T00:00:00Z\"/>"
     "<nick xmlns=\"http://jabber.org/protocol/nick\">Jo</nick>"
     "<x xmlns=\"vcard-temp:x:update\"><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x></presence>"},
    {"extensions elsewhere than under the root, or in the wrong namespace",
     "<presence><x xmlns='urn:other'><c xmlns='" CAPS "' hash='h'/></x><photo xmlns='vcard-temp:x:update'>p</photo>"
     "<nick>not in the nick namespace</nick></presence>",
     "<presence/>"},
    {"text: CDATA escaped, comments and child elements dropped, line breaks kept in status only",
     "<presence><status>a<!--x-->b<![CDATA[<c>&]]><b>hidden</b>\n\tz</status><show>aw\nay</show></presence>",
     "<presence><status>ab&lt;c&gt;&amp;\n\tz</status><show>aw ay</show></presence>"},
    {"attribute values escaped and cleaned", "<presence from='a&quot;&lt;b&gt;&amp;&#9;c&#xA;d'/>",
     "<presence from=\"a&quot;&lt;b&gt;&amp; c d\"/>"},
    {"C1 controls become spaces, other characters stay", "<presence><status>a\xC2\x85" "b\xE2\x98\xBA</status></presence>",
     "<presence><status>a b\xE2\x98\xBA</status></presence>"},
    {"an unclosed allowed element with the same name elsewhere",
     "<presence><status><status>inner</status>outer</status></presence>", "<presence><status>outer</status></presence>"},
    {"a relative namespace URI: a warning refuses the stanza",
     "<presence><x xmlns='relative'/><status>s</status></presence>", FACTS},
};

static void check(const char *name, const char *stanza, const char *answer)
{
    scenario given = user_online();
    given.request.type = text_of("xml");
    given.snapshot.stanza_xml = text_of(stanza);
    presence_response response;
    resolve_scenario(&given, &response);
    if (response.http_status != 200 || response.body_length != strlen(answer) ||
        memcmp(response.body, answer, response.body_length) != 0)
        fail_msg("%s\n  stanza:   %s\n  got:      %.*s\n  expected: %s", name, stanza, (int)response.body_length,
                 (const char *)response.body, answer);
    assert_string_equal(response.headers[0].value, TEXT_XML);
    presence_response_release(&response);
}

static void test_active_content_and_namespace_tricks(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(cases[i].name, cases[i].stanza, cases[i].answer);
}

/* A growing string for building stanzas. */
typedef struct builder {
    char *bytes;
    size_t length;
} builder;

static void put(builder *b, const char *text)
{
    size_t length = strlen(text);
    b->bytes = realloc(b->bytes, b->length + length + 1);
    assert_non_null(b->bytes);
    memcpy(b->bytes + b->length, text, length + 1);
    b->length += length;
}

static void put_repeated(builder *b, const char *text, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        put(b, text);
}

/* Each maker builds the stanza with n of what its bound counts, and the answer for it
 * when that is within the bound. */
static void attributes_per_element(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence><c xmlns='" CAPS "'"); /* the declaration is the first */
    for (unsigned i = 1; i < n; i++) {
        char attribute[32];
        snprintf(attribute, sizeof attribute, " a%u=''", i);
        put(stanza, attribute);
    }
    put(stanza, "/></presence>");
    put(answer, "<presence><c xmlns=\"" CAPS "\"/></presence>");
}

static void attributes_in_all(unsigned n, builder *stanza, builder *answer)
{
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"};
    put(stanza, "<presence>");
    for (unsigned i = 0; i < n; i++) {
        if (i % 16 == 0)
            put(stanza, i == 0 ? "<x" : "/><x");
        put(stanza, " ");
        put(stanza, names[i % 16]);
        put(stanza, "=''");
    }
    put(stanza, "/></presence>");
    put(answer, "<presence/>");
}

static void depth(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence>");
    put_repeated(stanza, "<a>", n - 1);
    put_repeated(stanza, "</a>", n - 1);
    put(stanza, "<show>xa</show></presence>");
    put(answer, "<presence><show>xa</show></presence>");
}

static void element_nodes(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence>");
    put_repeated(stanza, "<a/>", n - 1);
    put(stanza, "</presence>");
    put(answer, "<presence/>");
}

static void comment_nodes(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence>");
    put_repeated(stanza, "<!---->", n - 1);
    put(stanza, "</presence>");
    put(answer, "<presence/>");
}

static void namespace_declarations(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence>");
    put_repeated(stanza, "<x xmlns='urn:a'/>", n);
    put(stanza, "</presence>");
    put(answer, "<presence/>");
}

static void references(unsigned n, builder *stanza, builder *answer)
{
    put(stanza, "<presence><status>");
    put_repeated(stanza, "&amp;", n);
    put(stanza, "</status></presence>");
    put(answer, "<presence><status>");
    put_repeated(answer, "&amp;", n);
    put(answer, "</status></presence>");
}

static void parsed_bytes(unsigned n, builder *stanza, builder *answer)
{
    static const char head[] = "<presence><status>", tail[] = "</status></presence>";
    put(stanza, head);
    put_repeated(stanza, "a", n - (unsigned)(sizeof head + sizeof tail - 2));
    put(stanza, tail);
    put(answer, stanza->bytes);
}

typedef struct bound_case {
    const char *name;
    void (*make)(unsigned n, builder *stanza, builder *answer);
    unsigned bound;
} bound_case;

static void test_stanza_bounds(void **state)
{
    (void)state;
    static const bound_case bounds[] = {
        {"attributes per element", attributes_per_element, STANZA_MAX_ATTRIBUTES_PER_ELEMENT},
        {"attributes in the stanza", attributes_in_all, STANZA_MAX_ATTRIBUTES},
        {"depth", depth, STANZA_MAX_DEPTH},
        {"nodes (elements)", element_nodes, STANZA_MAX_NODES},
        {"nodes (comments)", comment_nodes, STANZA_MAX_NODES},
        {"namespace declarations", namespace_declarations, STANZA_MAX_NAMESPACE_DECLARATIONS},
        {"references", references, STANZA_MAX_REFERENCES},
        {"parsed bytes", parsed_bytes, STANZA_MAX_PARSED_BYTES},
    };
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        builder stanza = {NULL, 0}, answer = {NULL, 0}, over = {NULL, 0}, unused = {NULL, 0};
        bounds[i].make(bounds[i].bound, &stanza, &answer);
        bounds[i].make(bounds[i].bound + 1, &over, &unused);
        char name[96];
        snprintf(name, sizeof name, "%s at the bound (%u)", bounds[i].name, bounds[i].bound);
        check(name, stanza.bytes, answer.bytes);
        snprintf(name, sizeof name, "%s over the bound", bounds[i].name);
        check(name, over.bytes, FACTS);
        free(stanza.bytes);
        free(answer.bytes);
        free(over.bytes);
        free(unused.bytes);
    }
}

int run_allow_list_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active_content_and_namespace_tricks),
        cmocka_unit_test(test_stanza_bounds),
    };
    return cmocka_run_group_tests_name("xml allow-list", tests, NULL, NULL);
}
