/*
 * Lab 07: connect. Fill in each TODO; the comment above each function in
 * connect.h is the contract the tests check. Run `make grade LAB=07`.
 */
#include "connect.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * TODO(lab07): helpers for the functions below go here, if you want them:
 * a monotonic clock in milliseconds (clock_gettime(CLOCK_MONOTONIC); the
 * time of day can jump), the time left until a deadline, a wait for a
 * non-blocking connect() to finish, a formatter for one address.
 */

int
connect_timeout(int fd, const struct sockaddr *addr, socklen_t len,
    int timeout_ms)
{
	/*
	 * TODO(lab07): note the deadline first (now + timeout_ms, on a
	 * monotonic clock), and refuse a negative timeout (EINVAL). Keep
	 * fd's flags (fcntl F_GETFL) and add O_NONBLOCK, then connect():
	 * 0 means connected already; EINPROGRESS means the handshake is
	 * under way: poll() for POLLOUT with the time left until the
	 * deadline, call it again on EINTR (with the time left then), 0
	 * from poll() is ETIMEDOUT, and once fd is writable
	 * getsockopt(SO_ERROR) says whether it connected. Put the old flags
	 * back (keeping the errno of a failure) and return.
	 */
	(void)fd;
	(void)addr;
	(void)len;
	(void)timeout_ms;
	errno = ENOSYS;
	return -1;
}

int
dial(const char *host, const char *port, int timeout_ms, int *gai_err)
{
	/*
	 * TODO(lab07): getaddrinfo() (hints: zeroed, AF_UNSPEC, SOCK_STREAM);
	 * on failure store its code in *gai_err (when gai_err is not NULL)
	 * and return -1. Otherwise *gai_err = 0, and for each result:
	 * socket(), then connect_timeout() with timeout_ms. Keep the first
	 * socket that connects; close each one that does not, remembering
	 * its errno. freeaddrinfo() once, then return the socket, or -1
	 * with the last error in errno.
	 */
	(void)host;
	(void)port;
	(void)timeout_ms;
	(void)gai_err;
	errno = ENOSYS;
	return -1;
}

int
dial_happy(const char *host, const char *port, int delay_ms,
    int timeout_ms, int *gai_err)
{
	/*
	 * TODO(lab07): resolve as dial() does. Keep the attempts in flight
	 * in an array of struct pollfd (events POLLOUT). Loop: when no
	 * attempt is in flight, or delay_ms have passed since the last one
	 * started, start a non-blocking connect() to the next address.
	 * Otherwise poll() them all until the next start or the deadline
	 * (timeout_ms after the call began), whichever comes first. An
	 * attempt that poll() reports has finished: SO_ERROR 0 is the
	 * winner; any other value is a failure: close it and start the next
	 * address at once. Close every loser, freeaddrinfo(), and give the
	 * winner back in blocking mode.
	 */
	(void)host;
	(void)port;
	(void)delay_ms;
	(void)timeout_ms;
	(void)gai_err;
	errno = ENOSYS;
	return -1;
}

int
describe_connection(int fd, char *buf, size_t size)
{
	/*
	 * TODO(lab07): getsockname() gives this end, getpeername() the other
	 * (ENOTCONN when there is none); pass each a struct
	 * sockaddr_storage and its size. Format each end as "IP:port" or
	 * "[IP]:port" (inet_ntop(), ntohs()), then join them with " -> "
	 * into buf; a result that does not fit is ENOSPC.
	 */
	(void)fd;
	(void)buf;
	(void)size;
	errno = ENOSYS;
	return -1;
}
