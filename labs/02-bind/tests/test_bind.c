/*
 * Lab 02 public tests. The tests read back what the kernel recorded
 * (getsockname, /proc/net/tcp) rather than what the code meant to do, and
 * a failure names what was seen, what was expected and the likely cause.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bind.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/02-bind.md"

/* A byte pattern no correct fill function leaves anywhere. */
#define GARBAGE 0xA5

static uint16_t
swap16(uint16_t v)
{
	return (uint16_t)((v << 8) | (v >> 8));
}

/* Explains a port that differs from the one asked for. */
static const char *
port_cause(unsigned got, unsigned want)
{
	if (got == swap16((uint16_t)want))
		return "the bytes are swapped: the port must be in network byte "
		    "order, sin_port = htons(port) (see " HANDOUT
		    "#byte-order)";
	if (got == 0)
		return "the port was never set (see " HANDOUT "#byte-order)";
	return "store htons(port) in the port field (see " HANDOUT
	    "#byte-order)";
}

/* Formats the address and port of a sockaddr as "1.2.3.4:80". */
static const char *
addr_text(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
	} else {
		snprintf(buf, size, "(%s)", fixture_family_name(ss->ss_family));
	}
	return buf;
}

/* The local address of fd, from the kernel. */
static struct sockaddr_storage
local_address(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	cr_assert(getsockname(fd, (struct sockaddr *)&ss, &len) == 0,
	    "getsockname on descriptor %d failed (%s): return the socket "
	    "you bound (see " HANDOUT "#your-task)", fd, strerror(errno));
	return ss;
}

