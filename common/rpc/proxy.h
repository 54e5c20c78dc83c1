#ifndef SOCKLAB_COMMON_RPC_PROXY_H
#define SOCKLAB_COMMON_RPC_PROXY_H

/*
 * The test side of the rpc protocol (rpc.h): a lab's tests call the
 * student's functions through proxies with the same names, and each proxy
 * sends the call to a worker, the sandboxed process that holds the
 * student's code (common/rpc/worker.h). The test program itself never
 * loads student code, so nothing the student writes can reach its
 * verdicts. A proxy looks like this:
 *
 *	int
 *	sock_describe(int fd, struct sock_info *info)
 *	{
 *		struct rpc_call c;
 *
 *		rpc_call_begin(&c, "sock_describe", CALL_SOCK_DESCRIBE);
 *		rpc_put_fd(&c, fd);
 *		rpc_put_inout(&c, info, sizeof(*info));
 *		return (int)rpc_call_run(&c);
 *	}
 *
 * Descriptors: a descriptor argument is lent to the worker for the call
 * (sent with SCM_RIGHTS, placed at the same number there when it is free).
 * If the student's code closes it (no descriptor of the worker refers to
 * it afterwards, says /proc), the proxy closes the test's copy too, so the
 * test sees what it would see in one process. A descriptor the function
 * returns (or stores in an out-array) is handed over to the test, and the
 * worker keeps no copy. A closed descriptor stays closed. The worker keeps
 * lent descriptors until its next message (so a server that returned
 * still holds its listening socket until the test has waited for it);
 * the rpc_worker_* observations below have it let go of them first.
 *
 * Failures of the worker (it crashed, exited, hung before it was ready,
 * broke the protocol) fail the running test with a message that says so;
 * a proxy returns only with a real answer, and with errno as the
 * student's function left it.
 *
 * The grader sets SOCKLAB_WORKER (the worker program), SOCKLAB_SANDBOX
 * ("bwrap", or "none" when grading was allowed unsandboxed) and, as root,
 * SOCKLAB_SANDBOX_UID (who the worker runs as). Start workers from the
 * test's main thread: they die with the thread that started them.
 */

#include <stddef.h>
#include <sys/types.h>

#define RPC_CALL_MAX_ARGS 16

struct rpc_worker;

struct rpc_call_arg {
	int kind;              /* RPC_ITEM_* of rpc.h, or a proxy's own */
	long long value;       /* an int, or a descriptor of the test */
	const void *in;
	void *inout;
	size_t size;
};

struct rpc_call {
	struct rpc_worker *w;
	const char *name;
	int function;
	struct rpc_call_arg args[RPC_CALL_MAX_ARGS];
	size_t nargs;
	int returns_fd;
	int lent_fds[RPC_CALL_MAX_ARGS];     /* the test's descriptors lent */
	dev_t lent_dev[RPC_CALL_MAX_ARGS];   /* ... and the files they were */
	ino_t lent_ino[RPC_CALL_MAX_ARGS];
	size_t nlent;
	int started;
	long long ret;
	int err;
};

/* The worker proxies use now; started on first use in each test. */
struct rpc_worker *rpc_worker_current(void);

/* Starts another worker (for calls that must run side by side). */
struct rpc_worker *rpc_worker_start(void);

/*
 * Ends every worker the test started, once its body has run (the report
 * hook calls it): each idle worker's channel is closed so that it exits
 * and, in the sanitizer build, LeakSanitizer checks its heap; a leak
 * allocated in the student's code fails the test, naming where.
 */
void rpc_workers_finish(void);

/* Makes w the worker proxies use from now on. */
void rpc_worker_use(struct rpc_worker *w);

/* The worker's process id, as this process sees it (for /proc, kill). */
pid_t rpc_worker_pid(const struct rpc_worker *w);

/*
 * The worker's open descriptors (from /proc, not from the worker), or -1.
 * Its own channel and standard streams are counted too: compare counts.
 */
int rpc_worker_count_fds(struct rpc_worker *w);

/* 1 if descriptor slot is open in the worker, 0 if not (from /proc). */
int rpc_worker_fd_is_open(struct rpc_worker *w, int slot);

/* The lowest descriptor number free in the worker (from /proc). */
int rpc_worker_lowest_free_fd(struct rpc_worker *w);

/*
 * Built-in worker calls, for the set-up a test needs before it calls the
 * student's code (each checked by the caller in /proc if it matters).
 */
void rpc_worker_ignore_signal(int signo);
void rpc_worker_catch_signal(int signo, int restart);
void rpc_worker_default_signal(int signo);
/* Sets the worker's soft RLIMIT_NOFILE (see fixture_code_limit_fds). */
void rpc_worker_limit_fds(int n);
/* Makes socket(family) fail (see fixture_code_deny_socket_family). */
int rpc_worker_deny_socket_family(int family);

/* Building a call: name (for messages) and the lab's function number. */
void rpc_call_begin(struct rpc_call *c, const char *name, int function);

/* The result is a descriptor, handed over to the test. */
void rpc_call_returns_fd(struct rpc_call *c);

/* Arguments, in the order the function takes them. */
void rpc_put_int(struct rpc_call *c, long long v);
void rpc_put_fd(struct rpc_call *c, int fd);
void rpc_put_in(struct rpc_call *c, const void *p, size_t size);
void rpc_put_inout(struct rpc_call *c, void *p, size_t size);
void rpc_put_string(struct rpc_call *c, const char *s);
/*
 * An array of n descriptors the function fills, handed over to the test
 * when the function succeeds (when it fails they stay in the worker, where
 * leaks are counted, and the array holds numbers closed here).
 */
void rpc_put_fds_out(struct rpc_call *c, int *fds, size_t n);

/*
 * Runs the call and returns its result (a descriptor of the test when
 * rpc_call_returns_fd was given), with errno as the function left it.
 */
long long rpc_call_run(struct rpc_call *c);

/*
 * Starts the call and returns at once (a server that blocks while the
 * test acts as its client); rpc_call_wait then waits up to timeout_ms for
 * it to return: 1 when it did (c->ret and c->err hold the result, and
 * in/out arguments are updated), 0 if it is still running.
 */
void rpc_call_start(struct rpc_call *c);
int rpc_call_wait(struct rpc_call *c, int timeout_ms);

#endif
