#ifndef SOCKLAB_LAB05_TESTS_CALLS_H
#define SOCKLAB_LAB05_TESTS_CALLS_H

/*
 * The lab 05 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 */
enum lab05_call {
	CALL_BO_HTONS,
	CALL_BO_HTONL,
	CALL_BO_NTOHS,
	CALL_BO_NTOHL,
	CALL_BO_PUT_U16,
	CALL_BO_PUT_U32,
	CALL_BO_PUT_U64,
	CALL_BO_GET_U16,
	CALL_BO_GET_U32,
	CALL_BO_GET_U64,
	CALL_BO_ADDRESS_PARSE,
	CALL_BO_ADDRESS_FORMAT,
	CALL_TCP_HEADER_PARSE,
	CALL_TCP_HEADER_PARSE_ISOLATED,
	LAB05_CALLS
};

/*
 * How tcp_header_parse_isolated's parse ended (see tests/proxy.h): it
 * runs in a child of the worker, so a parse that loops or crashes is
 * reported instead of taking the worker with it.
 */
enum lab05_parse_end {
	PARSE_RETURNED = 1, /* rc and err hold its result */
	PARSE_HUNG,         /* still running after the time limit: killed */
	PARSE_CRASHED,      /* died: signal, or 0 for a sanitizer's exit */
};

struct lab05_parse_outcome {
	int end;    /* enum lab05_parse_end */
	int rc;
	int err;
	int signal;
};

#endif
