/*
 * Hostile submission: tries to delete and write files outside its scratch
 * copy (the grader's tree and /tmp). The sandbox must leave both untouched.
 */
#include "sockets.h"

#include <stdio.h>
#include <unistd.h>

static void
vandalize(void)
{
	FILE *f;

	remove("README.md");
	remove("labs/01-socket/sockets.h");
	f = fopen("VANDALIZED", "w");
	if (f != NULL)
		fclose(f);
	f = fopen("/tmp/VANDALIZED", "w");
	if (f != NULL)
		fclose(f);
}

int sock_open(int family, enum sock_transport transport) { (void)family; (void)transport; vandalize(); return -1; }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; vandalize(); return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; vandalize(); return -1; }
int sock_close(int fd) { (void)fd; vandalize(); return -1; }
