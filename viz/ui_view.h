#ifndef SOCKLAB_VIZ_UI_VIEW_H
#define SOCKLAB_VIZ_UI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "annot.h"
#include "kstate.h"
#include "track.h"

/*
 * What the curses screen shows, apart from how it is drawn: which
 * connection and segment are selected, which pane has the keys, what is
 * held back while paused. The loop (ui_loop.c) changes it, the drawing
 * code (ui_curses.c and friends) only reads it. No curses in here.
 *
 * Pausing freezes the model: what arrives waits in the loop's hold queue
 * (held, up to UI_HOLD_PACKETS; past that, evicted is counted), so what is
 * on screen is never evicted by what came later. (limit, a frame number
 * above which segments in the model are not shown, stays UI_SHOW_ALL.)
 */

enum ui_pane {
	UI_PANE_LADDER,		/* up/down: the selected segment */
	UI_PANE_CONNS,		/* up/down: the selected connection */
	UI_PANE_DETAIL,		/* up/down: scroll */
	UI_PANE_KERNEL,		/* up/down: scroll */
	UI_PANES
};

#define UI_SHOW_ALL UINT64_MAX

struct ui_view {
	/* The model, and the demo's calls so far (NULL outside the demo). */
	const struct track_table *track;
	const struct annot_list *calls;

	/* For the status bar. */
	const char *source;	/* interface or file */
	const char *filter;
	const char *mode;	/* "LIVE", "PAUSED", "REPLAY", "STEP", ... */
	unsigned long packets;	/* handed over by libpcap */
	unsigned long dropped;	/* pcap_stats */
	int have_stats;		/* dropped is known (live captures) */
	char message[200];	/* what the last key did, or an error */
	uint64_t held;		/* live, paused: packets waiting (holdq.h) */
	uint64_t evicted;	/* live, paused: arrivals not kept */

	/* What is shown. */
	uint64_t limit;		/* segments numbered above it are held back */
	uint64_t conn_id;	/* the selected connection; 0: the newest */
	uint64_t seg_frame;	/* the selected segment; 0: the newest */
	enum ui_pane focus;
	enum ui_pane info;	/* UI_PANE_DETAIL or UI_PANE_KERNEL */
	int scroll[UI_PANES];	/* first line shown, for detail and kernel */
	int absolute;		/* raw sequence numbers */
	int pinned;		/* p: the selection stays while segments come */
	int help;		/* the help screen is up */
	int prompting;		/* the / filter prompt is up */
	char prompt[256];	/* what has been typed at it */

	/* The kernel's view of the selected connection. */
	struct kstate_list kernel;
	const char *kernel_off;	/* why there is none, or NULL */

	/* The demo: the call that runs next (has_next 0: none left). */
	int demo;
	int demo_auto;
	int has_next;
	struct annot next;
	size_t demo_done, demo_total;
};

/* Sets v up to show everything in track; the rest is zero. */
void ui_view_init(struct ui_view *v, const struct track_table *track);

/* Whether segment s is shown. */
int ui_view_seg_visible(const struct ui_view *v, const struct track_seg *s);

/* Whether connection c has a segment shown. */
int ui_view_conn_visible(const struct ui_view *v, const struct track_conn *c);

/*
 * The connection on screen: the selected one if it is still kept and
 * shown, else the newest one shown. NULL if none is.
 */
const struct track_conn *ui_view_conn(const struct ui_view *v);

/*
 * The segment selected in c: the chosen one if it is still kept and shown,
 * else the newest one shown. NULL if none is.
 */
const struct track_seg *ui_view_seg(const struct ui_view *v,
    const struct track_conn *c);

/*
 * Moves the selection by delta (negative: up) among the shown segments of
 * the connection on screen; moving below the newest follows new ones.
 */
void ui_view_move_seg(struct ui_view *v, int delta);

/* The same among the connections shown; a new connection shows its newest. */
void ui_view_move_conn(struct ui_view *v, int delta);

/* Connections shown, and the position of c among them (from 0). */
size_t ui_view_conn_count(const struct ui_view *v);
size_t ui_view_conn_index(const struct ui_view *v, const struct track_conn *c);

/* Segments and payload bytes of c that are shown (both directions). */
void ui_view_conn_totals(const struct ui_view *v, const struct track_conn *c,
    uint64_t *packets, uint64_t *bytes);

/*
 * Held back: packets waiting while paused, and segments in the model not
 * shown yet.
 */
uint64_t ui_view_held(const struct ui_view *v);

/*
 * The connection the demo call i belongs to: the one of the first segment
 * after the call; if none came yet, the one of the calls of the same
 * scene before it. NULL if there is none: a new scene's first calls
 * (bind(), listen(), before connect() makes a connection).
 */
const struct track_conn *ui_view_call_conn(const struct ui_view *v,
    size_t i);

/* The newest demo calls that belong to no connection yet: how many. */
size_t ui_view_pending_calls(const struct ui_view *v);

#endif
