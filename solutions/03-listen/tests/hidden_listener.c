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
