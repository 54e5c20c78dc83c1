#ifndef SOCKLAB_COMMON_GRADER_REAP_H
#define SOCKLAB_COMMON_GRADER_REAP_H

#include <sys/types.h>

/*
 * From the grader, which is a child subreaper: kills the keeper's process
 * group, then every process re-parented to the grader (children that left
 * the group with setsid()), and reaps them. Returns how many orphans it
 * killed. The grader must have no other children at that moment.
 */
int reap_run(pid_t keeper);

#endif
