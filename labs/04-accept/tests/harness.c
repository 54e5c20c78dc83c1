/*
 * The lab 04 test harness: see harness.h.
 */
#define _GNU_SOURCE /* pipe2 */

#include "tests/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "echo.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "test/wire.h"
#include "tests/calls.h"

#define HANDOUT "handouts/04-accept.md"

long long
harness_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Pauses a millisecond between two looks at /proc. */
static void
pause_briefly(void)
{
	struct timespec pause = { 0, 1000000 };

	nanosleep(&pause, NULL);
}

/*
 * Returns signo's bit in the mask `field` ("SigCgt", "SigIgn") of
 * /proc/PID/status, or -1 if it cannot be read.
 */
static int
proc_signal_bit(int pid, const char *field, int signo)
{
	char path[64], line[256];
	size_t len = strlen(field);
	FILE *f;
	int bit = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long mask;

		if (strncmp(line, field, len) == 0 && line[len] == ':' &&
		    sscanf(line + len + 1, "%llx", &mask) == 1) {
			bit = (int)((mask >> (signo - 1)) & 1);
			break;
		}
	}
	fclose(f);
	return bit;
}

/* 1 if signo has its default action in process pid: not caught, not
 * ignored (as sigaction() would report SIG_DFL there). */
static int
signal_is_default(int pid, int signo)
{
	return proc_signal_bit(pid, "SigCgt", signo) == 0 &&
	    proc_signal_bit(pid, "SigIgn", signo) == 0;
}

void
server_prepare(struct server *s, enum server_kind kind, int family,
    int sndbuf)
{
	socklen_t len = sizeof(s->addr);

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->name = kind == SERVER_ITERATIVE ? "serve_iterative" :
	    "serve_forking";
	s->pid = -1;
	s->log = s->log_write = -1;
	s->addr.ss_family = (sa_family_t)family;
	if (family == AF_INET6)
		((struct sockaddr_in6 *)&s->addr)->sin6_addr = in6addr_loopback;
	else
		((struct sockaddr_in *)&s->addr)->sin_addr.s_addr =
		    htonl(INADDR_LOOPBACK);
	s->listenfd = socket(family, SOCK_STREAM, 0);
	cr_assert(s->listenfd >= 0, "test set-up: socket: %s",
	    strerror(errno));
	if (sndbuf > 0)
		cr_assert(setsockopt(s->listenfd, SOL_SOCKET, SO_SNDBUF,
		    &sndbuf, sizeof(sndbuf)) == 0);
	cr_assert(bind(s->listenfd, (struct sockaddr *)&s->addr,
	    family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in)) == 0, "test set-up: bind: %s",
	    strerror(errno));
	cr_assert(listen(s->listenfd, 16) == 0);
	cr_assert(getsockname(s->listenfd, (struct sockaddr *)&s->addr,
	    &len) == 0);
	s->listen_inode = kernel_socket_inode(s->listenfd);
}

/* Reads exactly len bytes within timeout_ms; returns the bytes read. */
static size_t
read_timed(int fd, void *buf, size_t len, int timeout_ms)
{
	int eof;

	return client_recv(fd, buf, len, timeout_ms, &eof);
}

/*
 * Takes the server's result if it returned within timeout_ms. Returns 1
 * if it has returned (now or before), 0 if not.
 */
static int
server_collect(struct server *s, int timeout_ms)
{
	if (!s->running)
		return s->finished;
	if (!rpc_call_wait(&s->call, timeout_ms))
		return 0;
	s->running = 0;
	s->finished = 1;
	s->res.rc = (int)s->call.ret;
	s->res.err = s->call.err;
	/*
	 * Counting first has the worker let go of what was lent for the call
	 * (proxy.h): what is still open is the student's code's. Only then
	 * does the test close its own copies, below.
	 */
	s->res.fds_after = rpc_worker_count_fds(s->call.w);
	s->res.sigchld_dfl = signal_is_default(s->proc, SIGCHLD);
	/* Nobody listens now, and the log ends, as when a server exits. */
	close(s->listenfd);
	s->listenfd = -1;
	close(s->log_write);
	s->log_write = -1;
	return 1;
}

