/* SOCK_CLOEXEC, SOCK_NONBLOCK, pipe2 and accept4 are Linux extensions. */
#define _GNU_SOURCE

#include "test/chaos.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Bytes one direction holds between its read and its writes. */
#define CHAOS_BUF_SIZE 65536

/* How long a dribble waits for the reader to take a byte before it sends
 * the next one anyway (a reader that stopped reading must not stall us). */
#define CHAOS_DRAIN_WAIT_NS 20000000L

struct chaos_relay;

/* One direction: bytes read from src are re-chunked and written to dst. */
struct chaos_dir {
	struct chaos_relay *relay;
	int src;
	int dst;
	int peer;      /* the fd reading from dst's far end, or -1 if unknown */
	uint64_t rng;  /* this direction's random state */
	size_t relayed;
	char buf[CHAOS_BUF_SIZE];
};

struct chaos_relay {
	enum chaos_mode mode;
	unsigned long seed;
	size_t byte_limit;
	struct timespec deadline; /* CLOCK_MONOTONIC */
	int stop[2];              /* readable once chaos_stop() was called */
	int listen_fd;            /* chaos_proxy only, else -1 */
	uint16_t target_port;     /* chaos_proxy only */
	int ends[2];              /* the relay's own sockets, or -1 */
	pthread_t main_thread;
	struct chaos_dir dir[2];
	char text[64];
};

const char *
chaos_mode_name(enum chaos_mode mode)
{
	switch (mode) {
	case CHAOS_WHOLE: return "whole writes";
	case CHAOS_DRIBBLE: return "1-byte dribble";
	case CHAOS_RANDOM: return "random splits";
	case CHAOS_COALESCE: return "coalesced writes";
	}
	return "unknown chaos";
}

unsigned long
chaos_seed(const struct chaos_relay *relay)
{
	return relay->seed;
}

const char *
chaos_describe(const struct chaos_relay *relay)
{
	return relay->text;
}

/* splitmix64: small, fast, and good enough to pick split points. */
static uint64_t
chaos_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* The seed: the caller's, else $SOCKLAB_CHAOS_SEED, else from the clock. */
static unsigned long
chaos_pick_seed(unsigned long wanted)
{
	const char *env = getenv("SOCKLAB_CHAOS_SEED");
	struct timespec now;

	if (wanted != 0)
		return wanted;
	if (env != NULL && *env != '\0') {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(env, &end, 10);
		if (errno == 0 && *end == '\0')
			return v;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	/* Six digits are easy to retype. */
	return 1 + ((unsigned long)now.tv_nsec ^ (unsigned long)getpid() * 7919u)
	    % 999999u;
}

/* Milliseconds left before the relay's deadline (0 when it has passed). */
static int
chaos_ms_left(const struct chaos_relay *r)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(r->deadline.tv_sec - now.tv_sec) * 1000 +
	    (r->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

static int
chaos_stopping(const struct chaos_relay *r)
{
	struct pollfd p = { .fd = r->stop[0], .events = POLLIN };

	return poll(&p, 1, 0) > 0 || chaos_ms_left(r) == 0;
}

/*
 * Waits until fd is ready for events, the relay is stopped or its time is
 * up. Returns 1 when ready, 0 when the relay must end, -1 on error.
 */
static int
chaos_wait(const struct chaos_relay *r, int fd, short events, int max_ms)
{
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = fd, .events = events },
			{ .fd = r->stop[0], .events = POLLIN },
		};
		int left = chaos_ms_left(r);
		int n;

		if (left == 0)
			return 0;
		if (max_ms >= 0 && max_ms < left)
			left = max_ms;
		n = poll(p, 2, left);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents != 0)
			return 0;
		if (n == 0)
			return max_ms >= 0 ? 2 : 0; /* 2: max_ms passed */
		return 1;
	}
}

/*
 * The relay's own delays (CHAOS_RANDOM's pauses between pieces): here the
 * pause is the behaviour under test, not a wait for readiness.
 */
static void
chaos_pause_ns(long ns)
{
	struct timespec t = { .tv_sec = 0, .tv_nsec = ns };

	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

/*
 * Waits (boundedly) until the reader at the far end has taken every byte
 * sent so far, so that its next read() sees only the next piece.
 */
static void
chaos_wait_drained(const struct chaos_dir *d)
{
	struct timespec start, now;

	if (d->peer < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int queued = 0;

		if (ioctl(d->peer, FIONREAD, &queued) == -1 || queued == 0 ||
		    chaos_stopping(d->relay))
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000000000L +
		    (now.tv_nsec - start.tv_nsec) > CHAOS_DRAIN_WAIT_NS)
			return;
		chaos_pause_ns(20000);
	}
}

