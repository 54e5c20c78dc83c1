/*
 * Lab 06 public tests. Every stream case runs through the chaos relay in
 * each of its modes (whole writes, a 1-byte dribble, random splits,
 * coalesced writes): TCP promises bytes in order, never chunks, and code
 * that works for one chunking only is caught here rather than on a real
 * network. A failure names the mode and its seed; run again with
 * SOCKLAB_CHAOS_SEED=N to see the same chunks.
 *
 * The code under test reads a socket with a receive timeout, so code that
 * waits for bytes that never come (a body read until EOF while the
 * connection stays open) gets EAGAIN and a hint instead of a hang.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "framing.h"
#include "linereader.h"
#include "relay.h"
#include "rio.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "tests/proxy.h"

#define HANDOUT "handouts/06-framing.md"

static const char *
err_name(int err)
{
	switch (err) {
	case ENOMEM: return "ENOMEM";
	case EWOULDBLOCK: return "EAGAIN (the 1 s receive timeout: it "
	    "waited for bytes that were never sent)";
	default: return fixture_errno_name(err);
	}
}

/* The test's side sends bytes (in the pieces it chose). */
static void
send_bytes(int fd, const void *p, size_t len)
{
	cr_assert(rio_writen(fd, p, len) == (ssize_t)len,
	    "the test could not send: %s", strerror(errno));
}

static void
fill_pattern(char *p, size_t len, unsigned salt)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (char)('A' + (i * 7 + salt) % 26);
}

LAB_TEST_TIMED(stream, readn_rechunked, 2, 8,
    "framing_readn collects exactly len bytes however the stream is cut")
{
	char sent[1000], got[1000];

	fill_pattern(sent, sizeof(sent), 3);
	for (int m = 0; m < CHAOS_MODE_COUNT; m++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(m, &test_fd, &code_fd);
		ssize_t n;

		for (size_t off = 0; off < sizeof(sent); off += 250)
			send_bytes(test_fd, sent + off, 250);
		memset(got, 0, sizeof(got));
		n = framing_readn(code_fd, got, sizeof(got));
		LAB_REQUIRE_IMPLEMENTED(n, "framing_readn");
		cr_assert(n == (ssize_t)sizeof(got), "framing_readn(fd, buf, "
		    "1000) returned %zd%s%s with %s: one read() returns "
		    "what has arrived so far, which may be a single byte; "
		    "loop until you have len bytes (see " HANDOUT
		    "#short-counts)", n, n == -1 ? ", errno " : "",
		    n == -1 ? err_name(errno) : "", chaos_describe(relay));
		cr_assert(memcmp(sent, got, sizeof(got)) == 0, "framing_readn "
		    "returned 1000 bytes but not the ones sent (%s): each "
		    "read() must go to buf + the bytes so far (see " HANDOUT
		    "#short-counts)", chaos_describe(relay));
		relay_close(relay, test_fd, code_fd);
	}
}

LAB_TEST_TIMED(stream, readn_eof, 1, 6,
    "framing_readn returns the short count at EOF, then 0 (clean end)")
{
	static const enum chaos_mode modes[] = { CHAOS_WHOLE, CHAOS_DRIBBLE };

	for (size_t m = 0; m < 2; m++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(modes[m], &test_fd,
		    &code_fd);
		char got[20];
		ssize_t n;

		send_bytes(test_fd, "0123456789", 10);
		shutdown(test_fd, SHUT_WR);
		n = framing_readn(code_fd, got, sizeof(got));
		LAB_REQUIRE_IMPLEMENTED(n, "framing_readn");
		cr_assert(n == 10 && memcmp(got, "0123456789", 10) == 0,
		    "framing_readn(fd, buf, 20) on a stream of 10 bytes then "
		    "EOF returned %zd%s%s with %s, expected 10: at EOF "
		    "(read() returns 0) stop and return the count so far, "
		    "which tells the caller the stream ended part-way (see "
		    HANDOUT "#end-of-stream)", n, n == -1 ? ", errno " : "",
		    n == -1 ? err_name(errno) : "", chaos_describe(relay));
		n = framing_readn(code_fd, got, 5);
		cr_assert(n == 0, "framing_readn after the end of the stream "
		    "returned %zd (errno %s), expected 0: a clean end (see "
		    HANDOUT "#end-of-stream)", n, err_name(errno));
		relay_close(relay, test_fd, code_fd);
	}
}

