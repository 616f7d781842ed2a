/*
 * stanza_memo.c — what the online xml answer made of the stanzas asked for most recently.
 *
 * That answer's body is a function of the stanza's bytes alone: xml_answer.c builds it
 * from the parsed stanza by the allow-list, and no fact, parameter or setting enters it
 * (a stanza stanza_parse refuses is rebuilt from the facts: then only "refused" is kept).
 * A user's stanza stays the same between presence changes while pages poll it, so
 * parsing it again would give the same bytes; libxml2's parse is most of that answer's
 * cost. MEMO_SLOTS slots, each holding one stanza (at most STANZA_MAX_PARSED_BYTES, the
 * largest that is parsed) and what it made (a body of at most MEMO_MAX_BODY bytes, or
 * refused). A slot is chosen by a hash of the stanza and used only when its stanza is
 * byte for byte the same, so no stanza is ever answered with another's body, whatever a
 * user puts in theirs. Memory is bounded: at most MEMO_SLOTS x (STANZA_MAX_PARSED_BYTES +
 * MEMO_MAX_BODY). Threads share the slots without waiting: each has an atomic flag, and
 * a thread that finds its slot taken does without the memo (it parses, and keeps nothing).
 */
#include "presence_internal.h"
#include "hash128.h"

#include <stdatomic.h>

#define MEMO_SLOTS 64u                                  /* a power of two */
#define MEMO_MAX_BODY (2u * STANZA_MAX_PARSED_BYTES)    /* larger bodies are not kept */

typedef struct memo_slot {
    atomic_bool taken;     /* a thread is using the slot */
    unsigned char *stanza; /* NULL: empty; one block with the body after the stanza */
    size_t stanza_length;
    char *body;            /* inside the stanza's block; NULL when refused */
    size_t body_length;
} memo_slot;

static memo_slot slots[MEMO_SLOTS]; /* static: every slot empty, not taken */

/* The slot of stanza, taken for this thread; NULL when another thread has it. */
static memo_slot *take_slot(presence_text stanza)
{
    uint64_t hash[2];
    hash128(stanza.data, stanza.length, hash);
    memo_slot *slot = &slots[hash[0] & (MEMO_SLOTS - 1)];
    return atomic_exchange_explicit(&slot->taken, true, memory_order_acquire) ? NULL : slot;
}

static void give_back(memo_slot *slot)
{
    atomic_store_explicit(&slot->taken, false, memory_order_release);
}

stanza_memo_found stanza_memo_find(presence_text stanza, char **body, size_t *length)
{
    if (stanza.length == 0 || stanza.length > STANZA_MAX_PARSED_BYTES)
        return STANZA_MEMO_NONE;
    memo_slot *slot = take_slot(stanza);
    if (slot == NULL)
        return STANZA_MEMO_NONE;
    stanza_memo_found found = STANZA_MEMO_NONE;
    if (slot->stanza != NULL && slot->stanza_length == stanza.length
        && memcmp(slot->stanza, stanza.data, stanza.length) == 0) {
        if (slot->body == NULL) {
            found = STANZA_MEMO_REFUSED;
        } else if ((*body = core_malloc(slot->body_length)) != NULL) {
            memcpy(*body, slot->body, slot->body_length);
            *length = slot->body_length;
            found = STANZA_MEMO_BODY;
        }
    }
    give_back(slot);
    return found;
}

void stanza_memo_keep(presence_text stanza, const char *body, size_t length)
{
    if (stanza.length == 0 || stanza.length > STANZA_MAX_PARSED_BYTES || (body != NULL && length > MEMO_MAX_BODY))
        return;
    if (core_allocation_failed()) /* libxml2 refuses, or builds less, when its memory runs out */
        return;
    size_t kept = body == NULL ? 0 : length;
    unsigned char *block = core_malloc(stanza.length + kept + 1); /* + 1: never a 0-byte block */
    if (block == NULL)
        return;
    memcpy(block, stanza.data, stanza.length);
    if (body != NULL)
        memcpy(block + stanza.length, body, kept);
    memo_slot *slot = take_slot(stanza);
    if (slot == NULL) {
        core_free(block);
        return;
    }
    core_free(slot->stanza);
    slot->stanza = block;
    slot->stanza_length = stanza.length;
    slot->body = body == NULL ? NULL : (char *)block + stanza.length;
    slot->body_length = kept;
    give_back(slot);
}

void stanza_memo_clear(void)
{
    for (size_t i = 0; i < MEMO_SLOTS; i++) {
        core_free(slots[i].stanza);
        slots[i].stanza = NULL;
        slots[i].stanza_length = 0;
        slots[i].body = NULL;
        slots[i].body_length = 0;
    }
}
