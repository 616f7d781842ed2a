/*
 * xml_answer.c — type=xml: one <presence/> element, no XML declaration.
 *
 * Every JID written is the decision's (none by link: no from, no to).
 * online:    built from the stanza by the allow-list (stanza_allow.c), never copied
 *            (and kept for the next request of the same stanza, stanza_memo.c):
 *            names and namespaces come from the table, text and attribute values from
 *            the stanza as stanza_parse() accepts it, cleaned and escaped
 *            (clean_escape_xml); a stanza it refuses is rebuilt from the facts
 *            (xml_facts_answer), as is every answer by link or without the message.
 * offline:   xml_offline_answer with the status line of type=text.
 * forbidden: xml_forbidden_answer, from/to only for valid JIDs within PRESENCE_MAX_JID
 *            (forbidden never answers 500).
 * The fixed shapes are built in xml_fixed.c; the limits are checked here. libxml2's
 * diagnostics (allocation failures included) are dropped on this thread while an
 * answer is built: nothing is ever written to stderr.
 */
#include "presence_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* ---- the online answer, built from the allow-list ------------------------- */

/* The answer's bytes, growing by doubling (core_realloc). */
typedef struct xml_output {
    char *bytes;
    size_t length, capacity;
    bool failed; /* out of memory: the answer is the 500 */
} xml_output;

/* Makes room for more bytes; false (and failed) when memory runs out. */
static bool output_reserve(xml_output *output, size_t more)
{
    if (output->failed)
        return false;
    if (more <= output->capacity - output->length)
        return true;
    size_t capacity = output->capacity;
    while (more > capacity - output->length)
        capacity = capacity < 256 ? 256 : 2 * capacity;
    char *bytes = core_realloc(output->bytes, capacity);
    if (bytes == NULL) {
        output->failed = true;
        return false;
    }
    output->bytes = bytes;
    output->capacity = capacity;
    return true;
}

static void output_bytes(xml_output *output, const char *bytes, size_t length)
{
    if (output_reserve(output, length)) {
        memcpy(output->bytes + output->length, bytes, length);
        output->length += length;
    }
}

static void output_string(xml_output *output, const char *text)
{
    output_bytes(output, text, strlen(text));
}

/* Appends length bytes of text, cleaned and escaped (clean_escape_xml flags). */
static void output_escaped(xml_output *output, const char *text, size_t length, unsigned flags)
{
    if (output_reserve(output, CLEAN_ESCAPE_CAPACITY(length)))
        output->length += clean_escape_xml(text, length, output->bytes + output->length, flags);
}

