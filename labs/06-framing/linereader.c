/*
 * Lab 06: framing, part 2. Fill in each TODO; the comments in
 * linereader.h are the contracts the tests check. Run `make grade LAB=06`.
 */
#include "linereader.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void
line_reader_init(struct line_reader *lr, int fd)
{
	/* TODO(lab06): remember fd; nothing is buffered yet. */
	(void)lr;
	(void)fd;
}

int
line_read(struct line_reader *lr, char *line, size_t cap, size_t *len)
{
	/*
	 * TODO(lab06): copy bytes from lr->buf[start..end) into line until
	 * a '\n'. When the buffer runs dry, refill it with ONE read() of up
	 * to LINE_READER_BUFSIZE bytes (retry on EINTR): that read may bring
	 * half a line, or several lines. Whatever follows the '\n' stays in
	 * lr->buf for the next call. Drop the '\n' and a '\r' just before
	 * it; keep at most cap - 1 bytes (EMSGSIZE beyond); add the NUL.
	 * read() returning 0: return 0 if this line has no bytes yet, else
	 * fail with EPROTO.
	 */
	(void)lr;
	(void)line;
	(void)cap;
	(void)len;
	errno = ENOSYS;
	return -1;
}

ssize_t
line_reader_readn(struct line_reader *lr, void *buf, size_t len)
{
	/*
	 * TODO(lab06): take what lr->buf holds first (up to len bytes),
	 * then read() the rest straight from lr->fd as framing_readn does
	 * (short reads, EINTR, EOF).
	 */
	(void)lr;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

/*
 * TODO(lab06): helpers for http_read_response go here, if you want them:
 * e.g. one that checks the status line, one that parses a decimal
 * Content-Length value strictly.
 */

int
http_read_response(struct line_reader *lr, size_t max_body,
    struct http_response *resp)
{
	/*
	 * TODO(lab06): read each line with line_read into a buffer of
	 * HTTP_MAX_LINE bytes. The status line: "HTTP/1." then a digit, a
	 * space and a 3-digit status.
	 * Then read header lines until the empty one; the one whose name is
	 * "Content-Length" (strncasecmp) gives the body's length in decimal
	 * digits: reject anything else, and a value above max_body
	 * (EMSGSIZE). Then read exactly that many bytes with
	 * line_reader_readn (some may already sit in lr->buf) into a
	 * malloc'd buffer plus a NUL. Never read until EOF: the server may
	 * keep the connection open.
	 */
	(void)lr;
	(void)max_body;
	(void)resp;
	errno = ENOSYS;
	return -1;
}

void
http_response_free(struct http_response *resp)
{
	free(resp->body);
	resp->body = NULL;
}
