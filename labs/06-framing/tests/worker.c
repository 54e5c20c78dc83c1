/*
 * Lab 06's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "framing.h"
#include "linereader.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_framing_readn(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	void *buf = rpc_arg_inout(a, 0, NULL);
	size_t len = (size_t)rpc_arg_int(a);

	return framing_readn(fd, buf, len);
}

static long long
call_framing_writen(struct rpc_args *a)
{
	size_t size;
	int fd = rpc_arg_fd(a);
	const void *buf = rpc_arg_in(a, &size);
	size_t len = (size_t)rpc_arg_int(a);

	return framing_writen(fd, buf, len);
}

static long long
call_frame_write(struct rpc_args *a)
{
	size_t size;
	int fd = rpc_arg_fd(a);
	const void *payload = rpc_arg_in(a, &size);
	size_t len = (size_t)rpc_arg_int(a);

	return frame_write(fd, payload, len);
}

/*
 * Tells the test what the code left in a pointer that was `before`, and
 * copies up to `want` bytes of the buffer it points to into out (room
 * bytes). Keeps errno.
 */
static void
copy_back(struct lab06_copy *copy, const char *p, const char *before,
    size_t want, char *out, size_t room)
{
	int err = errno;

	if (copy == NULL)
		return;
	copy->pointer = (uint64_t)(uintptr_t)p;
	copy->copied = 0;
	if (p == before) {
		copy->state = COPY_UNTOUCHED;
	} else if (p == NULL) {
		copy->state = COPY_NULL;
	} else {
		copy->state = COPY_MADE;
		if (out != NULL) {
			copy->copied = want < room ? want : room;
			memcpy(out, p, copy->copied);
		}
	}
	errno = err;
}

static long long
call_frame_read(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	size_t max = (size_t)rpc_arg_int(a);
	int has_payload = (int)rpc_arg_int(a);
	size_t *len = rpc_arg_inout(a, sizeof(*len), NULL);
	struct lab06_copy *copy = rpc_arg_inout(a, sizeof(*copy), NULL);
	size_t room;
	char *out = rpc_arg_inout(a, 0, &room);
	char untouched;
	char *payload = &untouched;
	size_t want = 0;
	int rc, err;

	rc = frame_read(fd, max, has_payload ? &payload : NULL, len);
	err = errno;
	/* After 1, *len bytes and a NUL are the caller's to read and free. */
	if (rc == 1 && len != NULL)
		want = *len < SIZE_MAX ? *len + 1 : *len;
	copy_back(copy, payload, &untouched, want, out, room);
	if (rc == 1 && payload != &untouched)
		free(payload);
	errno = err;
	return rc;
}

/*
 * The line reader's arguments: the struct, the descriptor lent for its
 * fd and the number that descriptor has in the test. The struct names
 * the worker's number during the call (see reader_done).
 */
static struct line_reader *
reader_arguments(struct rpc_args *a, int *slot, int *test_fd)
{
	struct line_reader *lr = rpc_arg_inout(a, sizeof(*lr), NULL);

	*slot = rpc_arg_fd(a);
	*test_fd = (int)rpc_arg_int(a);
	if (lr != NULL && lr->fd == *test_fd)
		lr->fd = *slot;
	return lr;
}

/* Gives the struct back the test's number for its descriptor. */
static void
reader_done(struct line_reader *lr, int slot, int test_fd)
{
	if (lr != NULL && lr->fd == slot)
		lr->fd = test_fd;
}

static long long
call_line_reader_init(struct rpc_args *a)
{
	struct line_reader *lr = rpc_arg_inout(a, sizeof(*lr), NULL);
	int slot = rpc_arg_fd(a);
	int test_fd = (int)rpc_arg_int(a);

	line_reader_init(lr, slot);
	reader_done(lr, slot, test_fd);
	return 0;
}

static long long
call_line_read(struct rpc_args *a)
{
	int slot, test_fd, rc, err;
	struct line_reader *lr = reader_arguments(a, &slot, &test_fd);
	char *line = rpc_arg_inout(a, 0, NULL);
	size_t cap = (size_t)rpc_arg_int(a);
	size_t *len = rpc_arg_inout(a, sizeof(*len), NULL);

	rc = line_read(lr, line, cap, len);
	err = errno;
	reader_done(lr, slot, test_fd);
	errno = err;
	return rc;
}

static long long
call_line_reader_readn(struct rpc_args *a)
{
	int slot, test_fd, err;
	struct line_reader *lr = reader_arguments(a, &slot, &test_fd);
	void *buf = rpc_arg_inout(a, 0, NULL);
	size_t len = (size_t)rpc_arg_int(a);
	ssize_t n;

	n = line_reader_readn(lr, buf, len);
	err = errno;
	reader_done(lr, slot, test_fd);
	errno = err;
	return n;
}

static long long
call_http_read_response(struct rpc_args *a)
{
	int slot, test_fd, rc, err;
	struct line_reader *lr = reader_arguments(a, &slot, &test_fd);
	size_t max_body = (size_t)rpc_arg_int(a);
	struct http_response *resp = rpc_arg_inout(a, sizeof(*resp), NULL);
	struct lab06_copy *copy = rpc_arg_inout(a, sizeof(*copy), NULL);
	size_t room, want = 0;
	char *out = rpc_arg_inout(a, 0, &room);
	char *before = resp != NULL ? resp->body : NULL;

	rc = http_read_response(lr, max_body, resp);
	err = errno;
	reader_done(lr, slot, test_fd);
	if (resp != NULL) {
		/* After 0, the body and its NUL are the caller's to read. */
		if (rc == 0)
			want = resp->content_length < SIZE_MAX ?
			    resp->content_length + 1 : resp->content_length;
		/* The body stays here until http_response_free. */
		copy_back(copy, resp->body, before, want, out, room);
	}
	errno = err;
	return rc;
}

static long long
call_http_response_free(struct rpc_args *a)
{
	struct http_response *resp = rpc_arg_inout(a, sizeof(*resp), NULL);

	http_response_free(resp);
	return 0;
}

const struct rpc_function rpc_functions[] = {
	[CALL_FRAMING_READN] = { "framing_readn", call_framing_readn, 0 },
	[CALL_FRAMING_WRITEN] = { "framing_writen", call_framing_writen, 0 },
	[CALL_FRAME_WRITE] = { "frame_write", call_frame_write, 0 },
	[CALL_FRAME_READ] = { "frame_read", call_frame_read, 0 },
	[CALL_LINE_READER_INIT] = { "line_reader_init",
	    call_line_reader_init, 0 },
	[CALL_LINE_READ] = { "line_read", call_line_read, 0 },
	[CALL_LINE_READER_READN] = { "line_reader_readn",
	    call_line_reader_readn, 0 },
	[CALL_HTTP_READ_RESPONSE] = { "http_read_response",
	    call_http_read_response, 0 },
	[CALL_HTTP_RESPONSE_FREE] = { "http_response_free",
	    call_http_response_free, 0 },
};
const size_t rpc_function_count = LAB06_CALLS;
