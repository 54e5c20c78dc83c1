/*
 * Lab 01 public tests. Each test asks the kernel (getsockopt, descriptor
 * counts) what the student's code really did, and a failure says what was
 * observed, what was expected, the likely cause and where to read more.
 */
#define _DEFAULT_SOURCE /* SO_DOMAIN, SO_PROTOCOL */

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sockets.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/01-socket.md"

/* A family number no kernel implements. */
#define NO_SUCH_FAMILY 4242

static int
kernel_option(int fd, int option)
{
	int value = -1;
	socklen_t len = sizeof(value);

	cr_assert(getsockopt(fd, SOL_SOCKET, option, &value, &len) == 0,
	    "getsockopt on descriptor %d failed (%s): the value returned is "
	    "not a socket descriptor; return what socket() returned "
	    "(see " HANDOUT "#creating-a-socket)", fd, strerror(errno));
	return value;
}

/* Checks, through the kernel, that fd is a socket of the expected kind. */
static void
expect_socket(int fd, int family, int type, int protocol, const char *call)
{
	int got;

	LAB_REQUIRE_IMPLEMENTED(fd, call);
	cr_assert(fd >= 0, "%s returned %d (errno %s), expected a descriptor: "
	    "check the arguments to socket() (see " HANDOUT
	    "#creating-a-socket)", call, fd, fixture_errno_name(errno));
	got = kernel_option(fd, SO_DOMAIN);
	cr_assert(got == family, "%s: the kernel says the family is %s, "
	    "expected %s: pass the family argument on to socket() unchanged "
	    "(see " HANDOUT "#socket-arguments)", call,
	    fixture_family_name(got), fixture_family_name(family));
	got = kernel_option(fd, SO_TYPE);
	cr_assert(got == type, "%s: the kernel says the type is %s, expected "
	    "%s: TCP is SOCK_STREAM and UDP is SOCK_DGRAM (see " HANDOUT
	    "#socket-arguments)", call, fixture_socktype_name(got),
	    fixture_socktype_name(type));
	got = kernel_option(fd, SO_PROTOCOL);
	cr_assert(got == protocol, "%s: the kernel says the protocol is %d, "
	    "expected %d: pass 0 as the protocol and let the kernel pick the "
	    "one that goes with the type (see " HANDOUT "#socket-arguments)",
	    call, got, protocol);
	close(fd);
}

LAB_TEST(socket, tcp_ipv4, 1, "sock_open makes an IPv4 TCP socket")
{
	expect_socket(sock_open(AF_INET, SOCK_TRANSPORT_TCP), AF_INET,
	    SOCK_STREAM, IPPROTO_TCP, "sock_open(AF_INET, TCP)");
}

LAB_TEST(socket, udp_ipv4, 1, "sock_open makes an IPv4 UDP socket")
{
	expect_socket(sock_open(AF_INET, SOCK_TRANSPORT_UDP), AF_INET,
	    SOCK_DGRAM, IPPROTO_UDP, "sock_open(AF_INET, UDP)");
}

LAB_TEST(socket, tcp_ipv6, 1, "sock_open makes an IPv6 TCP socket")
{
	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	expect_socket(sock_open(AF_INET6, SOCK_TRANSPORT_TCP), AF_INET6,
	    SOCK_STREAM, IPPROTO_TCP, "sock_open(AF_INET6, TCP)");
}

LAB_TEST(socket, udp_ipv6, 1, "sock_open makes an IPv6 UDP socket")
{
	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	expect_socket(sock_open(AF_INET6, SOCK_TRANSPORT_UDP), AF_INET6,
	    SOCK_DGRAM, IPPROTO_UDP, "sock_open(AF_INET6, UDP)");
}

LAB_TEST(socket, unsupported_family, 1,
    "sock_open reports an unknown family with -1 and EAFNOSUPPORT")
{
	int before = fixture_code_open_fds();
	int fd;

	errno = 0;
	fd = sock_open(NO_SUCH_FAMILY, SOCK_TRANSPORT_TCP);
	LAB_REQUIRE_IMPLEMENTED(fd, "sock_open(4242, TCP)");
	cr_assert(fd == -1, "sock_open(4242, TCP) returned %d, expected -1: "
	    "return socket()'s result, which is -1 on failure (see " HANDOUT
	    "#errors)", fd);
	cr_assert(errno == EAFNOSUPPORT, "sock_open(4242, TCP) left errno "
	    "%s, expected EAFNOSUPPORT: errno must be the one socket() set; "
	    "a later call (printf, close) may have overwritten it (see "
	    HANDOUT "#errors)", fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d after a failed sock_open: nothing may stay open "
	    "when it fails (see " HANDOUT "#descriptors)", before,
	    fixture_code_open_fds());
}

