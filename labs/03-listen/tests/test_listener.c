/*
 * Lab 03 public tests. Whether a socket listens is asked of the kernel
 * (/proc/net/tcp) and of the wire (a real connect); errors are checked in
 * struct net_error, errno and the descriptor table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "listener.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "test/wire.h"
#include "tests/calls.h"

#define HANDOUT "handouts/03-listen.md"

static const char *
gai_name(int code)
{
	switch (code) {
	case 0: return "0 (no error)";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	default: return "EAI_?";
	}
}

/* "1.2.3.4:80" or "[::1]:80" for a socket address. */
static const char *
sa_text(const struct sockaddr *sa, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		port = ntohs(sin->sin_port);
		snprintf(buf, size, "%s:%u", ip, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		port = ntohs(sin6->sin6_port);
		snprintf(buf, size, "[%s]:%u", ip, port);
	} else {
		snprintf(buf, size, "(%s)", fixture_family_name(sa->sa_family));
	}
	return buf;
}

static unsigned
port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

static void
set_port(struct sockaddr_storage *ss, unsigned port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
}

static socklen_t
sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

static struct sockaddr_storage
local_address(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	cr_assert(getsockname(fd, (struct sockaddr *)&ss, &len) == 0,
	    "getsockname on the returned descriptor %d failed (%s): return "
	    "the socket that is listening (see " HANDOUT "#your-task)", fd,
	    strerror(errno));
	return ss;
}

/* Connects a new socket to ss; returns it, or -1 with errno set. */
static int
raw_connect(const struct sockaddr_storage *ss)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);
	int saved;

	cr_assert(fd >= 0);
	if (connect(fd, (const struct sockaddr *)ss, sa_len(ss)) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* A listener made by the test on ss (its port 0: the kernel picks). */
static int
raw_listener(struct sockaddr_storage *ss, int v6only)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);
	socklen_t len = sizeof(*ss);

	cr_assert(fd >= 0);
	if (ss->ss_family == AF_INET6)
		cr_assert(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		    sizeof(v6only)) == 0);
	cr_assert(bind(fd, (struct sockaddr *)ss, sa_len(ss)) == 0,
	    "the test could not bind its own listener: %s", strerror(errno));
	cr_assert(listen(fd, 8) == 0);
	cr_assert(getsockname(fd, (struct sockaddr *)ss, &len) == 0);
	return fd;
}

/* The addresses getaddrinfo gives for host (NULL) with these flags. */
static int
resolve(int flags, struct sockaddr_storage *out, int cap)
{
	struct addrinfo hints, *res, *ai;
	int n = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = flags;
	cr_assert(getaddrinfo(NULL, "0", &hints, &res) == 0);
	for (ai = res; ai != NULL && n < cap; ai = ai->ai_next, n++) {
		memset(&out[n], 0, sizeof(out[n]));
		memcpy(&out[n], ai->ai_addr, ai->ai_addrlen);
	}
	freeaddrinfo(res);
	return n;
}

/*
 * The descriptors the code under test has open, plus fd, which it
 * returned: that one is now the test's, the worker keeps no copy of it
 * (common/rpc/proxy.h), so the count compares with a count taken before
 * the call as if the code had run in this process.
 */
static int
code_open_fds_with(int fd)
{
	return fixture_code_open_fds() + (fd >= 0);
}

static void
expect_listening(int fd, const char *call)
{
	unsigned queue;
	int state = kernel_tcp_state_of_fd(fd, &queue);

	cr_assert(state != -1, "cannot read /proc/net/tcp");
	cr_assert(state == KERNEL_TCP_LISTEN, "%s: the kernel lists the "
	    "socket (descriptor %d) in state %s, expected LISTEN: %s", call,
	    fd, kernel_tcp_state_name(state), state == KERNEL_TCP_NONE ?
	    "a socket that is only bound is not listening; call "
	    "listen(fd, backlog) after bind() (see " HANDOUT "#listen)" :
	    "return the socket you called listen() on (see " HANDOUT
	    "#listen)");
}

