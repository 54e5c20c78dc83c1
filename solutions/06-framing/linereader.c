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
	lr->fd = fd;
	lr->start = lr->end = 0;
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
	size_t used = 0;
	int pending_cr = 0; /* a '\r' that may be the start of "\r\n" */

	if (cap == 0) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		char c;

		if (lr->start == lr->end) {
			ssize_t n = read(lr->fd, lr->buf, sizeof(lr->buf));

			if (n == -1) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			if (n == 0) {
				if (used == 0 && !pending_cr)
					return 0;
				errno = EPROTO; /* the last line has no end */
				return -1;
			}
			lr->start = 0;
			lr->end = (size_t)n;
		}
		c = lr->buf[lr->start++];
		if (c == '\n')
			break;
		if (pending_cr) {
			/* The '\r' was not part of "\r\n": it is data. */
			if (used + 1 >= cap) {
				errno = EMSGSIZE;
				return -1;
			}
			line[used++] = '\r';
			pending_cr = 0;
		}
		if (c == '\r') {
			pending_cr = 1;
			continue;
		}
		if (used + 1 >= cap) {
			errno = EMSGSIZE;
			return -1;
		}
		line[used++] = c;
	}
	line[used] = '\0';
	*len = used;
	return 1;
}

ssize_t
line_reader_readn(struct line_reader *lr, void *buf, size_t len)
{
	/*
	 * TODO(lab06): take what lr->buf holds first (up to len bytes),
	 * then read() the rest straight from lr->fd as framing_readn does
	 * (short reads, EINTR, EOF).
	 */
	char *p = buf;
	size_t done = lr->end - lr->start;

	if (done > len)
		done = len;
	memcpy(p, lr->buf + lr->start, done);
	lr->start += done;
	while (done < len) {
		ssize_t n = read(lr->fd, p + done, len - done);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/*
 * TODO(lab06): helpers for http_read_response go here, if you want them:
 * e.g. one that checks the status line, one that parses a decimal
 * Content-Length value strictly.
 */

/* Returns the status code of "HTTP/1.x NNN reason", or -1. */
static int
http_status(const char *line)
{
	if (strncmp(line, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)line[7]) ||
	    line[8] != ' ' || !isdigit((unsigned char)line[9]) ||
	    !isdigit((unsigned char)line[10]) ||
	    !isdigit((unsigned char)line[11]) ||
	    (line[12] != ' ' && line[12] != '\0'))
		return -1;
	return (line[9] - '0') * 100 + (line[10] - '0') * 10 + line[11] - '0';
}

/*
 * Parses a Content-Length value: optional blanks, decimal digits, optional
 * blanks (RFC 9110, section 8.6). Returns 0 and sets *n, or -1.
 */
static int
http_content_length(const char *s, size_t *n)
{
	size_t v = 0;
	int digits = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; isdigit((unsigned char)*s); s++, digits++) {
		if (v > ((size_t)-1 - 9) / 10)
			return -1; /* would overflow */
		v = v * 10 + (size_t)(*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (digits == 0 || *s != '\0')
		return -1;
	*n = v;
	return 0;
}

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
	static const char name[] = "Content-Length:";
	char line[HTTP_MAX_LINE];
	size_t len, length = 0;
	int have_length = 0, status, rc;
	ssize_t got;
	char *body;

	rc = line_read(lr, line, sizeof(line), &len);
	if (rc != 1) {
		if (rc == 0)
			errno = EPROTO; /* no response at all */
		return -1;
	}
	status = http_status(line);
	if (status == -1) {
		errno = EPROTO;
		return -1;
	}
	for (;;) {
		rc = line_read(lr, line, sizeof(line), &len);
		if (rc != 1) {
			if (rc == 0)
				errno = EPROTO; /* the headers never ended */
			return -1;
		}
		if (len == 0)
			break; /* the blank line: the body follows */
		if (strncasecmp(line, name, sizeof(name) - 1) == 0) {
			if (http_content_length(line + sizeof(name) - 1,
			    &length) == -1) {
				errno = EPROTO;
				return -1;
			}
			have_length = 1;
		}
	}
	if (!have_length) {
		errno = EPROTO;
		return -1;
	}
	if (length > max_body) {
		errno = EMSGSIZE;
		return -1;
	}
	body = malloc(length + 1);
	if (body == NULL)
		return -1;
	/* Exactly length bytes: the connection may stay open after them. */
	got = line_reader_readn(lr, body, length);
	if (got != (ssize_t)length) {
		int saved = got == -1 ? errno : EPROTO; /* EOF: cut short */

		free(body);
		errno = saved;
		return -1;
	}
	body[length] = '\0';
	resp->status = status;
	resp->content_length = length;
	resp->body = body;
	return 0;
}

void
http_response_free(struct http_response *resp)
{
	free(resp->body);
	resp->body = NULL;
}
