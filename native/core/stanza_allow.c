/*
 * stanza_allow.c — the allow-list of the online type=xml answer: the only elements
 * and attributes that ever leave the user's stanza (README "Answers", type=xml).
 *
 * The answer is built from this table (xml_answer.c), never copied from the input:
 * element and attribute names and namespace URIs are written from here, only text
 * and attribute values come from the stanza, cleaned and escaped. Nothing here can
 * be active content in a browser: no entry is in the XHTML, SVG, MathML, XLink or
 * XSLT namespace, no attribute is an event handler, a URL-bearing attribute or a
 * namespace declaration, and an XML document made of unknown-namespace elements
 * only is rendered as an inert tree (and the answer's CSP forbids script anyway).
 * Everything else of the stanza — other elements with their whole subtree, other
 * attributes, comments, processing instructions — is dropped.
 */
#include "presence_internal.h"

#define STANZA_NS NULL /* the stanza's own namespace: none, or jabber:client */

static const allowed_element allow_list[] = {
    /* RFC 6120/6121 presence: addressing and type are JIDs and a keyword, shown as text */
    [ALLOWED_PRESENCE] = {"presence", STANZA_NS, ALLOWED_NONE, ALLOWED_CHILDREN,
                          {"from", "to", "id", "type", "xml:lang", NULL}},
    /* RFC 6121 4.7: availability keyword, human-readable status, a number; text only */
    {"show", STANZA_NS, ALLOWED_PRESENCE, ALLOWED_TEXT_LINE, {NULL}},
    {"status", STANZA_NS, ALLOWED_PRESENCE, ALLOWED_TEXT_LINES, {"xml:lang", NULL}},
    {"priority", STANZA_NS, ALLOWED_PRESENCE, ALLOWED_TEXT_LINE, {NULL}},
    /* XEP-0115 entity capabilities: hashes and a node URI as attribute values, no content */
    {"c", "http://jabber.org/protocol/caps", ALLOWED_PRESENCE, ALLOWED_EMPTY, {"hash", "node", "ver", "ext", NULL}},
    /* XEP-0203 delayed delivery: a JID and a timestamp, an optional reason as text */
    {"delay", "urn:xmpp:delay", ALLOWED_PRESENCE, ALLOWED_TEXT_LINE, {"from", "stamp", NULL}},
    /* XEP-0091 legacy delayed delivery: the same facts as delay */
    {"x", "jabber:x:delay", ALLOWED_PRESENCE, ALLOWED_TEXT_LINE, {"from", "stamp", NULL}},
    /* XEP-0319 last user interaction: a timestamp attribute, no content */
    {"idle", "urn:xmpp:idle:1", ALLOWED_PRESENCE, ALLOWED_EMPTY, {"since", NULL}},
    /* XEP-0172 user nickname: text only */
    {"nick", "http://jabber.org/protocol/nick", ALLOWED_PRESENCE, ALLOWED_TEXT_LINE, {NULL}},
    /* XEP-0153 vCard avatar update: a container of one photo hash (text only) */
    [ALLOWED_VCARD_UPDATE] = {"x", "vcard-temp:x:update", ALLOWED_PRESENCE, ALLOWED_CHILDREN, {NULL}},
    {"photo", "vcard-temp:x:update", ALLOWED_VCARD_UPDATE, ALLOWED_TEXT_LINE, {NULL}},
};

const allowed_element *allowed_root(void)
{
    return &allow_list[ALLOWED_PRESENCE];
}

const allowed_element *allowed_child(const allowed_element *parent, const char *namespace_uri,
                                     bool in_stanza_namespace, const char *name)
{
    int parent_index = (int)(parent - allow_list);
    for (size_t i = 0; i < sizeof allow_list / sizeof allow_list[0]; i++) {
        const allowed_element *entry = &allow_list[i];
        if (entry->parent != parent_index || strcmp(entry->name, name) != 0)
            continue;
        if (entry->namespace_uri == STANZA_NS ? in_stanza_namespace
                                              : namespace_uri != NULL && strcmp(entry->namespace_uri, namespace_uri) == 0)
            return entry;
    }
    return NULL;
}

const char *allowed_attribute(const allowed_element *element, const char *namespace_uri, const char *name)
{
    static const char xml_namespace[] = "http://www.w3.org/XML/1998/namespace";
    for (const char *const *allowed = element->attributes; *allowed != NULL; allowed++) {
        if (strcmp(*allowed, "xml:lang") == 0) {
            if (namespace_uri != NULL && strcmp(namespace_uri, xml_namespace) == 0 && strcmp(name, "lang") == 0)
                return *allowed;
        } else if (namespace_uri == NULL && strcmp(*allowed, name) == 0) {
            return *allowed;
        }
    }
    return NULL;
}
