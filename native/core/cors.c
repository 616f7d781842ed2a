/*
 * cors.c — which Origin an answer allows (README "CORS").
 *
 * plugin.presence.cors.origins absent or blank (only spaces, tabs and commas): any
 * origin, "Access-Control-Allow-Origin: *". Otherwise a list of exact origins,
 * separated by commas and/or spaces, each "http://" or "https://", a host of
 * lower-case letters, digits, '-' and '.' (or an IPv6 literal in brackets: hex digits,
 * ':' and '.'), and an optional ":port" of 1 to 5 digits; nothing else (no path, no
 * trailing '/', no upper case: browsers send origins in this form, so an entry in
 * another would never match). The request's Origin is allowed when it equals one entry
 * byte for byte. A list that breaks any rule, or is longer than PRESENCE_MAX_CORS_ORIGINS
 * bytes or PRESENCE_MAX_CORS_ORIGIN_COUNT entries, allows no origin at all (fails closed).
 */
#include "presence_internal.h"

static bool separator(char c)
{
    return c == ',' || c == ' ' || c == '\t';
}

static bool host_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool ipv6_character(char c)
{
    return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

bool cors_origin_well_formed(const char *entry, size_t length)
{
    if (length == 0 || length > PRESENCE_MAX_ORIGIN)
        return false;
    size_t at;
    if (length > 7 && memcmp(entry, "http://", 7) == 0)
        at = 7;
    else if (length > 8 && memcmp(entry, "https://", 8) == 0)
        at = 8;
    else
        return false;
    size_t host = at;
    if (entry[at] == '[') {
        at++;
        while (at < length && ipv6_character(entry[at]))
            at++;
        if (at == host + 1 || at == length || entry[at] != ']')
            return false;
        at++;
    } else {
        while (at < length && host_character(entry[at]))
            at++;
        if (at == host)
            return false;
    }
    if (at == length)
        return true;
    if (entry[at] != ':')
        return false;
    size_t port = ++at;
    while (at < length && entry[at] >= '0' && entry[at] <= '9')
        at++;
    return at == length && at > port && at - port <= 5;
}

cors_decision cors_decide(presence_text origins, presence_text origin)
{
    cors_decision decision = {false, false};
    if (!text_present(origins))
        return decision;
    const char *at = origins.data, *end = origins.data + origins.length;
    while (at < end && separator(*at))
        at++;
    if (at == end)
        return decision; /* blank: any origin */
    decision.listed = true;
    if (origins.length > PRESENCE_MAX_CORS_ORIGINS)
        return decision;
    bool allowed = false;
    size_t entries = 0;
    while (at < end) {
        const char *entry = at;
        while (at < end && !separator(*at))
            at++;
        size_t length = (size_t)(at - entry);
        if (++entries > PRESENCE_MAX_CORS_ORIGIN_COUNT || !cors_origin_well_formed(entry, length))
            return decision; /* the whole list is refused: no origin allowed */
        if (text_present(origin) && origin.length == length && memcmp(origin.data, entry, length) == 0)
            allowed = true;
        while (at < end && separator(*at))
            at++;
    }
    decision.allowed = allowed;
    return decision;
}
