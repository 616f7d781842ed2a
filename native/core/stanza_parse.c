/*
 * stanza_parse.c — the online stanza from Openfire, parsed by libxml2 the safe way:
 * no network (XML_PARSE_NONET), no DTD loading and no entity substitution (neither
 * option is given), no error output; a stanza holding "<!DOCTYPE" is not parsed at
 * all, and a document that still has a DTD is refused (defence in depth against
 * XXE and entity expansion). Input is read as UTF-8 whatever it declares.
 */
#include "presence_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#define STANZA_PARSE_OPTIONS \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* True when needle (a literal) occurs in text. */
static bool contains(presence_text text, const char *needle, size_t needle_length)
{
    for (size_t i = 0; i + needle_length <= text.length; i++)
        if (text.data[i] == needle[0] && memcmp(text.data + i, needle, needle_length) == 0)
            return true;
    return false;
}

/* libxml2's push parser is used because it takes the bytes in one chunk
 * (xmlReadMemory re-grows its input buffer many times on short input) and leaves
 * the parser context to us, so nsWellFormed can be checked too. */
struct _xmlDoc *stanza_parse(presence_text stanza)
{
    if (!text_present(stanza) || contains(stanza, "<!DOCTYPE", 9))
        return NULL;
    xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
    if (parser == NULL)
        return NULL;
    xmlCtxtUseOptions(parser, STANZA_PARSE_OPTIONS);
    xmlParseChunk(parser, stanza.data, (int)stanza.length, 1);
    xmlDocPtr document = parser->myDoc;
    bool well_formed = parser->wellFormed && parser->nsWellFormed;
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
