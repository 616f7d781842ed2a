/*
 * jni_smoke.c — loads a shipped JNI library the way a JVM does and asks it real questions.
 *
 *   presence_jni_smoke LIBRARY
 *
 * dlopen()s (LoadLibrary()s on Windows) LIBRARY, looks up JNI_OnLoad and the native method
 * PresenceCore.resolve by their exported names, calls JNI_OnLoad, then resolve with packed
 * requests (README.md, "The JNI boundary") through a fake JNIEnv that implements only the JNI
 * functions a glue moving bytes needs (GetArrayLength, GetByteArrayRegion, Get/Release-
 * PrimitiveArrayCritical, NewByteArray, SetByteArrayRegion, ExceptionClear); any other JNI
 * function it calls ends the run with its slot number. Checks status, headers and body of a text, an XML (parsed and re-serialised
 * by the linked libxml2) and an image answer, and null for a malformed packing; then unloads
 * the library (JNI_OnUnload, dlclose/FreeLibrary) while a thread that used it is alive, and
 * lets that thread end, as a JVM does at a plugin reload. Exits 0 when
 * every check passes, 1 (after printing each failure) otherwise. Runs natively, under
 * qemu-user and under wine: it needs nothing but the C library and the library under test.
 */
#include <jni.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "presence_layout.h"

#ifdef _WIN32
#include <windows.h>
static void *open_library(const char *path) { return (void *)LoadLibraryA(path); }
static void *find_symbol(void *library, const char *name)
{
    return (void *)(uintptr_t)GetProcAddress((HMODULE)library, name);
}
static const char *open_error(void) { return "LoadLibraryA failed"; }
static int close_library(void *library) { return FreeLibrary((HMODULE)library) ? 0 : -1; }
typedef HANDLE thread_handle;
typedef HANDLE event_handle;
static event_handle new_event(void) { return CreateEventA(NULL, TRUE, FALSE, NULL); }
static void set_event(event_handle e) { SetEvent(e); }
static void wait_event(event_handle e) { WaitForSingleObject(e, INFINITE); }
static DWORD WINAPI worker_main(LPVOID argument);
static int start_thread(thread_handle *t, void *argument)
{
    *t = CreateThread(NULL, 0, worker_main, argument, 0, NULL);
    return *t != NULL ? 0 : -1;
}
static void join_thread(thread_handle t) { WaitForSingleObject(t, INFINITE); CloseHandle(t); }
#else
#include <dlfcn.h>
#include <pthread.h>
static void *open_library(const char *path) { return dlopen(path, RTLD_NOW | RTLD_LOCAL); }
static void *find_symbol(void *library, const char *name) { return dlsym(library, name); }
static const char *open_error(void) { return dlerror(); }
static int close_library(void *library) { return dlclose(library); }
typedef pthread_t thread_handle;
typedef struct { pthread_mutex_t lock; pthread_cond_t changed; int set; } *event_handle;
static event_handle new_event(void)
{
    event_handle e = calloc(1, sizeof *e);
    if (e != NULL) {
        pthread_mutex_init(&e->lock, NULL);
        pthread_cond_init(&e->changed, NULL);
    }
    return e;
}
static void set_event(event_handle e)
{
    pthread_mutex_lock(&e->lock);
    e->set = 1;
    pthread_cond_broadcast(&e->changed);
    pthread_mutex_unlock(&e->lock);
}
static void wait_event(event_handle e)
{
    pthread_mutex_lock(&e->lock);
    while (!e->set) {
        pthread_cond_wait(&e->changed, &e->lock);
    }
    pthread_mutex_unlock(&e->lock);
}
static void *worker_main(void *argument);
static int start_thread(thread_handle *t, void *argument) { return pthread_create(t, NULL, worker_main, argument); }
static void join_thread(thread_handle t) { pthread_join(t, NULL); }
#endif

