/*
 * presence.h — the presence.jar decision core.
 *
 * One pure function, presence_resolve(), maps an HTTP request for
 * /plugins/presence/status plus a snapshot of Openfire's facts about the
 * asked-for JID to a complete HTTP answer: status code, headers and body.
 * Every decision of the plugin lives behind it: which of the seven status
 * names applies, whether the requester may see it, which image or redirect,
 * which text, which XML, which error. The caller (the JNI glue, a test, the
 * fuzzer, a benchmark) only fills the structs below and writes out the answer.
 *
 * No JNI here. Thread-safe and reentrant once presence_core_init() returned:
 * the core shares no mutable state between threads (it keeps only a per-thread
 * record of failed allocations, and libxml2's per-thread error handlers are
 * swapped and restored around an XML answer).
 *
 * Text inputs are byte strings with an explicit length (they may hold any
 * byte, NUL included). A text with data == NULL is absent; a present text of
 * length 0 is treated as absent too. Limits are below: a request field over
 * its limit is answered 400, a snapshot field over its limit 500; nothing is
 * ever truncated.
 */
#ifndef PRESENCE_H
#define PRESENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (bytes) ---------------------------------------------------- */
#define PRESENCE_MAX_JID          3071u   /* RFC 7622: 1023 per part + '@' '/' */
#define PRESENCE_MAX_TYPE           32u
#define PRESENCE_MAX_URL          2048u   /* images template and redirect targets, after expansion */
#define PRESENCE_MAX_STATUS_TEXT 16384u   /* status_text, last_status, unavailable_text */
#define PRESENCE_MAX_STANZA      65536u   /* stanza_xml */
#define PRESENCE_MAX_ID             64u   /* "id": a private-link token (22 characters) */
#define PRESENCE_MAX_EXPIRES        32u   /* "expires" (a valid one has 1 to 12 digits) */

/* ---- signed requests (README "Signed requests") ---------------------- */
/* expires is 1 to PRESENCE_EXPIRES_MAX_DIGITS decimal digits, now <= expires <= now +
 * PRESENCE_SIGNATURE_MAX_LIFETIME; a signature made with the previous secret counts until
 * that secret's end of grace, which a rotation sets PRESENCE_KEY_ROTATION_GRACE after it.
 * PresenceCore.java holds the same values (the codec checks they agree). */
#define PRESENCE_EXPIRES_MAX_DIGITS      12
#define PRESENCE_SIGNATURE_MAX_LIFETIME  86400 /* seconds */
#define PRESENCE_KEY_ROTATION_GRACE      86400 /* seconds */
#define PRESENCE_MAX_LABEL          64u   /* "label" of type=badge and type=shields */
#define PRESENCE_MAX_AVATAR      65536u   /* the vCard photo: a larger one is not served */
#define PRESENCE_MAX_IMAGE_CHOICE   32u   /* theme, size, format */
#define PRESENCE_MAX_HEADERS        16u
/* Request headers and settings for caching and CORS. A header over its limit is
 * ignored (an If-None-Match that long matches nothing, an Origin that long is
 * allowed nowhere), not answered 400: clients and proxies, not users, write them. */
#define PRESENCE_MAX_IF_NONE_MATCH  4096u   /* If-None-Match, its lines joined with ", " */
#define PRESENCE_MAX_ORIGIN          512u   /* Origin, and each entry of cors_origins */
#define PRESENCE_MAX_CORS_ORIGINS   4096u   /* plugin.presence.cors.origins, the whole list */
#define PRESENCE_MAX_CORS_ORIGIN_COUNT 32u  /* entries in it */
#define PRESENCE_MAX_CACHE_MAX_AGE  3600u   /* plugin.presence.cache.maxage is clamped to 0..this */
#define PRESENCE_MAX_CACHE_SETTING    32u   /* bytes of that setting's text; longer reads as 0 */
/* Several jid parameters with type=json: at most this many (PresenceCore.BATCH_MAX_JIDS). */
#define PRESENCE_BATCH_MAX_JIDS      100u
/* Bytes of an ETag value with its quotes and a NUL: '"', 32 hex digits, '"'. */
#define PRESENCE_ETAG_BYTES           35u