LAB_TEST(listen, in_listen_state, 2,
    "open_listener returns a socket the kernel lists in state LISTEN")
{
	struct net_error err = { 0, 0, "" };
	int fd;

	errno = 0;
	fd = open_listener("127.0.0.1", "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(\"127.0.0.1\", \"0\") failed: %s "
	    "(see " HANDOUT "#your-task)", err.text);
	expect_listening(fd, "open_listener(\"127.0.0.1\", \"0\")");
	close(fd);
}

LAB_TEST(listen, accepts_connections, 2,
    "a client can connect to the listener and be accepted")
{
	struct sockaddr_storage ss, peer, client_local;
	socklen_t len = sizeof(peer);
	struct net_error err = { 0, 0, "" };
	char text[80];
	int fd, client, conn;

	errno = 0;
	fd = open_listener("127.0.0.1", "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(\"127.0.0.1\", \"0\") failed: %s "
	    "(see " HANDOUT "#your-task)", err.text);
	ss = local_address(fd);
	wire_begin_port(port_of(&ss));
	client = raw_connect(&ss);
	LAB_ASSERT(client >= 0, "connect to %s failed with %s: %s",
	    sa_text((struct sockaddr *)&ss, text, sizeof(text)),
	    fixture_errno_name(errno), errno == ECONNREFUSED ? "the kernel "
	    "answered the SYN with a RST (connection refused) because no "
	    "socket is listening on that port; open_listener must call "
	    "listen() after bind() (see " HANDOUT "#listen)" :
	    "see " HANDOUT "#listen");
	conn = accept(fd, (struct sockaddr *)&peer, &len);
	cr_assert(conn >= 0, "accept on the listener failed: %s",
	    strerror(errno));
	client_local = local_address(client);
	cr_assert(port_of(&peer) == port_of(&client_local));
	close(conn);
	close(client);
	close(fd);
}

LAB_TEST(listen, wildcard_for_null_host, 1,
    "open_listener(NULL, ...) listens on the wildcard address")
{
	struct sockaddr_storage ss, lo;
	struct sockaddr_in *lo4 = (struct sockaddr_in *)&lo;
	struct net_error err = { 0, 0, "" };
	char text[80];
	int fd, client;

	errno = 0;
	fd = open_listener(NULL, "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(NULL, \"0\") failed: %s (see "
	    HANDOUT "#getaddrinfo)", err.text);
	ss = local_address(fd);
	cr_assert((ss.ss_family == AF_INET &&
	    ((struct sockaddr_in *)&ss)->sin_addr.s_addr == htonl(INADDR_ANY)) ||
	    (ss.ss_family == AF_INET6 &&
	    memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr, &in6addr_any,
	    16) == 0), "open_listener(NULL, \"0\") listens on %s, expected "
	    "the wildcard (0.0.0.0 or ::): pass AI_PASSIVE in the hints, so "
	    "that a NULL host means every local address (see " HANDOUT
	    "#getaddrinfo)", sa_text((struct sockaddr *)&ss, text,
	    sizeof(text)));
	memset(&lo, 0, sizeof(lo));
	lo4->sin_family = AF_INET;
	lo4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	set_port(&lo, port_of(&ss));
	client = raw_connect(&lo);
	cr_assert(client >= 0, "a client connecting to 127.0.0.1:%u got %s: "
	    "a wildcard listener must take IPv4 clients too (an IPv6 one "
	    "only if IPV6_V6ONLY is off) (see " HANDOUT "#getaddrinfo)",
	    port_of(&ss), fixture_errno_name(errno));
	close(client);
	close(fd);
}

