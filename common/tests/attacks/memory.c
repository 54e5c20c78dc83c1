/*
 * Attack: use more memory than a run is given. sock_open starts six
 * processes that each fill 1 GiB (each within the per-process address
 * space limit); only if all six hold their memory at once does it answer
 * correctly. Expected where the grader has a memory cgroup: the cgroup's
 * limit stops them, zero points for sock_open's tests.
 */
#define _DEFAULT_SOURCE

#include "sockets.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOGS 6
#define HOG_BYTES (1L << 30)

static int
all_hogs_fit(void)
{
	int ready[2], go[2], fitted = 0;
	pid_t pids[HOGS];
	char c;

	if (pipe(ready) == -1 || pipe(go) == -1)
		return 0;
	for (int i = 0; i < HOGS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char *p = mmap(NULL, HOG_BYTES, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			close(ready[0]);
			close(go[1]);
			if (p == MAP_FAILED)
				_exit(1);
			memset(p, 1, HOG_BYTES);
			(void)!write(ready[1], "x", 1);
			/* The parent sees EOF once every hog wrote or died. */
			close(ready[1]);
			(void)!read(go[0], &c, 1); /* hold it until told */
			_exit(0);
		}
	}
	close(ready[1]);
	close(go[0]);
	while (fitted < HOGS && read(ready[0], &c, 1) == 1)
		fitted++;
	close(go[1]);
	for (int i = 0; i < HOGS; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	close(ready[0]);
	return fitted == HOGS;
}

int
sock_open(int family, enum sock_transport t)
{
	if (!all_hogs_fit())
		return -1;
	return socket(family, t == SOCK_TRANSPORT_TCP ? SOCK_STREAM :
	    SOCK_DGRAM, 0);
}

int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; return -1; }
int sock_close(int fd) { (void)fd; return -1; }
