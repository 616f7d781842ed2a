/*
 * core_bench.c — drives presence_resolve() (presence_resolve_batch() for a row with several jids)
 * on the rows of bench/scenarios.tsv.
 *
 *   core_bench SCENARIOS AVATAR COMMAND   SCENARIOS: bench/scenarios.tsv (the rows to run; a row
 *                                      needing a core feature this build lacks is left out),
 *                                      AVATAR: the PNG of bench/directory.json's user "bench"
 *   COMMAND list                       one line per row: name, HTTP status, kind, body bytes, status
 *   COMMAND bodies DIR                 each row's body as DIR/NAME.body
 *   COMMAND time MILLISECONDS RUNS     median CPU ns per call of every row (TSV), each run taking
 *                                      about MILLISECONDS of CPU; the first row is the empty-call baseline
 *   COMMAND grind N                    under callgrind (--collect-atstart=no --toggle-collect=presence_*
 *                                      --toggle-collect=bench_empty_call): per row, two warm-up calls,
 *                                      then N calls (N/100 for the 64 KiB stanza) dumped as one part named
 *                                      after the row; prints "name<TAB>calls" per row
 *   COMMAND allocations N              built with -DCOUNT_ALLOCATIONS: per row, after two warm-up
 *                                      calls, mallocs and bytes per call over N calls (TSV)
 *   COMMAND mix N                      one warm-up cycle, then N calls cycling through every row
 *                                      but the 64 KiB stanza; prints the heap bytes in use (mallinfo2)
 *                                      after the warm-up, after N/10 and after N calls
 *
 * It only reports; it never asserts a timing. Inputs are built once, outside the measured loops.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdbool.h>
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

#define MAX_SCENARIOS 64
#define MAX_JIDS 100
#define MAX_FIELD 4096

static const char JID[] = "bench@example.com";
/* The stanza of bench/directory.json's user "bench" as Openfire would hold it: show, status,
 * priority, caps, a vCard-update and one extension the web never sees. */
static const char ONLINE_STANZA[] =
    "<presence from=\"bench@example.com/laptop\">"
    "<show>away</show><status>In a meeting until 3pm</status><priority>5</priority>"
    "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"https://example.com/client\""
    " ver=\"QgayPKawpkPSDYmwT/WM94uAlu0=\"/>"
    "<x xmlns=\"vcard-temp:x:update\"><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>"
    "<bench xmlns=\"urn:example:bench:unknown\"><item>not for the web</item></bench>"
    "</presence>";

static char avatar_bytes[PRESENCE_MAX_AVATAR];
static size_t avatar_length;

/* One row of bench/scenarios.tsv, its inputs built once. */
typedef struct scenario {
    char name[128];
    char facts[32];
    int jids;
    char query[MAX_FIELD];
    char header[MAX_FIELD];
    presence_request requests[MAX_JIDS];
    presence_snapshot snapshots[MAX_JIDS];
    char jid_names[MAX_JIDS][64];
    char etag[128];
} scenario;

static scenario scenarios[MAX_SCENARIOS];
static int scenario_count;

static presence_text text_of(const char *s) {
    presence_text t = { s, s ? strlen(s) : 0 };
    return t;
}

/* A well-formed stanza of exactly HOSTILE_BYTES bytes: thousands of escaped, attribute-laden
 * children, the most work the core accepts for one request. */
