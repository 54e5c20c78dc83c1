/*
 * The test's side of lab 08's connections: see peer.h.
 */
#include "tests/peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "closing.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/08-shutdown.md"

long long
peer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
peer_late_ms(void)
{
	const char *text = getenv("SOCKLAB_TIMEOUT_SCALE");
	double scale = text != NULL ? strtod(text, NULL) : 1.0;

	if (!(scale > 1.0))
		scale = 1.0;
	if (scale > 100.0)
		scale = 100.0;
	return (int)(150 * scale);
}

uint16_t
peer_local_port(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(&sin, 0, sizeof(sin));
	cr_assert(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
	return ntohs(sin.sin_port);
}

void
peer_pair(int *test_end, int *code_end, int rcvbuf, int sndbuf)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int listener = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert(listener >= 0, "test set-up: socket: %s", strerror(errno));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(bind(listener, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    listen(listener, 1) == 0 &&
	    getsockname(listener, (struct sockaddr *)&sin, &len) == 0,
	    "test set-up: listener: %s", strerror(errno));
	*code_end = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(*code_end >= 0);
	if (sndbuf > 0)
		cr_assert(setsockopt(*code_end, SOL_SOCKET, SO_SNDBUF, &sndbuf,
		    sizeof(sndbuf)) == 0);
	/* The accepted socket inherits the listener's buffer sizes. */
	if (rcvbuf > 0)
		cr_assert(setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf)) == 0);
	cr_assert(connect(*code_end, (struct sockaddr *)&sin,
	    sizeof(sin)) == 0, "test set-up: connect: %s", strerror(errno));
	*test_end = accept(listener, NULL, NULL);
	cr_assert(*test_end >= 0, "test set-up: accept: %s", strerror(errno));
	close(listener);
}

struct peer_read
peer_read(int fd, void *buf, size_t cap, int timeout_ms)
{
	struct peer_read r = { 0, 0, 0 };
	long long deadline = peer_now_ms() + timeout_ms;
	char *p = buf;

	while (r.got < cap) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline - peer_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		n = read(fd, p + r.got, cap - r.got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			r.err = errno;
			break;
		}
		if (n == 0) {
			r.eof = 1;
			break;
		}
		r.got += (size_t)n;
	}
	return r;
}

void
peer_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		cr_assert(n > 0, "the test could not send to the code under "
		    "test: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

/* A byte of the pattern: a cheap hash of offset and seed. */
static unsigned char
pattern_byte(size_t i, unsigned seed)
{
	uint32_t x = (uint32_t)i * 2654435761u + seed;

	return (unsigned char)(x >> 24 ^ x);
}

void
peer_pattern(void *buf, size_t len, unsigned seed)
{
	unsigned char *p = buf;

	for (size_t i = 0; i < len; i++)
		p[i] = pattern_byte(i, seed);
}

size_t
peer_mismatch(const void *buf, size_t len, unsigned seed)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++)
		if (p[i] != pattern_byte(i, seed))
			return i;
	return len;
}

void
peer_require_exchange(void)
{
	char reply[16];
	int fds[2];
	ssize_t n;

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
	cr_assert(shutdown(fds[1], SHUT_WR) == 0);
	errno = 0;
	n = exchange(fds[0], "q", 1, reply, sizeof(reply));
	LAB_REQUIRE_IMPLEMENTED(n, "exchange");
	close(fds[0]);
	close(fds[1]);
}
