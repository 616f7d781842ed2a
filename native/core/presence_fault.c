/*
 * presence_fault.c — the core's one allocator (presence_internal.h), and the
 * allocation-failure injection of presence_fault.h when PRESENCE_FAULT_INJECTION
 * is defined. libxml2 allocates through it too (presence_core_init), so every
 * failed allocation of an answer, libxml2's included, is seen here.
 */
#include "presence_internal.h"
#include "presence_fault.h"

#include <stdlib.h>

/* Set when an allocation of this thread failed; read and cleared by
 * core_allocation_failures_clear(). */
static _Thread_local bool allocation_failed;

#ifdef PRESENCE_FAULT_INJECTION
static _Thread_local long fault_fail_at = -1;
static _Thread_local long fault_attempts;

void presence_fault_reset(long fail_at)
{
    fault_fail_at = fail_at;
    fault_attempts = 0;
}

long presence_fault_allocations(void)
{
    return fault_attempts;
}

/* Counts one attempt; true when it is the one to fail. */
static bool injected_failure(void)
{
    return fault_attempts++ == fault_fail_at;
}
#else
static inline bool injected_failure(void)
{
    return false;
}
#endif

/* Records a failed allocation (result NULL) for core_allocation_failures_clear(). */
static void *noted(void *result)
{
    if (result == NULL)
        allocation_failed = true;
    return result;
}

void *core_malloc(size_t size)
{
    return noted(injected_failure() ? NULL : malloc(size));
}

void *core_realloc(void *block, size_t size)
{
    return noted(injected_failure() ? NULL : realloc(block, size));
}

char *core_strdup(const char *text)
{
    size_t length = strlen(text) + 1;
    char *copy = core_malloc(length);
    if (copy != NULL)
        memcpy(copy, text, length);
    return copy;
}

void core_free(void *block)
{
    free(block);
}

bool core_allocation_failed(void)
{
    return allocation_failed;
}

bool core_allocation_failures_clear(void)
{
    bool failed = allocation_failed;
    allocation_failed = false;
    return failed;
}
