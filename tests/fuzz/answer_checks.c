/*
 * answer_checks.c — invariants of presence_resolve() answers (see answer_checks.h).
 * Each rule cites the contract: README "The contract and our decisions" and presence.h.
 */
#include "answer_checks.h"
#include "expected_etag.h" /* tests/native */

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Prints why the answer is wrong and aborts so that libFuzzer keeps the input. */
void violation(const char *rule)
{
    fprintf(stderr, "presence_fuzz: invariant violated: %s\n", rule);
    abort();
}

void require(int condition, const char *rule)
{
    if (!condition)
        violation(rule);
}

static int present(presence_text text)
{
    return text.data != NULL && text.length > 0;
}

static int text_equals(presence_text text, const char *literal)
{
    size_t length = strlen(literal);
    return present(text) && text.length == length && memcmp(text.data, literal, length) == 0;
}

static int printable_ascii(const char *value)
{
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p < 0x20 || *p > 0x7E)
            return 0;
    return 1;
}

/* An HTTP token (RFC 9110 tchar). */
static int header_name_is_token(const char *name)
{
    if (name[0] == '\0')
        return 0;
    for (const char *p = name; *p; p++)
        if (!(strchr("!#$%&'*+-.^_`|~", *p) || (*p >= '0' && *p <= '9') ||
              (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return 1;
}

/* The value of the header named name (case-insensitive), NULL if none; aborts on a repeat. */
static const char *header_value(const presence_response *response, const char *name)
{
    const char *found = NULL;
    for (size_t i = 0; i < response->header_count; i++) {
        if (strcasecmp(response->headers[i].name, name) == 0) {
            require(found == NULL, "a header appears twice");
            found = response->headers[i].value;
        }
    }
    return found;
}

/* A redirect target: http(s)://HOST... or a path starting with exactly one '/';
 * no backslash, no space (bytes >= 0x80 and spaces are percent-encoded). */
static int location_is_safe(const char *location)
{
    const char *host = NULL;
    if (strchr(location, '\\') || strchr(location, ' '))
        return 0;
    if (strncasecmp(location, "http://", 7) == 0)
        host = location + 7;
    else if (strncasecmp(location, "https://", 8) == 0)
        host = location + 8;
    else
        return location[0] == '/' && location[1] != '/';
    return host[0] != '\0' && strchr("/?#", host[0]) == NULL;
}

/* Namespaces whose elements or attributes can run script or style a page in a browser. */
static const char *const active_namespaces[] = {
    "http://www.w3.org/1999/xhtml",          /* XHTML */
    "http://www.w3.org/2000/svg",            /* SVG */
    "http://www.w3.org/1998/Math/MathML",    /* MathML */
    "http://www.w3.org/1999/xlink",          /* XLink */
    "http://www.w3.org/1999/XSL/Transform",  /* XSLT */
};

/* The namespaces an element of an answer may have: the stanza's (jabber:client, or none, which
 * the core's own answers use for it), the presence extensions kept, and the stanza-error
 * condition of the fixed forbidden answer (README, type=xml). Written here from the contract,
 * independently of the core's allow-list. */
static const char *const element_namespaces[] = {
    "jabber:client",
    "http://jabber.org/protocol/caps",
    "urn:xmpp:delay",
    "jabber:x:delay",
    "urn:xmpp:idle:1",
    "http://jabber.org/protocol/nick",
    "vcard-temp:x:update",
    "urn:ietf:params:xml:ns:xmpp-stanzas",
};

static int in_list(const xmlChar *name, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (xmlStrcmp(name, BAD_CAST list[i]) == 0)
            return 1;
    return 0;
}

#define IN_LIST(name, list) in_list((name), (list), sizeof(list) / sizeof((list)[0]))

/* No active content anywhere under node: no processing instruction, no comment, no element
 * outside element_namespaces, no attribute in an active namespace or named on* (any case).
 * Iterative (a stanza may nest as deep as libxml2 allows). */
static void check_no_active_content(xmlNodePtr node)
{
    while (node != NULL) {
        require(node->type != XML_PI_NODE, "XML answer carries a processing instruction");
        require(node->type != XML_COMMENT_NODE, "XML answer carries a comment");
        require(node->type != XML_ENTITY_REF_NODE && node->type != XML_DTD_NODE,
                "XML answer carries an entity reference or DTD");
        if (node->type == XML_ELEMENT_NODE) {
            require(node->ns == NULL || node->ns->href == NULL || IN_LIST(node->ns->href, element_namespaces),
                    "XML answer has an element outside the allowed namespaces");
            for (xmlAttrPtr attribute = node->properties; attribute != NULL; attribute = attribute->next) {
                require(attribute->ns == NULL || attribute->ns->href == NULL ||
                        !IN_LIST(attribute->ns->href, active_namespaces),
                        "XML answer has an attribute in an active namespace");
                const char *name = (const char *)attribute->name;
                require(strncasecmp(name, "on", 2) != 0, "XML answer has an on* attribute");
            }
        }
        if (node->children != NULL && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node != NULL && node->next == NULL)
            node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
        if (node != NULL)
            node = node->next;
    }
}

/* Parses an XML body with libxml2: well-formed, one <presence/> root, no DTD, no declaration,
 * no active content. */
static void check_xml_body(const presence_response *response)
{
    require(response->body_length < (size_t)1 << 30, "XML body absurdly long");
    require(response->body_length < 5 || memcmp(response->body, "<?xml", 5) != 0,
            "XML answer carries an XML declaration");
    xmlDocPtr document = xmlReadMemory((const char *)response->body, (int)response->body_length,
                                       NULL, NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                       XML_PARSE_HUGE);
    require(document != NULL, "text/xml answer is not well-formed XML");
    xmlNodePtr root = xmlDocGetRootElement(document);
    int root_is_presence = root != NULL && xmlStrcmp(root->name, BAD_CAST "presence") == 0;
    int has_dtd = document->intSubset != NULL;
    int only_root = 1;
    for (xmlNodePtr top = document->children; top != NULL; top = top->next) {
        require(top->type != XML_PI_NODE, "XML answer carries a processing instruction");
        require(top->type != XML_COMMENT_NODE, "XML answer carries a comment");
        if (top != root && top->type != XML_DTD_NODE)
            only_root = 0;
    }
    if (root != NULL)
        check_no_active_content(root);
    xmlFreeDoc(document);
    require(root_is_presence, "XML answer's root element is not <presence>");
    require(!has_dtd, "XML answer carries a DTD");
    require(only_root, "XML answer has a node beside its root element");
}

/* Length of the JSON string body (escapes decoded or not) starting after its opening quote at
 * p, up to and including its closing quote; 0 when it is not a strictly valid RFC 8259 string
 * in valid UTF-8, or when it holds a raw '<' '>' '&' or U+2028/U+2029 (the answer must stay
 * inert inside an HTML <script> element). */
static size_t json_string_length(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *at = p;
    while (at < end && *at != '"') {
        unsigned char c = *at;
        if (c < 0x20 || c == '<' || c == '>' || c == '&')
            return 0;
        if (c == '\\') {
            if (end - at < 2)
                return 0;
            if (at[1] == 'u') {
                if (end - at < 6)
                    return 0;
                for (int i = 2; i < 6; i++)
                    if (!isxdigit(at[i]))
                        return 0;
                at += 6;
            } else if (at[1] != 0 && strchr("\"\\/bfnrt", at[1]) != NULL) {
                at += 2;
            } else {
                return 0;
            }
            continue;
        }
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || (size_t)(end - at) < n)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((at[i] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && at[1] < 0xA0) || (c == 0xED && at[1] >= 0xA0) || (c == 0xF0 && at[1] < 0x90) ||
            (c == 0xF4 && at[1] >= 0x90) || (c == 0xE2 && at[1] == 0x80 && (at[2] == 0xA8 || at[2] == 0xA9)))
            return 0;
        at += n;
    }
    return at < end ? (size_t)(at - p) + 1 : 0;
}

/* A batch body (several jid parameters, no single status): one object of string keys, each
 * value an object that check_json_body's rules would accept for some status name. */
static void check_json_batch_body(const presence_response *response)
{
    require(strcmp(response->headers[0].value, "application/json; charset=utf-8") == 0,
            "batch answer's Content-Type is not application/json; charset=utf-8");
    const unsigned char *at = response->body, *end = at + response->body_length;
    require(end - at >= 2 && *at == '{' && end[-1] == '}', "batch answer is not one JSON object");
    at++;
    while (at < end - 1) {
        require(*at == '"', "batch answer: a key is not a string");
        size_t key = json_string_length(at + 1, end);
        require(key > 0, "batch answer: a key is not a valid, inert JSON string");
        at += 1 + key;
        require(at < end && *at == ':', "batch answer: no ':' after a key");
        at++;
        static const char status[] = "{\"status\":\"";
        require((size_t)(end - at) > sizeof status && memcmp(at, status, sizeof status - 1) == 0,
                "batch answer: a value does not begin with its status member");
        at += sizeof status - 1;
        size_t name = json_string_length(at, end);
        require(name > 0, "batch answer: a status name is not a string");
        bool known = false;
        for (int s = 0; s < PRESENCE_STATUS_COUNT && !known; s++)
            known = strlen(presence_status_name(s)) == name - 1 && memcmp(at, presence_status_name(s), name - 1) == 0;
        require(known, "batch answer: an unknown status name");
        at += name;
        static const char message[] = ",\"message\":\"";
        if ((size_t)(end - at) >= sizeof message - 1 && memcmp(at, message, sizeof message - 1) == 0) {
            at += sizeof message - 1;
            size_t length = json_string_length(at, end);
            require(length > 0, "batch answer: a message is not a valid, inert JSON string");
            at += length;
        }
        require(at < end && *at == '}', "batch answer: a value has members other than status and message");
        at++;
        if (at < end - 1) {
            require(*at == ',', "batch answer: entries not separated by ','");
            at++;
        }
    }
    require(at == end - 1, "batch answer: bytes after the object");
}

/* A type=json body: {"status":"<the decided name>"} or that with ,"message":"<string>"
 * before the brace, nothing else, the string strictly valid (json_string_length). */
static void check_json_body(const presence_response *response)
{
    require(strcmp(response->headers[0].value, "application/json; charset=utf-8") == 0,
            "JSON answer's Content-Type is not application/json; charset=utf-8");
    const char *name = presence_status_name(response->status);
    require(name != NULL, "JSON answer without a status name");
    char head[64];
    int head_length = snprintf(head, sizeof head, "{\"status\":\"%s\"", name);
    const unsigned char *body = response->body, *end = body + response->body_length;
    require(response->body_length >= (size_t)head_length + 1 && memcmp(body, head, (size_t)head_length) == 0,
            "JSON answer does not begin with its status member");
    const unsigned char *at = body + head_length;
    static const char message[] = ",\"message\":\"";
    if ((size_t)(end - at) >= sizeof message - 1 && memcmp(at, message, sizeof message - 1) == 0) {
        at += sizeof message - 1;
        size_t length = json_string_length(at, end);
        require(length > 0, "JSON message is not a valid, inert JSON string");
        at += length;
    }
    require(end - at == 1 && *at == '}', "JSON answer has members other than status and message");
}

/* A type=shields body: exactly {"schemaVersion":1,"label":S,"message":S,"color":"RRGGBB"}
 * with S valid, inert JSON strings (json_string_length), the colour six lower-case hex digits. */
static void check_shields_body(const presence_response *response)
{
    const unsigned char *at = response->body, *end = at + response->body_length;
    static const char *const parts[] = {"{\"schemaVersion\":1,\"label\":", ",\"message\":", ",\"color\":"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]);
        require((size_t)(end - at) >= n && memcmp(at, parts[i], n) == 0, "shields JSON is not the endpoint object");
        at += n;
        require(at < end && *at == '"', "shields JSON member is not a string");
        at++;
        if (i < 2) {
            size_t length = json_string_length(at, end);
            require(length > 0, "shields JSON string is not valid and inert");
            at += length;
        }
    }
    require(end - at == 8 && at[6] == '"' && at[7] == '}', "shields colour is not RRGGBB, or trailing members");
    for (int i = 0; i < 6; i++)
        require((at[i] >= '0' && at[i] <= '9') || (at[i] >= 'a' && at[i] <= 'f'), "shields colour not hex");
}

