#ifndef SOCKLAB_COMMON_RPC_WORKER_H
#define SOCKLAB_COMMON_RPC_WORKER_H

/*
 * The worker side of the rpc protocol (rpc.h). The worker is the student's
 * code linked with common/rpc/worker.c (its main) and the lab's
 * tests/worker.c, which lists the functions it serves:
 *
 *	static long long
 *	call_sock_describe(struct rpc_args *a)
 *	{
 *		int fd = rpc_arg_fd(a);
 *		struct sock_info *info = rpc_arg_inout(a, sizeof(*info));
 *
 *		return sock_describe(fd, info);
 *	}
 *
 *	const struct rpc_function rpc_functions[] = {
 *		[CALL_SOCK_DESCRIBE] = { "sock_describe", call_sock_describe },
 *	};
 *	const size_t rpc_function_count = ...;
 *
 * A handler reads its arguments in the order the proxy sent them, then
 * calls the student's function last: the worker takes errno right after
 * the handler returns. Buffers live until the answer has been sent.
 * Nothing here is trusted by the test: it checks what it can observe.
 */

#include <stddef.h>

struct rpc_args;

typedef long long rpc_handler(struct rpc_args *a);

struct rpc_function {
	const char *name;
	rpc_handler *handler;
	int returns_fd;        /* the result is a descriptor to hand back */
};

/* Defined by each lab's tests/worker.c. */
extern const struct rpc_function rpc_functions[];
extern const size_t rpc_function_count;

/* The next argument as an integer. */
long long rpc_arg_int(struct rpc_args *a);

/* The next argument as a descriptor number valid in this process. */
int rpc_arg_fd(struct rpc_args *a);

/* The next argument as a read-only buffer of exactly *size bytes (or NULL). */
const void *rpc_arg_in(struct rpc_args *a, size_t *size);

/*
 * The next argument as a buffer the function may change, copied back to
 * the caller afterwards. With want > 0 its size must be want bytes.
 */
void *rpc_arg_inout(struct rpc_args *a, size_t want, size_t *size);

/* The next argument as a NUL-terminated string (or NULL). */
const char *rpc_arg_string(struct rpc_args *a);

/*
 * The next argument as an array of n descriptor slots the function fills;
 * if the function succeeds (returns >= 0), every value >= 0 in it is
 * handed back to the caller; if it fails, they stay here.
 */
int *rpc_arg_fds_out(struct rpc_args *a, size_t n);

#endif