void
server_run(struct server *s, int max_clients)
{
	struct rpc_worker *w = rpc_worker_current();
	int logp[2];

	/* What a program that runs a server does first. */
	rpc_worker_ignore_signal(SIGPIPE);
	/* No SA_RESTART: the test's signals interrupt system calls. */
	rpc_worker_catch_signal(SIGUSR1, 0);
	rpc_worker_default_signal(SIGCHLD);
	s->pid = rpc_worker_pid(w);
	s->proc = (int)s->pid;
	cr_assert(proc_signal_bit(s->proc, "SigIgn", SIGPIPE) == 1 &&
	    proc_signal_bit(s->proc, "SigCgt", SIGUSR1) == 1 &&
	    signal_is_default(s->proc, SIGCHLD), "test set-up: the worker's "
	    "signal actions (/proc/%d/status) are not the ones asked for",
	    s->proc);
	cr_assert(pipe2(logp, O_CLOEXEC) == 0, "test set-up: pipe: %s",
	    strerror(errno));
	s->log = logp[0];
	s->log_write = logp[1];
	memset(&s->res, 0, sizeof(s->res));
	s->res.fds_before = rpc_worker_count_fds(w);
	/*
	 * The listening socket and the log's write end are lent for the
	 * call; the test keeps its copies until the server returns (see
	 * server_collect), so a number it closed is never mistaken for one
	 * the student's code closed.
	 */
	serve_call_begin(&s->call, s->kind == SERVER_ITERATIVE ?
	    CALL_SERVE_ITERATIVE : CALL_SERVE_FORKING, s->listenfd,
	    max_clients, s->log_write);
	rpc_call_start(&s->call);
	s->running = 1;
	server_wait_in_accept(s, 1000);
}

void
server_start(struct server *s, enum server_kind kind, int family,
    int max_clients)
{
	server_prepare(s, kind, family, 0);
	/* A failing check then shows what the connections did on the wire. */
	wire_begin_port(ntohs(s->addr.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&s->addr)->sin6_port :
	    ((struct sockaddr_in *)&s->addr)->sin_port));
	server_run(s, max_clients);
}

void
server_kill(struct server *s)
{
	/* In the sandbox, a PID namespace, its children die with it. */
	if (s->running) {
		kill(s->pid, SIGKILL);
		s->running = 0;
	}
}

struct server_result
server_finish(struct server *s, int timeout_ms, const char *hint)
{
	if (!server_collect(s, timeout_ms)) {
		server_kill(s);
		wire_fail("%s did not return within %d ms after its "
		    "clients had left%s", s->name, timeout_ms, hint);
	}
	return s->res;
}

int
server_returned(struct server *s)
{
	return server_collect(s, 0);
}