/* A type=badge body: well-formed XML (libxml2, no DTD, no entity) whose elements are svg,
 * title, path, g and text in the SVG namespace only, no attribute named on*, href or style or
 * in any namespace, no "url(" / "javascript:" in any attribute but the accessible name, and
 * the accessible name (aria-label) equal to the <title>. */
static void check_badge_node(xmlNode *node)
{
    static const char *const elements[] = {"svg", "title", "path", "g", "text"};
    for (; node != NULL; node = node->next) {
        if (node->type == XML_TEXT_NODE)
            continue;
        require(node->type == XML_ELEMENT_NODE, "badge holds a node other than elements and text");
        int known = 0;
        for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
            known |= strcmp((const char *)node->name, elements[i]) == 0;
        require(known, "badge holds an element other than svg/title/path/g/text");
        require(node->ns != NULL && strcmp((const char *)node->ns->href, "http://www.w3.org/2000/svg") == 0,
                "badge element outside the SVG namespace");
        for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next) {
            const char *name = (const char *)attribute->name;
            require(strncasecmp(name, "on", 2) != 0 && strcasecmp(name, "href") != 0 && strcasecmp(name, "style") != 0 &&
                        attribute->ns == NULL,
                    "badge carries an event, href, style or namespaced attribute");
            if (strcmp(name, "aria-label") != 0) {
                xmlChar *value = xmlNodeGetContent((xmlNode *)attribute);
                require(value != NULL && strstr((const char *)value, "url(") == NULL &&
                            strstr((const char *)value, "javascript:") == NULL,
                        "badge attribute holds a reference");
                xmlFree(value);
            }
        }
        check_badge_node(node->children);
    }
}

