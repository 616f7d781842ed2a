/*
 * presence_fault.h — allocation-failure injection for tests and the fuzzer.
 *
 * Every allocation of the core, and of libxml2 on the core's behalf, goes through
 * one allocator (presence_internal.h: core_malloc, core_realloc, core_strdup,
 * core_free). In a build with PRESENCE_FAULT_INJECTION defined (CMake option
 * PRESENCE_FAULT_INJECTION=ON; never the shipped JNI library) that allocator
 * counts its attempts and can be told to fail exactly one of them, so a test can
 * fail each allocation of an answer in turn. The state is per thread.
 */
#ifndef PRESENCE_FAULT_H
#define PRESENCE_FAULT_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef PRESENCE_FAULT_INJECTION

/* Restarts this thread's count of allocation attempts at 0. The attempt with
 * index fail_at (0 = the next one) fails, and only that one; fail_at = -1 lets
 * every attempt through. Attempts are malloc, realloc and strdup calls. */
void presence_fault_reset(long fail_at);

/* The number of allocation attempts this thread made since the last
 * presence_fault_reset() (the failed one included). */
long presence_fault_allocations(void);

#endif /* PRESENCE_FAULT_INJECTION */

#ifdef __cplusplus
}
#endif
#endif /* PRESENCE_FAULT_H */
