/*
 * Lab 03 hidden tests: failures of open_client, IPv6, and a NULL err.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listener.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/03-listen.md"

LAB_TEST(hidden, client_refused, 1,
    "open_client to a closed port: -1, ECONNREFUSED, nothing left open")
{
	static const char *const hosts[] = { "127.0.0.1", NULL };
	char port[16];

	snprintf(port, sizeof(port), "%u", fixture_closed_port());
	for (size_t i = 0; i < 2; i++) {
		struct net_error err = { 0, 0, "" };
		int before = fixture_code_open_fds();
		int fd;

		memset(&err, 0, sizeof(err));
		errno = 0;
		fd = open_client(hosts[i], port, &err);
		cr_assert(fd == -1 && err.sys == ECONNREFUSED &&
		    errno == ECONNREFUSED && err.gai == 0, "open_client(%s, "
		    "closed port) returned %d, err.sys %s, errno %s, err.gai "
		    "%d; expected -1, ECONNREFUSED, ECONNREFUSED, 0 (see "
		    HANDOUT "#getaddrinfo-errors)", hosts[i] ? hosts[i] :
		    "NULL", fd, fixture_errno_name(err.sys),
		    fixture_errno_name(errno), err.gai);
		cr_assert(strstr(err.text, strerror(ECONNREFUSED)) != NULL,
		    "open_client: err.text is %s, expected it to contain "
		    "\"%s\" (see " HANDOUT "#getaddrinfo-errors)",
		    fixture_text(err.text, sizeof(err.text)),
		    strerror(ECONNREFUSED));
		cr_assert(fixture_code_open_fds() == before, "open_client(%s, "
		    "closed port) leaked %d descriptor(s) (see " HANDOUT
		    "#cleaning-up)", hosts[i] ? hosts[i] : "NULL",
		    fixture_code_open_fds() - before);
	}
}

LAB_TEST(hidden, ipv6_listener_and_client, 1,
    "open_listener(\"::1\") listens over IPv6 and open_client reaches it")
{
	struct sockaddr_in6 sin6;
	socklen_t len = sizeof(sin6);
	struct net_error err = { 0, 0, "" };
	char port[16];
	int fd, client, conn;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	fd = open_listener("::1", "0", 4, &err);
	cr_assert(fd >= 0, "open_listener(\"::1\", \"0\") failed with errno "
	    "%s, err.text %s", fixture_errno_name(errno),
	    fixture_text(err.text, sizeof(err.text)));
	cr_assert(kernel_tcp_state_of_fd(fd, NULL) == KERNEL_TCP_LISTEN,
	    "open_listener(\"::1\"): the kernel does not list the socket as "
	    "listening (see " HANDOUT "#listen)");
	cr_assert(getsockname(fd, (struct sockaddr *)&sin6, &len) == 0);
	cr_assert(sin6.sin6_family == AF_INET6);
	snprintf(port, sizeof(port), "%u", ntohs(sin6.sin6_port));
	client = open_client("::1", port, &err);
	cr_assert(client >= 0, "open_client(\"::1\", \"%s\") failed with "
	    "errno %s, err.text %s", port, fixture_errno_name(errno),
	    fixture_text(err.text, sizeof(err.text)));
	conn = accept(fd, NULL, NULL);
	cr_assert(conn >= 0);
	close(conn);
	close(client);
	close(fd);
}

LAB_TEST(hidden, null_err_allowed, 1,
    "both functions accept err == NULL and still set errno")
{
	char port[16];
	int fd;

	snprintf(port, sizeof(port), "%u", fixture_closed_port());
	fd = open_listener("127.0.0.1", "no-such-service", 4, NULL);
	cr_assert(fd == -1, "open_listener with a bad service and err NULL "
	    "returned %d", fd);
	errno = 0;
	fd = open_client("127.0.0.1", port, NULL);
	cr_assert(fd == -1 && errno == ECONNREFUSED, "open_client(closed port, "
	    "err NULL) returned %d with errno %s, expected -1 with "
	    "ECONNREFUSED (see " HANDOUT "#getaddrinfo-errors)", fd,
	    fixture_errno_name(errno));
}

/* Fails the test unless err->text is "call: strerror(sys)". */
static void
expect_call_named(const struct net_error *err, const char *who,
    const char *call, int sys)
{
	char want[160];

	snprintf(want, sizeof(want), "%s: %s", call, strerror(sys));
	cr_assert(strcmp(err->text, want) == 0, "%s: err.text is %s, expected "
	    "\"%s\": name the call that failed last, then strerror of its "
	    "errno (see " HANDOUT "#getaddrinfo-errors)", who,
	    fixture_text(err->text, sizeof(err->text)), want);
}