static void check_badge_body(const presence_response *response)
{
    require(response->kind == PRESENCE_ANSWER_BADGE, "image/svg+xml answer is not a badge");
    require(memchr(response->body, '\0', response->body_length) == NULL, "badge holds a NUL byte");
    xmlDoc *doc = xmlReadMemory((const char *)response->body, (int)response->body_length, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    require(doc != NULL, "badge is not well-formed XML");
    require(doc->intSubset == NULL, "badge has a DTD");
    xmlNode *root = xmlDocGetRootElement(doc);
    require(root != NULL && strcmp((const char *)root->name, "svg") == 0, "badge root is not <svg>");
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
    xmlChar *label = xmlGetProp(root, (const xmlChar *)"aria-label");
    require(role != NULL && strcmp((const char *)role, "img") == 0, "badge is not role=img");
    require(label != NULL, "badge has no aria-label");
    xmlNode *title = root->children;
    require(title != NULL && title->type == XML_ELEMENT_NODE && strcmp((const char *)title->name, "title") == 0,
            "badge does not begin with <title>");
    xmlChar *title_text = xmlNodeGetContent(title);
    require(title_text != NULL && strcmp((const char *)title_text, (const char *)label) == 0,
            "badge title and aria-label differ");
    check_badge_node(root);
    xmlFree(role);
    xmlFree(label);
    xmlFree(title_text);
    xmlFreeDoc(doc);
}

/* The answer's first bytes match its image Content-Type (README type=avatar). */
static void check_image_magic(const presence_response *response)
{
    const char *type = response->headers[0].value;
    const unsigned char *b = response->body;
    size_t n = response->body_length;
    if (strcmp(type, "image/png") == 0)
        require(n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0, "image/png body is not a PNG");
    else if (strcmp(type, "image/jpeg") == 0)
        require(n >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[n - 2] == 0xFF && b[n - 1] == 0xD9, "image/jpeg body is not a JPEG");
    else if (strcmp(type, "image/gif") == 0)
        require(n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0) && b[n - 1] == 0x3B,
                "image/gif body is not a GIF");
    else if (strcmp(type, "image/webp") == 0)
        require(n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0, "image/webp body is not a WebP");
    else if (strcmp(type, "image/svg+xml") != 0)
        violation("image answer of an unknown Content-Type");
}

