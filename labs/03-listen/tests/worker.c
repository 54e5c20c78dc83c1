/*
 * Lab 03's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "listener.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_open_listener(struct rpc_args *a)
{
	const char *host = rpc_arg_string(a);
	const char *port = rpc_arg_string(a);
	int backlog = (int)rpc_arg_int(a);
	struct net_error *err = rpc_arg_inout(a, sizeof(*err), NULL);

	return open_listener(host, port, backlog, err);
}

static long long
call_open_client(struct rpc_args *a)
{
	const char *host = rpc_arg_string(a);
	const char *port = rpc_arg_string(a);
	struct net_error *err = rpc_arg_inout(a, sizeof(*err), NULL);

	return open_client(host, port, err);
}

const struct rpc_function rpc_functions[] = {
	[CALL_OPEN_LISTENER] = { "open_listener", call_open_listener, 1 },
	[CALL_OPEN_CLIENT] = { "open_client", call_open_client, 1 },
};
const size_t rpc_function_count = LAB03_CALLS;
