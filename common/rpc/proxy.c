/*
 * The test side of the rpc protocol: starting workers in the sandbox and
 * running calls in them. See proxy.h.
 *
 * Everything the worker says is checked before it is used: sizes against
 * what was sent, descriptors against /proc/<worker>/fd, and its fate
 * (exit status, signal) against what wait() reports.
 */
#define _GNU_SOURCE /* struct ucred, SO_PASSCRED, pipe2, memfd_create */

#include "rpc/proxy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "rpc/channel.h"
#include "rpc/rpc.h"
#include "sandbox/bwrap.h"
#include "sandbox/filter.h"
#include "sandbox/limits.h"
#include "test/sanitizer_report.h"

/* Our kinds of argument (the wire has fewer). */
enum { ARG_INT, ARG_FD, ARG_IN, ARG_INOUT, ARG_STRING, ARG_FDS_OUT };

/* Seconds a worker has to say hello, times SOCKLAB_TIMEOUT_SCALE. */
#define STARTUP_SECONDS 2.0
/* Milliseconds a worker that closed its channel has to end by itself. */
#define EXIT_GRACE_MS 1000
/* The first number tried for a descriptor that must be closed here. */
#define CLOSED_FD_BASE 1000
/* Status with which LeakSanitizer ends a program that leaked. */
#define LEAK_EXIT 23
/*
 * Milliseconds a worker has to end once its test is over (times
 * SOCKLAB_TIMEOUT_SCALE): LeakSanitizer scans the heap on the way out.
 */
#define FINISH_MS 3000
/* Bytes of a worker's standard error read back: a report's tail fits. */
#define LOG_TAIL (64 * 1024)

struct rpc_worker {
	int sock;              /* our end of the channel */
	pid_t launcher;        /* our child: bwrap, or the worker itself */
	pid_t pid;             /* the worker, as this process sees it */
	int busy;              /* a started call has not been waited for */
	int unsettled;         /* it may still hold the last call's lent or
				  handed-back descriptors (see flush) */
	int log;               /* its standard error: a memfd, read back
				  for the sanitizer's report */
	int ended;             /* reaped: nothing more to ask of it */
	struct rpc_worker *next; /* every worker this test started */
};

static struct rpc_worker *current;
static struct rpc_worker *workers;

static double
timeout_scale(void)
{
	const char *s = getenv("SOCKLAB_TIMEOUT_SCALE");
	double v = s != NULL ? strtod(s, NULL) : 1.0;

	return v > 0.0 && v <= 100.0 ? v : 1.0;
}

static long
env_long(const char *name, long fallback)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return fallback;
	errno = 0;
	v = strtol(s, &end, 10);
	return errno == 0 && *end == '\0' ? v : fallback;
}

/*
 * What the child needs to become the worker, all of it made before the
 * fork: a test may run threads (the chaos relay), and then the child may
 * only make async-signal-safe calls; a lock another thread held at the
 * fork (malloc's, the user database's) would hang it for good.
 */
struct launch {
	struct sandbox_limits limits;
	int unsandboxed;            /* ALLOW_UNSANDBOXED: no bubblewrap */
	struct bwrap_command cmd;   /* sandboxed: bwrap's command line */
	unsigned char bpf[16384];   /* unsandboxed: the filter to load */
	long bpf_len;
	long uid;                   /* > 0: the uid to run as */
	long running;               /* processes of that uid now */
	char run_env[96];           /* SOCKLAB_WORKER=<run id> */
	char *argv[2];
	char *env[2];
};

