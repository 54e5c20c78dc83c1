#ifndef SOCKLAB_LAB07_TESTS_CALLS_H
#define SOCKLAB_LAB07_TESTS_CALLS_H

/*
 * The lab 07 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab07_call {
	CALL_CONNECT_TIMEOUT,
	CALL_DIAL,
	CALL_DIAL_HAPPY,
	CALL_DESCRIBE_CONNECTION,
	LAB07_CALLS
};

struct rpc_call;
struct sockaddr;

/*
 * Prepares a call of connect_timeout for rpc_call_start(): the tests
 * signal the worker while the call waits (tests/test_connect.c).
 */
void connect_timeout_call_begin(struct rpc_call *c, int fd,
    const struct sockaddr *addr, unsigned len, int timeout_ms);

#endif
