/*
 * Lab 07's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "connect.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_connect_timeout(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	size_t len = 0;
	const struct sockaddr *addr = rpc_arg_in(a, &len);
	int timeout_ms = (int)rpc_arg_int(a);

	return connect_timeout(fd, addr, (socklen_t)len, timeout_ms);
}

static long long
call_dial(struct rpc_args *a)
{
	const char *host = rpc_arg_string(a);
	const char *port = rpc_arg_string(a);
	int timeout_ms = (int)rpc_arg_int(a);
	int *gai_err = rpc_arg_inout(a, sizeof(*gai_err), NULL);

	return dial(host, port, timeout_ms, gai_err);
}

static long long
call_dial_happy(struct rpc_args *a)
{
	const char *host = rpc_arg_string(a);
	const char *port = rpc_arg_string(a);
	int delay_ms = (int)rpc_arg_int(a);
	int timeout_ms = (int)rpc_arg_int(a);
	int *gai_err = rpc_arg_inout(a, sizeof(*gai_err), NULL);

	return dial_happy(host, port, delay_ms, timeout_ms, gai_err);
}

static long long
call_describe_connection(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	char *buf = rpc_arg_inout(a, 0, NULL);
	size_t size = (size_t)rpc_arg_int(a);

	return describe_connection(fd, buf, size);
}

const struct rpc_function rpc_functions[] = {
	[CALL_CONNECT_TIMEOUT] = { "connect_timeout", call_connect_timeout, 0 },
	[CALL_DIAL] = { "dial", call_dial, 1 },
	[CALL_DIAL_HAPPY] = { "dial_happy", call_dial_happy, 1 },
	[CALL_DESCRIBE_CONNECTION] = { "describe_connection",
	    call_describe_connection, 0 },
};
const size_t rpc_function_count = LAB07_CALLS;
