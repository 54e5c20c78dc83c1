/*
 * Lab 06 hidden tests: the same contracts, where code that only satisfies
 * the public tests tends to break.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "framing.h"
#include "linereader.h"
#include "tests/relay.h"
#include "rio.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/06-framing.md"

LAB_TEST_TIMED(hidden, two_line_readers, 1, 6,
    "two line readers on two sockets keep separate state (no statics)")
{
	int t1, c1, t2, c2;
	struct chaos_relay *r1 = relay_open(CHAOS_COALESCE, &t1, &c1);
	struct chaos_relay *r2 = relay_open(CHAOS_COALESCE, &t2, &c2);
	struct line_reader a, b;
	char line[64];
	size_t len;

	cr_assert(rio_writen(t1, "a1\na2\na3\n", 9) == 9);
	cr_assert(rio_writen(t2, "b1\nb2\nb3\n", 9) == 9);
	line_reader_init(&a, c1);
	line_reader_init(&b, c2);
	for (int i = 1; i <= 3; i++) {
		char want[3] = { 'a', (char)('0' + i), '\0' };

		cr_assert(line_read(&a, line, sizeof(line), &len) == 1 &&
		    strcmp(line, want) == 0, "reader A gave %s (errno %s), "
		    "expected \"%s\": keep every byte of state in the struct, "
		    "none in static variables (see " HANDOUT
		    "#a-buffered-line-reader)", fixture_text(line, sizeof(line)),
		    fixture_errno_name(errno), want);
		want[0] = 'b';
		cr_assert(line_read(&b, line, sizeof(line), &len) == 1 &&
		    strcmp(line, want) == 0, "reader B gave %s (errno %s), "
		    "expected \"%s\": keep every byte of state in the struct, "
		    "none in static variables (see " HANDOUT
		    "#a-buffered-line-reader)", fixture_text(line, sizeof(line)),
		    fixture_errno_name(errno), want);
	}
	relay_close(r1, t1, c1);
	relay_close(r2, t2, c2);
}

LAB_TEST(hidden, frame_max_boundary, 1,
    "a frame of exactly max bytes is accepted; an empty frame too")
{
	int test_fd, code_fd;
	struct chaos_relay *relay = relay_open(CHAOS_RANDOM, &test_fd,
	    &code_fd);
	char data[64], *payload = NULL;
	size_t len = 99;
	int rc;

	memset(data, 'q', sizeof(data));
	cr_assert(rio_writen(test_fd, "\0\0\0\100", 4) == 4);
	cr_assert(rio_writen(test_fd, data, 64) == 64);
	cr_assert(rio_writen(test_fd, "\0\0\0\0", 4) == 4);
	rc = frame_read(code_fd, 64, &payload, &len);
	cr_assert(rc == 1 && len == 64, "frame_read with max 64 of a 64-byte "
	    "frame returned %d (errno %s), length %zu: max itself is allowed "
	    "(see " HANDOUT "#trusting-the-length)", rc,
	    fixture_errno_name(errno), len);
	free(payload);
	payload = NULL;
	rc = frame_read(code_fd, 64, &payload, &len);
	cr_assert(rc == 1 && len == 0 && payload != NULL && payload[0] == '\0',
	    "frame_read of an empty frame returned %d, length %zu: a frame "
	    "of length 0 is a real message, not an end (see " HANDOUT
	    "#length-prefix)", rc, len);
	free(payload);
	relay_close(relay, test_fd, code_fd);
}

/* Sends text, then EOF if close_after, and reads one response. */
static int
http_case(enum chaos_mode mode, const char *text, int close_after,
    struct http_response *resp)
{
	int test_fd, code_fd, rc;
	struct chaos_relay *relay = relay_open(mode, &test_fd, &code_fd);
	struct line_reader lr;

