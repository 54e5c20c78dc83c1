/*
 * The text front end's loop: packets from the capture, one line each
 * through ui_text, the demo's calls between them, and tcpdump's closing
 * counts. All of it reads the model through track_add_frame, the same path
 * the curses view and the lab tests' wire traces use.
 */
#include "ui_text_loop.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "linktype.h"
#include "track.h"
#include "ui_text.h"

/* Everything the packet handler needs, in one place. */
struct run {
	const struct ui_text_loop_config *cfg;
	struct track_table *track;
	struct ui_text ui;
	int dlt;
	unsigned long packets;	/* handed to us by libpcap */
	unsigned long shown;	/* TCP segments printed */
	unsigned long skipped;	/* truncated or malformed */
	unsigned long ignored;	/* not TCP: the filter let them through */
	const struct annot_list *calls;	/* a demo's calls, to print */
	size_t calls_printed;
	const char *scene;	/* the scene of the last call printed */
	int stop;
	int fail_errno;		/* why the run failed; 0 if it did not */
	const char *fail_what;	/* what failed, for the message */
};

static int
signalled(const struct run *r)
{
	return r->cfg->signalled != NULL && *r->cfg->signalled;
}

/* Ends the run after this packet; errnum != 0 means it failed. */
static void
stop_run(struct run *r, int errnum, const char *what)
{
	r->stop = 1;
	if (errnum != 0 && r->fail_errno == 0) {
		r->fail_errno = errnum;
		r->fail_what = what;
	}
	capture_break(r->cfg->cap);
}

/* Prints a demo call as text: the scene when it changes, then the call. */
static int
print_call(struct run *r, const struct annot *a)
{
	FILE *out = r->ui.out;

	if (r->scene == NULL || strcmp(r->scene, a->scene) != 0) {
		fprintf(out, "== %s\n", a->scene);
		r->scene = a->scene;
	}
	fprintf(out, "-> %s %s %s\n   (%s)\n",
	    a->side == DEMO_CLIENT ? "client" : "server", a->call, a->result,
	    a->expect);
	return fflush(out) == EOF ? -1 : 0;
}

/* Prints the demo calls made before segment number frame. */
static int
print_calls_before(struct run *r, uint64_t frame)
{
	while (r->calls != NULL && r->calls_printed < r->calls->n &&
	    r->calls->v[r->calls_printed].after_frame < frame)
		if (print_call(r, &r->calls->v[r->calls_printed++]) == -1)
			return -1;
	return 0;
}

static void
on_packet(void *user, const struct raw_frame *pkt)
{
	struct run *r = user;
	const struct track_conn *conn;
	const struct track_seg *s;
	int rc;

	if (r->stop)
		return;
	r->packets++;
	if ((r->cfg->count > 0 && r->packets >= (unsigned long)r->cfg->count) ||
	    signalled(r))
		stop_run(r, 0, NULL);

	rc = track_add_frame(r->track, r->dlt, pkt, &s, &conn);
	if (rc == -1) {
		stop_run(r, errno, "cannot track the connection");
		return;
	}
	if (rc == DECODE_NOT_IP || rc == DECODE_NOT_TCP) {
		r->ignored++;
		return;
	}
	if (rc != DECODE_OK) {
		r->skipped++;
		rc = ui_text_print_skipped(&r->ui, pkt->ts_sec, pkt->ts_usec,
		    decode_strerror(rc));
	} else {
		r->shown++;
		rc = print_calls_before(r, s->frame);
		if (rc == 0)
			rc = ui_text_print(&r->ui, conn, s);
	}
	if (rc == -1)
		stop_run(r, errno, "cannot write the output");
}

/* Packets still wanted in this dispatch call: all (0), or what -c leaves. */
static int
remaining(const struct run *r)
{
	unsigned long left;

	if (r->cfg->count <= 0)
		return 0;
	left = (unsigned long)r->cfg->count - r->packets;
	return left > 0x7fffffffUL ? 0x7fffffff : (int)left;
}

/*
 * Hands libpcap's packets to on_packet until it has none ready (live) or
 * the file ends, or -c or a signal says stop. Returns 0, or -1.
 */
static int
dispatch_all(struct run *r, char *err, size_t errlen)
{
	int n;

	do {
		n = capture_dispatch(r->cfg->cap, remaining(r), on_packet, r,
		    err, errlen);
	} while (n > 0 && !r->stop);
	return n < 0 ? -1 : 0;
}

