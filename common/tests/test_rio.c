/* Unit tests for the robust I/O loops. */
#define _DEFAULT_SOURCE

#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rio.h"

Test(rio, readn_gathers_short_reads_and_stops_at_eof, .timeout = 2)
{
	int sv[2];
	char buf[16];

	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	/* Three separate writes: a single read() would return only "ab". */
	cr_assert_eq(write(sv[1], "ab", 2), 2);
	cr_assert_eq(write(sv[1], "cde", 3), 3);
	cr_assert_eq(write(sv[1], "fgh", 3), 3);
	close(sv[1]);
	cr_expect_eq(rio_readn(sv[0], buf, 6), 6);
	cr_expect_eq(memcmp(buf, "abcdef", 6), 0);
	cr_expect_eq(rio_readn(sv[0], buf, 10), 2, "short count at EOF");
	cr_expect_eq(rio_readn(sv[0], buf, 10), 0, "then 0");
	close(sv[0]);
}

Test(rio, writen_delivers_more_than_the_buffer_holds, .timeout = 5)
{
	enum { TOTAL = 4 << 20 };
	char *data = malloc(TOTAL);
	int sv[2], status;
	pid_t reader;

	cr_assert_not_null(data);
	memset(data, 'x', TOTAL);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	reader = fork();
	cr_assert_neq(reader, -1);
	if (reader == 0) {
		static char sink[TOTAL];

		close(sv[1]);
		_exit(rio_readn(sv[0], sink, TOTAL) == TOTAL ? 0 : 1);
	}
	close(sv[0]);
	cr_expect_eq(rio_writen(sv[1], data, TOTAL), TOTAL);
	close(sv[1]);
	cr_assert_eq(waitpid(reader, &status, 0), reader);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the reader got every byte");
	free(data);
}

Test(rio, writen_reports_a_closed_peer, .timeout = 2)
{
	int sv[2];

	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[0]);
	cr_expect_eq(rio_writen(sv[1], "x", 1), -1);
	close(sv[1]);
}

Test(rio, read_all_caps_and_flags_truncation, .timeout = 2)
{
	int p[2], truncated;
	char buf[4];

	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(write(p[1], "abcdefgh", 8), 8);
	close(p[1]);
	cr_expect_eq(rio_read_all(p[0], buf, sizeof(buf), &truncated), 4);
	cr_expect_eq(truncated, 1);
	cr_expect_eq(memcmp(buf, "abcd", 4), 0);
	close(p[0]);
}
