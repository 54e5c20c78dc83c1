/*
 * Lab 04's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "echo.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_echo_format_peer(struct rpc_args *a)
{
	size_t n;
	const struct sockaddr_storage *addr = rpc_arg_in(a, &n);
	char *buf = rpc_arg_inout(a, 0, NULL);
	size_t size = (size_t)rpc_arg_int(a);

	return echo_format_peer(addr, buf, size);
}

static long long
call_serve_iterative(struct rpc_args *a)
{
	int listenfd = rpc_arg_fd(a);
	int max_clients = (int)rpc_arg_int(a);
	int logfd = rpc_arg_fd(a);

	return serve_iterative(listenfd, max_clients, logfd);
}

static long long
call_serve_forking(struct rpc_args *a)
{
	int listenfd = rpc_arg_fd(a);
	int max_clients = (int)rpc_arg_int(a);
	int logfd = rpc_arg_fd(a);

	return serve_forking(listenfd, max_clients, logfd);
}

const struct rpc_function rpc_functions[] = {
	[CALL_ECHO_FORMAT_PEER] = { "echo_format_peer", call_echo_format_peer,
	    0 },
	[CALL_SERVE_ITERATIVE] = { "serve_iterative", call_serve_iterative, 0 },
	[CALL_SERVE_FORKING] = { "serve_forking", call_serve_forking, 0 },
};
const size_t rpc_function_count = LAB04_CALLS;
