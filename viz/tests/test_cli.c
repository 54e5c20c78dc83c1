/*
 * tcpviz as a program: replaying capture files the tests write, the
 * command line, exit statuses, and the permission message.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"
#include "harness.h"
#include "pkt.h"

#define T_TIMEOUT 20.0
#define NOBODY 65534

/* 12:00:01 UTC on 1970-01-01. */
#define NOON_PLUS_1 43201

struct step {
	int from_client;
	uint32_t seq, ack;	/* absolute */
	uint8_t flags;
	const char *data;
};

#define C_ISN 2042909445u
#define S_ISN 1617153047u
#define SYN TCP_FLAG_SYN
#define ACK TCP_FLAG_ACK
#define FIN TCP_FLAG_FIN
#define PSH TCP_FLAG_PSH

/* A whole conversation: handshake, data both ways, FIN teardown. */
static const struct step conversation[] = {
	{ 1, C_ISN, 0, SYN, NULL },
	{ 0, S_ISN, C_ISN + 1, SYN | ACK, NULL },
	{ 1, C_ISN + 1, S_ISN + 1, ACK, NULL },
	{ 1, C_ISN + 1, S_ISN + 1, PSH | ACK, "hello" },
	{ 0, S_ISN + 1, C_ISN + 6, ACK, NULL },
	{ 0, S_ISN + 1, C_ISN + 6, PSH | ACK, "world!" },
	{ 1, C_ISN + 6, S_ISN + 7, ACK, NULL },
	{ 1, C_ISN + 6, S_ISN + 7, FIN | ACK, NULL },
	{ 0, S_ISN + 7, C_ISN + 7, FIN | ACK, NULL },
	{ 1, C_ISN + 7, S_ISN + 8, ACK, NULL },
};
#define NSTEPS (sizeof(conversation) / sizeof(conversation[0]))

static const char *const relative_lines[NSTEPS] = {
	"12:00:01.000000 #1 127.0.0.1:43930 > 127.0.0.1:8080 SYN seq=0 "
	    "win=65495 len=0 [handshake 1/3] mss=65495 ws=7 sackOK ts",
	"12:00:01.000001 #1 127.0.0.1:8080 > 127.0.0.1:43930 SYN-ACK seq=0 "
	    "ack=1 win=65483 len=0 [handshake 2/3] mss=65495 ws=7 sackOK ts",
	"12:00:01.000002 #1 127.0.0.1:43930 > 127.0.0.1:8080 ACK seq=1 ack=1 "
	    "win=512 len=0 [handshake 3/3] ts",
	"12:00:01.000003 #1 127.0.0.1:43930 > 127.0.0.1:8080 PSH-ACK seq=1 "
	    "ack=1 win=512 len=5 ts",
	"12:00:01.000004 #1 127.0.0.1:8080 > 127.0.0.1:43930 ACK seq=1 ack=6 "
	    "win=512 len=0 ts",
	"12:00:01.000005 #1 127.0.0.1:8080 > 127.0.0.1:43930 PSH-ACK seq=1 "
	    "ack=6 win=512 len=6 ts",
	"12:00:01.000006 #1 127.0.0.1:43930 > 127.0.0.1:8080 ACK seq=6 ack=7 "
	    "win=512 len=0 ts",
	"12:00:01.000007 #1 127.0.0.1:43930 > 127.0.0.1:8080 FIN-ACK seq=6 "
	    "ack=7 win=512 len=0 [teardown] ts",
	"12:00:01.000008 #1 127.0.0.1:8080 > 127.0.0.1:43930 FIN-ACK seq=7 "
	    "ack=7 win=512 len=0 [teardown] ts",
	"12:00:01.000009 #1 127.0.0.1:43930 > 127.0.0.1:8080 ACK seq=7 ack=8 "
	    "win=512 len=0 [teardown] ts",
};

/* Writes the conversation as Ethernet frames (Linux lo) to a pcap file. */
static void
write_conversation(char *path, int dlt)
{
	static uint8_t frames[NSTEPS][256];
	struct harness_frame f[NSTEPS];
	size_t i;

	for (i = 0; i < NSTEPS; i++) {
		const struct step *s = &conversation[i];
		struct pkt_tcp t = {
			.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
			.sport = s->from_client ? 43930 : 8080,
			.dport = s->from_client ? 8080 : 43930,
			.seq = s->seq, .ack = s->ack, .flags = s->flags,
			.window = i == 0 ? 65495 : i == 1 ? 65483 : 512,
			.opts = s->flags & SYN ? pkt_syn_opts : pkt_ts_opts,
			.optlen = s->flags & SYN ? sizeof(pkt_syn_opts) :
			    sizeof(pkt_ts_opts),
			.payload = s->data,
			.len = s->data != NULL ? strlen(s->data) : 0,
		};

		f[i].sec = NOON_PLUS_1;
		f[i].usec = (int32_t)i;
		f[i].data = frames[i];
		f[i].len = pkt_build_frame(dlt, frames[i], sizeof(frames[i]),
		    &t);
		cr_assert_gt(f[i].len, 0);
	}
	cr_assert_eq(harness_write_pcap(path, dlt, f, NSTEPS), 0);
}

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	unsetenv("NO_COLOR");
	unsetenv("SUDO_UID");
	unsetenv("SUDO_GID");
}