/* Checks one getaddrinfo failure, reported by open_listener/open_client. */
static void
expect_gai_error(int client)
{
	const char *call = client ? "open_client" : "open_listener";
	struct addrinfo hints, *res;
	struct net_error err = { 0, 0, "" };
	int before = fixture_code_open_fds();
	int want, fd;

	/* What getaddrinfo itself says about a service nobody defined. */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	want = getaddrinfo("127.0.0.1", "no-such-service", &hints, &res);
	if (want == 0) {
		freeaddrinfo(res);
		cr_skip_test("this machine knows a service \"no-such-service\"");
	}
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = client ? open_client("127.0.0.1", "no-such-service", &err) :
	    open_listener("127.0.0.1", "no-such-service", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, call);
	cr_assert(fd == -1, "%s(\"127.0.0.1\", \"no-such-service\") returned "
	    "%d, expected -1: getaddrinfo() failed with %s (see " HANDOUT
	    "#getaddrinfo-errors)", call, fd, gai_name(want));
	cr_assert(strstr(err.text, gai_strerror(want)) != NULL, "%s: "
	    "err.text is %s, expected the reason \"%s\": getaddrinfo() "
	    "does not report through errno; it returns an error code, and "
	    "errors are turned into text by gai_strerror() (strerror() and "
	    "perror() describe errno, some older failure) (see " HANDOUT
	    "#getaddrinfo-errors)", call, fixture_text(err.text,
	    sizeof(err.text)), gai_strerror(want));
	cr_assert(err.gai == want, "%s: err.gai is %s, expected %s: store "
	    "getaddrinfo()'s return value in err->gai (see " HANDOUT
	    "#getaddrinfo-errors)", call, gai_name(err.gai), gai_name(want));
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d after a failed %s (see " HANDOUT
	    "#cleaning-up)", before, fixture_code_open_fds(), call);
}

LAB_TEST(listen, getaddrinfo_errors, 2,
    "a getaddrinfo failure is reported with its code and gai_strerror text")
{
	expect_gai_error(0);
	expect_gai_error(1);
}

LAB_TEST(listen, port_in_use_leaks_nothing, 2,
    "a port in use: -1, EADDRINUSE in err and errno, every socket closed")
{
	struct sockaddr_storage any4, any6;
	struct net_error err = { 0, 0, "" };
	char port[16];
	int blocker4, blocker6 = -1, before, fd;

	/* Take the port on 0.0.0.0 and [::], so every result of
	 * getaddrinfo(NULL, port) fails in bind(). */
	memset(&any4, 0, sizeof(any4));
	any4.ss_family = AF_INET;
	blocker4 = raw_listener(&any4, 0);
	snprintf(port, sizeof(port), "%u", port_of(&any4));
	if (fixture_ipv6_available()) {
		memset(&any6, 0, sizeof(any6));
		any6.ss_family = AF_INET6;
		set_port(&any6, port_of(&any4));
		blocker6 = raw_listener(&any6, 1);
	}
	before = fixture_code_open_fds();
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_listener(NULL, port, 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd == -1, "open_listener(NULL, \"%s\") returned %d, but "
	    "every address already has a listener on that port: return -1 "
	    "when no result could bind and listen (see " HANDOUT
	    "#trying-every-address)", port, fd);
	cr_assert(fixture_code_open_fds() == before, "%d descriptor(s) "
	    "leaked by a failed open_listener: close each socket whose "
	    "bind() or listen() failed before trying the next address (see "
	    HANDOUT "#cleaning-up)", fixture_code_open_fds() - before);
	cr_assert(err.sys == EADDRINUSE && errno == EADDRINUSE && err.gai == 0,
	    "open_listener on a port in use: err.sys is %s, errno %s, "
	    "err.gai %s; expected EADDRINUSE, EADDRINUSE, 0 (see " HANDOUT
	    "#getaddrinfo-errors)", fixture_errno_name(err.sys),
	    fixture_errno_name(errno), gai_name(err.gai));
	cr_assert(strstr(err.text, strerror(EADDRINUSE)) != NULL,
	    "open_listener on a port in use: err.text is %s, expected it "
	    "to contain \"%s\" (strerror of the failed call's errno) (see "
	    HANDOUT "#getaddrinfo-errors)", fixture_text(err.text,
	    sizeof(err.text)), strerror(EADDRINUSE));
	close(blocker4);
	if (blocker6 != -1)
		close(blocker6);
}

