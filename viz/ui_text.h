#ifndef SOCKLAB_VIZ_UI_TEXT_H
#define SOCKLAB_VIZ_UI_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode.h"
#include "track.h"

/*
 * The text front end: one line per segment, stable for scripts and tests:
 *
 * 12:00:01.000123 #1 127.0.0.1:50412 > 127.0.0.1:8080 SYN seq=0 win=65495
 *     len=0 [handshake 1/3] mss=65495 ws=7 sackOK ts
 *
 * (on one line). Times are local; seq/ack are relative unless absolute.
 */

struct ui_text {
	FILE *out;
	int absolute;		/* raw 32-bit seq/ack instead of relative */
	int color;		/* ANSI colour on the flags and notes */
	int64_t clock_sec;	/* the second clock_text was made for */
	char clock_text[16];	/* "HH:MM:SS", cached: localtime is slow */
};

/* Sets up ui to write to out. The flags are as in struct ui_text. */
void ui_text_init(struct ui_text *ui, FILE *out, int absolute, int color);

/*
 * Whether to colour output on fd: not if no_color was asked for, not if
 * the NO_COLOR environment variable is set and non-empty (no-color.org),
 * not if fd is not a terminal. Returns 1 or 0.
 */
int ui_text_want_color(int fd, int no_color);

/*
 * Formats the line for segment s of connection c into buf (NUL-terminated,
 * no newline). Returns the length the full line has, as snprintf does.
 */
int ui_text_format(struct ui_text *ui, char *buf, size_t len,
    const struct track_conn *c, const struct track_seg *s);

/*
 * Writes the line for s and a newline to ui->out, then flushes, so a
 * reader sees each packet at once. Returns 0, or -1 with errno set.
 */
int ui_text_print(struct ui_text *ui, const struct track_conn *c,
    const struct track_seg *s);

/*
 * Writes "TIME skipped: REASON" for a packet that could not be decoded.
 * Returns 0, or -1 with errno set.
 */
int ui_text_print_skipped(struct ui_text *ui, int64_t sec, int32_t usec,
    const char *reason);

/* "SYN-ACK", "PSH-ACK", ...; "none" without flags. Returns buf. */
const char *ui_text_flags(uint8_t flags, char *buf, size_t len);

/* "127.0.0.1:8080" or "[::1]:8080". Returns buf. */
const char *ui_text_endpoint(const struct tcp_endpoint *e, char *buf,
    size_t len);

#endif
