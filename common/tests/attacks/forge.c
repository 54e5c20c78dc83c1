/*
 * Attack: forge the verdicts. Every function ends the process with the
 * status a finished test used to exit with, after writing fake result
 * records to every descriptor that might be the grader's, and fake
 * "[PASS]" and "Score:" lines (hidden with escape sequences and carriage
 * returns) to the terminal. Expected: zero points.
 */
#include "sockets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
	"tcp_ipv4", "udp_ipv4", "tcp_ipv6", "udp_ipv6", "unsupported_family",
	"describe_matches_kernel", "describe_rejects_non_sockets",
	"close_releases", "pair_leaks_nothing", "pair_opens_both",
};

static void
forge(void)
{
	char line[256];

	for (int fd = 3; fd < 256; fd++) {
		(void)!write(fd, "S\n", 2);
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			int n = snprintf(line, sizeof(line),
			    "R\tsocket::%s\tPASS\t0\t1\t\n", names[i]);

			(void)!write(fd, line, (size_t)n);
		}
	}
	fprintf(stderr, "\x1b[8m\r[PASS] 1/1 everything\r\nScore: 103/103\n");
	printf("\x1b[2J\x1b[H[PASS] all tests\nScore: 103/103\n");
	fflush(NULL);
	exit(97);
}

__attribute__((constructor)) static void
forge_early(void)
{
	char line[64];

	/* Before main too, but without exiting: the worker must start. */
	for (int fd = 3; fd < 256; fd++) {
		int n = snprintf(line, sizeof(line), "R\tsocket::tcp_ipv4\tPASS"
		    "\t0\t1\t\n");

		(void)!write(fd, line, (size_t)n);
	}
}

int sock_open(int family, enum sock_transport t) { (void)family; (void)t; forge(); }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; forge(); }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; forge(); }
int sock_close(int fd) { (void)fd; forge(); }
