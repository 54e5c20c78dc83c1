/*
 * Lab 02 hidden tests: the same contract, checked where code that only
 * satisfies the public tests tends to break (bad input, other failures).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bind.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/02-bind.md"

LAB_TEST(hidden, fill_rejects_bad_addresses, 1,
    "bind_fill_ipv4/6 reject strings that are not numeric addresses")
{
	static const char *const bad4[] = { "localhost", "256.1.1.1",
		"1.2.3", "::1" };
	static const char *const bad6[] = { "localhost", "127.0.0.1",
		"1::2::3" };
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;

	for (size_t i = 0; i < sizeof(bad4) / sizeof(bad4[0]); i++) {
		errno = 0;
		int rc = bind_fill_ipv4(&sa, bad4[i], 80);

		cr_assert(rc == -1 && errno == EINVAL, "bind_fill_ipv4(\"%s\") "
		    "returned %d with errno %s, expected -1 with EINVAL: "
		    "inet_pton() returns 0 (not -1) for a string that is not an "
		    "address (see " HANDOUT "#filling-the-address)", bad4[i],
		    rc, fixture_errno_name(errno));
	}
	for (size_t i = 0; i < sizeof(bad6) / sizeof(bad6[0]); i++) {
		errno = 0;
		int rc = bind_fill_ipv6(&sa6, bad6[i], 80);

		cr_assert(rc == -1 && errno == EINVAL, "bind_fill_ipv6(\"%s\") "
		    "returned %d with errno %s, expected -1 with EINVAL (see "
		    HANDOUT "#ipv6)", bad6[i], rc, fixture_errno_name(errno));
	}
}

LAB_TEST(hidden, bad_family_and_address, 1,
    "bind_tcp: unknown family EAFNOSUPPORT, foreign address, no leaks")
{
	int before = fixture_code_open_fds();
	uint16_t port = 1;
	int fd;

	errno = 0;
	fd = bind_tcp(AF_UNIX, NULL, 0);
	cr_assert(fd == -1 && errno == EAFNOSUPPORT, "bind_tcp(AF_UNIX) "
	    "returned %d with errno %s, expected -1 with EAFNOSUPPORT (see "
	    HANDOUT "#your-task)", fd, fixture_errno_name(errno));
	errno = 0;
	fd = bind_tcp(AF_INET, "not-an-ip", 0);
	cr_assert(fd == -1 && errno == EINVAL, "bind_tcp(AF_INET, "
	    "\"not-an-ip\") returned %d with errno %s, expected -1 with "
	    "EINVAL (see " HANDOUT "#filling-the-address)", fd,
	    fixture_errno_name(errno));
	/* 192.0.2.7 (TEST-NET-1) belongs to no interface of this host. */
	errno = 0;
	fd = bind_ephemeral(AF_INET, "192.0.2.7", &port);
	cr_assert(fd == -1 && errno == EADDRNOTAVAIL, "bind_ephemeral on an "
	    "address of no local interface returned %d with errno %s, "
	    "expected -1 with EADDRNOTAVAIL (see " HANDOUT
	    "#address-in-use)", fd, fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d over three failed calls (see " HANDOUT
	    "#address-in-use)", before, fixture_code_open_fds());
}

LAB_TEST(hidden, ipv6_loopback_ephemeral, 1,
    "bind_ephemeral(AF_INET6, \"::1\") binds ::1 and reports its port")
{
	struct sockaddr_in6 sin6;
	socklen_t len = sizeof(sin6);
	uint16_t port = 0;
	int fd;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	fd = bind_ephemeral(AF_INET6, "::1", &port);
	cr_assert(fd >= 0, "bind_ephemeral(AF_INET6, ::1) failed with errno "
	    "%s (see " HANDOUT "#ipv6)", fixture_errno_name(errno));
	cr_assert(getsockname(fd, (struct sockaddr *)&sin6, &len) == 0);
	cr_assert(sin6.sin6_family == AF_INET6 &&
	    memcmp(&sin6.sin6_addr, &in6addr_loopback, 16) == 0 &&
	    ntohs(sin6.sin6_port) == port, "bind_ephemeral(AF_INET6, ::1) "
	    "reported port %u; the kernel shows family %s, port %u (see "
	    HANDOUT "#ipv6)", port, fixture_family_name(sin6.sin6_family),
	    ntohs(sin6.sin6_port));
	close(fd);
}

LAB_TEST(hidden, bad_ipv6_address_binds_nothing, 1,
    "bind_tcp(AF_INET6) with a string that is no address fails, never "
    "binding the wildcard")
{
	int before = fixture_code_open_fds();
	int fd;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	errno = 0;
	fd = bind_tcp(AF_INET6, "not-an-ip", 0);
	LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
	/* A failed fill leaves the zeroed struct: the wildcard address. */
	cr_assert(fd == -1 && errno == EINVAL, "bind_tcp(AF_INET6, "
	    "\"not-an-ip\") returned %d with errno %s, expected -1 with "
	    "EINVAL: stop when bind_fill_ipv6 fails, or the socket is bound "
	    "to the wildcard address :: (see " HANDOUT "#filling-the-address)",
	    fd, fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "bind_tcp left %d "
	    "descriptor(s) open after failing (see " HANDOUT "#your-task)",
	    fixture_code_open_fds() - before);
}

LAB_TEST(hidden, socket_failure_keeps_errno, 1,
    "bind_tcp reports socket()'s own errno when socket() fails")
{
	int before = fixture_code_open_fds();
	int fd;

	/* socket(AF_INET, ...) now fails with EAFNOSUPPORT in the code. */
	cr_assert(fixture_code_deny_socket_family(AF_INET) == 0,
	    "test set-up: seccomp: %s", fixture_errno_name(errno));
	errno = 0;
	fd = bind_tcp(AF_INET, "127.0.0.1", 0);
	LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
	cr_assert(fd == -1 && errno == EAFNOSUPPORT, "with socket() failing "
	    "with EAFNOSUPPORT, bind_tcp returned %d with errno %s, expected "
	    "-1 with EAFNOSUPPORT: check socket()'s result before using the "
	    "descriptor (an EBADF means -1 went on to bind) (see " HANDOUT
	    "#your-task)", fd, fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "bind_tcp left %d "
	    "descriptor(s) open after failing", fixture_code_open_fds() -
	    before);
}

LAB_TEST(hidden, ephemeral_twice, 1,
    "two bind_ephemeral calls get two different ports from the kernel")
{
	uint16_t first = 0, second = 0;
	int a, b;

	a = bind_ephemeral(AF_INET, "127.0.0.1", &first);
	LAB_REQUIRE_IMPLEMENTED(a, "bind_ephemeral");
	cr_assert(a >= 0, "bind_ephemeral failed with errno %s",
	    fixture_errno_name(errno));
	/* Port 0 asks the kernel for a free port; a fixed port is taken. */
	b = bind_ephemeral(AF_INET, "127.0.0.1", &second);
	cr_assert(b >= 0, "a second bind_ephemeral failed with errno %s "
	    "while the first socket holds port %u: bind to port 0 so the "
	    "kernel picks a free port (see " HANDOUT "#port-zero)",
	    fixture_errno_name(errno), first);
	cr_assert(first != second, "both calls reported port %u (see "
	    HANDOUT "#port-zero)", first);
	close(a);
	close(b);
}
