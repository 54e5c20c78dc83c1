#ifndef SOCKLAB_VIZ_TESTS_SCENES_H
#define SOCKLAB_VIZ_TESTS_SCENES_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

/*
 * Crafted TCP conversations, one per analysis flag Wireshark knows
 * (retransmissions, losses, duplicate ACKs, windows, keep-alives), as
 * Ethernet frames with timestamps. Each scene is its own connection (its
 * own client port) starting 100 s after the previous one, so tshark and
 * tcpviz can read them all from one capture file.
 */

#define SCENE_FRAMES_MAX 128
#define SCENE_FRAME_BYTES 1600

struct scenes {
	struct harness_frame frame[SCENE_FRAMES_MAX];
	const char *scene_of[SCENE_FRAMES_MAX];	/* the scene's name */
	uint8_t bytes[SCENE_FRAMES_MAX][SCENE_FRAME_BYTES];
	size_t n;

	/* The scene being written. */
	const char *name;
	uint16_t cport;
	uint32_t cisn, sisn;
	int64_t us;		/* its clock, microseconds */
	int failed;		/* a frame did not fit */
};

/* Writes every scene into s (zeroed first). Returns 0, or -1. */
int scenes_build(struct scenes *s);

#endif