LAB_TEST(hidden, text_names_the_call, 1,
    "err.text names the call that failed: \"bind: ...\", \"connect: ...\"")
{
	struct net_error err;
	uint16_t taken;
	char port[16];
	int blocker, fd;

	/* A listener of our own on 127.0.0.1 holds the port: bind() fails. */
	blocker = fixture_loopback_socket(1, &taken);
	cr_assert(blocker >= 0, "test set-up: %s", fixture_errno_name(errno));
	snprintf(port, sizeof(port), "%u", taken);
	memset(&err, 0, sizeof(err));
	fd = open_listener("127.0.0.1", port, 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd == -1 && err.sys == EADDRINUSE, "open_listener on a "
	    "port in use returned %d with err.sys %s, expected -1 with "
	    "EADDRINUSE (see " HANDOUT "#trying-every-address)", fd,
	    fixture_errno_name(err.sys));
	expect_call_named(&err, "open_listener on a port in use", "bind",
	    EADDRINUSE);
	close(blocker);

	snprintf(port, sizeof(port), "%u", fixture_closed_port());
	memset(&err, 0, sizeof(err));
	fd = open_client("127.0.0.1", port, &err);
	cr_assert(fd == -1 && err.sys == ECONNREFUSED, "open_client to a "
	    "closed port returned %d with err.sys %s, expected -1 with "
	    "ECONNREFUSED", fd, fixture_errno_name(err.sys));
	expect_call_named(&err, "open_client to a closed port", "connect",
	    ECONNREFUSED);
}

LAB_TEST(hidden, socket_failure_reported, 1,
    "when socket() fails, both functions report it: -1, \"socket: ...\", "
    "its errno")
{
	struct net_error err;
	int before = fixture_code_open_fds();
	int fd;

	/* socket(AF_INET, ...) now fails with EAFNOSUPPORT in the code. */
	cr_assert(fixture_code_deny_socket_family(AF_INET) == 0,
	    "test set-up: seccomp: %s", fixture_errno_name(errno));
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_listener("127.0.0.1", "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd == -1 && err.sys == EAFNOSUPPORT && errno == EAFNOSUPPORT &&
	    err.gai == 0, "open_listener with socket() failing (EAFNOSUPPORT) "
	    "returned %d, err.sys %s, errno %s, err.gai %d; expected -1, "
	    "EAFNOSUPPORT, EAFNOSUPPORT, 0: when socket() fails, keep its "
	    "errno and go on to the next result, never use the -1 (see "
	    HANDOUT "#trying-every-address)", fd, fixture_errno_name(err.sys),
	    fixture_errno_name(errno), err.gai);
	expect_call_named(&err, "open_listener with socket() failing",
	    "socket", EAFNOSUPPORT);
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_client("127.0.0.1", "9", &err);
	cr_assert(fd == -1 && err.sys == EAFNOSUPPORT && errno == EAFNOSUPPORT,
	    "open_client with socket() failing (EAFNOSUPPORT) returned %d, "
	    "err.sys %s, errno %s; expected -1, EAFNOSUPPORT, EAFNOSUPPORT "
	    "(see " HANDOUT "#trying-every-address)", fd,
	    fixture_errno_name(err.sys), fixture_errno_name(errno));
	expect_call_named(&err, "open_client with socket() failing", "socket",
	    EAFNOSUPPORT);
	cr_assert(fixture_code_open_fds() == before, "%d descriptor(s) left "
	    "open after the failures (see " HANDOUT "#cleaning-up)",
	    fixture_code_open_fds() - before);
}

/* The tests below ask getaddrinfo() themselves (appended to this file). */
#include <netdb.h>

