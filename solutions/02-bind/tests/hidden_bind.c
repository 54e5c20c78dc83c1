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
