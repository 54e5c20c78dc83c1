#ifndef SOCKLAB_LAB06_FRAMING_H
#define SOCKLAB_LAB06_FRAMING_H

/*
 * Lab 06: framing, part 1. TCP delivers a stream of bytes, not messages:
 * one write() may arrive in many read()s and many write()s in one. These
 * functions rebuild exact counts and whole messages from the stream.
 * Read handouts/06-framing.md first; grade with `make grade LAB=06`.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Reads exactly len bytes into buf, looping over short reads and retrying
 * a read() that a signal interrupted (EINTR). Returns len; or fewer when
 * the stream ended first: 0 means it ended before the first byte (a clean
 * end), 1..len-1 that it ended part-way; or -1 with errno set.
 */
ssize_t framing_readn(int fd, void *buf, size_t len);

/*
 * Writes all len bytes of buf, looping over short writes and EINTR.
 * Returns len, or -1 with errno set.
 */
ssize_t framing_writen(int fd, const void *buf, size_t len);

/* A frame is a 4-byte big-endian payload length, then the payload. */
#define FRAME_HEADER_SIZE 4

/*
 * Sends one frame holding len bytes of payload. Returns 0, or -1 with
 * errno set (EMSGSIZE when len does not fit in 32 bits).
 */
int frame_write(int fd, const void *payload, size_t len);

/*
 * Reads one frame. Returns 1 with *payload set to a malloc'd copy of the
 * payload (followed by a NUL that *len does not count; the caller frees
 * it) and *len to its length. Returns 0 when the stream ended cleanly
 * before the frame's first byte. Returns -1 with errno set, and nothing
 * to free: EMSGSIZE when the length prefix is above max (checked before
 * anything is allocated or read past the prefix), EPROTO when the stream
 * ends inside a frame (in its prefix or its payload), or the errno of
 * read() or malloc().
 */
int frame_read(int fd, size_t max, char **payload, size_t *len);

#endif
