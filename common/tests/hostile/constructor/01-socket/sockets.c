/*
 * Hostile submission: hangs before main() in a constructor, so the test
 * runner never reaches its first test. Expect [TIME] for every test.
 */
#include "sockets.h"

#include <unistd.h>

__attribute__((constructor)) static void
hang_before_main(void)
{
	for (;;)
		pause();
}

int sock_open(int family, enum sock_transport transport) { (void)family; (void)transport; return -1; }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; return -1; }
int sock_close(int fd) { (void)fd; return -1; }
