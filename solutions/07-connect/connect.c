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

/* Milliseconds on a clock that never jumps (CLOCK_MONOTONIC). */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Milliseconds from now until deadline (a now_ms() value), as poll()
 * takes them: 0 once it has passed, and at most a day, so it fits an int.
 */
static int
ms_until(long long deadline)
{
	long long left = deadline - now_ms();

	if (left < 0)
		return 0;
	if (left > 86400000)
		return 86400000;
	return (int)left;
}

/*
 * Waits until the non-blocking connect() on fd has finished, but not past
 * deadline (a now_ms() value). Returns 0 when it connected, or -1 with
 * errno: ETIMEDOUT, or why the connection failed.
 */
static int
wait_connected(int fd, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	for (;;) {
		/* Each round waits only what is left: a signal that cut the
		 * last poll() short must not buy the connection more time. */
		int n = poll(&pfd, 1, ms_until(deadline));

		if (n == 1)
			break;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (errno != EINTR)
			return -1;
	}
	/* Writable means finished, not connected: SO_ERROR tells which
	 * (connect(2), EINPROGRESS). */
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		return -1;
	if (soerr != 0) {
		errno = soerr;
		return -1;
	}
	return 0;
}

/*
 * Starts a non-blocking connect() on a new socket for ai. Returns the
 * socket (*done set when it connected at once), or -1 with errno set.
 */
static int
start_attempt(const struct addrinfo *ai, int *done)
{
	int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	int saved;

	*done = 0;
	if (fd == -1)
		return -1;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) == 0) {
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			*done = 1;
			return fd;
		}
		if (errno == EINPROGRESS)
			return fd;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Formats one end of a connection as "IP:port" or "[IP]:port". */
static int
format_end(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	int n;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		n = snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		n = snprintf(buf, size, "[%s]:%u", ip,
		    ntohs(sin6->sin6_port));
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}

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
	long long deadline = now_ms() + timeout_ms;
	int flags, rc, saved;

	if (timeout_ms < 0) {
		errno = EINVAL;
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return -1;
	rc = connect(fd, addr, len);
	if (rc == -1 && errno == EINPROGRESS)
		rc = wait_connected(fd, deadline);
	/* Callers read and write fd as usual: blocking again. */
	saved = errno;
	if (fcntl(fd, F_SETFL, flags) == -1 && rc == 0)
		return -1;
	errno = saved;
	return rc;
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
	struct addrinfo hints, *res, *ai;
	int fd = -1, saved = ETIMEDOUT, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (gai_err != NULL)
		*gai_err = rc;
	if (rc != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			saved = errno; /* no IPv6 here, say: try the next */
			continue;
		}
		if (connect_timeout(fd, ai->ai_addr, ai->ai_addrlen,
		    timeout_ms) == 0)
			break;
		/* One address that refuses or stays silent says nothing
		 * about the next one. */
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		errno = saved;
	return fd;
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
	struct addrinfo hints, *res, *next;
	struct pollfd inflight[DIAL_MAX_ATTEMPTS];
	long long deadline = now_ms() + timeout_ms, next_start;
	int n = 0, winner = -1, saved = ETIMEDOUT, rc;

	if (timeout_ms < 0 || delay_ms < 0) {
		errno = EINVAL;
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (gai_err != NULL)
		*gai_err = rc;
	if (rc != 0)
		return -1;
	next = res;
	next_start = now_ms();
	while (winner == -1) {
		long long now = now_ms();
		int wait, ready;

		if (next != NULL && n < DIAL_MAX_ATTEMPTS &&
		    (n == 0 || now >= next_start)) {
			int done, fd = start_attempt(next, &done);

			next = next->ai_next;
			if (fd == -1) {
				/* Failed at once (no route, say): the next
				 * address gets its turn now. */
				saved = errno;
				next_start = now;
				continue;
			}
			if (done) {
				winner = fd;
				break;
			}
			inflight[n].fd = fd;
			inflight[n].events = POLLOUT;
			inflight[n].revents = 0;
			n++;
			next_start = now + delay_ms;
			continue;
		}
		if (n == 0)
			break; /* every address failed: saved says why */
		if (now >= deadline) {
			saved = ETIMEDOUT;
			break;
		}
		wait = ms_until(deadline);
		if (next != NULL && n < DIAL_MAX_ATTEMPTS &&
		    ms_until(next_start) < wait)
			wait = ms_until(next_start);
		ready = poll(inflight, (nfds_t)n, wait);
		if (ready == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			break;
		}
		for (int i = 0; i < n && winner == -1; i++) {
			int soerr = 0;
			socklen_t len = sizeof(soerr);

			if (inflight[i].revents == 0)
				continue;
			if (getsockopt(inflight[i].fd, SOL_SOCKET, SO_ERROR,
			    &soerr, &len) == -1)
				soerr = errno;
			if (soerr == 0) {
				winner = inflight[i].fd;
			} else {
				/* This one failed: the next address gets
				 * its turn now, not after the delay. */
				saved = soerr;
				close(inflight[i].fd);
				next_start = now;
			}
			inflight[i--] = inflight[--n];
		}
	}
	/* The losers: closing one still in its handshake just drops it. */
	for (int i = 0; i < n; i++)
		close(inflight[i].fd);
	freeaddrinfo(res);
	/* start_attempt() left O_NONBLOCK as the only status flag. */
	if (winner != -1 && fcntl(winner, F_SETFL, 0) == -1) {
		saved = errno;
		close(winner);
		winner = -1;
	}
	if (winner == -1)
		errno = saved;
	return winner;
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
	struct sockaddr_storage local, peer;
	socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
	char here[CONN_TEXT_MAX], there[CONN_TEXT_MAX];
	int n;

	if (getsockname(fd, (struct sockaddr *)&local, &local_len) == -1 ||
	    getpeername(fd, (struct sockaddr *)&peer, &peer_len) == -1)
		return -1;
	if (format_end(&local, here, sizeof(here)) == -1 ||
	    format_end(&peer, there, sizeof(there)) == -1)
		return -1;
	n = snprintf(buf, size, "%s -> %s", here, there);
	if (n < 0 || (size_t)n >= size) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}
