#ifndef SOCKLAB_VIZ_UI_CURSES_H
#define SOCKLAB_VIZ_UI_CURSES_H

#include <stddef.h>

#include "ui_view.h"

/*
 * The curses front end: the terminal's set-up and restoration, and the
 * screen drawn from a struct ui_view. One screen, one thread: ncurses is
 * not thread-safe, and the loop in ui_loop.c is the only caller.
 *
 *   Connections (2)     state, packets, bytes; the selected one below
 *   Ladder #2           one lane per endpoint, one arrow per segment
 *   note                the arithmetic of the selected arrow
 *   Demo / Detail / Kernel
 *   status bar          source, filter, packets, drops, mode; the keys
 */

struct ui_curses_config {
	int color;	/* colours per flag family (they only add to the text) */
	int ascii;	/* line drawing in ASCII even if the locale is UTF-8 */
};

/*
 * Takes over the terminal on stdin/stdout with newterm (falling back to a
 * known terminal type if $TERM is unknown: note says which), in cbreak
 * mode with keypad and without echo. Restored by ui_curses_close, which
 * also runs at exit(). Returns 0, or -1 with a message in note.
 */
int ui_curses_open(const struct ui_curses_config *cfg, char *note,
    size_t notelen);

/* Gives the terminal back as it was. Safe to call twice, or unopened. */
void ui_curses_close(void);

/* The next key typed, KEY_RESIZE after a resize, or -1 if none waits. */
int ui_curses_key(void);

/* Redraws the whole screen from v (wnoutrefresh + doupdate). */
void ui_curses_draw(const struct ui_view *v);

/* The screen's size in lines and columns (for scrolling by pages). */
void ui_curses_size(int *lines, int *cols);

#endif
