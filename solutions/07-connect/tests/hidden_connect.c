/*
 * Lab 07 hidden tests: signals during the wait, failures of dial and
 * dial_happy, and describe_connection's other cases.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connect.h"
#include "rpc/proxy.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"
#include "test/wire.h"
#include "tests/calls.h"
#include "tests/scene.h"

#define HANDOUT "handouts/07-connect.md"

/* As in the public tests: how late a deadline may be met. */
#define LATE_MS scene_late_ms()

LAB_TEST(hidden, signals_keep_the_deadline, 2,
    "signals during the wait neither end it early nor extend it")
{
	struct sockaddr_storage ss = scene_loopback(AF_INET, 0, NULL);
	struct rpc_worker *w = rpc_worker_current();
	int filler, listener = scene_silent(&ss, &filler);
	int fd = scene_socket(AF_INET);
	int pid = (int)rpc_worker_pid(w);
	struct rpc_call c;
	long long start, ms;

	/* No SA_RESTART: each signal interrupts the wait with EINTR. */
	rpc_worker_catch_signal(SIGUSR1, 0);
	connect_timeout_call_begin(&c, fd, (struct sockaddr *)&ss,
	    sizeof(struct sockaddr_in), 500);
	start = scene_now_ms();
	rpc_call_start(&c);
	if (!scene_wait_code_sleeping(pid, 300)) {
		if (rpc_call_wait(&c, 0)) {
			errno = c.err;
			LAB_REQUIRE_IMPLEMENTED(c.ret, "connect_timeout");
		}
		cr_assert_fail("connect_timeout(500 ms) to an address that "
		    "never answers did not wait (see " HANDOUT "#a-deadline)");
	}
	for (int round = 0; round < 2; round++) {
		cr_assert(kill(pid, SIGUSR1) == 0);
		/* The signal's handler runs, then the wait must go on. */
		if (rpc_call_wait(&c, 200)) {
			ms = scene_now_ms() - start;
			errno = c.err;
			LAB_REQUIRE_IMPLEMENTED(c.ret, "connect_timeout");
			cr_assert_fail("connect_timeout(500 ms) returned %lld "
			    "with errno %s after %lld ms, when a signal "
			    "arrived: a signal makes poll() fail with EINTR, "
			    "which is no reason to stop; wait again for the "
			    "time left (see " HANDOUT "#signals)", c.ret,
			    fixture_errno_name(c.err), ms);
		}
	}
	cr_assert(rpc_call_wait(&c, 500 + 1000), "connect_timeout(500 ms) "
	    "had not returned after %lld ms", scene_now_ms() - start);
	ms = scene_now_ms() - start;
	cr_assert(c.ret == -1 && c.err == ETIMEDOUT, "connect_timeout(500 "
	    "ms) returned %lld with errno %s, expected -1 and ETIMEDOUT (see "
	    HANDOUT "#a-deadline)", c.ret, fixture_errno_name(c.err));
	cr_assert(ms <= 500 + LATE_MS, "connect_timeout(500 ms), interrupted "
	    "by signals at about 0 and 200 ms, returned after %lld ms: after "
	    "EINTR, poll() again with the time left until the deadline, not "
	    "with the whole timeout again (see " HANDOUT "#signals)", ms);
	close(fd);
	close(filler);
	close(listener);
}

LAB_TEST(hidden, dial_refused, 1,
    "dial to a closed port: -1, ECONNREFUSED, gai_err 0, nothing open")
{
	char port[16];
	int before, gai_err = -1, fd;

	snprintf(port, sizeof(port), "%u", fixture_closed_port());
	rpc_worker_current();
	before = fixture_code_open_fds();
	errno = 0;
	fd = dial("127.0.0.1", port, 1000, &gai_err);
	cr_assert(fd == -1 && errno == ECONNREFUSED && gai_err == 0, "dial("
	    "\"127.0.0.1\", closed port) returned %d, errno %s, *gai_err %d; "
	    "expected -1, ECONNREFUSED, 0: keep the last attempt's errno "
	    "(see " HANDOUT "#trying-every-address)", fd,
	    fixture_errno_name(errno), gai_err);
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d after a failed dial: close the socket of every "
	    "failed attempt (see " HANDOUT "#trying-every-address)", before,
	    fixture_code_open_fds());
}

