#ifndef SOCKLAB_COMMON_TEST_CHAOS_H
#define SOCKLAB_COMMON_TEST_CHAOS_H

/*
 * The chaos relay: a loopback TCP relay that sits between a test and the
 * code under test and re-chunks the byte stream, so code that mistakes one
 * read() for one message fails on one machine the way it would fail on a
 * real network. TCP promises the bytes and their order, never the chunks.
 *
 *	struct chaos_options opt = { .mode = CHAOS_DRIBBLE };
 *	struct chaos_relay *relay;
 *	int test_fd, code_fd;
 *
 *	if (chaos_pair(&opt, &relay, &test_fd, &code_fd) == -1)
 *		...;                    (errno says why)
 *	write(test_fd, ...);            bytes go to code_fd, one byte per read
 *	rc = student_function(code_fd, ...);
 *	cr_assert(..., "... (%s)", chaos_describe(relay));
 *	close(code_fd);
 *	close(test_fd);
 *	chaos_stop(relay);
 *
 * Both directions are relayed (the code's writes reach test_fd re-chunked
 * too). An EOF (shutdown(SHUT_WR) or close) on one side reaches the other
 * side once the bytes before it were delivered.
 *
 * Every relay has a seed; chaos_describe() names the mode and the seed, and
 * tests put it in their failure messages. Setting SOCKLAB_CHAOS_SEED=N in
 * the environment makes every relay use seed N, to reproduce a failure.
 *
 * The relay runs in two threads of the calling process (one per direction)
 * that block every signal, so signals meant for the test reach the test's
 * own thread. It is bounded: after time_limit_ms, or byte_limit bytes in
 * one direction, it stops relaying and passes an EOF on. chaos_stop() ends
 * it at any time and joins its threads. Nothing here ever exits the
 * process, and nothing outlives chaos_stop().
 */

#include <stddef.h>
#include <stdint.h>

enum chaos_mode {
	CHAOS_WHOLE,    /* pass each read on as one write, as it came */
	CHAOS_DRIBBLE,  /* one byte per write, the next only once the
	                   reader took the previous one: reads of 1 byte */
	CHAOS_RANDOM,   /* random split points (1..CHAOS_RANDOM_MAX_PIECE
	                   bytes) with short random delays between pieces */
	CHAOS_COALESCE, /* gather writes that come close together and pass
	                   them on in one write: several messages per read */
};

/* How many modes there are, to loop over them all: for (m = 0; ...). */
#define CHAOS_MODE_COUNT 4

/* The largest piece CHAOS_RANDOM cuts, and its longest pause. */
#define CHAOS_RANDOM_MAX_PIECE 7
#define CHAOS_RANDOM_MAX_DELAY_US 300

/* How long CHAOS_COALESCE waits for more bytes before it passes them on. */
#define CHAOS_COALESCE_WAIT_MS 5

struct chaos_options {
	enum chaos_mode mode;
	/* 0: $SOCKLAB_CHAOS_SEED if set, else a fresh seed from the clock. */
	unsigned long seed;
	/* 0: CHAOS_DEFAULT_TIME_LIMIT_MS. Counted from the relay's start. */
	unsigned time_limit_ms;
	/* 0: CHAOS_DEFAULT_BYTE_LIMIT. Per direction. */
	size_t byte_limit;
};

#define CHAOS_DEFAULT_TIME_LIMIT_MS 2500
#define CHAOS_DEFAULT_BYTE_LIMIT (4u << 20)

struct chaos_relay;

/*
 * Makes two connected loopback TCP sockets joined through a relay:
 * *test_fd for the test, *code_fd for the code under test (both blocking,
 * close-on-exec, owned by the caller). Returns 0, or -1 with errno set
 * (and then nothing is left open or running).
 */
int chaos_pair(const struct chaos_options *opt, struct chaos_relay **relay,
    int *test_fd, int *code_fd);

/*
 * Listens on 127.0.0.1 (an ephemeral port, returned in *port) and relays
 * the first connection made to it to 127.0.0.1:target_port: puts the relay
 * in front of a server under test. Returns 0, or -1 with errno set.
 */
int chaos_proxy(const struct chaos_options *opt, uint16_t target_port,
    struct chaos_relay **relay, uint16_t *port);

/*
 * Stops relaying, joins the relay's threads and frees it, closing only the
 * relay's own sockets (never test_fd or code_fd). Safe on NULL.
 */
void chaos_stop(struct chaos_relay *relay);

/* The seed the relay uses. */
unsigned long chaos_seed(const struct chaos_relay *relay);

/* "1-byte dribble, seed 4711": for failure messages. Owned by the relay. */
const char *chaos_describe(const struct chaos_relay *relay);

/* "whole writes", "1-byte dribble", "random splits", "coalesced writes". */
const char *chaos_mode_name(enum chaos_mode mode);

#endif
