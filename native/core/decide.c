/*
 * decide.c — the decision (README "Status name", "Who may see presence", "Signed
 * requests" and "Private links"): one presence_decision that every answer builder reads.
 *
 * Inconsistent snapshots are read the safe way round:
 *  - jid absent from the request (id absent too), or jid_valid without a jid_bare
 *    → forbidden;
 *  - a requester counts only when req_jid was sent, requester_valid is set and
 *    requester_bare is present and, under requester_signed_only, the signature is
 *    accepted (signature_accepted); otherwise it is "missing" (so may_probe alone
 *    grants nothing, and an unsigned, badly signed or expired req_jid is answered as
 *    if none was sent); by link no requester ever counts;
 *  - a jid_domain out of range → forbidden, like a foreign domain; a request by link
 *    is answered only for a local user;
 *  - a visibility out of range → hidden; a shown out of range → status only;
 *  - a show out of range on an available session → available (the user is
 *    online; nothing else is claimed).
 */
#include "presence_internal.h"

static const presence_text absent = {NULL, 0};

static bool same_bytes(presence_text a, presence_text b)
{
    return a.length == b.length && memcmp(a.data, b.data, a.length) == 0;
}

static bool holds_line_feed(presence_text text)
{
    return text_present(text) && memchr(text.data, '\n', text.length) != NULL;
}

/* expires as a number when it is 1 to PRESENCE_EXPIRES_MAX_DIGITS decimal digits, else -1. */
static int64_t expires_value(presence_text expires)
{
    if (!text_present(expires) || expires.length > PRESENCE_EXPIRES_MAX_DIGITS)
        return -1;
    int64_t value = 0;
    for (size_t i = 0; i < expires.length; i++) {
        if (expires.data[i] < '0' || expires.data[i] > '9')
            return -1;
        value = value * 10 + (expires.data[i] - '0');
    }
    return value;
}

bool signature_accepted(const presence_request *request, const presence_snapshot *snapshot)
{
    bool key_valid = snapshot->signature_key == PRESENCE_KEY_CURRENT
                     || (snapshot->signature_key == PRESENCE_KEY_PREVIOUS
                         && snapshot->now < snapshot->previous_key_until);
    if (!key_valid || snapshot->now <= 0 || holds_line_feed(request->jid) || holds_line_feed(request->req_jid))
        return false;
    int64_t expires = expires_value(request->expires);
    /* now is at most a few billion in practice; the comparison below cannot overflow
     * for any now below INT64_MAX - PRESENCE_SIGNATURE_MAX_LIFETIME */
    return expires >= snapshot->now && snapshot->now <= INT64_MAX - PRESENCE_SIGNATURE_MAX_LIFETIME
           && expires <= snapshot->now + PRESENCE_SIGNATURE_MAX_LIFETIME;
}

/* The subject's bare JID as gathered: by link the token's user, else the valid jid. */
static presence_text subject_of(const presence_request *request, const presence_snapshot *snapshot, bool by_link)
{
    if ((by_link || text_present(request->jid)) && snapshot->jid_valid && text_present(snapshot->jid_bare))
        return snapshot->jid_bare;
    return absent;
}

static presence_text requester_of(const presence_request *request, const presence_snapshot *snapshot, bool by_link)
{
    if (!by_link && text_present(request->req_jid) && snapshot->requester_valid
        && text_present(snapshot->requester_bare)
        && (!snapshot->requester_signed_only || signature_accepted(request, snapshot)))
        return snapshot->requester_bare;
    return absent;
}

/* The user's visibility with DEFAULT resolved by plugin.presence.public. */
static presence_visibility effective_visibility(const presence_snapshot *snapshot)
{
    switch (snapshot->visibility) {
    case PRESENCE_VISIBILITY_DEFAULT:
        return snapshot->presence_public ? PRESENCE_VISIBILITY_PUBLIC : PRESENCE_VISIBILITY_CONTACTS;
    case PRESENCE_VISIBILITY_PUBLIC:
    case PRESENCE_VISIBILITY_CONTACTS:
    case PRESENCE_VISIBILITY_LINK:
        return snapshot->visibility;
    default:
        return PRESENCE_VISIBILITY_HIDDEN;
    }
}

/* Whether this viewer may see a local user's presence. */
static bool user_visible(const presence_snapshot *snapshot, presence_text subject, presence_text requester,
                         bool by_link)
{
    presence_visibility visibility = effective_visibility(snapshot);
    if (visibility == PRESENCE_VISIBILITY_HIDDEN)
        return false;
    if (by_link)
        return true; /* public, contacts and link users alike answer their own link */
    switch (visibility) {
    case PRESENCE_VISIBILITY_PUBLIC:
        return true;
    case PRESENCE_VISIBILITY_CONTACTS:
        return text_present(requester) && (same_bytes(requester, subject) || snapshot->requester_may_probe);
    default:
        return false; /* link: only by the link */
    }
}

/* Whether a user's status message may appear: their choice, or plugin.presence.shown. */
static bool user_message_shown(const presence_snapshot *snapshot)
{
    switch (snapshot->shown) {
    case PRESENCE_SHOWN_MESSAGE:
        return true;
    case PRESENCE_SHOWN_DEFAULT:
        return !text_equals(snapshot->shown_setting, "status", 6);
    default:
        return false;
    }
}

static presence_status status_of(const presence_snapshot *snapshot)
{
    if (!snapshot->available)
        return PRESENCE_STATUS_OFFLINE;
    switch (snapshot->show) {
    case PRESENCE_SHOW_CHAT: return PRESENCE_STATUS_CHAT;
    case PRESENCE_SHOW_AWAY: return PRESENCE_STATUS_AWAY;
    case PRESENCE_SHOW_XA: return PRESENCE_STATUS_XA;
    case PRESENCE_SHOW_DND: return PRESENCE_STATUS_DND;
    default: return PRESENCE_STATUS_AVAILABLE;
    }
}

presence_decision decide(const presence_request *request, const presence_snapshot *snapshot)
{
    bool by_link = text_present(request->id);
    presence_text subject = subject_of(request, snapshot, by_link);
    presence_text requester = requester_of(request, snapshot, by_link);
    presence_decision decision = {PRESENCE_STATUS_FORBIDDEN, by_link ? absent : subject, requester, by_link, false};
    if (!text_present(subject) || !snapshot->subject_exists)
        return decision;
    bool visible;
    switch (snapshot->jid_domain) {
    case PRESENCE_DOMAIN_LOCAL:
        visible = snapshot->jid_has_node && user_visible(snapshot, subject, requester, by_link);
        decision.message_shown = user_message_shown(snapshot);
        break;
    case PRESENCE_DOMAIN_COMPONENT:
        visible = !by_link; /* components are public; a token names only users */
        decision.message_shown = true;
        break;
    default:
        visible = false;
        break;
    }
    if (!visible) {
        decision.message_shown = false;
        return decision;
    }
    decision.status = status_of(snapshot);
    return decision;
}
