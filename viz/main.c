/*
 * tcpviz: captures TCP and explains it, as a ladder diagram on a terminal
 * (ui_loop.c, ui_curses.c) or one line per segment (ui_text.c). Wires the
 * modules together: options, capture, privilege drop, decode, track, the
 * two front ends, and the classroom demo.
 */
#define _GNU_SOURCE	/* pipe2 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annot.h"
#include "capture.h"
#include "decode.h"
#include "demo_script.h"
#include "diag.h"
#include "linktype.h"
#include "options.h"
#include "priv.h"
#include "track.h"
#include "ui_loop.h"
#include "ui_text.h"

#ifndef SOCKLAB_VERSION
#define SOCKLAB_VERSION "unknown"
#endif

/* 3 tells `make demo` to offer the recorded demo instead. */
enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_NO_PERMISSION = 3 };

/* The signal handler's only way out: a byte in this pipe wakes poll(). */
static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t signal_seen;

/* Everything the packet handler needs, in one place. */
struct run {
	struct capture *cap;
	struct track_table *track;
	struct ui_text ui;
	int dlt;
	long count;		/* stop after this many packets; 0: never */
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

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	signal_seen = 1;
	if (write(signal_pipe[1], &c, 1) == -1) {
		/* The pipe is full: a wake-up is already waiting. */
	}
	errno = saved;
}

