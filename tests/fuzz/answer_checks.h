/*
 * answer_checks.h — the invariants every answer of presence_resolve() must keep.
 *
 * Used by the libFuzzer target: each check abort()s with a one-line reason on
 * stderr when an invariant is violated, so that libFuzzer records the input.
 */
#ifndef ANSWER_CHECKS_H
#define ANSWER_CHECKS_H

#include "presence.h"

/* Checks one answer on its own, and against the request and snapshot that
 * produced it: status code, headers, Location, body, XML well-formedness,
 * the parameter limits and the "who may see presence" rules. */
void check_answer(const presence_request *request, const presence_snapshot *snapshot,
                  const presence_response *response);

/* Checks one answer on its own only (status code, headers, Location, body, no
 * active content): what any answer must keep, the out-of-memory one included. */
void check_answer_shape(const presence_response *response);

/* Aborts unless the two answers are byte-identical (status code, status name,
 * every header, body). */
void check_same_answer(const presence_response *first, const presence_response *second);

/* Prints "presence_fuzz: invariant violated: RULE" on stderr and aborts, so that
 * libFuzzer keeps the input. */
void violation(const char *rule);

/* violation(rule) unless condition holds. */
void require(int condition, const char *rule);

#endif /* ANSWER_CHECKS_H */
