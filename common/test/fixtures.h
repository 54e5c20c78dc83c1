#ifndef SOCKLAB_COMMON_TEST_FIXTURES_H
#define SOCKLAB_COMMON_TEST_FIXTURES_H

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
 * ("unknown errno (1234)" for one not named here). The text lives in
 * one of a few static buffers: enough for one message, not for keeping.
 */
const char *fixture_errno_name(int err);

/* Returns 1 if this host can make IPv6 sockets, 0 if not. */
int fixture_ipv6_available(void);

/* Returns the name of an address family ("AF_INET") or "unknown". */
const char *fixture_family_name(int family);

/* Returns the name of a socket type ("SOCK_STREAM") or "unknown". */
const char *fixture_socktype_name(int type);

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
