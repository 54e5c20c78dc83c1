/*
 * Lab 06's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 *
 * Two things cross over specially. A struct line_reader names a
 * descriptor, so each call lends lr->fd with the struct (tests/calls.h).
 * A buffer the student's code allocates stays in the worker; the test gets
 * a malloc'd copy of the bytes the contract promises (a payload or body
 * and its NUL), and http_response_free frees both.
 */
#include "framing.h"
#include "linereader.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rpc/proxy.h"
#include "tests/calls.h"
#include "tests/proxy.h"

/* HTTP bodies the test holds copies of, and their address in the worker. */
#define HELD_BODIES 16

static struct {
	char *copy;
	uint64_t pointer;
} held[HELD_BODIES];

void
framing_readn_start(struct rpc_call *c, int fd, void *buf, size_t len)
{
	rpc_call_begin(c, "framing_readn", CALL_FRAMING_READN);
	rpc_put_fd(c, fd);
	rpc_put_inout(c, buf, len);
	rpc_put_int(c, (long long)len);
	rpc_call_start(c);
}

ssize_t
framing_readn(int fd, void *buf, size_t len)
{
	struct rpc_call c;

	framing_readn_start(&c, fd, buf, len);
	rpc_call_wait(&c, -1);
	errno = c.err;
	return (ssize_t)c.ret;
}

void
framing_writen_start(struct rpc_call *c, int fd, const void *buf,
    size_t len)
{
	rpc_call_begin(c, "framing_writen", CALL_FRAMING_WRITEN);
	rpc_put_fd(c, fd);
	rpc_put_in(c, buf, len);
	rpc_put_int(c, (long long)len);
	rpc_call_start(c);
}

ssize_t
framing_writen(int fd, const void *buf, size_t len)
{
	struct rpc_call c;

	framing_writen_start(&c, fd, buf, len);
	rpc_call_wait(&c, -1);
	errno = c.err;
	return (ssize_t)c.ret;
}

int
frame_write(int fd, const void *payload, size_t len)
{
	struct rpc_call c;

	rpc_call_begin(&c, "frame_write", CALL_FRAME_WRITE);
	rpc_put_fd(&c, fd);
	rpc_put_in(&c, payload, len);
	rpc_put_int(&c, (long long)len);
	return (int)rpc_call_run(&c);
}

/* The room for a copy of at most max bytes and a NUL. */
static size_t
copy_room(size_t max)
{
	return (max < LAB06_COPY_MAX ? max : LAB06_COPY_MAX) + 1;
}

static char *
copy_buffer(size_t room)
{
	char *buf = calloc(room, 1);

	cr_assert(buf != NULL, "test set-up: out of memory");
	return buf;
}

/*
 * What the student's code left in a pointer, as the test sees it: *where
 * as it was, NULL, or buf (the copy, trimmed) standing for the worker's
 * buffer. Returns 1 when buf is now the test's, else frees buf.
 */
static int
take_copy(const char *name, const struct lab06_copy *copy, char *buf,
    size_t room, char **where)
{
	char *trimmed;

	switch (copy->state) {
	case COPY_UNTOUCHED:
		free(buf);
		return 0;
	case COPY_NULL:
		free(buf);
		*where = NULL;
		return 0;
	case COPY_MADE:
		break;
	default:
		free(buf);
		cr_assert_fail("%s: the worker's answer cannot be trusted (a "
		    "copied buffer in no known state): the code under test "
		    "interfered with the worker", name);
	}
	if (copy->copied > room) {
		free(buf);
		cr_assert_fail("%s: the worker's answer cannot be trusted (a "
		    "copy larger than its room): the code under test "
		    "interfered with the worker", name);
	}
	trimmed = realloc(buf, copy->copied > 0 ? copy->copied : 1);
	*where = trimmed != NULL ? trimmed : buf;
	return 1;
}

int
frame_read(int fd, size_t max, char **payload, size_t *len)
{
	struct rpc_call c;
	struct lab06_copy copy = { 0, 0, 0 };
	size_t room = copy_room(max);
	char *buf = copy_buffer(room);
	int rc, err;

	rpc_call_begin(&c, "frame_read", CALL_FRAME_READ);
	rpc_put_fd(&c, fd);
	rpc_put_int(&c, (long long)max);
	rpc_put_int(&c, payload != NULL);
	rpc_put_inout(&c, len, sizeof(*len));
	rpc_put_inout(&c, &copy, sizeof(copy));
	rpc_put_inout(&c, buf, room);
	rc = (int)rpc_call_run(&c);
	err = errno;
	if (payload != NULL)
		take_copy("frame_read", &copy, buf, room, payload);
	else
		free(buf);
	errno = err;
	return rc;
}

