#ifndef SOCKLAB_LAB06_TESTS_RELAY_H
#define SOCKLAB_LAB06_TESTS_RELAY_H

#include "test/chaos.h"

/*
 * The lab 06 tests' way into the chaos relay (common/test/chaos.h), shared
 * by the public and the hidden tests.
 */

/*
 * The code under test reads with this timeout, so code that waits for
 * bytes that never come fails with EAGAIN and a hint instead of [TIME].
 */
#define RECEIVE_TIMEOUT_MS 1000

/*
 * Starts a relay in mode: *test_fd for the test, *code_fd (with the
 * receive timeout) for the code under test. Fails the test if it cannot.
 */
struct chaos_relay *relay_open(enum chaos_mode mode, int *test_fd,
    int *code_fd);

/* Closes both ends and stops the relay. */
void relay_close(struct chaos_relay *relay, int test_fd, int code_fd);

#endif
