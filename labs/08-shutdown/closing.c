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

ssize_t
send_all_nosignal(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(lab08): loop send(fd, ..., MSG_NOSIGNAL) until all len bytes
	 * are out: go on after the part a short send() took, call it again
	 * on EINTR, return -1 on any other error. MSG_NOSIGNAL turns the
	 * SIGPIPE a write to a closed connection raises into a plain EPIPE.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
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
	(void)fd;
	(void)req;
	(void)req_len;
	(void)reply;
	(void)cap;
	errno = ENOSYS;
	return -1;
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
	(void)cap;
	close(fd);
	errno = ENOSYS;
	return -1;
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
	close(fd);
	errno = ENOSYS;
	return -1;
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
	(void)timeout_ms;
	close(fd);
	errno = ENOSYS;
	return -1;
}
