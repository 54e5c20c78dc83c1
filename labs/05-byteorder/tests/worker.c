/*
 * Lab 05's functions as the worker serves them: each handler takes the
 * arguments the proxy sent (tests/proxy.c) and calls the student's code.
 */
#include "byteorder.h"
#include "tcp_header.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rpc/rpc.h"
#include "rpc/worker.h"
#include "tests/calls.h"

static long long
call_bo_htons(struct rpc_args *a)
{
	return bo_htons((uint16_t)rpc_arg_int(a));
}

static long long
call_bo_htonl(struct rpc_args *a)
{
	return bo_htonl((uint32_t)rpc_arg_int(a));
}

static long long
call_bo_ntohs(struct rpc_args *a)
{
	return bo_ntohs((uint16_t)rpc_arg_int(a));
}

static long long
call_bo_ntohl(struct rpc_args *a)
{
	return bo_ntohl((uint32_t)rpc_arg_int(a));
}

/*
 * The bo_put_* arguments: a buffer (with the bytes around the number, see
 * tests/proxy.h), where in it the number goes, and the number. Sets
 * *target to the place to write; returns 0, or -1 when width bytes do not
 * fit there.
 */
static int
put_arguments(struct rpc_args *a, size_t width, uint8_t **target,
    uint64_t *v)
{
	size_t size;
	uint8_t *buf = rpc_arg_inout(a, 0, &size);
	size_t at = (size_t)rpc_arg_int(a);

	*v = (uint64_t)rpc_arg_int(a);
	*target = buf;
	if (buf == NULL)
		return 0; /* NULL it was, NULL it stays */
	if (at > size || width > size - at)
		return -1;
	*target = buf + at;
	return 0;
}

static long long
call_bo_put_u16(struct rpc_args *a)
{
	uint8_t *buf;
	uint64_t v;

	if (put_arguments(a, 2, &buf, &v) == -1)
		return -1;
	bo_put_u16(buf, (uint16_t)v);
	return 0;
}

static long long
call_bo_put_u32(struct rpc_args *a)
{
	uint8_t *buf;
	uint64_t v;

	if (put_arguments(a, 4, &buf, &v) == -1)
		return -1;
	bo_put_u32(buf, (uint32_t)v);
	return 0;
}

static long long
call_bo_put_u64(struct rpc_args *a)
{
	uint8_t *buf;
	uint64_t v;

	if (put_arguments(a, 8, &buf, &v) == -1)
		return -1;
	bo_put_u64(buf, v);
	return 0;
}

static long long
call_bo_get_u16(struct rpc_args *a)
{
	size_t size;

	return bo_get_u16(rpc_arg_in(a, &size));
}

static long long
call_bo_get_u32(struct rpc_args *a)
{
	size_t size;

	return bo_get_u32(rpc_arg_in(a, &size));
}

static long long
call_bo_get_u64(struct rpc_args *a)
{
	size_t size;

	/* Two's complement: the proxy turns it back into the same bits. */
	return (long long)bo_get_u64(rpc_arg_in(a, &size));
}

static long long
call_bo_address_parse(struct rpc_args *a)
{
	const char *text = rpc_arg_string(a);
	struct bo_address *addr = rpc_arg_inout(a, sizeof(*addr), NULL);

	return bo_address_parse(text, addr);
}

static long long
call_bo_address_format(struct rpc_args *a)
{
	size_t size;
	const struct bo_address *addr = rpc_arg_in(a, &size);
	char *buf = rpc_arg_inout(a, 0, &size);
	size_t len = (size_t)rpc_arg_int(a);

	return bo_address_format(addr, buf, len);
}

static long long
call_tcp_header_parse(struct rpc_args *a)
{
	size_t size;
	const uint8_t *buf = rpc_arg_in(a, &size);
	size_t len = (size_t)rpc_arg_int(a);
	struct tcp_header *h = rpc_arg_inout(a, sizeof(*h), NULL);

	return tcp_header_parse(buf, len, h);
}

/* In the child: parses, reports on fd, never returns. */
static void __attribute__((noreturn))
parse_and_report(const uint8_t *buf, size_t len, int fd)
{
	struct lab05_parse_outcome o = { PARSE_RETURNED, 0, 0, 0 };
	struct tcp_header h;

	errno = 0;
	o.rc = tcp_header_parse(buf, len, &h);
	o.err = errno;
	_exit(write(fd, &o, sizeof(o)) == (ssize_t)sizeof(o) ? 0 : 1);
}

/*
 * Runs the parse in a child, so that a parser that loops for ever or
 * reads out of bounds (a sanitizer's exit, SIGSEGV) is reported with the
 * input it choked on instead of ending the worker. Returns 0, or -1 when
 * the child could not be started.
 */
static long long
call_tcp_header_parse_isolated(struct rpc_args *a)
{
	size_t len;
	const uint8_t *buf = rpc_arg_in(a, &len);
	int timeout_ms = (int)rpc_arg_int(a);
	struct lab05_parse_outcome *out = rpc_arg_inout(a, sizeof(*out),
	    NULL);
	struct pollfd p;
	int fds[2], status, ready;
	pid_t pid;

	if (out == NULL || pipe(fds) == -1)
		return -1;
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* The child answers on the pipe only, never on the channel. */
		close(RPC_CHANNEL_FD);
		close(fds[0]);
		parse_and_report(buf, len, fds[1]);
	}
	close(fds[1]);
	p.fd = fds[0];
	p.events = POLLIN;
	do
		ready = poll(&p, 1, timeout_ms);
	while (ready == -1 && errno == EINTR);
	out->end = PARSE_CRASHED;
	if (ready <= 0) {
		kill(pid, SIGKILL);
		out->end = PARSE_HUNG;
	} else if (read(fds[0], out, sizeof(*out)) != (ssize_t)sizeof(*out)) {
		out->end = PARSE_CRASHED;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (out->end == PARSE_CRASHED)
		out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return 0;
}

const struct rpc_function rpc_functions[] = {
	[CALL_BO_HTONS] = { "bo_htons", call_bo_htons, 0 },
	[CALL_BO_HTONL] = { "bo_htonl", call_bo_htonl, 0 },
	[CALL_BO_NTOHS] = { "bo_ntohs", call_bo_ntohs, 0 },
	[CALL_BO_NTOHL] = { "bo_ntohl", call_bo_ntohl, 0 },
	[CALL_BO_PUT_U16] = { "bo_put_u16", call_bo_put_u16, 0 },
	[CALL_BO_PUT_U32] = { "bo_put_u32", call_bo_put_u32, 0 },
	[CALL_BO_PUT_U64] = { "bo_put_u64", call_bo_put_u64, 0 },
	[CALL_BO_GET_U16] = { "bo_get_u16", call_bo_get_u16, 0 },
	[CALL_BO_GET_U32] = { "bo_get_u32", call_bo_get_u32, 0 },
	[CALL_BO_GET_U64] = { "bo_get_u64", call_bo_get_u64, 0 },
	[CALL_BO_ADDRESS_PARSE] = { "bo_address_parse",
	    call_bo_address_parse, 0 },
	[CALL_BO_ADDRESS_FORMAT] = { "bo_address_format",
	    call_bo_address_format, 0 },
	[CALL_TCP_HEADER_PARSE] = { "tcp_header_parse",
	    call_tcp_header_parse, 0 },
	[CALL_TCP_HEADER_PARSE_ISOLATED] = { "tcp_header_parse",
	    call_tcp_header_parse_isolated, 0 },
};
const size_t rpc_function_count = LAB05_CALLS;