int
server_wait_in_accept(struct server *s, int timeout_ms)
{
	long long deadline = harness_now_ms() + timeout_ms;

	for (;;) {
		if (server_collect(s, 0))
			return 0;
		if (kernel_wait_in_accept(s->proc, 0))
			return 1;
		if (harness_now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

int
server_wait_sleeping(struct server *s, int timeout_ms)
{
	long long deadline = harness_now_ms() + timeout_ms;

	for (;;) {
		if (server_collect(s, 0))
			return 0;
		if (kernel_wait_sleeping(s->proc, 0))
			return 1;
		if (harness_now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

int
server_log_line(struct server *s, char *buf, size_t size, int timeout_ms)
{
	size_t len = 0;

	while (len + 1 < size) {
		char c;

		if (read_timed(s->log, &c, 1, timeout_ms) != 1)
			return -1;
		if (c == '\n')
			break;
		buf[len++] = c;
	}
	buf[len] = '\0';
	return (int)len;
}

/* Formats a socket address like echo_format_peer's contract. */
static void
format_addr(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
	} else {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
	}
}

void
client_peer_text(int fd, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	cr_assert(getsockname(fd, (struct sockaddr *)&ss, &len) == 0);
	format_addr(&ss, buf, size);
}

/* Why the logged peer differs from the real one. */
static const char *
peer_cause(const char *got, const char *want, const char *own)
{
	const char *got_port = strrchr(got, ':');
	const char *want_port = strrchr(want, ':');
	unsigned gp, wp;

	if (strcmp(got, "?") == 0 || got[0] == '\0' ||
	    strncmp(got, "0.0.0.0:", 8) == 0 || strncmp(got, "[::]:", 5) == 0 ||
	    (got_port != NULL && strcmp(got_port, ":0") == 0))
		return "accept() stored no address, or only part of it: its "
		    "addrlen argument is value-result; set it to the size of "
		    "your address buffer (sizeof(struct sockaddr_storage)) "
		    "before every accept() (see " HANDOUT "#value-result)";
	if (strcmp(got, own) == 0)
		return "that is the server's own address: log the peer address "
		    "accept() filled in, not getsockname() (see " HANDOUT
		    "#logging-the-peer)";
	if (got_port != NULL && want_port != NULL &&
	    sscanf(got_port + 1, "%u", &gp) == 1 &&
	    sscanf(want_port + 1, "%u", &wp) == 1 &&
	    gp == (((wp & 0xff) << 8) | (wp >> 8)))
		return "the port's bytes are swapped: convert sin_port with "
		    "ntohs() before printing it (see " HANDOUT
		    "#logging-the-peer)";
	return "log the address accept() filled in for this connection, as "
	    "\"IP:port\" (\"[IP]:port\" for IPv6) (see " HANDOUT
	    "#logging-the-peer)";
}

void
server_expect_logged(struct server *s, int client)
{
	char got[128], want[ECHO_PEER_MAX + 8], own[ECHO_PEER_MAX + 8];

	client_peer_text(client, want, sizeof(want));
	format_addr(&s->addr, own, sizeof(own));
	cr_assert(server_log_line(s, got, sizeof(got), 1000) >= 0, "%s wrote "
	    "no log line within 1 s for the client at %s: write the peer "
	    "with echo_log_peer() after each accept() (see " HANDOUT
	    "#logging-the-peer)", s->name, want);
	cr_assert(strcmp(got, want) == 0, "%s logged %s for a client at "
	    "%s (the client's getsockname): %s", s->name,
	    fixture_text(got, sizeof(got)), want, peer_cause(got, want, own));
}

int
client_connect(const struct server *s)
{
	int fd = socket(s->addr.ss_family, SOCK_STREAM, 0);

	cr_assert(fd >= 0);
	cr_assert(connect(fd, (const struct sockaddr *)&s->addr,
	    s->addr.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in)) == 0, "a client could not connect to "
	    "%s: %s (did the server stop, or close its listening socket? "
	    "Or return at once because it is still the skeleton?) "
	    "(see " HANDOUT "#the-accept-loop)", s->name,
	    fixture_errno_name(errno));
	return fd;
}

void
client_send(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		cr_assert(n > 0, "a client could not send: %s (the server "
		    "closed or reset the connection) (see " HANDOUT
		    "#the-echo-loop)", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

size_t
client_recv(int fd, void *buf, size_t len, int timeout_ms, int *eof)
{
	long long deadline = harness_now_ms() + timeout_ms;
	char *p = buf;
	size_t got = 0;

	*eof = 0;
	while (got < len) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		long long left = deadline - harness_now_ms();
		ssize_t n;

		if (left < 0)
			left = 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			break;
		n = read(fd, p + got, len - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			*eof = 1;
			break;
		}
		got += (size_t)n;
	}
	return got;
}

void
client_echo(int fd, const char *text, int timeout_ms, const char *who)
{
	char back[256];
	size_t len = strlen(text);
	size_t got;
	int eof;

	cr_assert(len < sizeof(back));
	client_send(fd, text, len);
	got = client_recv(fd, back, len, timeout_ms, &eof);
	back[got] = '\0';
	cr_assert(got == len && memcmp(back, text, len) == 0, "%s sent %s "
	    "and got back %zu bytes, %s%s", who, fixture_text(text, len), got,
	    fixture_text(back, got), eof ? " before the "
	    "server closed the connection: keep reading and echoing until "
	    "read() returns 0 (see " HANDOUT "#the-echo-loop)" :
	    " within the time limit (see " HANDOUT "#the-echo-loop)");
}

int
client_finish(int fd, int timeout_ms)
{
	char buf[4096];
	long long deadline = harness_now_ms() + timeout_ms;

	if (shutdown(fd, SHUT_WR) == -1)
		return -1;
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		long long left = deadline - harness_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return 0;
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 1;
		if (n == -1 && errno != EINTR)
			return -1;
	}
}

void
client_reset(int fd)
{
	struct linger lg = { 1, 0 };

	cr_assert(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0);
	close(fd);
}
