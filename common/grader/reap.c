/*
 * Finding and killing what a run left behind, from the grader through the
 * child subreaper.
 */
#define _GNU_SOURCE

#include "grader/reap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Returns the pid of one process whose parent is us, or 0 if none. */
static pid_t
find_orphan(pid_t self, pid_t skip)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	pid_t found = 0;

	if (proc == NULL)
		return 0;
	while (found == 0 && (de = readdir(proc)) != NULL) {
		char path[300], buf[512];
		int fd;
		ssize_t n;
		char *close_paren;
		long ppid;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd == -1)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* "pid (comm) state ppid": comm may hold spaces and parens. */
		close_paren = strrchr(buf, ')');
		if (close_paren == NULL ||
		    sscanf(close_paren + 1, " %*c %ld", &ppid) != 1)
			continue;
		if (ppid == (long)self && atol(de->d_name) != (long)skip)
			found = (pid_t)atol(de->d_name);
	}
	closedir(proc);
	return found;
}

/* Kills and reaps everything of this run that is still around. */
int
reap_run(pid_t keeper)
{
	pid_t self = getpid();
	int killed = 0;
	pid_t orphan;

	(void)killpg(keeper, SIGKILL);
	while ((orphan = find_orphan(self, 0)) != 0) {
		kill(orphan, SIGKILL);
		while (waitpid(orphan, NULL, 0) == -1 && errno == EINTR)
			;
		killed++;
	}
	return killed;
}