/* --- signals: EINTR and short writes ---------------------------------- */

/*
 * SIGUSR1 with a handler and no SA_RESTART in the code under test: its
 * blocked calls fail with EINTR. Returns the code's process id.
 */
static pid_t
install_interrupting_handler(void)
{
	rpc_worker_catch_signal(SIGUSR1, 0);
	return rpc_worker_pid(rpc_worker_current());
}

/*
 * Waits until the code under test sleeps in a call on its copy of fd (1,
 * or 0 after about 1 s), then interrupts it with SIGUSR1; counts the
 * signals sent in *signals.
 */
static int
interrupt_when_blocked(pid_t code, int fd, int *signals)
{
	int blocked = kernel_wait_blocked_on((int)code, fd, 1000);

	if (kill(code, SIGUSR1) == 0)
		(*signals)++;
	return blocked;
}

LAB_TEST(stream, readn_eintr, 1,
    "framing_readn carries on when a signal interrupts its read()")
{
	struct rpc_call call;
	char sent[64], got[64];
	int sv[2], blocked, signals = 0;
	pid_t code;
	ssize_t n;

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	n = framing_readn(sv[0], got, 0);
	LAB_REQUIRE_IMPLEMENTED(n, "framing_readn");
	fill_pattern(sent, sizeof(sent), 5);
	code = install_interrupting_handler();
	framing_readn_start(&call, sv[0], got, sizeof(got));
	blocked = interrupt_when_blocked(code, sv[0], &signals);
	send_bytes(sv[1], sent, sizeof(sent));
	rpc_call_wait(&call, -1);
	n = (ssize_t)call.ret;
	cr_assert(n == (ssize_t)sizeof(got), "framing_readn returned %zd "
	    "(errno %s) when a signal (%d seen) interrupted its read(): "
	    "read() then fails with EINTR, which is not an error; retry "
	    "the read (see " HANDOUT "#signals)", n, err_name(call.err),
	    signals);
	cr_assert(blocked == 1 && signals == 1,
	    "the test could not interrupt framing_readn while it was "
	    "blocked (blocked %d, signals %d)", blocked, signals);
	cr_assert(memcmp(sent, got, sizeof(got)) == 0, "framing_readn "
	    "returned the wrong bytes after EINTR (see " HANDOUT "#signals)");
	close(sv[0]);
	close(sv[1]);
}

struct drain {
	int fd;       /* where the helper drains from */
	char *data;   /* what it should receive */
	size_t size;  /* how many bytes of it */
	size_t bytes; /* how many it received */
	int wrong;    /* whether any of them differed */
};

/* Drains to EOF, checking each byte against what was sent. */
static void *
drain_to_eof(void *arg)
{
	struct drain *d = arg;
	char buf[65536];

	for (;;) {
		ssize_t n = read(d->fd, buf, sizeof(buf));

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (d->bytes + (size_t)i >= d->size ||
			    d->data[d->bytes + (size_t)i] != buf[i])
				d->wrong = 1;
		d->bytes += (size_t)n;
	}
	return NULL;
}

#define BIG_WRITE (4u << 20)