#define RESOLVE_NAME "Java_org_jivesoftware_openfire_plugin_presence_PresenceCore_resolve"
/* the packed layout, from its one definition (PresenceCore.java, via presence_layout.h) */
#define FIELD_COUNT LAYOUT_FIELD_COUNT
enum { FIELD_JID = LAYOUT_FIELD_JID, FIELD_TYPE = LAYOUT_FIELD_TYPE, FIELD_JID_BARE = LAYOUT_FIELD_JID_BARE,
       FIELD_STATUS_TEXT = LAYOUT_FIELD_STATUS_TEXT, FIELD_STANZA_XML = LAYOUT_FIELD_STANZA_XML };
/* flags bits (README): jid_valid, jid_has_node, domain local, subject_exists, public, available */
#define FLAGS_PUBLIC_AVAILABLE_LOCAL_USER ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 4) | (1 << 5) | (1 << 8))
#define FLAGS_SHOW_AWAY (2 << 9)

typedef jbyteArray (JNICALL *resolve_fn)(JNIEnv *, jclass, jbyteArray, jint, jint);
typedef jint (JNICALL *onload_fn)(JavaVM *, void *);

static int failures;

static void fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("jni_smoke: FAILED: ", stdout);
    vprintf(format, args);
    fputc('\n', stdout);
    va_end(args);
    failures++;
}

/* ---- the fake JVM: a Java byte[] is this struct; jbyteArray points at it ---- */
typedef struct fake_array {
    jsize length;
    int pinned;
    jbyte bytes[];
} fake_array;

static fake_array *as_array(jarray array) { return (fake_array *)(void *)array; }

static fake_array *new_array(jsize length)
{
    fake_array *array = calloc(1, sizeof(fake_array) + (size_t)length);
    if (array == NULL) {
        fputs("jni_smoke: out of memory\n", stdout);
        exit(1);
    }
    array->length = length;
    return array;
}

static jsize JNICALL get_array_length(JNIEnv *env, jarray array)
{
    (void)env;
    return as_array(array)->length;
}

static void *JNICALL get_critical(JNIEnv *env, jarray array, jboolean *is_copy)
{
    (void)env;
    if (is_copy != NULL) {
        *is_copy = JNI_FALSE;
    }
    as_array(array)->pinned++;
    return as_array(array)->bytes;
}

static void JNICALL release_critical(JNIEnv *env, jarray array, void *bytes, jint mode)
{
    (void)env;
    (void)mode;
    if (bytes != as_array(array)->bytes || as_array(array)->pinned <= 0) {
        fail("ReleasePrimitiveArrayCritical of an array that is not pinned");
        return;
    }
    as_array(array)->pinned--;
}

static void JNICALL get_region(JNIEnv *env, jbyteArray array, jsize start, jsize length, jbyte *bytes)
{
    (void)env;
    if (start < 0 || length < 0 || start > as_array(array)->length - length) {
        fail("GetByteArrayRegion out of bounds");
        return;
    }
    memcpy(bytes, as_array(array)->bytes + start, (size_t)length);
}

static jbyteArray JNICALL new_byte_array(JNIEnv *env, jsize length)
{
    (void)env;
    return (jbyteArray)(void *)new_array(length);
}

static void JNICALL set_region(JNIEnv *env, jbyteArray array, jsize start, jsize length, const jbyte *bytes)
{
    (void)env;
    if (start < 0 || length < 0 || start > as_array(array)->length - length) {
        fail("SetByteArrayRegion out of bounds");
        return;
    }
    memcpy(as_array(array)->bytes + start, bytes, (size_t)length);
}

static void JNICALL exception_clear(JNIEnv *env) { (void)env; }

