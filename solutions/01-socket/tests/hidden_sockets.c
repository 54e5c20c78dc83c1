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

/*
 * More rounds than the code under test may open descriptors (256), so a
 * leak of one per call also runs into the limit.
 */
#define ROUNDS 300

/* Each round is two calls into the worker: allow for a loaded machine. */
LAB_TEST_TIMED(hidden, open_close_many, 1, 10.0,
    "300 rounds of sock_open and sock_close leave no descriptor behind")
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

LAB_TEST(hidden, pair_closes_its_own, 1,
    "sock_open_pair closes its own TCP socket, and nothing else, when the "
    "UDP one fails")
{
	int fds[2] = { -1, -1 };
	int before = fixture_code_open_fds();
	int lowest_free = fixture_code_lowest_free_fd();
	int after, rc;

	/* Room for one socket only: the TCP one gets lowest_free. */
	cr_assert(fixture_code_limit_fds((unsigned long)lowest_free + 1) == 0,
	    "test set-up: prlimit: %s", fixture_errno_name(errno));
	errno = 0;
	rc = sock_open_pair(AF_INET, fds);
	LAB_REQUIRE_IMPLEMENTED(rc, "sock_open_pair");
	cr_assert(rc == -1 && errno == EMFILE, "sock_open_pair returned %d "
	    "with errno %s, expected -1 with EMFILE from the second socket() "
	    "(see " HANDOUT "#errors)", rc, fixture_errno_name(errno));
	cr_assert(rc == -1, "sock_open_pair "
	    "succeeded with room for one descriptor only (see " HANDOUT
	    "#descriptors)");
	/*
	 * Counting descriptors is not enough: closing some other descriptor
	 * instead of the TCP socket keeps the count. The socket's number
	 * must be free again, and the count as it was.
	 */
	after = fixture_code_lowest_free_fd();
	cr_assert(after == lowest_free && fixture_code_open_fds() == before,
	    "after the failure the lowest free descriptor is %d, expected %d "
	    "(the TCP socket's), with %d open, expected %d: close fds[0], the "
	    "socket you opened, not another descriptor (see " HANDOUT
	    "#descriptors)", after, lowest_free, fixture_code_open_fds(),
	    before);
}
