/*
 * xml_fixed.c — the type=xml answers whose shape is fixed (README "Answers"), built
 * from constant fragments and the snapshot's texts, without a libxml2 tree:
 *   forbidden: <presence type="error" from="JID" to="REQ_JID"><error code="403" type="auth">
 *              <forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>
 *   offline:   <presence type="unavailable" from="BARE"><status>TEXT</status></presence>
 *   facts:     <presence from="BARE"><show>S</show><status>T</status><priority>P</priority></presence>
 * Each text is cleaned (clean_text_line: no control characters, valid UTF-8), then
 * escaped by libxml2 as its serialiser escapes it: attribute values with
 * xmlEncodeSpecialChars (< > & "), text content with xmlEncodeEntitiesReentrant on a
 * document with an encoding (< > &, UTF-8 bytes kept). The answer is one allocation.
 */
#include "presence_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/entities.h>
#include <libxml/tree.h>

#define MAX_PIECES 16u /* the facts answer, the longest, has 15 */
#define MAX_TEXTS 2u   /* snapshot texts in one answer */

#define FORBIDDEN_TAIL                                                                             \
    "><error code=\"403\" type=\"auth\"><forbidden xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>" \
    "</error></presence>"

/* What xmlEncodeEntitiesReentrant reads of a document: its type and whether it has an
 * encoding (without one, it writes bytes >= 0x80 as character references). Never written. */
static const xmlDoc utf8_document = {.type = XML_DOCUMENT_NODE, .encoding = BAD_CAST "UTF-8"};

typedef enum escaping { ATTRIBUTE_VALUE, TEXT_CONTENT } escaping;

/* An answer under construction: its pieces in order, and the memory behind them. */
typedef struct xml_builder {
    presence_text pieces[MAX_PIECES];
    size_t piece_count;
    xmlChar *escaped[MAX_TEXTS]; /* libxml2's escaped copies */
    size_t escaped_count;
    char *cleaned;               /* one block for the cleaned copies */
    size_t cleaned_capacity, cleaned_used;
    bool failed;                 /* out of memory (or, never expected, out of slots) */
} xml_builder;

static size_t clean_capacity_of(presence_text text)
{
    return text_present(text) ? CLEAN_TEXT_CAPACITY(text.length) : 0;
}

/* Starts an answer that will hold at most the texts first and second. */
static void builder_begin(xml_builder *builder, presence_text first, presence_text second)
{
    memset(builder, 0, sizeof *builder);
    builder->cleaned_capacity = clean_capacity_of(first) + clean_capacity_of(second);
    builder->cleaned = core_malloc(builder->cleaned_capacity + 1);
    builder->failed = builder->cleaned == NULL;
}

static void add_piece(xml_builder *builder, const char *data, size_t length)
{
    if (builder->piece_count == MAX_PIECES) {
        builder->failed = true;
        return;
    }
    builder->pieces[builder->piece_count++] = (presence_text){data, length};
}

#define ADD_LITERAL(builder, literal) add_piece((builder), (literal), sizeof(literal) - 1)

/* When text is present: before, text cleaned and escaped, after. */
static void add_escaped(xml_builder *builder, presence_text before, presence_text text, escaping kind,
                        presence_text after)
{
    if (!text_present(text))
        return;
    if (builder->failed || builder->escaped_count == MAX_TEXTS ||
        clean_capacity_of(text) > builder->cleaned_capacity - builder->cleaned_used) {
        builder->failed = true;
        return;
    }
    char *copy = builder->cleaned + builder->cleaned_used;
    builder->cleaned_used += clean_text_line(text.data, text.length, copy) + 1;
    xmlChar *escaped = kind == ATTRIBUTE_VALUE ? xmlEncodeSpecialChars(NULL, BAD_CAST copy)
                                               : xmlEncodeEntitiesReentrant((xmlDocPtr)&utf8_document, BAD_CAST copy);
    if (escaped == NULL) {
        builder->failed = true;
        return;
    }
    builder->escaped[builder->escaped_count++] = escaped;
    add_piece(builder, before.data, before.length);
    add_piece(builder, (const char *)escaped, strlen((const char *)escaped));
    add_piece(builder, after.data, after.length);
}

