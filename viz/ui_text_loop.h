#ifndef SOCKLAB_VIZ_UI_TEXT_LOOP_H
#define SOCKLAB_VIZ_UI_TEXT_LOOP_H

#include <signal.h>
#include <stddef.h>

#include "annot.h"
#include "capture.h"
#include "demo_script.h"

/*
 * The plain-text front end's loop (--text, or stdout not a terminal): one
 * line per segment as it arrives, for pipes, scripts and recordings. Like
 * the curses loop (ui_loop.h) it sleeps in one poll() on the capture and
 * the signal pipe, so an idle capture costs no CPU.
 */

struct ui_text_loop_config {
	struct capture *cap;	/* open, live or a file */
	int signal_fd;		/* readable when SIGINT/SIGTERM/SIGHUP came */
	const volatile sig_atomic_t *signalled;	/* set by that handler */
	long count;		/* -c: stop after this many packets; 0: never */
	int absolute;		/* raw seq/ack instead of relative */
	int color;		/* colours wanted (NO_COLOR, --no-color) */

	/* The demo: live (demo set) or replayed (recorded set), or neither. */
	struct demo *demo;
	const struct annot_list *recorded;
	struct annot_list *calls;	/* a live demo's calls go here */
};

/*
 * Announces the capture on stderr, prints every segment until the file
 * ends, -c is reached or a signal comes, then the closing counts on
 * stderr. Returns 0; -1 with a message in err when capture or output
 * failed (a reader that went away, EPIPE, is not a failure).
 */
int ui_text_loop_run(const struct ui_text_loop_config *cfg, char *err,
    size_t errlen);

#endif
