/*
 * Lab 07 public tests. Every outcome of connect() is made for real in the
 * test's own network namespace (tests/scene.c); times are measured here,
 * in the test, around the call; connections are checked in the kernel
 * (getpeername(), the descriptor's flags, the worker's descriptors).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connect.h"
#include "rpc/proxy.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "test/wire.h"
#include "tests/calls.h"
#include "tests/scene.h"

#define HANDOUT "handouts/07-connect.md"

/* How late a deadline may be met (tests/scene.h). */
#define LATE_MS scene_late_ms()

/* What a connect_timeout() call did, measured here. */
struct outcome {
	int rc;
	int err;
	long long ms;      /* from the call to its answer */
	int returned;      /* 0: still running when the test gave up */
};

/*
 * Calls connect_timeout(fd, ss, timeout_ms) in the worker and waits for
 * its answer up to give_up_ms.
 */
static struct outcome
timed_connect(int fd, const struct sockaddr_storage *ss, int timeout_ms,
    int give_up_ms)
{
	struct rpc_call c;
	struct outcome o = { -1, 0, 0, 0 };
	long long start;

	/* Started before the clock runs: the worker's start is not timed. */
	rpc_worker_current();
	connect_timeout_call_begin(&c, fd, (const struct sockaddr *)ss,
	    ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in), timeout_ms);
	start = scene_now_ms();
	rpc_call_start(&c);
	o.returned = rpc_call_wait(&c, give_up_ms);
	o.ms = scene_now_ms() - start;
	o.rc = (int)c.ret;
	o.err = c.err;
	return o;
}

static void
require_implemented(const struct outcome *o)
{
	errno = o->err;
	if (o->returned)
		LAB_REQUIRE_IMPLEMENTED(o->rc, "connect_timeout");
}

LAB_TEST(connect, to_listener, 2,
    "connect_timeout connects to a listener and leaves fd blocking")
{
	struct sockaddr_storage ss = scene_loopback(AF_INET, 0, NULL);
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	char want[64], got[64];
	int listener = scene_listener(&ss);
	int fd = scene_socket(AF_INET);
	struct outcome o;
	int flags;

	scene_text(&ss, want, sizeof(want));
	wire_begin_port(scene_port(&ss));
	o = timed_connect(fd, &ss, 1000, 2000);
	require_implemented(&o);
	LAB_ASSERT(o.returned && o.rc == 0, "connect_timeout to %s, a "
	    "listener, returned %d with errno %s, expected 0 (see " HANDOUT
	    "#your-task)", want, o.rc,
	    fixture_errno_name(o.err));
	cr_assert(getpeername(fd, (struct sockaddr *)&peer, &len) == 0,
	    "connect_timeout returned 0, but the socket has no peer (%s): "
	    "return 0 only once SO_ERROR says the handshake worked (see "
	    HANDOUT "#the-pending-error)", strerror(errno));
	scene_text(&peer, got, sizeof(got));
	cr_assert(strcmp(got, want) == 0, "the socket is connected to %s, "
	    "expected %s", got, want);
	flags = fcntl(fd, F_GETFL);
	cr_assert(flags != -1 && !(flags & O_NONBLOCK), "after a successful "
	    "connect_timeout the socket is still non-blocking (O_NONBLOCK "
	    "set): its caller's read() would fail with EAGAIN instead of "
	    "waiting; put back the flags F_GETFL gave you before returning "
	    "(see " HANDOUT "#back-to-blocking)");
	close(fd);
	close(listener);
}

