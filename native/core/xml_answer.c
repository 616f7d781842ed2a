/*
 * xml_answer.c — type=xml: one <presence/> element, no XML declaration.
 *
 * online:    the snapshot's stanza as stanza_parse() accepts it, re-serialised by
 *            libxml2; otherwise rebuilt from the facts:
 *            <presence from="BARE"><show>S</show><status>T</status><priority>P</priority></presence>
 *            (show only when there is one, status only when there is a text).
 * offline:   <presence type="unavailable" from="BARE"><status>TEXT</status></presence>
 * forbidden: <presence type="error" from="JID" to="REQ_JID"><error code="403" type="auth">
 *            <forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>,
 *            from/to only for valid JIDs within PRESENCE_MAX_JID (forbidden never answers 500).
 * Every element built here is built with libxml2's tree API from cleaned text
 * (clean_text_line), so escaping is libxml2's and the output is always well-formed.
 */
#include "presence_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define STANZAS_NAMESPACE "urn:ietf:params:xml:ns:xmpp-stanzas"

/* Cleaned, NUL-terminated copies of snapshot texts, carved from one allocation. */
typedef struct scratch {
    char *block;
    size_t used;
} scratch;

static bool scratch_reserve(scratch *space, presence_text a, presence_text b)
{
    space->used = 0;
    space->block = malloc(CLEAN_TEXT_CAPACITY(a.length) + CLEAN_TEXT_CAPACITY(b.length));
    return space->block != NULL;
}

/* A cleaned copy of text inside space, or NULL for an absent text. */
static const char *scratch_clean(scratch *space, presence_text text)
{
    if (!text_present(text))
        return NULL;
    char *copy = space->block + space->used;
    space->used += clean_text_line(text.data, text.length, copy) + 1;
    return copy;
}

/* Serialises element into an owned body: a 200 text/xml answer, or 500.
 * initial_size: a guess of the output length, so the buffer seldom grows. */
static void answer_with_element(presence_response *response, presence_status status, xmlDocPtr document,
                                xmlNodePtr element, size_t initial_size)
{
    xmlBufferPtr buffer = xmlBufferCreateSize(initial_size);
    char *body = NULL;
    size_t length = 0;
    if (buffer != NULL && element != NULL && xmlNodeDump(buffer, document, element, 0, 0) >= 0) {
        length = (size_t)xmlBufferLength(buffer);
        body = malloc(length + 1);
        if (body != NULL)
            memcpy(body, xmlBufferContent(buffer), length + 1);
    }
    xmlBufferFree(buffer);
    if (body == NULL) {
        answer_out_of_memory(response, status);
        return;
    }
    answer_begin(response, 200, PRESENCE_ANSWER_XML, status, CONTENT_TYPE_XML);
    answer_owned_body(response, body, length);
}

/* A new document whose root is <presence>, with type when not NULL. */
static xmlNodePtr new_presence_document(const char *type)
{
    xmlDocPtr document = xmlNewDoc(BAD_CAST "1.0");
    if (document == NULL)
        return NULL;
    /* With no encoding, libxml2 writes non-ASCII attribute bytes as character
     * references; with UTF-8 it keeps them, as it does for parsed stanzas. */
    document->encoding = xmlStrdup(BAD_CAST "UTF-8");
    xmlNodePtr root = xmlNewDocNode(document, NULL, BAD_CAST "presence", NULL);
    if (root == NULL) {
        xmlFreeDoc(document);
        return NULL;
    }
    xmlDocSetRootElement(document, root);
    if (type != NULL)
        xmlNewProp(root, BAD_CAST "type", BAD_CAST type);
    return root;
}

static void set_attribute_if(xmlNodePtr element, const char *name, const char *value)
{
    if (element != NULL && value != NULL)
        xmlNewProp(element, BAD_CAST name, BAD_CAST value);
}

static void add_text_child_if(xmlNodePtr element, const char *name, const char *text)
{
    if (element != NULL && text != NULL)
        xmlNewTextChild(element, NULL, BAD_CAST name, BAD_CAST text);
}

/* Answers with root's document, then frees it. */
static void answer_and_free(presence_response *response, presence_status status, xmlNodePtr root)
{
    answer_with_element(response, status, root ? root->doc : NULL, root, 256);
    if (root != NULL)
        xmlFreeDoc(root->doc);
}