/* ---- headers every answer carries -------------------------------------- */
/* The Content-Security-Policy of every answer (all types, all status codes): a body
 * opened as a document on Openfire's admin origin runs no script, loads nothing but
 * same-origin images and gets a unique origin. With it every answer has
 * "Cache-Control: no-cache" (a 200 or 304: "max-age=N" with cache_max_age),
 * "X-Content-Type-Options: nosniff" and the Access-Control-Allow-Origin below
 * (with cors_origins: the allowed Origin or none, and "Vary: Origin"). */
#define PRESENCE_CONTENT_SECURITY_POLICY "sandbox; default-src 'none'; img-src 'self'"
/* The Access-Control-Allow-Origin of every answer: any web page may read the answers with
 * fetch() (CORS). Safe because nothing depends on credentials: presence is decided from the
 * parameters and Openfire's facts, never from cookies, so no Allow-Credentials is ever sent. */
#define PRESENCE_ACCESS_CONTROL_ALLOW_ORIGIN "*"
/* The methods the status URL answers: the Allow and Access-Control-Allow-Methods of the
 * preflight (OPTIONS) answer, and the servlet's Allow of 405 answers. */
#define PRESENCE_ALLOWED_METHODS "GET, HEAD, POST, OPTIONS"
/* The preflight's Access-Control-Max-Age (seconds) and Access-Control-Allow-Headers: a page
 * may revalidate with If-None-Match from fetch(). */
#define PRESENCE_PREFLIGHT_MAX_AGE "600"
#define PRESENCE_PREFLIGHT_ALLOW_HEADERS "If-None-Match"

/* ---- the seven status names ------------------------------------------- */
typedef enum presence_status {
    PRESENCE_STATUS_AVAILABLE = 0,
    PRESENCE_STATUS_CHAT,
    PRESENCE_STATUS_AWAY,
    PRESENCE_STATUS_XA,
    PRESENCE_STATUS_DND,
    PRESENCE_STATUS_OFFLINE,
    PRESENCE_STATUS_FORBIDDEN,
    PRESENCE_STATUS_COUNT
} presence_status;

/* A byte string; data == NULL or length == 0 means absent. */
typedef struct presence_text {
    const char *data;
    size_t length;
} presence_text;

/* ---- the request: parameters exactly as the client sent them ---------- */
typedef struct presence_request {
    presence_text jid;          /* "jid" */
    presence_text req_jid;      /* "req_jid" */
    presence_text type;         /* "type": image (default), text, xml, json, badge,
                                   shields, avatar */
    presence_text images;       /* "images": URL template with --IMAGE-- */
    presence_text status_url[PRESENCE_STATUS_COUNT]; /* "available" … "forbidden" */
    presence_text id;           /* "id": a private-link token; when present the
                                   request is by link and "jid" is not read  */
    presence_text expires;      /* "expires": a signature's end, Unix seconds */
    presence_text label;        /* "label": the left text of type=badge/shields
                                   (absent: "xmpp"), at most PRESENCE_MAX_LABEL */
    presence_text message;      /* "message": "1" adds the user's message to
                                   type=badge/shields, "0" or absent does not */
    presence_text theme;        /* "theme": a built-in icon theme (classic, dot, contrast);
                                   absent: the snapshot's default_theme */
    presence_text size;         /* "size": the icon's pixels, 16 (default), 32, 48 */
    presence_text format;       /* "format": png (default) or svg */
    presence_text if_none_match; /* the If-None-Match header (its lines joined with ", ") */
    presence_text origin;        /* the Origin header */
    bool preflight;              /* the method is OPTIONS: the preflight answer */
} presence_request;

/* What kind of address "jid" is, as Openfire sees it. */
typedef enum presence_jid_domain {
    PRESENCE_DOMAIN_FOREIGN = 0, /* not this server (or not a valid JID)      */
    PRESENCE_DOMAIN_LOCAL,       /* this server's XMPP domain: a user         */
    PRESENCE_DOMAIN_COMPONENT    /* a sub-domain served by this server        */
} presence_jid_domain;

/* <show/> of the highest-priority available session. */
typedef enum presence_show {
    PRESENCE_SHOW_NONE = 0,      /* plain available */
    PRESENCE_SHOW_CHAT,
    PRESENCE_SHOW_AWAY,
    PRESENCE_SHOW_XA,
    PRESENCE_SHOW_DND
} presence_show;

/* Which signing secret's HMAC of the request equals its "sig" (Java computes them). */
typedef enum presence_signature_key {
    PRESENCE_KEY_NONE = 0,       /* neither, or no signature, or none computed */
    PRESENCE_KEY_CURRENT,        /* plugin.presence.secret                     */
    PRESENCE_KEY_PREVIOUS        /* plugin.presence.secret.previous            */
} presence_signature_key;