LAB_TEST_TIMED(stream, writen_partial, 2, 6,
    "framing_writen sends every byte even when write() sends only part")
{
	struct rpc_call call;
	struct drain d;
	pthread_t helper;
	char *sent = malloc(BIG_WRITE);
	int sv[2], blocked, signals = 0;
	pid_t code;
	ssize_t n;

	cr_assert(sent != NULL);
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	n = framing_writen(sv[0], "x", 1);
	LAB_REQUIRE_IMPLEMENTED(n, "framing_writen");
	cr_assert(read(sv[1], sent, 1) == 1);
	fill_pattern(sent, BIG_WRITE, 11);
	code = install_interrupting_handler();
	/*
	 * 4 MiB does not fit in the socket's buffer: write() blocks until
	 * the test interrupts it, and then returns the part it sent.
	 */
	framing_writen_start(&call, sv[0], sent, BIG_WRITE);
	blocked = interrupt_when_blocked(code, sv[0], &signals);
	memset(&d, 0, sizeof(d));
	d.fd = sv[1];
	d.data = sent;
	d.size = BIG_WRITE;
	cr_assert(pthread_create(&helper, NULL, drain_to_eof, &d) == 0);
	rpc_call_wait(&call, -1);
	n = (ssize_t)call.ret;
	shutdown(sv[0], SHUT_WR);
	pthread_join(helper, NULL);
	cr_assert(n == (ssize_t)BIG_WRITE, "framing_writen of %u bytes "
	    "returned %zd (errno %s) after a signal interrupted write(): "
	    "write() returned a short count; loop until every byte is "
	    "written (see " HANDOUT "#short-counts)", BIG_WRITE, n,
	    err_name(call.err));
	cr_assert(d.bytes == BIG_WRITE, "framing_writen returned %u but "
	    "the peer received %zu bytes: write() returned a short count "
	    "when a signal interrupted it and the rest was never sent; loop "
	    "until every byte is written (see " HANDOUT "#short-counts)",
	    BIG_WRITE, d.bytes);
	cr_assert(blocked == 1 && signals == 1 && !d.wrong, "the peer "
	    "received the wrong bytes, or the test could not interrupt the "
	    "write (state %d) (see " HANDOUT "#short-counts)",
	    d.wrong ? -1 : blocked);
	free(sent);
	close(sv[0]);
	close(sv[1]);
}

/* --- length-prefixed frames ------------------------------------------ */

#define FRAME_MAX 4096

/* The test's frame: a big-endian length (written separately), then data. */
static void
send_frame(int fd, const char *payload, uint32_t len)
{
	unsigned char prefix[4] = { (unsigned char)(len >> 24),
	    (unsigned char)(len >> 16), (unsigned char)(len >> 8),
	    (unsigned char)len };

	send_bytes(fd, prefix, 4);
	if (len > 0)
		send_bytes(fd, payload, len);
}

LAB_TEST_TIMED(frame, read_rechunked, 2, 8,
    "frame_read returns each frame whole, then 0 at a clean end")
{
	static const uint32_t sizes[] = { 5, 0, 1, 300, 1000, 2 };
	char sent[1000];

	for (int m = 0; m < CHAOS_MODE_COUNT; m++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(m, &test_fd, &code_fd);

		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			fill_pattern(sent, sizes[i], (unsigned)i);
			send_frame(test_fd, sent, sizes[i]);
		}
		shutdown(test_fd, SHUT_WR);
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			char *payload = NULL;
			size_t len = 0;
			int rc;

			errno = 0;
			rc = frame_read(code_fd, FRAME_MAX, &payload, &len);
			LAB_REQUIRE_IMPLEMENTED(rc, "frame_read");
			cr_assert(!(rc == -1 && errno == EMSGSIZE),
			    "frame_read refused frame %zu (%u bytes, prefix "
			    "00 00 %02x %02x) with EMSGSIZE (%s): the prefix "
			    "is big-endian; reading it in host byte order "
			    "turns %u into a huge length (see " HANDOUT
			    "#length-prefix)", i + 1, sizes[i],
			    sizes[i] >> 8 & 0xFF, sizes[i] & 0xFF,
			    chaos_describe(relay), sizes[i]);
			cr_assert(rc == 1, "frame_read of frame %zu (%u bytes) "
			    "returned %d (errno %s) with %s, expected 1: read "
			    "the 4-byte prefix, then exactly that many bytes, "
			    "each with a loop (see " HANDOUT "#length-prefix)",
			    i + 1, sizes[i], rc, err_name(errno),
			    chaos_describe(relay));
			fill_pattern(sent, sizes[i], (unsigned)i);
			cr_assert(len == sizes[i] && payload != NULL &&
			    memcmp(payload, sent, len) == 0 &&
			    payload[len] == '\0', "frame %zu came back as %zu "
			    "bytes, expected %u bytes as sent, then a NUL (%s) "
			    "(see " HANDOUT "#length-prefix)", i + 1, len,
			    sizes[i], chaos_describe(relay));
			free(payload);
		}
		{
			char *payload = NULL;
			size_t len = 0;
			int rc = frame_read(code_fd, FRAME_MAX, &payload,
			    &len);

			cr_assert(rc == 0, "frame_read at the end of the "
			    "stream (after the last frame) returned %d (errno "
			    "%s), expected 0: a clean end between frames (see "
			    HANDOUT "#end-of-stream)", rc, err_name(errno));
		}
		relay_close(relay, test_fd, code_fd);
	}
}