static int
prepare_launch(struct launch *l, int program)
{
	const char *mode = getenv("SOCKLAB_SANDBOX");
	const char *id = getenv("SOCKLAB_RUN_ID");
	struct bwrap_spec spec;

	memset(l, 0, sizeof(*l));
	l->limits = (struct sandbox_limits){
		.cpu_seconds = 60,
		.address_space_mib = env_long("SOCKLAB_WORKER_AS_MIB", 2048),
		.file_size_mib = 64, .open_files = 256, .extra_processes = 64,
	};
	l->uid = env_long("SOCKLAB_SANDBOX_UID", -1);
	l->running = limits_processes_of(l->uid > 0 ? (uid_t)l->uid :
	    getuid());
	/*
	 * The run's id (the grader sets it) names the workers of one run, so
	 * a check can tell its own leftovers from another run's.
	 */
	snprintf(l->run_env, sizeof(l->run_env), "SOCKLAB_WORKER=%.80s",
	    id != NULL && id[0] != '\0' ? id : "1");
	l->argv[0] = "/socklab/worker";
	l->env[0] = l->run_env;
	l->cmd.filter_fd = -1;
	l->unsandboxed = mode != NULL && strcmp(mode, "none") == 0;
	if (l->unsandboxed) {
		l->bpf_len = filter_bpf(l->bpf, sizeof(l->bpf));
		return l->bpf_len == -1 ? -1 : 0;
	}
	spec = (struct bwrap_spec){
		.argv = l->argv, .program_fd = program, .share_net = 1,
		.env = (const char *const *)l->env,
	};
	return bwrap_command(&spec, &l->cmd);
}

/* Closes every descriptor but those in keep[] (async-signal-safe). */
static void
close_all_but(int *keep, size_t n)
{
	unsigned int from = 0;

	/* A handful of numbers: insertion sort, no allocation. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		if (keep[i] < 0 || (unsigned int)keep[i] < from)
			continue;
		if ((unsigned int)keep[i] > from)
			(void)syscall(SYS_close_range, from, keep[i] - 1, 0);
		from = (unsigned int)keep[i] + 1;
	}
	(void)syscall(SYS_close_range, from, ~0u, 0);
}

static void __attribute__((noreturn))
die_in_child(const char *why)
{
	static const char prefix[] = "socklab: cannot start the worker: ";

	(void)!write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
	(void)!write(STDERR_FILENO, why, strlen(why));
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(127);
}

/*
 * In the forked child: becomes the sandboxed worker, making only
 * async-signal-safe calls (see struct launch). Never returns.
 */
static void __attribute__((noreturn))
become_worker(struct launch *l, int channel, int program, int log)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int keep[] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO,
		RPC_CHANNEL_FD, program, l->cmd.filter_fd };

	/* Both go through exec: bubblewrap copies the program in. */
	if (null == -1 || dup2(null, STDIN_FILENO) == -1 ||
	    dup2(log, STDERR_FILENO) == -1 ||
	    dup2(channel, RPC_CHANNEL_FD) == -1 ||
	    fcntl(program, F_SETFD, 0) == -1)
		die_in_child("descriptors");
	close_all_but(keep, sizeof(keep) / sizeof(keep[0]));
	limits_apply(&l->limits);
	if (l->uid > 0 && limits_drop_root(l->uid) == -1)
		die_in_child("cannot become the sandbox user");
	limits_apply_processes(&l->limits, l->running);
	/* After the uid change, which clears it: die with the test. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (l->unsandboxed) {
		/* Allowed unsandboxed: at least the filter and a session. */
		setsid();
		if (filter_load_bpf(l->bpf, (size_t)l->bpf_len) == -1)
			die_in_child("cannot load the seccomp filter");
		fexecve(program, l->argv, l->env);
	} else {
		execv(BWRAP_PATH, l->cmd.argv);
	}
	die_in_child("exec failed");
}

/*
 * Reads the tail of the worker's standard error (at most LOG_TAIL bytes)
 * into buf; returns how many bytes. The memfd's offset is the worker's
 * too, so only pread.
 */
static size_t
read_log(const struct rpc_worker *w, char *buf, size_t size)
{
	struct stat st;
	off_t from;
	ssize_t n;

	if (w->log == -1 || fstat(w->log, &st) == -1)
		return 0;
	from = st.st_size > (off_t)size ? st.st_size - (off_t)size : 0;
	n = pread(w->log, buf, size, from);
	return n > 0 ? (size_t)n : 0;
}