/* The subject's own choice of who may see their presence (a user property). */
typedef enum presence_visibility {
    PRESENCE_VISIBILITY_DEFAULT = 0, /* no choice: presence_public decides     */
    PRESENCE_VISIBILITY_PUBLIC,      /* anyone                                 */
    PRESENCE_VISIBILITY_CONTACTS,    /* the user and contacts allowed to probe */
    PRESENCE_VISIBILITY_LINK,        /* only requests by the private link      */
    PRESENCE_VISIBILITY_HIDDEN       /* nobody                                 */
} presence_visibility;

/* The subject's own choice of what is shown (a user property). */
typedef enum presence_shown {
    PRESENCE_SHOWN_DEFAULT = 0,  /* no choice: shown_setting decides          */
    PRESENCE_SHOWN_STATUS,       /* the status name only, never the message   */
    PRESENCE_SHOWN_MESSAGE       /* the status name and the status message    */
} presence_shown;

/* ---- the snapshot: facts the Java side read from Openfire ------------- */
typedef struct presence_snapshot {
    bool jid_valid;                 /* "jid" parsed as a JID (Tinder's JID)  */
    presence_text jid_bare;         /* its normalised bare form, if valid    */
    bool jid_has_node;              /* it has a node ("user@")               */
    presence_jid_domain jid_domain; /* whose domain it is                    */
    bool subject_exists;            /* user exists / component answered     */

    bool presence_public;           /* plugin.presence.public                */
    bool requester_valid;           /* "req_jid" parsed as a JID             */
    presence_text requester_bare;   /* its normalised bare form, if valid    */
    bool requester_may_probe;       /* PresenceManager.canProbePresence()    */
    bool requester_signed_only;     /* plugin.presence.requester = signed:
                                       req_jid counts only with a signature
                                       the core accepts (signature_key,
                                       expires, now, previous_key_until)     */

    bool available;                 /* an available session exists           */
    presence_show show;             /* its <show/>                           */
    presence_text status_text;      /* its <status/>, absent if none         */
    int32_t priority;               /* its <priority/>                       */
    presence_text stanza_xml;       /* Presence.toXML() of that session      */

    presence_text last_status;      /* getLastPresenceStatus(), if offline   */
    presence_text unavailable_text; /* plugin.presence.unavailable.status    */

    presence_signature_key signature_key; /* whose HMAC equals "sig"         */
    int64_t now;                    /* the current time, Unix seconds (0 or
                                       less: unknown, no signature counts)   */
    int64_t previous_key_until;     /* end of the previous secret's grace    */
    presence_visibility visibility; /* the subject's choice (users only; a
                                       value out of range reads as hidden)   */
    presence_shown shown;           /* the subject's choice (out of range:
                                       status)                               */
    presence_text shown_setting;    /* plugin.presence.shown: "status" hides
                                       the message of users without a choice;
                                       anything else (absent too) shows it   */
    presence_text avatar;           /* the vCard's PHOTO/BINVAL, base64-decoded
                                       (gathered only for type=avatar; absent
                                       when there is none or it was too long
                                       to decode); any bytes, never trusted  */
    presence_text default_theme;    /* plugin.presence.theme: the icon theme
                                       when the request names none; absent or
                                       not a built-in theme: classic         */
    presence_text cache_max_age;    /* plugin.presence.cache.maxage, as text:
                                       decimal seconds; absent or not a number
                                       reads as 0, clamped to
                                       0..PRESENCE_MAX_CACHE_MAX_AGE         */
    presence_text cors_origins;     /* plugin.presence.cors.origins, as text:
                                       absent/blank = any origin ("*"); else
                                       exact origins separated by commas
                                       and/or spaces (README "CORS")          */
} presence_snapshot;

/* ---- the response ------------------------------------------------------ */
typedef enum presence_answer_kind {  /* what the body is; open to new kinds */
    PRESENCE_ANSWER_IMAGE = 0,
    PRESENCE_ANSWER_REDIRECT,
    PRESENCE_ANSWER_TEXT,
    PRESENCE_ANSWER_XML,
    PRESENCE_ANSWER_ERROR,
    PRESENCE_ANSWER_JSON,
    PRESENCE_ANSWER_BADGE,           /* type=badge: image/svg+xml            */
    PRESENCE_ANSWER_AVATAR,          /* type=avatar: PNG, JPEG, GIF or WebP  */
    PRESENCE_ANSWER_NOT_MODIFIED,    /* 304: If-None-Match matched; no body  */
    PRESENCE_ANSWER_PREFLIGHT        /* 200 to OPTIONS; no body, no ETag     */
} presence_answer_kind;