/* Every slot of the function table starts as one of these: calling it names the slot. */
#define TRAP_SLOTS (sizeof(struct JNINativeInterface_) / sizeof(void *))
static void trap(size_t slot)
{
    printf("jni_smoke: FAILED: the library called JNI function slot %zu, which it does not need\n", slot);
    exit(1);
}
/* trap_G_K is the trap of slot 8 * (G - 1) + K */
#define TRAP(g, k) static void trap_##g##_##k(void) { trap((size_t)((g) - 1) * 8 + (k)); }
#define TRAPS8(g) TRAP(g, 0) TRAP(g, 1) TRAP(g, 2) TRAP(g, 3) TRAP(g, 4) TRAP(g, 5) TRAP(g, 6) TRAP(g, 7)
TRAPS8(1) TRAPS8(2) TRAPS8(3) TRAPS8(4) TRAPS8(5) TRAPS8(6) TRAPS8(7) TRAPS8(8) TRAPS8(9)
TRAPS8(10) TRAPS8(11) TRAPS8(12) TRAPS8(13) TRAPS8(14) TRAPS8(15) TRAPS8(16) TRAPS8(17) TRAPS8(18)
TRAPS8(19) TRAPS8(20) TRAPS8(21) TRAPS8(22) TRAPS8(23) TRAPS8(24) TRAPS8(25) TRAPS8(26) TRAPS8(27)
TRAPS8(28) TRAPS8(29) TRAPS8(30)
#define TRAPREF8(g) trap_##g##_0, trap_##g##_1, trap_##g##_2, trap_##g##_3, trap_##g##_4, trap_##g##_5, \
                    trap_##g##_6, trap_##g##_7
static void (*const traps[])(void) = {
    TRAPREF8(1), TRAPREF8(2), TRAPREF8(3), TRAPREF8(4), TRAPREF8(5), TRAPREF8(6), TRAPREF8(7),
    TRAPREF8(8), TRAPREF8(9), TRAPREF8(10), TRAPREF8(11), TRAPREF8(12), TRAPREF8(13), TRAPREF8(14),
    TRAPREF8(15), TRAPREF8(16), TRAPREF8(17), TRAPREF8(18), TRAPREF8(19), TRAPREF8(20),
    TRAPREF8(21), TRAPREF8(22), TRAPREF8(23), TRAPREF8(24), TRAPREF8(25), TRAPREF8(26),
    TRAPREF8(27), TRAPREF8(28), TRAPREF8(29), TRAPREF8(30),
};
_Static_assert(sizeof traps / sizeof traps[0] >= TRAP_SLOTS, "one trap per JNI function slot");

static struct JNINativeInterface_ functions;
static JNIEnv fake_env = &functions;

static void build_env(void)
{
    void (**slot)(void) = (void (**)(void))(void *)&functions;
    for (size_t i = 0; i < TRAP_SLOTS; i++) {
        slot[i] = traps[i];   /* traps[i] names slot i */
    }
    functions.GetArrayLength = get_array_length;
    functions.GetPrimitiveArrayCritical = get_critical;
    functions.ReleasePrimitiveArrayCritical = release_critical;
    functions.GetByteArrayRegion = get_region;
    functions.NewByteArray = new_byte_array;
    functions.SetByteArrayRegion = set_region;
    functions.ExceptionClear = exception_clear;
}

/* ---- requests and answers ---- */
static jbyteArray pack(const char *const fields[FIELD_COUNT])
{
    size_t size = 4 * FIELD_COUNT;
    for (int i = 0; i < FIELD_COUNT; i++) {
        size += fields[i] != NULL ? strlen(fields[i]) : 0;
    }
    fake_array *array = new_array((jsize)size);
    unsigned char *out = (unsigned char *)array->bytes;
    size_t at = 4 * FIELD_COUNT;
    for (int i = 0; i < FIELD_COUNT; i++) {
        uint32_t length = fields[i] != NULL ? (uint32_t)strlen(fields[i]) : UINT32_MAX; /* -1: absent */
        out[4 * i] = (unsigned char)(length >> 24);
        out[4 * i + 1] = (unsigned char)(length >> 16);
        out[4 * i + 2] = (unsigned char)(length >> 8);
        out[4 * i + 3] = (unsigned char)length;
        if (fields[i] != NULL) {
            memcpy(out + at, fields[i], length);
            at += length;
        }
    }
    return (jbyteArray)(void *)array;
}

typedef struct answer {
    int status;
    char content_type[128];
    const unsigned char *body;
    size_t body_length;
} answer;