/* Lends a line reader: the struct, its descriptor, and that number here. */
static void
put_reader(struct rpc_call *c, struct line_reader *lr)
{
	int fd = lr != NULL ? lr->fd : -1;

	rpc_put_inout(c, lr, lr != NULL ? sizeof(*lr) : 0);
	rpc_put_fd(c, fd);
	rpc_put_int(c, fd);
}

void
line_reader_init(struct line_reader *lr, int fd)
{
	struct rpc_call c;

	rpc_call_begin(&c, "line_reader_init", CALL_LINE_READER_INIT);
	rpc_put_inout(&c, lr, lr != NULL ? sizeof(*lr) : 0);
	rpc_put_fd(&c, fd);
	rpc_put_int(&c, fd);
	rpc_call_run(&c);
}

int
line_read_within(struct line_reader *lr, char *line, size_t size,
    size_t cap, size_t *len)
{
	struct rpc_call c;

	cr_assert(line == NULL || cap <= size, "test bug: line_read with cap "
	    "%zu in a %zu-byte buffer", cap, size);
	rpc_call_begin(&c, "line_read", CALL_LINE_READ);
	put_reader(&c, lr);
	rpc_put_inout(&c, line, size);
	rpc_put_int(&c, (long long)cap);
	rpc_put_inout(&c, len, sizeof(*len));
	return (int)rpc_call_run(&c);
}

int
line_read(struct line_reader *lr, char *line, size_t cap, size_t *len)
{
	return line_read_within(lr, line, cap, cap, len);
}

ssize_t
line_reader_readn(struct line_reader *lr, void *buf, size_t len)
{
	struct rpc_call c;

	rpc_call_begin(&c, "line_reader_readn", CALL_LINE_READER_READN);
	put_reader(&c, lr);
	rpc_put_inout(&c, buf, len);
	rpc_put_int(&c, (long long)len);
	return (ssize_t)rpc_call_run(&c);
}

int
http_read_response(struct line_reader *lr, size_t max_body,
    struct http_response *resp)
{
	struct rpc_call c;
	struct lab06_copy copy = { 0, 0, 0 };
	size_t room = copy_room(max_body);
	char *buf = copy_buffer(room);
	char *before = resp != NULL ? resp->body : NULL;
	int rc, err;

	rpc_call_begin(&c, "http_read_response", CALL_HTTP_READ_RESPONSE);
	put_reader(&c, lr);
	rpc_put_int(&c, (long long)max_body);
	rpc_put_inout(&c, resp, sizeof(*resp));
	rpc_put_inout(&c, &copy, sizeof(copy));
	rpc_put_inout(&c, buf, room);
	rc = (int)rpc_call_run(&c);
	err = errno;
	if (resp == NULL) {
		free(buf);
		errno = err;
		return rc;
	}
	resp->body = before;
	if (take_copy("http_read_response", &copy, buf, room, &resp->body)) {
		size_t i = 0;

		while (i < HELD_BODIES && held[i].copy != NULL)
			i++;
		cr_assert(i < HELD_BODIES, "test bug: more than %d HTTP "
		    "responses held at once", HELD_BODIES);
		held[i].copy = resp->body;
		held[i].pointer = copy.pointer;
	}
	errno = err;
	return rc;
}

void
http_response_free(struct http_response *resp)
{
	struct rpc_call c;
	struct http_response theirs;
	size_t i = 0;

	while (resp != NULL && i < HELD_BODIES &&
	    (held[i].copy == NULL || held[i].copy != resp->body))
		i++;
	if (resp != NULL) {
		theirs = *resp;
		if (i < HELD_BODIES)
			theirs.body = (char *)(uintptr_t)held[i].pointer;
	}
	rpc_call_begin(&c, "http_response_free", CALL_HTTP_RESPONSE_FREE);
	rpc_put_inout(&c, resp != NULL ? &theirs : NULL, sizeof(theirs));
	rpc_call_run(&c);
	if (resp == NULL)
		return;
	resp->status = theirs.status;
	resp->content_length = theirs.content_length;
	if (i < HELD_BODIES) {
		/* Left pointing at the freed body, or cleared, as theirs was. */
		free(held[i].copy);
		if (theirs.body == NULL)
			resp->body = NULL;
		held[i].copy = NULL;
	} else {
		resp->body = theirs.body;
	}
}
