#ifndef SOCKLAB_LAB04_TESTS_HARNESS_H
#define SOCKLAB_LAB04_TESTS_HARNESS_H

/*
 * Runs a lab 04 server in a child process of the test, so that a hang or a
 * crash stays there, and gives the test what it needs to watch it from
 * outside: the server's /proc number, its log, and what it returned.
 *
 * The test makes the listening socket (port 0: the kernel picks), forks;
 * the child ignores SIGPIPE, catches SIGUSR1 without SA_RESTART (so the
 * test's signals interrupt system calls), and calls the student's server.
 */

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

enum server_kind { SERVER_ITERATIVE, SERVER_FORKING };

struct server {
	enum server_kind kind;
	const char *name;              /* "serve_iterative" ... */
	int listenfd;                  /* until server_run(): the test's */
	unsigned long listen_inode;    /* the listening socket's inode */
	struct sockaddr_storage addr;  /* where clients connect */
	pid_t pid;                     /* fork()'s answer, for kill/waitpid */
	int proc;                      /* the server's /proc number */
	int log;                       /* read end of the server's log */
	int result;                    /* read end of the result pipe */
	int finished;                  /* the result has been read */
};

/* What the server child reports after the student's server returned. */
struct server_result {
	int rc;            /* serve_*()'s return value */
	int err;           /* errno right after it */
	int fds_before;    /* descriptors open before the call */
	int fds_after;     /* ... and after it */
	int sigchld_dfl;   /* SIGCHLD's action is SIG_DFL again */
};

/*
 * Makes the listening socket on the loopback address of family. sndbuf > 0
 * sets SO_SNDBUF, which accepted connections inherit.
 */
void server_prepare(struct server *s, enum server_kind kind, int family,
    int sndbuf);

/* Forks the server child, which serves max_clients clients. */
void server_run(struct server *s, int max_clients);

/* server_prepare() and server_run() in one. */
void server_start(struct server *s, enum server_kind kind, int family,
    int max_clients);

/*
 * Waits up to timeout_ms for the server to return and reaps the child.
 * Fails the test, with `hint` appended, if it does not return or dies.
 */
struct server_result server_finish(struct server *s, int timeout_ms,
    const char *hint);

/* Kills the server child (if still running) and reaps it. */
void server_kill(struct server *s);

/*
 * Reads the next log line (without '\n') into buf. Returns its length, or
 * -1 when none came within timeout_ms.
 */
int server_log_line(struct server *s, char *buf, size_t size,
    int timeout_ms);

/* Checks the next log line names the peer of client (its getsockname). */
void server_expect_logged(struct server *s, int client);

/* A new client connected to the server; fails the test if it cannot. */
int client_connect(const struct server *s);

/* Sends all of buf (blocking). */
void client_send(int fd, const void *buf, size_t len);

/*
 * Receives up to len bytes, waiting at most timeout_ms in all. Returns the
 * bytes received (fewer at EOF or timeout); *eof set when the server
 * closed the connection.
 */
size_t client_recv(int fd, void *buf, size_t len, int timeout_ms, int *eof);

/* Sends text and checks it comes back within timeout_ms. */
void client_echo(int fd, const char *text, int timeout_ms, const char *who);

/*
 * Shuts down the client's sending side and waits for the server's EOF.
 * Returns 1 when EOF came within timeout_ms, 0 if not, -1 on an error.
 */
int client_finish(int fd, int timeout_ms);

/* Closes fd with a RST instead of a FIN (SO_LINGER with a zero time). */
void client_reset(int fd);

/* The client's own address as echo_format_peer() would print it. */
void client_peer_text(int fd, char *buf, size_t size);

/* Milliseconds on the monotonic clock. */
long long harness_now_ms(void);

#endif
