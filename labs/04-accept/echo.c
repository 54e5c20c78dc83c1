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
	(void)addr;
	(void)buf;
	(void)size;
	errno = ENOSYS;
	return -1;
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
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
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
	(void)connfd;
	errno = ENOSYS;
	return -1;
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
	(void)listenfd;
	(void)max_clients;
	(void)logfd;
	errno = ENOSYS;
	return -1;
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
	(void)signo;
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
	(void)listenfd;
	(void)max_clients;
	(void)logfd;
	(void)reap_children;
	errno = ENOSYS;
	return -1;
}