typedef struct presence_header {
    const char *name;   /* NUL-terminated, a token                           */
    const char *value;  /* NUL-terminated, printable ASCII only (no CR/LF)   */
} presence_header;

typedef struct presence_response {
    int http_status;                 /* 200, 302, 304, 400, 500              */
    presence_answer_kind kind;
    presence_status status;          /* the status name decided, or
                                        PRESENCE_STATUS_COUNT when none was
                                        (the 400 answers, the preflight, the
                                        several-JIDs object)                 */
    size_t header_count;             /* Content-Type, Cache-Control,
                                        X-Content-Type-Options,
                                        Content-Security-Policy,
                                        Access-Control-Allow-Origin, then
                                        the rest (Location, Vary, ETag);
                                        Content-Length is the caller's job
                                        (none on a 304). A 304 has no
                                        Content-Type; with cors_origins set,
                                        Access-Control-Allow-Origin is there
                                        only for an allowed Origin.         */
    presence_header headers[PRESENCE_MAX_HEADERS];
    const unsigned char *body;       /* body_length bytes, never NULL        */
    size_t body_length;
    const char *log_message;         /* NULL, or a fixed sentence for the
                                        server log (never echoes input)      */
    void *owned;                     /* internal: memory to release          */
    const uint64_t *body_hash;       /* internal: the body's hash128 computed
                                        in advance (a built-in constant body),
                                        or NULL                              */
    /* internal: header values built for this answer (headers point here, so a
     * response must not be copied by value once resolved) */
    char etag[PRESENCE_ETAG_BYTES];
    char cache_control[24];
    char allow_origin[PRESENCE_MAX_ORIGIN + 1];
} presence_response;

/* Prepares the core: libxml2 initialised and allocating through the core's
 * allocator. Call it once before the first presence_resolve() (the JNI library's
 * JNI_OnLoad does); later calls, from any thread, only read one atomic flag and
 * return 0. Returns 0 on success. */
int presence_core_init(void);

/* Frees what the core keeps between calls (the bodies of recent xml answers, at most a
 * few hundred KiB); later calls work as before and keep again. Call it only while no
 * other thread is in the core: the JNI library's JNI_OnUnload does, and tests do to
 * start a call from nothing kept. */
void presence_core_cleanup(void);

/* Resolves one request against one snapshot into *response. Never fails:
 * every input, however hostile, yields a complete answer (a 4xx/5xx answer
 * for bad input). The response may point into static memory, into memory it
 * owns, but never into request or snapshot. Call presence_response_release()
 * exactly once afterwards. Thread-safe. */
void presence_resolve(const presence_request *request,
                      const presence_snapshot *snapshot,
                      presence_response *response);

/* Resolves several jid parameters of one request: requests[i] and snapshots[i] are
 * the request with the i-th jid and that JID's facts (the other parameters, headers
 * and settings are read from requests[0] and snapshots[0]). With type=json, one
 * JSON object keyed by each jid as given (cleaned and escaped as a JSON string;
 * a key given again is answered once, at its first place), each value the body
 * type=json answers for that jid alone; more than PRESENCE_BATCH_MAX_JIDS entries
 * are 400, and an entry answered 400 or 500 alone makes the whole answer that
 * one. Any other type, and any request by private link ("id", which wins over
 * every jid), answers requests[0] alone, as presence_resolve() does (the first
 * jid wins, as it always has). count 0 is the same as presence_resolve()
 * with no request. Time and memory linear in the entries. Same promises as
 * presence_resolve(). */
void presence_resolve_batch(const presence_request *requests, const presence_snapshot *snapshots, size_t count,
                            presence_response *response);

/* Frees what presence_resolve() allocated for *response and clears it: every field
 * before the internal header buffers is zero (nothing points into those any more).
 * Safe on a zeroed response. */
void presence_response_release(presence_response *response);

/* The status name as used in URLs and parameters ("available" … "forbidden"),
 * or NULL for a value out of range. */
const char *presence_status_name(presence_status status);

#ifdef __cplusplus
}
#endif
#endif /* PRESENCE_H */
