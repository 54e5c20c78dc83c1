/*
 * Unit tests for the chaos relay: the bytes always arrive whole and in
 * order, and the chunks are what each mode promises.
 */
#define _DEFAULT_SOURCE

#include <criterion/criterion.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rio.h"
#include "test/chaos.h"

static const char message[] = "GET / HTTP/1.0\r\nHost: x\r\n\r\nbody";

/* Sends message through a relay in mode; returns the reads it took. */
static int
relay_reads(enum chaos_mode mode, unsigned long seed, char *got,
    size_t cap)
{
	struct chaos_options opt = { .mode = mode, .seed = seed };
	struct chaos_relay *relay;
	int test_fd, code_fd, reads = 0;
	size_t used = 0;

	cr_assert_eq(chaos_pair(&opt, &relay, &test_fd, &code_fd), 0);
	cr_assert_eq(chaos_seed(relay), seed);
	cr_assert_eq(rio_writen(test_fd, message, strlen(message)),
	    (ssize_t)strlen(message));
	shutdown(test_fd, SHUT_WR);
	for (;;) {
		ssize_t n = read(code_fd, got + used, cap - used);

		cr_assert_geq(n, 0, "read through %s", chaos_describe(relay));
		if (n == 0)
			break;
		used += (size_t)n;
		reads++;
	}
	got[used] = '\0';
	close(code_fd);
	close(test_fd);
	chaos_stop(relay);
	return reads;
}

Test(chaos, every_mode_delivers_the_bytes_in_order, .timeout = 10)
{
	for (int mode = 0; mode < CHAOS_MODE_COUNT; mode++) {
		char got[128];

		relay_reads((enum chaos_mode)mode, 4711, got, sizeof(got) - 1);
		cr_expect_str_eq(got, message, "mode %d", mode);
	}
}

Test(chaos, dribble_gives_one_byte_per_read, .timeout = 10)
{
	char got[128];

	cr_expect_eq(relay_reads(CHAOS_DRIBBLE, 1, got, sizeof(got) - 1),
	    (int)strlen(message));
}

Test(chaos, random_splits_a_message_into_pieces, .timeout = 10)
{
	char got[128];

	cr_expect_gt(relay_reads(CHAOS_RANDOM, 99, got, sizeof(got) - 1),
	    (int)strlen(message) / CHAOS_RANDOM_MAX_PIECE - 1);
}

Test(chaos, describe_names_mode_and_seed, .timeout = 10)
{
	struct chaos_options opt = { .mode = CHAOS_DRIBBLE, .seed = 4711 };
	struct chaos_relay *relay;
	int test_fd, code_fd;

	cr_assert_eq(chaos_pair(&opt, &relay, &test_fd, &code_fd), 0);
	cr_expect_not_null(strstr(chaos_describe(relay), "4711"), "%s",
	    chaos_describe(relay));
	close(code_fd);
	close(test_fd);
	chaos_stop(relay);
}
