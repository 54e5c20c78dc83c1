#ifndef SOCKLAB_VIZ_HOLDQ_H
#define SOCKLAB_VIZ_HOLDQ_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/*
 * Packets held while a live view is paused: the model (and so the screen)
 * stays as it was, and what arrives waits here, in order, until n lets
 * one through or space resumes. Bounded: at most max packets of at most
 * slot bytes each (longer ones are cut to slot); past that, arrivals are
 * counted as evicted instead of kept, so the held ones stay contiguous.
 */

struct holdq;

/*
 * Makes an empty queue for max packets of slot bytes. The memory is
 * reserved up front (pages are touched only when used). Returns it, or
 * NULL with errno ENOMEM.
 */
struct holdq *holdq_new(size_t max, size_t slot);

/* Frees the queue. NULL is allowed. */
void holdq_free(struct holdq *q);

/* Keeps a copy of f. Returns 0, or -1 when full (it counts as evicted). */
int holdq_push(struct holdq *q, const struct raw_frame *f);

/*
 * Takes the oldest packet out into *f; f->data points into the queue and
 * stays valid until the next push. Returns 1, or 0 if the queue is empty.
 */
int holdq_pop(struct holdq *q, struct raw_frame *f);

/* Packets held now, and packets not kept because the queue was full. */
size_t holdq_count(const struct holdq *q);
uint64_t holdq_evicted(const struct holdq *q);

/* Forgets the held packets and the evicted count. */
void holdq_clear(struct holdq *q);

#endif