TestSuite(cli, .init = setup, .timeout = T_TIMEOUT);

/* Acceptance: a full conversation replayed, relative like Wireshark. */
Test(cli, replay_full_conversation_relative)
{
	static struct harness_child c;
	char path[64], line[512];
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-r", path, NULL };
	size_t i;

	write_conversation(path, PKT_DLT_EN10MB);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "stderr: %s", c.err);
	cr_expect_eq(harness_count_lines(c.out), NSTEPS, "output:\n%s", c.out);
	for (i = 0; i < NSTEPS; i++)
		cr_expect_str_eq(harness_line(c.out, i, line, sizeof(line)),
		    relative_lines[i]);
	cr_expect(strstr(c.err, "10 packets captured") != NULL, "%s", c.err);
	unlink(path);
}

/* Acceptance: --absolute shows the raw 32-bit numbers. */
Test(cli, replay_full_conversation_absolute)
{
	static struct harness_child c;
	char path[64], line[512], want[128];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "--absolute", "-r", path,
		NULL,
	};
	size_t i;

	write_conversation(path, PKT_DLT_LINUX_SLL2);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "stderr: %s", c.err);
	cr_assert_eq(harness_count_lines(c.out), NSTEPS, "output:\n%s", c.out);
	for (i = 0; i < NSTEPS; i++) {
		const struct step *s = &conversation[i];

		harness_line(c.out, i, line, sizeof(line));
		if (s->flags & ACK)
			snprintf(want, sizeof(want), " seq=%lu ack=%lu ",
			    (unsigned long)s->seq, (unsigned long)s->ack);
		else
			snprintf(want, sizeof(want), " seq=%lu win",
			    (unsigned long)s->seq);
		cr_expect(strstr(line, want) != NULL, "line %zu: %s, want%s",
		    i, line, want);
	}
	unlink(path);
}

Test(cli, count_stops_early)
{
	static struct harness_child c;
	char path[64];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-c", "3", "-r", path, NULL,
	};

	write_conversation(path, PKT_DLT_NULL);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "stderr: %s", c.err);
	cr_expect_eq(harness_count_lines(c.out), 3, "output:\n%s", c.out);
	cr_expect(strstr(c.out, "[handshake 3/3]") != NULL);
	unlink(path);
}

/* The filter applies to files too; -p is shorthand for tcp port. */
Test(cli, port_filter_on_a_file)
{
	static struct harness_child c;
	char path[64];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-p", "9999", "-r", path,
		NULL,
	};

	write_conversation(path, PKT_DLT_EN10MB);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "stderr: %s", c.err);
	cr_expect_eq(c.out_len, 0, "nothing on port 9999: %s", c.out);
	cr_expect(strstr(c.err, "tcp port 9999") != NULL, "%s", c.err);
	unlink(path);
}

/* Hostile packets are reported and skipped; the run goes on. */
Test(cli, malformed_packets_are_skipped)
{
	static struct harness_child c;
	static uint8_t good[256], bad[256];
	struct pkt_tcp t = {
		.family = 4, .src = "10.0.0.1", .dst = "10.0.0.2", .sport = 1,
		.dport = 2, .seq = 5, .flags = TCP_FLAG_SYN, .window = 10,
	};
	struct harness_frame f[3];
	char path[64];
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-r", path, NULL };
	size_t n = pkt_build_frame(PKT_DLT_EN10MB, good, sizeof(good), &t);

	memcpy(bad, good, n);
	bad[14 + 32] = 0x30;	/* TCP data offset 12: impossible */
	f[0] = (struct harness_frame){ NOON_PLUS_1, 0, bad, n };
	f[1] = (struct harness_frame){ NOON_PLUS_1, 1, good, 30 };
	f[2] = (struct harness_frame){ NOON_PLUS_1, 2, good, n };
	cr_assert_eq(harness_write_pcap(path, PKT_DLT_EN10MB, f, 3), 0);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "stderr: %s", c.err);
	cr_expect_eq(harness_count_lines(c.out), 3, "output:\n%s", c.out);
	cr_expect(strstr(c.out, "12:00:01.000000 skipped: malformed header\n"
	    "12:00:01.000001 skipped: truncated header\n") == c.out,
	    "%s", c.out);
	cr_expect(strstr(c.out, "#1 10.0.0.1:1 > 10.0.0.2:2 SYN") != NULL);
	unlink(path);
}

Test(cli, unsupported_link_type_is_named)
{
	static struct harness_child c;
	static const uint8_t junk[40];
	struct harness_frame f = { NOON_PLUS_1, 0, junk, sizeof(junk) };
	char path[64];
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-r", path, NULL };

	/* 802.11 (DLT 105): libpcap knows its name, tcpviz cannot read it. */
	cr_assert_eq(harness_write_pcap(path, 105, &f, 1), 0);
	cr_expect_eq(harness_run(&c, argv, 0), 1);
	cr_expect(strstr(c.err, "link type IEEE802_11 (802.11)") != NULL, "%s",
	    c.err);
	cr_expect(strstr(c.err, "not supported") != NULL, "%s", c.err);
	cr_expect_eq(c.out_len, 0);
	unlink(path);
}