LAB_TEST(listen, client_tries_every_address, 2,
    "open_client goes on to the next address when the first refuses")
{
	struct sockaddr_storage addrs[8], peer;
	socklen_t len = sizeof(peer);
	struct net_error err = { 0, 0, "" };
	char port[16], first[80], last[80], got[80];
	int n = resolve(0, addrs, 8);
	int listener, probe, before, after, fd;

	if (n < 2 || addrs[0].ss_family == addrs[n - 1].ss_family)
		cr_skip_test("getaddrinfo(NULL) gives one loopback family only");
	/* The server listens on the last address only (IPV6_V6ONLY keeps
	 * [::1] from covering 127.0.0.1). */
	listener = raw_listener(&addrs[n - 1], 1);
	set_port(&addrs[0], port_of(&addrs[n - 1]));
	snprintf(port, sizeof(port), "%u", port_of(&addrs[n - 1]));
	sa_text((struct sockaddr *)&addrs[0], first, sizeof(first));
	sa_text((struct sockaddr *)&addrs[n - 1], last, sizeof(last));
	probe = raw_connect(&addrs[0]);
	if (probe != -1 || errno != ECONNREFUSED)
		cr_skip_test("%s does not refuse connections", first);

	before = fixture_code_open_fds();
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_client(NULL, port, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_client");
	cr_assert(fd >= 0, "open_client(NULL, \"%s\") failed (%s), but only "
	    "its first address refused: getaddrinfo gives %d addresses, %s "
	    "first, and the server listens on the last one, %s; try each "
	    "result until connect() succeeds (see " HANDOUT
	    "#trying-every-address)", port, err.text, n, first, last);
	cr_assert(getpeername(fd, (struct sockaddr *)&peer, &len) == 0,
	    "the descriptor open_client returned is not connected (%s)",
	    strerror(errno));
	sa_text((struct sockaddr *)&peer, got, sizeof(got));
	cr_assert(strcmp(got, last) == 0, "open_client is connected to %s, "
	    "expected %s (see " HANDOUT "#trying-every-address)", got, last);
	after = code_open_fds_with(fd);
	cr_assert(after == before + 1, "open descriptors went from %d to %d, "
	    "expected one more (the connected socket): close the socket whose "
	    "connect() failed (see " HANDOUT "#cleaning-up)", before, after);
	close(fd);
	close(listener);
}

LAB_TEST(listen, listener_tries_every_address, 1,
    "open_listener goes on to the next address when the first fails")
{
	struct sockaddr_storage addrs[8], ss;
	struct net_error err = { 0, 0, "" };
	char first[80], second[80], got[80];
	int n = resolve(AI_PASSIVE, addrs, 8);
	int before, after, fd;

	if (n < 2 || addrs[0].ss_family == addrs[1].ss_family)
		cr_skip_test("getaddrinfo(NULL, AI_PASSIVE) gives one family");
	sa_text((struct sockaddr *)&addrs[0], first, sizeof(first));
	sa_text((struct sockaddr *)&addrs[1], second, sizeof(second));
	/* As on a host without that family: socket() fails for the first
	 * result, with EAFNOSUPPORT. */
	if (fixture_code_deny_socket_family(addrs[0].ss_family) == -1)
		cr_skip_test("no seccomp filters here (%s)", strerror(errno));
	before = fixture_code_open_fds();
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_listener(NULL, "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(NULL, \"0\") failed (%s), but only "
	    "its first address was unusable: socket() failed for %s with "
	    "EAFNOSUPPORT, as on a host without %s; the next result, %s, "
	    "would have worked: go on to the next result when a step fails "
	    "(see " HANDOUT "#trying-every-address)", err.text, first,
	    fixture_family_name(addrs[0].ss_family), second);
	ss = local_address(fd);
	cr_assert(ss.ss_family == addrs[1].ss_family, "open_listener is bound "
	    "to %s, expected the second result %s",
	    sa_text((struct sockaddr *)&ss, got, sizeof(got)), second);
	expect_listening(fd, "open_listener(NULL, \"0\")");
	after = code_open_fds_with(fd);
	cr_assert(after == before + 1, "open descriptors went from %d to %d, "
	    "expected one more (see " HANDOUT "#cleaning-up)", before, after);
	close(fd);
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Clients of the accept-queue test; one more than backlog + 1. */
#define BACKLOG 2
#define CLIENTS (BACKLOG + 2)
/* How long a client whose SYN was dropped gets to prove it stays
 * unconnected (the kernel resends a SYN only after a second). */
#define SETTLE_MS 150

LAB_TEST(listen, handshake_before_accept, 2,
    "the kernel completes handshakes before accept(), up to the backlog")
{
	struct sockaddr_storage ss;
	struct net_error err = { 0, 0, "" };
	int fds[CLIENTS], done[CLIENTS] = { 0 };
	int fd, connected = 0, queue;
	long long deadline;

	errno = 0;
	fd = open_listener("127.0.0.1", "0", BACKLOG, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(\"127.0.0.1\", \"0\", %d) failed: "
	    "%s", BACKLOG, err.text);
	ss = local_address(fd);
	for (int i = 0; i < CLIENTS; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		cr_assert(fds[i] >= 0);
		cr_assert(fcntl(fds[i], F_SETFL, O_NONBLOCK) == 0);
		if (connect(fds[i], (struct sockaddr *)&ss,
		    sizeof(struct sockaddr_in)) == 0)
			done[i] = 1;
		else
			cr_assert(errno == EINPROGRESS, "connect: %s",
			    strerror(errno));
	}
	/* Nobody calls accept(): whatever connects, the kernel did alone. */
	deadline = now_ms() + SETTLE_MS;
	for (;;) {
		struct pollfd pending[CLIENTS];
		int idx[CLIENTS], n = 0;
		long long left = deadline - now_ms();

		for (int i = 0; i < CLIENTS; i++)
			if (!done[i]) {
				pending[n].fd = fds[i];
				pending[n].events = POLLOUT;
				idx[n++] = i;
			}
		if (n == 0 || left <= 0)
			break;
		if (poll(pending, (nfds_t)n, (int)left) <= 0)
			continue;
		for (int k = 0; k < n; k++) {
			int soerr = 0;
			socklen_t len = sizeof(soerr);

			if (pending[k].revents == 0)
				continue;
			getsockopt(pending[k].fd, SOL_SOCKET, SO_ERROR, &soerr,
			    &len);
			cr_assert(soerr == 0, "a client could not connect: %s: "
			    "%s", strerror(soerr), soerr == ECONNREFUSED ?
			    "nothing listens on the port; call listen() (see "
			    HANDOUT "#listen)" : "see " HANDOUT
			    "#the-two-queues");
			done[idx[k]] = 1;
		}
	}
	for (int i = 0; i < CLIENTS; i++)
		connected += done[i];
	cr_assert(connected >= BACKLOG, "only %d of %d clients connected to a "
	    "listener with backlog %d before any accept(): the kernel should "
	    "complete up to backlog handshakes on its own (see " HANDOUT
	    "#the-two-queues)", connected, CLIENTS, BACKLOG);
	cr_assert(connected <= BACKLOG + 1, "all %d clients connected to a "
	    "listener asked for backlog %d: the accept queue was longer than "
	    "the backlog allows (on Linux at most backlog + 1); pass the "
	    "backlog argument on to listen() (see " HANDOUT
	    "#the-two-queues)", connected, BACKLOG);
	queue = kernel_wait_accept_queue(fd, (unsigned)connected, 1000);
	cr_assert(queue == connected, "the kernel shows %d connection(s) in "
	    "the accept queue, expected %d (see " HANDOUT "#the-two-queues)",
	    queue, connected);
	/* accept() only takes a finished connection off the queue. */
	close(accept(fd, NULL, NULL));
	queue = kernel_wait_accept_queue(fd, (unsigned)connected, 0);
	cr_assert(queue == connected - 1, "after one accept() the accept queue "
	    "holds %d, expected %d", queue, connected - 1);
	for (int i = 0; i < CLIENTS; i++)
		close(fds[i]);
	close(fd);
}
