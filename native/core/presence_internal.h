/*
 * presence_internal.h — what the core's files share; not part of the public API.
 * Every function here keeps presence.h's promises: no mutable globals, nothing
 * pointing into the request or the snapshot, every buffer bounded.
 */
#ifndef PRESENCE_INTERNAL_H
#define PRESENCE_INTERNAL_H

#include "presence.h"
#include "hash128.h" /* MurmurHash3 x64 128: hash128_begin/add/end, hash128 */

#include <string.h>

/* ---- byte strings ------------------------------------------------------ */

/* A text counts only when it has data and at least one byte. */
static inline bool text_present(presence_text text)
{
    return text.data != NULL && text.length > 0;
}

/* True when text is exactly the length bytes of literal. */
static inline bool text_equals(presence_text text, const char *literal, size_t length)
{
    return text.length == length && text.data != NULL && memcmp(text.data, literal, length) == 0;
}

/* True when text is absent or at most limit bytes long. */
static inline bool text_within_limit(presence_text text, size_t limit)
{
    return text.data == NULL || text.length <= limit; /* length 0 is within any limit */
}

/* Eight bytes at a time: word is 8 bytes loaded with memcpy (any byte order). */
#define BYTES_OF(byte) (UINT64_C(0x0101010101010101) * (uint64_t)(byte))
#define HIGH_BITS BYTES_OF(0x80)

/* True when some byte of word is below limit (at most 0x80): exact for the word as a whole. */
static inline bool has_byte_below(uint64_t word, unsigned limit)
{
    return ((word - BYTES_OF(limit)) & ~word & HIGH_BITS) != 0;
}

/* True when some byte of word is byte. */
static inline bool has_byte(uint64_t word, unsigned byte)
{
    return has_byte_below(word ^ BYTES_OF(byte), 1);
}

#define TEXT_LITERAL(literal) ((presence_text){(literal), sizeof(literal) - 1})

/* ---- memory (presence_fault.c) ------------------------------------------ */

/* The core's one allocator, with malloc's, realloc's, strdup's and free's promises.
 * libxml2 allocates through it too (presence_core_init). In a fault-injection build
 * each attempt is counted and one can be made to fail (presence_fault.h). */
void *core_malloc(size_t size);
void *core_realloc(void *block, size_t size);
char *core_strdup(const char *text);
void core_free(void *block);

/* True when an allocation of this thread failed since the previous call (libxml2
 * does not report every failure it meets); clears that record. */
bool core_allocation_failures_clear(void);

/* True when an allocation of this thread failed since core_allocation_failures_clear()
 * (presence_resolve clears at its start, so: during this answer); clears nothing. */
bool core_allocation_failed(void);

/* ---- headers and answers (answer.c) ------------------------------------ */

#define CONTENT_TYPE_TEXT "text/plain; charset=UTF-8"
#define CONTENT_TYPE_XML "text/xml; charset=UTF-8"
#define CONTENT_TYPE_PNG "image/png"
#define CONTENT_TYPE_SVG "image/svg+xml"
#define CONTENT_TYPE_JSON "application/json; charset=utf-8"
/* The headers after Content-Type on every answer, in this order, as X(name, value). */
#define ANSWER_COMMON_TAIL(X)                                                                       \
    X("Cache-Control", "no-cache")                                                                  \
    X("X-Content-Type-Options", "nosniff")                                                          \
    X("Content-Security-Policy", PRESENCE_CONTENT_SECURITY_POLICY)                                  \
    X("Access-Control-Allow-Origin", PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN)
#define ANSWER_COMMON_HEADER_COUNT 5u /* Content-Type and the tail */
/* Their header lines (name, ": ", value, CR LF) joined, as the ETag hashes them. */
#define ANSWER_COMMON_LINE(name, value) name ": " value "\r\n"
#define ANSWER_COMMON_LINES ANSWER_COMMON_TAIL(ANSWER_COMMON_LINE)

/* The five headers as answer_begin sets them, Content-Type's value NULL (answer.c). A header
 * of a response whose name and value are these pointers is known to hold these bytes. */
extern const presence_header answer_common_headers[ANSWER_COMMON_HEADER_COUNT];

/* Sets *response to an empty-bodied answer with Content-Type, Cache-Control,
 * X-Content-Type-Options, Content-Security-Policy and Access-Control-Allow-Origin, no log
 * message and nothing owned. */
void answer_begin(presence_response *response, int http_status, presence_answer_kind kind,
                  presence_status status, const char *content_type);

