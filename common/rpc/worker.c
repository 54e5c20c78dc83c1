/*
 * The worker's main: serves the rpc protocol (rpc.h) on RPC_CHANNEL_FD,
 * calling the lab's functions (rpc_functions[]) for a test program that
 * runs outside the sandbox. See worker.h.
 *
 * This file is linked with student code, so nothing it says is believed:
 * the test side checks descriptors in /proc and bytes on its own sockets.
 * It only has to be correct for honest code.
 */
#define _GNU_SOURCE /* dup3 */

#include "rpc/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "rpc/channel.h"
#include "rpc/rpc.h"

/* Arguments one call may have; buffers and descriptor arrays among them. */
#define MAX_ARGS 16
/* The first number tried for a descriptor the test passed closed. */
#define CLOSED_FD_BASE 64
/* Bytes of stack zeroed before each call (see scrub_stack). */
#define SCRUB_BYTES 32768

struct rpc_args {
	struct rpc_reader r;
	void *owned[MAX_ARGS];
	size_t nowned;
	struct { void *p; size_t n; } inout[MAX_ARGS];
	size_t ninout;
	struct { int *fds; size_t n; } fds_out[MAX_ARGS];
	size_t nfds_out;
	int broken;
};

/* Descriptors lent for the last call, held until the next message. */
static int held[RPC_MAX_FDS];
static size_t nheld;

/*
 * Read by the sanitizers in the sanitizer build: a finding ends the
 * worker with a status of its own, which the test names in its hint.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "exitcode=86";
}

const char *
__ubsan_default_options(void)
{
	return "exitcode=86:print_stacktrace=1";
}

/*
 * In the sanitizer build, loads the symbolizer while descriptors are
 * free: it opens the worker's own file to turn addresses into file:line,
 * which fails once the code under test has used up a lowered
 * RLIMIT_NOFILE, and then the report names no line. Only then: loading
 * it costs a quarter of a second.
 */
#if defined(__SANITIZE_ADDRESS__)
void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out,
    size_t size);

static void
warm_symbolizer(void)
{
	char where[256];

	__sanitizer_symbolize_pc(__builtin_return_address(0), "%L", where,
	    sizeof(where));
}
/*
 * Ends the worker once the test has closed the channel. LeakSanitizer
 * checks the heap in exit(), which costs tens of milliseconds; it can
 * find a leak only if more is allocated now than when the worker was
 * ready (a leaked block is still allocated), so otherwise it is skipped.
 */
size_t __sanitizer_get_current_allocated_bytes(void);

static size_t heap_when_ready;

static void
note_heap_when_ready(void)
{
	heap_when_ready = __sanitizer_get_current_allocated_bytes();
}

static void __attribute__((noreturn))
end_of_test(void)
{
	if (__sanitizer_get_current_allocated_bytes() <= heap_when_ready)
		_exit(0);
	exit(0);
}
#else
static void
warm_symbolizer(void)
{
}

static void
note_heap_when_ready(void)
{
}

static void __attribute__((noreturn))
end_of_test(void)
{
	exit(0);
}
#endif

static void __attribute__((noreturn))
protocol_error(const char *what)
{
	fprintf(stderr, "socklab worker: %s\n", what);
	_exit(RPC_EXIT_PROTOCOL);
}

static void
hold(int fd)
{
	if (nheld < sizeof(held) / sizeof(held[0]))
		held[nheld++] = fd;
}

static int
is_open(int fd)
{
	return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}

static void *
own(struct rpc_args *a, size_t size)
{
	/* Exactly size bytes, so a sanitizer sees a read past the end. */
	void *p = malloc(size > 0 ? size : 1);

	if (p == NULL || a->nowned >= MAX_ARGS)
		protocol_error("out of memory or too many arguments");
	a->owned[a->nowned++] = p;
	return p;
}

long long
rpc_arg_int(struct rpc_args *a)
{
	return (long long)rpc_read_int(&a->r);
}

/*
 * Places a lent descriptor at the number the test asked for (its own
 * number) when that is free here, so that messages speak of the same
 * numbers on both sides; otherwise at the lowest free number.
 */
static int
place(int fd, int32_t want)
{
	int placed;

	if (want >= 0 && want != RPC_CHANNEL_FD && !is_open(want))
		placed = dup3(fd, want, 0) == -1 ? -1 : want;
	else
		placed = fcntl(fd, F_DUPFD, 3);
	close(fd);
	hold(placed);
	return placed;
}

int
rpc_arg_fd(struct rpc_args *a)
{
	int32_t want = rpc_read_slot(&a->r);
	int fd;

	if (want >= 0)
		return place(rpc_take_fd(&a->r), want);
	if (want != RPC_FD_CLOSED)
		return want;
	/* A number that is open nowhere here, as the test's was not. */
	for (fd = CLOSED_FD_BASE; is_open(fd); fd++)
		;
	return fd;
}