LAB_TEST(connect, refused, 2,
    "a port with no listener: -1 and ECONNREFUSED, at once")
{
	uint16_t port = fixture_closed_port();
	struct sockaddr_storage ss = scene_loopback(AF_INET, port, NULL);
	char text[64];
	int fd = scene_socket(AF_INET);
	struct outcome o;

	cr_assert(port != 0, "test set-up: no closed port");
	scene_text(&ss, text, sizeof(text));
	wire_begin_port(port);
	o = timed_connect(fd, &ss, 1000, 2000);
	require_implemented(&o);
	LAB_ASSERT(o.returned && !(o.rc == 0), "connect_timeout to %s, where "
	    "nothing listens, returned 0: the peer answered the SYN with a "
	    "RST; poll() reports a socket writable when its handshake ended, "
	    "whether it worked or not: read getsockopt(SO_ERROR) and fail "
	    "with its value (see " HANDOUT "#the-pending-error)", text);
	LAB_ASSERT(o.rc == -1 && o.err == ECONNREFUSED, "connect_timeout to "
	    "%s, where nothing listens, returned %d with errno %s, expected "
	    "-1 and ECONNREFUSED: give errno the value SO_ERROR holds (see "
	    HANDOUT "#the-pending-error)", text, o.rc, fixture_errno_name(o.err));
	cr_assert(o.ms < 500, "connect_timeout took %lld ms to report a "
	    "refused connection, which the RST says at once: stop waiting "
	    "as soon as poll() reports the socket (see " HANDOUT
	    "#the-pending-error)", o.ms);
	close(fd);
}

/* One connect into a route that goes nowhere; checks errno. */
static void
expect_unreachable(const char *ip, int want, const char *why)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	int fd = scene_socket(AF_INET);
	struct outcome o;

	memset(&ss, 0, sizeof(ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(80);
	inet_pton(AF_INET, ip, &sin->sin_addr);
	o = timed_connect(fd, &ss, 1000, 2000);
	require_implemented(&o);
	cr_assert(o.returned && o.rc == -1 && o.err == want, "connect_timeout "
	    "to %s:80 returned %d with errno %s after %lld ms, expected -1 "
	    "and %s: %s; connect() itself fails at once there, and that "
	    "errno is the answer (see " HANDOUT "#unreachable)", ip, o.rc,
	    fixture_errno_name(o.err), o.ms, fixture_errno_name(want), why);
	close(fd);
}

LAB_TEST(connect, unreachable, 2,
    "no route: ENETUNREACH; an unreachable route: EHOSTUNREACH")
{
	/* TEST-NET-1 and TEST-NET-2 (RFC 5737): never anyone's address. */
	if (scene_has_route("192.0.2.1"))
		cr_skip_test("this network namespace has a default route");
	expect_unreachable("192.0.2.1", ENETUNREACH,
	    "this network has no route to 192.0.2.1 at all");
	if (scene_route_unreachable("198.51.100.0", 24) == -1)
		cr_skip_test("cannot add a route here (%s)", strerror(errno));
	expect_unreachable("198.51.100.7", EHOSTUNREACH,
	    "a route of type unreachable covers 198.51.100.0/24 (`ip route "
	    "add unreachable 198.51.100.0/24`)");
}

LAB_TEST(connect, deadline, 3,
    "an address that never answers: ETIMEDOUT when the deadline passes")
{
	struct sockaddr_storage ss = scene_loopback(AF_INET, 0, NULL);
	char text[64];
	int filler, listener = scene_silent(&ss, &filler);
	int fd = scene_socket(AF_INET);
	struct outcome o;

	scene_text(&ss, text, sizeof(text));
	wire_begin_port(scene_port(&ss));
	o = timed_connect(fd, &ss, 300, 300 + 800);
	require_implemented(&o);
	LAB_ASSERT(o.returned, "connect_timeout(%s, 300 ms) had not returned "
	    "after %lld ms: the SYN is never answered, and a blocking "
	    "connect() waits for the kernel's own limit, minutes; make the "
	    "socket non-blocking (O_NONBLOCK) and wait with poll() until the "
	    "deadline (see " HANDOUT "#a-deadline)", text, o.ms);
	LAB_ASSERT(o.rc == -1 && o.err == ETIMEDOUT, "connect_timeout(%s, 300 "
	    "ms) returned %d with errno %s after %lld ms, expected -1 and "
	    "ETIMEDOUT: %s (see " HANDOUT "#a-deadline)", text, o.rc,
	    fixture_errno_name(o.err), o.ms, o.rc == 0 ? "the handshake never "
	    "finished, so success must come from SO_ERROR, never from "
	    "poll() alone" : o.err == EINPROGRESS ? "EINPROGRESS only says "
	    "the handshake started: wait for it with poll()" : "poll() "
	    "returning 0 means the time is up: report ETIMEDOUT");
	cr_assert(o.ms >= 300 - 2, "connect_timeout(300 ms) gave up after "
	    "%lld ms, before its deadline (see " HANDOUT "#a-deadline)", o.ms);
	cr_assert(o.ms <= 300 + LATE_MS, "connect_timeout(300 ms) gave up "
	    "after %lld ms, more than %d ms late: wait with poll() for the "
	    "time left until the deadline, not in fixed steps (see " HANDOUT
	    "#a-deadline)", o.ms, LATE_MS);
	close(fd);
	close(filler);
	close(listener);
}

/*
 * The loopback addresses getaddrinfo(NULL) gives: the first one never
 * answers, the last one listens, both on *port. Skips the test where
 * there is only one family.
 */
static void
first_silent_last_listening(int fds[3], char port[16], char first[64],
    char last[64])
{
	struct sockaddr_storage addrs[8];
	int n = scene_resolve_loopback(addrs, 8);

	if (n < 2 || addrs[0].ss_family == addrs[n - 1].ss_family)
		cr_skip_test("getaddrinfo(NULL) gives one loopback family only");
	fds[0] = scene_listener(&addrs[n - 1]);
	if (addrs[0].ss_family == AF_INET6)
		((struct sockaddr_in6 *)&addrs[0])->sin6_port =
		    htons(scene_port(&addrs[n - 1]));
	else
		((struct sockaddr_in *)&addrs[0])->sin_port =
		    htons(scene_port(&addrs[n - 1]));
	fds[1] = scene_silent(&addrs[0], &fds[2]);
	snprintf(port, 16, "%u", scene_port(&addrs[n - 1]));
	scene_text(&addrs[0], first, 64);
	scene_text(&addrs[n - 1], last, 64);
}

/* The peer of fd as text ("?" if it has none). */
static const char *
peer_text(int fd, char *buf, size_t size)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);

	memset(&peer, 0, sizeof(peer));
	if (getpeername(fd, (struct sockaddr *)&peer, &len) == -1)
		snprintf(buf, size, "? (%s)", strerror(errno));
	else
		scene_text(&peer, buf, size);
	return buf;
}

