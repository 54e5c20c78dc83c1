/*
 * Lab 04's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h). The
 * servers block, so the harness starts them with serve_call_begin() and
 * rpc_call_start() instead, and plays their clients meanwhile.
 */
#include "echo.h"

#include "rpc/proxy.h"
#include "tests/calls.h"

int
echo_format_peer(const struct sockaddr_storage *addr, char *buf, size_t size)
{
	struct rpc_call c;

	rpc_call_begin(&c, "echo_format_peer", CALL_ECHO_FORMAT_PEER);
	rpc_put_in(&c, addr, sizeof(*addr));
	/* Exactly size bytes: a write past them is the student's overflow. */
	rpc_put_inout(&c, buf, size);
	rpc_put_int(&c, (long long)size);
	return (int)rpc_call_run(&c);
}

void
serve_call_begin(struct rpc_call *c, enum lab04_call server, int listenfd,
    int max_clients, int logfd)
{
	rpc_call_begin(c, server == CALL_SERVE_FORKING ? "serve_forking" :
	    "serve_iterative", server);
	rpc_put_fd(c, listenfd);
	rpc_put_int(c, max_clients);
	rpc_put_fd(c, logfd);
}

int
serve_iterative(int listenfd, int max_clients, int logfd)
{
	struct rpc_call c;

	serve_call_begin(&c, CALL_SERVE_ITERATIVE, listenfd, max_clients,
	    logfd);
	return (int)rpc_call_run(&c);
}

int
serve_forking(int listenfd, int max_clients, int logfd)
{
	struct rpc_call c;

	serve_call_begin(&c, CALL_SERVE_FORKING, listenfd, max_clients, logfd);
	return (int)rpc_call_run(&c);
}
