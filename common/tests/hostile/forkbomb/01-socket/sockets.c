/*
 * Hostile submission: forks without end. The process limit stops the
 * storm, the time limit fails the tests, the sweep kills what is left.
 */
#include "sockets.h"

#include <unistd.h>

int
sock_open(int family, enum sock_transport transport)
{
	(void)family;
	(void)transport;
	for (;;)
		fork();
}

int sock_describe(int fd, struct sock_info *info) { (void)info; return sock_open(fd, 0); }
int sock_open_pair(int family, int fds[2]) { (void)fds; return sock_open(family, 0); }
int sock_close(int fd) { return sock_open(fd, 0); }
