/*
 * Lab 01's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 */
#include "sockets.h"

#include "rpc/proxy.h"
#include "tests/calls.h"

int
sock_open(int family, enum sock_transport transport)
{
	struct rpc_call c;

	rpc_call_begin(&c, "sock_open", CALL_SOCK_OPEN);
	rpc_call_returns_fd(&c);
	rpc_put_int(&c, family);
	rpc_put_int(&c, transport);
	return (int)rpc_call_run(&c);
}

int
sock_describe(int fd, struct sock_info *info)
{
	struct rpc_call c;

	rpc_call_begin(&c, "sock_describe", CALL_SOCK_DESCRIBE);
	rpc_put_fd(&c, fd);
	rpc_put_inout(&c, info, sizeof(*info));
	return (int)rpc_call_run(&c);
}

int
sock_open_pair(int family, int fds[2])
{
	struct rpc_call c;

	rpc_call_begin(&c, "sock_open_pair", CALL_SOCK_OPEN_PAIR);
	rpc_put_int(&c, family);
	rpc_put_fds_out(&c, fds, 2);
	return (int)rpc_call_run(&c);
}

int
sock_close(int fd)
{
	struct rpc_call c;

	rpc_call_begin(&c, "sock_close", CALL_SOCK_CLOSE);
	rpc_put_fd(&c, fd);
	return (int)rpc_call_run(&c);
}
