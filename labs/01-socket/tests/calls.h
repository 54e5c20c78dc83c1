#ifndef SOCKLAB_LAB01_TESTS_CALLS_H
#define SOCKLAB_LAB01_TESTS_CALLS_H

/*
 * The lab 01 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab01_call {
	CALL_SOCK_OPEN,
	CALL_SOCK_DESCRIBE,
	CALL_SOCK_OPEN_PAIR,
	CALL_SOCK_CLOSE,
	LAB01_CALLS
};

#endif
