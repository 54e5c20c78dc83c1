#ifndef SOCKLAB_COMMON_TEST_WIRE_H
#define SOCKLAB_COMMON_TEST_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Wire traces for failing tests: a test records the segments of its own
 * connections on loopback (with tcpviz's capture and decoder), and when an
 * assertion fails the message ends with them in tcpviz's text format, so
 * the student sees what really went over the wire: a SYN to the wrong
 * port, the RST of a port nobody listens on, a FIN that never came.
 *
 *	uint16_t port = ...;          (the listener's, from getsockname)
 *	wire_begin_port(port);
 *	...
 *	LAB_ASSERT(n == 6, "read %zd bytes, expected 6: ...", n);
 *
 * Capture needs CAP_NET_RAW; the grader's sandbox has it inside its own
 * network namespace. Where it is missing the trace is replaced by one line
 * saying why, and the test itself runs as usual.
 */

/* At most this many segments (the last ones) end a failure message. */
#define WIRE_TRACE_LINES 12

/*
 * Starts recording TCP segments to or from port on loopback (port 0: all
 * TCP on loopback). Returns 0, or -1 when capture is not possible here
 * (the reason then ends every trace). Calling it again restarts.
 */
int wire_begin_port(uint16_t port);

/*
 * Writes the recorded trace into buf (NUL-terminated): a heading and the
 * last WIRE_TRACE_LINES segments, or one line on why there is none. Writes
 * an empty string if wire_begin_port was never called.
 */
void wire_trace(char *buf, size_t len);

/* Stops recording and frees the capture. */
void wire_end(void);

/*
 * Fails the current test with the formatted message followed by the wire
 * trace. Use through LAB_ASSERT.
 */
void wire_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cr_assert, with the wire trace appended when the condition fails. */
#define LAB_ASSERT(cond, ...)                  \
	do {                                   \
		if (!(cond))                   \
			wire_fail(__VA_ARGS__); \
	} while (0)

#endif
