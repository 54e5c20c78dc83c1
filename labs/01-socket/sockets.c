/*
 * Lab 01: sockets. Fill in each TODO; the comment above each function in
 * sockets.h is the contract the tests check. Run `make grade LAB=01`.
 */
/* SO_DOMAIN and SO_PROTOCOL are Linux extensions beyond POSIX. */
#define _DEFAULT_SOURCE

#include "sockets.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

int
sock_open(int family, enum sock_transport transport)
{
	/*
	 * TODO(lab01): call socket(2) with the family, SOCK_STREAM for TCP
	 * or SOCK_DGRAM for UDP, and protocol 0 (the default for the type).
	 * Return what socket() returns; on failure errno is already set.
	 */
	(void)family;
	(void)transport;
	errno = ENOSYS;
	return -1;
}

int
sock_describe(int fd, struct sock_info *info)
{
	/*
	 * TODO(lab01): ask the kernel with getsockopt(fd, SOL_SOCKET, ...)
	 * for SO_DOMAIN, SO_TYPE and SO_PROTOCOL (each an int; the length
	 * argument is value-result). Return 0, or -1 as soon as a call fails.
	 */
	(void)fd;
	(void)info;
	errno = ENOSYS;
	return -1;
}

int
sock_open_pair(int family, int fds[2])
{
	/*
	 * TODO(lab01): open the TCP socket into fds[0], then the UDP one
	 * into fds[1] (use sock_open). If the second fails, close the first
	 * without losing the errno of the failure, and return -1.
	 */
	(void)family;
	(void)fds;
	errno = ENOSYS;
	return -1;
}

int
sock_close(int fd)
{
	/*
	 * TODO(lab01): close(2) the descriptor and return its result. On
	 * Linux, do not retry close() on EINTR: the descriptor is gone anyway.
	 */
	(void)fd;
	errno = ENOSYS;
	return -1;
}
