/*
 * Lab 02's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "bind.h"

#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_bind_fill_ipv4(struct rpc_args *a)
{
	struct sockaddr_in *sa = rpc_arg_inout(a, sizeof(*sa), NULL);
	const char *ip = rpc_arg_string(a);
	uint16_t port = (uint16_t)rpc_arg_int(a);

	return bind_fill_ipv4(sa, ip, port);
}

static long long
call_bind_fill_ipv6(struct rpc_args *a)
{
	struct sockaddr_in6 *sa = rpc_arg_inout(a, sizeof(*sa), NULL);
	const char *ip = rpc_arg_string(a);
	uint16_t port = (uint16_t)rpc_arg_int(a);

	return bind_fill_ipv6(sa, ip, port);
}

static long long
call_bind_tcp(struct rpc_args *a)
{
	int family = (int)rpc_arg_int(a);
	const char *ip = rpc_arg_string(a);
	uint16_t port = (uint16_t)rpc_arg_int(a);

	return bind_tcp(family, ip, port);
}

static long long
call_bind_reusable(struct rpc_args *a)
{
	int family = (int)rpc_arg_int(a);
	const char *ip = rpc_arg_string(a);
	uint16_t port = (uint16_t)rpc_arg_int(a);

	return bind_reusable(family, ip, port);
}

static long long
call_bind_ephemeral(struct rpc_args *a)
{
	int family = (int)rpc_arg_int(a);
	const char *ip = rpc_arg_string(a);
	uint16_t *port = rpc_arg_inout(a, sizeof(*port), NULL);

	return bind_ephemeral(family, ip, port);
}

const struct rpc_function rpc_functions[] = {
	[CALL_BIND_FILL_IPV4] = { "bind_fill_ipv4", call_bind_fill_ipv4, 0 },
	[CALL_BIND_FILL_IPV6] = { "bind_fill_ipv6", call_bind_fill_ipv6, 0 },
	[CALL_BIND_TCP] = { "bind_tcp", call_bind_tcp, 1 },
	[CALL_BIND_REUSABLE] = { "bind_reusable", call_bind_reusable, 1 },
	[CALL_BIND_EPHEMERAL] = { "bind_ephemeral", call_bind_ephemeral, 1 },
};
const size_t rpc_function_count = LAB02_CALLS;
