/* pcap.h uses the BSD types u_char and u_int. */
#define _DEFAULT_SOURCE

#include "pktstore.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stored {
	struct raw_frame hdr;	/* hdr.data points at bytes */
	uint8_t *bytes;
	size_t alloc;		/* bytes' size: reused when big enough */
};

struct pktstore {
	struct stored *ring;
	size_t max, start, len;
	uint32_t snaplen;	/* the largest caplen kept, for the file header */
};

struct pktstore *
pktstore_new(size_t max)
{
	struct pktstore *ps = calloc(1, sizeof(*ps));

	if (ps == NULL)
		return NULL;
	ps->ring = calloc(max > 0 ? max : 1, sizeof(*ps->ring));
	if (ps->ring == NULL) {
		free(ps);
		return NULL;
	}
	ps->max = max > 0 ? max : 1;
	return ps;
}

void
pktstore_clear(struct pktstore *ps)
{
	size_t i;

	for (i = 0; i < ps->max; i++) {
		free(ps->ring[i].bytes);
		ps->ring[i].bytes = NULL;
		ps->ring[i].alloc = 0;
	}
	ps->start = ps->len = 0;
}

void
pktstore_free(struct pktstore *ps)
{
	if (ps == NULL)
		return;
	pktstore_clear(ps);
	free(ps->ring);
	free(ps);
}

int
pktstore_add(struct pktstore *ps, const struct raw_frame *pkt)
{
	size_t need = pkt->caplen > 0 ? pkt->caplen : 1;
	struct stored *slot;

	if (ps->len == ps->max)		/* full: the oldest makes room */
		slot = &ps->ring[ps->start];
	else
		slot = &ps->ring[(ps->start + ps->len) % ps->max];
	/* Once the ring is full, its buffers are reused: no malloc a packet. */
	if (slot->alloc < need) {
		uint8_t *bigger = realloc(slot->bytes, need);

		if (bigger == NULL)
			return -1;
		slot->bytes = bigger;
		slot->alloc = need;
	}
	if (ps->len == ps->max)
		ps->start = (ps->start + 1) % ps->max;
	else
		ps->len++;
	memcpy(slot->bytes, pkt->data, pkt->caplen);
	slot->hdr = *pkt;
	slot->hdr.data = slot->bytes;
	if (pkt->caplen > ps->snaplen)
		ps->snaplen = pkt->caplen;
	return 0;
}

size_t
pktstore_count(const struct pktstore *ps)
{
	return ps->len;
}

int
pktstore_save(const struct pktstore *ps, int dlt, const char *path,
    char *err, size_t errlen)
{
	pcap_t *p = pcap_open_dead(dlt, ps->snaplen > CAPTURE_SNAPLEN ?
	    (int)ps->snaplen : CAPTURE_SNAPLEN);
	pcap_dumper_t *d;
	size_t i;
	int rc = 0;

	if (p == NULL) {
		snprintf(err, errlen, "cannot write %s: out of memory", path);
		return -1;
	}
	d = pcap_dump_open(p, path);
	if (d == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	for (i = 0; i < ps->len; i++) {
		const struct stored *s = &ps->ring[(ps->start + i) % ps->max];
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)s->hdr.ts_sec;
		h.ts.tv_usec = (suseconds_t)s->hdr.ts_usec;
		h.caplen = s->hdr.caplen;
		h.len = s->hdr.len;
		pcap_dump((u_char *)d, &h, s->bytes);
	}
	if (pcap_dump_flush(d) == -1) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		rc = -1;
	}
	pcap_dump_close(d);
	pcap_close(p);
	return rc;
}