const void *
rpc_arg_in(struct rpc_args *a, size_t *size)
{
	const void *p = rpc_read_bytes(&a->r, size);
	void *copy;

	if (p == NULL)
		return NULL;
	copy = own(a, *size);
	memcpy(copy, p, *size);
	return copy;
}

void *
rpc_arg_inout(struct rpc_args *a, size_t want, size_t *size)
{
	size_t n;
	void *p = (void *)rpc_arg_in(a, &n);

	if (size != NULL)
		*size = n;
	if (want > 0 && p != NULL && n != want)
		protocol_error("an in/out argument has the wrong size");
	if (p != NULL && a->ninout < MAX_ARGS) {
		a->inout[a->ninout].p = p;
		a->inout[a->ninout].n = n;
		a->ninout++;
	}
	return p;
}

const char *
rpc_arg_string(struct rpc_args *a)
{
	size_t n;
	const char *s = rpc_arg_in(a, &n);

	if (s != NULL && (n == 0 || s[n - 1] != '\0'))
		protocol_error("a string argument is not terminated");
	return s;
}

int *
rpc_arg_fds_out(struct rpc_args *a, size_t n)
{
	int *fds = rpc_arg_inout(a, n * sizeof(int), NULL);

	if (fds == NULL || a->nfds_out >= MAX_ARGS)
		protocol_error("a descriptor array is missing");
	a->fds_out[a->nfds_out].fds = fds;
	a->fds_out[a->nfds_out].n = n;
	a->nfds_out++;
	return fds;
}

/*
 * Zeroes the stack below the caller, so that a local variable the
 * student's code forgets to initialise starts as 0 on every run instead of
 * as whatever an earlier call left there: a mistake fails the same way
 * each time.
 */
static void __attribute__((noinline))
scrub_stack(void)
{
	volatile char pad[SCRUB_BYTES];

	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = 0;
}

static void
send_or_die(struct rpc_message *m)
{
	if (rpc_send(RPC_CHANNEL_FD, m) == -1)
		_exit(0); /* the test is gone: so are we */
	rpc_message_free(m);
}

static void
do_nothing(int signo)
{
	(void)signo;
}

/* Lowers the soft RLIMIT_NOFILE (the test checks it in /proc). */
static long long
limit_fds(long long n)
{
	struct rlimit rl;

	warm_symbolizer();
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	rl.rlim_cur = (rlim_t)n;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

#if defined(__x86_64__) && !defined(__ILP32__)
#define SECCOMP_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__) && defined(__AARCH64EL__)
#define SECCOMP_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/*
 * Test set-up: from now on socket(family, ...) fails with EAFNOSUPPORT
 * here, as on a host without that family (the test checks the filter in
 * /proc). A filter of its own, on top of the sandbox's.
 */
static long long
deny_socket_family(int family)
{
#ifdef SECCOMP_AUDIT_ARCH
	/* Little-endian: the low half of args[0] is at its own offset. */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)family, 0, 1),
		BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ERRNO | (EAFNOSUPPORT & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = (unsigned short)(sizeof(code) / sizeof(code[0])),
		.filter = code,
	};

	/* The sandbox set no_new_privs already; unsandboxed it may not. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
#else
	(void)family;
	errno = ENOSYS;
	return -1;
#endif
}

static long long
builtin(int function, struct rpc_args *a)
{
	int signo = (int)rpc_arg_int(a);
	struct sigaction sa;

	if (function == RPC_BUILTIN_LIMIT_FDS)
		return limit_fds(signo);
	if (function == RPC_BUILTIN_DENY_SOCKET_FAMILY)
		return deny_socket_family(signo);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	switch (function) {
	case RPC_BUILTIN_IGNORE_SIGNAL:
		sa.sa_handler = SIG_IGN;
		break;
	case RPC_BUILTIN_CATCH_SIGNAL:
		sa.sa_handler = do_nothing;
		sa.sa_flags = rpc_arg_int(a) ? SA_RESTART : 0;
		break;
	case RPC_BUILTIN_DEFAULT_SIGNAL:
		sa.sa_handler = SIG_DFL;
		break;
	default:
		protocol_error("an unknown built-in function");
	}
	return sigaction(signo, &sa, NULL);
}

/*
 * Adds a descriptor to hand back: attached if open, a bare number if not.
 * Once sent it is the test's: the worker closes its own copy.
 */