LAB_TEST(frame, write_big_endian, 1,
    "frame_write sends a 4-byte big-endian length, then the payload")
{
	int test_fd, code_fd;
	struct chaos_relay *relay = relay_open(CHAOS_WHOLE, &test_fd,
	    &code_fd);
	unsigned char got[4 + 300];
	char payload[300];
	int rc;

	fill_pattern(payload, sizeof(payload), 9);
	rc = frame_write(code_fd, payload, sizeof(payload));
	LAB_REQUIRE_IMPLEMENTED(rc, "frame_write");
	cr_assert(rc == 0, "frame_write returned %d (errno %s), expected 0 "
	    "(see " HANDOUT "#length-prefix)", rc, err_name(errno));
	cr_assert(rio_readn(test_fd, got, sizeof(got)) == sizeof(got),
	    "the test received fewer than 304 bytes from frame_write of 300 "
	    "bytes (see " HANDOUT "#length-prefix)");
	cr_assert(got[0] == 0 && got[1] == 0 && got[2] == 0x01 &&
	    got[3] == 0x2C, "frame_write(300 bytes) sent the prefix %02x %02x "
	    "%02x %02x, expected 00 00 01 2c: %s (see " HANDOUT
	    "#length-prefix)", got[0], got[1], got[2], got[3],
	    got[0] == 0x2C ? "that is the length in host byte order "
	    "(little-endian); send the most significant byte first" :
	    "the prefix is the payload length as 4 big-endian bytes");
	cr_assert(memcmp(got + 4, payload, sizeof(payload)) == 0,
	    "the payload after the prefix is not what was passed (see "
	    HANDOUT "#length-prefix)");
	relay_close(relay, test_fd, code_fd);
}

LAB_TEST(frame, huge_prefix, 2,
    "frame_read refuses a 0xFFFFFFFF length at once, allocating nothing")
{
	static const unsigned char prefixes[][4] = {
		{ 0xFF, 0xFF, 0xFF, 0xFF },
		{ 0x00, 0x00, 0x10, 0x01 }, /* FRAME_MAX + 1 */
	};

	for (size_t i = 0; i < 2; i++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(CHAOS_WHOLE, &test_fd,
		    &code_fd);
		unsigned long n = (unsigned long)prefixes[i][0] << 24 |
		    (unsigned long)prefixes[i][1] << 16 |
		    (unsigned long)prefixes[i][2] << 8 | prefixes[i][3];
		char *payload = NULL;
		size_t len = 0;
		int rc;

		/* A few bytes follow, and the connection stays open. */
		send_bytes(test_fd, prefixes[i], 4);
		send_bytes(test_fd, "abcdefgh", 8);
		errno = 0;
		rc = frame_read(code_fd, FRAME_MAX, &payload, &len);
		LAB_REQUIRE_IMPLEMENTED(rc, "frame_read");
		cr_assert(rc == -1 && errno == EMSGSIZE, "frame_read with max "
		    "%d on a prefix of %lu returned %d with errno %s, expected "
		    "-1 with EMSGSIZE: the length comes from the network; "
		    "check the length against max before you allocate or "
		    "read the payload%s (see " HANDOUT "#trusting-the-length)",
		    FRAME_MAX, n, rc, err_name(errno), errno == ENOMEM ?
		    " (ENOMEM: malloc was asked for what the prefix said)" :
		    "");
		relay_close(relay, test_fd, code_fd);
	}
}

