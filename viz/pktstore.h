#ifndef SOCKLAB_VIZ_PKTSTORE_H
#define SOCKLAB_VIZ_PKTSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "capture.h"

/*
 * The last packets captured, kept as libpcap gave them, so the curses
 * view's `s` key can save what is on screen to a pcap file. Bounded: at
 * most max packets (the oldest make room) of at most CAPTURE_SNAPLEN
 * bytes each, or more for files with a bigger snapshot length.
 */

struct pktstore;

/* Makes a store for max packets. Returns it, or NULL (ENOMEM). */
struct pktstore *pktstore_new(size_t max);

/* Frees the store. NULL is allowed. */
void pktstore_free(struct pktstore *ps);

/* Keeps a copy of pkt. Returns 0, or -1 (ENOMEM): the packet was not kept. */
int pktstore_add(struct pktstore *ps, const struct raw_frame *pkt);

/* Forgets every packet. */
void pktstore_clear(struct pktstore *ps);

/* Packets kept now. */
size_t pktstore_count(const struct pktstore *ps);

/*
 * Writes the kept packets, oldest first, to a new pcap file at path with
 * link type dlt. Returns 0, or -1 with a message in err.
 */
int pktstore_save(const struct pktstore *ps, int dlt, const char *path,
    char *err, size_t errlen);

#endif