LAB_TEST(socket, describe_matches_kernel, 1,
    "sock_describe reports family, type and protocol as the kernel does")
{
	static const struct {
		int family, type, protocol;
	} cases[] = {
		{ AF_INET, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_UNIX, SOCK_STREAM, 0 },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sock_info info = { -1, -1, -1 };
		int fd = socket(cases[i].family, cases[i].type, 0);
		int rc;

		if (fd == -1)
			continue; /* e.g. no IPv6 here */
		rc = sock_describe(fd, &info);
		LAB_REQUIRE_IMPLEMENTED(rc, "sock_describe");
		cr_assert(rc == 0, "sock_describe on a %s %s socket returned "
		    "%d (errno %s), expected 0 (see " HANDOUT
		    "#asking-the-kernel)", fixture_family_name(cases[i].family),
		    fixture_socktype_name(cases[i].type), rc,
		    fixture_errno_name(errno));
		cr_assert(info.family == cases[i].family &&
		    info.type == cases[i].type &&
		    info.protocol == cases[i].protocol,
		    "sock_describe on a %s %s socket said family %s, type %s, "
		    "protocol %s; the kernel says %s, %s, %s: ask for "
		    "SO_DOMAIN, SO_TYPE and SO_PROTOCOL, each into its own "
		    "field (see " HANDOUT "#asking-the-kernel)",
		    fixture_family_name(cases[i].family),
		    fixture_socktype_name(cases[i].type),
		    fixture_family_name(info.family),
		    fixture_socktype_name(info.type),
		    fixture_protocol_name(info.protocol),
		    fixture_family_name(cases[i].family),
		    fixture_socktype_name(cases[i].type),
		    fixture_protocol_name(cases[i].protocol));
		close(fd);
	}
}

LAB_TEST(socket, describe_rejects_non_sockets, 1,
    "sock_describe fails with ENOTSOCK on a pipe and EBADF on a closed fd")
{
	struct sock_info info;
	int pipefd[2];
	int rc;

	cr_assert(pipe(pipefd) == 0);
	errno = 0;
	rc = sock_describe(pipefd[0], &info);
	LAB_REQUIRE_IMPLEMENTED(rc, "sock_describe");
	cr_assert(rc == -1 && errno == ENOTSOCK, "sock_describe on a pipe "
	    "returned %d with errno %s, expected -1 with ENOTSOCK: return -1 "
	    "as soon as getsockopt() fails, and keep its errno (see " HANDOUT
	    "#errors)", rc, fixture_errno_name(errno));
	close(pipefd[0]);
	close(pipefd[1]);
	errno = 0;
	rc = sock_describe(pipefd[0], &info);
	cr_assert(rc == -1 && errno == EBADF, "sock_describe on a closed "
	    "descriptor returned %d with errno %s, expected -1 with EBADF "
	    "(see " HANDOUT "#errors)", rc, fixture_errno_name(errno));
}

LAB_TEST(socket, close_releases, 1,
    "sock_close releases the descriptor and reports a bad one")
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int rc;

	cr_assert(fd >= 0);
	rc = sock_close(fd);
	LAB_REQUIRE_IMPLEMENTED(rc, "sock_close");
	cr_assert(rc == 0, "sock_close on an open socket returned %d (errno "
	    "%s), expected 0 (see " HANDOUT "#descriptors)", rc,
	    fixture_errno_name(errno));
	cr_assert(!fixture_fd_is_open(fd), "descriptor %d is still open "
	    "after sock_close: call close() on it (see " HANDOUT
	    "#descriptors)", fd);
	errno = 0;
	rc = sock_close(fd);
	cr_assert(rc == -1 && errno == EBADF, "closing descriptor %d a "
	    "second time returned %d with errno %s, expected -1 with EBADF: "
	    "return close()'s result (see " HANDOUT "#descriptors)", fd, rc,
	    fixture_errno_name(errno));
}

LAB_TEST(socket, pair_leaks_nothing, 1,
    "sock_open_pair closes its first socket when the second fails")
{
	int fds[2] = { -1, -1 };
	int before = fixture_code_open_fds();
	int lowest_free = fixture_code_lowest_free_fd();
	int rc;

	/*
	 * RLIMIT_NOFILE caps descriptor numbers: allowing numbers up to the
	 * lowest free one leaves room for exactly one socket, the TCP one.
	 */
	cr_assert(fixture_code_limit_fds((unsigned long)lowest_free + 1) == 0,
	    "test set-up: prlimit: %s", strerror(errno));
	errno = 0;
	rc = sock_open_pair(AF_INET, fds);
	LAB_REQUIRE_IMPLEMENTED(rc, "sock_open_pair");
	cr_assert(rc == -1, "sock_open_pair returned %d with room for one "
	    "descriptor only, expected -1 (see " HANDOUT "#descriptors)", rc);
	cr_assert(errno == EMFILE, "sock_open_pair failed with errno %s, "
	    "expected EMFILE (too many open files) from the second socket(): "
	    "save errno before close() and restore it after (see " HANDOUT
	    "#errors)", fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "%d descriptor(s) "
	    "leaked: sock_open_pair must close the TCP socket when the UDP "
	    "one fails (see " HANDOUT "#descriptors)",
	    fixture_code_open_fds() - before);
}

LAB_TEST(socket, pair_opens_both, 1,
    "sock_open_pair returns a TCP socket and a UDP socket")
{
	int fds[2] = { -1, -1 };
	int rc = sock_open_pair(AF_INET, fds);

	LAB_REQUIRE_IMPLEMENTED(rc, "sock_open_pair");
	cr_assert(rc == 0, "sock_open_pair(AF_INET) returned %d (errno %s), "
	    "expected 0 (see " HANDOUT "#your-task)", rc,
	    fixture_errno_name(errno));
	expect_socket(fds[0], AF_INET, SOCK_STREAM, IPPROTO_TCP,
	    "sock_open_pair: fds[0]");
	expect_socket(fds[1], AF_INET, SOCK_DGRAM, IPPROTO_UDP,
	    "sock_open_pair: fds[1]");
}