/* Writes all len bytes to the non-blocking dst. Returns 0, or -1. */
static int
chaos_send_all(struct chaos_dir *d, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(d->dst, p, len, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -1;
			if (chaos_wait(d->relay, d->dst, POLLOUT, -1) != 1)
				return -1;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Passes len bytes on, cut and paced as the mode says. Returns 0 or -1. */
static int
chaos_emit(struct chaos_dir *d, const char *buf, size_t len)
{
	enum chaos_mode mode = d->relay->mode;
	size_t off = 0;

	while (off < len) {
		size_t piece = len - off;

		if (mode == CHAOS_DRIBBLE) {
			piece = 1;
			chaos_wait_drained(d);
		} else if (mode == CHAOS_RANDOM) {
			uint64_t x = chaos_next(&d->rng);
			size_t most = piece < CHAOS_RANDOM_MAX_PIECE ?
			    piece : CHAOS_RANDOM_MAX_PIECE;

			piece = 1 + (size_t)(x % most);
			if ((x >> 32) % 2 == 0)
				chaos_wait_drained(d);
			if ((x >> 40) % 4 == 0)
				chaos_pause_ns(1000L * (long)((x >> 44) %
				    CHAOS_RANDOM_MAX_DELAY_US));
		}
		if (chaos_stopping(d->relay) ||
		    chaos_send_all(d, buf + off, piece) == -1)
			return -1;
		off += piece;
	}
	return 0;
}

/*
 * Reads what src has (in CHAOS_COALESCE, also what follows within
 * CHAOS_COALESCE_WAIT_MS). Returns the bytes read, 0 at EOF (*eof set,
 * possibly after some bytes), or -1 when the relay must end.
 */
static ssize_t
chaos_fill(struct chaos_dir *d, int *eof)
{
	size_t room = sizeof(d->buf);
	size_t used = 0;

	*eof = 0;
	if (d->relayed + room > d->relay->byte_limit)
		room = d->relay->byte_limit - d->relayed;
	while (used < room) {
		int w = chaos_wait(d->relay, d->src, POLLIN,
		    used == 0 ? -1 : CHAOS_COALESCE_WAIT_MS);
		ssize_t n;

		if (w == 2)
			break;
		if (w != 1)
			return used > 0 ? (ssize_t)used : -1;
		n = read(d->src, d->buf + used, room - used);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			break;
		}
		if (n == 0) {
			*eof = 1;
			break;
		}
		used += (size_t)n;
		if (d->relay->mode != CHAOS_COALESCE)
			break;
	}
	if (used == 0 && !*eof)
		return -1;
	return (ssize_t)used;
}

/* Relays one direction until EOF, an error, a limit or chaos_stop(). */
static void *
chaos_run_dir(void *arg)
{
	struct chaos_dir *d = arg;

	for (;;) {
		int eof = 0;
		ssize_t n;

		if (d->relayed >= d->relay->byte_limit)
			break;
		n = chaos_fill(d, &eof);
		if (n < 0)
			break;
		if (n > 0 && chaos_emit(d, d->buf, (size_t)n) == -1)
			break;
		d->relayed += (size_t)n;
		if (eof)
			break;
	}
	/* Pass the end on: the far reader sees EOF after the last byte. */
	shutdown(d->dst, SHUT_WR);
	return NULL;
}

/* Accepts (proxy mode) and connects, then runs both directions. */
static void *
chaos_run(void *arg)
{
	struct chaos_relay *r = arg;
	pthread_t back;
	int back_started;

	if (r->listen_fd >= 0) {
		struct sockaddr_in to;

		if (chaos_wait(r, r->listen_fd, POLLIN, -1) != 1)
			return NULL;
		r->ends[0] = accept4(r->listen_fd, NULL, NULL,
		    SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (r->ends[0] == -1)
			return NULL;
		r->ends[1] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (r->ends[1] == -1)
			return NULL;
		memset(&to, 0, sizeof(to));
		to.sin_family = AF_INET;
		to.sin_port = htons(r->target_port);
		to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(r->ends[1], (struct sockaddr *)&to,
		    sizeof(to)) == -1) {
			shutdown(r->ends[0], SHUT_RDWR);
			return NULL;
		}
		fcntl(r->ends[1], F_SETFL, O_NONBLOCK);
		r->dir[0].src = r->dir[1].dst = r->ends[0];
		r->dir[0].dst = r->dir[1].src = r->ends[1];
	}
	for (int i = 0; i < 2; i++) {
		int one = 1;

		setsockopt(r->ends[i], IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
	}
	back_started = pthread_create(&back, NULL, chaos_run_dir,
	    &r->dir[1]) == 0;
	chaos_run_dir(&r->dir[0]);
	if (back_started)
		pthread_join(back, NULL);
	return NULL;
}

/* A zeroed relay with its stop pipe, deadline and seed; NULL on error. */
static struct chaos_relay *
chaos_new(const struct chaos_options *opt)
{
	struct chaos_relay *r = calloc(1, sizeof(*r));
	unsigned ms = opt->time_limit_ms ? opt->time_limit_ms :
	    CHAOS_DEFAULT_TIME_LIMIT_MS;

	if (r == NULL)
		return NULL;
	if (pipe2(r->stop, O_CLOEXEC) == -1) {
		free(r);
		return NULL;
	}
	r->mode = opt->mode;
	r->seed = chaos_pick_seed(opt->seed);
	r->byte_limit = opt->byte_limit ? opt->byte_limit :
	    CHAOS_DEFAULT_BYTE_LIMIT;
	r->listen_fd = r->ends[0] = r->ends[1] = -1;
	clock_gettime(CLOCK_MONOTONIC, &r->deadline);
	r->deadline.tv_sec += ms / 1000;
	r->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (r->deadline.tv_nsec >= 1000000000L) {
		r->deadline.tv_sec++;
		r->deadline.tv_nsec -= 1000000000L;
	}
	for (int i = 0; i < 2; i++) {
		r->dir[i].relay = r;
		r->dir[i].src = r->dir[i].dst = r->dir[i].peer = -1;
		r->dir[i].rng = (uint64_t)r->seed * 2 + (uint64_t)i;
	}
	snprintf(r->text, sizeof(r->text), "%s, seed %lu",
	    chaos_mode_name(r->mode), r->seed);
	return r;
}

/* Frees r and what it holds (its threads must not be running). */
static void
chaos_free(struct chaos_relay *r)
{
	int saved = errno;

	if (r->listen_fd >= 0)
		close(r->listen_fd);
	for (int i = 0; i < 2; i++)
		if (r->ends[i] >= 0)
			close(r->ends[i]);
	close(r->stop[0]);
	close(r->stop[1]);
	free(r);
	errno = saved;
}

/* Starts the relay's thread with every signal blocked in it. */
static int
chaos_start(struct chaos_relay *r)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&r->main_thread, NULL, chaos_run, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return 0;
}

/* A listening TCP socket on 127.0.0.1, ephemeral port; -1 on error. */
static int
chaos_listener(uint16_t *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd == -1)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(fd, 4) == -1 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

/* Connects a new socket to 127.0.0.1:port and accepts it on lfd. */
static int
chaos_connect_pair(int lfd, uint16_t port, int *out, int *in, int in_flags)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*in = -1;
	*out = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*out == -1)
		return -1;
	/* Loopback: the handshake is done when connect() returns. */
	if (connect(*out, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    (*in = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | in_flags)) == -1) {
		int saved = errno;

		close(*out);
		*out = -1;
		errno = saved;
		return -1;
	}
	return 0;
}

