/*
 * Lab 04 public tests. Each server runs in the worker, the process that
 * holds the student's code, while the test plays its clients
 * (tests/harness.c), and the test watches the server through the kernel:
 * the clients' own addresses, EOF on the wire, the worker's descriptors
 * and children in /proc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "echo.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "test/wire.h"
#include "tests/harness.h"

#define HANDOUT "handouts/04-accept.md"

/* Skips the server tests fast while the server is still the skeleton. */
static void
require_server(enum server_kind kind)
{
	int fds[2];
	int rc;

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
	errno = 0;
	/* A socketpair is no listener: a real server fails in accept(). */
	rc = kind == SERVER_ITERATIVE ? serve_iterative(fds[0], 1, -1) :
	    serve_forking(fds[0], 1, -1);
	LAB_REQUIRE_IMPLEMENTED(rc, kind == SERVER_ITERATIVE ?
	    "serve_iterative" : "serve_forking");
	close(fds[0]);
	close(fds[1]);
}

/* The server returned 0; otherwise names the likely cause. */
static void
expect_returned_ok(const struct server *s, const struct server_result *r)
{
	cr_assert(r->rc == 0, "%s returned %d with errno %s, expected 0 after "
	    "its clients: %s", s->name, r->rc, fixture_errno_name(r->err),
	    r->err == EINTR ? "a signal interrupted accept(); that is no "
	    "error: call accept() again on EINTR (see " HANDOUT "#signals)" :
	    r->err == ECONNRESET || r->err == ECONNABORTED || r->err == EPIPE ?
	    "one client's failed connection must end only that client, "
	    "never the server (see " HANDOUT "#aborted-connections)" :
	    "see " HANDOUT "#the-accept-loop");
}

LAB_TEST(accept, format_peer, 1,
    "echo_format_peer prints IPv4 as IP:port and IPv6 as [IP]:port")
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	char buf[ECHO_PEER_MAX];
	int rc;

	memset(&ss, 0, sizeof(ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(41234);
	inet_pton(AF_INET, "192.0.2.7", &sin->sin_addr);
	errno = 0;
	rc = echo_format_peer(&ss, buf, sizeof(buf));
	LAB_REQUIRE_IMPLEMENTED(rc, "echo_format_peer");
	/* 41234 is 0xa112; read with its bytes swapped it is 0x12a1. */
	cr_assert(rc == 0 && strcmp(buf, "192.0.2.7:41234") == 0,
	    "echo_format_peer(192.0.2.7 port 41234) gave %d and %s, "
	    "expected 0 and \"192.0.2.7:41234\"%s", rc, rc == 0 ?
	    fixture_text(buf, sizeof(buf)) : "nothing",
	    rc == 0 && strcmp(buf, "192.0.2.7:4769") == 0 ? ": the port's "
	    "bytes are swapped: convert sin_port with ntohs() before printing "
	    "it (see " HANDOUT "#logging-the-peer)" : " (see " HANDOUT
	    "#logging-the-peer)");
	memset(&ss, 0, sizeof(ss));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(443);
	sin6->sin6_addr = in6addr_loopback;
	rc = echo_format_peer(&ss, buf, sizeof(buf));
	cr_assert(rc == 0 && strcmp(buf, "[::1]:443") == 0, "echo_format_peer"
	    "(::1 port 443) gave %d (errno %s) and %s, expected 0 and "
	    "\"[::1]:443\" (see " HANDOUT "#logging-the-peer)", rc,
	    fixture_errno_name(errno), rc == 0 ? fixture_text(buf,
	    sizeof(buf)) : "nothing");
	errno = 0;
	rc = echo_format_peer(&ss, buf, 6);
	cr_assert(rc == -1 && errno == ENOSPC, "echo_format_peer into 6 bytes "
	    "gave %d with errno %s, expected -1 with ENOSPC: check "
	    "snprintf()'s result against the size (see " HANDOUT
	    "#logging-the-peer)", rc, fixture_errno_name(errno));
	ss.ss_family = AF_UNIX;
	errno = 0;
	rc = echo_format_peer(&ss, buf, sizeof(buf));
	cr_assert(rc == -1 && errno == EAFNOSUPPORT, "echo_format_peer of an "
	    "AF_UNIX address gave %d with errno %s, expected -1 with "
	    "EAFNOSUPPORT (see " HANDOUT "#logging-the-peer)", rc,
	    fixture_errno_name(errno));
}

LAB_TEST(accept, logs_real_peer, 2,
    "serve_iterative logs each client's real address and port")
{
	struct server s;
	struct server_result r;

	require_server(SERVER_ITERATIVE);
	server_start(&s, SERVER_ITERATIVE, AF_INET, 2);
	for (int i = 0; i < 2; i++) {
		int client = client_connect(&s);

		client_echo(client, "ping\n", 1000, "a client");
		server_expect_logged(&s, client);
		client_finish(client, 1000);
		close(client);
	}
	r = server_finish(&s, 1000, "");
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, logs_ipv6_peer, 1,
    "serve_iterative logs an IPv6 client as [IP]:port, whole")
{
	struct server s;
	struct server_result r;
	int client;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	require_server(SERVER_ITERATIVE);
	server_start(&s, SERVER_ITERATIVE, AF_INET6, 1);
	client = client_connect(&s);
	client_echo(client, "ping6\n", 1000, "an IPv6 client");
	server_expect_logged(&s, client);
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 1000, "");
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, closes_connfd, 1,
    "serve_iterative closes each connection: EOF, no descriptor left")
{
	struct server s;
	struct server_result r;

	require_server(SERVER_ITERATIVE);
	server_start(&s, SERVER_ITERATIVE, AF_INET, 2);
	for (int i = 1; i <= 2; i++) {
		int client = client_connect(&s);

		client_echo(client, "bye\n", 1000, "a client");
		LAB_ASSERT(client_finish(client, 1000) == 1, "client %d shut "
		    "down its side but saw no EOF from serve_iterative within "
		    "1 s: when read() returns 0 the client is done; close "
		    "connfd, or the connection stays open (see " HANDOUT
		    "#closing-the-connection)", i);
		close(client);
	}
	r = server_finish(&s, 1000, "");
	expect_returned_ok(&s, &r);
	cr_assert(r.fds_after == r.fds_before, "the server process had %d "
	    "descriptors open before serve_iterative and %d after its 2 "
	    "clients: close connfd after each client, or a long-running "
	    "server runs out of descriptors (see " HANDOUT
	    "#closing-the-connection)", r.fds_before, r.fds_after);
}

