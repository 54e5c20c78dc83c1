#ifndef SOCKLAB_LAB03_TESTS_CALLS_H
#define SOCKLAB_LAB03_TESTS_CALLS_H

/*
 * The lab 03 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab03_call {
	CALL_OPEN_LISTENER,
	CALL_OPEN_CLIENT,
	LAB03_CALLS
};

#endif
