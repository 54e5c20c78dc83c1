/*
 * Lab 08: shutdown. Fill in each TODO; the comment above each function in
 * closing.h is the contract the tests check. Run `make grade LAB=08`.
 */
#include "closing.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * TODO(lab08): helpers for the functions below go here, if you want them:
 * a read loop that stops at EOF (exchange() and serve_after_eof() both
 * need one), and a monotonic clock for graceful_close()'s deadline.
 */

/*
 * Reads from fd into buf (cap bytes) until EOF. Returns the bytes read,
 * or -1 with errno: EMSGSIZE when more than cap bytes come, else read()'s.
 */
static ssize_t
read_until_eof(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	for (;;) {
		char extra;
		/* Full: one more byte only to learn whether EOF follows. */
		char *dst = got < cap ? buf + got : &extra;
		ssize_t n = read(fd, dst, got < cap ? cap - got : 1);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return (ssize_t)got;
		if (got == cap) {
			errno = EMSGSIZE;
			return -1;
		}
		got += (size_t)n;
	}
}

/* Milliseconds on a clock that never jumps (CLOCK_MONOTONIC). */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ssize_t
send_all_nosignal(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(lab08): loop send(fd, ..., MSG_NOSIGNAL) until all len bytes
	 * are out: go on after the part a short send() took, call it again
	 * on EINTR, return -1 on any other error. MSG_NOSIGNAL turns the
	 * SIGPIPE a write to a closed connection raises into a plain EPIPE.
	 */
	const char *p = buf;
	size_t left = len;

	while (left > 0) {
		ssize_t n = send(fd, p, left, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return (ssize_t)len;
}

ssize_t
exchange(int fd, const void *req, size_t req_len, void *reply, size_t cap)
{
	/*
	 * TODO(lab08): send the whole request (send_all_nosignal), then
	 * shutdown(fd, SHUT_WR): the peer reads EOF and knows the request
	 * is complete, while fd can still read. close() would end both
	 * directions. Then read until read() returns 0, into reply; a reply
	 * longer than cap is EMSGSIZE. Retry reads on EINTR.
	 */
	if (send_all_nosignal(fd, req, req_len) == -1)
		return -1;
	if (shutdown(fd, SHUT_WR) == -1)
		return -1;
	return read_until_eof(fd, reply, cap);
}

ssize_t
serve_after_eof(int fd, size_t cap)
{
	/*
	 * TODO(lab08): malloc() a buffer of cap bytes, read the request into
	 * it until EOF (EMSGSIZE if it is longer), and only then send it all
	 * back. Free the buffer and close fd on every path, keeping the
	 * errno of a failure.
	 */
	char *buf = malloc(cap > 0 ? cap : 1);
	ssize_t n = -1;
	int saved;

	if (buf != NULL) {
		n = read_until_eof(fd, buf, cap);
		/* The peer's EOF came first, so close() below sends a FIN
		 * after the reply: nothing is left unread to turn it into a
		 * RST, and the peer, which closed first, keeps TIME_WAIT. */
		if (n != -1 && send_all_nosignal(fd, buf, (size_t)n) == -1)
			n = -1;
	}
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return n;
}

int
abort_connection(int fd)
{
	/*
	 * TODO(lab08): setsockopt(SOL_SOCKET, SO_LINGER) with a struct
	 * linger of { l_onoff = 1, l_linger = 0 }, then close(): the kernel
	 * sends RST and drops what was not sent. Close fd even when
	 * setsockopt() fails, and report that failure.
	 */
	struct linger abort_now = { .l_onoff = 1, .l_linger = 0 };
	int rc = setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now,
	    sizeof(abort_now));
	int saved = errno;

	if (close(fd) == -1 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

int
graceful_close(int fd, int timeout_ms)
{
	/*
	 * TODO(lab08): note the deadline (a monotonic clock), then
	 * shutdown(fd, SHUT_WR): a FIN follows every byte already sent.
	 * Then, until read() returns 0: poll() for POLLIN with the time
	 * left (0 from poll() is ETIMEDOUT; EINTR: poll again), read() and
	 * throw the bytes away. Data left unread when close() runs makes
	 * the kernel answer with RST and drop what it had not sent yet.
	 * Close fd on every path, keeping the errno of a failure.
	 */
	long long deadline = now_ms() + timeout_ms;
	char sink[4096];
	int rc = 0, saved = 0;

	if (timeout_ms < 0) {
		rc = -1;
		saved = EINVAL;
	} else if (shutdown(fd, SHUT_WR) == -1) {
		rc = -1;
		saved = errno;
	}
	while (rc == 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left < 0)
			left = 0;
		n = poll(&pfd, 1, (int)left);
		if (n == 0) {
			rc = -1;
			saved = ETIMEDOUT;
			break;
		}
		if (n == 1)
			n = read(fd, sink, sizeof(sink));
		if (n == 0)
			break; /* the peer's EOF: both directions are done */
		if (n == -1 && errno != EINTR) {
			rc = -1;
			saved = errno;
		}
	}
	close(fd);
	if (rc == -1)
		errno = saved;
	return rc;
}
