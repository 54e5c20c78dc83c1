/*
 * Running student code so that it can neither hang the grade run nor leave
 * anything behind. See sandbox.h for the isolation levels.
 *
 * Process tree while a lab runs:
 *
 *   grader (child subreaper)
 *     └─ keeper: own process group, rlimits, enters the namespaces
 *          └─ init: PID 1 of the new PID namespace, brings lo up
 *               └─ the test program
 *
 * Killing the keeper's process group kills init, and the kernel then kills
 * everything left in the PID namespace, even processes that called setsid().
 * Without namespaces the keeper runs the program itself; what escapes the
 * process group is re-parented to the grader (the subreaper) and the final
 * sweep kills it.
 */
#define _GNU_SOURCE

#include "grader/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader/confine.h"
#include "grader/reap.h"
#include "rio.h"

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
	switch (iso) {
	case SANDBOX_USERNS: return "userns+netns+pidns";
	case SANDBOX_ROOTNS: return "netns+pidns";
	case SANDBOX_PLAIN: break;
	}
	return "none (process group and subreaper only)";
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for pid, reaping any other orphan on the way (we may be init). */
static int
wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t got = waitpid(-1, &status, 0);

		if (got == -1) {
			if (errno == EINTR)
				continue;
			return KEEPER_SETUP_FAILED;
		}
		if (got != pid)
			continue;
		if (WIFSIGNALED(status))
			return KEEPER_SIGNAL_BASE + WTERMSIG(status);
		return WEXITSTATUS(status);
	}
}

/*
 * Copies the program (open as program_fd) into the sandbox's private /tmp
 * and returns that path, or NULL. The tree it was built in may sit in a
 * directory the sandbox user cannot enter, and Criterion starts each test
 * by executing /proc/self/exe again, so the program must live where that
 * user can reach it.
 */
static const char *
copy_into_tmp(int program_fd)
{
	static const char path[] = "/tmp/socklab-tests";
	char buf[65536];
	ssize_t n;
	off_t at = 0;
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	if (out == -1)
		return NULL;
	while ((n = pread(program_fd, buf, sizeof(buf), at)) > 0) {
		if (rio_writen(out, buf, (size_t)n) == -1)
			break;
		at += n;
	}
	if (close(out) == -1 || n != 0)
		return NULL;
	return path;
}

static void
exec_program(char *const *argv, int program_fd)
{
	extern char **environ;
	const char *copy;

	if (program_fd != -1 && (copy = copy_into_tmp(program_fd)) != NULL)
		execve(copy, argv, environ);
	else if (program_fd != -1)
		fexecve(program_fd, argv, environ);
	else
		execv(argv[0], argv);
	fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[0],
	    strerror(errno));
	_exit(KEEPER_EXEC_FAILED);
}

/* Tells the grader, through the records pipe, what was left behind. */
static void
report_leftovers(int count)
{
	char line[32];
	int n;

	if (count <= 0)
		return;
	n = snprintf(line, sizeof(line), "L\t%d\n", count);
	rio_writen(SANDBOX_RECORDS_FD, line, (size_t)n);
}

/* PID 1 of the sandbox: sets up the namespace, runs the program, reaps. */
static void
run_as_init(const struct sandbox_run *run, int program_fd)
{
	pid_t pid;
	int code;

	if (confine_bring_up_loopback() == -1)
		fprintf(stderr, "sandbox: lo stays down: %s\n", strerror(errno));
	/* Our mounts must not propagate back to the parent namespace. */
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    confine_readonly_filesystems() == -1)
		fprintf(stderr, "sandbox: files stay writable: %s\n",
		    strerror(errno));
	if (confine_private_tmp() == -1)
		fprintf(stderr, "sandbox: /tmp is shared: %s\n", strerror(errno));
	/*
	 * A /proc of this PID namespace: tools that look up their own pid
	 * there (LeakSanitizer reads /proc/<pid>/task) must find themselves.
	 */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) == -1)
		fprintf(stderr, "sandbox: /proc is the host's: %s\n",
		    strerror(errno));
	if (run->isolation == SANDBOX_ROOTNS) {
		if (confine_drop_root(run->run_as_uid) == -1) {
			fprintf(stderr, "sandbox: cannot drop root: %s\n",
			    strerror(errno));
			_exit(KEEPER_SETUP_FAILED);
		}
		confine_process_limit(run->limits);
	}
	pid = fork();
	if (pid == -1)
		_exit(KEEPER_SETUP_FAILED);
	if (pid == 0)
		exec_program(run->argv, program_fd);
	code = wait_for(pid);
	report_leftovers(reap_namespace());
	_exit(code);
}

