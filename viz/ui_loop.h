#ifndef SOCKLAB_VIZ_UI_LOOP_H
#define SOCKLAB_VIZ_UI_LOOP_H

#include <stddef.h>

#include "annot.h"
#include "capture.h"
#include "demo_script.h"

/*
 * The curses view's one loop: keys, packets, replay timing, the demo's
 * calls and redraws, all in one poll() on one thread. It sleeps in poll
 * without a timeout unless something is due (a redraw held back by the
 * 30-per-second cap, the next packet of a replay, the next call of an
 * --auto demo), so an idle screen costs no CPU.
 */

/*
 * Packets held while a live view is paused (each up to CAPTURE_SNAPLEN
 * bytes: 5 MB); past that, arrivals are counted as evicted.
 */
#define UI_HOLD_PACKETS 20000

/* Seconds between calls in an --auto demo. */
#define UI_DEMO_AUTO_SECONDS 3

struct ui_loop_config {
	struct capture *cap;	/* open, live or a file */
	int signal_fd;		/* readable when SIGINT/SIGTERM/SIGHUP came */
	long count;		/* -c: stop capturing after this many; 0: never */
	int absolute;		/* start with absolute numbers */
	int color;		/* colours wanted (NO_COLOR, --no-color) */
	int ascii;		/* ASCII line drawing */
	int step;		/* --step: a replay waits for n at each segment */
	double speed;		/* --speed: replay time scale (> 0) */

	/* The demo: live (demo set) or replayed (recorded set), or neither. */
	struct demo *demo;
	const struct annot_list *recorded;
	int demo_auto;		/* --auto */
	double auto_seconds;	/* --auto=SECONDS; 0: UI_DEMO_AUTO_SECONDS */
	struct annot_list *calls;	/* the demo's calls go here */
};

/*
 * Takes over the terminal and runs until q, a signal or the terminal
 * going away; the terminal is restored on every way out. Returns 0, or -1
 * with a message in err. *packets is set to the packets captured; note
 * gets anything the user should read after the screen is gone.
 */
int ui_loop_run(const struct ui_loop_config *cfg, unsigned long *packets,
    char *note, size_t notelen, char *err, size_t errlen);

#endif
