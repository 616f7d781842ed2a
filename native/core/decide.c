/*
 * decide.c — the status name (README "Status name" and "Who may see presence").
 *
 * Inconsistent snapshots are read the safe way round:
 *  - jid absent from the request, or jid_valid without a jid_bare → forbidden;
 *  - a requester counts only when req_jid was sent, requester_valid is set and
 *    requester_bare is present and, under requester_signed_only, requester_verified
 *    is set; otherwise it is "missing" (so may_probe alone grants nothing, and an
 *    unsigned, badly signed or expired req_jid is answered as if none was sent);
 *  - a jid_domain out of range → forbidden, like a foreign domain;
 *  - a show out of range on an available session → available (the user is
 *    online; nothing else is claimed).
 */
#include "presence_internal.h"

presence_text subject_bare_jid(const presence_request *request, const presence_snapshot *snapshot)
{
    if (text_present(request->jid) && snapshot->jid_valid && text_present(snapshot->jid_bare))
        return snapshot->jid_bare;
    return (presence_text){NULL, 0};
}

presence_text requester_bare_jid(const presence_request *request, const presence_snapshot *snapshot)
{
    if (text_present(request->req_jid) && snapshot->requester_valid && text_present(snapshot->requester_bare)
        && (!snapshot->requester_signed_only || snapshot->requester_verified))
        return snapshot->requester_bare;
    return (presence_text){NULL, 0};
}

static bool same_bytes(presence_text a, presence_text b)
{
    return a.length == b.length && memcmp(a.data, b.data, a.length) == 0;
}

static bool requester_may_see(const presence_request *request, const presence_snapshot *snapshot,
                              presence_text subject)
{
    if (snapshot->jid_domain == PRESENCE_DOMAIN_COMPONENT || snapshot->presence_public)
        return true;
    presence_text requester = requester_bare_jid(request, snapshot);
    if (!text_present(requester))
        return false;
    return same_bytes(requester, subject) || snapshot->requester_may_probe;
}

presence_status decide_status(const presence_request *request, const presence_snapshot *snapshot)
{
    presence_text subject = subject_bare_jid(request, snapshot);
    if (!text_present(subject))
        return PRESENCE_STATUS_FORBIDDEN;
    switch (snapshot->jid_domain) {
    case PRESENCE_DOMAIN_LOCAL:
        if (!snapshot->jid_has_node)
            return PRESENCE_STATUS_FORBIDDEN;
        break;
    case PRESENCE_DOMAIN_COMPONENT:
        break;
    default:
        return PRESENCE_STATUS_FORBIDDEN;
    }
    if (!snapshot->subject_exists || !requester_may_see(request, snapshot, subject))
        return PRESENCE_STATUS_FORBIDDEN;
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
