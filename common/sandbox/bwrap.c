/*
 * Building the sandbox with bubblewrap: see bwrap.h.
 */
#define _GNU_SOURCE

#include "sandbox/bwrap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/filter.h"

/* Room for bwrap's words: the fixed ones, mounts, environment, command. */
#define MAX_WORDS 256
/* Descriptor numbers as text, one per mount plus program and filter. */
#define MAX_NUMBERS 24

/*
 * What of /etc goes in: what name and service lookups read, and the
 * links Debian's alternatives put behind /usr/bin/cc. None is secret.
 */
static const char *const etc_files[] = {
	"/etc/hosts", "/etc/nsswitch.conf", "/etc/services",
	"/etc/protocols", "/etc/gai.conf", "/etc/host.conf",
	"/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives",
};

/* Top-level directories that merged-/usr systems make links into /usr. */
static const char *const usr_links[] = {
	"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
};

/* The env names given; more are ignored. */
#define MAX_ENV 32

struct words {
	const char *w[MAX_WORDS];
	size_t n;
	char numbers[MAX_NUMBERS][16];
	size_t nnumbers;
	char targets[sizeof(usr_links) / sizeof(usr_links[0])][64];
	char names[MAX_ENV][64];
	int overflow;
};

static void
add(struct words *ws, const char *w)
{
	if (ws->n + 1 < MAX_WORDS)
		ws->w[ws->n++] = w;
	else
		ws->overflow = 1;
}

static const char *
number(struct words *ws, int n)
{
	char *s;

	if (ws->nnumbers >= MAX_NUMBERS) {
		ws->overflow = 1;
		return "-1";
	}
	s = ws->numbers[ws->nnumbers++];
	snprintf(s, sizeof(ws->numbers[0]), "%d", n);
	return s;
}

/* /usr, and /bin, /lib... as links where the host has links. */
static void
add_root(struct words *ws)
{
	add(ws, "--ro-bind");
	add(ws, "/usr");
	add(ws, "/usr");
	for (size_t i = 0; i < sizeof(usr_links) / sizeof(usr_links[0]); i++) {
		char *target = ws->targets[i];
		struct stat st;
		ssize_t n;

		if (lstat(usr_links[i], &st) == -1)
			continue;
		if (S_ISLNK(st.st_mode)) {
			n = readlink(usr_links[i], target,
			    sizeof(ws->targets[i]) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			add(ws, "--symlink");
			add(ws, target);
		} else {
			add(ws, "--ro-bind");
			add(ws, usr_links[i]);
		}
		add(ws, usr_links[i]);
	}
	for (size_t i = 0; i < sizeof(etc_files) / sizeof(etc_files[0]); i++) {
		add(ws, "--ro-bind-try");
		add(ws, etc_files[i]);
		add(ws, etc_files[i]);
	}
}

int
bwrap_command(const struct bwrap_spec *spec, struct bwrap_command *cmd)
{
	static const char *const fixed[] = {
		"--unshare-user", "--unshare-pid", "--unshare-ipc",
		"--unshare-uts", "--unshare-cgroup-try", "--die-with-parent",
		/*
		 * No bubblewrap process stays inside as PID 1: it would be
		 * outside the seccomp filter, and the sandbox user could write
		 * its memory through /proc/1/mem. The program is PID 1 itself
		 * (the worker forks its own init, see worker.c).
		 */
		"--as-pid-1",
		"--new-session", "--cap-drop", "ALL", "--disable-userns",
		"--proc", "/proc", "--dev", "/dev",
		/* Scratch space, small: a flood fills it, not the host's disk. */
		"--size", "134217728", "--tmpfs", "/tmp",
		"--size", "16777216", "--tmpfs", "/dev/shm",
		"--clearenv", "--setenv", "PATH", "/usr/bin:/bin",
		"--setenv", "HOME", "/tmp",
	};
	struct words *ws = calloc(1, sizeof(*ws));
	int filter;

	cmd->storage = NULL;
	cmd->filter_fd = -1;
	if (ws == NULL)
		return -1;
	add(ws, BWRAP_PATH);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		add(ws, fixed[i]);
	if (!spec->share_net)
		add(ws, "--unshare-net");
	add_root(ws);
	for (size_t i = 0; i < spec->nmounts; i++) {
		const struct bwrap_mount *m = &spec->mounts[i];

		add(ws, m->writable ? "--bind-fd" : "--ro-bind-fd");
		add(ws, number(ws, m->dir_fd));
		add(ws, m->dest);
	}
	if (spec->program_fd >= 0) {
		add(ws, "--perms");
		add(ws, "0555");
		add(ws, "--file");
		add(ws, number(ws, spec->program_fd));
		add(ws, spec->argv[0]);
	}
	for (size_t i = 0; spec->env != NULL && spec->env[i] != NULL; i++) {
		const char *eq = strchr(spec->env[i], '=');

		if (eq == NULL || i >= MAX_ENV ||
		    (size_t)(eq - spec->env[i]) >= sizeof(ws->names[i]))
			continue;
		memcpy(ws->names[i], spec->env[i], (size_t)(eq - spec->env[i]));
		ws->names[i][eq - spec->env[i]] = '\0';
		add(ws, "--setenv");
		add(ws, ws->names[i]);
		add(ws, eq + 1);
	}
	/* Nothing else is writable: not the root bubblewrap built, nor /dev. */
	add(ws, "--remount-ro");
	add(ws, "/dev");
	add(ws, "--remount-ro");
	add(ws, "/");
	add(ws, "--chdir");
	add(ws, spec->chdir != NULL ? spec->chdir : "/tmp");
	filter = filter_bpf_fd();
	/* bwrap reads the filter itself: the descriptor must survive exec. */
	if (filter == -1 || fcntl(filter, F_SETFD, 0) == -1) {
		if (filter != -1)
			close(filter);
		free(ws);
		return -1;
	}
	add(ws, "--seccomp");
	add(ws, number(ws, filter));
	add(ws, "--");
	for (size_t i = 0; spec->argv[i] != NULL; i++)
		add(ws, spec->argv[i]);
	if (ws->overflow) {
		close(filter);
		free(ws);
		errno = E2BIG;
		return -1;
	}
	ws->w[ws->n] = NULL;
	cmd->argv = (char *const *)ws->w;
	cmd->filter_fd = filter;
	cmd->storage = ws;
	return 0;
}

void
bwrap_command_free(struct bwrap_command *cmd)
{
	if (cmd->filter_fd != -1)
		close(cmd->filter_fd);
	free(cmd->storage);
	cmd->storage = NULL;
	cmd->filter_fd = -1;
}

int
bwrap_exec(const struct bwrap_spec *spec)
{
	struct bwrap_command cmd;

	if (bwrap_command(spec, &cmd) == -1)
		return -1;
	execv(BWRAP_PATH, cmd.argv);
	bwrap_command_free(&cmd);
	return -1;
}