LAB_TEST(accept, echo_is_a_stream, 1,
    "the echo goes on until EOF: one read() is not one message")
{
	static const char *const parts[] = { "hel", "lo, ", "world\n" };
	struct server s;
	struct server_result r;
	int client;

	require_server(SERVER_ITERATIVE);
	server_start(&s, SERVER_ITERATIVE, AF_INET, 1);
	client = client_connect(&s);
	for (size_t i = 0; i < 3; i++) {
		char back[16];
		size_t len = strlen(parts[i]), got;
		int eof;

		client_send(client, parts[i], len);
		got = client_recv(client, back, len, 1000, &eof);
		LAB_ASSERT(got == len && memcmp(back, parts[i], len) == 0,
		    "the client sent \"hello, world\" in %zu pieces; piece %zu "
		    "(\"%s\") got %zu bytes back%s", sizeof(parts) /
		    sizeof(parts[0]), i + 1, parts[i], got, eof ?
		    " and then EOF: the server stopped after the first "
		    "read(); TCP has no message boundaries, so keep reading "
		    "and echoing until read() returns 0 (see " HANDOUT
		    "#the-echo-loop)" : " (see " HANDOUT "#the-echo-loop)");
	}
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 1000, "");
	expect_returned_ok(&s, &r);
}

/* The byte at offset i of the test payload. */
static unsigned char
pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 10));
}

#define PAYLOAD (512u * 1024u)

