/*
 * Lab 07's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 */
#include "connect.h"

#include "rpc/proxy.h"
#include "tests/calls.h"

void
connect_timeout_call_begin(struct rpc_call *c, int fd,
    const struct sockaddr *addr, unsigned len, int timeout_ms)
{
	rpc_call_begin(c, "connect_timeout", CALL_CONNECT_TIMEOUT);
	rpc_put_fd(c, fd);
	rpc_put_in(c, addr, len);
	rpc_put_int(c, timeout_ms);
}

int
connect_timeout(int fd, const struct sockaddr *addr, socklen_t len,
    int timeout_ms)
{
	struct rpc_call c;

	connect_timeout_call_begin(&c, fd, addr, len, timeout_ms);
	return (int)rpc_call_run(&c);
}

int
dial(const char *host, const char *port, int timeout_ms, int *gai_err)
{
	struct rpc_call c;

	rpc_call_begin(&c, "dial", CALL_DIAL);
	rpc_call_returns_fd(&c);
	rpc_put_string(&c, host);
	rpc_put_string(&c, port);
	rpc_put_int(&c, timeout_ms);
	rpc_put_inout(&c, gai_err, gai_err != NULL ? sizeof(*gai_err) : 0);
	return (int)rpc_call_run(&c);
}

int
dial_happy(const char *host, const char *port, int delay_ms,
    int timeout_ms, int *gai_err)
{
	struct rpc_call c;

	rpc_call_begin(&c, "dial_happy", CALL_DIAL_HAPPY);
	rpc_call_returns_fd(&c);
	rpc_put_string(&c, host);
	rpc_put_string(&c, port);
	rpc_put_int(&c, delay_ms);
	rpc_put_int(&c, timeout_ms);
	rpc_put_inout(&c, gai_err, gai_err != NULL ? sizeof(*gai_err) : 0);
	return (int)rpc_call_run(&c);
}

int
describe_connection(int fd, char *buf, size_t size)
{
	struct rpc_call c;

	rpc_call_begin(&c, "describe_connection", CALL_DESCRIBE_CONNECTION);
	rpc_put_fd(&c, fd);
	/* Exactly size bytes: a write past them is the student's overflow. */
	rpc_put_inout(&c, buf, size);
	rpc_put_int(&c, (long long)size);
	return (int)rpc_call_run(&c);
}
