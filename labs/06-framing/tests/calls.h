#ifndef SOCKLAB_LAB06_TESTS_CALLS_H
#define SOCKLAB_LAB06_TESTS_CALLS_H

/*
 * The lab 06 functions the worker serves, numbered for the rpc protocol:
 * proxy.c (the tests' side) and worker.c (the student code's side).
 *
 * A struct line_reader holds a descriptor: every call that takes one also
 * lends lr->fd (and says which number it has in the test), and the worker
 * puts the number it received into lr->fd for the call and the test's
 * number back after it.
 */

#include <stdint.h>

enum lab06_call {
	CALL_FRAMING_READN,
	CALL_FRAMING_WRITEN,
	CALL_FRAME_WRITE,
	CALL_FRAME_READ,
	CALL_LINE_READER_INIT,
	CALL_LINE_READ,
	CALL_LINE_READER_READN,
	CALL_HTTP_READ_RESPONSE,
	CALL_HTTP_RESPONSE_FREE,
	LAB06_CALLS
};

/*
 * A buffer the student's code allocates (frame_read's payload, an HTTP
 * body) lives in the worker; the test gets a copy of its bytes. This says
 * what the code left in the pointer, and how many bytes were copied.
 */
enum lab06_copy_state {
	COPY_UNTOUCHED = 1, /* the code left the pointer as it was */
	COPY_NULL,          /* it set the pointer to NULL */
	COPY_MADE,          /* it pointed it at a buffer: `copied` bytes */
};

struct lab06_copy {
	int32_t state;     /* enum lab06_copy_state */
	uint64_t pointer;  /* the buffer's address in the worker */
	uint64_t copied;   /* bytes of it in the copy buffer */
};

/* The most bytes of one such buffer copied back to the test. */
#define LAB06_COPY_MAX (4u << 20)

#endif
