#ifndef SOCKLAB_LAB07_CONNECT_H
#define SOCKLAB_LAB07_CONNECT_H

/*
 * Lab 07: a client that never hangs. connect() with a deadline, trying
 * every address of a name, Happy Eyeballs (RFC 8305), and both ends of a
 * connection. Read handouts/07-connect.md first; grade with
 * `make grade LAB=07`.
 */

#include <stddef.h>
#include <sys/socket.h>

/* dial_happy() keeps at most this many connection attempts in flight. */
#define DIAL_MAX_ATTEMPTS 8

/* RFC 8305's recommended "Connection Attempt Delay", in milliseconds. */
#define DIAL_HAPPY_DELAY_MS 250

/* describe_connection() never writes more than this, NUL included. */
#define CONN_TEXT_MAX 112

/*
 * Connects fd, a socket of addr's family in blocking mode, to addr within
 * timeout_ms milliseconds (>= 0), whatever happens on the way (SYNs that
 * go unanswered, signals). Returns 0 with fd connected and back in its
 * own (blocking) mode, or -1 with errno: ETIMEDOUT when the deadline
 * passed, else what the connection attempt failed with (ECONNREFUSED,
 * ENETUNREACH, EHOSTUNREACH, ...); EINVAL for a negative timeout. A signal
 * never ends the wait early. After a failure fd is good only for close().
 */
int connect_timeout(int fd, const struct sockaddr *addr, socklen_t len,
    int timeout_ms);

/*
 * Connects a TCP socket to host and port (getaddrinfo() with AF_UNSPEC
 * and SOCK_STREAM; host NULL: this machine's loopback addresses), trying
 * each result in order with connect_timeout() and timeout_ms for each,
 * until one connects. Returns the connected (blocking) descriptor. On
 * failure returns -1: when getaddrinfo() failed, *gai_err (if gai_err is
 * not NULL) gets its code and errno means something only for EAI_SYSTEM;
 * otherwise *gai_err is 0 and errno is the last attempt's error. Every
 * socket it gives up on is closed.
 */
int dial(const char *host, const char *port, int timeout_ms, int *gai_err);

/*
 * As dial(), the Happy Eyeballs way (RFC 8305 section 5): starts a
 * connection attempt to the first address; whenever delay_ms pass with no
 * attempt connected, or an attempt fails, starts one to the next address
 * (at most DIAL_MAX_ATTEMPTS in flight), without giving up on the earlier
 * ones. The first attempt to connect wins and every other one is closed.
 * timeout_ms (>= 0) bounds the whole call, counted from its start: then
 * -1 with ETIMEDOUT. Returns the winning descriptor in blocking mode, or
 * -1 with *gai_err and errno as dial() sets them.
 */
int dial_happy(const char *host, const char *port, int delay_ms,
    int timeout_ms, int *gai_err);

/*
 * Writes both ends of the connected socket fd into buf as
 * "LOCAL -> PEER", each end "IP:port" for IPv4 and "[IP]:port" for IPv6
 * (getsockname() and getpeername()): "127.0.0.1:41234 -> 127.0.0.1:80".
 * Returns 0, or -1 with errno: ENOTCONN when fd has no peer, ENOSPC when
 * buf (size bytes) is too small, EAFNOSUPPORT for another family.
 */
int describe_connection(int fd, char *buf, size_t size);

#endif
