#ifndef SOCKLAB_LAB08_TESTS_PEER_H
#define SOCKLAB_LAB08_TESTS_PEER_H

/*
 * The test's side of lab 08's connections: the test makes each TCP
 * connection itself on loopback, lends one end to the code under test
 * and plays the peer on the other, reading and writing with its own
 * deadlines, so what the code did is seen on the wire and in the kernel.
 */

#include <stddef.h>
#include <stdint.h>

struct peer_read {
	size_t got;      /* bytes read */
	int eof;         /* read() returned 0 */
	int err;         /* read()'s errno when it failed (ECONNRESET), or 0 */
};

/*
 * A connected TCP pair on 127.0.0.1: *test_end for the test, *code_end
 * for the code under test. rcvbuf > 0 sets the test end's SO_RCVBUF and
 * sndbuf > 0 the code end's SO_SNDBUF, before the handshake (the window
 * is settled then). Fails the test if it cannot.
 */
void peer_pair(int *test_end, int *code_end, int rcvbuf, int sndbuf);

/*
 * Reads into buf (cap bytes) until EOF, an error, cap bytes, or
 * timeout_ms in all.
 */
struct peer_read peer_read(int fd, void *buf, size_t cap, int timeout_ms);

/* Writes all of buf (blocking); fails the test if it cannot. */
void peer_write(int fd, const void *buf, size_t len);

/* Fills buf with a pattern that depends on seed and on each offset. */
void peer_pattern(void *buf, size_t len, unsigned seed);

/* The first offset where buf differs from the pattern, or len. */
size_t peer_mismatch(const void *buf, size_t len, unsigned seed);

/* The local port of socket fd. */
uint16_t peer_local_port(int fd);

/*
 * Fails the test at once, with the skeleton's hint, while exchange() is
 * still the skeleton: calls it on a socket pair whose other end has
 * already shut down, so a real exchange() returns at once too.
 */
void peer_require_exchange(void);

/* Milliseconds on the monotonic clock. */
long long peer_now_ms(void);

/*
 * How late a deadline may be met, in milliseconds: 150 (poll()'s
 * rounding, two busy cores, a sanitizer build), times
 * $SOCKLAB_TIMEOUT_SCALE when it is above 1, as for the tests' own limits.
 */
int peer_late_ms(void);

#endif