LAB_TEST(hidden, getaddrinfo_errors, 1,
    "dial and dial_happy report a getaddrinfo failure in *gai_err")
{
	struct addrinfo hints, *res;
	int want;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	want = getaddrinfo("127.0.0.1", "no-such-service", &hints, &res);
	if (want == 0) {
		freeaddrinfo(res);
		cr_skip_test("this machine knows a service \"no-such-service\"");
	}
	for (int happy = 0; happy < 2; happy++) {
		const char *call = happy ? "dial_happy" : "dial";
		int gai_err = 0, fd;

		errno = 0;
		fd = happy ? dial_happy("127.0.0.1", "no-such-service", 100,
		    1000, &gai_err) : dial("127.0.0.1", "no-such-service", 1000,
		    &gai_err);
		LAB_REQUIRE_IMPLEMENTED(fd, call);
		cr_assert(fd == -1 && gai_err == want, "%s(\"127.0.0.1\", "
		    "\"no-such-service\") returned %d with *gai_err %d, "
		    "expected -1 and %d (%s): store getaddrinfo()'s return "
		    "value in *gai_err (see " HANDOUT "#your-task)", call, fd,
		    gai_err, want, gai_strerror(want));
	}
}

/* Resolves the loopback addresses; skips unless two families. */
static int
two_families(struct sockaddr_storage addrs[8])
{
	int n = scene_resolve_loopback(addrs, 8);

	if (n < 2 || addrs[0].ss_family == addrs[n - 1].ss_family)
		cr_skip_test("getaddrinfo(NULL) gives one loopback family only");
	return n;
}

/* Gives the first address the last one's port. */
static void
same_port(struct sockaddr_storage *first, const struct sockaddr_storage *last)
{
	uint16_t port = htons(scene_port(last));

	if (first->ss_family == AF_INET6)
		((struct sockaddr_in6 *)first)->sin6_port = port;
	else
		((struct sockaddr_in *)first)->sin_port = port;
}

LAB_TEST(hidden, happy_failure_starts_next, 1,
    "dial_happy starts the next address at once when one is refused")
{
	struct sockaddr_storage addrs[8], peer;
	socklen_t len = sizeof(peer);
	char port[16], last[64], got[64];
	int n = two_families(addrs);
	int listener = scene_listener(&addrs[n - 1]);
	int gai_err, fd;
	long long start, ms;

	/* Nothing listens on the first address: a RST answers at once. */
	same_port(&addrs[0], &addrs[n - 1]);
	snprintf(port, sizeof(port), "%u", scene_port(&addrs[n - 1]));
	scene_text(&addrs[n - 1], last, sizeof(last));
	rpc_worker_current();
	start = scene_now_ms();
	fd = dial_happy(NULL, port, 1000, 3000, &gai_err);
	ms = scene_now_ms() - start;
	cr_assert(fd >= 0, "dial_happy(NULL, \"%s\", delay 1000 ms) failed "
	    "with %s; the first address refuses, %s listens (see " HANDOUT
	    "#happy-eyeballs)", port, fixture_errno_name(errno), last);
	cr_assert(getpeername(fd, (struct sockaddr *)&peer, &len) == 0 &&
	    strcmp(scene_text(&peer, got, sizeof(got)), last) == 0,
	    "dial_happy's socket is not connected to %s", last);
	cr_assert(ms < 500, "dial_happy took %lld ms, though the first address "
	    "refused at once: an attempt that fails starts the next one now, "
	    "not after the delay (RFC 8305 section 5) (see " HANDOUT
	    "#happy-eyeballs)", ms);
	close(fd);
	close(listener);
}