/*
 * The families of getaddrinfo(NULL, "9", flags)'s first two results, in
 * the order open_listener and open_client see them. Returns 0, or -1 when
 * there are fewer than two families (no IPv6 here).
 */
static int
two_families(int flags, int *first, int *second)
{
	struct addrinfo hints, *res;
	int rc = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = flags;
	if (getaddrinfo(NULL, "9", &hints, &res) != 0)
		return -1;
	if (res->ai_next != NULL && res->ai_family != res->ai_next->ai_family) {
		*first = res->ai_family;
		*second = res->ai_next->ai_family;
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

LAB_TEST(hidden, last_failure_reported, 1,
    "after bind() fails for one address and socket() for the next, err "
    "says \"socket: ...\"")
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct net_error err;
	int first, second, blocker, fd;
	uint16_t port;
	char text[16];

	if (two_families(AI_PASSIVE, &first, &second) == -1)
		cr_skip_test("getaddrinfo(NULL, AI_PASSIVE) gives one family");
	/* The first result's wildcard port is taken: bind() fails there. */
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)first;
	blocker = socket(first, SOCK_STREAM, 0);
	cr_assert(blocker >= 0 && bind(blocker, (struct sockaddr *)&ss,
	    first == AF_INET ? sizeof(struct sockaddr_in) :
	    sizeof(struct sockaddr_in6)) == 0 && listen(blocker, 1) == 0 &&
	    getsockname(blocker, (struct sockaddr *)&ss, &len) == 0,
	    "test set-up: %s", fixture_errno_name(errno));
	port = ntohs(first == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	snprintf(text, sizeof(text), "%u", port);
	/* And socket() fails for the second result's family. */
	cr_assert(fixture_code_deny_socket_family(second) == 0,
	    "test set-up: seccomp: %s", fixture_errno_name(errno));
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_listener(NULL, text, 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd == -1 && err.sys == EAFNOSUPPORT && errno == EAFNOSUPPORT,
	    "open_listener(NULL, \"%s\"): bind() failed for %s (EADDRINUSE), "
	    "then socket() for %s (EAFNOSUPPORT); it returned %d with err.sys "
	    "%s and errno %s, expected -1 with the last failure's "
	    "EAFNOSUPPORT: set the name and errno at every failed step (see "
	    HANDOUT "#trying-every-address)", text, fixture_family_name(first),
	    fixture_family_name(second), fd, fixture_errno_name(err.sys),
	    fixture_errno_name(errno));
	expect_call_named(&err, "open_listener, socket() failing last",
	    "socket", EAFNOSUPPORT);
	close(blocker);
}

LAB_TEST(hidden, client_last_failure_reported, 1,
    "after connect() fails for one address and socket() for the next, err "
    "says \"socket: ...\"")
{
	struct net_error err;
	int first, second, fd;
	char port[16];

	if (two_families(0, &first, &second) == -1)
		cr_skip_test("getaddrinfo(NULL) gives one family");
	/* Nothing listens in the test's network namespace but our own. */
	snprintf(port, sizeof(port), "%u", fixture_closed_port());
	cr_assert(fixture_code_deny_socket_family(second) == 0,
	    "test set-up: seccomp: %s", fixture_errno_name(errno));
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_client(NULL, port, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_client");
	cr_assert(fd == -1 && err.sys == EAFNOSUPPORT && errno == EAFNOSUPPORT,
	    "open_client(NULL, \"%s\"): connect() was refused for %s, then "
	    "socket() failed for %s (EAFNOSUPPORT); it returned %d with "
	    "err.sys %s and errno %s, expected -1 with the last failure's "
	    "EAFNOSUPPORT (see " HANDOUT "#trying-every-address)", port,
	    fixture_family_name(first), fixture_family_name(second), fd,
	    fixture_errno_name(err.sys), fixture_errno_name(errno));
	expect_call_named(&err, "open_client, socket() failing last",
	    "socket", EAFNOSUPPORT);
}

/*
 * A listener of the test's own on family's loopback address only (with
 * IPV6_V6ONLY, [::1] does not also take 127.0.0.1). Returns it and sets
 * *port; a failure fails the test.
 */
static int
loopback_listener(int family, char *port, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int on = 1, fd = socket(family, SOCK_STREAM, 0);

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr =
		    htonl(INADDR_LOOPBACK);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	cr_assert(fd >= 0 && (family != AF_INET6 || setsockopt(fd,
	    IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == 0) &&
	    bind(fd, (struct sockaddr *)&ss, family == AF_INET ?
	    sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) == 0 &&
	    listen(fd, 4) == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &len) == 0,
	    "test set-up: %s", fixture_errno_name(errno));
	snprintf(port, size, "%u", ntohs(family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port));
	return fd;
}

LAB_TEST(hidden, listener_opens_one_socket, 1,
    "open_listener(NULL, \"0\") stops at the first address that listens: "
    "one socket, no more")
{
	int before = fixture_code_open_fds();
	struct net_error err;
	int fd;

	memset(&err, 0, sizeof(err));
	fd = open_listener(NULL, "0", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd >= 0, "open_listener(NULL, \"0\") failed: %s",
	    fixture_text(err.text, sizeof(err.text)));
	/*
	 * The socket returned comes to this process; going on past it
	 * leaves another listening socket behind in the code's.
	 */
	cr_assert(fixture_code_open_fds() == before, "open_listener(NULL, "
	    "\"0\") left %d more descriptor(s) open besides the one it "
	    "returned: stop trying addresses once one listens (see " HANDOUT
	    "#trying-every-address)", fixture_code_open_fds() - before);
	close(fd);
}

/*
 * (Whether open_client goes on past a family whose socket() fails cannot
 * be tested: glibc's getaddrinfo() probes each destination with a socket
 * of its own and sorts the ones it cannot reach last, RFC 6724 rule 1,
 * so the failing family is always the last result.)
 */
LAB_TEST(hidden, client_stops_at_first, 1,
    "open_client stops at the first address that connects")
{
	struct net_error err;
	int first, second, listener, before, fd;
	char port[16];

	if (two_families(0, &first, &second) == -1)
		cr_skip_test("getaddrinfo(NULL) gives one family");
	/* The first address accepts: the second would refuse. */
	listener = loopback_listener(first, port, sizeof(port));
	before = fixture_code_open_fds();
	memset(&err, 0, sizeof(err));
	fd = open_client(NULL, port, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_client");
	/* The socket returned comes to this process: nothing stays. */
	cr_assert(fd >= 0 && fixture_code_open_fds() == before,
	    "open_client(NULL, \"%s\") with a server on its first address "
	    "(%s) returned %d (%s) and left %d more descriptor(s) open, "
	    "expected a socket and none: stop at the first connect() that "
	    "works (see "
	    HANDOUT "#trying-every-address)", port,
	    fixture_family_name(first), fd,
	    fixture_text(err.text, sizeof(err.text)),
	    fixture_code_open_fds() - before);
	close(fd);
	close(listener);
}

LAB_TEST(hidden, gai_failure_no_errno, 1,
    "a getaddrinfo() failure sets err.gai, with err.sys and errno 0")
{
	struct net_error err;
	int fd;

	/* No such service: EAI_SERVICE or EAI_NONAME, never EAI_SYSTEM. */
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_listener("127.0.0.1", "no-such-service", 8, &err);
	LAB_REQUIRE_IMPLEMENTED(fd, "open_listener");
	cr_assert(fd == -1 && err.gai != 0 && err.sys == 0 && errno == 0,
	    "open_listener with an unknown service returned %d, err.gai %d, "
	    "err.sys %s, errno %s; expected -1, a getaddrinfo() code, 0, 0: "
	    "no system call failed, so there is no errno to report (see "
	    HANDOUT "#getaddrinfo-errors)", fd, err.gai,
	    fixture_errno_name(err.sys), fixture_errno_name(errno));
	memset(&err, 0, sizeof(err));
	errno = 0;
	fd = open_client("127.0.0.1", "no-such-service", &err);
	cr_assert(fd == -1 && err.gai != 0 && err.sys == 0 && errno == 0,
	    "open_client with an unknown service returned %d, err.gai %d, "
	    "err.sys %s, errno %s; expected -1, a getaddrinfo() code, 0, 0 "
	    "(see " HANDOUT "#getaddrinfo-errors)", fd, err.gai,
	    fixture_errno_name(err.sys), fixture_errno_name(errno));
}
