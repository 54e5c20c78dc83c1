/*
 * Lab 08's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 */
#include "closing.h"

#include "rpc/proxy.h"
#include "tests/calls.h"

ssize_t
send_all_nosignal(int fd, const void *buf, size_t len)
{
	struct rpc_call c;

	rpc_call_begin(&c, "send_all_nosignal", CALL_SEND_ALL_NOSIGNAL);
	rpc_put_fd(&c, fd);
	rpc_put_in(&c, buf, len);
	rpc_put_int(&c, (long long)len);
	return (ssize_t)rpc_call_run(&c);
}

void
exchange_call_begin(struct rpc_call *c, int fd, const void *req,
    size_t req_len, void *reply, size_t cap)
{
	rpc_call_begin(c, "exchange", CALL_EXCHANGE);
	rpc_put_fd(c, fd);
	rpc_put_in(c, req, req_len);
	rpc_put_int(c, (long long)req_len);
	/* Exactly cap bytes: a write past them is the student's overflow. */
	rpc_put_inout(c, reply, cap);
	rpc_put_int(c, (long long)cap);
}

ssize_t
exchange(int fd, const void *req, size_t req_len, void *reply, size_t cap)
{
	struct rpc_call c;

	exchange_call_begin(&c, fd, req, req_len, reply, cap);
	return (ssize_t)rpc_call_run(&c);
}

void
serve_after_eof_call_begin(struct rpc_call *c, int fd, size_t cap)
{
	rpc_call_begin(c, "serve_after_eof", CALL_SERVE_AFTER_EOF);
	rpc_put_fd(c, fd);
	rpc_put_int(c, (long long)cap);
}

ssize_t
serve_after_eof(int fd, size_t cap)
{
	struct rpc_call c;

	serve_after_eof_call_begin(&c, fd, cap);
	return (ssize_t)rpc_call_run(&c);
}

int
abort_connection(int fd)
{
	struct rpc_call c;

	rpc_call_begin(&c, "abort_connection", CALL_ABORT_CONNECTION);
	rpc_put_fd(&c, fd);
	return (int)rpc_call_run(&c);
}

void
graceful_close_call_begin(struct rpc_call *c, int fd, int timeout_ms)
{
	rpc_call_begin(c, "graceful_close", CALL_GRACEFUL_CLOSE);
	rpc_put_fd(c, fd);
	rpc_put_int(c, timeout_ms);
}

int
graceful_close(int fd, int timeout_ms)
{
	struct rpc_call c;

	graceful_close_call_begin(&c, fd, timeout_ms);
	return (int)rpc_call_run(&c);
}