/*
 * The live loop: one poll() on the capture fd and the signal pipe, no
 * timeout, so an idle capture costs no CPU. When the fd is readable,
 * dispatch until libpcap has nothing more. Returns 0, or -1.
 */
static int
run_live(struct run *r, char *err, size_t errlen)
{
	struct pollfd pfd[2];

	pfd[0].fd = capture_fd(r->cfg->cap);
	pfd[0].events = POLLIN;
	pfd[1].fd = r->cfg->signal_fd;
	pfd[1].events = POLLIN;
	while (!r->stop && !signalled(r)) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return -1;
		}
		if (pfd[1].revents != 0)
			break;
		if (pfd[0].revents != 0 && dispatch_all(r, err, errlen) == -1)
			return -1;
	}
	return 0;
}

/* The closing summary on stderr, as tcpdump gives it. */
static void
report_counts(struct run *r)
{
	struct capture_stats st;

	fprintf(stderr, "%lu packets captured, %lu shown", r->packets, r->shown);
	if (r->skipped > 0)
		fprintf(stderr, ", %lu skipped as malformed", r->skipped);
	if (r->ignored > 0)
		fprintf(stderr, ", %lu not TCP", r->ignored);
	fputc('\n', stderr);
	if (capture_get_stats(r->cfg->cap, &st) == 0) {
		fprintf(stderr, "%lu packets received by filter\n"
		    "%lu packets dropped by kernel\n", st.received, st.dropped);
		if (st.ifdropped > 0)
			fprintf(stderr, "%lu packets dropped by interface\n",
			    st.ifdropped);
	}
}

static void
announce(const struct run *r)
{
	struct capture *cap = r->cfg->cap;
	char name[64];

	fprintf(stderr, "tcpviz: %s %s, link-type %s, filter \"%s\"\n",
	    capture_is_live(cap) ? "listening on" : "reading from file",
	    capture_source(cap), link_name(r->dlt, name, sizeof(name)),
	    capture_filter(cap));
}

/*
 * The demo as text, for scripts and for recording it: every call of the
 * script in turn, each followed by the segments it caused. The calls go
 * into cfg->calls too, for the sidecar. Returns 0, or -1.
 */
static int
run_demo(struct run *r, char *err, size_t errlen)
{
	struct demo_step st;
	struct track_stats ts;

	r->calls = r->cfg->calls;
	while (!r->stop && !signalled(r) && demo_next(r->cfg->demo, &st) == 1) {
		track_get_stats(r->track, &ts);
		if (annot_add(r->cfg->calls, ts.segments, &st) == -1) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (dispatch_all(r, err, errlen) == -1)
			return -1;
		if (print_calls_before(r, UINT64_MAX) == -1) {
			snprintf(err, errlen, "cannot write the output: %s",
			    strerror(errno));
			return -1;
		}
	}
	return dispatch_all(r, err, errlen);
}

/* A capture, or a replayed demo with its recorded calls between. */
static int
run_capture(struct run *r, char *err, size_t errlen)
{
	int rc;

	r->calls = r->cfg->recorded;
	rc = capture_is_live(r->cfg->cap) ? run_live(r, err, errlen) :
	    dispatch_all(r, err, errlen);
	if (rc == 0 && print_calls_before(r, UINT64_MAX) == -1)
		stop_run(r, errno, "cannot write the output");
	return rc;
}

int
ui_text_loop_run(const struct ui_text_loop_config *cfg, char *err,
    size_t errlen)
{
	struct track_limits lim;
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.dlt = capture_datalink(cfg->cap);
	/* Each segment is printed at once: keep a few per connection. */
	lim.max_conns = TRACK_DEFAULT_MAX_CONNS;
	lim.segs_per_conn = 4;
	r.track = track_new(&lim);
	if (r.track == NULL) {
		snprintf(err, errlen, "cannot start tracking: %s",
		    strerror(errno));
		return -1;
	}
	ui_text_init(&r.ui, stdout, cfg->absolute, cfg->color);
	announce(&r);
	rc = cfg->demo != NULL ? run_demo(&r, err, errlen) :
	    run_capture(&r, err, errlen);
	report_counts(&r);
	/* (EPIPE: the reader went away, as `| head` does; fine.) */
	if (rc == 0 && r.fail_errno != 0 && r.fail_errno != EPIPE) {
		snprintf(err, errlen, "%s: %s", r.fail_what,
		    strerror(r.fail_errno));
		rc = -1;
	}
	track_free(r.track);
	return rc;
}
