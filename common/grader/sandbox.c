/*
 * Running a program for the grader: see sandbox.h for the three modes.
 *
 *   grader (child subreaper)
 *     └─ keeper: own process group, rlimits; enters the network namespace
 *        (RUN_TESTS) or becomes the sandbox user and runs bubblewrap
 *        (RUN_SANDBOX), then becomes the program
 *
 * Killing the keeper's process group kills the program; what escaped the
 * group (setsid) is re-parented to the grader, the subreaper, and the
 * final sweep kills it. Workers die with the test that started them, and
 * everything inside a bubblewrap sandbox dies with its PID namespace.
 */
#define _GNU_SOURCE

#include "grader/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader/confine.h"
#include "grader/reap.h"
#include "rio.h"
#include "sandbox/filter.h"

/* Records beyond this are dropped: a flood must not exhaust the grader. */
#define RECORDS_CAP (4u << 20)

/* Exit codes the keeper uses to report what happened inside. */
#define KEEPER_SETUP_FAILED 125
#define KEEPER_EXEC_FAILED 127
#define KEEPER_SIGNAL_BASE 128

/* Set by the signal handler; read by the run loop. */
static volatile sig_atomic_t interrupt_received;

static void
note_interrupt(int sig)
{
	(void)sig;
	interrupt_received = 1;
}

void
sandbox_catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_interrupt;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return EINTR so the loop sees it. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
sandbox_interrupted(void)
{
	return interrupt_received != 0;
}

