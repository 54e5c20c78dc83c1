#ifndef SOCKLAB_LAB04_TESTS_CALLS_H
#define SOCKLAB_LAB04_TESTS_CALLS_H

/*
 * The lab 04 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab04_call {
	CALL_ECHO_FORMAT_PEER,
	CALL_SERVE_ITERATIVE,
	CALL_SERVE_FORKING,
	LAB04_CALLS
};

struct rpc_call;

/*
 * Prepares a call of serve_iterative (CALL_SERVE_ITERATIVE) or
 * serve_forking (CALL_SERVE_FORKING) for rpc_call_start(): a server
 * blocks while the test plays its clients (tests/harness.c).
 */
void serve_call_begin(struct rpc_call *c, enum lab04_call server,
    int listenfd, int max_clients, int logfd);

#endif
