/*
 * resolve_bench.c — calls presence_resolve() for one scenario, so that callgrind can
 * count the instructions per call:
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=measured_resolve \
 *            presence_resolve_bench xml 10
 * Usage: presence_resolve_bench image|text|xml [calls]   an online user (xml: the normal stanza)
 *        presence_resolve_bench image-themed [calls]     type=image with theme=contrast, size=48,
 *                                                          format=svg and a default theme (dot)
 *        presence_resolve_bench shape NAME [calls [bytes]] type=xml, stanza shape NAME in at most
 *                                                          bytes (default 65536, the stanza limit)
 *        presence_resolve_bench shapes                     lists the shape names
 *        presence_resolve_bench parsed-limit               prints STANZA_MAX_PARSED_BYTES
 * One warm-up call (libxml2's first-use work) is made outside measured_resolve(), and what
 * the core keeps between calls (stanza_memo.c) is freed before each one: every call is
 * measured from nothing kept, the cost of a stanza seen for the first time.
 */
#include "presence.h"
#include "presence_internal.h"
#include "stanza_shapes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* One measured call: the function callgrind's --toggle-collect names. */
__attribute__((noinline)) size_t measured_resolve(const presence_request *request, const presence_snapshot *snapshot)
{
    presence_response response;
    presence_resolve(request, snapshot, &response);
    size_t length = response.body_length;
    presence_response_release(&response);
    return length;
}

static long shape_index(const char *name)
{
    for (size_t i = 0; i < stanza_shape_count(); i++)
        if (strcmp(stanza_shape_name(i), name) == 0)
            return (long)i;
    return -1;
}

int main(int argc, char **argv)
{
    static char stanza[65536];
    if (argc >= 2 && strcmp(argv[1], "parsed-limit") == 0) {
        printf("%u\n", STANZA_MAX_PARSED_BYTES);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "shapes") == 0) {
        for (size_t i = 0; i < stanza_shape_count(); i++)
            printf("%s\n", stanza_shape_name(i));
        return 0;
    }
    bool by_shape = argc >= 3 && strcmp(argv[1], "shape") == 0;
    if (argc < 2 || (strcmp(argv[1], "shape") == 0 && !by_shape)) {
        fprintf(stderr, "usage: %s image|text|xml [calls] | shape NAME [calls] | shapes\n", argv[0]);
        return 2;
    }
    long shape = by_shape ? shape_index(argv[2]) : 0;
    if (shape < 0) {
        fprintf(stderr, "unknown shape %s\n", argv[2]);
        return 2;
    }
    const char *count = by_shape ? (argc > 3 ? argv[3] : NULL) : (argc > 2 ? argv[2] : NULL);
    long calls = count != NULL ? atol(count) : 1000;
    size_t size = by_shape && argc > 4 ? (size_t)atol(argv[4]) : sizeof stanza;
    presence_request request;
    presence_snapshot snapshot;
    memset(&request, 0, sizeof request);
    memset(&snapshot, 0, sizeof snapshot);
    request.jid = TEXT_LITERAL("jsmith@example.com");
    if (by_shape)
        request.type = TEXT_LITERAL("xml");
    else if (strcmp(argv[1], "image-themed") == 0) {
        request.theme = TEXT_LITERAL("contrast");
        request.size = TEXT_LITERAL("48");
        request.format = TEXT_LITERAL("svg");
        snapshot.default_theme = TEXT_LITERAL("dot");
    } else if (strcmp(argv[1], "image") != 0)
        request.type = (presence_text){argv[1], strlen(argv[1])};
    snapshot.jid_valid = snapshot.jid_has_node = snapshot.subject_exists = snapshot.presence_public = true;
    snapshot.jid_bare = TEXT_LITERAL("jsmith@example.com");
    snapshot.jid_domain = PRESENCE_DOMAIN_LOCAL;
    snapshot.available = true;
    snapshot.show = PRESENCE_SHOW_AWAY;
    snapshot.priority = 5;
    snapshot.status_text = TEXT_LITERAL("In a meeting until 3");
    snapshot.stanza_xml = (presence_text){stanza, stanza_shape_build((size_t)shape, stanza, sizeof stanza, size)};
    if (presence_core_init() != 0)
        return 1;
    size_t bytes = 0;
    presence_response warm_up; /* not measured */
    presence_resolve(&request, &snapshot, &warm_up);
    presence_response_release(&warm_up);
    for (long i = 0; i < calls; i++) {
        presence_core_cleanup(); /* outside the measured call: each call parses, none is kept */
        bytes += measured_resolve(&request, &snapshot);
    }
    printf("%ld calls, stanza %zu bytes, %zu body bytes\n", calls, snapshot.stanza_xml.length, bytes);
    return 0;
}