/*
 * Copies what the worker wrote on its standard error into ours (the run
 * log, where the instructor reads a sanitizer's full report), once.
 */
static void
pass_on_log(struct rpc_worker *w, const char *text, size_t len)
{
	if (len > 0) {
		fprintf(stderr, "--- the code under test's standard error "
		    "(worker %ld) ---\n", (long)w->pid);
		fwrite(text, 1, len, stderr);
		if (text[len - 1] != '\n')
			fputc('\n', stderr);
		fflush(stderr);
	}
	if (w->log != -1)
		close(w->log);
	w->log = -1;
}

/* Passes on whatever the worker wrote (see pass_on_log). */
static void
flush_log(struct rpc_worker *w)
{
	static char text[LOG_TAIL];

	pass_on_log(w, text, read_log(w, text, sizeof(text)));
}

/* "suite::name" of the running test, for hints. */
static void
test_name(char *buf, size_t size)
{
	const struct criterion_test *t = criterion_current_test;

	snprintf(buf, size, "%s::%s", t != NULL ? t->category : "?",
	    t != NULL ? t->name : "?");
}

/*
 * Names a sanitizer's finding from the worker's report: 1 and a hint in
 * buf when the report names one, 0 when there is none (or, for a leak,
 * none in the student's code).
 */
static int
describe_finding(struct rpc_worker *w, char *buf, size_t size)
{
	static char text[LOG_TAIL];
	size_t len = read_log(w, text, sizeof(text));
	struct sanitizer_finding f;
	char hint[512], test[128];
	int found = sanitizer_parse(text, len, &f);

	pass_on_log(w, text, len);
	if (!found)
		return 0;
	sanitizer_describe(&f, hint, sizeof(hint));
	test_name(test, sizeof(test));
	snprintf(buf, size, "%s%s; found by test %s (the full report is in "
	    "the run log)", f.kind == SANITIZER_LEAK ? "" : "made the "
	    "sanitizer stop the code under test: ", hint, test);
	return 1;
}

/* Waits up to ms for the launcher to end; its status, or -1 if not. */
static int
wait_end(struct rpc_worker *w, int ms)
{
	int pidfd = (int)syscall(SYS_pidfd_open, w->launcher, 0);
	int status;

	if (pidfd != -1) {
		struct pollfd p = { pidfd, POLLIN, 0 };

		while (poll(&p, 1, ms) == -1 && errno == EINTR)
			;
		close(pidfd);
	}
	if (waitpid(w->launcher, &status, WNOHANG) != w->launcher)
		return -1;
	w->ended = 1;
	return status;
}

/* Ends the worker for good, whatever it is doing. */
static void
kill_worker(struct rpc_worker *w)
{
	if (w->ended)
		return;
	kill(w->launcher, SIGKILL);
	waitpid(w->launcher, NULL, 0);
	w->ended = 1;
}

/* What became of the worker, for a person; waits a moment for it. */
static void
describe_end(struct rpc_worker *w, char *buf, size_t size)
{
	int status = wait_end(w, EXIT_GRACE_MS);

	if (status == -1) {
		kill_worker(w);
		flush_log(w);
		snprintf(buf, size, "the code under test closed the test's "
		    "channel (descriptor %d) and kept running", RPC_CHANNEL_FD);
		return;
	}
	if (WIFEXITED(status) && (WEXITSTATUS(status) == RPC_EXIT_SANITIZER ||
	    WEXITSTATUS(status) == LEAK_EXIT) &&
	    describe_finding(w, buf, size))
		return;
	flush_log(w);
	if (WIFSIGNALED(status) || (WIFEXITED(status) &&
	    WEXITSTATUS(status) > 128)) {
		int sig = WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status) - 128;

		snprintf(buf, size, "crashed the code under test: signal %d "
		    "(%s)", sig, strsignal(sig));
	} else if (WEXITSTATUS(status) == RPC_EXIT_SANITIZER) {
		snprintf(buf, size, "made the sanitizer stop the code under "
		    "test: a memory error or undefined behaviour (its report "
		    "is in the run log)");
	} else if (WEXITSTATUS(status) == LEAK_EXIT) {
		snprintf(buf, size, "leaked memory (the leak sanitizer's "
		    "report is in the run log)");
	} else if (WEXITSTATUS(status) == RPC_EXIT_PROTOCOL) {
		snprintf(buf, size, "broke the worker's protocol (the code "
		    "under test wrote to descriptor %d or overwrote the "
		    "worker's memory)", RPC_CHANNEL_FD);
	} else {
		snprintf(buf, size, "ended the code under test with exit "
		    "status %d: library functions return to their caller, they "
		    "never call exit() (does the code call exit()?)",
		    WEXITSTATUS(status));
	}
}