static void
hand_back(struct rpc_message *out, int fd, int *given, size_t *ngiven)
{
	if (is_open(fd) && fd != RPC_CHANNEL_FD && *ngiven < RPC_MAX_FDS) {
		rpc_add_slot(out, fd);
		rpc_attach_fd(out, fd);
		given[(*ngiven)++] = fd;
	} else {
		rpc_add_int(out, fd);
	}
}

/* Closes what the worker held for the test during the last call. */
static void
release_held(void)
{
	for (size_t i = 0; i < nheld; i++)
		if (held[i] >= 0 && held[i] != RPC_CHANNEL_FD)
			close(held[i]);
	nheld = 0;
}

static void
call(struct rpc_message *in)
{
	struct rpc_args a;
	struct rpc_message out;
	const struct rpc_function *f = NULL;
	int given[RPC_MAX_FDS];
	size_t ngiven = 0;
	long long ret;
	int err, function;

	/* What was lent for the last call goes back before this one. */
	release_held();
	memset(&a, 0, sizeof(a));
	rpc_reader_init(&a.r, in);
	function = (int)rpc_read_int(&a.r);
	if (function >= 0 && (size_t)function < rpc_function_count)
		f = &rpc_functions[function];
	if (f == NULL && function < RPC_BUILTIN_FIRST)
		protocol_error("an unknown function");
	if (f != NULL && f->handler == NULL)
		protocol_error("a function with no handler");
	scrub_stack();
	errno = 0;
	ret = f != NULL ? f->handler(&a) : builtin(function, &a);
	err = errno;
	if (a.r.broken)
		protocol_error("a malformed CALL");

	rpc_message_init(&out, RPC_RESULT);
	rpc_add_int(&out, ret);
	rpc_add_int(&out, err);
	for (size_t i = 0; i < a.ninout; i++)
		rpc_add_bytes(&out, a.inout[i].p, a.inout[i].n);
	if (f != NULL && f->returns_fd && ret >= 0)
		hand_back(&out, (int)ret, given, &ngiven);
	/*
	 * A function that failed hands nothing over: what it left open
	 * stays here, where the test counts it as leaked.
	 */
	for (size_t i = 0; i < a.nfds_out && ret >= 0; i++)
		for (size_t j = 0; j < a.fds_out[i].n; j++)
			if (a.fds_out[i].fds[j] >= 0)
				hand_back(&out, a.fds_out[i].fds[j], given,
				    &ngiven);
	send_or_die(&out);
	for (size_t i = 0; i < ngiven; i++)
		close(given[i]);
	for (size_t i = 0; i < a.nowned; i++)
		free(a.owned[i]);
}

static void
release(void)
{
	struct rpc_message out;

	release_held();
	rpc_message_init(&out, RPC_RELEASED);
	send_or_die(&out);
}

/*
 * As PID 1 of the sandbox: forks the worker proper and stays as init,
 * reaping orphans, then ends with the worker's status (128 + N for death
 * by signal N). The worker must not be PID 1 itself: the kernel shields
 * PID 1 from signals it has no handler for, so a SIGPIPE that kills a
 * careless server anywhere else would be ignored here.
 */
static void
stay_init_unless_worker(void)
{
	pid_t worker = fork();
	int status;

	if (worker == -1)
		protocol_error("cannot fork the worker");
	if (worker == 0)
		return;
	/*
	 * Out of the code under test's reach: no ptrace attach and no
	 * /proc/1/mem (the sanitizer build's filter allows ptrace, which
	 * LeakSanitizer needs for the worker's own threads).
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	close(RPC_CHANNEL_FD);
	for (;;) {
		pid_t pid = waitpid(-1, &status, 0);

		if (pid == -1 && errno != EINTR)
			_exit(RPC_EXIT_PROTOCOL);
		if (pid != worker)
			continue;
		if (WIFSIGNALED(status))
			_exit(128 + WTERMSIG(status));
		_exit(WEXITSTATUS(status));
	}
}

int
main(void)
{
	struct rpc_message m;

	if (getpid() == 1)
		stay_init_unless_worker();

	/* Children the student's code starts must not inherit the channel. */
	if (fcntl(RPC_CHANNEL_FD, F_SETFD, FD_CLOEXEC) == -1)
		protocol_error("no channel to the test program");
	rpc_message_init(&m, RPC_HELLO);
	send_or_die(&m);
	note_heap_when_ready();
	for (;;) {
		int rc = rpc_receive(RPC_CHANNEL_FD, &m);

		if (rc == 0)
			end_of_test();
		if (rc == -1)
			protocol_error("a malformed message");
		switch (m.type) {
		case RPC_CALL: call(&m); break;
		case RPC_RELEASE: release(); break;
		default: protocol_error("an unknown message type");
		}
		rpc_message_close_fds(&m);
		rpc_message_free(&m);
	}
}
