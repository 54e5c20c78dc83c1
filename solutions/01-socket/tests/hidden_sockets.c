/*
 * Lab 01 hidden tests: the same contract, checked where a solution that
 * only satisfies the public tests tends to break.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockets.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/01-socket.md"

/* Enough rounds that a leak of one descriptor per call hits the limit. */
#define ROUNDS 2000

LAB_TEST(hidden, open_close_many, 1,
    "2000 rounds of sock_open and sock_close leave no descriptor behind")
{
	int before = fixture_code_open_fds();

	for (int i = 0; i < ROUNDS; i++) {
		int fd = sock_open(i % 2 ? AF_INET : AF_INET6,
		    i % 3 ? SOCK_TRANSPORT_TCP : SOCK_TRANSPORT_UDP);

		if (fd == -1 && errno == EAFNOSUPPORT)
			continue; /* no IPv6 here */
		cr_assert(fd >= 0, "round %d: sock_open failed with errno %s "
		    "(see " HANDOUT "#descriptors)", i,
		    fixture_errno_name(errno));
		cr_assert(sock_close(fd) == 0, "round %d: sock_close failed "
		    "with errno %s", i, fixture_errno_name(errno));
	}
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d over %d rounds (see " HANDOUT "#descriptors)",
	    before, fixture_code_open_fds(), ROUNDS);
}

LAB_TEST(hidden, pair_ipv6, 1,
    "sock_open_pair works for IPv6 too, with two distinct descriptors")
{
	int fds[2] = { -1, -1 };
	struct sock_info tcp, udp;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	cr_assert(sock_open_pair(AF_INET6, fds) == 0, "sock_open_pair("
	    "AF_INET6) failed with errno %s", fixture_errno_name(errno));
	cr_assert(fds[0] != fds[1], "both sockets are descriptor %d", fds[0]);
	cr_assert(sock_describe(fds[0], &tcp) == 0 &&
	    sock_describe(fds[1], &udp) == 0);
	cr_assert(tcp.family == AF_INET6 && tcp.type == SOCK_STREAM &&
	    udp.family == AF_INET6 && udp.type == SOCK_DGRAM,
	    "sock_open_pair(AF_INET6) gave %d/%d and %d/%d (family/type), "
	    "expected AF_INET6 TCP then UDP (see " HANDOUT "#your-task)",
	    tcp.family, tcp.type, udp.family, udp.type);
	close(fds[0]);
	close(fds[1]);
}
