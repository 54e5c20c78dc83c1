#ifndef SOCKLAB_COMMON_SANDBOX_BWRAP_H
#define SOCKLAB_COMMON_SANDBOX_BWRAP_H

/*
 * The sandbox student code runs in, described as data and built by
 * bubblewrap (bwrap): new user, PID, IPC, UTS and cgroup namespaces, a
 * read-only minimal root (/usr, the few files of /etc that name lookups
 * read, a private /proc, /dev and /tmp), a clean environment, no
 * capabilities, no nested user namespaces, no_new_privs, the seccomp
 * filter of filter.h, a new session, and death with its parent. The
 * program runs as PID 1 of the sandbox, so every process in it is under
 * the filter (see --as-pid-1 in bwrap.c). Nothing
 * of the grader's tree is inside unless a mount below puts it there.
 */

#include <stddef.h>

/* A directory of the host inside the sandbox, given by an open fd. */
struct bwrap_mount {
	int dir_fd;            /* O_PATH or O_RDONLY directory descriptor */
	const char *dest;      /* where it appears inside */
	int writable;
};

struct bwrap_spec {
	char *const *argv;     /* the command; argv[0] is a path inside */
	int program_fd;        /* >= 0: copied into the sandbox at argv[0] */
	const struct bwrap_mount *mounts;
	size_t nmounts;
	int share_net;         /* keep the caller's network namespace */
	const char *const *env; /* "NAME=value", kept besides PATH and HOME */
	const char *chdir;     /* working directory inside (default /tmp) */
};

/* Where bubblewrap is expected. */
#define BWRAP_PATH "/usr/bin/bwrap"

/* bwrap's command line, built ahead of the fork that runs it. */
struct bwrap_command {
	char *const *argv;     /* BWRAP_PATH and its words */
	int filter_fd;         /* the seccomp filter bwrap reads (--seccomp) */
	void *storage;         /* what argv points into */
};

/*
 * Builds the command line for spec (and the filter it loads), allocating:
 * call it before fork() in a program with threads, where the child may
 * only make async-signal-safe calls. The filter descriptor survives exec.
 * Returns 0, or -1 with errno set.
 */
int bwrap_command(const struct bwrap_spec *spec, struct bwrap_command *cmd);

/* Frees a command (in the parent, once the child has it). */
void bwrap_command_free(struct bwrap_command *cmd);

/*
 * In a child about to become the sandbox: builds bwrap's command line and
 * executes it, keeping descriptors 0-2, the program's and the ones not
 * marked close-on-exec. Returns only on failure, -1 with errno set.
 */
int bwrap_exec(const struct bwrap_spec *spec);

#endif