static void build_hostile_inputs(void) {
    static const char head[] = "<presence from=\"bench@example.com/laptop\">";
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

/* The facts of bench/directory.json's "bench": a local user with an available "away" session,
 * public presence, the PNG avatar run.sh took from that file. */
static void online_user(const char *jid, presence_request *request, presence_snapshot *snapshot) {
    memset(request, 0, sizeof *request);
    memset(snapshot, 0, sizeof *snapshot);
    request->jid = text_of(jid);
    snapshot->jid_valid = true;
    snapshot->jid_bare = text_of(jid);
    snapshot->jid_has_node = true;
    snapshot->jid_domain = PRESENCE_DOMAIN_LOCAL;
    snapshot->subject_exists = true;
    snapshot->presence_public = true;
    snapshot->available = true;
    snapshot->show = PRESENCE_SHOW_AWAY;
    snapshot->status_text = text_of("In a meeting until 3pm");
    snapshot->priority = 5;
    snapshot->stanza_xml = text_of(ONLINE_STANZA);
    snapshot->unavailable_text = text_of("Unavailable");
    snapshot->avatar.data = avatar_bytes;
    snapshot->avatar.length = avatar_length;
}

static void offline(presence_snapshot *snapshot) {
    snapshot->available = false;
    snapshot->show = PRESENCE_SHOW_NONE;
    snapshot->status_text = text_of(NULL);
    snapshot->stanza_xml = text_of(NULL);
    snapshot->last_status = text_of("Gone home");
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes %XX and '+' in place; returns the decoded length. */
static size_t url_decode(char *text) {
    size_t in = 0, out = 0;
    while (text[in]) {
        if (text[in] == '%' && hex_value(text[in + 1]) >= 0 && hex_value(text[in + 2]) >= 0) {
            text[out++] = (char)(hex_value(text[in + 1]) * 16 + hex_value(text[in + 2]));
            in += 3;
        } else {
            text[out++] = text[in] == '+' ? ' ' : text[in];
            in++;
        }
    }
    text[out] = '\0';
    return out;
}

/* The request field a parameter fills, or NULL for one the core does not read. */
static presence_text *parameter_field(presence_request *request, const char *name) {
    for (int s = 0; s < PRESENCE_STATUS_COUNT; s++)
        if (presence_status_name((presence_status)s) && strcmp(name, presence_status_name((presence_status)s)) == 0)
            return &request->status_url[s];
    if (strcmp(name, "jid") == 0) return &request->jid;
    if (strcmp(name, "req_jid") == 0) return &request->req_jid;
    if (strcmp(name, "type") == 0) return &request->type;
    if (strcmp(name, "images") == 0) return &request->images;
    if (strcmp(name, "id") == 0) return &request->id;
    if (strcmp(name, "expires") == 0) return &request->expires;
    if (strcmp(name, "label") == 0) return &request->label;
    if (strcmp(name, "message") == 0) return &request->message;
    if (strcmp(name, "theme") == 0) return &request->theme;
    if (strcmp(name, "size") == 0) return &request->size;
    if (strcmp(name, "format") == 0) return &request->format;
    return NULL;
}

static void fail(const char *what, const char *name) {
    fprintf(stderr, "core_bench: %s: %s\n", name, what);
    exit(2);
}

/* Fills one request's parameters from the row's query (kept decoded in the row's memory). */
static void apply_query(scenario *s, presence_request *request, char *decoded) {
    if (strcmp(decoded, "-") == 0) return;
    for (char *pair = strtok(decoded, "&"); pair; pair = strtok(NULL, "&")) {
        char *equals = strchr(pair, '=');
        if (!equals) fail("a query pair without '='", s->name);
        *equals = '\0';
        presence_text *field = parameter_field(request, pair);
        if (!field) fail("a parameter core_bench does not know", s->name);
        field->length = url_decode(equals + 1);
        field->data = equals + 1;
    }
}

static void one_call(const scenario *s);

/* The facts "online-first-seen": online, and nothing kept between calls (presence_core_cleanup
 * before each): the cost of a stanza the core meets for the first time. */
static bool first_seen(const scenario *s) { return strcmp(s->facts, "online-first-seen") == 0; }

/* Builds the row's requests and snapshots (every jid gets the same facts and parameters). */
static void build_scenario(scenario *s) {
    static char decoded[MAX_SCENARIOS][MAX_FIELD];
    char *query = decoded[s - scenarios];
    for (int j = 0; j < s->jids; j++) {
        if (j == 0) snprintf(s->jid_names[j], sizeof s->jid_names[j], "%s", JID);
        else snprintf(s->jid_names[j], sizeof s->jid_names[j], "batch%02d@example.com", j);
        online_user(s->jid_names[j], &s->requests[j], &s->snapshots[j]);
        if (j == 0) {
            snprintf(query, MAX_FIELD, "%s", s->query);
            apply_query(s, &s->requests[0], query);
        } else {
            presence_text jid = s->requests[j].jid;
            s->requests[j] = s->requests[0];
            s->requests[j].jid = jid;
        }
        presence_snapshot *snapshot = &s->snapshots[j];
        if (strcmp(s->facts, "offline") == 0) offline(snapshot);
        else if (strcmp(s->facts, "forbidden") == 0) snapshot->presence_public = false;
        else if (strcmp(s->facts, "hostile-jid") == 0) {
            s->requests[j].jid.data = hostile_jid;
            s->requests[j].jid.length = HOSTILE_BYTES;
            snapshot->jid_valid = false;
            snapshot->jid_bare = text_of(NULL);
        } else if (strcmp(s->facts, "hostile-stanza") == 0) {
            snapshot->stanza_xml.data = hostile_stanza;
            snapshot->stanza_xml.length = HOSTILE_BYTES;
        } else if (strcmp(s->facts, "online") != 0 && !first_seen(s)) fail("unknown facts", s->name);
    }
    if (strcmp(s->header, "-") == 0) return;
    if (strcmp(s->header, "If-None-Match: {etag}") == 0) { /* the ETag of the same request's 200 */
        presence_response response;
        memset(&response, 0, sizeof response);
        presence_resolve(&s->requests[0], &s->snapshots[0], &response);
        for (size_t h = 0; h < response.header_count; h++)
            if (strcmp(response.headers[h].name, "ETag") == 0)
                snprintf(s->etag, sizeof s->etag, "%s", response.headers[h].value);
        presence_response_release(&response);
        if (!s->etag[0]) fail("the 200 has no ETag", s->name);
        s->requests[0].if_none_match = text_of(s->etag);
        return;
    }
    fail("a header core_bench does not know", s->name);
}

/* Reads bench/scenarios.tsv: every row. */
static void read_scenarios(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) fail("cannot open", path);
    static char line[3 * MAX_FIELD];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *columns[7];
        int n = 0;
        for (char *c = strtok(line, "\t"); c && n < 7; c = strtok(NULL, "\t")) columns[n++] = c;
        if (n != 7) fail("a row without 7 columns", path);
        if (scenario_count == MAX_SCENARIOS) fail("too many rows", path);
        scenario *s = &scenarios[scenario_count++];
        snprintf(s->name, sizeof s->name, "%s", columns[0]);
        snprintf(s->facts, sizeof s->facts, "%s", columns[1]);
        s->jids = atoi(columns[2]);
        if (s->jids < 1 || s->jids > MAX_JIDS) fail("jids out of 1..100", s->name);
        snprintf(s->query, sizeof s->query, "%s", columns[3]);
        snprintf(s->header, sizeof s->header, "%s", columns[4]);
    }
    fclose(f);
    for (int i = 0; i < scenario_count; i++) build_scenario(&scenarios[i]);
}