/* A text or CDATA node's bytes. */
static bool is_text(xmlNodePtr node)
{
    return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

/* The namespace URI of a node (element or attribute), NULL for none. */
static const char *namespace_of(xmlNsPtr ns)
{
    return ns != NULL && ns->href != NULL && ns->href[0] != '\0' ? (const char *)ns->href : NULL;
}

static bool same_namespace(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Writes element as entry allows it: the entry's name, a default namespace declaration
 * when the entry has its own namespace (or declare, for the root in jabber:client), the
 * allowed attributes in input order, then its text or its allowed children. */
static void output_element(xml_output *output, const allowed_element *entry, xmlNodePtr element,
                           const char *stanza_namespace, const char *declare)
{
    output_string(output, "<");
    output_string(output, entry->name);
    if (declare != NULL) {
        output_string(output, " xmlns=\"");
        output_string(output, declare);
        output_string(output, "\"");
    }
    for (xmlAttrPtr attribute = element->properties; attribute != NULL; attribute = attribute->next) {
        const char *name = allowed_attribute(entry, namespace_of(attribute->ns), (const char *)attribute->name);
        if (name == NULL)
            continue;
        output_string(output, " ");
        output_string(output, name);
        output_string(output, "=\"");
        for (xmlNodePtr value = attribute->children; value != NULL; value = value->next)
            if (is_text(value) && value->content != NULL)
                output_escaped(output, (const char *)value->content, strlen((const char *)value->content),
                               CLEAN_ESCAPE_ATTRIBUTE);
        output_string(output, "\"");
    }
    size_t open_end = output->length;
    output_string(output, ">");
    size_t content_start = output->length;
    if (entry->content == ALLOWED_TEXT_LINE || entry->content == ALLOWED_TEXT_LINES) {
        unsigned flags = entry->content == ALLOWED_TEXT_LINES ? CLEAN_ESCAPE_KEEP_BREAKS : 0;
        for (xmlNodePtr child = element->children; child != NULL; child = child->next)
            if (is_text(child) && child->content != NULL)
                output_escaped(output, (const char *)child->content, strlen((const char *)child->content), flags);
    } else if (entry->content == ALLOWED_CHILDREN) {
        for (xmlNodePtr child = element->children; child != NULL; child = child->next) {
            if (child->type != XML_ELEMENT_NODE)
                continue;
            const char *uri = namespace_of(child->ns);
            const allowed_element *kept = allowed_child(entry, uri, same_namespace(uri, stanza_namespace),
                                                        (const char *)child->name);
            if (kept != NULL)
                output_element(output, kept, child, stanza_namespace,
                               kept->namespace_uri != NULL && !same_namespace(kept->namespace_uri, entry->namespace_uri)
                                   ? kept->namespace_uri : NULL);
        }
    }
    if (output->failed)
        return;
    if (output->length == content_start) { /* nothing inside: <name .../> */
        output->length = open_end;
        output_string(output, "/>");
    } else {
        output_string(output, "</");
        output_string(output, entry->name);
        output_string(output, ">");
    }
}

/* The 200 text/xml answer built from the parsed stanza, or the 500 when memory runs out. */
static void answer_with_stanza(presence_response *response, presence_status status, xmlDocPtr document,
                               size_t initial_size)
{
    xml_output output = {NULL, 0, 0, false};
    xmlNodePtr root = xmlDocGetRootElement(document);
    const char *stanza_namespace = namespace_of(root->ns);
    if (output_reserve(&output, initial_size))
        output_element(&output, allowed_root(), root, stanza_namespace, stanza_namespace);
    if (output.failed) {
        core_free(output.bytes);
        answer_out_of_memory(response, status);
        return;
    }
    answer_begin(response, 200, PRESENCE_ANSWER_XML, status, CONTENT_TYPE_XML);
    answer_owned_body(response, output.bytes, output.length);
}

static void forbidden_answer(const presence_decision *decision, presence_response *response)
{
    presence_text subject = decision->subject;
    presence_text requester = decision->requester;
    if (!text_within_limit(subject, PRESENCE_MAX_JID))
        subject = (presence_text){NULL, 0};
    if (!text_within_limit(requester, PRESENCE_MAX_JID))
        requester = (presence_text){NULL, 0};
    xml_forbidden_answer(subject, requester, response);
}

static void offline_answer(const presence_snapshot *snapshot, const presence_decision *decision,
                           presence_response *response)
{
    status_line source = status_line_for(snapshot, decision);
    if (!text_within_limit(decision->subject, PRESENCE_MAX_JID)
        || !text_within_limit(source.line, PRESENCE_MAX_STATUS_TEXT)) {
        answer_data_over_limits(response, PRESENCE_STATUS_OFFLINE);
        return;
    }
    xml_offline_answer(decision->subject, source.line, response);
}

/* Whether the online answer is made of the stanza: only when the decision shows the message
 * and names the subject. By link or without the message, the answer is rebuilt from the
 * facts: no child element of the stanza, a vCard photo hash or a client's caps, could name
 * the account behind a link. */
static bool made_of_stanza(const presence_decision *decision)
{
    return decision->message_shown && !decision->by_link;
}

/* Whether the online answer is made of the stanza and every text is within its limit (else
 * online_answer's 500), so that a body the memo kept may be served as it is. */
static bool online_from_stanza(const presence_snapshot *snapshot, const presence_decision *decision)
{
    return made_of_stanza(decision) && text_within_limit(snapshot->stanza_xml, PRESENCE_MAX_STANZA) &&
           text_within_limit(snapshot->status_text, PRESENCE_MAX_STATUS_TEXT) &&
           text_within_limit(decision->subject, PRESENCE_MAX_JID);
}

/* The online answer, given what the memo holds for the stanza (found: STANZA_MEMO_NONE when
 * the answer is not made of the stanza; never STANZA_MEMO_BODY, which xml_answer serves). */
static void online_answer(const presence_snapshot *snapshot, const presence_decision *decision,
                          stanza_memo_found found, presence_response *response)
{
    bool from_stanza = made_of_stanza(decision);
    presence_text status_text = decision->message_shown ? snapshot->status_text : (presence_text){NULL, 0};
    if ((from_stanza && !text_within_limit(snapshot->stanza_xml, PRESENCE_MAX_STANZA)) ||
        !text_within_limit(status_text, PRESENCE_MAX_STATUS_TEXT) ||
        !text_within_limit(decision->subject, PRESENCE_MAX_JID)) {
        answer_data_over_limits(response, decision->status);
        return;
    }
    if (!from_stanza || found == STANZA_MEMO_REFUSED) {
        xml_facts_answer(decision->subject, status_text, snapshot, decision->status, response);
        return;
    }
    xmlDocPtr document = stanza_parse(snapshot->stanza_xml);
    if (document == NULL) {
        stanza_memo_keep(snapshot->stanza_xml, NULL, 0);
        xml_facts_answer(decision->subject, status_text, snapshot, decision->status, response);
        return;
    }
    answer_with_stanza(response, decision->status, document, snapshot->stanza_xml.length + 64);
    xmlFreeDoc(document);
    if (response->http_status == 200)
        stanza_memo_keep(snapshot->stanza_xml, (const char *)response->body, response->body_length);
}

/* libxml2's handlers for this thread while an answer is built: they drop everything. */
static void drop_generic_diagnostic(void *context, const char *message, ...)
{
    (void)context;
    (void)message;
}

static void drop_structured_diagnostic(void *context, xmlErrorPtr error)
{
    (void)context;
    (void)error;
}

/* libxml2 keeps its generic and structured error handlers per thread (thread-local
 * global state in a threaded build; the process globals for the thread that
 * initialised it, which only that thread uses), so setting them here and putting the
 * caller's back afterwards affects no other thread. A body the memo kept needs no libxml2
 * call, so it is served before the handlers are touched. */
void xml_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response)
{
    presence_status status = decision->status;
    stanza_memo_found found = STANZA_MEMO_NONE;
    if (status != PRESENCE_STATUS_FORBIDDEN && status != PRESENCE_STATUS_OFFLINE &&
        online_from_stanza(snapshot, decision)) {
        char *kept;
        size_t kept_length;
        found = stanza_memo_find(snapshot->stanza_xml, &kept, &kept_length);
        if (found == STANZA_MEMO_BODY) {
            answer_begin(response, 200, PRESENCE_ANSWER_XML, status, CONTENT_TYPE_XML);
            answer_owned_body(response, kept, kept_length);
            return;
        }
    }
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_context = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_context = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, drop_generic_diagnostic);
    xmlSetStructuredErrorFunc(NULL, drop_structured_diagnostic);
    if (status == PRESENCE_STATUS_FORBIDDEN)
        forbidden_answer(decision, response);
    else if (status == PRESENCE_STATUS_OFFLINE)
        offline_answer(snapshot, decision, response);
    else
        online_answer(snapshot, decision, found, response);
    xmlGenericError = generic;
    xmlGenericErrorContext = generic_context;
    xmlStructuredError = structured;
    xmlStructuredErrorContext = structured_context;
}