LAB_TEST_TIMED(accept, partial_writes, 1, 5.0,
    "512 KiB echo through a slow reader, with signals: no byte lost")
{
	static unsigned char out[PAYLOAD], in[PAYLOAD];
	struct server s;
	struct server_result r;
	size_t sent = 0, got = 0;
	long long deadline;
	int client, rcvbuf = 4096, eof = 0, signals = 0;

	require_server(SERVER_ITERATIVE);
	for (size_t i = 0; i < PAYLOAD; i++)
		out[i] = pattern(i);
	/* Small buffers on both sides: the server's write() blocks half
	 * done, and a signal then makes it return a short count. */
	server_prepare(&s, SERVER_ITERATIVE, AF_INET, 4096);
	server_run(&s, 1);
	client = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(client >= 0);
	cr_assert(setsockopt(client, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof(rcvbuf)) == 0);
	cr_assert(connect(client, (struct sockaddr *)&s.addr,
	    sizeof(struct sockaddr_in)) == 0);
	cr_assert(fcntl(client, F_SETFL, O_NONBLOCK) == 0);
	deadline = harness_now_ms() + 3000;
	while (!eof && got < PAYLOAD && harness_now_ms() < deadline) {
		struct pollfd pfd = { client, POLLIN, 0 };
		ssize_t n;

		if (sent < PAYLOAD) {
			n = write(client, out + sent, PAYLOAD - sent);
			if (n > 0)
				sent += (size_t)n;
			if (sent == PAYLOAD)
				shutdown(client, SHUT_WR);
		}
		/* Slow reader: while the server is stuck in a system call
		 * (most often write() on a full buffer), interrupt it. */
		if (server_wait_sleeping(&s, 20)) {
			kill(s.pid, SIGUSR1);
			signals++;
		}
		poll(&pfd, 1, 10);
		n = read(client, in + got, 2048 < PAYLOAD - got ? 2048 :
		    PAYLOAD - got);
		if (n > 0)
			got += (size_t)n;
		else if (n == 0 || (errno != EAGAIN && errno != EINTR))
			eof = 1;
	}
	if (got < PAYLOAD && sent == PAYLOAD && !eof) {
		/* Drain what is left; the server has no more signals. */
		cr_assert(fcntl(client, F_SETFL, 0) == 0);
		got += client_recv(client, in + got, PAYLOAD - got, 1000, &eof);
	}
	close(client);
	r = server_finish(&s, 1000, "");
	{
		size_t diff = 0;

		while (diff < got && in[diff] == out[diff])
			diff++;
		cr_assert(got == PAYLOAD && diff == PAYLOAD, "sent %zu bytes, "
		    "got %zu back (equal up to byte %zu), with %d signals "
		    "interrupting the server: write() may write fewer bytes "
		    "than asked (a signal, a full buffer) and read()/write() "
		    "may fail with EINTR: loop until every byte is written "
		    "and retry on EINTR (see " HANDOUT "#partial-writes)",
		    sent, got, diff, signals);
	}
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, signal_in_accept, 1,
    "a signal while serve_iterative waits in accept() does not stop it")
{
	struct server s;
	struct server_result r;
	int client;

	require_server(SERVER_ITERATIVE);
	server_start(&s, SERVER_ITERATIVE, AF_INET, 1);
	for (int i = 0; i < 3; i++) {
		if (!server_wait_in_accept(&s, 1000))
			break; /* it returned: the result says why */
		kill(s.pid, SIGUSR1);
	}
	if (!server_returned(&s)) {
		client = client_connect(&s);
		client_echo(client, "still there?\n", 1000, "a client");
		client_finish(client, 1000);
		close(client);
	}
	r = server_finish(&s, 1000, "");
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, reset_before_accept, 1,
    "a client that resets before it is accepted does not stop the server")
{
	struct server s;
	struct server_result r;
	int early, client;

	require_server(SERVER_ITERATIVE);
	server_prepare(&s, SERVER_ITERATIVE, AF_INET, 0);
	/* Connected (the kernel did the handshake), then reset, all before
	 * the server calls accept(). */
	early = client_connect(&s);
	client_reset(early);
	server_run(&s, 2);
	if (server_wait_in_accept(&s, 1000)) {
		client = client_connect(&s);
		client_echo(client, "after the reset\n", 1000, "the next client");
		client_finish(client, 1000);
		close(client);
	}
	r = server_finish(&s, 1000, "");
	cr_assert(r.rc == 0, "serve_iterative returned %d with errno %s after "
	    "a client reset its connection before being accepted: on Linux "
	    "accept() still returns that connection and read() then fails "
	    "with ECONNRESET (BSD fails accept() with ECONNABORTED); either "
	    "way one client's error must end only that client (see " HANDOUT
	    "#aborted-connections)", r.rc, fixture_errno_name(r.err));
}

