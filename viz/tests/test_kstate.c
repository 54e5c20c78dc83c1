/*
 * The kernel view's parsing (a /proc/net/tcp sample), a live sock_diag
 * query in a private network namespace, and the demo's sidecar file.
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

#include "annot.h"
#include "harness.h"
#include "kstate.h"

/* Lines from /proc/net/tcp and /proc/net/tcp6 on x86-64 Linux. */
static const char heading[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n";
static const char listener[] =
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000002 00:00000000 "
    "00000000     0        0 41232 1 0000000000000000 100 0 0 10 0\n";
static const char established[] =
    "   1: 0100007F:AB9A 0100007F:1F90 01 00000000:00000000 00:00000000 "
    "00000000     0        0 41240 1 0000000000000000 20 4 30 10 -1\n";
static const char time_wait[] =
    "   2: 0100007F:AB9B 0100007F:1F90 06 00000000:00000000 03:00001700 "
    "00000000     0        0 0 3 0000000000000000\n";
static const char ipv6_listener[] =
    "   0: 00000000000000000000000001000000:1F90 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 41300 1 0000000000000000 100 0 0 "
    "10 0\n";

/* The kernel prints addresses in host order: the sample is little-endian. */
static void
little_endian_only(void)
{
	uint32_t one = 1;

	if (*(uint8_t *)&one != 1)
		cr_skip_test("the /proc sample was taken on a little-endian "
		    "machine");
}

Test(kstate, proc_lines_parse, .timeout = 10)
{
	struct kstate_sock s;

	little_endian_only();
	cr_expect_eq(kstate_parse_proc_line(heading, 4, &s), -1);
	cr_assert_eq(kstate_parse_proc_line(listener, 4, &s), 0);
	cr_expect_eq(s.local.family, 4);
	cr_expect(memcmp(s.local.addr, "\x7f\0\0\x01", 4) == 0,
	    "127.0.0.1 expected");
	cr_expect_eq(s.local.port, 8080);
	cr_expect_eq(s.state, KSTATE_LISTEN);
	cr_expect_eq(s.rqueue, 2, "a listener's rx_queue is its accept queue");
	cr_expect_str_eq(kstate_state_name(s.state), "LISTEN");

	cr_assert_eq(kstate_parse_proc_line(established, 4, &s), 0);
	cr_expect_eq(s.local.port, 43930);
	cr_expect_eq(s.remote.port, 8080);
	cr_expect_str_eq(kstate_state_name(s.state), "ESTABLISHED");
	cr_assert_eq(kstate_parse_proc_line(time_wait, 4, &s), 0);
	cr_expect_str_eq(kstate_state_name(s.state), "TIME_WAIT");
	/* Its timer (tr 3) in clock ticks: 0x1700 of them left. */
	cr_expect_eq(s.expires_ms,
	    (uint32_t)(0x1700UL * 1000 / (unsigned long)sysconf(_SC_CLK_TCK)));

	cr_assert_eq(kstate_parse_proc_line(ipv6_listener, 6, &s), 0);
	cr_expect_eq(s.local.family, 6);
	cr_expect(memcmp(s.local.addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01",
	    16) == 0, "::1 expected");
	cr_expect_eq(s.local.port, 8080);
}

Test(kstate, bad_lines_are_refused, .timeout = 10)
{
	struct kstate_sock s;

	cr_expect_eq(kstate_parse_proc_line("", 4, &s), -1);
	cr_expect_eq(kstate_parse_proc_line("   0: 0100007F 00000000:0000 0A "
	    "0:0\n", 4, &s), -1);
	cr_expect_eq(kstate_parse_proc_line("   0: XX00007F:1F90 "
	    "00000000:0000 0A 00000000:00000000\n", 4, &s), -1);
	cr_expect_str_eq(kstate_state_name(99), "?");
}

/* The listener's accept queue grows with a connect and shrinks at accept. */
Test(kstate, accept_queue_moves, .timeout = 10)
{
	struct sockaddr_in sa;
	struct kstate_list k;
	socklen_t len = sizeof(sa);
	int lfd, cfd, afd, established = 0;
	uint16_t sport, cport;
	size_t i;

	harness_private_loopback();
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 5), 0);
	cr_assert_eq(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	sport = ntohs(sa.sin_port);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_eq(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	len = sizeof(sa);
	cr_assert_eq(getsockname(cfd, (struct sockaddr *)&sa, &len), 0);
	cport = ntohs(sa.sin_port);

	cr_assert_eq(kstate_query(&k, sport, cport), 0, "%s",
	    strerror(errno));
	cr_expect_eq(k.source, KSTATE_NETLINK);
	cr_assert_eq(k.n, 3, "the listener and both ends: %zu", k.n);
	for (i = 0; i < k.n; i++)
		if (k.sock[i].state == KSTATE_LISTEN) {
			cr_expect_eq(k.sock[i].rqueue, 1, "one to accept");
			cr_expect_eq(k.sock[i].wqueue, 5, "the backlog");
		}
	afd = accept(lfd, NULL, NULL);
	cr_assert_neq(afd, -1);
	cr_assert_eq(kstate_query(&k, sport, cport), 0);
	for (i = 0; i < k.n; i++) {
		if (k.sock[i].state == KSTATE_LISTEN)
			cr_expect_eq(k.sock[i].rqueue, 0, "accepted");
		established += k.sock[i].state == KSTATE_ESTABLISHED;
	}
	cr_expect_eq(established, 2);
	close(afd);
	close(cfd);
	close(lfd);
}

Test(annot, sidecar_round_trip, .timeout = 10)
{
	struct annot_list a, b;
	struct demo_step st;
	char path[] = "/tmp/tcpviz-steps-XXXXXX", side[64];
	int fd = mkstemp(path);

	cr_assert_neq(fd, -1);
	close(fd);
	annot_init(&a);
	annot_init(&b);
	cr_assert_eq(demo_describe(6, &st), 1);
	snprintf(st.result, sizeof(st.result), "returned 0");
	cr_assert_eq(annot_add(&a, 2, &st), 0);
	cr_assert_eq(demo_describe(7, &st), 1);
	snprintf(st.result, sizeof(st.result), "returned 5");
	cr_assert_eq(annot_add(&a, 5, &st), 0);
	cr_assert_eq(annot_save(&a, path), 0);
	cr_assert_eq(annot_load(&b, path), 0, "%s", strerror(errno));
	cr_assert_eq(b.n, 2);
	cr_expect_eq(b.v[0].after_frame, 2);
	cr_expect_eq(b.v[0].side, DEMO_CLIENT);
	cr_expect_str_eq(b.v[0].call, "connect()");
	cr_expect_str_eq(b.v[1].call, "accept()");
	cr_expect_eq(b.v[1].side, DEMO_SERVER);
	cr_expect_str_eq(b.v[1].result, "returned 5");
	cr_expect_str_eq(b.v[1].expect, a.v[1].expect);
	unlink(path);
	cr_expect_eq(annot_load(&b, "/nonexistent/x.steps"), -1);

	cr_assert_eq(annot_sidecar_path("viz/demo/handshake.pcap", side,
	    sizeof(side)), 0);
	cr_expect_str_eq(side, "viz/demo/handshake.steps");
	cr_assert_eq(annot_sidecar_path("a.b/cap", side, sizeof(side)), 0);
	cr_expect_str_eq(side, "a.b/cap.steps");
	annot_free(&a);
	annot_free(&b);
}
