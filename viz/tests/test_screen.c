/*
 * The curses view in a real terminal (tmux), used as a person would: start
 * it, read the screen, press keys, resize, quit. Every wait is for
 * something on the screen, with a deadline; skipped without tmux.
 */
#define _GNU_SOURCE	/* unshare, CLONE_NEWNET */

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "harness.h"
#include "pkt.h"
#include "tmux.h"

#define T_TIMEOUT 40.0
#define WAIT 10.0	/* seconds for anything to show (ASan is slow) */

#define C_ISN 2042909445u
#define S_ISN 1617153047u
#define SYN TCP_FLAG_SYN
#define ACK TCP_FLAG_ACK
#define PSH TCP_FLAG_PSH

struct step {
	int from_client;
	uint32_t seq, ack;
	uint8_t flags;
	const char *data;
};

/* The handshake, "hello\n", and its ACK: five arrows. */
static const struct step talk[] = {
	{ 1, C_ISN, 0, SYN, NULL },
	{ 0, S_ISN, C_ISN + 1, SYN | ACK, NULL },
	{ 1, C_ISN + 1, S_ISN + 1, ACK, NULL },
	{ 1, C_ISN + 1, S_ISN + 1, PSH | ACK, "hello\n" },
	{ 0, S_ISN + 1, C_ISN + 7, ACK, NULL },
};
#define NTALK (sizeof(talk) / sizeof(talk[0]))

/* Writes the conversation, a millisecond apart, to a new pcap file. */
static void
write_talk(char *path)
{
	static uint8_t frames[NTALK][256];
	struct harness_frame f[NTALK];
	size_t i;

	for (i = 0; i < NTALK; i++) {
		const struct step *s = &talk[i];
		struct pkt_tcp t = {
			.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
			.sport = s->from_client ? 43930 : 8080,
			.dport = s->from_client ? 8080 : 43930,
			.seq = s->seq, .ack = s->ack, .flags = s->flags,
			.window = 512,
			.opts = s->flags & SYN ? pkt_syn_opts : pkt_ts_opts,
			.optlen = s->flags & SYN ? sizeof(pkt_syn_opts) :
			    sizeof(pkt_ts_opts),
			.payload = s->data,
			.len = s->data != NULL ? strlen(s->data) : 0,
		};

		f[i].sec = 43201;
		f[i].usec = (int32_t)i * 1000;
		f[i].data = frames[i];
		f[i].len = pkt_build_frame(PKT_DLT_EN10MB, frames[i],
		    sizeof(frames[i]), &t);
		cr_assert_gt(f[i].len, 0);
	}
	cr_assert_eq(harness_write_pcap(path, PKT_DLT_EN10MB, f, NTALK), 0);
}

static void
setup(void)
{
	if (!screen_available())
		cr_skip_test("tmux is not installed: the screen tests need it "
		    "(make deps installs it)");
	unsetenv("NO_COLOR");
	setenv("TZ", "UTC", 1);
}

TestSuite(screen, .init = setup, .timeout = T_TIMEOUT);

/*
 * Runs tcpviz with args in the screen's shell, then reports its exit
 * status and whether the terminal's settings came back unchanged. (The
 * odd quoting keeps the typed command from matching what it prints.)
 */
static void
run_tcpviz(struct screen *s, const char *env, const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "S=$(stty -g); %s %s %s; echo EXITED:$?; "
	    "[ \"$(stty -g)\" = \"$S\" ] && echo TTY\"\"-OK", env,
	    harness_tcpviz(), args);
	cr_assert_eq(screen_type(s, cmd), 0);
}

