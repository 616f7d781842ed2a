/*
 * core_bench.c — drives presence_resolve() on the benchmark scenarios of issue 5.
 *
 *   core_bench list                    one line per scenario: name, HTTP status, kind, body bytes, status
 *   core_bench time MILLISECONDS RUNS  median CPU ns per call of every scenario (TSV), each run taking
 *                                      about MILLISECONDS of CPU; the first row is the empty-call baseline
 *   core_bench grind N                 under callgrind (--collect-atstart=no --toggle-collect=presence_*
 *                                      --toggle-collect=bench_empty_call): per scenario, two warm-up calls,
 *                                      then N calls (N/100 for the 64 KiB stanza) dumped as one part named
 *                                      after the scenario; prints "name<TAB>calls" per scenario
 *   core_bench allocations N           built with -DCOUNT_ALLOCATIONS: per scenario, after two warm-up
 *                                      calls, mallocs and bytes per call over N calls (TSV)
 *   core_bench mix N                   one warm-up cycle, then N calls cycling through every scenario
 *                                      but the 64 KiB stanza; prints the heap bytes in use (mallinfo2)
 *                                      after the warm-up, after N/10 and after N calls
 *
 * It only reports; it never asserts a timing. Inputs are built once, outside the measured loops.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <valgrind/callgrind.h>

#include "presence.h"

#ifdef COUNT_ALLOCATIONS
/* Every malloc of the process (the core's and libxml2's) goes through these; single-threaded. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *old, size_t size);
extern void __libc_free(void *block);
static size_t allocation_count, allocated_bytes;
void *malloc(size_t size) { allocation_count++; allocated_bytes += size; return __libc_malloc(size); }
void *calloc(size_t count, size_t size) {
    allocation_count++;
    allocated_bytes += count * size;
    return __libc_calloc(count, size);
}
void *realloc(void *old, size_t size) { allocation_count++; allocated_bytes += size; return __libc_realloc(old, size); }
void free(void *block) { __libc_free(block); }
#endif

#define HOSTILE_BYTES 65536u

static char hostile_stanza[HOSTILE_BYTES];
static char hostile_jid[HOSTILE_BYTES];

static const char JID[] = "jsmith@example.com";
static const char FIVE_CHILD_STANZA[] =
    "<presence from=\"jsmith@example.com/laptop\" to=\"jsmith@example.com\">"
    "<show>away</show><status>In a meeting until 3pm</status><priority>5</priority>"
    "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"https://example.com/client\""
    " ver=\"QgayPKawpkPSDYmwT/WM94uAlu0=\"/>"
    "<x xmlns=\"vcard-temp:x:update\"><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>"
    "</presence>";

static presence_text text_of(const char *s) {
    presence_text t = { s, s ? strlen(s) : 0 };
    return t;
}

/* A well-formed stanza of exactly HOSTILE_BYTES bytes: thousands of escaped, attribute-laden
 * children, the most work the core accepts for one request. */
static void build_hostile_inputs(void) {
    static const char head[] = "<presence from=\"jsmith@example.com/laptop\">";
    static const char child[] = "<x xmlns=\"urn:bench\" a=\"&lt;&amp;&quot;\" b=\"'\">&#x263A;&amp;t</x>";
    static const char tail[] = "</presence>";
    size_t at = 0;
    memcpy(hostile_stanza, head, sizeof head - 1);
    at = sizeof head - 1;
    while (at + (sizeof child - 1) + (sizeof tail - 1) <= HOSTILE_BYTES) {
        memcpy(hostile_stanza + at, child, sizeof child - 1);
        at += sizeof child - 1;
    }
    while (at + (sizeof tail - 1) < HOSTILE_BYTES) hostile_stanza[at++] = ' ';
    memcpy(hostile_stanza + at, tail, sizeof tail - 1);
    memset(hostile_jid, 'a', HOSTILE_BYTES);
    hostile_jid[100] = '@';
}

/* The facts of an existing local user with an available "away" session, public presence. */
static void online_user(presence_request *request, presence_snapshot *snapshot) {
    memset(request, 0, sizeof *request);
    memset(snapshot, 0, sizeof *snapshot);
    request->jid = text_of(JID);
    snapshot->jid_valid = true;
    snapshot->jid_bare = text_of(JID);
    snapshot->jid_has_node = true;
    snapshot->jid_domain = PRESENCE_DOMAIN_LOCAL;
    snapshot->subject_exists = true;
    snapshot->presence_public = true;
    snapshot->available = true;
    snapshot->show = PRESENCE_SHOW_AWAY;
    snapshot->status_text = text_of("In a meeting until 3pm");
    snapshot->priority = 5;
    snapshot->stanza_xml = text_of(FIVE_CHILD_STANZA);
    snapshot->unavailable_text = text_of("Unavailable");
}