int
chaos_pair(const struct chaos_options *opt, struct chaos_relay **relay,
    int *test_fd, int *code_fd)
{
	struct chaos_relay *r = chaos_new(opt);
	uint16_t port;
	int lfd, relay_out = -1, saved;

	if (r == NULL)
		return -1;
	*test_fd = *code_fd = -1;
	lfd = chaos_listener(&port);
	if (lfd == -1)
		goto fail;
	/* test_fd <-> ends[0] (relay) ends[1] <-> code_fd */
	if (chaos_connect_pair(lfd, port, test_fd, &r->ends[0],
	    SOCK_NONBLOCK) == -1 ||
	    chaos_connect_pair(lfd, port, &relay_out, code_fd, 0) == -1)
		goto fail;
	r->ends[1] = relay_out;
	relay_out = -1;
	fcntl(r->ends[1], F_SETFL, O_NONBLOCK);
	r->dir[0].src = r->dir[1].dst = r->ends[0];
	r->dir[0].dst = r->dir[1].src = r->ends[1];
	r->dir[0].peer = *code_fd;
	r->dir[1].peer = *test_fd;
	if (chaos_start(r) == -1)
		goto fail;
	close(lfd);
	*relay = r;
	return 0;
fail:
	saved = errno;
	if (lfd >= 0)
		close(lfd);
	if (relay_out >= 0)
		close(relay_out);
	if (*test_fd >= 0)
		close(*test_fd);
	if (*code_fd >= 0)
		close(*code_fd);
	*test_fd = *code_fd = -1;
	chaos_free(r);
	errno = saved;
	return -1;
}

int
chaos_proxy(const struct chaos_options *opt, uint16_t target_port,
    struct chaos_relay **relay, uint16_t *port)
{
	struct chaos_relay *r = chaos_new(opt);

	if (r == NULL)
		return -1;
	r->target_port = target_port;
	r->listen_fd = chaos_listener(port);
	if (r->listen_fd == -1 || chaos_start(r) == -1) {
		chaos_free(r);
		return -1;
	}
	*relay = r;
	return 0;
}

void
chaos_stop(struct chaos_relay *relay)
{
	int saved = errno;

	if (relay == NULL)
		return;
	while (write(relay->stop[1], "x", 1) == -1 && errno == EINTR)
		;
	pthread_join(relay->main_thread, NULL);
	chaos_free(relay);
	errno = saved;
}