/* q, then the shell is back with the terminal as it was. */
static void
quit_cleanly(struct screen *s)
{
	char alt[16];

	cr_assert_eq(screen_keys(s, "q"), 0);
	cr_expect(screen_wait(s, "TTY-OK", WAIT), "after q the terminal "
	    "settings differ, or tcpviz did not exit:\n%s", s->text);
	cr_expect(strstr(s->text, "EXITED:0") != NULL, "exit status:\n%s",
	    s->text);
	cr_expect(screen_format(s, "#{alternate_on}", alt, sizeof(alt)) == 0 &&
	    strcmp(alt, "0") == 0, "still in the alternate screen: %s", alt);
	cr_expect(strstr(s->text, "q quit") == NULL, "curses left on "
	    "screen:\n%s", s->text);
}

/* Copies line i of the screen into buf. */
static const char *
line_at(const struct screen *s, int i, char *buf, size_t len)
{
	return harness_line(s->text, (size_t)(i < 0 ? 9999 : i), buf, len);
}

/* The lines of the three handshake arrows, in order, each with its step. */
static void
expect_handshake(const struct screen *s)
{
	int l1 = screen_line_of(s, " SYN seq=0 ");
	int l2 = screen_line_of(s, " SYN-ACK seq=0 ack=1 ");
	int l3 = screen_line_of(s, " ACK seq=1 ack=1 ");
	char buf[512];

	cr_assert(l1 >= 0 && l2 > l1 && l3 > l2, "the handshake arrows, in "
	    "order (lines %d %d %d):\n%s", l1, l2, l3, s->text);
	cr_expect(strstr(line_at(s, l1, buf, sizeof(buf)), "step 1/3") != NULL,
	    "%s", buf);
	cr_expect(strstr(line_at(s, l2, buf, sizeof(buf)), "step 2/3") != NULL,
	    "%s", buf);
	cr_expect(strstr(line_at(s, l3, buf, sizeof(buf)), "step 3/3") != NULL,
	    "%s", buf);
}

/* Every line fits in cols columns. */
static void
expect_width(const struct screen *s, size_t cols)
{
	char buf[1024];
	size_t i, n = harness_count_lines(s->text);

	for (i = 0; i < n; i++) {
		line_at(s, (int)i, buf, sizeof(buf));
		cr_expect_leq(strlen(buf), cols + 60 /* UTF-8 bytes */,
		    "line %zu: %s", i, buf);
	}
}

/*
 * Acceptance: a replay at 80x24 shows the three handshake arrows with
 * their labels and steps in order, the data arrow, the note for the
 * selected arrow; up selects an earlier arrow; q leaves a clean terminal.
 */
