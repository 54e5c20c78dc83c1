/*
 * Lab 08 public tests. The test makes each connection, lends one end to
 * the code under test and plays the peer on the other end; what the code
 * did is read on the wire (EOF, RST, every byte of a large transfer) and
 * in the kernel's socket table (who holds TIME_WAIT).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "closing.h"
#include "rpc/proxy.h"
#include "test/chaos.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "tests/calls.h"
#include "tests/peer.h"

#define HANDOUT "handouts/08-shutdown.md"

/*
 * Starts call c, which was lent fd, and closes the test's own copy of
 * fd: from now on the code under test holds the only reference, so its
 * close() is the real one (a FIN, or a RST) as in a program of its own.
 */
static void
start_holding_alone(struct rpc_call *c, int fd)
{
	rpc_call_start(c);
	close(fd);
}

/*
 * Closes the test's copy of fd, lent to the code under test, unless the
 * code closed it (the proxy then closed ours, and the number may be
 * another file's now): inode is the socket's, taken before the call.
 */
static void
close_if_still(int fd, unsigned long inode)
{
	if (kernel_socket_inode(fd) == inode)
		close(fd);
}

/* Fails fast, with the skeleton's hint, while c returned ENOSYS. */
static void
require_implemented(const struct rpc_call *c, const char *name)
{
	errno = c->err;
	LAB_REQUIRE_IMPLEMENTED(c->ret, name);
}

LAB_TEST(exchange, half_closes, 2,
    "exchange sends its request, half-closes, and reads the whole reply")
{
	enum { REQ = 1000, REPLY = 100 * 1024 };
	char *req = malloc(REQ), *got = malloc(REQ + 1);
	char *reply = malloc(REPLY), *back = malloc(REPLY + 16);
	struct peer_read r;
	struct rpc_call c;
	int test_end, code_end;

	cr_assert(req && got && reply && back);
	peer_pattern(req, REQ, 1);
	peer_pattern(reply, REPLY, 2);
	peer_pair(&test_end, &code_end, 0, 0);
	rpc_worker_current();
	peer_require_exchange();
	exchange_call_begin(&c, code_end, req, REQ, back, REPLY + 16);
	start_holding_alone(&c, code_end);
	/* The peer waits for the request's end, as `nc -N`'s server does. */
	r = peer_read(test_end, got, REQ + 1, 1000);
	if (rpc_call_wait(&c, 0))
		require_implemented(&c, "exchange");
	cr_assert(r.got == REQ && peer_mismatch(got, REQ, 1) == REQ,
	    "the peer received %zu of the %d request bytes (or other "
	    "bytes): send all of the request before anything else (see "
	    HANDOUT "#your-task)", r.got, REQ);
	cr_assert(r.eof, "the peer received the %d-byte request, but no EOF "
	    "within 1 s: it cannot know the request is complete; after "
	    "sending it, half-close with shutdown(fd, SHUT_WR) (see " HANDOUT
	    "#half-close)", REQ);
	peer_write(test_end, reply, REPLY);
	close(test_end);
	cr_assert(rpc_call_wait(&c, 2000), "exchange did not return within "
	    "2 s after the peer sent its reply and closed (see " HANDOUT
	    "#reading-until-eof)");
	cr_assert(c.ret == REPLY, "exchange returned %lld (errno %s), expected "
	    "%d, the length of the reply: %s", c.ret, fixture_errno_name(c.err),
	    REPLY, c.ret == -1 && (c.err == EBADF || c.err == ENOTCONN) ?
	    "the socket was gone when the reply came; close() ends both "
	    "directions, shutdown(fd, SHUT_WR) only the sending one (see "
	    HANDOUT "#half-close)" : c.ret >= 0 && c.ret < REPLY ? "read "
	    "until read() returns 0, not once (see " HANDOUT
	    "#reading-until-eof)" : "see " HANDOUT "#reading-until-eof");
	cr_assert(peer_mismatch(back, REPLY, 2) == REPLY, "exchange's reply "
	    "differs from what the peer sent at byte %zu (see " HANDOUT
	    "#reading-until-eof)", peer_mismatch(back, REPLY, 2));
	free(req);
	free(got);
	free(reply);
	free(back);
}

