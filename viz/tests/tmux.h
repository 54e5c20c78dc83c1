#ifndef SOCKLAB_VIZ_TESTS_TMUX_H
#define SOCKLAB_VIZ_TESTS_TMUX_H

#include <stddef.h>

/*
 * Test support: a real terminal for the curses view. Each screen is its
 * own tmux server (tmux -L NAME, a unique socket) running a shell; tests
 * type into it and read it back with capture-pane, waiting for what they
 * expect with a deadline instead of sleeping.
 */

struct screen {
	char name[64];		/* the tmux socket name */
	char text[32768];	/* the last capture */
};

/* Whether tmux can be run (tests skip with the reason if not). */
int screen_available(void);

/*
 * Starts a cols x rows terminal running sh in the current directory, with
 * the prompt "prompt$ " and the given locale. Returns 0, or -1.
 */
int screen_start(struct screen *s, int cols, int rows, const char *lang);

/* Types text and presses Enter. Returns 0, or -1. */
int screen_type(struct screen *s, const char *text);

/* Sends tmux key names ("n", "Right", "Up", "Tab", "Space"). Returns 0/-1. */
int screen_keys(struct screen *s, const char *keys);

/* Reads the screen into s->text (with -e: colour escapes too). Returns 0/-1. */
int screen_capture(struct screen *s, int escapes);

/*
 * Captures until needle is on the screen or the deadline (seconds) passes.
 * Returns 1 if it came, 0 if not (s->text holds the last screen).
 */
int screen_wait(struct screen *s, const char *needle, double seconds);

/* The same, until needle is gone. Returns 1 if it went. */
int screen_wait_gone(struct screen *s, const char *needle, double seconds);

/* Prints a tmux format ("#{alternate_on}") into buf. Returns 0, or -1. */
int screen_format(struct screen *s, const char *fmt, char *buf, size_t len);

/* Resizes the terminal. Returns 0, or -1. */
int screen_resize(struct screen *s, int cols, int rows);

/* The line (from 0) where needle first appears on s->text, or -1. */
int screen_line_of(const struct screen *s, const char *needle);

/* Kills the tmux server. */
void screen_stop(struct screen *s);

#endif