Test(screen, replay_at_80x24)
{
	struct screen s;
	char path[64], args[128], buf[512];
	int l;

	write_talk(path);
	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0, "tmux did not start");
	snprintf(args, sizeof(args), "-r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	expect_handshake(&s);
	expect_width(&s, 80);
	l = screen_line_of(&s, "PSH-ACK seq=1 ack=1 len=6");
	cr_expect(l > screen_line_of(&s, " ACK seq=1 ack=1 "), "%s", s.text);
	/* ASCII here (LC_ALL=C): the arrows point the right way. */
	cr_expect(strstr(line_at(&s, screen_line_of(&s, " SYN seq=0 "), buf,
	    sizeof(buf)), "->|") != NULL, "%s", buf);
	cr_expect(strstr(line_at(&s, screen_line_of(&s, " SYN-ACK"), buf,
	    sizeof(buf)), "|<-") != NULL, "%s", buf);
	cr_expect(strstr(s.text, "ack = their seq + len = 1 + 6 = 7") != NULL,
	    "the note on the newest arrow:\n%s", s.text);
	cr_expect(strstr(s.text, "Connections (1)") != NULL, "%s", s.text);

	screen_keys(&s, "Up");
	screen_keys(&s, "Up");
	screen_keys(&s, "Up");
	cr_expect(screen_wait(&s, "a SYN uses one sequence number", WAIT),
	    "up three times selects the SYN-ACK:\n%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/* Acceptance: --step shows one more arrow per n (or right arrow). */
Test(screen, step_mode_one_segment_per_key)
{
	struct screen s;
	char path[64], args[128];

	write_talk(path);
	cr_assert_eq(screen_start(&s, 80, 24, "C.UTF-8"), 0);
	snprintf(args, sizeof(args), "--step -r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "STEP (n)", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "SYN seq=0") == NULL, "nothing before n:\n%s",
	    s.text);

	screen_keys(&s, "n");
	cr_assert(screen_wait(&s, " SYN seq=0 ", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "SYN-ACK") == NULL, "one step, one "
	    "arrow:\n%s", s.text);
	cr_expect(strstr(s.text, "→│") != NULL, "line drawing in UTF-8:\n%s",
	    s.text);
	screen_keys(&s, "Right");
	cr_assert(screen_wait(&s, " SYN-ACK seq=0 ack=1 ", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, " ACK seq=1 ack=1 ") == NULL, "%s", s.text);
	screen_keys(&s, "n");
	cr_assert(screen_wait(&s, " ACK seq=1 ack=1 ", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "PSH-ACK") == NULL, "%s", s.text);
	expect_handshake(&s);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/* The pid of the process whose command line mentions arg, or -1. */
static pid_t
pid_with_argument(const char *arg)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	pid_t found = -1;

	cr_assert_not_null(proc);
	while (found == -1 && (de = readdir(proc)) != NULL) {
		char path[300], cmd[4096];
		FILE *f;
		size_t n;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		/* Arguments are NUL-separated: look at each of them. */
		for (size_t at = 0; at < n; at += strlen(cmd + at) + 1) {
			cmd[n] = '\0';
			if (strcmp(cmd + at, arg) == 0 &&
			    strstr(cmd, "tcpviz") != NULL)
				found = (pid_t)atol(de->d_name);
		}
	}
	closedir(proc);
	return found;
}

/*
 * A crash must not leave the terminal raw and on the alternate screen:
 * tcpviz killed by SIGSEGV still gives the shell back as it was.
 */
Test(screen, crash_restores_the_terminal)
{
	struct screen s;
	char path[64], args[128], alt[16];
	pid_t pid;

	write_talk(path);
	cr_assert_eq(screen_start(&s, 80, 24, "C.UTF-8"), 0);
	snprintf(args, sizeof(args), "--step -r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "STEP (n)", WAIT), "%s", s.text);
	pid = pid_with_argument(path);
	cr_assert_gt(pid, 0, "tcpviz's pid");
	cr_assert_eq(kill(pid, SIGSEGV), 0);
	cr_expect(screen_wait(&s, "TTY-OK", WAIT), "after the crash the "
	    "terminal settings differ:\n%s", s.text);
	cr_expect(strstr(s.text, "EXITED:139") != NULL, "exit status:\n%s",
	    s.text);
	cr_expect(screen_format(&s, "#{alternate_on}", alt, sizeof(alt)) == 0 &&
	    strcmp(alt, "0") == 0, "still in the alternate screen: %s", alt);
	screen_stop(&s);
	unlink(path);
}

/*
 * Polls until the screen reads exactly want. Returns 1 if it did. tmux
 * tells nobody when a pane changes (outside control mode), so the screen
 * is sampled every 20 ms up to the deadline.
 */
static int
wait_same(struct screen *s, const char *want, double seconds)
{
	int i;

	for (i = 0; i < (int)(seconds * 50); i++) {
		const struct timespec pause = { 0, 20 * 1000000L };

		if (screen_capture(s, 0) == 0 && strcmp(s->text, want) == 0)
			return 1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/*
 * Acceptance: a resize redraws without garbage: after shrinking from
 * 200x60 to 80x24 the screen reads exactly as a fresh start at 80x24,
 * and growing back gives the big screen again.
 */
Test(screen, resize_redraws_without_garbage)
{
	static struct screen big, small;
	static char wide[32768], narrow[32768];
	char path[64], args[128];

	write_talk(path);
	snprintf(args, sizeof(args), "-r %s", path);
	cr_assert_eq(screen_start(&small, 80, 24, "C.UTF-8"), 0);
	run_tcpviz(&small, "", args);
	cr_assert(screen_wait(&small, "END OF FILE", WAIT), "%s", small.text);
	strcpy(narrow, small.text);
	quit_cleanly(&small);
	screen_stop(&small);

	cr_assert_eq(screen_start(&big, 200, 60, "C.UTF-8"), 0);
	run_tcpviz(&big, "", args);
	cr_assert(screen_wait(&big, "END OF FILE", WAIT), "%s", big.text);
	expect_handshake(&big);
	cr_expect(strstr(big.text, "Kernel") != NULL, "a big screen shows the "
	    "kernel pane too:\n%s", big.text);
	strcpy(wide, big.text);

	cr_assert_eq(screen_resize(&big, 80, 24), 0);
	cr_expect(wait_same(&big, narrow, WAIT), "after shrinking:\n%s\n"
	    "a fresh start at 80x24:\n%s", big.text, narrow);
	cr_assert_eq(screen_resize(&big, 200, 60), 0);
	cr_expect(wait_same(&big, wide, WAIT), "after growing:\n%s\nbefore:\n%s",
	    big.text, wide);
	quit_cleanly(&big);
	screen_stop(&big);
	unlink(path);
}

/* Whether the captured escapes set a foreground colour (30-37). */
static int
has_colour(const char *text)
{
	char sgr[8];
	int d;

	for (d = 0; d < 8; d++) {
		snprintf(sgr, sizeof(sgr), "[3%dm", d);
		if (strstr(text, sgr) != NULL)
			return 1;
		snprintf(sgr, sizeof(sgr), ";3%dm", d);
		if (strstr(text, sgr) != NULL)
			return 1;
	}
	return 0;
}

/* Colour only where it is wanted: NO_COLOR leaves none. */
Test(screen, no_color_means_none)
{
	struct screen s;
	char path[64], args[128];

	write_talk(path);
	snprintf(args, sizeof(args), "-r %s", path);
	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	cr_assert_eq(screen_capture(&s, 1), 0);
	cr_expect(has_colour(s.text), "SYN in green by default");
	quit_cleanly(&s);
	run_tcpviz(&s, "NO_COLOR=1", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	cr_assert_eq(screen_capture(&s, 1), 0);
	cr_expect(!has_colour(s.text), "a colour with NO_COLOR set");
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/* The recorded demo: calls on the ladder beside the segments they cause. */
Test(screen, recorded_demo_shows_the_calls)
{
	struct screen s;
	int i, call, syn;

	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	run_tcpviz(&s, "", "--demo -r viz/demo/handshake.pcap");
	cr_assert(screen_wait(&s, "next: client socket()", WAIT), "%s", s.text);
	for (i = 0; i < 7; i++)
		screen_keys(&s, "n");
	cr_assert(screen_wait(&s, "next: server accept()", WAIT), "%s",
	    s.text);
	call = screen_line_of(&s, "connect() returned 0");
	syn = screen_line_of(&s, " SYN seq=0 ");
	cr_expect(call >= 0 && syn > call, "connect() comes before its "
	    "SYN:\n%s", s.text);
	expect_handshake(&s);
	cr_expect(strstr(s.text, "listen() returned 0") != NULL, "%s", s.text);
	cr_expect(strstr(s.text, "returns once the SYN-ACK is in") != NULL,
	    "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
}

static int
connect_to(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_neq(fd, -1);
	cr_assert_eq(connect(fd, (const struct sockaddr *)sa, sizeof(*sa)), 0,
	    "connect: %s", strerror(errno));
	return fd;
}

/*
 * Acceptance, live: a connection made in a private namespace (tmux starts
 * in it too) shows up as the handshake; the kernel pane shows the sockets;
 * while paused, a second connection is held back and n lets it through.
 */
Test(screen, live_handshake_pause_and_kernel)
{
	struct screen s;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char args[64];
	int lfd, c1, c2, a1;

	harness_private_loopback();
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 4), 0);
	cr_assert_eq(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);

	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	snprintf(args, sizeof(args), "-p %u", (unsigned)ntohs(sa.sin_port));
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "LIVE  lo", WAIT), "%s", s.text);
	c1 = connect_to(&sa);
	cr_assert(screen_wait(&s, " ACK seq=1 ack=1 ", WAIT), "%s", s.text);
	expect_handshake(&s);
	cr_expect(strstr(s.text, "0 dropped") != NULL, "%s", s.text);

	/* Tab to the kernel pane: before accept(), one in the queue. */
	screen_keys(&s, "Tab");
	screen_keys(&s, "Tab");
	screen_keys(&s, "Tab");
	cr_expect(screen_wait(&s, "accept queue 1", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "ESTABLISHED") != NULL, "%s", s.text);
	a1 = accept(lfd, NULL, NULL);
	cr_assert_neq(a1, -1);

	screen_keys(&s, "Space");
	cr_assert(screen_wait(&s, "PAUSED", WAIT), "%s", s.text);
	c2 = connect_to(&sa);
	cr_expect(screen_wait(&s, "3 held", WAIT), "capture goes on while "
	    "paused:\n%s", s.text);
	cr_expect(strstr(s.text, "Connections (1)") != NULL, "%s", s.text);
	screen_keys(&s, "n");
	cr_expect(screen_wait(&s, "2 held", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "Connections (2)") != NULL, "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	close(c2);
	close(a1);
	close(c1);
	close(lfd);
}

/*
 * The / prompt: libpcap's complaint about a bad filter is on the screen
 * while the prompt stays up to fix it; it starts empty over the default
 * filter; ^W deletes a word and ^U the line. The status bar says
 * "default" instead of the long default expression.
 */
Test(screen, filter_prompt_shows_errors_and_edits)
{
	struct screen s;
	char path[64], args[128];

	write_talk(path);
	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0, "tmux did not start");
	snprintf(args, sizeof(args), "-r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "filter: default") != NULL, "%s", s.text);
	screen_keys(&s, "/");
	cr_assert(screen_wait(&s, "new filter: _", WAIT),
	    "the prompt starts empty over the default filter:\n%s", s.text);
	screen_keys(&s, "tcp port");
	screen_keys(&s, "Enter");
	cr_expect(screen_wait(&s, "syntax error", WAIT),
	    "libpcap's message for \"tcp port\":\n%s", s.text);
	cr_expect(strstr(s.text, "new filter: tcp port_") != NULL,
	    "the prompt stays up to fix it:\n%s", s.text);
	screen_keys(&s, "C-w");
	cr_expect(screen_wait(&s, "new filter: tcp _", WAIT),
	    "^W deletes the last word:\n%s", s.text);
	screen_keys(&s, "C-u");
	cr_expect(screen_wait(&s, "new filter: _", WAIT),
	    "^U clears the line:\n%s", s.text);
	screen_keys(&s, "Escape");
	cr_expect(screen_wait(&s, "filter unchanged", WAIT), "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/*
 * After `a` the note does its arithmetic in the absolute numbers on the
 * arrows, not in relative ones ("= 1").
 */
Test(screen, notes_follow_absolute_numbers)
{
	struct screen s;
	char path[64], args[128], want[128];

	write_talk(path);
	cr_assert_eq(screen_start(&s, 100, 30, "C"), 0, "tmux did not start");
	snprintf(args, sizeof(args), "-r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	screen_keys(&s, "a");
	snprintf(want, sizeof(want), "= %lu + 6 = %lu",
	    (unsigned long)C_ISN + 1, (unsigned long)C_ISN + 7);
	cr_expect(screen_wait(&s, want, WAIT), "the data's ACK:\n%s", s.text);
	screen_keys(&s, "Up");
	screen_keys(&s, "Up");
	screen_keys(&s, "Up");
	snprintf(want, sizeof(want), "ack = their seq + 1 = %lu + 1 = %lu",
	    (unsigned long)C_ISN, (unsigned long)C_ISN + 1);
	cr_expect(screen_wait(&s, want, WAIT), "the SYN-ACK:\n%s", s.text);
	cr_expect(strstr(s.text, "= 1:") == NULL, "relative arithmetic "
	    "left:\n%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/*
 * An RST answering a SYN (nobody listens): the detail pane invents no
 * ISN for the side that never sent a SYN (seq 0 minus 1 = 4294967295).
 */
Test(screen, detail_invents_no_isn_for_an_rst)
{
	static uint8_t frames[2][256];
	struct pkt_tcp syn = {
		.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
		.sport = 43931, .dport = 9, .seq = C_ISN, .flags = SYN,
		.window = 512, .opts = pkt_syn_opts,
		.optlen = sizeof(pkt_syn_opts),
	};
	struct pkt_tcp rst = {
		.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
		.sport = 9, .dport = 43931, .ack = C_ISN + 1,
		.flags = TCP_FLAG_RST | ACK,
	};
	struct harness_frame f[2] = {
		{ 43201, 0, frames[0], 0 }, { 43201, 50, frames[1], 0 },
	};
	struct screen s;
	char path[64], args[128];

	f[0].len = pkt_build_frame(PKT_DLT_EN10MB, frames[0], 256, &syn);
	f[1].len = pkt_build_frame(PKT_DLT_EN10MB, frames[1], 256, &rst);
	cr_assert_eq(harness_write_pcap(path, PKT_DLT_EN10MB, f, 2), 0);
	cr_assert_eq(screen_start(&s, 140, 40, "C"), 0, "tmux did not start");
	snprintf(args, sizeof(args), "-r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	cr_expect(screen_wait(&s, "abs 0          (no SYN seen)", WAIT),
	    "the RST's side has no ISN:\n%s", s.text);
	cr_expect(strstr(s.text, "4294967295") == NULL, "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/*
 * The demo on its own (--auto): after up selects an earlier arrow, the
 * next calls' segments are followed again, so the audience sees the last
 * scene; p pins the selection, visibly. At the end the status says the
 * demo is over, not that calls run by themselves.
 */
Test(screen, auto_demo_follows_new_segments_after_up)
{
	struct screen s;

	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	run_tcpviz(&s, "", "--demo --auto=0.4 -r viz/demo/handshake.pcap");
	cr_assert(screen_wait(&s, " SYN-ACK seq=0 ack=1", WAIT), "%s",
	    s.text);
	screen_keys(&s, "Up");
	cr_assert(screen_wait(&s, "the demo is over", WAIT), "%s", s.text);
	cr_expect(strstr(s.text, "their FIN's seq + 1") != NULL,
	    "the last segment is selected, not the one up chose:\n%s",
	    s.text);
	cr_expect(strstr(s.text, "run by themselves") == NULL, "%s", s.text);
	screen_keys(&s, "p");
	cr_expect(screen_wait(&s, "PINNED", WAIT), "p pins, visibly:\n%s",
	    s.text);
	quit_cleanly(&s);
	screen_stop(&s);
}

/* The seconds TIME_WAIT has left on the screen, or -1. */
static long
time_wait_left(const struct screen *s)
{
	const char *p = strstr(s->text, "TIME_WAIT ");

	return p != NULL ? strtol(p + strlen("TIME_WAIT "), NULL, 10) : -1;
}

/*
 * Live, the kernel pane reads the kernel again every second, with no key
 * and no packet: TIME_WAIT counts down, and a listener closed without a
 * packet on the wire leaves the pane.
 */
Test(screen, kernel_pane_refreshes_by_itself)
{
	struct screen s;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char args[64];
	long first, later = -1;
	int lfd, c, a, i;

	harness_private_loopback();
	/* Not inherited by tmux and its shell: close() must really close. */
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 4), 0);
	cr_assert_eq(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);

	cr_assert_eq(screen_start(&s, 140, 40, "C"), 0);
	snprintf(args, sizeof(args), "-p %u", (unsigned)ntohs(sa.sin_port));
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "LIVE  lo", WAIT), "%s", s.text);
	c = connect_to(&sa);
	a = accept(lfd, NULL, NULL);
	cr_assert_neq(a, -1);
	/* The client closes first: its side ends in TIME_WAIT. */
	close(c);
	close(a);
	cr_assert(screen_wait(&s, " s left", WAIT), "%s", s.text);
	first = time_wait_left(&s);
	cr_expect(first > 0 && first <= 60, "%s", s.text);
	/* tmux says nothing when a pane changes: sample for 3 seconds. */
	for (i = 0; i < 30 && (later = time_wait_left(&s)) == first; i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		screen_capture(&s, 0);
	}
	cr_expect(later >= 0 && later < first, "TIME_WAIT stays at %ld s:\n%s",
	    first, s.text);
	cr_expect(strstr(s.text, "LISTEN") != NULL, "%s", s.text);
	close(lfd);
	cr_expect(screen_wait_gone(&s, "LISTEN", WAIT), "a closed listener "
	    "still shows:\n%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
}

/*
 * The demo's calls before connect() (the server's socket(), bind()) are
 * not drawn on the lanes of the last scene's connection: they wait on
 * lanes of their own until their connection's first segment comes.
 */
Test(screen, calls_before_connect_have_their_own_lanes)
{
	struct screen s;
	int i;

	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	run_tcpviz(&s, "", "--demo -r viz/demo/handshake.pcap");
	cr_assert(screen_wait(&s, "next: client socket()", WAIT), "%s", s.text);
	for (i = 0; i < 4; i++)
		screen_keys(&s, "n");
	cr_assert(screen_wait(&s, "next: server listen()", WAIT), "%s",
	    s.text);
	cr_expect(strstr(s.text, "next connection: no segment yet") != NULL,
	    "bind() is not on connection #1's ladder:\n%s", s.text);
	cr_expect(strstr(s.text, "Ladder #1") == NULL, "%s", s.text);
	cr_expect(strstr(s.text, "bind() returned 0") != NULL, "%s", s.text);
	screen_keys(&s, "n");
	screen_keys(&s, "n");
	screen_keys(&s, "n");
	cr_expect(screen_wait(&s, "Ladder #2", WAIT), "connect() brings "
	    "the calls onto their connection:\n%s", s.text);
	cr_expect(strstr(s.text, "listen() returned 0") != NULL, "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
}

/* The column where needle starts on line l of the screen, or -1. */
static int
column_of(const struct screen *s, int l, const char *needle)
{
	char buf[512];
	const char *p;

	line_at(s, l, buf, sizeof(buf));
	p = strstr(buf, needle);
	return p != NULL ? (int)(p - buf) : -1;
}

/*
 * The connections list at 140 columns: long IPv6 endpoints are cut with
 * "..." and keep their ports; a 7-digit byte count and a short one line
 * up with each other.
 */
Test(screen, connection_list_cuts_visibly_and_lines_up)
{
	static uint8_t frames[22][256];
	struct harness_frame f[22];
	struct pkt_tcp v6 = {
		.family = 6, .src = "2001:db8:1111:2222:3333:4444:5555:6666",
		.dst = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", .sport = 50000,
		.dport = 443, .seq = 1, .flags = SYN, .window = 512,
	};
	struct pkt_tcp v4 = {
		.family = 4, .src = "10.0.0.1", .dst = "10.0.0.2",
		.sport = 40000, .dport = 80, .ack = 1, .flags = ACK,
		.window = 512,
	};
	struct screen s;
	char path[64], args[128];
	int l6, l4;

	f[0].len = pkt_build_frame(PKT_DLT_EN10MB, frames[0], 256, &v6);
	for (int i = 1; i < 22; i++) {
		v4.seq = 1 + (uint32_t)(i - 1) * 60000;
		f[i].len = pkt_build_frame(PKT_DLT_EN10MB, frames[i], 256, &v4);
		/* IPv4 total length 60040: 60000 bytes the capture cut off. */
		frames[i][16] = (uint8_t)(60040 >> 8);
		frames[i][17] = (uint8_t)(60040 & 0xff);
	}
	for (int i = 0; i < 22; i++) {
		f[i].sec = 43201;
		f[i].usec = i;
		f[i].data = frames[i];
	}
	cr_assert_eq(harness_write_pcap(path, PKT_DLT_EN10MB, f, 22), 0);
	cr_assert_eq(screen_start(&s, 140, 40, "C"), 0);
	snprintf(args, sizeof(args), "-r %s", path);
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "END OF FILE", WAIT), "%s", s.text);
	l6 = screen_line_of(&s, " #1  [");
	l4 = screen_line_of(&s, ">#2  1");
	cr_assert(l6 >= 0 && l4 >= 0, "%s", s.text);
	cr_expect(column_of(&s, l6, ":443") > 0 &&
	    column_of(&s, l6, ":50000") > 0, "ports kept:\n%s", s.text);
	cr_expect(column_of(&s, l6, "...") > 0, "a visible cut:\n%s", s.text);
	cr_expect(column_of(&s, l4, "1260000 B") > 0, "%s", s.text);
	cr_expect_eq(column_of(&s, l6, " pk "), column_of(&s, l4, " pk "),
	    "the columns line up:\n%s", s.text);
	cr_expect_eq(column_of(&s, l6, " B"), column_of(&s, l4, " B"),
	    "%s", s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	unlink(path);
}

/*
 * Paused, what is on screen stays, however much arrives: the packets wait
 * (up to UI_HOLD_PACKETS, 20000) and the rest is counted as evicted; space
 * lets the held ones in.
 */
Test(screen, pause_keeps_the_screen_and_counts_evictions, .timeout = 60)
{
	struct screen s;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct linger rst = { 1, 0 };
	char args[64];
	int lfd, c1, a1, i;

	harness_private_loopback();
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 64), 0);
	cr_assert_eq(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);

	cr_assert_eq(screen_start(&s, 80, 24, "C"), 0);
	snprintf(args, sizeof(args), "-p %u", (unsigned)ntohs(sa.sin_port));
	run_tcpviz(&s, "", args);
	cr_assert(screen_wait(&s, "LIVE  lo", WAIT), "%s", s.text);
	c1 = connect_to(&sa);
	a1 = accept(lfd, NULL, NULL);
	cr_assert(screen_wait(&s, " ACK seq=1 ack=1 ", WAIT), "%s", s.text);
	screen_keys(&s, "Space");
	cr_assert(screen_wait(&s, "PAUSED", WAIT), "%s", s.text);
	/* 6000 connections closed by RST: 4 segments each, 24000 in all. */
	for (i = 0; i < 6000; i++) {
		int c = connect_to(&sa), a = accept(lfd, NULL, NULL);

		cr_assert_neq(a, -1);
		setsockopt(c, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst));
		close(c);
		close(a);
	}
	cr_expect(screen_wait(&s, "evicted", WAIT), "more than 20000 "
	    "arrived while paused:\n%s", s.text);
	cr_expect(strstr(s.text, "Connections (1)") != NULL &&
	    strstr(s.text, " ACK seq=1 ack=1 ") != NULL, "the screen as it "
	    "was when paused:\n%s", s.text);
	cr_expect(strstr(s.text, "20000 held") != NULL, "%s", s.text);
	screen_keys(&s, "Space");
	cr_expect(screen_wait(&s, "live again", WAIT), "%s", s.text);
	cr_expect(screen_wait_gone(&s, "Connections (1)", WAIT), "%s",
	    s.text);
	quit_cleanly(&s);
	screen_stop(&s);
	close(a1);
	close(c1);
	close(lfd);
}
