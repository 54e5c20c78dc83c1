#ifndef SOCKLAB_LAB04_ECHO_H
#define SOCKLAB_LAB04_ECHO_H

/*
 * Lab 04: accepting clients, an iterative echo server and a concurrent one
 * (a process per client).
 * Read handouts/04-accept.md first; grade with `make grade LAB=04`.
 *
 * The servers write one line per accepted client to logfd: the client's
 * address as echo_format_peer() formats it, then '\n'. They stop after
 * max_clients clients, so a program (or a test) knows when they are done.
 * The caller ignores SIGPIPE (a server must not die when a client leaves).
 */

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/* Room for the longest "[IPv6]:port" text, with its '\0'. */
#define ECHO_PEER_MAX 56

/*
 * Formats an IPv4 or IPv6 socket address as "IP:port": "127.0.0.1:41234",
 * "[::1]:41234" (port in decimal, host byte order). Returns 0, or -1 with
 * errno EAFNOSUPPORT (another family) or ENOSPC (buf too small).
 */
int echo_format_peer(const struct sockaddr_storage *addr, char *buf,
    size_t size);

/*
 * Writes the log line for a client: echo_format_peer()'s text (or "?" when
 * the address cannot be formatted) and '\n'. Returns 0, or -1 with errno
 * set. (Given: the servers call it.)
 */
int echo_log_peer(int logfd, const struct sockaddr_storage *addr);

/*
 * Writes all len bytes of buf to fd, however many write() calls it takes
 * (write() may write less than asked, and a signal may interrupt it).
 * Returns len, or -1 with errno set.
 */
ssize_t echo_write_all(int fd, const void *buf, size_t len);

/*
 * Echoes what the peer on connfd sends back to it, until the peer closes
 * its side (read() returns 0). Returns the number of bytes echoed, or -1
 * with errno set (ECONNRESET: the peer reset the connection). Does not
 * close connfd.
 */
ssize_t echo_stream(int connfd);

/*
 * Iterative echo server: accepts one client at a time on listenfd, logs
 * it, echoes until it leaves, closes its connection, and accepts the next.
 * accept() is retried on EINTR and ECONNABORTED; a client whose connection
 * fails ends only that client. Returns 0 after max_clients clients, or -1
 * with errno from accept() when it fails otherwise.
 */
int serve_iterative(int listenfd, int max_clients, int logfd);

/*
 * Concurrent echo server: like serve_iterative, but each client is served
 * by a child process (fork), so a slow client does not hold up the others.
 * The child closes listenfd, echoes, and exits; the parent logs the client,
 * closes its copy of the connection and accepts the next one. A SIGCHLD
 * handler reaps exited children, so none stays a zombie. After max_clients
 * clients it waits for the children still running, restores SIGCHLD's
 * previous action and returns 0 (-1 with errno as serve_iterative).
 */
int serve_forking(int listenfd, int max_clients, int logfd);

#endif