/* Decodes the wire format (README): u16 status, u8 N, N x (u16, name, u16, value), u16, log, body. */
static int decode(fake_array *encoded, answer *out)
{
    const unsigned char *in = (const unsigned char *)encoded->bytes;
    size_t size = (size_t)encoded->length, at = 3;
    memset(out, 0, sizeof *out);
    if (size < 3) {
        return -1;
    }
    out->status = in[0] << 8 | in[1];
    for (int h = 0; h < in[2]; h++) {
        size_t lengths[2];
        const unsigned char *texts[2];
        for (int k = 0; k < 2; k++) {
            if (size - at < 2) {
                return -1;
            }
            lengths[k] = (size_t)(in[at] << 8 | in[at + 1]);
            at += 2;
            if (size - at < lengths[k]) {
                return -1;
            }
            texts[k] = in + at;
            at += lengths[k];
        }
        if (lengths[0] == 12 && memcmp(texts[0], "Content-Type", 12) == 0 && lengths[1] < sizeof out->content_type) {
            memcpy(out->content_type, texts[1], lengths[1]);
        }
    }
    if (size - at < 2) {
        return -1;
    }
    size_t log = (size_t)(in[at] << 8 | in[at + 1]);
    at += 2;
    if (size - at < log) {
        return -1;
    }
    at += log;
    out->body = in + at;
    out->body_length = size - at;
    return 0;
}

static resolve_fn resolve;

static int ask(const char *name, const char *const fields[FIELD_COUNT], jint flags, answer *out)
{
    jbyteArray packed = pack(fields);
    jbyteArray encoded = resolve(&fake_env, NULL, packed, flags, 0);
    int ok = 0;
    if (as_array(packed)->pinned != 0) {
        fail("%s: the request array is still pinned", name);
    } else if (encoded == NULL) {
        fail("%s: resolve returned null", name);
    } else if (decode(as_array(encoded), out) != 0) {
        fail("%s: the answer is not in the wire format", name);
    } else {
        ok = 1;
    }
    free(packed);
    return ok;
}

static int body_is(const answer *a, const char *text)
{
    return a->body_length == strlen(text) && memcmp(a->body, text, a->body_length) == 0;
}

