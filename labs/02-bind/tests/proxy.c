/*
 * Lab 02's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 */
#include "bind.h"

#include "rpc/proxy.h"
#include "tests/calls.h"

int
bind_fill_ipv4(struct sockaddr_in *sa, const char *ip, uint16_t port)
{
	struct rpc_call c;

	rpc_call_begin(&c, "bind_fill_ipv4", CALL_BIND_FILL_IPV4);
	rpc_put_inout(&c, sa, sizeof(*sa));
	rpc_put_string(&c, ip);
	rpc_put_int(&c, port);
	return (int)rpc_call_run(&c);
}

int
bind_fill_ipv6(struct sockaddr_in6 *sa, const char *ip, uint16_t port)
{
	struct rpc_call c;

	rpc_call_begin(&c, "bind_fill_ipv6", CALL_BIND_FILL_IPV6);
	rpc_put_inout(&c, sa, sizeof(*sa));
	rpc_put_string(&c, ip);
	rpc_put_int(&c, port);
	return (int)rpc_call_run(&c);
}

/* The calls that take (family, ip, port) and return a bound socket. */
static int
bind_call(const char *name, int function, int family, const char *ip,
    uint16_t port)
{
	struct rpc_call c;

	rpc_call_begin(&c, name, function);
	rpc_call_returns_fd(&c);
	rpc_put_int(&c, family);
	rpc_put_string(&c, ip);
	rpc_put_int(&c, port);
	return (int)rpc_call_run(&c);
}

int
bind_tcp(int family, const char *ip, uint16_t port)
{
	return bind_call("bind_tcp", CALL_BIND_TCP, family, ip, port);
}

int
bind_reusable(int family, const char *ip, uint16_t port)
{
	return bind_call("bind_reusable", CALL_BIND_REUSABLE, family, ip,
	    port);
}

int
bind_ephemeral(int family, const char *ip, uint16_t *port)
{
	struct rpc_call c;

	rpc_call_begin(&c, "bind_ephemeral", CALL_BIND_EPHEMERAL);
	rpc_call_returns_fd(&c);
	rpc_put_int(&c, family);
	rpc_put_string(&c, ip);
	rpc_put_inout(&c, port, sizeof(*port));
	return (int)rpc_call_run(&c);
}
