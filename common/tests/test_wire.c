/*
 * Unit tests for wire traces: a failing test's message ends with the
 * segments its own connection exchanged, in tcpviz's text format.
 */
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test/wire.h"

/* A listener on 127.0.0.1 with a kernel-chosen port; returns its fd. */
static int
loopback_listener(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static int
connect_to(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	return fd;
}

Test(wire, trace_shows_the_handshake, .timeout = 5)
{
	char trace[4096];
	uint16_t port;
	int listener = loopback_listener(&port);
	int client;

	if (wire_begin_port(port) == -1) {
		wire_trace(trace, sizeof(trace));
		cr_skip_test("%s", trace);
	}
	client = connect_to(port);
	wire_trace(trace, sizeof(trace));
	cr_expect_not_null(strstr(trace, "On the wire (tcpviz):"), "%s", trace);
	cr_expect_not_null(strstr(trace, "SYN seq=0"), "%s", trace);
	cr_expect_not_null(strstr(trace, "[handshake 1/3]"), "%s", trace);
	cr_expect_not_null(strstr(trace, "[handshake 3/3]"), "%s", trace);
	wire_end();
	close(client);
	close(listener);
}

Test(wire, trace_shows_the_rst_of_a_closed_port, .timeout = 5)
{
	char trace[4096];
	uint16_t port;
	int listener = loopback_listener(&port);
	int client;

	close(listener); /* now nobody listens on port */
	if (wire_begin_port(port) == -1)
		cr_skip_test("capture not permitted");
	client = connect_to(port);
	wire_trace(trace, sizeof(trace));
	cr_expect_not_null(strstr(trace, "RST-ACK"), "%s", trace);
	cr_expect_not_null(strstr(trace, "nobody listening"), "%s", trace);
	wire_end();
	close(client);
}

Test(wire, no_begin_means_no_trace, .timeout = 5)
{
	char trace[64] = "x";

	wire_trace(trace, sizeof(trace));
	cr_expect_str_eq(trace, "");
}
