#ifndef SOCKLAB_VIZ_LADDER_H
#define SOCKLAB_VIZ_LADDER_H

#include <stddef.h>

#include "track.h"

/*
 * The ladder diagram, computed without curses so it can be tested: one
 * lane per endpoint, time downwards, one arrow per segment. Rows are plain
 * ASCII strings; ui_ladder.c draws them, turning the '-', '|', '<' and '>'
 * of the arrow (never of the label) into line-drawing characters.
 *
 *      time | 127.0.0.1:43930                        127.0.0.1:8080 |
 *  0.000000 |------------------ SYN seq=0 --------------------->| step 1/3
 *  0.000011 |<------------ SYN-ACK seq=0 ack=1 -----------------| step 2/3
 */

/* Narrower than this, the ladder cannot hold a label: the UI says so. */
#define LADDER_MIN_WIDTH 40
/* The longest row built; wider screens give the rest to other panes. */
#define LADDER_MAX_WIDTH 160
#define LADDER_ROW_MAX (LADDER_MAX_WIDTH + 1)

/* Where things go in a row of the ladder. */
struct ladder_geom {
	int width;	/* columns in a row */
	int time_w;	/* the time column, right-aligned, at 0 */
	int left_x;	/* the lane of end[0], the side seen first */
	int right_x;	/* the lane of end[1] */
	int tag_x;	/* the short tag after the right lane ("step 1/3") */
};

/* One row: an arrow for a segment, or a system call (the demo's). */
struct ladder_row {
	char text[LADDER_ROW_MAX];	/* exactly geom.width characters */
	int label_x, label_len;		/* the label inside text */
	int arrow_from, arrow_to;	/* columns of the arrow; -1: no arrow */
	int tag_x, tag_len;		/* the tag inside text; tag_len 0: none */
};

/*
 * Lays out a ladder width columns wide, clamped to [LADDER_MIN_WIDTH,
 * LADDER_MAX_WIDTH].
 */
void ladder_geom_init(struct ladder_geom *g, int width);

/*
 * The arrow's label: flags and numbers, "SYN seq=0", "SYN-ACK seq=0 ack=1",
 * "PSH-ACK seq=1 ack=1 len=6"; ack only with the ACK flag, len only with
 * payload. Relative numbers unless absolute. Returns buf.
 */
const char *ladder_label(const struct track_seg *s, int absolute, char *buf,
    size_t len);

/*
 * The short tag beside an arrow: "step 1/3" for the handshake, "refused",
 * "dupACK #2", or the first analysis flag's tag ("retrans", "zero win",
 * ...: track_analysis_info); "" when nothing applies.
 * Returns buf.
 */
const char *ladder_tag(const struct track_seg *s, char *buf, size_t len);

/*
 * The sentence that explains the arithmetic of segment s of connection c,
 * for the selected arrow: "ack = their seq + 1 = 1: a SYN uses one sequence
 * number", in the numbers on screen (absolute: the raw 32-bit ones).
 * Returns buf.
 */
const char *ladder_note(const struct track_conn *c, const struct track_seg *s,
    int absolute, char *buf, size_t len);

/* Time since the connection's first segment, "0.000123". Returns buf. */
const char *ladder_time(const struct track_conn *c, const struct track_seg *s,
    char *buf, size_t len);

/*
 * The arrow row for segment s of c: sender lane to receiver lane, the label
 * centred on it (cut short if the lanes are too close), the tag after the
 * right lane.
 */
void ladder_row_arrow(const struct ladder_geom *g, const struct track_conn *c,
    const struct track_seg *s, int absolute, struct ladder_row *row);

/*
 * The row for a system call made on one side (left: end[0]'s lane): the
 * text beside that lane, inside the ladder, e.g. "| * connect() returned 0".
 */
void ladder_row_call(const struct ladder_geom *g, int left, const char *text,
    struct ladder_row *row);

/* The heading row: "time", then each lane's endpoint over its lane. */
void ladder_row_heading(const struct ladder_geom *g, const struct track_conn *c,
    struct ladder_row *row);

#endif
