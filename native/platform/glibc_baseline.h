/*
 * glibc_baseline.h — the one place that holds the Linux libraries to the glibc baseline:
 * libc.so.6, libm.so.6, libdl.so.2, libpthread.so.0 and no symbol version newer than
 * GLIBC_2.17 (x86_64 symbols start at GLIBC_2.2.5, aarch64 ones at GLIBC_2.17).
 *
 * Force-included (gcc -include) into every object of the shipped Linux libraries: libxml2's
 * (scripts/build-dep.sh) and ours (CMakeLists.txt, PRESENCE_STATIC_LIBXML2). Everything else
 * Debian's gcc 12 and glibc 2.36 produce is already within the baseline, except:
 *  - glibc 2.34 moved pthread_once, pthread_key_create, pthread_key_delete,
 *    pthread_getspecific and pthread_setspecific from libpthread into libc under the new
 *    version GLIBC_2.34, keeping the old version as well. libxml2's threads.c needs them, so
 *    the references below are bound to the old version, which every glibc since the
 *    platform's first one provides (before 2.34 from libpthread.so.0, which the JVM has
 *    loaded; the JNI library lists it as NEEDED too).
 *  - stat() is GLIBC_2.33; it is avoided, not pinned: libxml2 is built without HAVE_STAT
 *    (it only used it to check file names, and the core never parses files).
 *  - Thread-local variables (the core has a one-byte one) in a shared library default to the
 *    dynamic TLS model, whose __tls_get_addr comes from ld-linux-x86-64.so.2, an extra NEEDED
 *    entry on x86_64. CMakeLists.txt compiles the shipped Linux libraries with
 *    -ftls-model=initial-exec instead: the variable lives in the static TLS block, whose
 *    reserve for libraries loaded later (at least 512 bytes in every glibc) holds it.
 * scripts/check-native.sh fails the build when anything newer or more appears.
 */
#ifndef PRESENCE_GLIBC_BASELINE_H
#define PRESENCE_GLIBC_BASELINE_H

#if defined(__linux__)
#if defined(__x86_64__)
#define PRESENCE_GLIBC_BASELINE_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define PRESENCE_GLIBC_BASELINE_VERSION "GLIBC_2.17"
#else
#error "glibc_baseline.h: no baseline symbol version for this architecture"
#endif

/* Binds every reference to SYMBOL in this object to SYMBOL@<baseline version>. */
#define PRESENCE_GLIBC_PIN(symbol) \
    __asm__(".symver " #symbol "," #symbol "@" PRESENCE_GLIBC_BASELINE_VERSION)

PRESENCE_GLIBC_PIN(pthread_once);
PRESENCE_GLIBC_PIN(pthread_key_create);
PRESENCE_GLIBC_PIN(pthread_key_delete);
PRESENCE_GLIBC_PIN(pthread_getspecific);
PRESENCE_GLIBC_PIN(pthread_setspecific);
#endif /* __linux__ */

#endif