static void
close_fds_from(int first)
{
	int fd;

	for (fd = first; fd < 1024; fd++)
		close(fd);
}

/* The keeper: runs in the forked child, never returns. */
static void
run_keeper(const struct sandbox_run *run, int records_wr, int output_wr)
{
	int devnull = open("/dev/null", O_RDONLY);
	int program_fd;
	pid_t init;

	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	if (devnull == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(output_wr, STDOUT_FILENO) == -1 ||
	    dup2(output_wr, STDERR_FILENO) == -1 ||
	    dup2(records_wr, SANDBOX_RECORDS_FD) == -1)
		_exit(KEEPER_SETUP_FAILED);
	close_fds_from(SANDBOX_RECORDS_FD + 1);
	setenv(run->records_env != NULL ? run->records_env :
	    "SOCKLAB_RESULTS_FD", "3", 1);
	confine_resource_limits(run->limits);
	if (run->trusted)
		exec_program(run->argv, -1);
	program_fd = open(run->argv[0], O_RDONLY | O_CLOEXEC);

	switch (run->isolation) {
	case SANDBOX_USERNS:
		if (geteuid() == 0 && confine_drop_root(run->run_as_uid) == -1)
			_exit(KEEPER_SETUP_FAILED);
		confine_process_limit(run->limits);
		if (confine_enter_user_namespace() == -1) {
			fprintf(stderr, "sandbox: user namespace: %s\n",
			    strerror(errno));
			_exit(KEEPER_SETUP_FAILED);
		}
		break;
	case SANDBOX_ROOTNS:
		if (unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS) == -1)
			_exit(KEEPER_SETUP_FAILED);
		break;
	case SANDBOX_PLAIN:
		if (geteuid() == 0 && confine_drop_root(run->run_as_uid) == -1)
			_exit(KEEPER_SETUP_FAILED);
		confine_process_limit(run->limits);
		/* No private /tmp here: run it from where it is. */
		exec_program(run->argv, -1);
	}

	init = fork();
	if (init == -1)
		_exit(KEEPER_SETUP_FAILED);
	if (init == 0)
		run_as_init(run, program_fd);
	_exit(wait_for(init));
}

/* Tries the namespaces in a throw-away child; returns its exit status. */
static int
probe_child(enum sandbox_isolation iso)
{
	pid_t pid = fork();
	int status;

	if (pid == -1)
		return -1;
	if (pid == 0) {
		if (iso == SANDBOX_USERNS) {
			if (geteuid() == 0 && confine_drop_root(0) == -1)
				_exit(1);
			_exit(confine_enter_user_namespace() == 0 ? 0 : 1);
		}
		_exit(unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS) == 0 ?
		    0 : 1);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* $SOCKLAB_SANDBOX=plain|rootns caps the isolation (to test fallbacks). */
static enum sandbox_isolation
isolation_ceiling(void)
{
	const char *s = getenv("SOCKLAB_SANDBOX");

	if (s != NULL && strcmp(s, "plain") == 0)
		return SANDBOX_PLAIN;
	if (s != NULL && strcmp(s, "rootns") == 0)
		return SANDBOX_ROOTNS;
	return SANDBOX_USERNS;
}

enum sandbox_isolation
sandbox_probe(void)
{
	enum sandbox_isolation ceiling = isolation_ceiling();

	(void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (ceiling >= SANDBOX_USERNS && probe_child(SANDBOX_USERNS) == 0)
		return SANDBOX_USERNS;
	if (ceiling >= SANDBOX_ROOTNS && geteuid() == 0 &&
	    probe_child(SANDBOX_ROOTNS) == 0)
		return SANDBOX_ROOTNS;
	return SANDBOX_PLAIN;
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

/* The count in init's "L\tN" record, if the program left processes. */
static int
leftovers_reported(const struct sandbox_run *run)
{
	const char *p = run->records;

	while (p != NULL && (p = strstr(p, "L\t")) != NULL) {
		if (p == run->records || p[-1] == '\n')
			return atoi(p + 2);
		p += 2;
	}
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
	if (run->isolation != SANDBOX_PLAIN && code > KEEPER_SIGNAL_BASE) {
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
 * when it ends, but not when it is killed. Without a private /tmp a stale
 * socket would break the next runner that gets the same pid (and one that
 * another user owns cannot even be replaced), so a killed runner's socket
 * goes with it. (With namespaces /tmp is private and vanishes anyway.)
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
	run->leftovers_killed = reap_run(keeper) + leftovers_reported(run);
	if (run->isolation == SANDBOX_PLAIN)
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
