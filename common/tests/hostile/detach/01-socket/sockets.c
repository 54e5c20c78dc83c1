/*
 * Hostile submission: works, but the first sock_open leaves a child that
 * escapes its process group with setsid() and waits forever. The grade
 * must say so, and the child must not outlive the run.
 */
#define _DEFAULT_SOURCE

#include "sockets.h"

#include <sys/socket.h>
#include <unistd.h>

int
sock_open(int family, enum sock_transport transport)
{
	static int forked;

	if (!forked && fork() == 0) {
		setsid();
		for (;;)
			pause();
	}
	forked = 1;
	return socket(family,
	    transport == SOCK_TRANSPORT_TCP ? SOCK_STREAM : SOCK_DGRAM, 0);
}

int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; return -1; }
int sock_close(int fd) { return close(fd); }
