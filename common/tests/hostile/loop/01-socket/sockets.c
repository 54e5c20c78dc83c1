/* Hostile submission: every call spins forever. Expect [TIME] verdicts. */
#include "sockets.h"

int
sock_open(int family, enum sock_transport transport)
{
	volatile int spin = 1;

	(void)family;
	(void)transport;
	while (spin)
		;
	return -1;
}

int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; return sock_open(0, 0); }
int sock_open_pair(int family, int fds[2]) { (void)fds; return sock_open(family, 0); }
int sock_close(int fd) { return sock_open(fd, 0); }