/* An ETag as the core makes them: '"', 32 lower-case hex digits, '"'. */
static int etag_well_formed(const char *etag)
{
    if (strlen(etag) != 34 || etag[0] != '"' || etag[33] != '"')
        return 0;
    for (int i = 1; i < 33; i++)
        if (!strchr("0123456789abcdef", etag[i]) || etag[i] == '\0')
            return 0;
    return 1;
}

/* No body and no Content-Type: the 304 and the preflight. */
static int bodiless(const presence_response *response)
{
    return response->kind == PRESENCE_ANSWER_NOT_MODIFIED || response->kind == PRESENCE_ANSWER_PREFLIGHT;
}

/* Headers: count, Content-Type first (none on a 304 or preflight), tokens, printable values,
 * the fixed ones, Cache-Control, the ETag on exactly the 200s (not the preflight) and 304s,
 * and CORS of one of the two modes. */
static void check_headers(const presence_response *response)
{
    require(response->header_count >= 1, "no header at all");
    require(response->header_count <= PRESENCE_MAX_HEADERS, "more than PRESENCE_MAX_HEADERS headers");
    for (size_t i = 0; i < response->header_count; i++) {
        require(response->headers[i].name != NULL, "header name is NULL");
        require(response->headers[i].value != NULL, "header value is NULL");
        require(header_name_is_token(response->headers[i].name), "header name is not a token");
        require(printable_ascii(response->headers[i].value),
                "header value holds a byte outside 0x20-0x7E (CR/LF injection)");
    }
    if (bodiless(response))
        require(header_value(response, "Content-Type") == NULL, "a 304 or preflight has a Content-Type");
    else
        require(strcasecmp(response->headers[0].name, "Content-Type") == 0, "Content-Type is not first");
    const char *cache = header_value(response, "Cache-Control");
    require(cache != NULL, "Cache-Control missing");
    if (strcmp(cache, "no-cache") != 0) {
        char *end = NULL;
        long seconds = strncmp(cache, "max-age=", 8) == 0 ? strtol(cache + 8, &end, 10) : -1;
        require(seconds >= 1 && seconds <= (long)PRESENCE_MAX_CACHE_MAX_AGE && end != NULL && *end == '\0' &&
                cache[8] != '0', "Cache-Control is neither no-cache nor max-age=1..3600");
        require((response->http_status == 200 && response->kind != PRESENCE_ANSWER_PREFLIGHT) ||
                response->http_status == 304, "max-age on an answer other than a 200 or 304");
    }
    const char *nosniff = header_value(response, "X-Content-Type-Options");
    require(nosniff != NULL && strcmp(nosniff, "nosniff") == 0, "X-Content-Type-Options missing");
    const char *policy = header_value(response, "Content-Security-Policy");
    require(policy != NULL && strcmp(policy, PRESENCE_CONTENT_SECURITY_POLICY) == 0,
            "Content-Security-Policy missing or not PRESENCE_CONTENT_SECURITY_POLICY");
    const char *origin = header_value(response, "Access-Control-Allow-Origin");
    const char *vary = header_value(response, "Vary");
    if (vary == NULL)
        require(origin != NULL && strcmp(origin, PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN) == 0,
                "any-origin mode without Access-Control-Allow-Origin: *");
    else
        require(strcmp(vary, "Origin") == 0 && (origin == NULL || strcmp(origin, "*") != 0),
                "listed-origins mode with Vary other than Origin or Allow-Origin *");
    require(header_value(response, "Access-Control-Allow-Credentials") == NULL,
            "an answer allows credentials");
    require(header_value(response, "Content-Length") == NULL, "core set Content-Length (caller's job)");
    const char *etag = header_value(response, "ETag");
    int tagged = (response->http_status == 200 && response->kind != PRESENCE_ANSWER_PREFLIGHT) ||
                 response->http_status == 304;
    require((etag != NULL) == tagged, "ETag not on exactly the 200s and 304s");
    if (etag != NULL)
        require(etag_well_formed(etag), "ETag is not 32 hex digits in quotes");
    if (etag != NULL && response->http_status == 200) { /* a 304 has lost the body and Content-Type */
        char expected[PRESENCE_ETAG_BYTES];
        expected_etag(response, expected);
        require(strcmp(etag, expected) == 0, "ETag is not README's hash of the headers and the body");
    }
}