/* Makes body (static, NUL-terminated) the answer's body. */
void answer_static_body(presence_response *response, const char *body);

/* Makes the buffer (from core_malloc) the answer's body; the response owns it from now on. */
void answer_owned_body(presence_response *response, char *buffer, size_t length);

/* A complete text/plain error answer whose body and log line are sentence (static). */
void answer_error(presence_response *response, int http_status, presence_status status, const char *sentence);

/* The 500 answers: snapshot data over its limits; memory exhausted. */
void answer_data_over_limits(presence_response *response, presence_status status);
void answer_out_of_memory(presence_response *response, presence_status status);

/* Completes a built answer (the last step of every resolve): the CORS headers
 * (cors.c: with cors_origins set, Access-Control-Allow-Origin is the allowed Origin
 * or left out, and "Vary: Origin" is added); on a 200 other than the preflight,
 * Cache-Control from cache_max_age, then the ETag; when If-None-Match matches it,
 * the answer becomes the 304 (no Content-Type, no body, every other header kept). */
void answer_finish(const presence_request *request, const presence_snapshot *snapshot, presence_response *response);

/* The seconds plugin.presence.cache.maxage asks for: decimal digits, spaces around
 * allowed, clamped to PRESENCE_MAX_CACHE_MAX_AGE; anything else (absent, a sign, a
 * text over PRESENCE_MAX_CACHE_SETTING bytes) is 0. */
unsigned cache_max_age_of(presence_text setting);

/* ---- hashing and conditional requests (etag.c) ------------------------- */

/* Writes the strong ETag of the answer as it stands: '"', 32 lower-case hex digits, '"',
 * NUL; the hash128 of the header lines (the first one last), an empty line and the body's
 * hash128 (its body_hash when set, which must be the body's). A function of the bytes
 * alone (etag.c). */
void answer_etag(const presence_response *response, char etag[PRESENCE_ETAG_BYTES]);

/* True when the If-None-Match header (RFC 9110 13.1.2) matches etag (with its quotes, as
 * answer_etag writes it):
 * "*", or a list of entity tags, each "..." or W/"...", separated by commas with
 * optional spaces and tabs (empty elements allowed), one of which equals etag by the
 * weak comparison. A malformed header, or one over PRESENCE_MAX_IF_NONE_MATCH bytes,
 * matches nothing (the answer is sent whole). One pass, no allocation. */
bool if_none_match_matches(presence_text header, const char *etag);

/* ---- CORS (cors.c) ------------------------------------------------------ */

typedef struct cors_decision {
    bool listed;  /* cors_origins names origins: only those are allowed, Vary: Origin */
    bool allowed; /* the request's Origin is one of them */
} cors_decision;

/* What cors_origins (README "CORS") decides for the request's origin. */
cors_decision cors_decide(presence_text origins, presence_text origin);

/* True when the length bytes at entry are one origin as cors_origins lists them. */
bool cors_origin_well_formed(const char *entry, size_t length);

/* ---- decisions --------------------------------------------------------- */

/* presence.c: the answer to one request before answer_finish (steps 1-4 of the
 * decision order); allocation failures are left for the caller to check. */
void resolve_answer(const presence_request *request, const presence_snapshot *snapshot,
                    presence_response *response);

/* limits.c: the sentence naming the first request parameter over its limit, or NULL. */
const char *request_limit_error(const presence_request *request);

/* decide.c: everything the answer builders need to know about who sees what, decided
 * once per request; the builders read it and decide nothing of their own. */
typedef struct presence_decision {
    presence_status status;  /* the status name (README "Status name")              */
    presence_text subject;   /* the bare JID an answer may name (xml from): the
                                normalised jid when it is valid, else absent; always
                                absent by link, so no link answer carries a JID      */
    presence_text requester; /* the requester that counts (xml to of forbidden):
                                absent when none counts, and always by link          */
    bool by_link;            /* the request came by a private link ("id")             */
    bool message_shown;      /* the subject's status message may appear (false: every
                                type answers as if the session had no status text)   */
} presence_decision;

/* decide.c: the decision for this request and snapshot (README "Who may see presence"). */
presence_decision decide(const presence_request *request, const presence_snapshot *snapshot);

/* decide.c: whether a signature of the request counts: signature_key is current, or
 * previous with now < previous_key_until; now > 0; expires is 1 to
 * PRESENCE_EXPIRES_MAX_DIGITS decimal digits with now <= expires <= now +
 * PRESENCE_SIGNATURE_MAX_LIFETIME; and neither jid nor req_jid holds a line feed. */
