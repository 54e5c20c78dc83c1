/*
 * viz-flood PORT COUNT: COUNT short TCP connections over 127.0.0.1:PORT,
 * each a 32-byte request echoed back, then closed by the server (so the
 * server's side keeps TIME_WAIT and the client never runs out of ports).
 * A forked child is the server. For viz/bench/bench.sh.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "rio.h"

#define MSG_LEN 32

static struct sockaddr_in
loopback(int port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

/* Accepts count connections, echoing each one's message. */
static void
serve(int lfd, long count)
{
	char buf[MSG_LEN];
	long i;

	for (i = 0; i < count; i++) {
		int fd = accept(lfd, NULL, NULL);

		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED) {
				i--;
				continue;
			}
			diag_die(1, "accept");
		}
		if (rio_readn(fd, buf, sizeof(buf)) == sizeof(buf))
			rio_writen(fd, buf, sizeof(buf));
		close(fd);
	}
}

static void
client(int port, long count)
{
	struct sockaddr_in sa = loopback(port);
	char buf[MSG_LEN];
	long i;

	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < count; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd == -1)
			diag_die(1, "socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
			diag_die(1, "connect to port %d", port);
		if (rio_writen(fd, buf, sizeof(buf)) == -1 ||
		    rio_readn(fd, buf, sizeof(buf)) == -1)
			diag_die(1, "echo");
		close(fd);
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct timespec t0, t1;
	long port, count;
	int lfd, one = 1, status;
	pid_t pid;

	diag_set_progname(argv[0]);
	if (argc != 3 || (port = strtol(argv[1], NULL, 10)) <= 0 ||
	    port > 65535 || (count = strtol(argv[2], NULL, 10)) <= 0)
		diag_diex(2, "usage: viz-flood PORT COUNT");
	sa = loopback((int)port);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd == -1 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(lfd, 128) == -1)
		diag_die(1, "listen on port %ld", port);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == -1)
		diag_die(1, "fork");
	if (pid == 0) {
		serve(lfd, count);
		_exit(0);
	}
	close(lfd);
	client((int)port, count);
	if (waitpid(pid, &status, 0) == -1 || status != 0)
		diag_diex(1, "the server failed");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