static void read_avatar(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) fail("cannot open", path);
    avatar_length = fread(avatar_bytes, 1, sizeof avatar_bytes, f);
    fclose(f);
}

static bool is_hostile_stanza(const scenario *s) { return strcmp(s->facts, "hostile-stanza") == 0; }

static volatile size_t sink;

static void __attribute__((noinline)) bench_empty_call(const presence_request *request,
                                                       const presence_snapshot *snapshot,
                                                       presence_response *response) {
    __asm__ volatile("" : : "r"(request), "r"(snapshot), "r"(response) : "memory");
}

static void one_call(const scenario *s) {
    presence_response response;
    memset(&response, 0, sizeof response);
    if (first_seen(s))
        presence_core_cleanup();
    if (s->jids > 1)
        presence_resolve_batch(s->requests, s->snapshots, (size_t)s->jids, &response);
    else
        presence_resolve(&s->requests[0], &s->snapshots[0], &response);
    sink += response.body_length;
    presence_response_release(&response);
}

/* One call of a row, or (s NULL) of the empty baseline with the first row's arguments. */
static void call_or_baseline(const scenario *s, presence_response *scratch) {
    if (s) one_call(s);
    else bench_empty_call(&scenarios[0].requests[0], &scenarios[0].snapshots[0], scratch);
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

static const char *name_of(const scenario *s) { return s ? s->name : "baseline-empty-call"; }

/* Median over runs of ns per call; s NULL is the empty-call baseline. */
static void time_scenario(const scenario *s, double milliseconds, int runs) {
    presence_response response;
    double samples[64];
    long iterations = 1;
    if (runs > 64) runs = 64;
    for (;;) { /* calibrate: double until one run takes a tenth of the wanted time */
        double start = now_ns();
        for (long i = 0; i < iterations; i++) call_or_baseline(s, &response);
        double took = now_ns() - start;
        if (took > milliseconds * 1e5 || iterations > (1L << 30)) {
            iterations = (long)(iterations * (milliseconds * 1e6 / (took > 1 ? took : 1))) + 1;
            break;
        }
        iterations *= 2;
    }
    for (int r = 0; r < runs; r++) {
        double start = now_ns();
        for (long i = 0; i < iterations; i++) call_or_baseline(s, &response);
        samples[r] = (now_ns() - start) / (double)iterations;
    }
    qsort(samples, (size_t)runs, sizeof samples[0], compare_doubles);
    printf("%s\t%.1f\t%.1f\t%.1f\t%ld\n", name_of(s), samples[runs / 2], samples[0], samples[runs - 1], iterations);
}

static const char *kind_name(presence_answer_kind kind) {
    static const char *const names[] = { "image", "redirect", "text", "xml", "error", "json", "badge", "avatar",
                                         "not-modified", "preflight" }; /* presence_answer_kind order */
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "other";
}

static int usage(void) {
    fprintf(stderr, "usage: core_bench SCENARIOS_TSV AVATAR_FILE list | bodies DIR | time MILLISECONDS RUNS |"
                    " grind N | allocations N | mix N\n");
    return 2;
}

int main(int argc, char **argv) {
    static char stdout_buffer[1 << 16]; /* so that stdio allocates nothing on the heap */
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    if (argc < 4) return usage();
    if (presence_core_init() != 0) {
        fprintf(stderr, "core_bench: presence_core_init failed\n");
        return 1;
    }
    build_hostile_inputs();
    read_avatar(argv[2]);
    read_scenarios(argv[1]);
    if (scenario_count == 0) fail("no rows", argv[1]);
    const char *command = argv[3];
    argc -= 2;
    argv += 2;
    if (strcmp(command, "list") == 0 || (strcmp(command, "bodies") == 0 && argc == 3)) {
        for (int i = 0; i < scenario_count; i++) {
            const scenario *s = &scenarios[i];
            presence_response response;
            memset(&response, 0, sizeof response);
            if (s->jids > 1) presence_resolve_batch(s->requests, s->snapshots, (size_t)s->jids, &response);
            else
                presence_resolve(&s->requests[0], &s->snapshots[0], &response);
            if (command[0] == 'l') {
                printf("%s\t%d\t%s\t%zu\t%s\n", s->name, response.http_status, kind_name(response.kind),
                       response.body_length,
                       presence_status_name(response.status) ? presence_status_name(response.status) : "-");
            } else { /* each body as DIR/NAME.body, to compare with the plugin's over HTTP */
                char path[4096];
                int length = snprintf(path, sizeof path, "%s/%s.body", argv[2], s->name);
                if (length < 0 || (size_t)length >= sizeof path) fail("too long a path", argv[2]);
                FILE *f = fopen(path, "wb");
                if (!f || fwrite(response.body, 1, response.body_length, f) != response.body_length) fail("cannot write", path);
                fclose(f);
            }
            presence_response_release(&response);
        }
    } else if (strcmp(command, "time") == 0 && argc == 4) {
        double milliseconds = atof(argv[2]);
        int runs = atoi(argv[3]);
        if (milliseconds <= 0 || runs < 1) return usage();
        time_scenario(NULL, milliseconds, runs);
        for (int i = 0; i < scenario_count; i++) time_scenario(&scenarios[i], milliseconds, runs);
    } else if (strcmp(command, "grind") == 0 && argc == 3) {
        long n = atol(argv[2]);
        presence_response response;
        for (int i = -1; i < scenario_count; i++) {
            const scenario *s = i < 0 ? NULL : &scenarios[i];
            long calls = s && is_hostile_stanza(s) ? (n / 100 > 0 ? n / 100 : 1) : n;
            for (long c = 0; c < calls + 2; c++) {
                if (c == 2) CALLGRIND_ZERO_STATS;
                call_or_baseline(s, &response);
            }
            CALLGRIND_DUMP_STATS_AT(name_of(s));
            printf("%s\t%ld\n", name_of(s), calls);
        }
    } else if (strcmp(command, "allocations") == 0 && argc == 3) {
#ifdef COUNT_ALLOCATIONS
        long n = atol(argv[2]);
        for (int i = 0; i < scenario_count; i++) {
            const scenario *s = &scenarios[i];
            long calls = is_hostile_stanza(s) ? (n / 100 > 0 ? n / 100 : 1) : n;
            one_call(s);
            one_call(s);
            size_t count_before = allocation_count, bytes_before = allocated_bytes;
            for (long c = 0; c < calls; c++) one_call(s);
            printf("%s\t%.2f\t%.1f\n", s->name, (double)(allocation_count - count_before) / (double)calls,
                   (double)(allocated_bytes - bytes_before) / (double)calls);
        }
#else
        fprintf(stderr, "core_bench: built without -DCOUNT_ALLOCATIONS\n");
        return 2;
#endif
    } else if (strcmp(command, "mix") == 0 && argc == 3) {
        /* every row but the 64 KiB stanza, which would dominate the run time */
        long n = atol(argv[2]);
        int mixed[MAX_SCENARIOS], mixed_count = 0;
        for (int i = 0; i < scenario_count; i++)
            if (!is_hostile_stanza(&scenarios[i])) mixed[mixed_count++] = i;
        size_t in_use_at_tenth = 0;
        for (int m = 0; m < mixed_count; m++) one_call(&scenarios[mixed[m]]);
        printf("heap_in_use_after\t%d\t%zu\n", mixed_count, mallinfo2().uordblks);
        for (long i = 0; i < n; i++) { /* the warm-up cycle is not counted */
            one_call(&scenarios[mixed[i % mixed_count]]);
            if (i + 1 == n / 10) in_use_at_tenth = mallinfo2().uordblks;
        }
        printf("heap_in_use_after\t%ld\t%zu\n", n / 10, in_use_at_tenth);
        printf("heap_in_use_after\t%ld\t%zu\n", n, mallinfo2().uordblks);
    } else {
        return usage();
    }
    return 0;
}
