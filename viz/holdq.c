#include "holdq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct holdq {
	struct raw_frame *hdr;	/* hdr[i].data is bytes + i * slot */
	uint8_t *bytes;
	size_t max, slot;
	size_t head, n;		/* the oldest, and how many */
	uint64_t evicted;
};

struct holdq *
holdq_new(size_t max, size_t slot)
{
	struct holdq *q = calloc(1, sizeof(*q));

	if (q == NULL || max == 0 || slot == 0 || max > SIZE_MAX / slot)
		goto fail;
	q->hdr = calloc(max, sizeof(*q->hdr));
	q->bytes = malloc(max * slot);
	if (q->hdr == NULL || q->bytes == NULL)
		goto fail;
	q->max = max;
	q->slot = slot;
	return q;
fail:
	holdq_free(q);
	errno = ENOMEM;
	return NULL;
}

void
holdq_free(struct holdq *q)
{
	if (q == NULL)
		return;
	free(q->hdr);
	free(q->bytes);
	free(q);
}

int
holdq_push(struct holdq *q, const struct raw_frame *f)
{
	size_t i;
	uint8_t *slot;

	if (q->n == q->max) {
		q->evicted++;
		return -1;
	}
	i = (q->head + q->n++) % q->max;
	slot = q->bytes + i * q->slot;
	q->hdr[i] = *f;
	if (q->hdr[i].caplen > q->slot)
		q->hdr[i].caplen = (uint32_t)q->slot;
	memcpy(slot, f->data, q->hdr[i].caplen);
	q->hdr[i].data = slot;
	return 0;
}

int
holdq_pop(struct holdq *q, struct raw_frame *f)
{
	if (q->n == 0)
		return 0;
	*f = q->hdr[q->head];
	q->head = (q->head + 1) % q->max;
	q->n--;
	return 1;
}

size_t
holdq_count(const struct holdq *q)
{
	return q->n;
}

uint64_t
holdq_evicted(const struct holdq *q)
{
	return q->evicted;
}

void
holdq_clear(struct holdq *q)
{
	q->head = q->n = 0;
	q->evicted = 0;
}
