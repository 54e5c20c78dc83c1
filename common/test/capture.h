#ifndef SOCKLAB_COMMON_TEST_CAPTURE_H
#define SOCKLAB_COMMON_TEST_CAPTURE_H

/*
 * A small libpcap helper for tests that check code against real packets:
 * it watches the loopback interface for one TCP port and hands back the
 * raw TCP headers of a connection's three-way handshake.
 *
 *	struct capture *cap;
 *	char why[256];
 *
 *	switch (capture_open(&cap, port, why, sizeof(why))) {
 *	case CAPTURE_DENIED: cr_skip_test("%s", why);
 *	case -1:             cr_assert_fail("%s", why);
 *	}
 *	connect(...);                   the handshake to capture
 *	rc = capture_handshake(cap, 2000, &hs, why, sizeof(why));
 *	capture_close(cap);
 *
 * Capturing needs CAP_NET_RAW over the network namespace: root, or the
 * root of a user namespace that owns it (the grader's sandbox). An
 * ordinary user gets CAPTURE_DENIED. Nothing here sleeps: it polls the
 * capture's descriptor, in immediate mode, until its time limit.
 */

#include <stddef.h>
#include <stdint.h>

/* capture_open() when this process may not capture on "lo". */
#define CAPTURE_DENIED (-2)

/* The longest TCP header: data offset 15 words. */
#define CAPTURE_TCP_MAX 60

struct capture;

/* One TCP header as it was on the wire (len = data offset * 4 bytes). */
struct capture_segment {
	uint8_t bytes[CAPTURE_TCP_MAX];
	size_t len;
};

/* The three segments of a handshake, in the order they were sent. */
struct capture_handshake {
	struct capture_segment syn;
	struct capture_segment syn_ack;
	struct capture_segment ack;
};

/*
 * Starts capturing TCP segments to or from port on "lo". Returns 0;
 * CAPTURE_DENIED when capture is not permitted here (why says so); or -1
 * on any other failure (why says what failed).
 */
int capture_open(struct capture **cap, uint16_t port, char *why,
    size_t why_len);

/*
 * Waits up to timeout_ms for the SYN, SYN-ACK and ACK of the first
 * connection to the port and copies their TCP headers into *hs. Returns 0,
 * or -1 with why explaining what was missing.
 */
int capture_handshake(struct capture *cap, int timeout_ms,
    struct capture_handshake *hs, char *why, size_t why_len);

/* Stops capturing and frees cap. Safe on NULL. */
void capture_close(struct capture *cap);

#endif