LAB_TEST(exchange, reads_until_eof, 2,
    "exchange reads a reply that comes one byte at a time until EOF")
{
	struct chaos_options opt = { .mode = CHAOS_DRIBBLE };
	struct chaos_relay *relay;
	char reply[300], back[400], got[16];
	struct peer_read r;
	struct rpc_call c;
	unsigned long inode;
	int test_fd, code_fd;

	peer_pattern(reply, sizeof(reply), 5);
	/* The worker first: the relay's time limit runs from its start. */
	peer_require_exchange();
	cr_assert(chaos_pair(&opt, &relay, &test_fd, &code_fd) == 0,
	    "test set-up: chaos relay: %s", strerror(errno));
	exchange_call_begin(&c, code_fd, "ping", 4, back, sizeof(back));
	/* The test keeps its copy: the relay watches code_fd's receive
	 * queue by its number to pass one byte at a time. */
	inode = kernel_socket_inode(code_fd);
	rpc_call_start(&c);
	r = peer_read(test_fd, got, sizeof(got), 1000);
	if (rpc_call_wait(&c, 0))
		require_implemented(&c, "exchange");
	cr_assert(r.got == 4 && r.eof, "the peer received %zu bytes%s of "
	    "the 4-byte request \"ping\": send it all, then shutdown(fd, "
	    "SHUT_WR) (see " HANDOUT "#half-close) (%s)", r.got, r.eof ?
	    " and EOF" : " and no EOF", chaos_describe(relay));
	peer_write(test_fd, reply, sizeof(reply));
	close(test_fd);
	cr_assert(rpc_call_wait(&c, 2000), "exchange did not return within 2 "
	    "s after the reply and the peer's close (%s)",
	    chaos_describe(relay));
	cr_assert(c.ret == (long long)sizeof(reply) &&
	    peer_mismatch(back, sizeof(reply), 5) == sizeof(reply),
	    "exchange returned %lld (errno %s), expected %zu: the reply came "
	    "one byte per read(); one read() is not one reply, so keep "
	    "reading until read() returns 0 (see " HANDOUT
	    "#reading-until-eof) (%s)", c.ret, fixture_errno_name(c.err),
	    sizeof(reply), chaos_describe(relay));
	close_if_still(code_fd, inode);
	chaos_stop(relay);
}

