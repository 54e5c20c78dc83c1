#ifndef SOCKLAB_COMMON_RIO_H
#define SOCKLAB_COMMON_RIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Robust stream I/O: loops over short counts and EINTR, as every read and
 * write on a socket or pipe must (a stream has no message boundaries).
 */

/*
 * Reads exactly len bytes unless EOF comes first. Returns the number of
 * bytes read (less than len only at EOF), or -1 with errno set.
 */
ssize_t rio_readn(int fd, void *buf, size_t len);

/* Writes all len bytes. Returns len, or -1 with errno set. */
ssize_t rio_writen(int fd, const void *buf, size_t len);

/*
 * Reads until EOF into buf, at most cap bytes. Returns the bytes read, or -1
 * with errno set. *truncated is set when more data was discarded.
 */
ssize_t rio_read_all(int fd, char *buf, size_t cap, int *truncated);

#endif