bool signature_accepted(const presence_request *request, const presence_snapshot *snapshot);

/* ---- text cleaning (text_clean.c) -------------------------------------- */

/* Bytes a cleaning buffer needs for an input of length bytes. */
#define CLEAN_TEXT_CAPACITY(length) (3u * (length) + 1u)

/* Copies length bytes of input into output (CLEAN_TEXT_CAPACITY(length) bytes) as
 * one line of valid UTF-8 that is also valid XML character data: control
 * characters (C0, DEL, C1) become spaces, each byte of an invalid UTF-8 sequence
 * and U+FFFE/U+FFFF become U+FFFD. NUL-terminates; returns the length written. */
size_t clean_text_line(const char *input, size_t length, char *output);

/* Bytes a clean_escape_xml output needs for an input of length bytes. */
#define CLEAN_ESCAPE_CAPACITY(length) (6u * (length) + 8u)
#define CLEAN_ESCAPE_ATTRIBUTE 1u   /* an attribute value: '"' is escaped too */
#define CLEAN_ESCAPE_KEEP_BREAKS 2u /* a multi-line text: LF and TAB are kept */

/* Writes length bytes of input into output (CLEAN_ESCAPE_CAPACITY(length) bytes), cleaned
 * as clean_text_line cleans (but LF and TAB kept with CLEAN_ESCAPE_KEEP_BREAKS) and escaped
 * exactly as libxml2 escapes text content (xmlEncodeEntitiesReentrant on a UTF-8 document:
 * < > & become &lt; &gt; &amp;) or, with CLEAN_ESCAPE_ATTRIBUTE, attribute values
 * (xmlEncodeSpecialChars: " becomes &quot; too); one pass, no allocation. Returns the
 * length written (not NUL-terminated). */
size_t clean_escape_xml(const char *input, size_t length, char *output, unsigned flags);

/* Bytes a json_escape_clean output needs for an input of length bytes. */
#define JSON_ESCAPE_CAPACITY(length) (6u * (length))

/* Writes length bytes of input (already cleaned by clean_text_line: valid UTF-8, one
 * line) into output (JSON_ESCAPE_CAPACITY(length) bytes) as the inside of a JSON string:
 * '"' and '\' as \" and \\, bytes below 0x20 and '<' '>' '&' as \u00XX, U+2028 and
 * U+2029 as \u2028 and \u2029, every other byte as it is. Returns the length written
 * (not NUL-terminated); one pass, no allocation. */
size_t json_escape_clean(const char *input, size_t length, char *output);

/* ---- the answers ------------------------------------------------------- */

/* status_image.c: the sentence naming the first of theme, size, format whose value is not
 * one of the built-in choices (README "Answers", type=image), or NULL. Absent is fine. */
const char *image_choice_check(const presence_request *request);

/* status_image.c: the built-in icon answer for status (static bytes, no allocation): the
 * request's theme, else the snapshot's default_theme when it names one, else classic; the
 * request's size (default 16) and format (default png). The request must have passed
 * image_choice_check(). */
void status_image_answer(const presence_request *request, const presence_snapshot *snapshot, presence_status status,
                         presence_response *response);

/* status_image.c: the number of built-in themes and the name of theme 0..count-1 (else NULL);
 * theme 0 is classic. */
int image_theme_count(void);
const char *image_theme_name(int theme);

/* redirect.c: the sentence naming the first image URL parameter (images, then the
 * per-status ones) that is not an allowed redirect target, or NULL. */
const char *redirect_check(const presence_request *request);

/* redirect.c: when a per-status URL or images applies to status, sets the 302
 * answer and returns true; otherwise returns false and leaves response alone.
 * The URLs must have passed redirect_check(). */
bool redirect_answer(const presence_request *request, presence_status status, presence_response *response);

/* text_answer.c: the one line that type=text shows for an offline or online
 * status (a label or default when the snapshot has no text, or when the decision
 * does not show the message). from_snapshot tells whether line points into the
 * snapshot (then it must be limited and cleaned). */
typedef struct status_line {
    presence_text line;
    bool from_snapshot;
} status_line;
status_line status_line_for(const presence_snapshot *snapshot, const presence_decision *decision);

