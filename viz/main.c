/*
 * tcpviz: captures TCP and explains it, as a ladder diagram on a terminal
 * (ui_loop.c, ui_curses.c) or one line per segment (ui_text_loop.c,
 * ui_text.c). Wires the modules together: options, capture, privilege
 * drop, the two front ends, and the classroom demo.
 */
#define _GNU_SOURCE	/* pipe2 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annot.h"
#include "capture.h"
#include "demo_script.h"
#include "diag.h"
#include "options.h"
#include "priv.h"
#include "ui_loop.h"
#include "ui_text.h"
#include "ui_text_loop.h"

#ifndef SOCKLAB_VERSION
#define SOCKLAB_VERSION "unknown"
#endif

/* 3 tells `make demo` to offer the recorded demo instead. */
enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_NO_PERMISSION = 3 };

/* The signal handler's only way out: a byte in this pipe wakes poll(). */
static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t signal_seen;

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
run_curses(struct capture *cap, struct setup *su, char *err, size_t errlen)
{
	struct ui_loop_config cfg;
	unsigned long packets;
	char note[256];
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.cap = cap;
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
	cfg.auto_seconds = su->o.auto_seconds;
	cfg.calls = &su->calls;
	rc = ui_loop_run(&cfg, &packets, note, sizeof(note), err, errlen);
	if (note[0] != '\0')
		diag_warnx("%s", note);
	return rc;
}

/* One line per segment until the end. Returns 0, or -1 with err. */
static int
run_text(struct capture *cap, struct setup *su, char *err, size_t errlen)
{
	struct ui_text_loop_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.cap = cap;
	cfg.signal_fd = signal_pipe[0];
	cfg.signalled = &signal_seen;
	cfg.count = su->o.count;
	cfg.absolute = su->o.absolute;
	cfg.color = ui_text_want_color(STDOUT_FILENO, su->o.no_color);
	cfg.demo = su->demo;
	cfg.recorded = su->o.demo && su->o.read_file != NULL ?
	    &su->recorded : NULL;
	cfg.calls = &su->calls;
	return ui_text_loop_run(&cfg, err, errlen);
}

int
main(int argc, char **argv)
{
	struct capture_config cfg;
	struct capture *cap;
	struct setup su;
	struct options *o = &su.o;
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
	rc = capture_open(&cap, &cfg, err, sizeof(err));
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
		capture_close(cap);
		setup_free(&su);
		diag_diex(EXIT_RUNTIME, "%s", err);
	}
	if (o->write_file != NULL &&
	    capture_dump_open(cap, o->write_file, err, sizeof(err)) == -1) {
		capture_close(cap);
		setup_free(&su);
		diag_diex(EXIT_RUNTIME, "%s", err);
	}

	rc = su.curses ? run_curses(cap, &su, err, sizeof(err)) :
	    run_text(cap, &su, err, sizeof(err));
	if (rc == -1)
		diag_warnx("%s", err);
	if (su.demo != NULL && o->write_file != NULL &&
	    annot_save(&su.calls, su.steps_path) == -1) {
		diag_warn("cannot write the demo's calls to %s",
		    su.steps_path);
		rc = -1;
	}
	capture_close(cap);
	setup_free(&su);
	return rc == -1 ? EXIT_RUNTIME : 0;
}
