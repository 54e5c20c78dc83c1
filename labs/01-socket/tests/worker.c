/*
 * Lab 01's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "sockets.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_sock_open(struct rpc_args *a)
{
	int family = (int)rpc_arg_int(a);
	enum sock_transport transport = (enum sock_transport)rpc_arg_int(a);

	return sock_open(family, transport);
}

static long long
call_sock_describe(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);
	struct sock_info *info = rpc_arg_inout(a, sizeof(*info), NULL);

	return sock_describe(fd, info);
}

static long long
call_sock_open_pair(struct rpc_args *a)
{
	int family = (int)rpc_arg_int(a);
	int *fds = rpc_arg_fds_out(a, 2);

	return sock_open_pair(family, fds);
}

static long long
call_sock_close(struct rpc_args *a)
{
	int fd = rpc_arg_fd(a);

	return sock_close(fd);
}

const struct rpc_function rpc_functions[] = {
	[CALL_SOCK_OPEN] = { "sock_open", call_sock_open, 1 },
	[CALL_SOCK_DESCRIBE] = { "sock_describe", call_sock_describe, 0 },
	[CALL_SOCK_OPEN_PAIR] = { "sock_open_pair", call_sock_open_pair, 0 },
	[CALL_SOCK_CLOSE] = { "sock_close", call_sock_close, 0 },
};
const size_t rpc_function_count = LAB01_CALLS;
