#ifndef SOCKLAB_LAB06_LINEREADER_H
#define SOCKLAB_LAB06_LINEREADER_H

/*
 * Lab 06: framing, part 2. A buffered reader for text protocols whose
 * records end with a newline, and an HTTP/1.0-style response reader built
 * on it. The reader reads big chunks and hands out one line at a time, so
 * the bytes that arrived after a line wait in the struct for the next call.
 * Read handouts/06-framing.md first; grade with `make grade LAB=06`.
 */

#include <stddef.h>
#include <sys/types.h>

/* How many bytes a line_reader reads from its descriptor at most at once. */
#define LINE_READER_BUFSIZE 512

/* All the reader's state: one per descriptor, never in static variables. */
struct line_reader {
	int fd;
	char buf[LINE_READER_BUFSIZE]; /* bytes read from fd ... */
	size_t start;                  /* ... buf[start..end-1] not yet */
	size_t end;                    /* handed out to the caller */
};

/* Prepares lr to read from fd, with nothing buffered. */
void line_reader_init(struct line_reader *lr, int fd);

/*
 * Reads the next line into line (cap bytes), without its "\n" or "\r\n"
 * and with a terminating NUL. Returns 1 and sets *len to the line's length;
 * 0 when the stream ended with no bytes pending; -1 with errno set:
 * EMSGSIZE when the line needs more than cap - 1 bytes, EPROTO when the
 * stream ended inside a line (bytes with no newline after them), or the
 * errno of read(). After -1 the reader is out of step: stop using it.
 */
int line_read(struct line_reader *lr, char *line, size_t cap, size_t *len);

/*
 * Reads exactly len bytes through the reader: first the bytes it already
 * holds, then from its descriptor. Returns as framing_readn does.
 */
ssize_t line_reader_readn(struct line_reader *lr, void *buf, size_t len);

/*
 * The size of the buffer that http_read_response reads each status or
 * header line into, its NUL included. So the longest line it accepts is
 * HTTP_MAX_LINE - 1 bytes, not counting the "\r\n" (or "\n") that ends it.
 */
#define HTTP_MAX_LINE 1024

struct http_response {
	int status;            /* the status code, e.g. 200 */
	size_t content_length; /* the body's length in bytes */
	char *body;            /* malloc'd: the body, then a NUL */
};

/*
 * Reads one HTTP/1.0-style response through lr: a status line
 * ("HTTP/1.0 200 OK"), header lines up to an empty line, then exactly
 * Content-Length bytes of body, and not one byte more: the connection
 * may stay open after it. Header names match without regard to case.
 * Returns 0 and fills *resp (release it with http_response_free), or -1
 * with errno set and nothing to free: EPROTO for a bad status line, a
 * missing or bad Content-Length, or a stream that ends early; EMSGSIZE
 * for a line that does not fit in HTTP_MAX_LINE or a body above max_body;
 * or the errno of read() or malloc(). A response with no Content-Length
 * is EPROTO on purpose, even a 204 or 304 (no body) or one whose body ends
 * when the server closes: see handouts/06-framing.md#http-content-length.
 */
int http_read_response(struct line_reader *lr, size_t max_body,
    struct http_response *resp);

/* Frees what http_read_response allocated in resp. */
void http_response_free(struct http_response *resp);

#endif
