/*
 * Lab 04: accept. Fill in each TODO; the comment above each function in
 * echo.h is the contract the tests check. Run `make grade LAB=04`.
 */
#include "echo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int
echo_format_peer(const struct sockaddr_storage *addr, char *buf, size_t size)
{
	/*
	 * TODO(lab04): for AF_INET, inet_ntop() the sin_addr and format
	 * "IP:port"; for AF_INET6, "[IP]:port" from sin6_addr. The port is in
	 * network byte order in the struct: ntohs(). Use snprintf() and fail
	 * with ENOSPC when its result does not fit in size.
	 */
	char ip[INET6_ADDRSTRLEN];
	int n;

	if (addr->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)addr;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		n = snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
	} else if (addr->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)addr;

		/* Brackets keep the port apart from the address's colons. */
		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		n = snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}

int
echo_log_peer(int logfd, const struct sockaddr_storage *addr)
{
	char line[ECHO_PEER_MAX + 1];
	size_t len;

	if (echo_format_peer(addr, line, ECHO_PEER_MAX) == -1)
		strcpy(line, "?");
	len = strlen(line);
	line[len++] = '\n';
	return echo_write_all(logfd, line, len) == -1 ? -1 : 0;
}

ssize_t
echo_write_all(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(lab04): call write() until all len bytes are out: each call
	 * may write fewer bytes than asked; go on from where it stopped.
	 * When write() fails with EINTR, try again; other errors: return -1.
	 */
	const char *p = buf;
	size_t left = len;

	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n == -1) {
			if (errno == EINTR)
				continue; /* nothing written: try again */
			return -1;
		}
		p += n; /* a short write: go on after the part written */
		left -= (size_t)n;
	}
	return (ssize_t)len;
}

ssize_t
echo_stream(int connfd)
{
	/*
	 * TODO(lab04): loop: read() into a buffer; 0 means the peer is done
	 * (return the total); -1 with EINTR: read again; other -1: return
	 * -1. Write back exactly the bytes read with echo_write_all(). A
	 * read() returns whatever has arrived: it is not "one message".
	 */
	char buf[8192];
	ssize_t total = 0;

	for (;;) {
		ssize_t n = read(connfd, buf, sizeof(buf));

		if (n == 0)
			return total; /* the client has closed its side */
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (echo_write_all(connfd, buf, (size_t)n) == -1)
			return -1;
		total += n;
	}
}

int
serve_iterative(int listenfd, int max_clients, int logfd)
{
	/*
	 * TODO(lab04): max_clients times: accept() into a struct
	 * sockaddr_storage, with its length variable set to sizeof(that
	 * struct) before *every* call (value-result). EINTR or ECONNABORTED:
	 * accept again (it does not count as a client). Write the formatted
	 * peer and "\n" to logfd, echo_stream() (its failure ends only this
	 * client), close the connection.
	 */
	int served = 0;

	while (served < max_clients) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer); /* in: room; out: size used */
		int connfd = accept(listenfd, (struct sockaddr *)&peer, &len);

		if (connfd == -1) {
			/* A signal, or a client that gave up while queued
			 * (BSD reports that as ECONNABORTED): not fatal. */
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return -1;
		}
		served++;
		echo_log_peer(logfd, &peer);
		echo_stream(connfd); /* an error here ends this client only */
		close(connfd);
	}
	return 0;
}

/* SIGCHLD handler of serve_forking: reaps every child that has exited. */
static void
reap_children(int signo)
{
	/*
	 * TODO(lab04): call waitpid(-1, NULL, WNOHANG) until it returns 0
	 * (children left, none exited) or -1 (no children): one SIGCHLD may
	 * stand for several exits. Save errno first and restore it at the
	 * end: the handler interrupts code that may be about to read errno.
	 */
	int saved = errno;

	(void)signo;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		continue;
	errno = saved;
}

int
serve_forking(int listenfd, int max_clients, int logfd)
{
	/*
	 * TODO(lab04): install reap_children for SIGCHLD with sigaction()
	 * (keep the old action). Then as serve_iterative, but after logging
	 * fork(): the child closes listenfd, echoes, closes the connection
	 * and _exit()s; the parent closes the connection (the child holds
	 * its own reference) and goes back to accept(). Finally waitpid()
	 * for the children still running, restore the old SIGCHLD action.
	 */
	struct sigaction action, old;
	int served = 0, rc = 0, saved = 0;

	memset(&action, 0, sizeof(action));
	action.sa_handler = reap_children;
	sigemptyset(&action.sa_mask);
	/* No SA_RESTART: accept() then fails with EINTR, which the loop
	 * retries; with it, it would be restarted for us. Either is fine. */
	action.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &action, &old) == -1)
		return -1;
	while (served < max_clients) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int connfd = accept(listenfd, (struct sockaddr *)&peer, &len);
		pid_t pid;

		if (connfd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			saved = errno;
			rc = -1;
			break;
		}
		served++;
		echo_log_peer(logfd, &peer);
		pid = fork();
		if (pid == 0) {
			/* The child serves this client only. */
			close(listenfd);
			echo_stream(connfd);
			close(connfd);
			_exit(0);
		}
		/*
		 * The parent is done with the connection: the child holds its
		 * own reference, and the client sees EOF only once both are
		 * closed. (If fork() failed, this drops the client.)
		 */
		close(connfd);
	}
	/* Wait for the children still serving; the handler may reap some of
	 * them first, and then waitpid() fails with ECHILD. */
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		continue;
	sigaction(SIGCHLD, &old, NULL);
	errno = saved;
	return rc;
}
