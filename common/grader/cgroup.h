#ifndef SOCKLAB_COMMON_GRADER_CGROUP_H
#define SOCKLAB_COMMON_GRADER_CGROUP_H

/*
 * Limits on a whole test run (the test program, every worker and all they
 * start), through control groups where the system lets the grader make
 * them: memory and processes in total, which rlimits (per process) cannot
 * cap. cgroup v2 where its controllers are delegated to us, else v1's
 * memory and pids hierarchies; nothing (and the report says so) where
 * neither is writable, e.g. for an ordinary user without delegation.
 */

#include <limits.h>

#define CGROUP_MAX_DIRS 2

struct cgroup_set {
	char dirs[CGROUP_MAX_DIRS][PATH_MAX]; /* the groups we made */
	int ndirs;
	char description[160];  /* what is in force, for the report */
};

/*
 * Makes the groups, named after this process, with at most memory_mib of
 * memory and pids processes. Returns the number of groups made (0: none
 * could be, which is not an error); description says what holds.
 */
int cgroup_create(struct cgroup_set *cg, long memory_mib, long pids);

/* In the child about to run: moves it into the groups (best effort). */
void cgroup_enter(const struct cgroup_set *cg);

/* Removes the groups (once everything in them has ended). */
void cgroup_destroy(struct cgroup_set *cg);

#endif
