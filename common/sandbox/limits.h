#ifndef SOCKLAB_COMMON_SANDBOX_LIMITS_H
#define SOCKLAB_COMMON_SANDBOX_LIMITS_H

#include <sys/types.h>

/*
 * Who student code runs as and how much it may use. Every function here
 * runs in a child that is about to become the sandbox (or exec it).
 */

struct sandbox_limits {
	double wall_seconds;     /* whole run, killed after this */
	double startup_seconds;  /* until the program says it started */
	long cpu_seconds;        /* RLIMIT_CPU per process */
	long address_space_mib;  /* RLIMIT_AS; 0 = unlimited (sanitizers) */
	long file_size_mib;      /* RLIMIT_FSIZE */
	long open_files;         /* RLIMIT_NOFILE */
	long extra_processes;    /* RLIMIT_NPROC above what the user runs now */
	long output_cap_kib;     /* stdout+stderr kept; 0 means 1 MiB */
};

/*
 * Drops root for good: no supplementary groups, and uid and gid run_as
 * (run_as <= 0: nobody's, from the user database; a given uid makes only
 * async-signal-safe calls). Returns 0, or -1 with errno set.
 */
int limits_drop_root(long run_as);

/* The uid student code runs as: run_as, or nobody's when run_as <= 0. */
uid_t limits_sandbox_uid(long run_as);

/* Sets RLIMIT_CPU, _AS, _FSIZE, _NOFILE and no core files. */
void limits_apply(const struct sandbox_limits *lim);

/* Counts the processes of uid (reads /proc: not after a fork in threads). */
long limits_processes_of(uid_t uid);

/*
 * Sets RLIMIT_NPROC to running (what the uid runs now, see above) plus
 * lim->extra_processes: the limit counts every process of the uid, not
 * just ours. Async-signal-safe.
 */
void limits_apply_processes(const struct sandbox_limits *lim, long running);

#endif