LAB_TEST(accept, slow_client_blocks_nobody, 2,
    "serve_forking echoes to a second client while the first is idle")
{
	struct server s;
	struct server_result r;
	char back[16];
	size_t got;
	int idle, busy, eof;

	require_server(SERVER_FORKING);
	server_start(&s, SERVER_FORKING, AF_INET, 2);
	idle = client_connect(&s);
	busy = client_connect(&s);
	client_send(busy, "hello\n", 6);
	got = client_recv(busy, back, 6, 1000, &eof);
	if (got != 6)
		server_kill(&s);
	cr_assert(got == 6 && memcmp(back, "hello\n", 6) == 0, "a second "
	    "client got %zu of 6 bytes back within 1 s while the first "
	    "client was connected but silent: serve_forking serves one "
	    "client at a time; fork() a child for each client and let the "
	    "parent go straight back to accept() (see " HANDOUT
	    "#concurrent-servers)", got);
	client_echo(idle, "late\n", 1000, "the first client");
	client_finish(busy, 1000);
	client_finish(idle, 1000);
	close(busy);
	close(idle);
	r = server_finish(&s, 2000, "");
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, parent_closes_connfd, 1,
    "serve_forking: the client sees EOF, the parent keeps no connfd")
{
	struct server s;
	struct server_result r;
	int client, eof;

	require_server(SERVER_FORKING);
	server_start(&s, SERVER_FORKING, AF_INET, 2);
	client = client_connect(&s);
	client_echo(client, "one\n", 1000, "a client");
	eof = client_finish(client, 1000);
	close(client);
	if (eof != 1)
		server_kill(&s);
	cr_assert(eof == 1, "the client shut down its side and its child "
	    "finished, but the client saw no EOF within 1 s: the parent "
	    "still holds connfd; after fork() both processes hold the "
	    "connection and it closes only when both have closed it; close "
	    "connfd in the parent right after fork() (see " HANDOUT
	    "#descriptors-after-fork)");
	client = client_connect(&s);
	client_echo(client, "two\n", 1000, "a client");
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 2000, "");
	expect_returned_ok(&s, &r);
	cr_assert(r.fds_after == r.fds_before, "the server process had %d "
	    "descriptors before serve_forking and %d after 2 clients: the "
	    "parent must close connfd (see " HANDOUT
	    "#descriptors-after-fork)", r.fds_before, r.fds_after);
}

LAB_TEST(accept, child_closes_listenfd, 1,
    "serve_forking: the child serving a client closes the listening socket")
{
	struct server s;
	struct server_result r;
	int children[4];
	int client, n, holds;

	require_server(SERVER_FORKING);
	server_start(&s, SERVER_FORKING, AF_INET, 1);
	client = client_connect(&s);
	/* Once the echo is back, the child is at work. */
	client_echo(client, "who holds what?\n", 1000, "a client");
	n = kernel_children(s.proc, children, 4);
	if (n != 1)
		server_kill(&s);
	cr_assert(n == 1, "while serving one client, the server has %d child "
	    "processes, expected 1: fork() once per client (see " HANDOUT
	    "#concurrent-servers)", n);
	/* Looked at once: killing the server ends its children too. */
	holds = kernel_holds_socket(children[0], s.listen_inode);
	if (holds)
		server_kill(&s);
	cr_assert(!holds, "the child serving a client still holds the "
	    "listening socket (its /proc/PID/fd lists socket:[%lu]): the "
	    "child never accepts, so close listenfd in the child right after "
	    "fork(); otherwise the port stays open as long as any child "
	    "lives (see " HANDOUT "#descriptors-after-fork)", s.listen_inode);
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 2000, "");
	expect_returned_ok(&s, &r);
}

LAB_TEST(accept, no_zombies, 2,
    "serve_forking reaps every child that exits (no zombies)")
{
	struct server s;
	struct server_result r;
	long long deadline;
	int client, children, zombies;

	require_server(SERVER_FORKING);
	server_start(&s, SERVER_FORKING, AF_INET, 2);
	client = client_connect(&s);
	client_echo(client, "first\n", 1000, "a client");
	client_finish(client, 1000);
	close(client);
	/* The child exits once its client is gone; the server, waiting for
	 * its next client, must reap it. Another process's reaping shows only
	 * in /proc, so it is sampled every millisecond up to a deadline. */
	deadline = harness_now_ms() + 1000;
	for (;;) {
		struct timespec pause = { 0, 1000000 };

		children = kernel_children(s.proc, NULL, 0);
		zombies = kernel_zombie_children(s.proc);
		if (children == 0 || harness_now_ms() >= deadline)
			break;
		nanosleep(&pause, NULL);
	}
	if (zombies > 0)
		server_kill(&s);
	cr_assert(zombies == 0, "%d child process(es) of serve_forking stayed "
	    "zombies (state Z in /proc) after their client left: a child "
	    "that exits stays in the process table until its parent calls "
	    "waitpid(); install a SIGCHLD handler that calls waitpid(-1, "
	    "NULL, WNOHANG) in a loop (see " HANDOUT "#zombies)", zombies);
	client = client_connect(&s);
	client_echo(client, "second\n", 1000, "the next client");
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 2000, "");
	expect_returned_ok(&s, &r);
}
