/*
 * stanza_shapes.h — a normal online stanza and the costliest 64 KiB stanzas we can
 * think of (every shape libxml2 or the answer builder might spend more than linear
 * time on), for the cost-bound check (cost_bound.sh, resolve_bench.c) and the tests.
 */
#ifndef STANZA_SHAPES_H
#define STANZA_SHAPES_H

#include <stddef.h>

/* The number of shapes; shape 0 is the normal stanza (five children). */
size_t stanza_shape_count(void);

/* The name of shape index (e.g. "normal", "attributes-one-element"), or NULL. */
const char *stanza_shape_name(size_t index);

/* Writes shape index into buffer (capacity bytes) as long as the shape allows within
 * size bytes (at most capacity; 65536 is the stanza limit) and returns its length;
 * 0 for an unknown index or a size the shape cannot fit in. */
size_t stanza_shape_build(size_t index, char *buffer, size_t capacity, size_t size);

#endif /* STANZA_SHAPES_H */