static void forbidden_answer(const presence_request *request, const presence_snapshot *snapshot,
                             presence_response *response)
{
    presence_text subject = subject_bare_jid(request, snapshot);
    presence_text requester = requester_bare_jid(request, snapshot);
    if (!text_within_limit(subject, PRESENCE_MAX_JID))
        subject = (presence_text){NULL, 0};
    if (!text_within_limit(requester, PRESENCE_MAX_JID))
        requester = (presence_text){NULL, 0};
    scratch space;
    if (!scratch_reserve(&space, subject, requester)) {
        answer_out_of_memory(response, PRESENCE_STATUS_FORBIDDEN);
        return;
    }
    xmlNodePtr root = new_presence_document("error");
    set_attribute_if(root, "from", scratch_clean(&space, subject));
    set_attribute_if(root, "to", scratch_clean(&space, requester));
    xmlNodePtr error = root ? xmlNewChild(root, NULL, BAD_CAST "error", NULL) : NULL;
    set_attribute_if(error, "code", "403");
    set_attribute_if(error, "type", "auth");
    xmlNodePtr reason = error ? xmlNewChild(error, NULL, BAD_CAST "forbidden", NULL) : NULL;
    if (reason != NULL)
        xmlSetNs(reason, xmlNewNs(reason, BAD_CAST STANZAS_NAMESPACE, NULL));
    answer_and_free(response, PRESENCE_STATUS_FORBIDDEN, root);
    free(space.block);
}

static void offline_answer(const presence_request *request, const presence_snapshot *snapshot,
                           presence_response *response)
{
    presence_text subject = subject_bare_jid(request, snapshot);
    status_line source = status_line_for(snapshot, PRESENCE_STATUS_OFFLINE);
    if (!text_within_limit(subject, PRESENCE_MAX_JID) || !text_within_limit(source.line, PRESENCE_MAX_STATUS_TEXT)) {
        answer_data_over_limits(response, PRESENCE_STATUS_OFFLINE);
        return;
    }
    scratch space;
    if (!scratch_reserve(&space, subject, source.line)) {
        answer_out_of_memory(response, PRESENCE_STATUS_OFFLINE);
        return;
    }
    xmlNodePtr root = new_presence_document("unavailable");
    set_attribute_if(root, "from", scratch_clean(&space, subject));
    add_text_child_if(root, "status", scratch_clean(&space, source.line));
    answer_and_free(response, PRESENCE_STATUS_OFFLINE, root);
    free(space.block);
}

static void online_from_facts(presence_text subject, const presence_snapshot *snapshot, presence_status status,
                              presence_response *response)
{
    scratch space;
    if (!scratch_reserve(&space, subject, snapshot->status_text)) {
        answer_out_of_memory(response, status);
        return;
    }
    char priority[16];
    snprintf(priority, sizeof priority, "%" PRId32, snapshot->priority);
    xmlNodePtr root = new_presence_document(NULL);
    set_attribute_if(root, "from", scratch_clean(&space, subject));
    add_text_child_if(root, "show", status == PRESENCE_STATUS_AVAILABLE ? NULL : presence_status_name(status));
    add_text_child_if(root, "status", scratch_clean(&space, snapshot->status_text));
    add_text_child_if(root, "priority", priority);
    answer_and_free(response, status, root);
    free(space.block);
}

static void online_answer(const presence_request *request, const presence_snapshot *snapshot, presence_status status,
                          presence_response *response)
{
    presence_text subject = subject_bare_jid(request, snapshot);
    if (!text_within_limit(snapshot->stanza_xml, PRESENCE_MAX_STANZA) ||
        !text_within_limit(snapshot->status_text, PRESENCE_MAX_STATUS_TEXT) ||
        !text_within_limit(subject, PRESENCE_MAX_JID)) {
        answer_data_over_limits(response, status);
        return;
    }
    xmlDocPtr document = stanza_parse(snapshot->stanza_xml);
    if (document == NULL) {
        online_from_facts(subject, snapshot, status, response);
        return;
    }
    answer_with_element(response, status, document, xmlDocGetRootElement(document),
                        snapshot->stanza_xml.length + 64);
    xmlFreeDoc(document);
}

void xml_answer(const presence_request *request, const presence_snapshot *snapshot, presence_status status,
                presence_response *response)
{
    if (status == PRESENCE_STATUS_FORBIDDEN)
        forbidden_answer(request, snapshot, response);
    else if (status == PRESENCE_STATUS_OFFLINE)
        offline_answer(request, snapshot, response);
    else
        online_answer(request, snapshot, status, response);
}
