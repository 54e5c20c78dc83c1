#ifndef SOCKLAB_LAB02_TESTS_CALLS_H
#define SOCKLAB_LAB02_TESTS_CALLS_H

/*
 * The lab 02 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab02_call {
	CALL_BIND_FILL_IPV4,
	CALL_BIND_FILL_IPV6,
	CALL_BIND_TCP,
	CALL_BIND_REUSABLE,
	CALL_BIND_EPHEMERAL,
	LAB02_CALLS
};

#endif