static unsigned
local_port(int fd)
{
	struct sockaddr_storage ss = local_address(fd);

	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/*
 * Returns a port that is free on 127.0.0.1 right now and whose two bytes
 * differ, with a swapped value above 1023 (so a missing htons() shows up
 * as a different, unprivileged port rather than as a permission error).
 */
static uint16_t
free_port(void)
{
	for (int tries = 0; tries < 100; tries++) {
		struct sockaddr_in sin;
		socklen_t len = sizeof(sin);
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		uint16_t port;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		cr_assert(fd >= 0);
		cr_assert(bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
		cr_assert(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
		close(fd);
		port = ntohs(sin.sin_port);
		if ((port & 0xff) >= 4 && (port & 0xff) != (port >> 8))
			return port;
	}
	cr_assert_fail("could not find a free port for the test");
	return 0;
}

LAB_TEST(bind, fill_ipv4, 2,
    "bind_fill_ipv4 sets family, port (network order) and address")
{
	static const char *const ips[] = { NULL, "127.0.0.1", "192.0.2.7" };
	static const uint16_t ports[] = { 8080, 5000, 49321 };

	for (size_t i = 0; i < 3; i++) {
		struct sockaddr_in sa, want_addr;
		char got[INET_ADDRSTRLEN], want[INET_ADDRSTRLEN];
		const char *ip = ips[i] != NULL ? ips[i] : "NULL";
		unsigned port;
		int rc;

		memset(&sa, GARBAGE, sizeof(sa));
		errno = 0;
		rc = bind_fill_ipv4(&sa, ips[i], ports[i]);
		LAB_REQUIRE_IMPLEMENTED(rc, "bind_fill_ipv4");
		cr_assert(rc == 0, "bind_fill_ipv4(%s, %u) returned %d (errno "
		    "%s), expected 0 (see " HANDOUT "#filling-the-address)", ip,
		    ports[i], rc, fixture_errno_name(errno));
		cr_assert(sa.sin_family == AF_INET, "bind_fill_ipv4(%s, %u): "
		    "sin_family is %d, expected AF_INET (%d) (see " HANDOUT
		    "#filling-the-address)", ip, ports[i], sa.sin_family,
		    AF_INET);
		port = ntohs(sa.sin_port);
		cr_assert(port == ports[i], "bind_fill_ipv4(%s, %u): the kernel "
		    "would bind port %u (sin_port holds 0x%04x), expected %u: "
		    "%s", ip, ports[i], port, (unsigned)sa.sin_port, ports[i],
		    port_cause(port, ports[i]));
		memset(&want_addr, 0, sizeof(want_addr));
		if (ips[i] == NULL)
			want_addr.sin_addr.s_addr = htonl(INADDR_ANY);
		else
			inet_pton(AF_INET, ips[i], &want_addr.sin_addr);
		inet_ntop(AF_INET, &sa.sin_addr, got, sizeof(got));
		inet_ntop(AF_INET, &want_addr.sin_addr, want, sizeof(want));
		cr_assert(sa.sin_addr.s_addr == want_addr.sin_addr.s_addr,
		    "bind_fill_ipv4(%s, %u): address %s, expected %s: %s",
		    ip, ports[i], got, want, ips[i] == NULL ?
		    "ip NULL means the wildcard address INADDR_ANY (0.0.0.0, "
		    "every local address), not the loopback 127.0.0.1 (see "
		    HANDOUT "#wildcard-or-loopback)" :
		    "convert the ip argument with inet_pton() (see " HANDOUT
		    "#wildcard-or-loopback)");
		for (size_t b = 0; b < sizeof(sa.sin_zero); b++)
			cr_assert(sa.sin_zero[b] == 0, "bind_fill_ipv4: "
			    "sin_zero[%zu] is 0x%02x, expected 0: zero the "
			    "whole struct with memset() before filling it in "
			    "(see " HANDOUT "#filling-the-address)", b,
			    (unsigned char)sa.sin_zero[b]);
	}
}

LAB_TEST(bind, fill_ipv6, 2,
    "bind_fill_ipv6 sets AF_INET6, the port and in6addr_any or the address")
{
	static const char *const ips[] = { NULL, "::1", "2001:db8::7" };

	for (size_t i = 0; i < 3; i++) {
		struct sockaddr_in6 sa;
		struct in6_addr want_addr = in6addr_any;
		char got[INET6_ADDRSTRLEN], want[INET6_ADDRSTRLEN];
		const char *ip = ips[i] != NULL ? ips[i] : "NULL";
		unsigned port;
		int rc;

		memset(&sa, GARBAGE, sizeof(sa));
		errno = 0;
		rc = bind_fill_ipv6(&sa, ips[i], 8080);
		LAB_REQUIRE_IMPLEMENTED(rc, "bind_fill_ipv6");
		cr_assert(rc == 0, "bind_fill_ipv6(%s, 8080) returned %d (errno "
		    "%s), expected 0 (see " HANDOUT "#ipv6)", ip, rc,
		    fixture_errno_name(errno));
		cr_assert(sa.sin6_family == AF_INET6, "bind_fill_ipv6(%s, "
		    "8080): sin6_family is %s (%d), expected AF_INET6 (%d): an "
		    "IPv6 address needs sin6_family = AF_INET6, or bind() "
		    "rejects it (see " HANDOUT "#ipv6)", ip,
		    fixture_family_name(sa.sin6_family), sa.sin6_family,
		    AF_INET6);
		port = ntohs(sa.sin6_port);
		cr_assert(port == 8080, "bind_fill_ipv6(%s, 8080): the kernel "
		    "would bind port %u, expected 8080: %s", ip, port,
		    port_cause(port, 8080));
		if (ips[i] != NULL)
			inet_pton(AF_INET6, ips[i], &want_addr);
		inet_ntop(AF_INET6, &sa.sin6_addr, got, sizeof(got));
		inet_ntop(AF_INET6, &want_addr, want, sizeof(want));
		cr_assert(memcmp(&sa.sin6_addr, &want_addr,
		    sizeof(want_addr)) == 0, "bind_fill_ipv6(%s, 8080): "
		    "address %s, expected %s: %s", ip, got, want,
		    ips[i] == NULL ? "ip NULL means in6addr_any (::), the IPv6 "
		    "wildcard (see " HANDOUT "#ipv6)" : "convert ip with "
		    "inet_pton(AF_INET6, ...) (see " HANDOUT "#ipv6)");
		cr_assert(sa.sin6_flowinfo == 0 && sa.sin6_scope_id == 0,
		    "bind_fill_ipv6(%s, 8080): sin6_flowinfo is 0x%x and "
		    "sin6_scope_id is 0x%x, expected 0 and 0: zero the whole "
		    "struct with memset() first (see " HANDOUT "#ipv6)", ip,
		    (unsigned)sa.sin6_flowinfo, (unsigned)sa.sin6_scope_id);
	}
}

LAB_TEST(bind, port_in_network_order, 2,
    "bind_tcp binds the port asked for (the kernel confirms it)")
{
	uint16_t port = free_port();
	int fd;
	unsigned got;

	errno = 0;
	fd = bind_tcp(AF_INET, "127.0.0.1", port);
	LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
	cr_assert(fd >= 0, "bind_tcp(AF_INET, 127.0.0.1, %u) returned %d "
	    "(errno %s) for a free port, expected a descriptor; without "
	    "htons() the kernel is asked for port %u instead (see " HANDOUT
	    "#byte-order)", port, fd, fixture_errno_name(errno),
	    swap16(port));
	got = local_port(fd);
	cr_assert(got == port, "bound to port %u, expected %u: %s", got,
	    port, port_cause(got, port));
	close(fd);
}

LAB_TEST(bind, wildcard_or_loopback, 1,
    "bind_tcp binds 0.0.0.0 for ip NULL and 127.0.0.1 when asked")
{
	static const char *const ips[] = { NULL, "127.0.0.1" };

	for (size_t i = 0; i < 2; i++) {
		struct sockaddr_storage ss;
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		char text[64];
		in_addr_t want = ips[i] == NULL ? htonl(INADDR_ANY) :
		    htonl(INADDR_LOOPBACK);
		int fd;

		errno = 0;
		fd = bind_tcp(AF_INET, ips[i], 0);
		LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
		cr_assert(fd >= 0, "bind_tcp(AF_INET, %s, 0) returned %d "
		    "(errno %s), expected a descriptor (see " HANDOUT
		    "#your-task)", ips[i] ? ips[i] : "NULL", fd,
		    fixture_errno_name(errno));
		ss = local_address(fd);
		cr_assert(ss.ss_family == AF_INET, "bind_tcp(AF_INET, ...): "
		    "the socket's family is %s, expected AF_INET (see " HANDOUT
		    "#your-task)", fixture_family_name(ss.ss_family));
		cr_assert(sin->sin_addr.s_addr == want, "bind_tcp(AF_INET, %s, "
		    "0): getsockname shows %s, expected %s: %s",
		    ips[i] ? ips[i] : "NULL", addr_text(&ss, text, sizeof(text)),
		    ips[i] == NULL ? "0.0.0.0 (the wildcard)" : "127.0.0.1",
		    ips[i] == NULL ? "ip NULL means INADDR_ANY, which accepts "
		    "connections on every local address; INADDR_LOOPBACK only "
		    "on 127.0.0.1 (see " HANDOUT "#wildcard-or-loopback)" :
		    "bind the address given in ip (see " HANDOUT
		    "#wildcard-or-loopback)");
		close(fd);
	}
}

LAB_TEST(bind, ephemeral_port_read_back, 2,
    "bind_ephemeral reports the port the kernel chose (getsockname)")
{
	int families[] = { AF_INET, AF_INET6 };
	const char *ips[] = { "127.0.0.1", "::1" };

	for (size_t i = 0; i < 2; i++) {
		uint16_t port = 0;
		unsigned kernel;
		int fd;

		if (families[i] == AF_INET6 && !fixture_ipv6_available())
			continue;
		errno = 0;
		fd = bind_ephemeral(families[i], ips[i], &port);
		LAB_REQUIRE_IMPLEMENTED(fd, "bind_ephemeral");
		cr_assert(fd >= 0, "bind_ephemeral(%s, %s) returned %d (errno "
		    "%s), expected a descriptor (see " HANDOUT "#port-zero)",
		    fixture_family_name(families[i]), ips[i], fd,
		    fixture_errno_name(errno));
		kernel = local_port(fd);
		cr_assert(kernel != 0, "bind_ephemeral(%s, %s): the socket is "
		    "not bound (getsockname shows port 0): bind it to port 0 "
		    "first (see " HANDOUT "#port-zero)",
		    fixture_family_name(families[i]), ips[i]);
		cr_assert(port == kernel, "bind_ephemeral(%s, %s) reported port "
		    "%u, but the kernel chose %u: %s",
		    fixture_family_name(families[i]), ips[i], port, kernel,
		    port == 0 ? "port 0 asks the kernel to choose; read its "
		    "choice back with getsockname() after bind() (see " HANDOUT
		    "#port-zero)" : port == swap16((uint16_t)kernel) ?
		    "convert sin_port back to host order with ntohs() (see "
		    HANDOUT "#byte-order)" : "read the port from getsockname()"
		    " (see " HANDOUT "#port-zero)");
		close(fd);
	}
}

LAB_TEST(bind, address_in_use, 2,
    "bind_tcp on a taken port: -1, errno EADDRINUSE, nothing left open")
{
	uint16_t port = 0;
	int listener = fixture_loopback_socket(1, &port);
	int before = fixture_code_open_fds();
	int fd;

	cr_assert(listener >= 0, "the test could not make its listener: %s",
	    strerror(errno));
	errno = 0;
	fd = bind_tcp(AF_INET, "127.0.0.1", port);
	LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
	cr_assert(fd == -1, "bind_tcp(AF_INET, 127.0.0.1, %u) returned "
	    "descriptor %d, but a listening socket already holds that port "
	    "and bind() failed with EADDRINUSE: check bind()'s return value "
	    "and return -1 when it fails (see " HANDOUT "#address-in-use)",
	    port, fd);
	cr_assert(errno == EADDRINUSE, "bind_tcp on a taken port returned -1 "
	    "with errno %s, expected EADDRINUSE: a call in the cleanup "
	    "(close, shutdown, printf) overwrote the errno bind() set; save "
	    "errno before cleaning up and restore it (see " HANDOUT
	    "#address-in-use)", fixture_errno_name(errno));
	cr_assert(fixture_code_open_fds() == before, "open descriptors went "
	    "from %d to %d after a failed bind_tcp: close the socket when "
	    "bind() fails (see " HANDOUT "#address-in-use)", before,
	    fixture_code_open_fds());
	errno = 0;
	fd = bind_reusable(AF_INET, "127.0.0.1", port);
	cr_assert(fd == -1 && errno == EADDRINUSE, "bind_reusable on a port "
	    "another socket is listening on returned %d with errno %s, "
	    "expected -1 with EADDRINUSE: SO_REUSEADDR never lets two "
	    "sockets listen on one port (see " HANDOUT "#address-in-use)",
	    fd, fixture_errno_name(errno));
	close(listener);
}

LAB_TEST(bind, reuse_through_time_wait, 2,
    "bind_reusable rebinds a port whose old connection is in TIME_WAIT")
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	uint16_t port;
	int listener, client, server, plain, fd;
	char byte;

	/* The "old server": its port comes from the kernel. */
	errno = 0;
	listener = bind_reusable(AF_INET, "127.0.0.1", 0);
	LAB_REQUIRE_IMPLEMENTED(listener, "bind_reusable");
	cr_assert(listener >= 0, "bind_reusable(AF_INET, 127.0.0.1, 0) "
	    "returned %d (errno %s), expected a descriptor (see " HANDOUT
	    "#time-wait)", listener, fixture_errno_name(errno));
	port = (uint16_t)local_port(listener);
	cr_assert(listen(listener, 1) == 0);

	/* One connection, closed by the server first: the server's end of it
	 * (local port `port`) goes to TIME_WAIT. */
	client = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(client >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	cr_assert(connect(client, (struct sockaddr *)&sin, len) == 0);
	server = accept(listener, NULL, NULL);
	cr_assert(server >= 0);
	close(server);
	cr_assert(read(client, &byte, 1) == 0); /* the server's FIN */
	close(client);
	if (kernel_wait_port_state(port, KERNEL_TCP_TIME_WAIT, 2000) != 1)
		cr_skip_test("the kernel never showed a TIME_WAIT socket on "
		    "port %u in /proc/net/tcp", port);
	close(listener); /* the old server has exited */

	/* Without SO_REUSEADDR the port stays taken for a minute or so. */
	plain = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(plain >= 0);
	if (bind(plain, (struct sockaddr *)&sin, len) == 0)
		cr_skip_test("this kernel lets a plain bind() take a port in "
		    "TIME_WAIT; nothing to demonstrate");
	cr_assert(errno == EADDRINUSE);
	close(plain);

	errno = 0;
	fd = bind_reusable(AF_INET, "127.0.0.1", port);
	cr_assert(fd >= 0, "bind_reusable(AF_INET, 127.0.0.1, %u) failed with "
	    "errno %s while the port's last connection is in TIME_WAIT (the "
	    "kernel lists it in state 06): set SO_REUSEADDR with "
	    "setsockopt() before bind(), in the old server as in the new one "
	    "(see " HANDOUT "#time-wait)", port, fixture_errno_name(errno));
	cr_assert(local_port(fd) == port, "bind_reusable bound port %u, "
	    "expected %u (see " HANDOUT "#byte-order)", local_port(fd), port);
	close(fd);
}

LAB_TEST(bind, ipv6_wildcard, 1,
    "bind_tcp(AF_INET6, NULL) binds [::], the IPv6 wildcard")
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	char text[80];
	int fd;

	if (!fixture_ipv6_available())
		cr_skip_test("this machine has no IPv6 sockets");
	errno = 0;
	fd = bind_tcp(AF_INET6, NULL, 0);
	LAB_REQUIRE_IMPLEMENTED(fd, "bind_tcp");
	cr_assert(fd >= 0, "bind_tcp(AF_INET6, NULL, 0) returned %d (errno "
	    "%s), expected a descriptor: %s", fd, fixture_errno_name(errno),
	    errno == EINVAL || errno == EAFNOSUPPORT ? "bind() rejected the "
	    "address: fill a struct sockaddr_in6 with sin6_family = AF_INET6 "
	    "and pass sizeof(struct sockaddr_in6) as its length (see "
	    HANDOUT "#ipv6)" : "see " HANDOUT "#ipv6");
	ss = local_address(fd);
	cr_assert(ss.ss_family == AF_INET6, "bind_tcp(AF_INET6, NULL, 0): the "
	    "socket's family is %s, expected AF_INET6 (see " HANDOUT "#ipv6)",
	    fixture_family_name(ss.ss_family));
	cr_assert(memcmp(&sin6->sin6_addr, &in6addr_any,
	    sizeof(in6addr_any)) == 0, "bind_tcp(AF_INET6, NULL, 0): "
	    "getsockname shows %s, expected [::]: ip NULL means in6addr_any "
	    "(see " HANDOUT "#ipv6)", addr_text(&ss, text, sizeof(text)));
	close(fd);
}