/* SIGINT/SIGTERM end the run cleanly; SIGPIPE becomes EPIPE. */
static int
setup_signals(void)
{
	struct sigaction sa;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	if (sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1)
		return -1;
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL);
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
	capture_break(r->cap);
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
on_packet(void *user, const struct capture_packet *pkt)
{
	struct run *r = user;
	const struct track_conn *conn;
	const struct track_seg *s;
	struct tcp_segment seg;
	int rc;

	if (r->stop)
		return;
	r->packets++;
	if ((r->count > 0 && r->packets >= (unsigned long)r->count) ||
	    signal_seen)
		stop_run(r, 0, NULL);

	rc = decode_frame(r->dlt, pkt->data, pkt->caplen, pkt->len, &seg);
	if (rc == DECODE_NOT_IP || rc == DECODE_NOT_TCP) {
		r->ignored++;
		return;
	}
	if (rc != DECODE_OK) {
		r->skipped++;
		rc = ui_text_print_skipped(&r->ui, pkt->ts_sec, pkt->ts_usec,
		    decode_strerror(rc));
	} else {
		seg.ts_sec = pkt->ts_sec;
		seg.ts_usec = pkt->ts_usec;
		s = track_add(r->track, &seg, &conn);
		if (s == NULL) {
			stop_run(r, errno, "cannot track the connection");
			return;
		}
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

	if (r->count <= 0)
		return 0;
	left = (unsigned long)r->count - r->packets;
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
		n = capture_dispatch(r->cap, remaining(r), on_packet, r, err,
		    errlen);
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

	pfd[0].fd = capture_fd(r->cap);
	pfd[0].events = POLLIN;
	pfd[1].fd = signal_pipe[0];
	pfd[1].events = POLLIN;
	while (!r->stop && !signal_seen) {
		int n;

		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return -1;
		}
		if (pfd[1].revents != 0)
			break;
		if (pfd[0].revents == 0)
			continue;
		do {
			n = capture_dispatch(r->cap, remaining(r), on_packet, r,
			    err, errlen);
		} while (n > 0 && !r->stop);
		if (n < 0)
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
	if (capture_get_stats(r->cap, &st) == 0) {
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
	char name[64];

	fprintf(stderr, "tcpviz: %s %s, link-type %s, filter \"%s\"\n",
	    capture_is_live(r->cap) ? "listening on" : "reading from file",
	    capture_source(r->cap), link_name(r->dlt, name, sizeof(name)),
	    capture_filter(r->cap));
}

/*
 * The demo as text, for scripts and for recording it: every call of the
 * script in turn, each followed by the segments it caused. The calls go
 * into calls too, for the sidecar. Returns 0, or -1.
 */
static int
run_demo_text(struct run *r, struct demo *d, struct annot_list *calls,
    char *err, size_t errlen)
{
	struct demo_step st;
	struct track_stats ts;

	r->calls = calls;
	while (!r->stop && !signal_seen && demo_next(d, &st) == 1) {
		track_get_stats(r->track, &ts);
		if (annot_add(calls, ts.segments, &st) == -1) {
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

/*
 * The demo's capture filter: its two ports (the server's, and the one
 * where nobody listens). Returns a malloc'd string, or NULL.
 */
static char *
demo_filter(const struct demo *d)
{
	char *f = malloc(64);

	if (f != NULL)
		snprintf(f, 64, "tcp port %u or tcp port %u",
		    (unsigned)demo_server_port(d), (unsigned)demo_closed_port(d));
	return f;
}

/* What a run needs besides struct run: the demo and where things go. */
struct setup {
	struct options o;
	struct demo *demo;		/* a live demo */
	struct annot_list recorded;	/* a replayed demo's calls */
	struct annot_list calls;	/* the calls made or shown */
	char steps_path[4096];		/* the sidecar of -r or -w */
	int curses;
};

static void
setup_free(struct setup *su)
{
	demo_free(su->demo);
	annot_free(&su->recorded);
	annot_free(&su->calls);
	options_free(&su->o);
}

/*
 * The demo's preparations before capture starts: live, its ports and
 * filter; replayed, the recorded calls from the sidecar. Exits on errors.
 */
static void
prepare_demo(struct setup *su)
{
	const char *pcap = su->o.read_file != NULL ? su->o.read_file :
	    su->o.write_file;

	if (pcap != NULL && annot_sidecar_path(pcap, su->steps_path,
	    sizeof(su->steps_path)) == -1) {
		setup_free(su);
		diag_die(EXIT_USAGE, "%s", pcap);
	}
	if (su->o.read_file != NULL) {
		if (annot_load(&su->recorded, su->steps_path) == -1) {
			diag_warn("%s: cannot read the demo's calls",
			    su->steps_path);
			setup_free(su);
			diag_diex(EXIT_RUNTIME, "a recorded demo is a pcap "
			    "and its .steps file, as `tcpviz --demo -w FILE` "
			    "writes them");
		}
		return;
	}
	su->demo = demo_new();
	if (su->demo == NULL) {
		setup_free(su);
		diag_die(EXIT_RUNTIME, "cannot reserve two loopback ports for "
		    "the demo");
	}
	free(su->o.filter);
	su->o.filter = demo_filter(su->demo);
	if (su->o.filter == NULL) {
		setup_free(su);
		diag_die(EXIT_RUNTIME, "out of memory");
	}
}

/* The curses view until q. Returns 0, or -1 with a message in err. */
static int
run_curses(struct run *r, struct setup *su, char *err, size_t errlen)
{
	struct ui_loop_config cfg;
	char note[256];
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.cap = r->cap;
	cfg.signal_fd = signal_pipe[0];
	cfg.count = su->o.count;
	cfg.absolute = su->o.absolute;
	cfg.color = ui_text_want_color(STDOUT_FILENO, su->o.no_color);
	cfg.ascii = su->o.ascii;
	cfg.step = su->o.step;
	cfg.speed = su->o.speed;
	cfg.demo = su->demo;
	cfg.recorded = su->o.demo && su->o.read_file != NULL ?
	    &su->recorded : NULL;
	cfg.demo_auto = su->o.demo_auto;
	cfg.calls = &su->calls;
	rc = ui_loop_run(&cfg, &r->packets, note, sizeof(note), err, errlen);
	if (note[0] != '\0')
		diag_warnx("%s", note);
	return rc;
}

int
main(int argc, char **argv)
{
	struct capture_config cfg;
	struct track_limits lim;
	struct setup su;
	struct options *o = &su.o;
	struct run r;
	char err[1024];
	int rc;

	memset(&su, 0, sizeof(su));
	diag_set_progname(argv[0]);
	if (options_parse(o, argc, argv, err, sizeof(err)) == -1) {
		options_free(o);
		diag_warnx("%s", err);
		fputs("Try 'tcpviz --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if (o->help || o->version) {
		if (o->help)
			options_usage(stdout);
		else
			printf("tcpviz (socklab) %s\n", SOCKLAB_VERSION);
		options_free(o);
		return fflush(stdout) == EOF ? EXIT_RUNTIME : 0;
	}
	/* The screen needs a terminal for keys and one to draw on. */
	su.curses = !o->text && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (setup_signals() == -1)
		diag_die(EXIT_RUNTIME, "cannot set up signal handling");
	if (o->demo)
		prepare_demo(&su);

	memset(&cfg, 0, sizeof(cfg));
	cfg.device = o->device;
	cfg.file = o->read_file;
	cfg.filter = o->filter;
	memset(&r, 0, sizeof(r));
	rc = capture_open(&r.cap, &cfg, err, sizeof(err));
	if (rc != 0) {
		int demo = o->demo;

		setup_free(&su);
		diag_warnx("%s", err);
		if (rc == CAPTURE_ERR_PERM && demo) {
			fputs("The demo can also be replayed from a recording, "
			    "which needs no privilege:\n"
			    "  tcpviz --demo -r viz/demo/handshake.pcap\n",
			    stderr);
			return EXIT_NO_PERMISSION;
		}
		return EXIT_RUNTIME;
	}
	/* Nothing below needs privilege: drop it before writing any file. */
	if (priv_drop(err, sizeof(err)) == -1) {
		capture_close(r.cap);
		setup_free(&su);
		diag_diex(EXIT_RUNTIME, "%s", err);
	}
	if (o->write_file != NULL &&
	    capture_dump_open(r.cap, o->write_file, err, sizeof(err)) == -1) {
		capture_close(r.cap);
		setup_free(&su);
		diag_diex(EXIT_RUNTIME, "%s", err);
	}

	/* Text mode prints each segment at once: keep a few per connection. */
	lim.max_conns = TRACK_DEFAULT_MAX_CONNS;
	lim.segs_per_conn = 4;
	r.track = track_new(&lim);
	if (r.track == NULL) {
		capture_close(r.cap);
		setup_free(&su);
		diag_die(EXIT_RUNTIME, "cannot start tracking");
	}
	r.dlt = capture_datalink(r.cap);
	r.count = o->count;
	ui_text_init(&r.ui, stdout, o->absolute,
	    ui_text_want_color(STDOUT_FILENO, o->no_color));

	if (su.curses) {
		rc = run_curses(&r, &su, err, sizeof(err));
	} else {
		announce(&r);
		if (su.demo != NULL) {
			rc = run_demo_text(&r, su.demo, &su.calls, err,
			    sizeof(err));
		} else {
			if (o->demo)
				r.calls = &su.recorded;
			rc = capture_is_live(r.cap) ?
			    run_live(&r, err, sizeof(err)) :
			    dispatch_all(&r, err, sizeof(err));
			if (rc == 0 && print_calls_before(&r, UINT64_MAX) == -1)
				stop_run(&r, errno, "cannot write the output");
		}
		report_counts(&r);
	}
	if (rc == -1) {
		diag_warnx("%s", err);
	} else if (r.fail_errno != 0 && r.fail_errno != EPIPE) {
		/* (EPIPE: the reader went away, as `| head` does; fine.) */
		errno = r.fail_errno;
		diag_warn("%s", r.fail_what);
		rc = -1;
	}
	if (su.demo != NULL && o->write_file != NULL &&
	    annot_save(&su.calls, su.steps_path) == -1) {
		diag_warn("cannot write the demo's calls to %s",
		    su.steps_path);
		rc = -1;
	}
	track_free(r.track);
	capture_close(r.cap);
	setup_free(&su);
	return rc == -1 ? EXIT_RUNTIME : 0;
}