static int body_contains(const answer *a, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; n <= a->body_length && i <= a->body_length - n; i++) {
        if (memcmp(a->body + i, text, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* ---- unloading: a JVM unloads the library of a collected class loader (a plugin reload) while
 * threads that called into it live on; when such a thread ends later, nothing of the library
 * may run (libxml2's per-thread state must be gone by then, or the process crashes) ---- */
static const char *const *worker_request;
static jint worker_flags;
static event_handle worker_asked, worker_may_end;
static int worker_ok;

static void worker_body(void)
{
    answer a;
    worker_ok = ask("xml in another thread", worker_request, worker_flags, &a) && a.status == 200;
    set_event(worker_asked);
    wait_event(worker_may_end);   /* ends only after the library is unloaded */
}
#ifdef _WIN32
static DWORD WINAPI worker_main(LPVOID argument) { (void)argument; worker_body(); return 0; }
#else
static void *worker_main(void *argument) { (void)argument; worker_body(); return NULL; }
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: presence_jni_smoke LIBRARY\n", stdout);
        return 2;
    }
    void *library = open_library(argv[1]);
    if (library == NULL) {
        printf("jni_smoke: FAILED: cannot load %s: %s\n", argv[1], open_error());
        return 1;
    }
    onload_fn onload = (onload_fn)(uintptr_t)find_symbol(library, "JNI_OnLoad");
    resolve = (resolve_fn)(uintptr_t)find_symbol(library, RESOLVE_NAME);
    if (onload == NULL || resolve == NULL) {
        printf("jni_smoke: FAILED: %s does not export JNI_OnLoad and " RESOLVE_NAME "\n", argv[1]);
        return 1;
    }
    build_env();
    struct JNIInvokeInterface_ no_vm_functions = {0};
    JavaVM vm = &no_vm_functions;
    jint version = onload(&vm, NULL);
    if (version != JNI_VERSION_1_8) {
        fail("JNI_OnLoad returned 0x%x, not JNI_VERSION_1_8", (unsigned)version);
    }

    answer a;
    const char *text[FIELD_COUNT] = {0};
    text[FIELD_JID] = "alice@example.com";
    text[FIELD_TYPE] = "text";
    text[FIELD_JID_BARE] = "alice@example.com";
    text[FIELD_STATUS_TEXT] = "Lunch \xC3\xA0 midi";
    if (ask("text", text, FLAGS_PUBLIC_AVAILABLE_LOCAL_USER | FLAGS_SHOW_AWAY, &a)) {
        if (a.status != 200 || strcmp(a.content_type, "text/plain; charset=UTF-8") != 0
            || !body_is(&a, "Lunch \xC3\xA0 midi")) {
            fail("text: got %d \"%s\" \"%.*s\"", a.status, a.content_type, (int)a.body_length, a.body);
        }
    }

    const char *xml[FIELD_COUNT] = {0};
    xml[FIELD_JID] = "alice@example.com";
    xml[FIELD_TYPE] = "xml";
    xml[FIELD_JID_BARE] = "alice@example.com";
    xml[FIELD_STATUS_TEXT] = "Fish & chips";
    xml[FIELD_STANZA_XML] = "<presence from='alice@example.com/desk'><show>away</show>"
                            "<status>Fish &amp; chips</status><x xmlns='urn:example'/>"
                            "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>";
    if (ask("xml", xml, FLAGS_PUBLIC_AVAILABLE_LOCAL_USER | FLAGS_SHOW_AWAY, &a)) {
        if (a.status != 200 || strcmp(a.content_type, "text/xml; charset=UTF-8") != 0
            || a.body_length < 10 || memcmp(a.body, "<presence", 9) != 0
            || !body_contains(&a, "<status>Fish &amp; chips</status>")
            || !body_contains(&a, "<c xmlns=\"http://jabber.org/protocol/caps\"")
            || body_contains(&a, "urn:example")) {  /* the allow-list keeps caps, drops the rest */
            fail("xml: got %d \"%s\" \"%.*s\"", a.status, a.content_type, (int)a.body_length, a.body);
        }
    }

    const char *image[FIELD_COUNT] = {0};
    image[FIELD_JID] = "alice@example.com";
    image[FIELD_JID_BARE] = "alice@example.com";
    if (ask("image", image, FLAGS_PUBLIC_AVAILABLE_LOCAL_USER, &a)) {
        if (a.status != 200 || strcmp(a.content_type, "image/png") != 0 || a.body_length < 8
            || memcmp(a.body, "\x89PNG\r\n\x1a\n", 8) != 0) {
            fail("image: got %d \"%s\", %zu bytes", a.status, a.content_type, a.body_length);
        }
    }

    fake_array *malformed = new_array(4 * FIELD_COUNT - 1);
    if (resolve(&fake_env, NULL, (jbyteArray)(void *)malformed, 0, 0) != NULL) {
        fail("malformed packing: resolve did not return null");
    }
    free(malformed);

    /* a thread asks, the library is unloaded (JNI_OnUnload, when exported, then closed), the
     * thread ends: a crash here is what a JVM would suffer at a plugin reload */
    worker_request = xml;
    worker_flags = FLAGS_PUBLIC_AVAILABLE_LOCAL_USER | FLAGS_SHOW_AWAY;
    worker_asked = new_event();
    worker_may_end = new_event();
    thread_handle worker;
    if (worker_asked == NULL || worker_may_end == NULL || start_thread(&worker, NULL) != 0) {
        fail("cannot start a thread");
    } else {
        wait_event(worker_asked);
        if (!worker_ok) {
            fail("xml in another thread: not answered 200");
        }
        onload_fn onunload = (onload_fn)(uintptr_t)find_symbol(library, "JNI_OnUnload");
        if (onunload != NULL) {
            onunload(&vm, NULL);
        }
        if (close_library(library) != 0) {
            fail("the library could not be closed");
        }
        set_event(worker_may_end);
        join_thread(worker);
    }

    if (failures == 0) {
        printf("jni_smoke: %s: JNI_OnLoad, text, xml, image and malformed answers as expected; "
               "unloaded while a thread that used it lived on, and that thread ended cleanly\n", argv[1]);
    }
    return failures == 0 ? 0 : 1;
}