LAB_TEST(hidden, happy_times_out, 1,
    "dial_happy: nothing answers: ETIMEDOUT at its deadline, nothing open")
{
	struct sockaddr_storage addrs[8];
	char port[16];
	int n = two_families(addrs);
	int filler_last, last = scene_silent(&addrs[n - 1], &filler_last);
	int filler_first, first;
	int before, gai_err, fd;
	long long start, ms;

	same_port(&addrs[0], &addrs[n - 1]);
	first = scene_silent(&addrs[0], &filler_first);
	snprintf(port, sizeof(port), "%u", scene_port(&addrs[n - 1]));
	rpc_worker_current();
	before = fixture_code_open_fds();
	errno = 0;
	start = scene_now_ms();
	fd = dial_happy(NULL, port, 50, 300, &gai_err);
	ms = scene_now_ms() - start;
	cr_assert(fd == -1 && errno == ETIMEDOUT, "dial_happy(delay 50 ms, "
	    "timeout 300 ms) with no address answering returned %d with "
	    "errno %s after %lld ms, expected -1 and ETIMEDOUT (see " HANDOUT
	    "#happy-eyeballs)", fd, fixture_errno_name(errno), ms);
	cr_assert(ms >= 300 - 2 && ms <= 300 + LATE_MS, "dial_happy(timeout "
	    "300 ms) gave up after %lld ms: the timeout bounds the whole call, "
	    "counted from its start (see " HANDOUT "#happy-eyeballs)", ms);
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d after dial_happy timed out: close every attempt "
	    "(see " HANDOUT "#happy-eyeballs)", before,
	    fixture_code_open_fds());
	close(first);
	close(filler_first);
	close(last);
	close(filler_last);
}

LAB_TEST(hidden, describe_more, 1,
    "describe_connection: IPv6 in brackets, ENOTCONN, ENOSPC")
{
	struct sockaddr_storage ss = scene_loopback(AF_INET6, 0, NULL);
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	char buf[CONN_TEXT_MAX], small[8], here[64], there[64], want[160];
	int listener, fd, lone, rc;

	if (!fixture_ipv6_available())
		cr_skip_test("no IPv6 here");
	listener = scene_listener(&ss);
	fd = scene_socket(AF_INET6);
	cr_assert(connect(fd, (struct sockaddr *)&ss,
	    sizeof(struct sockaddr_in6)) == 0);
	cr_assert(getsockname(fd, (struct sockaddr *)&local, &len) == 0);
	snprintf(want, sizeof(want), "%s -> %s", scene_text(&local, here,
	    sizeof(here)), scene_text(&ss, there, sizeof(there)));
	memset(buf, 0, sizeof(buf));
	errno = 0;
	rc = describe_connection(fd, buf, sizeof(buf));
	LAB_REQUIRE_IMPLEMENTED(rc, "describe_connection");
	cr_assert(rc == 0 && strcmp(buf, want) == 0, "describe_connection on "
	    "an IPv6 connection gave %d and \"%s\", expected \"%s\": an IPv6 "
	    "address goes in brackets, so its colons stay apart from the "
	    "port's (see " HANDOUT "#both-ends)", rc, rc == 0 ? buf : "",
	    want);
	errno = 0;
	rc = describe_connection(fd, small, sizeof(small));
	cr_assert(rc == -1 && errno == ENOSPC, "describe_connection with an "
	    "8-byte buffer returned %d with errno %s, expected -1 and ENOSPC "
	    "(see " HANDOUT "#both-ends)", rc, fixture_errno_name(errno));
	lone = scene_socket(AF_INET);
	errno = 0;
	rc = describe_connection(lone, buf, sizeof(buf));
	cr_assert(rc == -1 && errno == ENOTCONN, "describe_connection on a "
	    "socket that is not connected returned %d with errno %s, "
	    "expected -1 and ENOTCONN (getpeername()'s error) (see " HANDOUT
	    "#both-ends)", rc, fixture_errno_name(errno));
	close(lone);
	close(fd);
	close(listener);
}