static void __attribute__((noreturn))
worker_failed(struct rpc_worker *w, const char *name)
{
	char why[1024];

	describe_end(w, why, sizeof(why));
	if (w == current)
		current = NULL;
	cr_assert_fail("%s %s", name, why);
	abort(); /* not reached: cr_fail ends the test */
}

/* Waits up to ms for sock to be readable; 1 if it is, 0 on timeout. */
static int
readable_within(int sock, int ms)
{
	struct pollfd p = { sock, POLLIN, 0 };
	int rc;

	do
		rc = poll(&p, 1, ms);
	while (rc == -1 && errno == EINTR);
	return rc > 0;
}

/* Reads the worker's pid from the credentials the kernel attached. */
static pid_t
hello_pid(int sock)
{
	struct rpc_header h;
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	struct iovec iov = { &h, sizeof(h) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control) };
	struct cmsghdr *c;
	ssize_t n;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof(h) || h.magic != RPC_MAGIC ||
	    h.type != RPC_HELLO || h.length != 0 || h.nfds != 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		struct ucred cred;

		if (c->cmsg_level != SOL_SOCKET ||
		    c->cmsg_type != SCM_CREDENTIALS)
			continue;
		memcpy(&cred, CMSG_DATA(c), sizeof(cred));
		return cred.pid > 0 ? cred.pid : -1;
	}
	return -1;
}

/*
 * When a test fails, Criterion ends its process without passing through
 * rpc_workers_finish: what the workers wrote still goes to the run log,
 * where the instructor (and the attack tests) read it.
 */
static void
pass_on_logs_at_exit(void)
{
	for (struct rpc_worker *w = workers; w != NULL; w = w->next)
		if (w->log != -1)
			flush_log(w);
}

struct rpc_worker *
rpc_worker_start(void)
{
	static struct launch launch;
	static int exit_hook;
	struct rpc_worker *w = calloc(1, sizeof(*w));
	const char *path = getenv("SOCKLAB_WORKER");
	int sv[2], program, on = 1;
	double startup = STARTUP_SECONDS * timeout_scale();
	int log = memfd_create("socklab-worker-stderr", MFD_CLOEXEC);

	cr_assert(w != NULL, "test set-up: out of memory");
	if (!exit_hook)
		exit_hook = atexit(pass_on_logs_at_exit) == 0;
	/*
	 * The worker's standard error goes to a file of its own, not a
	 * pipe: writing never blocks the code under test, and the
	 * sanitizer's report is there to read when the worker ends.
	 */
	cr_assert(log != -1, "test set-up: memfd_create: %s",
	    strerror(errno));
	w->log = log;
	cr_assert(path != NULL, "test set-up: SOCKLAB_WORKER is not set: run "
	    "the tests through the grader (make grade)");
	program = open(path, O_RDONLY | O_CLOEXEC);
	cr_assert(program != -1, "test set-up: cannot open the worker %s: %s",
	    path, strerror(errno));
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0,
	    "test set-up: socketpair: %s", strerror(errno));
	/* The kernel then vouches for the sender's pid on every message. */
	cr_assert(setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on,
	    sizeof(on)) == 0, "test set-up: SO_PASSCRED: %s", strerror(errno));
	w->sock = sv[0];
	cr_assert(prepare_launch(&launch, program) == 0, "test set-up: cannot "
	    "prepare the sandbox: %s", strerror(errno));
	w->launcher = fork();
	cr_assert(w->launcher != -1, "test set-up: fork: %s", strerror(errno));
	if (w->launcher == 0)
		become_worker(&launch, sv[1], program, log);
	bwrap_command_free(&launch.cmd);
	close(sv[1]);
	close(program);
	w->next = workers;
	workers = w;
	if (!readable_within(w->sock, (int)(startup * 1000))) {
		kill_worker(w);
		flush_log(w);
		cr_assert_fail("the code under test never became ready (%.1f s): "
		    "something in it loops or blocks before main() (a "
		    "constructor or global initialiser?)", startup);
	}
	w->pid = hello_pid(w->sock);
	if (w->pid == -1)
		worker_failed(w, "starting the worker");
	return w;
}

