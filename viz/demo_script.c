/*
 * The demo's script, one system call per step. The interesting part is the
 * table at the bottom: which side makes which call, and what a student
 * should see on the wire when it does.
 */
#define _DEFAULT_SOURCE

#include "demo_script.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A step waits at most this long for its socket to be ready. */
#define DEMO_READY_MS 2000

static const char client_message[] = "hello\n";
static const char server_message[] = "HELLO\n";

struct demo {
	int listen_fd;
	int client_fd;
	int conn_fd;       /* the server's side of the connection */
	int refused_fd;    /* scene 1's client */
	uint16_t port;
	uint16_t closed_port;
	size_t next;
	char inbox[64];
};

/* Fills sa with 127.0.0.1:port. */
static void
loopback_address(struct sockaddr_in *sa, uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/*
 * Finds a loopback port nobody listens on: bind to port 0, read back what
 * the kernel chose, and let it go. Returns the port, or 0 with errno set.
 */
static uint16_t
free_loopback_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	if (fd == -1)
		return 0;
	loopback_address(&sa, 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* Waits until fd is ready for events; returns 0, or -1 (ETIMEDOUT). */
static int
wait_ready(int fd, short events)
{
	struct pollfd pfd = { fd, events, 0 };
	int n;

	do {
		n = poll(&pfd, 1, DEMO_READY_MS);
	} while (n == -1 && errno == EINTR);
	if (n == 0)
		errno = ETIMEDOUT;
	return n > 0 ? 0 : -1;
}

/* Records a call's outcome: "returned N" or "failed: <errno text>". */
static void
note_result(struct demo_step *step, long rc, int want_failure)
{
	if (rc == -1)
		snprintf(step->result, sizeof(step->result), "failed: %s",
		    strerror(errno));
	else
		snprintf(step->result, sizeof(step->result), "returned %ld",
		    rc);
	step->failed = want_failure ? rc != -1 : rc == -1;
}

static void
step_refused_socket(struct demo *d, struct demo_step *step)
{
	d->refused_fd = socket(AF_INET, SOCK_STREAM, 0);
	note_result(step, d->refused_fd, 0);
}

static void
step_refused_connect(struct demo *d, struct demo_step *step)
{
	struct sockaddr_in sa;
	int rc;

	loopback_address(&sa, d->closed_port);
	rc = connect(d->refused_fd, (struct sockaddr *)&sa, sizeof(sa));
	note_result(step, rc, 1);
	close(d->refused_fd);
	d->refused_fd = -1;
}

static void
step_server_socket(struct demo *d, struct demo_step *step)
{
	d->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	note_result(step, d->listen_fd, 0);
}

static void
step_server_bind(struct demo *d, struct demo_step *step)
{
	struct sockaddr_in sa;
	int on = 1;
	int rc;

	/* A rerun must not fail while the last run's port is in TIME_WAIT. */
	setsockopt(d->listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	loopback_address(&sa, d->port);
	rc = bind(d->listen_fd, (struct sockaddr *)&sa, sizeof(sa));
	note_result(step, rc, 0);
}

static void
step_server_listen(struct demo *d, struct demo_step *step)
{
	note_result(step, listen(d->listen_fd, 8), 0);
}

static void
step_client_socket(struct demo *d, struct demo_step *step)
{
	d->client_fd = socket(AF_INET, SOCK_STREAM, 0);
	note_result(step, d->client_fd, 0);
}

static void
step_client_connect(struct demo *d, struct demo_step *step)
{
	struct sockaddr_in sa;

	loopback_address(&sa, d->port);
	note_result(step,
	    connect(d->client_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
}

static void
step_server_accept(struct demo *d, struct demo_step *step)
{
	if (wait_ready(d->listen_fd, POLLIN) == -1) {
		note_result(step, -1, 0);
		return;
	}
	d->conn_fd = accept(d->listen_fd, NULL, NULL);
	note_result(step, d->conn_fd, 0);
}

/* write() of a whole small message; a short count would be a failure. */
static void
send_message(int fd, const char *msg, struct demo_step *step)
{
	ssize_t n = write(fd, msg, strlen(msg));

	note_result(step, (long)n, 0);
	if (n != -1 && (size_t)n != strlen(msg))
		step->failed = 1;
}

/* read() after waiting for data (or EOF); want_eof: expect 0 bytes. */
static void
receive(struct demo *d, int fd, struct demo_step *step, int want_eof)
{
	ssize_t n;

	if (wait_ready(fd, POLLIN) == -1) {
		note_result(step, -1, 0);
		return;
	}
	n = read(fd, d->inbox, sizeof(d->inbox) - 1);
	note_result(step, (long)n, 0);
	if (n > 0) {
		d->inbox[n] = '\0';
		snprintf(step->result, sizeof(step->result),
		    "returned %zd: \"%.*s\"", n,
		    (int)strcspn(d->inbox, "\n"), d->inbox);
	} else if (n == 0) {
		snprintf(step->result, sizeof(step->result),
		    "returned 0: end of file");
	}
	step->failed = want_eof ? n != 0 : n <= 0;
}

static void
step_client_write(struct demo *d, struct demo_step *step)
{
	send_message(d->client_fd, client_message, step);
}

static void
step_server_read(struct demo *d, struct demo_step *step)
{
	receive(d, d->conn_fd, step, 0);
}

static void
step_server_write(struct demo *d, struct demo_step *step)
{
	send_message(d->conn_fd, server_message, step);
}

static void
step_client_read(struct demo *d, struct demo_step *step)
{
	receive(d, d->client_fd, step, 0);
}

static void
step_client_close(struct demo *d, struct demo_step *step)
{
	note_result(step, close(d->client_fd), 0);
	d->client_fd = -1;
}

static void
step_server_read_eof(struct demo *d, struct demo_step *step)
{
	receive(d, d->conn_fd, step, 1);
}

static void
step_server_close(struct demo *d, struct demo_step *step)
{
	int rc = close(d->conn_fd);

	d->conn_fd = -1;
	close(d->listen_fd);
	d->listen_fd = -1;
	note_result(step, rc, 0);
}

static const struct script_line {
	const char *scene;
	enum demo_side side;
	const char *call;
	const char *expect;
	const char *wire;	/* see struct demo_step */
	void (*run)(struct demo *d, struct demo_step *step);
} script[] = {
	{ "Scene 1: nobody listening", DEMO_CLIENT, "socket()",
	  "nothing on the wire: a socket is only a descriptor so far",
	  "",
	  step_refused_socket },
	{ "Scene 1: nobody listening", DEMO_CLIENT, "connect()",
	  "SYN to a port with no listener; the kernel answers RST-ACK, and "
	  "connect() fails with ECONNREFUSED",
	  "c:SYN s:RST-ACK",
	  step_refused_connect },
	{ "Scene 2: the handshake", DEMO_SERVER, "socket()",
	  "nothing on the wire",
	  "",
	  step_server_socket },
	{ "Scene 2: the handshake", DEMO_SERVER, "bind()",
	  "nothing on the wire: the socket gets its address and port",
	  "",
	  step_server_bind },
	{ "Scene 2: the handshake", DEMO_SERVER, "listen()",
	  "nothing on the wire: the kernel will now answer SYNs itself",
	  "",
	  step_server_listen },
	{ "Scene 2: the handshake", DEMO_CLIENT, "socket()",
	  "nothing on the wire",
	  "",
	  step_client_socket },
	{ "Scene 2: the handshake", DEMO_CLIENT, "connect()",
	  "SYN, SYN-ACK, ACK: connect() returns once the SYN-ACK is in; "
	  "the server has not called accept() yet",
	  "c:SYN s:SYN-ACK c:ACK",
	  step_client_connect },
	{ "Scene 2: the handshake", DEMO_SERVER, "accept()",
	  "nothing on the wire: accept() takes a connection the kernel "
	  "already finished from the accept queue",
	  "",
	  step_server_accept },
	{ "Scene 3: data and teardown", DEMO_CLIENT, "write(\"hello\\n\")",
	  "PSH-ACK with len=6, then the server's ACK",
	  "c:PSH-ACK s:ACK",
	  step_client_write },
	{ "Scene 3: data and teardown", DEMO_SERVER, "read()",
	  "nothing on the wire: the bytes were already in the kernel",
	  "",
	  step_server_read },
	{ "Scene 3: data and teardown", DEMO_SERVER, "write(\"HELLO\\n\")",
	  "PSH-ACK with len=6 the other way, then its ACK",
	  "s:PSH-ACK c:ACK",
	  step_server_write },
	{ "Scene 3: data and teardown", DEMO_CLIENT, "read()",
	  "nothing on the wire",
	  "",
	  step_client_read },
	{ "Scene 3: data and teardown", DEMO_CLIENT, "close()",
	  "FIN-ACK from the client. The server's kernel ACKs it alone, or "
	  "(delayed ACK) on the server's own FIN if that comes soon",
	  "c:FIN-ACK s:ACK?",
	  step_client_close },
	{ "Scene 3: data and teardown", DEMO_SERVER, "read()",
	  "nothing on the wire: read() returns 0, end of file, because the "
	  "FIN arrived",
	  "",
	  step_server_read_eof },
	{ "Scene 3: data and teardown", DEMO_SERVER, "close()",
	  "FIN-ACK from the server (acking the client's FIN too, if nothing "
	  "did yet) and the client's last ACK; the client's side now waits "
	  "in TIME_WAIT",
	  "s:FIN-ACK c:ACK",
	  step_server_close },
};

#define SCRIPT_LINES (sizeof(script) / sizeof(script[0]))

struct demo *
demo_new(void)
{
	struct demo *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->listen_fd = d->client_fd = d->conn_fd = d->refused_fd = -1;
	d->port = free_loopback_port();
	d->closed_port = free_loopback_port();
	if (d->port == 0 || d->closed_port == 0 ||
	    d->port == d->closed_port) {
		free(d);
		if (errno == 0)
			errno = EADDRINUSE;
		return NULL;
	}
	return d;
}

int
demo_describe(size_t i, struct demo_step *step)
{
	const struct script_line *line;

	if (i >= SCRIPT_LINES)
		return 0;
	line = &script[i];
	memset(step, 0, sizeof(*step));
	step->scene = line->scene;
	step->side = line->side;
	step->call = line->call;
	step->expect = line->expect;
	step->wire = line->wire;
	return 1;
}

int
demo_next(struct demo *d, struct demo_step *step)
{
	if (!demo_describe(d->next, step))
		return 0;
	script[d->next++].run(d, step);
	return 1;
}

size_t
demo_step_count(void)
{
	return SCRIPT_LINES;
}

size_t
demo_steps_done(const struct demo *d)
{
	return d->next;
}

uint16_t
demo_server_port(const struct demo *d)
{
	return d->port;
}

uint16_t
demo_closed_port(const struct demo *d)
{
	return d->closed_port;
}

void
demo_free(struct demo *d)
{
	if (d == NULL)
		return;
	if (d->listen_fd != -1)
		close(d->listen_fd);
	if (d->client_fd != -1)
		close(d->client_fd);
	if (d->conn_fd != -1)
		close(d->conn_fd);
	if (d->refused_fd != -1)
		close(d->refused_fd);
	free(d);
}
