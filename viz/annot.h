#ifndef SOCKLAB_VIZ_ANNOT_H
#define SOCKLAB_VIZ_ANNOT_H

#include <stddef.h>
#include <stdint.h>

#include "demo_script.h"

/*
 * The demo's system calls on the packets' timeline. Each call is stored
 * with the number of segments tracked before it ran (after_frame): the
 * segments it caused are the ones numbered after_frame + 1 and up, until
 * the next call. A recorded demo keeps the list in a sidecar text file
 * next to its pcap (handshake.pcap, handshake.steps), so a replay shows
 * the same calls:
 *
 *   # tcpviz demo steps 1
 *   6<TAB>client<TAB>Scene 2: the handshake<TAB>connect()<TAB>returned 0<TAB>SYN, ...
 */

struct annot {
	uint64_t after_frame;
	enum demo_side side;
	char scene[64];
	char call[48];
	char result[96];
	char expect[256];
	int failed;
};

struct annot_list {
	struct annot *v;
	size_t n, alloc;
};

/* An empty list (a zeroed struct is one too). */
void annot_init(struct annot_list *l);

/*
 * Appends the call described by step, made after after_frame segments.
 * Returns 0, or -1 with errno set (ENOMEM).
 */
int annot_add(struct annot_list *l, uint64_t after_frame,
    const struct demo_step *step);

/* Appends a copy of a. Returns 0, or -1 with errno set (ENOMEM). */
int annot_append(struct annot_list *l, const struct annot *a);

/* Empties the list (keeps its memory). */
void annot_clear(struct annot_list *l);

/* Frees the list's memory. */
void annot_free(struct annot_list *l);

/*
 * The sidecar's name for a pcap path: "x.pcap" or "x.pcapng" gives
 * "x.steps", anything else gets ".steps" added. Returns 0, or -1 with
 * errno ENAMETOOLONG.
 */
int annot_sidecar_path(const char *pcap, char *buf, size_t len);

/* Writes the list to path. Returns 0, or -1 with errno set. */
int annot_save(const struct annot_list *l, const char *path);

/*
 * Reads a sidecar written by annot_save into l (emptied first). Returns 0,
 * or -1 with errno set (EINVAL: not a steps file, or a bad line).
 */
int annot_load(struct annot_list *l, const char *path);

#endif
