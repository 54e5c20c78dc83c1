#ifndef SOCKLAB_COMMON_GRADER_REAP_H
#define SOCKLAB_COMMON_GRADER_REAP_H

#include <sys/types.h>

/*
 * As PID 1 of a PID namespace: kills every other process in it (what the
 * program left behind) and returns how many there were.
 */
int reap_namespace(void);

/*
 * From the grader, which is a child subreaper: kills the keeper's process
 * group, then every process re-parented to the grader (children that left
 * the group with setsid()), and reaps them. Returns how many orphans it
 * killed. The grader must have no other children at that moment.
 */
int reap_run(pid_t keeper);

#endif