Test(cli, bad_filter_reports_libpcap_message)
{
	static struct harness_child c;
	char path[64];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-r", path, "tcp", "port",
		NULL,
	};

	write_conversation(path, PKT_DLT_EN10MB);
	cr_expect_eq(harness_run(&c, argv, 0), 1);
	cr_expect(strstr(c.err, "bad filter \"tcp port\"") != NULL, "%s",
	    c.err);
	cr_expect(strstr(c.err, "syntax error") != NULL, "%s", c.err);
	cr_expect_eq(c.out_len, 0, "nothing starts: %s", c.out);
	unlink(path);
}

Test(cli, help_version_and_usage_errors)
{
	static struct harness_child c;
	char *help[] = { (char *)harness_tcpviz(), "--help", NULL };
	char *version[] = { (char *)harness_tcpviz(), "--version", NULL };
	char *badopt[] = { (char *)harness_tcpviz(), "--frobnicate", NULL };
	char *badport[] = { (char *)harness_tcpviz(), "-p", "70000", NULL };
	char *noarg[] = { (char *)harness_tcpviz(), "-c", NULL };

	cr_expect_eq(harness_run(&c, help, 0), 0);
	cr_expect(strstr(c.out, "usage: tcpviz") != NULL);
	cr_expect_eq(harness_run(&c, version, 0), 0);
	cr_expect(strncmp(c.out, "tcpviz (socklab) ", 17) == 0, "%s", c.out);
	cr_expect_eq(harness_run(&c, badopt, 0), 2);
	cr_expect(strstr(c.err, "--frobnicate") != NULL, "%s", c.err);
	cr_expect_eq(harness_run(&c, badport, 0), 2);
	cr_expect(strstr(c.err, "1 to 65535") != NULL, "%s", c.err);
	cr_expect_eq(harness_run(&c, noarg, 0), 2);
	cr_expect(strstr(c.err, "needs an argument") != NULL, "%s", c.err);
}

/*
 * Acceptance: without privilege, the message names sudo, make setcap and
 * -r, and the exit status is 1; no stack trace, nothing on stdout.
 */
Test(cli, no_permission_names_the_ways_forward)
{
	static struct harness_child c;
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-i", "lo", NULL };
	uid_t as = geteuid() == 0 ? NOBODY : 0;

	cr_assert_eq(harness_run(&c, argv, as), 1, "stderr: %s", c.err);
	cr_expect(strstr(c.err, "no permission to capture on lo") != NULL,
	    "%s", c.err);
	cr_expect(strstr(c.err, "sudo") != NULL, "%s", c.err);
	cr_expect(strstr(c.err, "make setcap") != NULL, "%s", c.err);
	cr_expect(strstr(c.err, "-r FILE") != NULL, "%s", c.err);
	cr_expect(strstr(c.err, "AddressSanitizer") == NULL, "%s", c.err);
	cr_expect_eq(c.out_len, 0);
}

/*
 * Started "through sudo" (SUDO_UID set), tcpviz becomes that user before
 * writing -w: a directory only root may write to refuses the file.
 */
Test(cli, drops_to_the_sudo_user_before_writing)
{
	static struct harness_child c;
	char path[64], dir[64], out[128];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-r", path, "-w", out, NULL,
	};

	if (geteuid() != 0)
		cr_skip_test("needs root to test dropping root");
	write_conversation(path, PKT_DLT_EN10MB);
	strcpy(dir, "/tmp/tcpviz-root-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));	/* mode 0700, owned by root */
	snprintf(out, sizeof(out), "%s/copy.pcap", dir);

	cr_expect_eq(harness_run(&c, argv, 0), 0, "as root: %s", c.err);
	cr_expect_eq(access(out, R_OK), 0, "root writes the copy");
	unlink(out);

	setenv("SUDO_UID", "65534", 1);
	setenv("SUDO_GID", "65534", 1);
	cr_expect_eq(harness_run(&c, argv, 0), 1, "as nobody: %s", c.err);
	cr_expect(strstr(c.err, "Permission denied") != NULL, "%s", c.err);
	cr_expect_neq(access(out, F_OK), 0);
	rmdir(dir);
	unlink(path);
}

/* --step only makes sense for a file; --auto takes its seconds. */
Test(cli, step_needs_a_file_and_auto_takes_seconds)
{
	static struct harness_child c;
	char *step[] = { (char *)harness_tcpviz(), "--step", NULL };
	char *bad[] = { (char *)harness_tcpviz(), "--demo", "--auto=soon",
		NULL };

	cr_expect_eq(harness_run(&c, step, 0), 2, "%s", c.err);
	cr_expect(strstr(c.err, "--step") != NULL &&
	    strstr(c.err, "-r FILE") != NULL, "%s", c.err);
	cr_expect_eq(harness_run(&c, bad, 0), 2, "%s", c.err);
	cr_expect(strstr(c.err, "--auto=soon") != NULL, "%s", c.err);
}
