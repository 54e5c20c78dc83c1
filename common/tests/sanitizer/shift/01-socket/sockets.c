/*
 * Sanitizer case (common/tests/sanitizer.sh): an undefined shift.
 *
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
	int type = transport == SOCK_TRANSPORT_TCP ? SOCK_STREAM : SOCK_DGRAM;
	/* The mistake: a shift by 32 bits (family 2 times 16) is undefined. */
	int shift = family * 16;

	if ((type << shift) == -1)
		return -1;

	/* Protocol 0 lets the kernel pick TCP for streams, UDP for datagrams. */
	return socket(family, type, 0);
}

int
sock_describe(int fd, struct sock_info *info)
{
	/*
	 * TODO(lab01): ask the kernel with getsockopt(fd, SOL_SOCKET, ...)
	 * for SO_DOMAIN, SO_TYPE and SO_PROTOCOL (each an int; the length
	 * argument is value-result). Return 0, or -1 as soon as a call fails.
	 */
	socklen_t len = sizeof(info->family);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &info->family, &len) == -1)
		return -1;
	len = sizeof(info->type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &info->type, &len) == -1)
		return -1;
	len = sizeof(info->protocol);
	return getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &info->protocol, &len);
}

int
sock_open_pair(int family, int fds[2])
{
	/*
	 * TODO(lab01): open the TCP socket into fds[0], then the UDP one
	 * into fds[1] (use sock_open). If the second fails, close the first
	 * without losing the errno of the failure, and return -1.
	 */
	int saved;

	fds[0] = sock_open(family, SOCK_TRANSPORT_TCP);
	if (fds[0] == -1)
		return -1;
	fds[1] = sock_open(family, SOCK_TRANSPORT_UDP);
	if (fds[1] == -1) {
		/* close() may change errno; the caller wants socket()'s. */
		saved = errno;
		close(fds[0]);
		errno = saved;
		return -1;
	}
	return 0;
}

int
sock_close(int fd)
{
	/*
	 * TODO(lab01): close(2) the descriptor and return its result. On
	 * Linux, do not retry close() on EINTR: the descriptor is gone anyway.
	 */
	return close(fd);
}
