/*
 * Wire traces for failing tests, built from tcpviz's own modules: capture
 * (libpcap on loopback), decode, track (relative numbers, notes) and the
 * text line format. One test process records one trace at a time.
 */
#include "test/wire.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "viz/capture.h"
#include "viz/decode.h"
#include "viz/track.h"
#include "viz/ui_text.h"

/* Longest tcpviz text line kept (longer lines are cut). */
#define WIRE_LINE_MAX 200
/* A failing test needs the handshake, not a kernel buffer of history. */
#define WIRE_BUFFER_BYTES (1024 * 1024)

struct wire_recorder {
	struct capture *cap;
	struct track_table *table;
	struct ui_text text;
	char lines[WIRE_TRACE_LINES][WIRE_LINE_MAX];
	size_t next;            /* ring position of the next line */
	size_t total;           /* segments recorded */
	int begun;
	char unavailable[320];  /* why there is no trace, if there is none */
};

/* The recorder of this test process (each Criterion test is a process). */
static struct wire_recorder recorder;

static void
remember(void *user, const struct capture_packet *pkt)
{
	struct wire_recorder *w = user;
	struct tcp_segment seg;
	const struct track_conn *conn;
	const struct track_seg *stored;

	if (decode_frame(capture_datalink(w->cap), pkt->data, pkt->caplen,
	    pkt->len, &seg) != DECODE_OK)
		return;
	seg.ts_sec = pkt->ts_sec;
	seg.ts_usec = pkt->ts_usec;
	stored = track_add(w->table, &seg, &conn);
	if (stored == NULL)
		return;
	ui_text_format(&w->text, w->lines[w->next], WIRE_LINE_MAX, conn,
	    stored);
	w->next = (w->next + 1) % WIRE_TRACE_LINES;
	w->total++;
}

void
wire_end(void)
{
	if (recorder.cap != NULL)
		capture_close(recorder.cap);
	track_free(recorder.table);
	memset(&recorder, 0, sizeof(recorder));
}

int
wire_begin_port(uint16_t port)
{
	struct capture_config cfg = { 0 };
	char filter[32], err[256];
	int rc;

	wire_end();
	recorder.begun = 1;
	if (port != 0)
		snprintf(filter, sizeof(filter), "tcp port %u", (unsigned)port);
	else
		snprintf(filter, sizeof(filter), "tcp");
	cfg.filter = filter;
	cfg.buffer_bytes = WIRE_BUFFER_BYTES;
	rc = capture_open(&recorder.cap, &cfg, err, sizeof(err));
	if (rc != 0) {
		recorder.cap = NULL;
		snprintf(recorder.unavailable, sizeof(recorder.unavailable),
		    "(no wire trace: %s)", rc == CAPTURE_ERR_PERM ?
		    "capturing packets is not permitted here" : err);
		return -1;
	}
	recorder.table = track_new(NULL);
	if (recorder.table == NULL) {
		capture_close(recorder.cap);
		recorder.cap = NULL;
		snprintf(recorder.unavailable, sizeof(recorder.unavailable),
		    "(no wire trace: out of memory)");
		return -1;
	}
	ui_text_init(&recorder.text, NULL, 0, 0);
	return 0;
}

void
wire_trace(char *buf, size_t len)
{
	struct wire_recorder *w = &recorder;
	char err[256];
	size_t used, shown, first;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (!w->begun)
		return;
	if (w->cap == NULL) {
		snprintf(buf, len, "%s", w->unavailable);
		return;
	}
	/* Loopback segments are in the capture buffer once sent. */
	while (capture_dispatch(w->cap, 0, remember, w, err, sizeof(err)) > 0)
		;
	if (w->total == 0) {
		snprintf(buf, len, "On the wire (tcpviz): no TCP segment was "
		    "sent on this test's port.");
		return;
	}
	shown = w->total < WIRE_TRACE_LINES ? w->total : WIRE_TRACE_LINES;
	used = (size_t)snprintf(buf, len, "On the wire (tcpviz%s):",
	    w->total > shown ? ", the last segments" : "");
	first = (w->next + WIRE_TRACE_LINES - shown) % WIRE_TRACE_LINES;
	for (size_t i = 0; i < shown && used < len; i++) {
		const char *line = w->lines[(first + i) % WIRE_TRACE_LINES];

		used += (size_t)snprintf(buf + used, len - used, "\n  %s", line);
	}
}

void
wire_fail(const char *fmt, ...)
{
	char message[1024], trace[WIRE_TRACE_LINES * (WIRE_LINE_MAX + 4) + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	wire_trace(trace, sizeof(trace));
	wire_end();
	cr_assert_fail("%s%s%s", message, trace[0] != '\0' ? "\n" : "", trace);
}
