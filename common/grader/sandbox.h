#ifndef SOCKLAB_COMMON_GRADER_SANDBOX_H
#define SOCKLAB_COMMON_GRADER_SANDBOX_H

#include <stddef.h>

/*
 * The sandbox runs one test program of student code and makes sure nothing
 * it starts outlives it.
 *
 * Isolation, best first (chosen once by sandbox_probe):
 *   SANDBOX_USERNS  a user namespace with private network and PID
 *                   namespaces; as root the code runs as "nobody" mapped to
 *                   root inside, so it may capture on its own loopback but
 *                   holds no privilege outside.
 *   SANDBOX_ROOTNS  root without user namespaces: private network and PID
 *                   namespaces, then the code runs as "nobody".
 *   SANDBOX_PLAIN   no namespaces (an ordinary user on a system that forbids
 *                   them): tests use kernel-chosen ports; leftovers are found
 *                   through the child subreaper and killed.
 * Always: its own process group, rlimits, a wall-clock limit, and a final
 * sweep that kills every descendant.
 */

enum sandbox_isolation {
	SANDBOX_PLAIN,
	SANDBOX_ROOTNS,
	SANDBOX_USERNS,
};

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

struct sandbox_run {
	/* In: the program, where its output goes, and the isolation. */
	char *const *argv;
	int output_fd;           /* stdout and stderr go here, up to the cap */
	enum sandbox_isolation isolation;
	const struct sandbox_limits *limits;
	int trusted;             /* our own program: no namespaces, no drop */
	long run_as_uid;         /* as root: uid (and gid) for the code; 0 or
				    less means "nobody". Parallel runs use
				    distinct uids so one run's fork storm
				    cannot use up another's process limit. */
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
 * returns the best isolation this system allows.
 */
enum sandbox_isolation sandbox_probe(void);

/*
 * Makes SIGINT and SIGTERM stop the run in progress (its processes are
 * killed, sandbox_exec returns with run->interrupted set) instead of
 * killing the grader and orphaning the sandbox. sandbox_interrupted()
 * then tells the caller to stop too.
 */
void sandbox_catch_interrupts(void);
int sandbox_interrupted(void);

/* A short name for the isolation, for reports ("userns+netns+pidns"). */
const char *sandbox_isolation_name(enum sandbox_isolation iso);

/*
 * Runs run->argv in the sandbox and fills in the outcome fields.
 * Returns 0 when the program ran (whatever it did), -1 with errno set when
 * it could not be started at all.
 */
int sandbox_exec(struct sandbox_run *run);

#endif