#define ADD_ATTRIBUTE(builder, name, value)                                                        \
    add_escaped((builder), TEXT_LITERAL(" " name "=\""), (value), ATTRIBUTE_VALUE, TEXT_LITERAL("\""))
#define ADD_TEXT_ELEMENT(builder, name, text)                                                      \
    add_escaped((builder), TEXT_LITERAL("<" name ">"), (text), TEXT_CONTENT, TEXT_LITERAL("</" name ">"))

/* Joins the pieces into the body of a 200 text/xml answer (or answers 500 when
 * something failed), then frees what the builder held. */
static void builder_answer(xml_builder *builder, presence_status status, presence_response *response)
{
    size_t length = 0;
    for (size_t i = 0; i < builder->piece_count; i++)
        length += builder->pieces[i].length;
    char *body = builder->failed ? NULL : core_malloc(length + 1);
    if (body != NULL) {
        char *end = body;
        for (size_t i = 0; i < builder->piece_count; i++) {
            memcpy(end, builder->pieces[i].data, builder->pieces[i].length);
            end += builder->pieces[i].length;
        }
        *end = '\0';
        answer_begin(response, 200, PRESENCE_ANSWER_XML, status, CONTENT_TYPE_XML);
        answer_owned_body(response, body, length);
    } else {
        answer_out_of_memory(response, status);
    }
    for (size_t i = 0; i < builder->escaped_count; i++)
        xmlFree(builder->escaped[i]);
    core_free(builder->cleaned);
}

void xml_forbidden_answer(presence_text subject, presence_text requester, presence_response *response)
{
    xml_builder builder;
    builder_begin(&builder, subject, requester);
    ADD_LITERAL(&builder, "<presence type=\"error\"");
    ADD_ATTRIBUTE(&builder, "from", subject);
    ADD_ATTRIBUTE(&builder, "to", requester);
    ADD_LITERAL(&builder, FORBIDDEN_TAIL);
    builder_answer(&builder, PRESENCE_STATUS_FORBIDDEN, response);
}

void xml_offline_answer(presence_text subject, presence_text line, presence_response *response)
{
    xml_builder builder;
    builder_begin(&builder, subject, line);
    ADD_LITERAL(&builder, "<presence type=\"unavailable\"");
    ADD_ATTRIBUTE(&builder, "from", subject);
    ADD_LITERAL(&builder, ">");
    ADD_TEXT_ELEMENT(&builder, "status", line);
    ADD_LITERAL(&builder, "</presence>");
    builder_answer(&builder, PRESENCE_STATUS_OFFLINE, response);
}

void xml_facts_answer(presence_text subject, presence_text status_text, const presence_snapshot *snapshot,
                      presence_status status, presence_response *response)
{
    char priority[16];
    snprintf(priority, sizeof priority, "%" PRId32, snapshot->priority);
    xml_builder builder;
    builder_begin(&builder, subject, status_text);
    ADD_LITERAL(&builder, "<presence");
    ADD_ATTRIBUTE(&builder, "from", subject);
    ADD_LITERAL(&builder, ">");
    if (status != PRESENCE_STATUS_AVAILABLE) {
        const char *show = presence_status_name(status); /* letters only: nothing to escape */
        ADD_LITERAL(&builder, "<show>");
        add_piece(&builder, show, strlen(show));
        ADD_LITERAL(&builder, "</show>");
    }
    ADD_TEXT_ELEMENT(&builder, "status", status_text);
    ADD_LITERAL(&builder, "<priority>");
    add_piece(&builder, priority, strlen(priority));
    ADD_LITERAL(&builder, "</priority></presence>");
    builder_answer(&builder, status, response);
}