static void offline(presence_snapshot *snapshot) {
    snapshot->available = false;
    snapshot->show = PRESENCE_SHOW_NONE;
    snapshot->status_text = text_of(NULL);
    snapshot->stanza_xml = text_of(NULL);
    snapshot->last_status = text_of("Gone home");
}

enum scenario_id {
    IMAGE_DEFAULT, IMAGES_REDIRECT, STATUS_REDIRECT, TEXT_ONLINE, TEXT_OFFLINE,
    XML_ONLINE, XML_FORBIDDEN, XML_OFFLINE, HOSTILE_JID, HOSTILE_STANZA, SCENARIO_COUNT
};

static const char *const SCENARIO_NAMES[SCENARIO_COUNT] = {
    "image-default", "images-redirect", "status-redirect", "text-online", "text-offline",
    "xml-online-5-children", "xml-forbidden", "xml-offline", "hostile-64k-jid", "hostile-64k-stanza-xml",
};

static void build_scenario(int id, presence_request *request, presence_snapshot *snapshot) {
    static const char *const status_urls[PRESENCE_STATUS_COUNT] = {
        "https://example.com/icons/green.png", "https://example.com/icons/chat.png",
        "https://example.com/icons/yellow.png", "https://example.com/icons/xa.png",
        "https://example.com/icons/red.png", "https://example.com/icons/grey.png",
        "https://example.com/icons/none.png",
    };
    online_user(request, snapshot);
    switch (id) {
    case IMAGE_DEFAULT: break;
    case IMAGES_REDIRECT:
        request->images = text_of("https://example.com/icons/--IMAGE--.png");
        break;
    case STATUS_REDIRECT:
        for (int s = 0; s < PRESENCE_STATUS_COUNT; s++) request->status_url[s] = text_of(status_urls[s]);
        break;
    case TEXT_ONLINE: request->type = text_of("text"); break;
    case TEXT_OFFLINE: request->type = text_of("text"); offline(snapshot); break;
    case XML_ONLINE: request->type = text_of("xml"); break;
    case XML_FORBIDDEN:
        request->type = text_of("xml");
        snapshot->presence_public = false;
        break;
    case XML_OFFLINE: request->type = text_of("xml"); offline(snapshot); break;
    case HOSTILE_JID:
        request->jid.data = hostile_jid;
        request->jid.length = HOSTILE_BYTES;
        snapshot->jid_valid = false;
        snapshot->jid_bare = text_of(NULL);
        break;
    case HOSTILE_STANZA:
        request->type = text_of("xml");
        snapshot->stanza_xml.data = hostile_stanza;
        snapshot->stanza_xml.length = HOSTILE_BYTES;
        break;
    }
}

static volatile size_t sink;

static void __attribute__((noinline)) bench_empty_call(const presence_request *request,
                                                       const presence_snapshot *snapshot,
                                                       presence_response *response) {
    __asm__ volatile("" : : "r"(request), "r"(snapshot), "r"(response) : "memory");
}

static void one_call(const presence_request *request, const presence_snapshot *snapshot) {
    presence_response response;
    memset(&response, 0, sizeof response);
    presence_resolve(request, snapshot, &response);
    sink += response.body_length;
    presence_response_release(&response);
}

/* This thread's CPU time: time spent waiting for a CPU on a busy machine is not counted. */
static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median over runs of ns per call; scenario -1 is the empty-call baseline. */
static void time_scenario(int id, double milliseconds, int runs) {
    presence_request request;
    presence_snapshot snapshot;
    presence_response response;
    double samples[64];
    long iterations = 1;
    if (runs > 64) runs = 64;
    build_scenario(id < 0 ? IMAGE_DEFAULT : id, &request, &snapshot);
    for (;;) { /* calibrate: double until one run takes a tenth of the wanted time */
        double start = now_ns();
        for (long i = 0; i < iterations; i++) {
            if (id < 0) bench_empty_call(&request, &snapshot, &response);
            else one_call(&request, &snapshot);
        }
        double took = now_ns() - start;
        if (took > milliseconds * 1e5 || iterations > (1L << 30)) {
            iterations = (long)(iterations * (milliseconds * 1e6 / (took > 1 ? took : 1))) + 1;
            break;
        }
        iterations *= 2;
    }
    for (int r = 0; r < runs; r++) {
        double start = now_ns();
        for (long i = 0; i < iterations; i++) {
            if (id < 0) bench_empty_call(&request, &snapshot, &response);
            else one_call(&request, &snapshot);
        }
        samples[r] = (now_ns() - start) / (double)iterations;
    }
    qsort(samples, (size_t)runs, sizeof samples[0], compare_doubles);
    printf("%s\t%.1f\t%.1f\t%.1f\t%ld\n", id < 0 ? "baseline-empty-call" : SCENARIO_NAMES[id],
           samples[runs / 2], samples[0], samples[runs - 1], iterations);
}

