#ifndef SOCKLAB_COMMON_TEST_FIXTURES_H
#define SOCKLAB_COMMON_TEST_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Helpers the lab tests use to observe what the student's code did through
 * the kernel rather than through its own output.
 */

/* Returns how many descriptors this process has open, or -1 on error. */
int fixture_count_open_fds(void);

/* Returns 1 if fd is an open descriptor, 0 if not. */
int fixture_fd_is_open(int fd);

/*
 * The code under test runs in a worker process (common/rpc/proxy.h); its
 * descriptors are observed there, through /proc, never by asking it.
 */

/* Returns how many descriptors the code under test has open, or -1. */
int fixture_code_open_fds(void);

/* Returns the lowest descriptor number free in the code under test. */
int fixture_code_lowest_free_fd(void);

/*
 * Lowers the code under test's RLIMIT_NOFILE soft limit to n (so it can
 * open descriptors below n only), checked in /proc. Returns 0, or -1.
 */
int fixture_code_limit_fds(unsigned long n);

/*
 * From now on makes socket(family, ...) fail with EAFNOSUPPORT in the
 * code under test, as on a host without that family. Returns 0 once
 * /proc shows the worker gained a seccomp filter, or -1 with errno set
 * (ENOSYS: no seccomp filters on this machine).
 */
int fixture_code_deny_socket_family(int family);

/*
 * Returns an errno value as its name and number, "ECONNREFUSED (111)"
 * ("unknown errno (1234)"; ENOSYS adds that it means the skeleton). The
 * text lives in one of a few static buffers: enough for one message.
 */
const char *fixture_errno_name(int err);

/*
 * Text the code under test produced (a line it read, an error text), fit
 * for a one-line message: at most max bytes, stopping at a NUL, quoted,
 * with newlines, tabs, quotes and backslashes escaped (\n \t \" \\) and
 * any other control byte or byte outside printable ASCII as \xNN. Lives
 * in one of a few static buffers, like fixture_errno_name's text.
 */
const char *fixture_text(const void *s, size_t max);

/*
 * Bytes received, for a message: their count and a hex dump of the first
 * ones ("5 bytes: 68 65 6c 6c 6f"), never the raw bytes. Same buffers.
 */
const char *fixture_bytes(const void *p, size_t n);

/* Returns 1 if this host can make IPv6 sockets, 0 if not. */
int fixture_ipv6_available(void);

/*
 * Names for messages: "AF_INET", "SOCK_STREAM", "IPPROTO_TCP", or
 * "unknown family (99)" and the like (in fixture_text's buffers).
 */
const char *fixture_family_name(int family);
const char *fixture_socktype_name(int type);
const char *fixture_protocol_name(int protocol);

/*
 * A TCP socket bound to 127.0.0.1 on a port the kernel picks (so tests
 * never collide), listening when backlog > 0. Returns the descriptor and
 * sets *port, or returns -1 with errno set.
 */
int fixture_loopback_socket(int backlog, uint16_t *port);

/*
 * A loopback port nothing listens on: bound, read back, released.
 * Returns the port, or 0 with errno set.
 */
uint16_t fixture_closed_port(void);

#endif
