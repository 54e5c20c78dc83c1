#ifndef SOCKLAB_LAB08_CLOSING_H
#define SOCKLAB_LAB08_CLOSING_H

/*
 * Lab 08: ending a connection without losing data. Half-closing with
 * shutdown(), reading until EOF, writing to a peer that has gone, the
 * deliberate abort, and a graceful close with a deadline.
 * Read handouts/08-shutdown.md first; grade with `make grade LAB=08`.
 */

#include <stddef.h>
#include <sys/types.h>

/*
 * Writes all len bytes of buf to the connected socket fd, going on after
 * short writes and EINTR, and never raising SIGPIPE (send() with
 * MSG_NOSIGNAL). Returns len, or -1 with errno: EPIPE or ECONNRESET when
 * the peer has gone, else send()'s error.
 */
ssize_t send_all_nosignal(int fd, const void *buf, size_t len);

/*
 * The client side of a request that ends at EOF (the `nc -N` pattern):
 * sends all req_len bytes of req, half-closes (shutdown(SHUT_WR): the
 * peer reads EOF, fd can still read), then reads the reply into reply
 * until the peer's EOF. Returns the reply's length, or -1 with errno:
 * EMSGSIZE when the reply is longer than cap bytes, else the failed
 * call's error. fd stays open; the caller closes it.
 */
ssize_t exchange(int fd, const void *req, size_t req_len, void *reply,
    size_t cap);

/*
 * The server side: reads the whole request from fd until EOF (at most
 * cap bytes), only then sends the same bytes back, and closes fd.
 * Returns how many bytes it sent back, or -1 with errno: EMSGSIZE when
 * the request is longer than cap, ENOMEM, or the failed call's error.
 * fd is closed on every path.
 */
ssize_t serve_after_eof(int fd, size_t cap);

/*
 * Ends the connection at once with a RST instead of a FIN (SO_LINGER on,
 * with a time of 0, then close()): whatever fd had not sent yet is
 * dropped, and the peer's next read fails with ECONNRESET. No TIME_WAIT
 * is left. Returns 0, or -1 with errno; fd is closed either way.
 */
int abort_connection(int fd);

/*
 * Closes the connection without losing data in either direction:
 * half-closes (so the peer gets every byte fd had sent, then EOF), reads
 * and discards what the peer still sends until its EOF, then closes fd.
 * Waits at most timeout_ms (>= 0) for that EOF; signals do not shorten
 * or extend the wait. Returns 0 after the peer's EOF, or -1 with errno:
 * ETIMEDOUT when the deadline passed first, ECONNRESET when the peer
 * reset the connection, or the failed call's error. fd is closed on
 * every path.
 */
int graceful_close(int fd, int timeout_ms);

#endif
