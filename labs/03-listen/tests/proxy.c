/*
 * Lab 03's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 */
#include "listener.h"

#include <errno.h>
#include <stdio.h>
#include <sys/types.h>

#include "rpc/proxy.h"
#include "tests/calls.h"

int
open_listener(const char *host, const char *port, int backlog,
    struct net_error *err)
{
	struct rpc_call c;

	rpc_call_begin(&c, "open_listener", CALL_OPEN_LISTENER);
	rpc_call_returns_fd(&c);
	rpc_put_string(&c, host);
	rpc_put_string(&c, port);
	rpc_put_int(&c, backlog);
	rpc_put_inout(&c, err, sizeof(*err));
	return (int)rpc_call_run(&c);
}

int
open_client(const char *host, const char *port, struct net_error *err)
{
	struct rpc_call c;

	rpc_call_begin(&c, "open_client", CALL_OPEN_CLIENT);
	rpc_call_returns_fd(&c);
	rpc_put_string(&c, host);
	rpc_put_string(&c, port);
	rpc_put_inout(&c, err, sizeof(*err));
	return (int)rpc_call_run(&c);
}
