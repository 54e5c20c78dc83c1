/*
 * Lab 06: framing, part 1. Fill in each TODO; the comments in framing.h
 * are the contracts the tests check. Run `make grade LAB=06`.
 */
#include "framing.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t
framing_readn(int fd, void *buf, size_t len)
{
	/*
	 * TODO(lab06): loop until len bytes are in: each read() gets
	 * buf + done and len - done, and may return fewer bytes than asked
	 * (whatever has arrived). Retry when read() fails with EINTR; stop
	 * at EOF (read() returns 0) and return the count so far; return -1
	 * on any other error.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

ssize_t
framing_writen(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(lab06): loop until all len bytes are written: write() may
	 * take fewer bytes than offered (a signal, a full buffer). Retry
	 * on EINTR; return -1 on any other error.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int
frame_write(int fd, const void *payload, size_t len)
{
	/*
	 * TODO(lab06): refuse len > UINT32_MAX with EMSGSIZE. Put len into
	 * 4 bytes, most significant first (shifts, or htonl and memcpy),
	 * then send the 4 bytes and the payload with framing_writen.
	 */
	(void)fd;
	(void)payload;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int
frame_read(int fd, size_t max, char **payload, size_t *len)
{
	/*
	 * TODO(lab06): read the 4-byte prefix with framing_readn: 0 bytes
	 * is a clean end (return 0), 1..3 an end inside the frame (EPROTO).
	 * Decode it as big-endian. If it is above max, fail with EMSGSIZE
	 * BEFORE you call malloc: the length comes from the network and may
	 * be anything, up to 4 GiB. Then malloc(n + 1), read the n payload
	 * bytes (fewer means EPROTO: free the buffer, keep errno), add the
	 * NUL and hand the buffer over.
	 */
	(void)fd;
	(void)max;
	(void)payload;
	(void)len;
	errno = ENOSYS;
	return -1;
}
