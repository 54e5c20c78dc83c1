#ifndef SOCKLAB_COMMON_GRADER_CONFINE_H
#define SOCKLAB_COMMON_GRADER_CONFINE_H

#include "grader/sandbox.h"

/*
 * The pieces sandbox.c puts together to confine a run of student code.
 * Each returns 0, or -1 with errno set, unless it says otherwise.
 */

/*
 * Drops root for good: no supplementary groups, and uid and gid run_as
 * (run_as <= 0: nobody's). Keeps the process dumpable, so that its
 * /proc/self files (uid_map) stay its own.
 */
int confine_drop_root(long run_as);

/*
 * Enters new user, network, PID and mount namespaces, mapping the current
 * ids to root inside. The PID namespace applies to children only.
 */
int confine_enter_user_namespace(void);

/* Brings up lo, which a new network namespace starts with down. */
int confine_bring_up_loopback(void);

/*
 * Makes every mount read-only in this mount namespace, except /dev, /proc
 * and /sys. Returns -1 if any mount stayed writable.
 */
int confine_readonly_filesystems(void);

/* Mounts empty private tmpfs file systems on /tmp and /dev/shm. */
int confine_private_tmp(void);

/* RLIMIT_CPU, _AS, _FSIZE, _NOFILE and _CORE from lim. */
void confine_resource_limits(const struct sandbox_limits *lim);

/*
 * RLIMIT_NPROC at what the real user runs now plus lim->extra_processes
 * (the limit counts every process of the user, not of this run).
 */
void confine_process_limit(const struct sandbox_limits *lim);

#endif