struct rpc_worker *
rpc_worker_current(void)
{
	if (current == NULL)
		current = rpc_worker_start();
	return current;
}

void
rpc_worker_use(struct rpc_worker *w)
{
	current = w;
}

pid_t
rpc_worker_pid(const struct rpc_worker *w)
{
	return w->pid;
}

/* 1 if some descriptor of the worker refers to the file dev:ino. */
static int
worker_holds(const struct rpc_worker *w, dev_t dev, ino_t ino)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)w->pid);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		struct stat theirs;

		if (de->d_name[0] == '.')
			continue;
		found = fstatat(dirfd(d), de->d_name, &theirs, 0) == 0 &&
		    theirs.st_dev == dev && theirs.st_ino == ino;
	}
	closedir(d);
	return found;
}

/*
 * Makes the worker close what it held for the last call (lent ones, and
 * handed-back ones it closes right after sending them) and waits for it,
 * so that /proc shows only what the student's code keeps open.
 */
static void
flush(struct rpc_worker *w)
{
	struct rpc_message m;
	int rc;

	if (!w->unsettled || w->busy)
		return;
	rpc_message_init(&m, RPC_RELEASE);
	rc = rpc_send(w->sock, &m);
	rpc_message_free(&m);
	if (rc == 0)
		rc = rpc_receive(w->sock, &m);
	if (rc == 1) {
		rpc_message_close_fds(&m);
		rpc_message_free(&m);
	}
	if (rc != 1 || m.type != RPC_RELEASED)
		worker_failed(w, "releasing the descriptors lent to the worker");
	w->unsettled = 0;
}

static int
proc_fd_path(const struct rpc_worker *w, int slot, char *buf, size_t size)
{
	int n = snprintf(buf, size, "/proc/%ld/fd/%d", (long)w->pid, slot);

	return n > 0 && (size_t)n < size ? 0 : -1;
}

int
rpc_worker_fd_is_open(struct rpc_worker *w, int slot)
{
	char path[64];
	struct stat st;

	flush(w);
	if (slot < 0 || proc_fd_path(w, slot, path, sizeof(path)) == -1)
		return 0;
	return stat(path, &st) == 0 || errno != ENOENT;
}

int
rpc_worker_count_fds(struct rpc_worker *w)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	int count = 0;

	flush(w);
	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)w->pid);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			count++;
	closedir(d);
	return count;
}

int
rpc_worker_lowest_free_fd(struct rpc_worker *w)
{
	int fd = 0;

	while (rpc_worker_fd_is_open(w, fd))
		fd++;
	return fd;
}


static int
fd_open_here(int fd)
{
	return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}

void
rpc_call_begin(struct rpc_call *c, const char *name, int function)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->function = function;
}

void
rpc_call_returns_fd(struct rpc_call *c)
{
	c->returns_fd = 1;
}