LAB_TEST(frame, eof_inside, 1,
    "frame_read reports EOF inside a frame as EPROTO, not as a frame")
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *what;
	} cases[] = {
		{ "\0\0\0\12abcd", 8, "a prefix of 10 and 4 payload bytes" },
		{ "\0\0", 2, "2 bytes of a prefix" },
	};

	for (size_t i = 0; i < 2; i++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(CHAOS_DRIBBLE,
		    &test_fd, &code_fd);
		char *payload = NULL;
		size_t len = 0;
		int rc;

		send_bytes(test_fd, cases[i].bytes, cases[i].len);
		shutdown(test_fd, SHUT_WR);
		errno = 0;
		rc = frame_read(code_fd, FRAME_MAX, &payload, &len);
		LAB_REQUIRE_IMPLEMENTED(rc, "frame_read");
		cr_assert(rc == -1 && errno == EPROTO, "frame_read on %s, then "
		    "EOF, returned %d with errno %s, expected -1 with EPROTO: "
		    "EOF inside a frame means the message is cut off; only "
		    "EOF between frames is a clean end (see " HANDOUT
		    "#end-of-stream)", cases[i].what, rc, err_name(errno));
		relay_close(relay, test_fd, code_fd);
	}
}

/* --- the line reader and HTTP ----------------------------------------- */

LAB_TEST_TIMED(line, rechunked, 2, 8,
    "line_read returns each line (LF or CRLF) however the bytes arrive")
{
	static const char *pieces[] = { "alpha\n", "beta\r\n", "gamma\n",
	    "\n", "a somewhat longer line, ", "sent in two writes\r\n" };
	static const char *want[] = { "alpha", "beta", "gamma", "",
	    "a somewhat longer line, sent in two writes" };

	for (int m = 0; m < CHAOS_MODE_COUNT; m++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(m, &test_fd, &code_fd);
		struct line_reader lr;
		char line[128];
		size_t len;
		int rc;

		for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
			send_bytes(test_fd, pieces[i], strlen(pieces[i]));
		shutdown(test_fd, SHUT_WR);
		line_reader_init(&lr, code_fd);
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			errno = 0;
			len = 0;
			rc = line_read(&lr, line, sizeof(line), &len);
			LAB_REQUIRE_IMPLEMENTED(rc, "line_read");
			cr_assert(rc == 1, "line %zu (\"%s\") : line_read "
			    "returned %d (errno %s) with %s, expected 1%s (see "
			    HANDOUT "#a-buffered-line-reader)", i + 1, want[i],
			    rc, err_name(errno), chaos_describe(relay), i > 0 ?
			    ": the bytes after the first newline in a read() "
			    "were lost; keep them in the struct for the next "
			    "call" : "");
			cr_assert(strcmp(line, want[i]) == 0 &&
			    len == strlen(want[i]), "line %zu came back as "
			    "%s (length %zu), expected \"%s\" (%s): %s "
			    "(see " HANDOUT "#a-buffered-line-reader)", i + 1,
			    fixture_text(line, sizeof(line)), len, want[i],
			    chaos_describe(relay),
			    strchr(line, '\r') != NULL ? "drop the \\r of a "
			    "\\r\\n ending too" : i > 0 ? "the bytes after the "
			    "first newline in a read() were lost; keep them in "
			    "the struct for the next call" : "a line may "
			    "arrive in several reads: keep appending until "
			    "the newline");
		}
		rc = line_read(&lr, line, sizeof(line), &len);
		cr_assert(rc == 0, "line_read after the last line and EOF "
		    "returned %d (errno %s), expected 0 (see " HANDOUT
		    "#a-buffered-line-reader)", rc, err_name(errno));
		relay_close(relay, test_fd, code_fd);
	}
}

