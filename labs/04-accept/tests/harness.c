/*
 * The lab 04 test harness: see harness.h.
 */
#define _GNU_SOURCE /* prctl(PR_SET_PDEATHSIG) */

#include "tests/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "echo.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "test/wire.h"

#define HANDOUT "handouts/04-accept.md"

long long
harness_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
ignore_signal(int signo)
{
	(void)signo;
}

/*
 * Zeroes the stack below the caller, so that a local variable the server
 * forgets to initialise starts as 0 on every run instead of as whatever
 * happened to be there (an addrlen of 0 makes accept() store nothing).
 */
static void __attribute__((noinline))
scrub_stack(void)
{
	volatile char pad[32768];

	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = 0;
}

static void
write_all_or_die(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		p += n;
		len -= (size_t)n;
	}
}

/* The server child: never returns. */
static void __attribute__((noreturn))
server_child(struct server *s, int max_clients, int logfd, int resultfd)
{
	struct sigaction sa;
	struct server_result res;
	int proc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ignore_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: signals interrupt system calls */
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	/* If the test process dies, so does the server. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	proc = kernel_proc_self();
	write_all_or_die(resultfd, &proc, sizeof(proc));
	memset(&res, 0, sizeof(res));
	res.fds_before = kernel_count_fds(proc);
	scrub_stack();
	errno = 0;
	if (s->kind == SERVER_ITERATIVE)
		res.rc = serve_iterative(s->listenfd, max_clients, logfd);
	else
		res.rc = serve_forking(s->listenfd, max_clients, logfd);
	res.err = errno;
	res.fds_after = kernel_count_fds(proc);
	sigaction(SIGCHLD, NULL, &sa);
	res.sigchld_dfl = sa.sa_handler == SIG_DFL;
	write_all_or_die(resultfd, &res, sizeof(res));
	_exit(0);
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
	s->log = s->result = -1;
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

void
server_run(struct server *s, int max_clients)
{
	int logp[2], resp[2];

	cr_assert(pipe(logp) == 0 && pipe(resp) == 0);
	s->pid = fork();
	cr_assert(s->pid != -1, "test set-up: fork: %s", strerror(errno));
	if (s->pid == 0) {
		close(logp[0]);
		close(resp[0]);
		server_child(s, max_clients, logp[1], resp[1]);
	}
	close(logp[1]);
	close(resp[1]);
	/* Only the server holds the listening socket from now on. */
	close(s->listenfd);
	s->listenfd = -1;
	s->log = logp[0];
	s->result = resp[0];
	cr_assert(read_timed(s->result, &s->proc, sizeof(s->proc), 2000) ==
	    sizeof(s->proc), "the test could not start the server process");
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
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		s->pid = -1;
	}
}

struct server_result
server_finish(struct server *s, int timeout_ms, const char *hint)
{
	struct server_result res;
	size_t got = read_timed(s->result, &res, sizeof(res), timeout_ms);
	int status = 0;

	if (got != sizeof(res)) {
		/* A server that crashed has exited; one that hangs has not. */
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = -1;
			cr_assert(!WIFSIGNALED(status), "%s crashed with signal "
			    "%d (%s)%s", s->name, WTERMSIG(status),
			    strsignal(WTERMSIG(status)), hint);
			cr_assert_fail("%s's process exited with status %d "
			    "before it returned: library code must not call "
			    "exit()%s", s->name, WEXITSTATUS(status), hint);
		}
		server_kill(s);
		wire_fail("%s did not return within %d ms after its "
		    "clients had left%s", s->name, timeout_ms, hint);
	}
	while (waitpid(s->pid, &status, 0) == -1 && errno == EINTR)
		continue;
	s->pid = -1;
	s->finished = 1;
	return res;
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
	cr_assert(strcmp(got, want) == 0, "%s logged \"%s\" for a client at "
	    "%s (the client's getsockname): %s", s->name, got, want,
	    peer_cause(got, want, own));
}

int
client_connect(const struct server *s)
{
	int fd = socket(s->addr.ss_family, SOCK_STREAM, 0);

	cr_assert(fd >= 0);
	cr_assert(connect(fd, (const struct sockaddr *)&s->addr,
	    s->addr.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in)) == 0, "a client could not connect to "
	    "%s: %s (did the server stop, or close its listening socket?) "
	    "(see " HANDOUT "#the-accept-loop)", s->name, strerror(errno));
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
	cr_assert(got == len && memcmp(back, text, len) == 0, "%s sent \"%s\" "
	    "and got back \"%s\"%s", who, text, back, eof ? " before the "
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
