#ifndef SOCKLAB_LAB04_TESTS_HARNESS_H
#define SOCKLAB_LAB04_TESTS_HARNESS_H

/*
 * Runs a lab 04 server in the worker (common/rpc/proxy.h), the sandboxed
 * process that holds the student's code, as a call that runs while the
 * test plays its clients, and gives the test what it needs to watch it
 * from outside: the worker's /proc number, the server's log, and what it
 * returned.
 *
 * The test makes the listening socket (port 0: the kernel picks) and lends
 * it to the call; before it, the worker ignores SIGPIPE, catches SIGUSR1
 * without SA_RESTART (so the test's signals interrupt system calls) and
 * gives SIGCHLD its default action, each checked in /proc.
 */

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "rpc/proxy.h"

enum server_kind { SERVER_ITERATIVE, SERVER_FORKING };

/*
 * What the server did, as the test observed it: its result from the
 * worker, the rest from the worker's /proc while no call ran.
 */
struct server_result {
	int rc;            /* serve_*()'s return value */
	int err;           /* errno right after it */
	int fds_before;    /* descriptors open before the call */
	int fds_after;     /* ... and after it */
	int sigchld_dfl;   /* SIGCHLD's action is SIG_DFL again */
};

struct server {
	enum server_kind kind;
	const char *name;              /* "serve_iterative" ... */
	int listenfd;                  /* lent to the server while it runs */
	unsigned long listen_inode;    /* the listening socket's inode */
	struct sockaddr_storage addr;  /* where clients connect */
	pid_t pid;                     /* the worker, for kill() */
	int proc;                      /* the worker's /proc number */
	int log;                       /* read end of the server's log */
	int log_write;                 /* write end, lent to the server */
	struct rpc_call call;          /* the running serve_*() */
	int running;                   /* started, its result not yet read */
	int finished;                  /* the result has been read */
	struct server_result res;      /* ... and kept here */
};

/*
 * Makes the listening socket on the loopback address of family. sndbuf > 0
 * sets SO_SNDBUF, which accepted connections inherit.
 */
void server_prepare(struct server *s, enum server_kind kind, int family,
    int sndbuf);

/*
 * Starts the server in the worker, to serve max_clients clients, and
 * waits (up to a second) until it sleeps in accept() or has returned.
 */
void server_run(struct server *s, int max_clients);

/* server_prepare() and server_run() in one. */
void server_start(struct server *s, enum server_kind kind, int family,
    int max_clients);

/*
 * Waits up to timeout_ms for the server to return. Fails the test, with
 * `hint` appended, if it does not return (the worker's failures, a crash
 * or an exit, fail it in the proxy).
 */
struct server_result server_finish(struct server *s, int timeout_ms,
    const char *hint);

/* 1 if the server has returned (its result is then kept), 0 if not. */
int server_returned(struct server *s);

/*
 * Waits up to timeout_ms until the server sleeps in accept(). Returns 1
 * when it does, 0 when it has returned or did not in time.
 */
int server_wait_in_accept(struct server *s, int timeout_ms);

/*
 * Waits up to timeout_ms until the server sleeps (in write() on a full
 * socket, say). Returns 1 when it does, 0 when it has returned or did not
 * in time.
 */
int server_wait_sleeping(struct server *s, int timeout_ms);

/*
 * Kills the server if it still runs: the worker, and with it every
 * process the server started (the worker's sandbox is a PID namespace).
 */
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
