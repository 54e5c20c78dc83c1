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
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break; /* EOF: the caller sees the short count */
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t
framing_writen(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(lab06): loop until all len bytes are written: write() may
	 * take fewer bytes than offered (a signal, a full buffer). Retry
	 * on EINTR; return -1 on any other error.
	 */
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int
frame_write(int fd, const void *payload, size_t len)
{
	/*
	 * TODO(lab06): refuse len > UINT32_MAX with EMSGSIZE. Put len into
	 * 4 bytes, most significant first (shifts, or htonl and memcpy),
	 * then send the 4 bytes and the payload with framing_writen.
	 */
	unsigned char prefix[FRAME_HEADER_SIZE];

	if (len > UINT32_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	prefix[0] = (unsigned char)(len >> 24 & 0xFF);
	prefix[1] = (unsigned char)(len >> 16 & 0xFF);
	prefix[2] = (unsigned char)(len >> 8 & 0xFF);
	prefix[3] = (unsigned char)(len & 0xFF);
	if (framing_writen(fd, prefix, sizeof(prefix)) == -1 ||
	    framing_writen(fd, payload, len) == -1)
		return -1;
	return 0;
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
	unsigned char prefix[FRAME_HEADER_SIZE];
	ssize_t got = framing_readn(fd, prefix, sizeof(prefix));
	uint32_t n;
	char *buf;

	if (got <= 0)
		return (int)got; /* 0: a clean end between frames; -1: errno */
	if (got < FRAME_HEADER_SIZE) {
		errno = EPROTO;
		return -1;
	}
	n = (uint32_t)prefix[0] << 24 | (uint32_t)prefix[1] << 16 |
	    (uint32_t)prefix[2] << 8 | (uint32_t)prefix[3];
	/* The peer chose n: check it before it decides how much we allocate. */
	if (n > max) {
		errno = EMSGSIZE;
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL)
		return -1;
	got = framing_readn(fd, buf, n);
	if (got != (ssize_t)n) {
		int saved = got == -1 ? errno : EPROTO;

		free(buf);
		errno = saved;
		return -1;
	}
	buf[n] = '\0';
	*payload = buf;
	*len = n;
	return 1;
}
