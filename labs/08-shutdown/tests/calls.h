#ifndef SOCKLAB_LAB08_TESTS_CALLS_H
#define SOCKLAB_LAB08_TESTS_CALLS_H

/*
 * The lab 08 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab08_call {
	CALL_SEND_ALL_NOSIGNAL,
	CALL_EXCHANGE,
	CALL_SERVE_AFTER_EOF,
	CALL_ABORT_CONNECTION,
	CALL_GRACEFUL_CLOSE,
	LAB08_CALLS
};

#include <stddef.h>

struct rpc_call;

/*
 * Prepare calls for rpc_call_start(): these block until the test, the
 * peer, does its part, so the test starts them and plays the peer.
 * exchange's reply buffer (cap bytes) is updated when the call returns.
 */
void exchange_call_begin(struct rpc_call *c, int fd, const void *req,
    size_t req_len, void *reply, size_t cap);
void serve_after_eof_call_begin(struct rpc_call *c, int fd, size_t cap);
void graceful_close_call_begin(struct rpc_call *c, int fd, int timeout_ms);

#endif