const char *
sandbox_isolation_name(enum sandbox_isolation iso)
{
	if (iso == SANDBOX_BWRAP)
		return "bubblewrap+seccomp, private network";
	return "NONE: student code ran unconfined (ALLOW_UNSANDBOXED=1)";
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Closes descriptors from first on, but those the sandbox mounts. */
static void
close_fds_from(int first, const struct bwrap_spec *keep)
{
	for (int fd = first; fd < 1024; fd++) {
		int kept = 0;

		for (size_t i = 0; keep != NULL && i < keep->nmounts; i++)
			kept |= keep->mounts[i].dir_fd == fd;
		if (!kept)
			close(fd);
	}
}

/* The keeper: runs in the forked child, never returns. */
static void __attribute__((noreturn))
run_keeper(const struct sandbox_run *run, int records_wr, int output_wr)
{
	extern char **environ;
	int devnull = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	if (devnull == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(output_wr, STDOUT_FILENO) == -1 ||
	    dup2(output_wr, STDERR_FILENO) == -1)
		_exit(KEEPER_SETUP_FAILED);
	/* Student code gets no records descriptor at all. */
	if (run->mode != RUN_SANDBOX &&
	    dup2(records_wr, SANDBOX_RECORDS_FD) == -1)
		_exit(KEEPER_SETUP_FAILED);
	if (run->mode == RUN_SANDBOX)
		close_fds_from(STDERR_FILENO + 1, run->bwrap);
	else
		close_fds_from(SANDBOX_RECORDS_FD + 1, NULL);
	setenv(run->records_env != NULL ? run->records_env :
	    "SOCKLAB_RESULTS_FD", "3", 1);
	limits_apply(run->limits);
	if (run->cgroup != NULL)
		cgroup_enter(run->cgroup);

	switch (run->mode) {
	case RUN_TRUSTED:
		break;
	case RUN_TESTS:
		if (run->isolation == SANDBOX_BWRAP &&
		    confine_enter_network_namespace() == -1) {
			fprintf(stderr, "sandbox: network namespace: %s\n",
			    strerror(errno));
			_exit(KEEPER_SETUP_FAILED);
		}
		break;
	case RUN_SANDBOX:
		if (geteuid() == 0 && limits_drop_root(run->run_as_uid) == -1)
			_exit(KEEPER_SETUP_FAILED);
		limits_apply_processes(run->limits,
		    limits_processes_of(getuid()));
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (run->isolation == SANDBOX_NONE) {
			/* Allowed unsandboxed: still not root, still filtered. */
			if (filter_load() == -1)
				_exit(KEEPER_SETUP_FAILED);
			execvp(run->argv[0], run->argv);
			_exit(KEEPER_EXEC_FAILED);
		}
		bwrap_exec(run->bwrap);
		fprintf(stderr, "sandbox: cannot run bubblewrap: %s\n",
		    strerror(errno));
		_exit(KEEPER_EXEC_FAILED);
	}
	execve(run->argv[0], run->argv, environ);
	fprintf(stderr, "sandbox: cannot run %s: %s\n", run->argv[0],
	    strerror(errno));
	_exit(KEEPER_EXEC_FAILED);
}

/* Tries a bubblewrap sandbox as the user student code will run as. */
static int
probe_bwrap(long run_as_uid)
{
	char *argv[] = { "/usr/bin/true", NULL };
	struct bwrap_spec spec = { .argv = argv, .program_fd = -1 };
	pid_t pid = fork();
	int status;

	if (pid == -1)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null != -1) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		if (geteuid() == 0 && limits_drop_root(run_as_uid) == -1)
			_exit(1);
		bwrap_exec(&spec);
		_exit(1);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* $SOCKLAB_SANDBOX=unavailable plays a system without namespaces. */
static int
namespaces_forbidden(void)
{
	const char *s = getenv("SOCKLAB_SANDBOX");

	return s != NULL && strcmp(s, "unavailable") == 0;
}

int
sandbox_probe(long run_as_uid, enum sandbox_isolation *iso, char *why,
    size_t size)
{
	const char *allow = getenv("ALLOW_UNSANDBOXED");

	(void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	*iso = SANDBOX_BWRAP;
	if (!namespaces_forbidden() && access(BWRAP_PATH, X_OK) == 0 &&
	    probe_bwrap(run_as_uid) == 0)
		return 0;
	if (allow != NULL && strcmp(allow, "1") == 0) {
		*iso = SANDBOX_NONE;
		return 0;
	}
	if (access(BWRAP_PATH, X_OK) == -1)
		snprintf(why, size, "bubblewrap (%s) is not installed, so "
		    "student code cannot be sandboxed. Install it "
		    "(Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf "
		    "install bubblewrap), or set ALLOW_UNSANDBOXED=1 to run "
		    "student code unconfined (never for code you do not "
		    "trust)", BWRAP_PATH);
	else
		snprintf(why, size, "bubblewrap cannot create its namespaces "
		    "on this system, so student code cannot be sandboxed. "
		    "Fixes: grade as root; or allow unprivileged user "
		    "namespaces (sysctl kernel.unprivileged_userns_clone=1; on "
		    "Ubuntu 23.10 and later sysctl "
		    "kernel.apparmor_restrict_unprivileged_userns=0, or an "
		    "AppArmor profile that lets %s use user namespaces); or set "
		    "ALLOW_UNSANDBOXED=1 to run student code unconfined (never "
		    "for code you do not trust)", BWRAP_PATH);
	return -1;
}

/* Appends what is readable now from fd; returns 1 at EOF, 0 otherwise. */
static int
read_records(int fd, struct sandbox_run *run, size_t *cap)
{
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0)
		return 1;
	if (run->records_len + (size_t)n + 1 > *cap &&
	    run->records_len + (size_t)n + 1 <= RECORDS_CAP) {
		size_t want = (run->records_len + (size_t)n + 1) * 2;
		char *grown;

		if (want > RECORDS_CAP)
			want = RECORDS_CAP;
		grown = realloc(run->records, want);
		if (grown == NULL)
			return 0;
		run->records = grown;
		*cap = want;
	}
	if (run->records_len + (size_t)n + 1 <= *cap) {
		memcpy(run->records + run->records_len, chunk, (size_t)n);
		run->records_len += (size_t)n;
		run->records[run->records_len] = '\0';
	}
	if (!run->started && run->records != NULL &&
	    (strncmp(run->records, "S\n", 2) == 0 ||
	    strstr(run->records, "\nS\n") != NULL))
		run->started = 1;
	return 0;
}

static int
open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static void
decode_status(struct sandbox_run *run, int status)
{
	int code;

	if (WIFSIGNALED(status)) {
		run->signal = WTERMSIG(status);
		return;
	}
	code = WEXITSTATUS(status);
	/* bubblewrap reports its program's death by signal N as 128 + N. */
	if (run->mode == RUN_SANDBOX && code > KEEPER_SIGNAL_BASE) {
		run->signal = code - KEEPER_SIGNAL_BASE;
		return;
	}
	run->exited = 1;
	run->exit_status = code;
}

/*
 * The program's stdout and stderr come through a pipe so that a flood is
 * cut at the cap (the rest is counted, not stored) and a program that
 * closes or floods its output can neither block nor fill the disk.
 */
struct output_sink {
	int from;          /* read end of the program's output pipe */
	int to;            /* where the kept output goes */
	size_t cap;
	size_t kept;
	size_t dropped;
	int eof;
};

/* Moves what is readable now; sets eof at end of file. */
static void
drain_output(struct output_sink *out)
{
	char chunk[8192];
	ssize_t n = read(out->from, chunk, sizeof(chunk));

	if (n == -1) {
		if (errno != EINTR && errno != EAGAIN)
			out->eof = 1;
		return;
	}
	if (n == 0) {
		out->eof = 1;
		return;
	}
	if (out->kept < out->cap) {
		size_t keep = (size_t)n < out->cap - out->kept ?
		    (size_t)n : out->cap - out->kept;

		if (rio_writen(out->to, chunk, keep) == -1)
			keep = 0;
		out->kept += keep;
		out->dropped += (size_t)n - keep;
	} else {
		out->dropped += (size_t)n;
	}
}

static void
note_truncation(const struct output_sink *out)
{
	char note[128];
	int n;

	if (out->dropped == 0)
		return;
	n = snprintf(note, sizeof(note), "\n[socklab: output truncated after "
	    "%zu bytes; %zu more bytes dropped]\n", out->kept, out->dropped);
	rio_writen(out->to, note, (size_t)n);
}

/*
 * Criterion's runner listens on /tmp/criterion_<pid>.sock and removes it
 * when it ends, but not when it is killed. A stale socket would break the
 * next runner that gets the same pid (and one that another user owns
 * cannot even be replaced), so a killed runner's socket goes with it.
 */
static void
forget_runner_socket(pid_t runner)
{
	char path[64];

	snprintf(path, sizeof(path), "/tmp/criterion_%ld.sock", (long)runner);
	(void)unlink(path);
}

/* Reads whatever both pipes hold right now, without waiting. */
static void
drain_ready(int records_fd, int *records_eof, struct sandbox_run *run,
    size_t *cap, struct output_sink *out)
{
	for (int busy = 1; busy;) {
		struct pollfd pfd[2] = {
			{ *records_eof ? -1 : records_fd, POLLIN, 0 },
			{ out->eof ? -1 : out->from, POLLIN, 0 },
		};

		busy = 0;
		if (poll(pfd, 2, 0) <= 0)
			break;
		if (pfd[0].revents != 0) {
			*records_eof = read_records(records_fd, run, cap);
			busy = 1;
		}
		if (pfd[1].revents != 0) {
			drain_output(out);
			busy = 1;
		}
	}
}

int
sandbox_exec(struct sandbox_run *run)
{
	const struct sandbox_limits *lim = run->limits;
	int pipefd[2], outpipe[2];
	size_t cap = 0;
	double start = now_seconds();
	struct output_sink out = { .to = run->output_fd,
		.cap = lim->output_cap_kib > 0 ?
		    (size_t)lim->output_cap_kib << 10 : (size_t)1 << 20 };
	pid_t keeper;
	int pidfd, status = 0, reaped = 0, eof = 0;

	run->records = NULL;
	run->records_len = 0;
	run->started = run->exited = run->exit_status = run->signal = 0;
	run->timed_out = run->startup_timed_out = run->leftovers_killed = 0;
	run->interrupted = 0;
	if (pipe2(pipefd, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(outpipe, O_CLOEXEC) == -1) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	keeper = fork();
	if (keeper == -1) {
		int saved = errno;

		close(pipefd[0]);
		close(pipefd[1]);
		close(outpipe[0]);
		close(outpipe[1]);
		errno = saved;
		return -1;
	}
	if (keeper == 0)
		run_keeper(run, pipefd[1], outpipe[1]);
	/* Both sides set the group, so a kill right away cannot miss it. */
	setpgid(keeper, keeper);
	close(pipefd[1]);
	close(outpipe[1]);
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	fcntl(outpipe[0], F_SETFL, O_NONBLOCK);
	out.from = outpipe[0];
	pidfd = open_pidfd(keeper);

	while (!reaped) {
		struct pollfd pfd[3];
		double elapsed = now_seconds() - start;
		double limit = lim->wall_seconds;
		int nfds = 0, timeout_ms;

		if (!run->started && lim->startup_seconds < limit)
			limit = lim->startup_seconds;
		if (interrupt_received) {
			run->interrupted = 1;
			killpg(keeper, SIGKILL);
			while (waitpid(keeper, &status, 0) == -1 &&
			    errno == EINTR)
				;
			break;
		}
		if (elapsed >= limit) {
			if (!run->started)
				run->startup_timed_out = 1;
			else
				run->timed_out = 1;
			killpg(keeper, SIGKILL);
			while (waitpid(keeper, &status, 0) == -1 &&
			    errno == EINTR)
				;
			reaped = 1;
			break;
		}
		timeout_ms = (int)((limit - elapsed) * 1000.0) + 1;
		pfd[nfds++] = (struct pollfd){ eof ? -1 : pipefd[0], POLLIN, 0 };
		pfd[nfds++] = (struct pollfd){ out.eof ? -1 : out.from, POLLIN,
		    0 };
		if (pidfd != -1)
			pfd[nfds++] = (struct pollfd){ pidfd, POLLIN, 0 };
		else if (timeout_ms > 20)
			timeout_ms = 20; /* no pidfd: check the child often */
		if (poll(pfd, (nfds_t)nfds, timeout_ms) == -1 && errno != EINTR)
			break;
		if (pfd[0].revents != 0)
			eof = read_records(pipefd[0], run, &cap);
		if (pfd[1].revents != 0)
			drain_output(&out);
		if (waitpid(keeper, &status, WNOHANG) == keeper)
			reaped = 1;
	}
	if (!run->timed_out && !run->startup_timed_out && !run->interrupted)
		decode_status(run, status);
	run->elapsed_seconds = now_seconds() - start;
	/* What the program wrote before it ended is still in the pipes. */
	drain_ready(pipefd[0], &eof, run, &cap, &out);
	run->leftovers_killed = reap_run(keeper);
	if (run->mode == RUN_TESTS)
		forget_runner_socket(keeper);
	drain_ready(pipefd[0], &eof, run, &cap, &out);
	note_truncation(&out);
	if (pidfd != -1)
		close(pidfd);
	close(pipefd[0]);
	close(outpipe[0]);
	if (run->records == NULL) {
		run->records = calloc(1, 1);
		if (run->records == NULL)
			return -1;
	}
	return 0;
}