LAB_TEST(line, too_long, 1,
    "line_read refuses a line longer than its buffer with EMSGSIZE")
{
	int test_fd, code_fd;
	struct chaos_relay *relay = relay_open(CHAOS_RANDOM, &test_fd,
	    &code_fd);
	struct line_reader lr;
	char text[101], line[32];
	size_t len = 0;
	int rc;

	fill_pattern(text, 100, 1);
	text[100] = '\n';
	send_bytes(test_fd, text, sizeof(text));
	line_reader_init(&lr, code_fd);
	line[31] = 'Z';
	errno = 0;
	rc = line_read_within(&lr, line, sizeof(line), sizeof(line) - 1,
	    &len);
	LAB_REQUIRE_IMPLEMENTED(rc, "line_read");
	cr_assert(line[31] == 'Z', "line_read wrote past the end of the "
	    "buffer it was given (see " HANDOUT "#a-buffered-line-reader)");
	cr_assert(rc == -1 && errno == EMSGSIZE, "line_read of a 100-byte "
	    "line into 31 bytes returned %d with errno %s, expected -1 with "
	    "EMSGSIZE: refuse a line that does not fit, never cut it "
	    "silently (see " HANDOUT "#a-buffered-line-reader)", rc,
	    err_name(errno));
	relay_close(relay, test_fd, code_fd);
}

LAB_TEST_TIMED(http, content_length, 2, 10,
    "http_read_response reads exactly Content-Length bytes; the "
    "connection stays open")
{
	static const char head[] = "HTTP/1.0 200 OK\r\n"
	    "Server: socklab-test\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 700\r\n"
	    "\r\n";
	char body[700];

	/* A body with its own blank lines: only the first one is a marker. */
	fill_pattern(body, sizeof(body), 2);
	memcpy(body + 100, "\r\n\r\n", 4);
	memcpy(body + 400, "\n\n", 2);
	for (int m = 0; m < CHAOS_MODE_COUNT; m++) {
		int test_fd, code_fd;
		struct chaos_relay *relay = relay_open(m, &test_fd, &code_fd);
		struct http_response resp = { 0, 0, NULL };
		struct line_reader lr;
		int rc;

		send_bytes(test_fd, head, sizeof(head) - 1);
		send_bytes(test_fd, body, 350);
		send_bytes(test_fd, body + 350, 350);
		line_reader_init(&lr, code_fd);
		errno = 0;
		rc = http_read_response(&lr, 1 << 20, &resp);
		LAB_REQUIRE_IMPLEMENTED(rc, "http_read_response");
		cr_assert(!(rc == -1 && errno == EWOULDBLOCK),
		    "http_read_response waited for more bytes after the "
		    "700-byte body and hit the test's 1 s receive timeout "
		    "(EAGAIN) (%s): the server keeps the connection open, so "
		    "read exactly Content-Length bytes, not until EOF (see "
		    HANDOUT "#http-content-length)", chaos_describe(relay));
		cr_assert(rc == 0, "http_read_response returned %d (errno %s) "
		    "with %s, expected 0 (see " HANDOUT "#http-content-length)",
		    rc, err_name(errno), chaos_describe(relay));
		cr_assert(resp.status == 200 && resp.content_length == 700,
		    "status %d and length %zu, expected 200 and 700 (%s) (see "
		    HANDOUT "#http-content-length)", resp.status,
		    resp.content_length, chaos_describe(relay));
		cr_assert(resp.body != NULL &&
		    memcmp(resp.body, body, 700) == 0 && resp.body[700] == '\0',
		    "the body differs from the 700 bytes sent (%s): the bytes "
		    "the line reader already holds after the blank line are "
		    "the start of the body; take them first "
		    "(line_reader_readn) (see " HANDOUT "#http-content-length)",
		    chaos_describe(relay));
		http_response_free(&resp);
		relay_close(relay, test_fd, code_fd);
	}
}
