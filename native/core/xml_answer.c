/*
 * xml_answer.c — type=xml: one <presence/> element, no XML declaration.
 *
 * online:    the snapshot's stanza as stanza_parse() accepts it, re-serialised by
 *            libxml2; otherwise rebuilt from the facts (xml_facts_answer).
 * offline:   xml_offline_answer with the status line of type=text.
 * forbidden: xml_forbidden_answer, from/to only for valid JIDs within PRESENCE_MAX_JID
 *            (forbidden never answers 500).
 * The fixed shapes are built in xml_fixed.c; the limits are checked here.
 */
#include "presence_internal.h"

#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* Serialises the parsed stanza's root into an owned body: a 200 text/xml answer, or 500.
 * initial_size: a guess of the output length, so the buffer seldom grows. */
static void answer_with_stanza(presence_response *response, presence_status status, xmlDocPtr document,
                               size_t initial_size)
{
    xmlNodePtr root = xmlDocGetRootElement(document);
    xmlBufferPtr buffer = xmlBufferCreateSize(initial_size);
    char *body = NULL;
    size_t length = 0;
    if (buffer != NULL && root != NULL && xmlNodeDump(buffer, document, root, 0, 0) >= 0) {
        length = (size_t)xmlBufferLength(buffer);
        body = core_malloc(length + 1);
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

static void forbidden_answer(const presence_request *request, const presence_snapshot *snapshot,
                             presence_response *response)
{
    presence_text subject = subject_bare_jid(request, snapshot);
    presence_text requester = requester_bare_jid(request, snapshot);
    if (!text_within_limit(subject, PRESENCE_MAX_JID))
        subject = (presence_text){NULL, 0};
    if (!text_within_limit(requester, PRESENCE_MAX_JID))
        requester = (presence_text){NULL, 0};
    xml_forbidden_answer(subject, requester, response);
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
    xml_offline_answer(subject, source.line, response);
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
        xml_facts_answer(subject, snapshot, status, response);
        return;
    }
    answer_with_stanza(response, status, document, snapshot->stanza_xml.length + 64);
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
