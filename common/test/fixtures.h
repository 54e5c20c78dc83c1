#ifndef SOCKLAB_COMMON_TEST_FIXTURES_H
#define SOCKLAB_COMMON_TEST_FIXTURES_H

/*
 * Helpers the lab tests use to observe what the student's code did through
 * the kernel rather than through its own output.
 */

/* Returns how many descriptors this process has open, or -1 on error. */
int fixture_count_open_fds(void);

/* Returns 1 if fd is an open descriptor, 0 if not. */
int fixture_fd_is_open(int fd);

/* Returns the symbolic name of an errno value ("EAFNOSUPPORT"), or "E?". */
const char *fixture_errno_name(int err);

/* Returns 1 if this host can make IPv6 sockets, 0 if not. */
int fixture_ipv6_available(void);

/* Returns the name of an address family ("AF_INET") or "unknown". */
const char *fixture_family_name(int family);

/* Returns the name of a socket type ("SOCK_STREAM") or "unknown". */
const char *fixture_socktype_name(int type);

#endif
