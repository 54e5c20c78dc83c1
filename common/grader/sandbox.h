#ifndef SOCKLAB_COMMON_GRADER_SANDBOX_H
#define SOCKLAB_COMMON_GRADER_SANDBOX_H

#include <stddef.h>

#include "grader/cgroup.h"
#include "sandbox/bwrap.h"
#include "sandbox/limits.h"

/*
 * Running one program for the grader so that it can neither hang the
 * grade run nor leave anything behind, in one of three ways:
 *
 *   RUN_TRUSTED  our own program (make building our tests): as it is.
 *   RUN_TESTS    the trusted test program of a lab, in a private network
 *                namespace (confine.h) that the workers it starts share.
 *                Its records (fd 3) are the only source of verdicts, and
 *                no student code is ever loaded into it.
 *   RUN_SANDBOX  student code (the compiler building it): as the sandbox
 *                user, in bubblewrap (common/sandbox/bwrap.h), no network.
 *
 * Always: its own process group, rlimits, a wall-clock limit, output
 * through a capped pipe, and a final sweep that kills every descendant.
 */

enum run_mode { RUN_TRUSTED, RUN_TESTS, RUN_SANDBOX };

/* What this system allows, found once by sandbox_probe. */
enum sandbox_isolation {
	SANDBOX_NONE,    /* ALLOW_UNSANDBOXED=1: student code unconfined */
	SANDBOX_BWRAP,   /* bubblewrap + seccomp, private network */
};

struct sandbox_run {
	/* In: the program, where its output goes, and how it runs. */
	char *const *argv;
	int output_fd;           /* stdout and stderr go here, up to the cap */
	enum run_mode mode;
	enum sandbox_isolation isolation;
	const struct sandbox_limits *limits;
	const struct bwrap_spec *bwrap;  /* RUN_SANDBOX: the sandbox */
	const struct cgroup_set *cgroup; /* groups to run in, or NULL */
	long run_as_uid;         /* as root: uid (and gid) for student code;
				    0 or less means "nobody". Parallel runs
				    use distinct uids so one run's fork
				    storm cannot use up another's limit. */
	const char *records_env; /* names fd 3; default SOCKLAB_RESULTS_FD */

	/* Out: its records (read from the pipe it was given as fd 3). */
	char *records;           /* NUL-terminated, malloc'd; caller frees */
	size_t records_len;
	int started;             /* it wrote the start marker */
	int exited;              /* exited normally, with exit_status */
	int exit_status;
	int signal;              /* killed by this signal (0 if none) */
	int timed_out;           /* we killed it: wall limit */
	int startup_timed_out;   /* we killed it: never started */
	double elapsed_seconds;
	int leftovers_killed;    /* processes found after it and killed */
	int interrupted;         /* we killed it: SIGINT/SIGTERM to the grader */
};

/* The fd number the test program writes its records to. */
#define SANDBOX_RECORDS_FD 3

/*
 * Makes this process a child subreaper (so orphans come back to it) and
 * finds the isolation this system gives student code run as run_as_uid.
 * Returns 0 with *iso set, or -1 with a reason for a person in why (what
 * is missing and how to fix it) when there is no sandbox and
 * ALLOW_UNSANDBOXED=1 was not given.
 */
int sandbox_probe(long run_as_uid, enum sandbox_isolation *iso, char *why,
    size_t size);

/*
 * Makes SIGINT and SIGTERM stop the run in progress (its processes are
 * killed, sandbox_exec returns with run->interrupted set) instead of
 * killing the grader and orphaning the sandbox. sandbox_interrupted()
 * then tells the caller to stop too.
 */
void sandbox_catch_interrupts(void);
int sandbox_interrupted(void);

/* A short name for the isolation, for reports. */
const char *sandbox_isolation_name(enum sandbox_isolation iso);

/*
 * Runs run->argv as run->mode says and fills in the outcome fields.
 * Returns 0 when the program ran (whatever it did), -1 with errno set when
 * it could not be started at all.
 */
int sandbox_exec(struct sandbox_run *run);

#endif