static struct rpc_call_arg *
next_arg(struct rpc_call *c, int kind)
{
	struct rpc_call_arg *a;

	cr_assert(c->nargs < RPC_CALL_MAX_ARGS, "test bug: %s has too many "
	    "arguments", c->name);
	a = &c->args[c->nargs++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	return a;
}

void
rpc_put_int(struct rpc_call *c, long long v)
{
	next_arg(c, ARG_INT)->value = v;
}

void
rpc_put_fd(struct rpc_call *c, int fd)
{
	next_arg(c, ARG_FD)->value = fd;
}

void
rpc_put_in(struct rpc_call *c, const void *p, size_t size)
{
	struct rpc_call_arg *a = next_arg(c, ARG_IN);

	a->in = p;
	a->size = size;
}

void
rpc_put_inout(struct rpc_call *c, void *p, size_t size)
{
	struct rpc_call_arg *a = next_arg(c, ARG_INOUT);

	a->inout = p;
	a->size = size;
}

void
rpc_put_string(struct rpc_call *c, const char *s)
{
	struct rpc_call_arg *a = next_arg(c, ARG_STRING);

	a->in = s;
	a->size = s != NULL ? strlen(s) + 1 : 0;
}

void
rpc_put_fds_out(struct rpc_call *c, int *fds, size_t n)
{
	struct rpc_call_arg *a = next_arg(c, ARG_FDS_OUT);

	a->inout = fds;
	a->size = n * sizeof(int);
}

static void
send_or_fail(struct rpc_call *c, struct rpc_message *m)
{
	int rc = rpc_send(c->w->sock, m);

	rpc_message_free(m);
	if (rc == -1)
		worker_failed(c->w, c->name);
}

/* Receives the next message, which must be of type want. */
static void
receive_or_fail(struct rpc_call *c, struct rpc_message *m, uint32_t want)
{
	int rc = rpc_receive(c->w->sock, m);

	if (rc == 1 && m->type == want)
		return;
	if (rc == 1) {
		rpc_message_close_fds(m);
		rpc_message_free(m);
	}
	worker_failed(c->w, c->name);
}

static void __attribute__((noreturn))
protocol_failure(struct rpc_call *c, struct rpc_message *m, const char *what)
{
	rpc_message_close_fds(m);
	rpc_message_free(m);
	kill_worker(c->w);
	flush_log(c->w);
	if (c->w == current)
		current = NULL;
	cr_assert_fail("%s: the worker's answer cannot be trusted (%s): the code "
	    "under test interfered with the worker", c->name, what);
	abort();
}

static void
add_argument(struct rpc_call *c, struct rpc_message *m,
    const struct rpc_call_arg *a)
{
	struct stat st;

	switch (a->kind) {
	case ARG_INT:
		rpc_add_int(m, a->value);
		break;
	case ARG_FD:
		if (fstat((int)a->value, &st) == 0) {
			/* Lent: it travels with the call, asking for its number. */
			c->lent_fds[c->nlent] = (int)a->value;
			c->lent_dev[c->nlent] = st.st_dev;
			c->lent_ino[c->nlent] = st.st_ino;
			c->nlent++;
			rpc_add_slot(m, (int32_t)a->value);
			rpc_attach_fd(m, (int)a->value);
		} else if (a->value < 0)
			rpc_add_slot(m, (int32_t)a->value);
		else
			rpc_add_slot(m, RPC_FD_CLOSED);
		break;
	case ARG_IN:
	case ARG_STRING:
		if (a->in == NULL)
			rpc_add_null(m);
		else
			rpc_add_bytes(m, a->in, a->size);
		break;
	case ARG_INOUT:
	case ARG_FDS_OUT:
		if (a->inout == NULL)
			rpc_add_null(m);
		else
			rpc_add_bytes(m, a->inout, a->size);
		break;
	}
}

static int
has_fds_out(const struct rpc_call *c)
{
	for (size_t i = 0; i < c->nargs; i++)
		if (c->args[i].kind == ARG_FDS_OUT)
			return 1;
	return 0;
}

void
rpc_call_start(struct rpc_call *c)
{
	struct rpc_message m;

	c->w = rpc_worker_current();
	cr_assert(!c->w->busy, "test bug: %s called while another call runs "
	    "in the same worker", c->name);
	rpc_message_init(&m, RPC_CALL);
	rpc_add_int(&m, c->function);
	for (size_t i = 0; i < c->nargs; i++)
		add_argument(c, &m, &c->args[i]);
	cr_assert(m.nfds == c->nlent, "test bug: %s lends more than %d "
	    "descriptors", c->name, RPC_MAX_FDS);
	send_or_fail(c, &m);
	c->w->busy = 1;
	if (c->nlent > 0 || c->returns_fd || has_fds_out(c))
		c->w->unsettled = 1;
	c->started = 1;
}

/* A number no descriptor of ours has, for one the worker did not have. */
static int
closed_number(int wanted)
{
	int fd = wanted >= 0 && !fd_open_here(wanted) ? wanted :
	    CLOSED_FD_BASE;

	while (fd_open_here(fd))
		fd++;
	return fd;
}

/* Takes over a descriptor the worker hands back; returns our number. */
static int
take_over(struct rpc_call *c, struct rpc_message *m, struct rpc_reader *r)
{
	uint32_t kind = rpc_peek_kind(r);
	int64_t number;
	int fd;

	if (kind == RPC_ITEM_INT) {
		/* Not open in the worker: a number closed here too. */
		number = rpc_read_int(r);
		if (number < 0 || number > INT_MAX)
			protocol_failure(c, m, "a negative descriptor");
		return closed_number((int)number);
	}
	/*
	 * Whatever the worker hands over is a real open file of its making:
	 * the test checks it in the kernel. Its number is only cosmetic.
	 */
	number = rpc_read_slot(r);
	fd = rpc_take_fd(r);
	if (r->broken || number < 0 || fd == -1) {
		if (fd != -1)
			close(fd);
		protocol_failure(c, m, "a descriptor without its number");
	}
	/* Same number as in the worker, when ours is free: less confusing. */
	if ((int)number != fd && !fd_open_here((int)number) &&
	    dup3(fd, (int)number, O_CLOEXEC) != -1) {
		close(fd);
		fd = (int)number;
	}
	return fd;
}

/* Applies a RESULT to the call's arguments and result. */
static void
apply_result(struct rpc_call *c, struct rpc_message *m)
{
	struct rpc_reader r;

	rpc_reader_init(&r, m);
	c->ret = rpc_read_int(&r);
	c->err = (int)rpc_read_int(&r);
	for (size_t i = 0; i < c->nargs; i++) {
		struct rpc_call_arg *a = &c->args[i];
		const void *p;
		size_t n;

		if ((a->kind != ARG_INOUT && a->kind != ARG_FDS_OUT) ||
		    a->inout == NULL)
			continue;
		p = rpc_read_bytes(&r, &n);
		if (r.broken || p == NULL || n != a->size)
			protocol_failure(c, m, "an argument came back with "
			    "another size");
		memcpy(a->inout, p, n);
	}
	if (r.broken)
		protocol_failure(c, m, "a malformed result");
	if (c->returns_fd && c->ret >= 0)
		c->ret = take_over(c, m, &r);
	for (size_t i = 0; i < c->nargs; i++) {
		struct rpc_call_arg *a = &c->args[i];
		int *fds = a->inout;

		if (a->kind != ARG_FDS_OUT || fds == NULL)
			continue;
		for (size_t j = 0; j < a->size / sizeof(int); j++) {
			if (fds[j] < 0)
				continue;
			/* A failed call hands nothing over (see worker.h). */
			fds[j] = c->ret >= 0 ? take_over(c, m, &r) :
			    closed_number(fds[j]);
		}
	}
	if (rpc_peek_kind(&r) != 0)
		protocol_failure(c, m, "more than was asked for");
}

/*
 * A descriptor the student's code closed in the worker is closed here
 * too, so the test sees what it would see if the code ran in it. Closed
 * means: no descriptor of the worker refers to that open file any more
 * (read in /proc: the worker cannot fake a close without closing).
 */
static void
mirror_closes(struct rpc_call *c)
{
	for (size_t i = 0; i < c->nlent; i++) {
		struct stat st;

		if (worker_holds(c->w, c->lent_dev[i], c->lent_ino[i]))
			continue;
		/* Not if the test closed its copy and the number moved on. */
		if (fstat(c->lent_fds[i], &st) == 0 &&
		    st.st_dev == c->lent_dev[i] && st.st_ino == c->lent_ino[i])
			close(c->lent_fds[i]);
	}
}

int
rpc_call_wait(struct rpc_call *c, int timeout_ms)
{
	struct rpc_message m;

	cr_assert(c->started, "test bug: %s waited for but never started",
	    c->name);
	if (!c->w->busy)
		return 1;
	if (!readable_within(c->w->sock, timeout_ms))
		return 0;
	receive_or_fail(c, &m, RPC_RESULT);
	apply_result(c, &m);
	rpc_message_close_fds(&m);
	rpc_message_free(&m);
	mirror_closes(c);
	c->w->busy = 0;
	errno = c->err;
	return 1;
}

long long
rpc_call_run(struct rpc_call *c)
{
	rpc_call_start(c);
	rpc_call_wait(c, -1);
	errno = c->err;
	return c->ret;
}

static void
builtin(const char *name, int function, int signo, int flag, int nargs)
{
	struct rpc_call c;

	rpc_call_begin(&c, name, function);
	rpc_put_int(&c, signo);
	if (nargs > 1)
		rpc_put_int(&c, flag);
	cr_assert(rpc_call_run(&c) == 0, "test set-up: %s(%d) failed in the "
	    "worker", name, signo);
}

void
rpc_worker_ignore_signal(int signo)
{
	builtin("ignore_signal", RPC_BUILTIN_IGNORE_SIGNAL, signo, 0, 1);
}

void
rpc_worker_catch_signal(int signo, int restart)
{
	builtin("catch_signal", RPC_BUILTIN_CATCH_SIGNAL, signo, restart, 2);
}

void
rpc_worker_default_signal(int signo)
{
	builtin("default_signal", RPC_BUILTIN_DEFAULT_SIGNAL, signo, 0, 1);
}

void
rpc_worker_limit_fds(int n)
{
	builtin("limit_fds", RPC_BUILTIN_LIMIT_FDS, n, 0, 1);
}

int
rpc_worker_deny_socket_family(int family)
{
	struct rpc_call c;

	rpc_call_begin(&c, "deny_socket_family",
	    RPC_BUILTIN_DENY_SOCKET_FAMILY);
	rpc_put_int(&c, family);
	return (int)rpc_call_run(&c);
}

/*
 * A worker that is idle when its test ends: closing the channel makes it
 * exit(), and in the sanitizer build LeakSanitizer then checks its heap.
 * A leak allocated in the student's code fails the test (message in
 * buf, returns 1); anything else that ends it late or badly is left to
 * the test's own checks.
 */
static int
finish_worker(struct rpc_worker *w, char *buf, size_t size)
{
	int status;

	if (w->ended)
		return 0;
	if (w->busy) {
		/* Still inside the student's code: nothing to wait for. */
		kill_worker(w);
		flush_log(w);
		return 0;
	}
	close(w->sock);
	w->sock = -1;
	status = wait_end(w, (int)(FINISH_MS * timeout_scale()));
	if (status == -1) {
		kill_worker(w);
		flush_log(w);
		return 0;
	}
	if (WIFEXITED(status) && (WEXITSTATUS(status) == RPC_EXIT_SANITIZER ||
	    WEXITSTATUS(status) == LEAK_EXIT))
		return describe_finding(w, buf, size);
	flush_log(w);
	return 0;
}

void
rpc_workers_finish(void)
{
	char why[1024];
	int found = 0;

	current = NULL;
	for (struct rpc_worker *w = workers; w != NULL; w = w->next)
		if (!found)
			found = finish_worker(w, why, sizeof(why));
		else {
			kill_worker(w);
			flush_log(w);
		}
	cr_assert(!found, "at the end of the test, %s", why);
}