/* stanza_parse.c: the parsed stanza (a libxml2 xmlDoc, freed with xmlFreeDoc) when it
 * is within the STANZA_MAX_* bounds and a well-formed and namespace-well-formed
 * <presence> element, without a namespace or in jabber:client, with no DTD, that
 * libxml2 parsed without a single error or warning; else NULL. Writes nothing to
 * stderr: libxml2's diagnostics go to handlers that drop them. Cost linear in
 * stanza.length. */
struct _xmlDoc;
struct _xmlDoc *stanza_parse(presence_text stanza);

/* stanza_memo.c: the bodies the online xml answer made of the stanzas asked for most
 * recently (that body depends on the stanza's bytes alone), in a fixed number of slots,
 * at most STANZA_MAX_PARSED_BYTES of stanza each. Thread-safe; no call ever waits. */
typedef enum stanza_memo_found {
    STANZA_MEMO_NONE,    /* not kept (or memory ran out copying it): parse the stanza */
    STANZA_MEMO_BODY,    /* *body (a new core_malloc block, the caller's) and *length set */
    STANZA_MEMO_REFUSED  /* stanza_parse refused this stanza */
} stanza_memo_found;
stanza_memo_found stanza_memo_find(presence_text stanza, char **body, size_t *length);

/* stanza_memo.c: keeps what stanza made: body (length bytes, copied), or NULL for a stanza
 * stanza_parse refused. Keeps nothing when the stanza or body is over the bounds, when an
 * allocation of this answer failed (a refusal or a body it caused is not the stanza's own),
 * when memory runs out or another thread is using the slot. */
void stanza_memo_keep(presence_text stanza, const char *body, size_t length);

/* stanza_memo.c: forgets every stanza and frees what was kept. Only while no other thread
 * is in the core (presence_core_cleanup). */
void stanza_memo_clear(void);

/* stanza_parse.c: bounds on the stanza that keep libxml2's work within a small multiple
 * of a normal stanza's (README "Answers", type=xml); a stanza over any of them is
 * rebuilt from the facts. libxml2 spends 6 to 40 instructions per byte depending on the
 * bytes (non-ASCII, line breaks, ']'), hence the size; within it the counts bound its
 * per-construct work (an attribute is compared with every earlier one of its element,
 * each construct is a node, each reference a lookup). */
#define STANZA_MAX_PARSED_BYTES 4096u          /* larger stanzas are not parsed */
#define STANZA_MAX_DEPTH 16u                   /* element nesting, the root included */
#define STANZA_MAX_NODES 128u                  /* elements, comments, PIs, CDATA sections */
#define STANZA_MAX_ATTRIBUTES_PER_ELEMENT 16u  /* namespace declarations included */
#define STANZA_MAX_ATTRIBUTES 256u             /* in the whole stanza, the same */
#define STANZA_MAX_NAMESPACE_DECLARATIONS 32u  /* xmlns and xmlns:p, in the whole stanza */
#define STANZA_MAX_REFERENCES 64u              /* entity and character references */

/* stanza_allow.c: the allow-list of the online XML answer, one entry per element. */
typedef enum allowed_content {
    ALLOWED_EMPTY,      /* attributes only */
    ALLOWED_TEXT_LINE,  /* text, cleaned to one line */
    ALLOWED_TEXT_LINES, /* text, cleaned, line feeds and tabs kept */
    ALLOWED_CHILDREN    /* the allowed children only, no text */
} allowed_content;
enum { ALLOWED_NONE = -1, ALLOWED_PRESENCE = 0, ALLOWED_VCARD_UPDATE = 9 }; /* entries that are parents */
typedef struct allowed_element {
    const char *name;
    const char *namespace_uri;  /* NULL: the stanza's namespace (none or jabber:client) */
    int parent;                 /* the parent's entry, ALLOWED_NONE for the root */
    allowed_content content;
    const char *attributes[6];  /* NULL-terminated; "xml:lang" is lang in the XML namespace */
} allowed_element;

/* The entry of the root, <presence>. */
const allowed_element *allowed_root(void);
/* The entry for an element name in namespace_uri (NULL: none) under parent, or NULL;
 * in_stanza_namespace tells whether that namespace is the root's. */
const allowed_element *allowed_child(const allowed_element *parent, const char *namespace_uri,
                                     bool in_stanza_namespace, const char *name);
/* The name to write for the attribute name in namespace_uri (NULL: none) when element
 * allows it ("xml:lang" for lang in the XML namespace), or NULL. */
const char *allowed_attribute(const allowed_element *element, const char *namespace_uri, const char *name);

