/*
 * Live capture on loopback, in a private network namespace so the ports
 * are ours alone. Needs root (or CAP_SYS_ADMIN + CAP_NET_RAW): skipped
 * with the reason otherwise. Readiness comes from tcpviz's "listening on"
 * line on stderr, never from sleeping.
 */
#define _GNU_SOURCE	/* unshare, CLONE_NEWNET */

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture.h"
#include "harness.h"

#define T_TIMEOUT 20.0

/* A listener on 127.0.0.1, port chosen by the kernel. Returns the fd. */
static int
listen_any_port(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_neq(fd, -1);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fd, 8), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Connects to 127.0.0.1:port. Returns the fd, or -1 with errno set. */
static int
connect_to(uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_neq(fd, -1);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Starts tcpviz and waits until it captures; skips without permission. */
static void
start_tcpviz(struct harness_child *c, char *const argv[])
{
	cr_assert_eq(harness_start(c, argv, 0), 0);
	if (!harness_wait_stderr(c, "listening on")) {
		int status = harness_finish(c);

		if (strstr(c->err, "no permission") != NULL)
			cr_skip_test("capture not permitted here: %s", c->err);
		cr_assert_fail("tcpviz did not start (status %d): %s", status,
		    c->err);
	}
}

/*
 * Acceptance: `tcpviz --text -c 3 -p P` while a client connects prints
 * exactly SYN, SYN-ACK, ACK with handshake 1/3..3/3 and seq/ack 0/-, 0/1,
 * 1/1.
 */
Test(live, handshake_three_lines, .timeout = T_TIMEOUT)
{
	static struct harness_child c;
	char port_text[16], line[512];
	uint16_t port;
	int lfd, cfd, afd, status;
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-c", "3", "-p", port_text,
		NULL,
	};

	harness_private_loopback();
	lfd = listen_any_port(&port);
	snprintf(port_text, sizeof(port_text), "%u", (unsigned)port);
	start_tcpviz(&c, argv);

	cfd = connect_to(port);
	cr_assert_neq(cfd, -1, "connect: %s", strerror(errno));
	afd = accept(lfd, NULL, NULL);
	cr_assert_neq(afd, -1);
	status = harness_finish(&c);	/* -c 3: it ends by itself */
	cr_expect_eq(status, 0, "stderr: %s", c.err);
	cr_assert_eq(harness_count_lines(c.out), 3, "output:\n%s", c.out);

	harness_line(c.out, 0, line, sizeof(line));
	cr_expect(strstr(line, " SYN seq=0 win=") != NULL, "%s", line);
	cr_expect(strstr(line, "ack=") == NULL, "%s", line);
	cr_expect(strstr(line, "[handshake 1/3]") != NULL, "%s", line);
	cr_expect(strstr(line, " mss=") != NULL, "%s", line);
	harness_line(c.out, 1, line, sizeof(line));
	cr_expect(strstr(line, " SYN-ACK seq=0 ack=1 ") != NULL, "%s", line);
	cr_expect(strstr(line, "[handshake 2/3]") != NULL, "%s", line);
	harness_line(c.out, 2, line, sizeof(line));
	cr_expect(strstr(line, " ACK seq=1 ack=1 ") != NULL, "%s", line);
	cr_expect(strstr(line, "[handshake 3/3]") != NULL, "%s", line);
	cr_expect(strstr(c.err, "dropped by kernel") != NULL, "%s", c.err);
	close(afd);
	close(cfd);
	close(lfd);
}

/* Acceptance: a connect to a closed port: SYN, then RST-ACK and the note. */
Test(live, closed_port_rst, .timeout = T_TIMEOUT)
{
	static struct harness_child c;
	char line[512];
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-c", "2", "-p", "8080",
		NULL,
	};

	harness_private_loopback();	/* nothing listens on 8080 in here */
	start_tcpviz(&c, argv);
	cr_assert_eq(connect_to(8080), -1);
	cr_expect_eq(errno, ECONNREFUSED);
	cr_expect_eq(harness_finish(&c), 0, "stderr: %s", c.err);
	cr_assert_eq(harness_count_lines(c.out), 2, "output:\n%s", c.out);
	harness_line(c.out, 0, line, sizeof(line));
	cr_expect(strstr(line, "> 127.0.0.1:8080 SYN seq=0 ") != NULL, "%s",
	    line);
	harness_line(c.out, 1, line, sizeof(line));
	cr_expect(strstr(line, "127.0.0.1:8080 > ") != NULL, "%s", line);
	cr_expect(strstr(line, " RST-ACK seq=1 ack=1 ") != NULL, "%s", line);
	cr_expect(strstr(line, "[RST: nobody listening on 8080]") != NULL,
	    "%s", line);
}

/* IPv6 on loopback, and -w saving what was shown. */
Test(live, ipv6_and_write_file, .timeout = T_TIMEOUT)
{
	static struct harness_child c, r;
	struct sockaddr_in6 sa;
	char path[] = "/tmp/tcpviz-live-XXXXXX";
	char *argv[] = {
		(char *)harness_tcpviz(), "--text", "-c", "3", "-w", path,
		"ip6", "and", "tcp", NULL,
	};
	char *replay[] = {
		(char *)harness_tcpviz(), "--text", "-r", path, NULL,
	};
	int lfd, cfd, fd;

	harness_private_loopback();
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	close(fd);
	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	cr_assert_neq(lfd, -1);
	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	sa.sin6_addr = in6addr_loopback;
	sa.sin6_port = htons(8080);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		cr_skip_test("no IPv6 on loopback here: %s", strerror(errno));
	cr_assert_eq(listen(lfd, 4), 0);
	start_tcpviz(&c, argv);
	cfd = socket(AF_INET6, SOCK_STREAM, 0);
	cr_assert_eq(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_expect_eq(harness_finish(&c), 0, "stderr: %s", c.err);
	cr_expect_eq(harness_count_lines(c.out), 3, "%s", c.out);
	cr_expect(strstr(c.out, "[::1]:8080 SYN seq=0") != NULL, "%s", c.out);

	cr_expect_eq(harness_run(&r, replay, 0), 0, "%s", r.err);
	cr_expect_str_eq(r.out, c.out, "the file holds what was shown");
	close(cfd);
	close(lfd);
	unlink(path);
}

/*
 * On loopback each segment passes the capture point twice (out and in);
 * the counters (and so the drops the status bar shows) count it once:
 * 40 refused connects are 80 segments received, not 160.
 */
Test(live, loopback_counts_each_segment_once, .timeout = T_TIMEOUT)
{
	struct capture_config cfg = { .device = "lo", .filter = "tcp" };
	struct capture_stats st;
	struct capture *cap;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char err[512];
	int rc, fd, i;

	harness_private_loopback();
	rc = capture_open(&cap, &cfg, err, sizeof(err));
	if (rc == CAPTURE_ERR_PERM)
		cr_skip_test("capture not permitted here: %s", err);
	cr_assert_eq(rc, 0, "%s", err);
	/* A port nobody listens on: bound, never listening. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	for (i = 0; i < 40; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);

		cr_assert_eq(connect(c, (struct sockaddr *)&sa, sizeof(sa)), -1);
		cr_assert_eq(errno, ECONNREFUSED);
		close(c);
	}
	close(fd);
	cr_assert_eq(capture_get_stats(cap, &st), 0);
	cr_expect_eq(st.received, 80, "SYN and RST of 40 connects: %lu "
	    "received", st.received);
	capture_close(cap);
}