LAB_TEST(server, answers_after_eof, 2,
    "serve_after_eof answers after the request's EOF; the client keeps "
    "TIME_WAIT")
{
	enum { REQ = 40000 };
	char *req = malloc(REQ), *back = malloc(REQ + 1);
	struct peer_read r;
	struct rpc_call c;
	int test_end, code_end, pid;
	uint16_t test_port, code_port;
	unsigned queue;
	long long deadline;

	cr_assert(req && back);
	peer_pattern(req, REQ, 7);
	peer_pair(&test_end, &code_end, 0, 0);
	test_port = peer_local_port(test_end);
	code_port = peer_local_port(code_end);
	pid = (int)rpc_worker_pid(rpc_worker_current());
	serve_after_eof_call_begin(&c, code_end, 64 * 1024);
	rpc_call_start(&c);
	/*
	 * In two parts, the second only once the server has read the first
	 * (the kernel shows its receive queue empty) and waits again: the
	 * request ends at EOF, not where a read() ends.
	 */
	peer_write(test_end, req, REQ / 2);
	deadline = peer_now_ms() + 1000;
	while (kernel_tcp_state_of_fd(code_end, &queue) > 0 && queue > 0) {
		if (rpc_call_wait(&c, 0))
			require_implemented(&c, "serve_after_eof");
		cr_assert(peer_now_ms() < deadline, "serve_after_eof did not "
		    "read the request within 1 s");
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	kernel_wait_sleeping(pid, 1000);
	cr_assert(!rpc_call_wait(&c, 0), "serve_after_eof returned %lld "
	    "after the first %d bytes of the request, before the client's "
	    "EOF: read the request until read() returns 0, then answer (see "
	    HANDOUT "#reading-until-eof)", c.ret, REQ / 2);
	close(code_end);
	peer_write(test_end, req + REQ / 2, REQ - REQ / 2);
	cr_assert(shutdown(test_end, SHUT_WR) == 0);
	cr_assert(rpc_call_wait(&c, 2000), "serve_after_eof did not return "
	    "within 2 s after the client's request and EOF (see " HANDOUT
	    "#reading-until-eof)");
	require_implemented(&c, "serve_after_eof");
	r = peer_read(test_end, back, REQ + 1, 1000);
	cr_assert(c.ret == REQ && r.got == REQ &&
	    peer_mismatch(back, REQ, 7) == REQ, "serve_after_eof returned "
	    "%lld (errno %s) and the client got %zu bytes back, expected %d "
	    "and all of them: read the request until read() returns 0, then "
	    "answer (see " HANDOUT "#reading-until-eof)", c.ret,
	    fixture_errno_name(c.err), r.got, REQ);
	cr_assert(r.eof && r.err == 0, "after the answer the client saw %s, "
	    "expected EOF: close the connection once the answer is sent (see "
	    HANDOUT "#half-close)", r.err ? fixture_errno_name(r.err) :
	    "nothing within 1 s");
	close(test_end);
	/* The client's FIN went first: its end waits, the server's not. */
	cr_assert(kernel_wait_port_state(test_port, KERNEL_TCP_TIME_WAIT,
	    1000) == 1, "the client, which closed first, is not in TIME_WAIT "
	    "(see " HANDOUT "#time-wait)");
	cr_assert(kernel_tcp_count_port(code_port, KERNEL_TCP_TIME_WAIT) == 0,
	    "the server's end is in TIME_WAIT, but the client closed first: "
	    "did the server close before reading the client's EOF? (see "
	    HANDOUT "#time-wait)");
	free(req);
	free(back);
}

/*
 * Makes the peer of fd, which has closed, answer with a RST (a byte sent
 * to a closed socket), and waits until fd's kernel socket has taken it.
 * The pending error is read away, so the next send() on fd meets only a
 * connection that is gone: EPIPE, and SIGPIPE unless MSG_NOSIGNAL.
 */
static void
reset_by_peer(int fd)
{
	long long deadline = peer_now_ms() + 1000;
	int soerr;
	socklen_t len = sizeof(soerr);

	cr_assert(send(fd, "x", 1, MSG_NOSIGNAL) == 1);
	/* /proc/net/tcp stops listing the socket once the RST closed it;
	 * nothing announces that, so look every millisecond, for 1 s. */
	while (kernel_tcp_state_of_fd(fd, NULL) != KERNEL_TCP_NONE) {
		cr_assert(peer_now_ms() < deadline, "test set-up: no RST from "
		    "the closed peer");
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	cr_assert(getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0);
}

LAB_TEST(sigpipe, no_signal, 2,
    "send_all_nosignal to a closed peer: EPIPE or ECONNRESET, no SIGPIPE")
{
	enum { LEN = 256 * 1024 };
	char *buf = malloc(LEN);
	int test_end, code_end;
	ssize_t n;

	cr_assert(buf != NULL);
	peer_pattern(buf, LEN, 9);
	peer_pair(&test_end, &code_end, 0, 0);
	/* SIGPIPE as a program has it by default: it kills. */
	rpc_worker_default_signal(SIGPIPE);
	close(test_end);
	reset_by_peer(code_end);
	errno = 0;
	n = send_all_nosignal(code_end, buf, LEN);
	LAB_REQUIRE_IMPLEMENTED(n, "send_all_nosignal");
	cr_assert(n == -1 && (errno == EPIPE || errno == ECONNRESET),
	    "send_all_nosignal of %d bytes to a peer that has closed returned "
	    "%zd with errno %s, expected -1 with EPIPE (or ECONNRESET): the "
	    "peer has reset the connection, so send() fails; return its "
	    "error (see " HANDOUT "#sigpipe)", LEN, n,
	    fixture_errno_name(errno));
	close(code_end);
	free(buf);
}

LAB_TEST(abort, sends_rst, 2,
    "abort_connection resets the connection and leaves no TIME_WAIT")
{
	struct peer_read r;
	struct rpc_call c;
	char byte;
	int test_end, code_end;
	uint16_t code_port;

	peer_pair(&test_end, &code_end, 0, 0);
	code_port = peer_local_port(code_end);
	rpc_worker_current();
	rpc_call_begin(&c, "abort_connection", CALL_ABORT_CONNECTION);
	rpc_put_fd(&c, code_end);
	start_holding_alone(&c, code_end);
	cr_assert(rpc_call_wait(&c, 1000), "abort_connection did not return "
	    "within 1 s");
	require_implemented(&c, "abort_connection");
	cr_assert(c.ret == 0, "abort_connection returned %lld with errno %s",
	    c.ret, fixture_errno_name(c.err));
	r = peer_read(test_end, &byte, 1, 1000);
	cr_assert(r.err == ECONNRESET, "the peer's read() gave %s, expected "
	    "ECONNRESET: %s (see " HANDOUT "#abort)", r.err ?
	    fixture_errno_name(r.err) : r.eof ? "EOF" : "nothing within 1 s",
	    r.eof ? "a FIN came, not a RST; set SO_LINGER with l_onoff 1 and "
	    "l_linger 0 before close()" : "close the descriptor after "
	    "setting SO_LINGER");
	cr_assert(kernel_tcp_count_port(code_port, KERNEL_TCP_TIME_WAIT) == 0,
	    "the aborted end is in TIME_WAIT: a RST ends the connection "
	    "without it (see " HANDOUT "#abort)");
	close(test_end);
}

LAB_TEST(graceful, no_byte_lost, 3,
    "graceful_close delivers every byte sent, though input was unread")
{
	enum { LEN = 128 * 1024, UNREAD = 1000 };
	char *data = malloc(LEN), *got = malloc(LEN + 1), unread[UNREAD];
	struct peer_read r;
	struct rpc_call c;
	int test_end, code_end;
	uint16_t test_port, code_port;
	ssize_t n;

	cr_assert(data && got);
	peer_pattern(data, LEN, 11);
	memset(unread, 'u', sizeof(unread));
	/* A small window on the test's side and a large send buffer on the
	 * code's: the code's send() returns while most of the data still
	 * waits in its kernel, as on a slow network. */
	peer_pair(&test_end, &code_end, 4096, 512 * 1024);
	test_port = peer_local_port(test_end);
	code_port = peer_local_port(code_end);
	/* Input the code under test never reads before it closes. */
	peer_write(test_end, unread, sizeof(unread));
	errno = 0;
	n = send_all_nosignal(code_end, data, LEN);
	cr_assert(n == LEN, "test set-up: send_all_nosignal returned %zd "
	    "(errno %s), expected %d (see " HANDOUT "#sigpipe)", n,
	    fixture_errno_name(errno), LEN);
	graceful_close_call_begin(&c, code_end, 2000);
	start_holding_alone(&c, code_end);
	r = peer_read(test_end, got, LEN + 1, 2000);
	if (rpc_call_wait(&c, 0))
		require_implemented(&c, "graceful_close");
	cr_assert(r.got == LEN && r.eof && peer_mismatch(got, LEN, 11) == LEN,
	    "the peer received %zu of %d bytes, then %s: %s (see " HANDOUT
	    "#rst-on-close)", r.got, LEN, r.err ? fixture_errno_name(r.err) :
	    r.eof ? "EOF" : "nothing for 2 s", r.err == ECONNRESET ?
	    "the socket was closed with unread input (the test's 1000 bytes), "
	    "so the kernel sent RST and threw away what it had not sent yet; "
	    "shut down the sending side, read until the peer's EOF, then close"
	    : "half-close with shutdown(fd, SHUT_WR) so the peer gets every "
	    "byte and then EOF");
	cr_assert(shutdown(test_end, SHUT_WR) == 0);
	cr_assert(rpc_call_wait(&c, 2000), "graceful_close did not return "
	    "within 2 s after the peer's EOF (see " HANDOUT "#graceful-close)");
	cr_assert(c.ret == 0, "graceful_close returned %lld with errno %s after "
	    "the peer's EOF, expected 0 (see " HANDOUT "#graceful-close)",
	    c.ret, fixture_errno_name(c.err));
	close(test_end);
	cr_assert(kernel_wait_port_state(code_port, KERNEL_TCP_TIME_WAIT,
	    1000) == 1, "the side that closed first (graceful_close's) is not "
	    "in TIME_WAIT (see " HANDOUT "#time-wait)");
	cr_assert(kernel_tcp_count_port(test_port, KERNEL_TCP_TIME_WAIT) == 0,
	    "the peer, which closed second, is in TIME_WAIT (see " HANDOUT
	    "#time-wait)");
	free(data);
	free(got);
}

LAB_TEST_TIMED(chaos, both_directions, 2, 6.0,
    "200 KiB each way through the chaos relay, not a byte lost")
{
	enum { LEN = 200 * 1024 };
	struct chaos_options opt = { .mode = CHAOS_COALESCE,
	    .time_limit_ms = 5000 };
	struct chaos_relay *relay;
	char *req = malloc(LEN), *reply = malloc(LEN);
	char *got = malloc(LEN + 1), *back = malloc(LEN + 1);
	struct peer_read r;
	struct rpc_call c;
	unsigned long inode;
	int test_fd, code_fd;

	cr_assert(req && reply && got && back);
	peer_pattern(req, LEN, 13);
	peer_pattern(reply, LEN, 14);
	/* The worker first: the relay's time limit runs from its start. */
	peer_require_exchange();
	cr_assert(chaos_pair(&opt, &relay, &test_fd, &code_fd) == 0,
	    "test set-up: chaos relay: %s", strerror(errno));
	exchange_call_begin(&c, code_fd, req, LEN, back, LEN + 1);
	inode = kernel_socket_inode(code_fd);
	rpc_call_start(&c);
	r = peer_read(test_fd, got, LEN + 1, 3000);
	if (rpc_call_wait(&c, 0))
		require_implemented(&c, "exchange");
	cr_assert(r.got == LEN && r.eof && peer_mismatch(got, LEN, 13) == LEN,
	    "the peer received %zu of the %d request bytes%s (%s) (see "
	    HANDOUT "#half-close)", r.got, LEN, r.eof ? " and EOF" :
	    ", no EOF", chaos_describe(relay));
	peer_write(test_fd, reply, LEN);
	close(test_fd);
	cr_assert(rpc_call_wait(&c, 3000), "exchange did not return within 3 "
	    "s (%s)", chaos_describe(relay));
	cr_assert(c.ret == LEN && peer_mismatch(back, LEN, 14) == LEN,
	    "exchange returned %lld (errno %s), expected %d bytes as sent "
	    "(%s) (see " HANDOUT "#reading-until-eof)", c.ret,
	    fixture_errno_name(c.err), LEN, chaos_describe(relay));
	close_if_still(code_fd, inode);
	chaos_stop(relay);
	free(req);
	free(reply);
	free(got);
	free(back);
}