/* True when the body holds needle (length bytes) anywhere. */
static int body_holds(const presence_response *response, const char *needle)
{
    size_t length = strlen(needle);
    for (size_t i = 0; i + length <= response->body_length; i++)
        if (memcmp(response->body + i, needle, length) == 0)
            return 1;
    return 0;
}

static uint32_t be32_at(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* A built-in icon: a PNG that starts with its signature and IHDR, or an SVG of shapes only,
 * with nothing that could run or load (README "Answers", type=image). */
static void check_image_body(const presence_response *response)
{
    const char *content_type = response->headers[0].value;
    require(response->kind == PRESENCE_ANSWER_IMAGE, "an image Content-Type on a non-image answer");
    if (strcmp(content_type, "image/png") == 0) {
        require(response->body_length > 33 && memcmp(response->body, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16) == 0,
                "image/png body is not a PNG");
        return;
    }
    require(strcmp(content_type, "image/svg+xml") == 0, "image answer neither image/png nor image/svg+xml");
    static const char prefix[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" ";
    require(response->body_length > sizeof prefix && memcmp(response->body, prefix, sizeof prefix - 1) == 0,
            "SVG body does not start with the SVG root");
    static const char *const never[] = {"script", "<!", "<?", "&", " on", "href", "url(", "style", "data:",
                                        "foreignObject"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        require(!body_holds(response, never[i]), "SVG body holds script, an event, a reference or markup");
}

/* Status code, body, Location and content type, from the answer alone. */
static void check_shape(const presence_response *response)
{
    int code = response->http_status;
    require(code == 200 || code == 302 || code == 304 || code == 400 || code == 500,
            "HTTP status not 200/302/304/400/500");
    require(response->body != NULL, "body is NULL");
    check_headers(response);
    require((code == 304) == (response->kind == PRESENCE_ANSWER_NOT_MODIFIED), "304 and its kind disagree");
    if (bodiless(response)) {
        require(response->body_length == 0, "a 304 or preflight has a body");
        require(response->log_message == NULL, "a 304 or preflight has a log message");
        require(header_value(response, "Location") == NULL, "a 304 or preflight has a Location");
        if (response->kind == PRESENCE_ANSWER_PREFLIGHT) {
            require(code == 200, "the preflight is not a 200");
            const char *methods = header_value(response, "Access-Control-Allow-Methods");
            require(methods != NULL && strcmp(methods, PRESENCE_ALLOWED_METHODS) == 0,
                    "the preflight's Access-Control-Allow-Methods");
        }
        return;
    }
    const char *location = header_value(response, "Location");
    require((code == 302) == (location != NULL), "Location present exactly on 302 answers");
    if (code == 302) {
        require(location_is_safe(location), "unsafe redirect target");
        require(response->body_length == 0, "redirect has a body");
    }
    const char *content_type = response->headers[0].value;
    if (strncmp(content_type, "text/xml", 8) == 0)
        check_xml_body(response);
    if ((response->kind == PRESENCE_ANSWER_JSON || strncmp(content_type, "application/json", 16) == 0) &&
        code == 200 && response->status == PRESENCE_STATUS_COUNT)
        check_json_batch_body(response);
    else if ((response->kind == PRESENCE_ANSWER_JSON || strncmp(content_type, "application/json", 16) == 0) &&
             response->body_length > 16 && memcmp(response->body, "{\"schemaVersion\"", 16) == 0)
        check_shields_body(response);
    else if (response->kind == PRESENCE_ANSWER_JSON || strncmp(content_type, "application/json", 16) == 0)
        check_json_body(response);
    if (strncmp(content_type, "image/", 6) == 0) { /* by kind: a badge, an avatar or an icon */
        if (response->kind == PRESENCE_ANSWER_BADGE)
            check_badge_body(response);
        else if (response->kind == PRESENCE_ANSWER_AVATAR) {
            if (code == 200)
                check_image_magic(response);
        } else
            check_image_body(response);
    }
    if (strncmp(content_type, "text/plain", 10) == 0)
        require(memchr(response->body, '\n', response->body_length) == NULL &&
                memchr(response->body, '\r', response->body_length) == NULL,
                "text/plain answer is not one line");
    if (code == 400 || code == 500)
        require(strncmp(content_type, "text/plain", 10) == 0, "error answer is not text/plain");
    if (response->log_message != NULL)
        require(printable_ascii(response->log_message), "log message holds control bytes");
}

/* 0 image, 1 text, 2 xml, 3 json, 4 badge, 5 shields, 6 avatar, -1 invalid (README decision 2). */
static int requested_type(const presence_request *request)
{
    if (!present(request->type) || text_equals(request->type, "image"))
        return 0;
    if (text_equals(request->type, "text"))
        return 1;
    if (text_equals(request->type, "xml"))
        return 2;
    if (text_equals(request->type, "json"))
        return 3;
    if (text_equals(request->type, "badge"))
        return 4;
    if (text_equals(request->type, "shields"))
        return 5;
    if (text_equals(request->type, "avatar"))
        return 6;
    return -1;
}

/* README decision 1: a request parameter over its limit is answered 400. */
static int request_over_limit(const presence_request *request)
{
    if (request->jid.length > PRESENCE_MAX_JID || request->req_jid.length > PRESENCE_MAX_JID ||
        request->type.length > PRESENCE_MAX_TYPE || request->id.length > PRESENCE_MAX_ID ||
        request->expires.length > PRESENCE_MAX_EXPIRES || request->label.length > PRESENCE_MAX_LABEL ||
        request->message.length > PRESENCE_MAX_TYPE)
        return 1;
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
        if (request->status_url[s].length > PRESENCE_MAX_URL)
            return 1;
    if (request->theme.length > PRESENCE_MAX_IMAGE_CHOICE || request->size.length > PRESENCE_MAX_IMAGE_CHOICE
        || request->format.length > PRESENCE_MAX_IMAGE_CHOICE)
        return 1;
    return 0;
}

/* Whether the length bytes at data hold needle (NUL-terminated). */
static int contains(const unsigned char *data, size_t length, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= length; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

static int has_byte(presence_text text, char byte)
{
    return present(text) && memchr(text.data, byte, text.length) != NULL;
}

/* "Signed requests", written apart from decide.c: the signature counts. */
static int signature_counts(const presence_request *request, const presence_snapshot *s)
{
    int key = s->signature_key == PRESENCE_KEY_CURRENT ||
              (s->signature_key == PRESENCE_KEY_PREVIOUS && s->now < s->previous_key_until);
    if (!key || s->now <= 0 || has_byte(request->jid, '\n') || has_byte(request->req_jid, '\n') ||
        !present(request->expires) || request->expires.length > 12)
        return 0;
    long long expires = 0;
    for (size_t i = 0; i < request->expires.length; i++) {
        if (request->expires.data[i] < '0' || request->expires.data[i] > '9')
            return 0;
        expires = expires * 10 + (request->expires.data[i] - '0');
    }
    return expires >= s->now && s->now < INT64_MAX - 86400 && expires - s->now <= 86400;
}

/* The icon's pixels asked for: 16 (absent), 32, 48; 0 when size is not one of them. */
static unsigned requested_size(const presence_request *request)
{
    if (!present(request->size) || text_equals(request->size, "16"))
        return 16;
    if (text_equals(request->size, "32"))
        return 32;
    if (text_equals(request->size, "48"))
        return 48;
    return 0;
}

/* README "Answers", type=image: theme, size and format are built-in choices or absent. */
static int image_choices_known(const presence_request *request)
{
    int theme_known = !present(request->theme) || text_equals(request->theme, "classic")
                      || text_equals(request->theme, "dot") || text_equals(request->theme, "contrast");
    int format_known = !present(request->format) || text_equals(request->format, "png")
                       || text_equals(request->format, "svg");
    return theme_known && format_known && requested_size(request) != 0;
}

/* "Who may see presence": true when the contract forces the forbidden status. */
static int must_be_forbidden(const presence_request *request, const presence_snapshot *snapshot)
{
    const presence_snapshot *s = snapshot;
    int by_link = present(request->id);
    if ((!by_link && !present(request->jid)) || !s->jid_valid || !s->subject_exists ||
        s->jid_domain == PRESENCE_DOMAIN_FOREIGN)
        return 1;
    if (s->jid_domain != PRESENCE_DOMAIN_LOCAL)
        return by_link;  /* components are public, but never answered by link */
    if (!s->jid_has_node)
        return 1;
    presence_visibility visibility = s->visibility == PRESENCE_VISIBILITY_DEFAULT
        ? (s->presence_public ? PRESENCE_VISIBILITY_PUBLIC : PRESENCE_VISIBILITY_CONTACTS) : s->visibility;
    if (visibility == PRESENCE_VISIBILITY_HIDDEN)
        return 1;
    if (by_link)
        return 0;
    if (visibility == PRESENCE_VISIBILITY_PUBLIC)
        return 0;
    if (visibility == PRESENCE_VISIBILITY_LINK)
        return 1;
    int same_person = s->requester_valid && present(s->requester_bare) && present(s->jid_bare) &&
                      s->requester_bare.length == s->jid_bare.length &&
                      memcmp(s->requester_bare.data, s->jid_bare.data, s->jid_bare.length) == 0;
    /* under plugin.presence.requester = signed an unaccepted signature counts as no req_jid */
    int requester_counts = present(request->req_jid) && s->requester_valid && present(s->requester_bare) &&
                           (!s->requester_signed_only || signature_counts(request, s));
    return !requester_counts || (!s->requester_may_probe && !same_person);
}

/* Whether the user's own message may appear ("What is shown"). */
static int message_hidden(const presence_snapshot *s)
{
    if (s->jid_domain != PRESENCE_DOMAIN_LOCAL)
        return 0;
    if (s->shown == PRESENCE_SHOWN_DEFAULT)
        return s->shown_setting.length == 6 && memcmp(s->shown_setting.data, "status", 6) == 0;
    return s->shown != PRESENCE_SHOWN_MESSAGE;
}

static presence_status expected_visible_status(const presence_snapshot *snapshot)
{
    static const presence_status by_show[] = {PRESENCE_STATUS_AVAILABLE, PRESENCE_STATUS_CHAT,
                                              PRESENCE_STATUS_AWAY, PRESENCE_STATUS_XA,
                                              PRESENCE_STATUS_DND};
    return snapshot->available ? by_show[snapshot->show] : PRESENCE_STATUS_OFFLINE;
}

/* type=avatar: a raster image; the photo's own bytes only when not forbidden, at most
 * PRESENCE_MAX_AVATAR of them, else the one default (a PNG that is not the photo unless the
 * photo is that very PNG); never anything that does not begin as its type says. */
static void check_avatar(const presence_snapshot *snapshot, const presence_response *response)
{
    require(response->kind == PRESENCE_ANSWER_AVATAR, "type=avatar not an avatar answer");
    const char *type = response->headers[0].value;
    require(strcmp(type, "image/png") == 0 || strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/gif") == 0 ||
                strcmp(type, "image/webp") == 0,
            "avatar Content-Type is not PNG, JPEG, GIF or WebP");
    int is_photo = present(snapshot->avatar) && snapshot->avatar.length == response->body_length &&
                   memcmp(snapshot->avatar.data, response->body, response->body_length) == 0;
    if (is_photo)
        require(snapshot->avatar.length <= PRESENCE_MAX_AVATAR, "avatar over PRESENCE_MAX_AVATAR served");
    if (response->status == PRESENCE_STATUS_FORBIDDEN || !is_photo)
        require(strcmp(type, "image/png") == 0, "default avatar is not a PNG");
    require(response->body_length > 0 && response->body[0] != '<', "avatar body begins as markup");
}

/* The answer against the inputs: decisions 1-2, the status name, the content type. */
/* CORS against the request and the setting: "*" exactly when the setting is blank; an echoed
 * Origin only when it is the request's, and one of the setting's entries. */
static void check_cors(const presence_request *request, const presence_snapshot *snapshot,
                       const presence_response *response)
{
    int blank = 1;
    for (size_t i = 0; present(snapshot->cors_origins) && i < snapshot->cors_origins.length; i++)
        if (!strchr(", \t", snapshot->cors_origins.data[i]) || snapshot->cors_origins.data[i] == '\0')
            blank = 0;
    const char *origin = header_value(response, "Access-Control-Allow-Origin");
    const char *vary = header_value(response, "Vary");
    require(blank == (vary == NULL), "Vary: Origin not exactly when origins are listed");
    if (blank || origin == NULL)
        return;
    size_t length = strlen(origin);
    require(present(request->origin) && request->origin.length == length &&
            memcmp(request->origin.data, origin, length) == 0, "an Origin other than the request's is allowed");
    int listed = 0;
    const char *list = snapshot->cors_origins.data;
    size_t list_length = snapshot->cors_origins.length;
    for (size_t at = 0; at + length <= list_length && !listed; at++)
        listed = memcmp(list + at, origin, length) == 0 && (at == 0 || strchr(", \t", list[at - 1])) &&
                 (at + length == list_length || strchr(", \t", list[at + length]));
    require(listed, "an Origin is allowed that the setting does not list");
}

static void check_decisions(const presence_request *request, const presence_snapshot *snapshot,
                            const presence_response *response)
{
    int code = response->http_status;
    check_cors(request, snapshot, response);
    if (request->preflight) {
        require(response->kind == PRESENCE_ANSWER_PREFLIGHT, "OPTIONS not answered with the preflight");
        return;
    }
    require(response->kind != PRESENCE_ANSWER_PREFLIGHT, "the preflight answers a request other than OPTIONS");
    if (code == 304) {
        require(present(request->if_none_match) && request->if_none_match.length <= PRESENCE_MAX_IF_NONE_MATCH,
                "a 304 without an If-None-Match within its limit");
        return;
    }
    int type = requested_type(request);
    if (request_over_limit(request) || type < 0) {
        require(code == 400, "over-limit parameter or unknown type not answered 400");
        return;
    }
    if ((type == 4 || type == 5) && present(request->message) && !text_equals(request->message, "0") &&
        !text_equals(request->message, "1")) {
        require(code == 400, "badge/shields message other than 0 or 1 not answered 400");
        return;
    }
    if (type == 0 && !image_choices_known(request)) {
        require(code == 400, "unknown theme, size or format not answered 400");
        return;
    }
    if (code != 200 && code != 302)
        return;
    require((unsigned)response->status < PRESENCE_STATUS_COUNT, "decided status out of range");
    if (must_be_forbidden(request, snapshot))
        require(response->status == PRESENCE_STATUS_FORBIDDEN, "presence leaked: must be forbidden");
    else if (response->status != PRESENCE_STATUS_FORBIDDEN)
        require(response->status == expected_visible_status(snapshot), "wrong status name");
    const char *content_type = response->headers[0].value;
    if (code == 302)
        require(type == 0 && (present(request->status_url[response->status]) || present(request->images)),
                "redirect without a URL asked for");
    else if (type == 0 && text_equals(request->format, "svg"))
        require(strcmp(content_type, "image/svg+xml") == 0, "format=svg not answered image/svg+xml");
    else if (type == 0) {
        require(strcmp(content_type, "image/png") == 0, "type=image answered without a PNG");
        require(be32_at(response->body + 16) == requested_size(request)
                    && be32_at(response->body + 20) == requested_size(request),
                "PNG not of the size asked for");
    }
    else if (type == 1)
        require(strncmp(content_type, "text/plain", 10) == 0, "type=text not text/plain");
    else if (type == 2)
        require(strncmp(content_type, "text/xml", 8) == 0, "type=xml not text/xml");
    else if (type == 4)
        require(strcmp(content_type, "image/svg+xml") == 0, "type=badge not image/svg+xml");
    else if (type == 5)
        require(response->kind == PRESENCE_ANSWER_JSON && response->body_length > 16 &&
                    memcmp(response->body, "{\"schemaVersion\"", 16) == 0,
                "type=shields not the shields JSON");
    else if (type == 6)
        check_avatar(snapshot, response);
    else
        require(response->kind == PRESENCE_ANSWER_JSON, "type=json not a JSON answer");
    if (type == 1 && response->status == PRESENCE_STATUS_FORBIDDEN)
        require(response->body_length == 9 && memcmp(response->body, "Forbidden", 9) == 0,
                "forbidden text answer is not 'Forbidden'");
    if (type == 3 && response->status == PRESENCE_STATUS_FORBIDDEN)
        require(response->body_length == 22 && memcmp(response->body, "{\"status\":\"forbidden\"}", 22) == 0,
                "forbidden JSON answer is not {\"status\":\"forbidden\"}");
    if (code != 200 || response->status == PRESENCE_STATUS_FORBIDDEN)
        return;
    int online = response->status != PRESENCE_STATUS_OFFLINE;
    if (type == 2 && present(request->id)) {
        /* by link no answer names a JID: the root element has no attribute but type */
        static const char *const roots[] = {"<presence>", "<presence type=\"unavailable\">"};
        const char *root = roots[online ? 0 : 1];
        require(response->body_length >= strlen(root) && memcmp(response->body, root, strlen(root)) == 0,
                "an xml answer by link carries an attribute (from/to) on <presence>");
    }
    if (online && message_hidden(snapshot)) {
        if (type == 3)
            require(!contains(response->body, response->body_length, "\"message\""),
                    "the message appears in JSON though the user shows the status only");
        if (type == 2)
            require(!contains(response->body, response->body_length, "<status"),
                    "the message appears in XML though the user shows the status only");
        static const char *const labels[] = {"Available", "Free to chat", "Away", "Extended away", "Do not disturb"};
        if (type == 1 && (unsigned)response->status < 5) {
            const char *label = labels[response->status];
            require(response->body_length == strlen(label) && memcmp(response->body, label, strlen(label)) == 0,
                    "type=text shows more than the status label though the user shows the status only");
        }
    }
}

void check_answer_shape(const presence_response *response)
{
    check_shape(response);
}

void check_answer(const presence_request *request, const presence_snapshot *snapshot,
                  const presence_response *response)
{
    check_shape(response);
    check_decisions(request, snapshot, response);
}

void check_same_answer(const presence_response *first, const presence_response *second)
{
    require(first->http_status == second->http_status, "forbidden answer depends on presence (status)");
    require(first->status == second->status, "forbidden answer depends on presence (status name)");
    require(first->header_count == second->header_count, "forbidden answer depends on presence (headers)");
    for (size_t i = 0; i < first->header_count; i++)
        require(strcmp(first->headers[i].name, second->headers[i].name) == 0 &&
                strcmp(first->headers[i].value, second->headers[i].value) == 0,
                "forbidden answer depends on presence (header)");
    require(first->body_length == second->body_length &&
            memcmp(first->body, second->body, first->body_length) == 0,
            "forbidden answer depends on presence (body)");
}