/* xml_fixed.c: the fixed-shape type=xml answers (200, or 500 when memory runs out),
 * from texts within their limits (absent ones are left out; the status line of offline
 * is always present). Every text is cleaned (clean_text_line) and escaped by libxml2. */
void xml_forbidden_answer(presence_text subject, presence_text requester, presence_response *response);
void xml_offline_answer(presence_text subject, presence_text line, presence_response *response);
void xml_facts_answer(presence_text subject, presence_text status_text, const presence_snapshot *snapshot,
                      presence_status status, presence_response *response);

/* text_answer.c, json_answer.c and xml_answer.c: the 200 answers for type=text,
 * type=json and type=xml as decision says (500 when snapshot data is over its limits
 * or memory runs out). */
void json_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response);
void text_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response);
void xml_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response);

/* ---- badges (badge_answer.c) ------------------------------------------ */

/* Code points of the user's message a badge shows at most; a longer one is cut and ends in "…". */
#define BADGE_MAX_MESSAGE_CHARS 48u
/* Tenths of a pixel added to each text's width before it is rounded up to the pixels of its
 * box (half on each side, the padding outside it): a browser may draw a long text up to about
 * 0.7 px wider than its advance widths (Chromium, message=1 with " · "), and the drawn text
 * must still keep 5.5 of its 6 px padding. The text's textLength stays its advance widths. */
#define BADGE_TEXT_MARGIN_TENTHS 10u
/* The label's background (RRGGBB); text is white on it and on every status colour. */
#define BADGE_LABEL_COLOUR "3d444d"

/* The background colour (RRGGBB, no '#') of status on a badge and in type=shields;
 * BADGE_LABEL_COLOUR for a value out of range. */
const char *badge_colour(presence_status status);

/* The width, in tenths of a pixel rounded up, of length bytes of valid UTF-8 in the badge's
 * font at its size: the DejaVu Sans advance widths of native/badge/badge_metrics.inc, one em
 * for a code point the table lacks. Linear, no allocation. */
unsigned badge_text_width_tenths(const char *text, size_t length);

/* The 200 answers of type=badge (image/svg+xml) and type=shields (JSON); 500 when the
 * user's message is over PRESENCE_MAX_STATUS_TEXT (message=1 only) or memory runs out.
 * The request's message parameter must be absent, "0" or "1" (presence_resolve checks). */
void badge_answer(const presence_request *request, const presence_snapshot *snapshot,
                  const presence_decision *decision, presence_response *response);
void shields_answer(const presence_request *request, const presence_snapshot *snapshot,
                    const presence_decision *decision, presence_response *response);

/* ---- avatars (avatar_answer.c) ----------------------------------------- */

/* The raster formats an avatar may have; AVATAR_NONE: refused. */
typedef enum avatar_format { AVATAR_NONE = 0, AVATAR_PNG, AVATAR_JPEG, AVATAR_GIF, AVATAR_WEBP } avatar_format;

/* The PNG CRC-32 of length bytes at data, the same value as png_crc.h's png_crc32, with
 * eight table lookups per eight bytes (a user's photo is checked on every request). */
uint32_t png_crc32_sliced(const unsigned char *data, size_t length);

/* The format of length bytes by their structure, or AVATAR_NONE: more than PRESENCE_MAX_AVATAR
 * bytes, or not a whole PNG (signature, chunks with correct CRCs, IHDR first, IDAT, IEND
 * last), JPEG (SOI, marker segments within the bytes up to SOS, EOI last), GIF (GIF87a/89a,
 * non-zero screen, trailer last) or WebP (RIFF size exact, WEBP, VP8/VP8L/VP8X). Linear in
 * length; never reads past it. */
avatar_format avatar_format_of(const unsigned char *bytes, size_t length);

/* The Content-Type of a format ("image/png" …), NULL for AVATAR_NONE. */
const char *avatar_content_type(avatar_format format);

/* The 200 answer of type=avatar: the snapshot's avatar (copied) with its format's type when
 * the decision's status is not forbidden and the bytes pass avatar_format_of, else the built-in default
 * avatar (static; the same answer for every such case); 500 when memory runs out. */
void avatar_answer(const presence_snapshot *snapshot, const presence_decision *decision, presence_response *response);

/* The default avatar's PNG bytes (static), its length in *length. */
const unsigned char *avatar_default_bytes(size_t *length);

#endif /* PRESENCE_INTERNAL_H */