static const char *kind_name(presence_answer_kind kind) {
    static const char *const names[] = { "image", "redirect", "text", "xml", "error" };
    return (unsigned)kind < 5 ? names[kind] : "?";
}

static int usage(void) {
    fprintf(stderr, "usage: core_bench list | time MILLISECONDS RUNS | grind N | allocations N | mix N\n");
    return 2;
}

int main(int argc, char **argv) {
    static char stdout_buffer[1 << 16]; /* so that stdio allocates nothing on the heap */
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    if (argc < 2) return usage();
    build_hostile_inputs();
    if (presence_core_init() != 0) {
        fprintf(stderr, "core_bench: presence_core_init failed\n");
        return 1;
    }
    presence_request request;
    presence_snapshot snapshot;
    if (strcmp(argv[1], "list") == 0) {
        for (int i = 0; i < SCENARIO_COUNT; i++) {
            presence_response response;
            memset(&response, 0, sizeof response);
            build_scenario(i, &request, &snapshot);
            presence_resolve(&request, &snapshot, &response);
            printf("%s\t%d\t%s\t%zu\t%s\n", SCENARIO_NAMES[i], response.http_status,
                   kind_name(response.kind), response.body_length,
                   presence_status_name(response.status) ? presence_status_name(response.status) : "-");
            presence_response_release(&response);
        }
    } else if (strcmp(argv[1], "time") == 0 && argc == 4) {
        double milliseconds = atof(argv[2]);
        int runs = atoi(argv[3]);
        if (milliseconds <= 0 || runs < 1) return usage();
        for (int i = -1; i < SCENARIO_COUNT; i++) time_scenario(i, milliseconds, runs);
    } else if (strcmp(argv[1], "grind") == 0 && argc == 3) {
        long n = atol(argv[2]);
        presence_response response;
        for (int id = -1; id < SCENARIO_COUNT; id++) {
            long calls = id == HOSTILE_STANZA ? (n / 100 > 0 ? n / 100 : 1) : n;
            build_scenario(id < 0 ? IMAGE_DEFAULT : id, &request, &snapshot);
            for (long i = 0; i < calls + 2; i++) {
                if (i == 2) CALLGRIND_ZERO_STATS;
                if (id < 0) bench_empty_call(&request, &snapshot, &response);
                else one_call(&request, &snapshot);
            }
            CALLGRIND_DUMP_STATS_AT(id < 0 ? "baseline-empty-call" : SCENARIO_NAMES[id]);
            printf("%s\t%ld\n", id < 0 ? "baseline-empty-call" : SCENARIO_NAMES[id], calls);
        }
    } else if (strcmp(argv[1], "allocations") == 0 && argc == 3) {
#ifdef COUNT_ALLOCATIONS
        long n = atol(argv[2]);
        for (int id = 0; id < SCENARIO_COUNT; id++) {
            long calls = id == HOSTILE_STANZA ? (n / 100 > 0 ? n / 100 : 1) : n;
            build_scenario(id, &request, &snapshot);
            one_call(&request, &snapshot);
            one_call(&request, &snapshot);
            size_t count_before = allocation_count, bytes_before = allocated_bytes;
            for (long i = 0; i < calls; i++) one_call(&request, &snapshot);
            printf("%s\t%.2f\t%.1f\n", SCENARIO_NAMES[id], (double)(allocation_count - count_before) / (double)calls,
                   (double)(allocated_bytes - bytes_before) / (double)calls);
        }
#else
        fprintf(stderr, "core_bench: built without -DCOUNT_ALLOCATIONS\n");
        return 2;
#endif
    } else if (strcmp(argv[1], "mix") == 0 && argc == 3) {
        /* every scenario but the 64 KiB stanza, which would dominate the run time */
        long n = atol(argv[2]);
        presence_request requests[SCENARIO_COUNT];
        presence_snapshot snapshots[SCENARIO_COUNT];
        for (int i = 0; i < SCENARIO_COUNT; i++) build_scenario(i, &requests[i], &snapshots[i]);
        size_t in_use_at_tenth = 0;
        for (int id = 0; id < SCENARIO_COUNT - 1; id++) one_call(&requests[id], &snapshots[id]);
        printf("heap_in_use_after\t%d\t%zu\n", SCENARIO_COUNT - 1, mallinfo2().uordblks);
        for (long i = 0; i < n; i++) {
            int id = (int)(i % (SCENARIO_COUNT - 1)); /* the warm-up cycle is not counted */
            one_call(&requests[id], &snapshots[id]);
            if (i + 1 == n / 10) in_use_at_tenth = mallinfo2().uordblks;
        }
        printf("heap_in_use_after\t%ld\t%zu\n", n / 10, in_use_at_tenth);
        printf("heap_in_use_after\t%ld\t%zu\n", n, mallinfo2().uordblks);
    } else {
        return usage();
    }
    return 0;
}
