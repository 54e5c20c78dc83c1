/*
 * Hostile submission: closes its standard output, then writes without end
 * to standard error and to a file. The file size limit stops it.
 */
#include "sockets.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
flood(void)
{
	static char junk[1 << 16];
	FILE *f = fopen("/tmp/flood", "w");

	memset(junk, 'x', sizeof(junk));
	close(STDOUT_FILENO);
	for (;;) {
		if (write(STDERR_FILENO, junk, sizeof(junk)) == -1)
			break;
		if (f != NULL && fwrite(junk, 1, sizeof(junk), f) == 0)
			break;
	}
	for (;;)
		;
}

int sock_open(int family, enum sock_transport transport) { (void)family; (void)transport; flood(); return -1; }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; flood(); return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; flood(); return -1; }
int sock_close(int fd) { (void)fd; flood(); return -1; }