	cr_assert(rio_writen(test_fd, text, strlen(text)) ==
	    (ssize_t)strlen(text));
	if (close_after)
		shutdown(test_fd, SHUT_WR);
	line_reader_init(&lr, code_fd);
	memset(resp, 0, sizeof(*resp));
	errno = 0;
	rc = http_read_response(&lr, 1000, resp);
	relay_close(relay, test_fd, code_fd);
	return rc;
}

LAB_TEST_TIMED(hidden, http_headers, 1, 6,
    "HTTP: header case, a missing length, a short body, a huge length")
{
	struct http_response resp;
	int rc;

	rc = http_case(CHAOS_DRIBBLE, "HTTP/1.0 404 Not Found\r\n"
	    "content-LENGTH:   9 \r\nX-Other: 1\r\n\r\nnot found", 0, &resp);
	cr_assert(rc == 0 && resp.status == 404 &&
	    resp.content_length == 9 && strcmp(resp.body, "not found") == 0,
	    "a 404 with \"content-LENGTH:   9 \" returned %d (errno %s): "
	    "header names ignore case and the value may have blanks (see "
	    HANDOUT "#http-content-length)", rc, fixture_errno_name(errno));
	http_response_free(&resp);
	rc = http_case(CHAOS_WHOLE, "HTTP/1.0 200 OK\r\n\r\nbody", 1, &resp);
	cr_assert(rc == -1 && errno == EPROTO, "a response without "
	    "Content-Length returned %d (errno %s), expected -1 with EPROTO "
	    "(see " HANDOUT "#http-content-length)", rc,
	    fixture_errno_name(errno));
	rc = http_case(CHAOS_WHOLE, "HTTP/1.0 200 OK\r\nContent-Length: 10"
	    "\r\n\r\nshort", 1, &resp);
	cr_assert(rc == -1 && errno == EPROTO, "a body cut short by EOF "
	    "returned %d (errno %s), expected -1 with EPROTO (see " HANDOUT
	    "#http-content-length)", rc, fixture_errno_name(errno));
	rc = http_case(CHAOS_WHOLE, "HTTP/1.0 200 OK\r\nContent-Length: "
	    "99999999999\r\n\r\n", 0, &resp);
	cr_assert(rc == -1 && errno == EMSGSIZE, "a Content-Length above "
	    "max_body returned %d (errno %s), expected -1 with EMSGSIZE "
	    "(see " HANDOUT "#trusting-the-length)", rc,
	    fixture_errno_name(errno));
}

LAB_TEST(hidden, lines_then_bytes, 1,
    "line_reader_readn returns the bytes the reader already holds first")
{
	int test_fd, code_fd;
	struct chaos_relay *relay = relay_open(CHAOS_COALESCE, &test_fd,
	    &code_fd);
	struct line_reader lr;
	char line[32], raw[11];
	size_t len;
	ssize_t n;

	cr_assert(rio_writen(test_fd, "SIZE 10\nab\ncd\refghi", 20) == 20);
	line_reader_init(&lr, code_fd);
	cr_assert(line_read(&lr, line, sizeof(line), &len) == 1 &&
	    strcmp(line, "SIZE 10") == 0, "line_read of \"SIZE 10\\n\" gave "
	    "%s (errno %s), expected \"SIZE 10\" (see " HANDOUT
	    "#a-buffered-line-reader)", fixture_text(line, sizeof(line)),
	    fixture_errno_name(errno));
	n = line_reader_readn(&lr, raw, 10);
	raw[10] = '\0';
	cr_assert(n == 10 && memcmp(raw, "ab\ncd\refgh", 10) == 0,
	    "line_reader_readn(10) after a line returned %zd (errno %s): %s, "
	    "expected \"ab\\ncd\\refgh\": take the buffered bytes first (see "
	    HANDOUT "#a-buffered-line-reader)", n, fixture_errno_name(errno),
	    fixture_text(raw, 10));
	relay_close(relay, test_fd, code_fd);
}
