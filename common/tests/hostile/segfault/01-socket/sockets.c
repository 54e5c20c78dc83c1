/* Hostile submission: writes through a null pointer. Expect [CRASH]. */
#include "sockets.h"

#include <stddef.h>

int
sock_open(int family, enum sock_transport transport)
{
	volatile int *nowhere = NULL;

	*nowhere = family + (int)transport;
	return -1;
}

int sock_describe(int fd, struct sock_info *info) { (void)info; return sock_open(fd, 0); }
int sock_open_pair(int family, int fds[2]) { (void)fds; return sock_open(family, 0); }
int sock_close(int fd) { return sock_open(fd, 0); }
