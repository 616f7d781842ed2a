/*
 * resolve_bench.c — calls presence_resolve() N times for one scenario, so that
 * `valgrind --tool=callgrind --toggle-collect=presence_resolve` can count the
 * instructions per call. Usage: presence_resolve_bench image|text|xml [N]
 */
#include "presence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT(literal) ((presence_text){(literal), sizeof(literal) - 1})

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s image|text|xml [calls]\n", argv[0]);
        return 2;
    }
    long calls = argc > 2 ? atol(argv[2]) : 1000;
    presence_request request;
    presence_snapshot snapshot;
    memset(&request, 0, sizeof request);
    memset(&snapshot, 0, sizeof snapshot);
    request.jid = TEXT("jsmith@example.com");
    if (strcmp(argv[1], "image") != 0)
        request.type = (presence_text){argv[1], strlen(argv[1])};
    snapshot.jid_valid = snapshot.jid_has_node = snapshot.subject_exists = snapshot.presence_public = true;
    snapshot.jid_bare = TEXT("jsmith@example.com");
    snapshot.jid_domain = PRESENCE_DOMAIN_LOCAL;
    snapshot.available = true;
    snapshot.show = PRESENCE_SHOW_AWAY;
    snapshot.priority = 5;
    snapshot.status_text = TEXT("In a meeting until 3");
    snapshot.stanza_xml = TEXT("<presence from=\"jsmith@example.com/desk\" to=\"jsmith@example.com\">"
                               "<show>away</show><status>In a meeting until 3</status><priority>5</priority>"
                               "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" "
                               "node=\"http://www.igniterealtime.org/projects/smack\" ver=\"os2Kusj3WEOivn5n4iFr/ZEO8ls=\"/>"
                               "<delay xmlns=\"urn:xmpp:delay\" stamp=\"2024-05-01T10:00:00Z\"/></presence>");
    if (presence_core_init() != 0)
        return 1;
    size_t bytes = 0;
    for (long i = 0; i < calls; i++) {
        presence_response response;
        presence_resolve(&request, &snapshot, &response);
        bytes += response.body_length;
        presence_response_release(&response);
    }
    printf("%ld calls, %zu body bytes\n", calls, bytes);
    return 0;
}