LAB_TEST(dial, next_address, 2,
    "dial goes on to the next address when the first never answers")
{
	char port[16], first[64], last[64], got[64];
	int scene[3], before, gai_err = -1, fd;
	long long start, ms;

	first_silent_last_listening(scene, port, first, last);
	rpc_worker_current();
	before = fixture_code_open_fds();
	errno = 0;
	start = scene_now_ms();
	fd = dial(NULL, port, 200, &gai_err);
	ms = scene_now_ms() - start;
	LAB_REQUIRE_IMPLEMENTED(fd, "dial");
	cr_assert(fd >= 0, "dial(NULL, \"%s\", 200 ms) failed with %s after "
	    "%lld ms, but only its first address, %s, is silent; the last, "
	    "%s, listens: give each address its own connect_timeout() and go "
	    "on to the next when it fails (see " HANDOUT
	    "#trying-every-address)", port, fixture_errno_name(errno), ms,
	    first, last);
	cr_assert(strcmp(peer_text(fd, got, sizeof(got)), last) == 0, "dial "
	    "returned a socket connected to %s, expected %s", got, last);
	cr_assert(ms < 200 + 800, "dial took %lld ms with 200 ms per address: "
	    "use the deadline for every address (see " HANDOUT
	    "#trying-every-address)", ms);
	cr_assert(gai_err == 0, "dial succeeded but set *gai_err to %d, "
	    "expected 0 (see " HANDOUT "#your-task)", gai_err);
	cr_assert(fixture_code_open_fds() == before, "open "
	    "descriptors in the code under test went from %d to %d, expected "
	    "as many (the connected socket is handed back): close the socket "
	    "whose attempt failed (see " HANDOUT "#trying-every-address)",
	    before, fixture_code_open_fds());
	close(fd);
	for (int i = 0; i < 3; i++)
		close(scene[i]);
}

