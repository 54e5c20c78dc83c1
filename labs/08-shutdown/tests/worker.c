/*
 * Lab 08's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "closing.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_send_all_nosignal(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	size_t n;
	const void *buf = rpc_arg_in(a, &n);
	size_t len = (size_t)rpc_arg_int(a);

	return send_all_nosignal(fd, buf, len);
}

static long long
call_exchange(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	size_t n;
	const void *req = rpc_arg_in(a, &n);
	size_t req_len = (size_t)rpc_arg_int(a);
	void *reply = rpc_arg_inout(a, 0, NULL);
	size_t cap = (size_t)rpc_arg_int(a);

	return exchange(fd, req, req_len, reply, cap);
}

static long long
call_serve_after_eof(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	size_t cap = (size_t)rpc_arg_int(a);

	return serve_after_eof(fd, cap);
}

static long long
call_abort_connection(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);

	return abort_connection(fd);
}

static long long
call_graceful_close(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	int timeout_ms = (int)rpc_arg_int(a);

	return graceful_close(fd, timeout_ms);
}

const struct rpc_function rpc_functions[] = {
	[CALL_SEND_ALL_NOSIGNAL] = { "send_all_nosignal",
	    call_send_all_nosignal, 0 },
	[CALL_EXCHANGE] = { "exchange", call_exchange, 0 },
	[CALL_SERVE_AFTER_EOF] = { "serve_after_eof", call_serve_after_eof,
	    0 },
	[CALL_ABORT_CONNECTION] = { "abort_connection", call_abort_connection,
	    0 },
	[CALL_GRACEFUL_CLOSE] = { "graceful_close", call_graceful_close, 0 },
};
const size_t rpc_function_count = LAB08_CALLS;
