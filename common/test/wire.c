/*
 * Wire traces for failing tests, built from tcpviz's modules: its one
 * decode-then-track path (track_add_frame: link layer, decode, relative
 * numbers, notes) and the text line format, fed by a small libpcap capture
 * on loopback. One test process records one trace at a
 * time.
 */
/* libpcap's headers use the BSD types u_char and u_int. */
#define _DEFAULT_SOURCE

#include "test/wire.h"

#include <criterion/criterion.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "viz/track.h"
#include "viz/ui_text.h"

/* Longest tcpviz text line kept (longer lines are cut). */
#define WIRE_LINE_MAX 200
/* A failing test needs the handshake, not a kernel buffer of history. */
#define WIRE_BUFFER_BYTES (1024 * 1024)
/* Headers with every TCP option fit (see viz/capture.h). */
#define WIRE_SNAPLEN 256

struct wire_recorder {
	pcap_t *cap;
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
remember(u_char *user, const struct pcap_pkthdr *hdr, const u_char *data)
{
	struct wire_recorder *w = (struct wire_recorder *)user;
	struct raw_frame f = { .ts_sec = hdr->ts.tv_sec,
		.ts_usec = (int32_t)hdr->ts.tv_usec, .caplen = hdr->caplen,
		.len = hdr->len, .data = data };
	const struct track_conn *conn;
	const struct track_seg *stored;

	if (track_add_frame(w->table, pcap_datalink(w->cap), &f, &stored,
	    &conn) != DECODE_OK)
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
		pcap_close(recorder.cap);
	track_free(recorder.table);
	memset(&recorder, 0, sizeof(recorder));
}

/*
 * Opens loopback for capture the way tcpviz does: immediate mode so each
 * segment is readable at once, non-blocking so draining never waits.
 * Returns the handle, or NULL with the reason in why.
 */
static pcap_t *
open_loopback(const char *filter, char *why, size_t len)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	struct bpf_program prog;
	pcap_t *p = pcap_create("lo", err);
	int rc;

	if (p == NULL) {
		snprintf(why, len, "%s", err);
		return NULL;
	}
	pcap_set_snaplen(p, WIRE_SNAPLEN);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, WIRE_BUFFER_BYTES);
	rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(why, len, "%s", rc == PCAP_ERROR_PERM_DENIED ?
		    "capturing packets is not permitted here" : pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (pcap_setnonblock(p, 1, err) == -1 ||
	    pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		snprintf(why, len, "%s", err[0] != '\0' ? err : pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc == -1) {
		snprintf(why, len, "%s", pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	return p;
}

int
wire_begin_port(uint16_t port)
{
	char filter[32], why[256];

	wire_end();
	recorder.begun = 1;
	if (port != 0)
		snprintf(filter, sizeof(filter), "tcp port %u", (unsigned)port);
	else
		snprintf(filter, sizeof(filter), "tcp");
	recorder.cap = open_loopback(filter, why, sizeof(why));
	if (recorder.cap == NULL) {
		snprintf(recorder.unavailable, sizeof(recorder.unavailable),
		    "(no wire trace: %s)", why);
		return -1;
	}
	recorder.table = track_new(NULL);
	if (recorder.table == NULL) {
		pcap_close(recorder.cap);
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
	while (pcap_dispatch(w->cap, -1, remember, (u_char *)w) > 0)
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