LAB_TEST(happy, second_family_wins, 3,
    "dial_happy: the next address starts after the delay and wins")
{
	char port[16], first[64], last[64], got[64];
	int scene[3], before, gai_err = -1, fd;
	long long start, ms;

	first_silent_last_listening(scene, port, first, last);
	rpc_worker_current();
	before = fixture_code_open_fds();
	errno = 0;
	start = scene_now_ms();
	fd = dial_happy(NULL, port, 100, 2000, &gai_err);
	ms = scene_now_ms() - start;
	LAB_REQUIRE_IMPLEMENTED(fd, "dial_happy");
	cr_assert(fd >= 0, "dial_happy(NULL, \"%s\", delay 100 ms, timeout "
	    "2000 ms) failed with %s after %lld ms; %s never answers, %s "
	    "listens: %s (see " HANDOUT "#happy-eyeballs)", port,
	    fixture_errno_name(errno), ms, first, last, errno == ETIMEDOUT ?
	    "the second address was never tried; start the next address "
	    "when the delay passes, while the first attempt is still "
	    "waiting, not after it gave up" : "try every address");
	cr_assert(strcmp(peer_text(fd, got, sizeof(got)), last) == 0,
	    "dial_happy returned a socket connected to %s, expected %s (the "
	    "first attempt never connects)", got, last);
	cr_assert(ms >= 100 - 2, "dial_happy connected after %lld ms: the "
	    "second attempt started before the 100 ms delay (see " HANDOUT
	    "#happy-eyeballs)", ms);
	cr_assert(ms <= 100 + LATE_MS, "dial_happy took %lld ms with a 100 ms "
	    "delay: start the next address when the delay passes, while the "
	    "first attempt is still waiting, not after it gave up (see "
	    HANDOUT "#happy-eyeballs)", ms);
	cr_assert(fixture_code_open_fds() == before, "open descriptors in the "
	    "code under test went from %d to %d (the winner is handed back): "
	    "close the attempt that lost, still in its handshake to %s (see "
	    HANDOUT "#happy-eyeballs)", before, fixture_code_open_fds(),
	    first);
	cr_assert(fcntl(fd, F_GETFL) != -1 &&
	    !(fcntl(fd, F_GETFL) & O_NONBLOCK), "dial_happy returned a "
	    "non-blocking socket: clear O_NONBLOCK on the winner (see "
	    HANDOUT "#back-to-blocking)");
	close(fd);
	for (int i = 0; i < 3; i++)
		close(scene[i]);
}

LAB_TEST(describe, both_ends, 1,
    "describe_connection prints \"LOCAL -> PEER\" of a connection")
{
	struct sockaddr_storage ss = scene_loopback(AF_INET, 0, NULL);
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	char buf[CONN_TEXT_MAX], here[64], there[64], want[160];
	int listener = scene_listener(&ss);
	int fd = scene_socket(AF_INET);
	int rc;

	cr_assert(connect(fd, (struct sockaddr *)&ss, sizeof(struct
	    sockaddr_in)) == 0);
	cr_assert(getsockname(fd, (struct sockaddr *)&local, &len) == 0);
	snprintf(want, sizeof(want), "%s -> %s", scene_text(&local, here,
	    sizeof(here)), scene_text(&ss, there, sizeof(there)));
	memset(buf, 0, sizeof(buf));
	errno = 0;
	rc = describe_connection(fd, buf, sizeof(buf));
	LAB_REQUIRE_IMPLEMENTED(rc, "describe_connection");
	cr_assert(rc == 0 && strcmp(buf, want) == 0, "describe_connection "
	    "gave %d and \"%s\", expected 0 and \"%s\": %s (see " HANDOUT
	    "#both-ends)", rc, rc == 0 ? buf : "", want,
	    strstr(buf, there) == buf ? "this end comes first: "
	    "getsockname(), then getpeername()" : "this end is getsockname(), "
	    "with the port the kernel chose; the peer is getpeername(); "
	    "ports through ntohs()");
	close(fd);
	close(listener);
}
