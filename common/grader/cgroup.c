/*
 * Control groups for a test run: see cgroup.h.
 */
#define _GNU_SOURCE

#include "grader/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grader/files.h"
#include "rio.h"

static int
write_value(const char *dir, const char *file, const char *value)
{
	char path[PATH_MAX];
	int fd, rc;

	if (files_path(path, sizeof(path), "%s/%s", dir, file) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = rio_writen(fd, value, strlen(value)) == -1 ? -1 : 0;
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/*
 * This process's group in the hierarchy named (v1: "memory", "pids"; v2:
 * ""), from /proc/self/cgroup, into path. Returns 0, or -1 if none.
 */
static int
own_group(const char *controller, char *path, size_t size)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[PATH_MAX + 64];
	int rc = -1;

	if (f == NULL)
		return -1;
	while (rc == -1 && fgets(line, sizeof(line), f) != NULL) {
		char *names = strchr(line, ':');
		char *where = names != NULL ? strchr(names + 1, ':') : NULL;
		size_t n;

		if (where == NULL)
			continue;
		*where++ = '\0';
		where[strcspn(where, "\n")] = '\0';
		names++;
		n = strlen(controller);
		/* "memory", or a list such as "cpu,cpuacct". */
		if ((n == 0 && *names == '\0') || (n > 0 &&
		    strstr(names, controller) != NULL))
			rc = snprintf(path, size, "%s", where) < (int)size ?
			    0 : -1;
	}
	fclose(f);
	return rc;
}

/* Makes root/ours/socklab-PID; returns 0 and its path, or -1. */
static int
make_group(const char *root, const char *controller, char *dir, size_t size)
{
	char ours[PATH_MAX];

	if (own_group(controller, ours, sizeof(ours)) == -1)
		return -1;
	if (files_path(dir, size, "%s%s/socklab-%ld", root,
	    strcmp(ours, "/") == 0 ? "" : ours, (long)getpid()) == -1)
		return -1;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static void
keep(struct cgroup_set *cg, const char *dir)
{
	snprintf(cg->dirs[cg->ndirs], sizeof(cg->dirs[0]), "%s", dir);
	cg->ndirs++;
}

/* cgroup v2 with memory and pids delegated to our group. */
static int
try_v2(struct cgroup_set *cg, const char *memory, const char *pids)
{
	char dir[PATH_MAX];
	struct stat st;

	if (stat("/sys/fs/cgroup/cgroup.controllers", &st) == -1 ||
	    make_group("/sys/fs/cgroup", "", dir, sizeof(dir)) == -1)
		return -1;
	if (write_value(dir, "memory.max", memory) == -1 ||
	    write_value(dir, "pids.max", pids) == -1) {
		rmdir(dir);
		return -1;
	}
	keep(cg, dir);
	return 0;
}

int
cgroup_create(struct cgroup_set *cg, long memory_mib, long pids)
{
	char memory[32], count[32], dir[PATH_MAX];
	int has_memory = 0, has_pids = 0;

	memset(cg, 0, sizeof(*cg));
	snprintf(memory, sizeof(memory), "%ld", memory_mib << 20);
	snprintf(count, sizeof(count), "%ld", pids);
	if (try_v2(cg, memory, count) == 0) {
		snprintf(cg->description, sizeof(cg->description), "cgroup v2: "
		    "memory %ld MiB, %ld processes per run", memory_mib, pids);
		return cg->ndirs;
	}
	if (make_group("/sys/fs/cgroup/memory", "memory", dir,
	    sizeof(dir)) == 0) {
		if (write_value(dir, "memory.limit_in_bytes", memory) == 0) {
			keep(cg, dir);
			has_memory = 1;
		} else {
			rmdir(dir);
		}
	}
	if (make_group("/sys/fs/cgroup/pids", "pids", dir, sizeof(dir)) == 0) {
		if (write_value(dir, "pids.max", count) == 0) {
			keep(cg, dir);
			has_pids = 1;
		} else {
			rmdir(dir);
		}
	}
	if (has_memory && has_pids)
		snprintf(cg->description, sizeof(cg->description), "cgroup v1: "
		    "memory %ld MiB, %ld processes per run", memory_mib, pids);
	else if (has_memory || has_pids)
		snprintf(cg->description, sizeof(cg->description), "cgroup v1: "
		    "%s per run only", has_memory ? "memory" : "processes");
	else
		snprintf(cg->description, sizeof(cg->description), "no cgroup "
		    "(none delegated to this user): rlimits per process only");
	return cg->ndirs;
}

void
cgroup_enter(const struct cgroup_set *cg)
{
	for (int i = 0; i < cg->ndirs; i++)
		(void)write_value(cg->dirs[i], "cgroup.procs", "0");
}

void
cgroup_destroy(struct cgroup_set *cg)
{
	for (int i = 0; i < cg->ndirs; i++)
		(void)rmdir(cg->dirs[i]);
	cg->ndirs = 0;
}
