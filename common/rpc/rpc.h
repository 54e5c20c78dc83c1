#ifndef SOCKLAB_COMMON_RPC_RPC_H
#define SOCKLAB_COMMON_RPC_RPC_H

/*
 * The protocol between a trusted test program and the worker, the process
 * that holds the student's code (see common/rpc/proxy.h for the test side
 * and common/rpc/worker.h for the worker side).
 *
 * Every message is a struct rpc_header followed by `length` bytes of items;
 * descriptors travel with the header as SCM_RIGHTS. An item is a kind, a
 * size and `size` bytes. The worker is hostile: the test side checks every
 * size and kind it reads and believes no claim it can check in the kernel
 * instead (which descriptor is which, what was closed).
 *
 *   worker -> test   HELLO                        ready to serve
 *   test -> worker   CALL   INT function, args    call a function; a
 *                           + lent descriptors    lent descriptor's FD
 *                                                 item asks for a number
 *   worker -> test   RESULT INT ret, INT errno, BYTES per in/out argument,
 *                           FD per descriptor handed back + descriptors
 *   test -> worker   RELEASE                      close what was lent
 *   worker -> test   RELEASED
 *
 * The worker keeps what was lent until the next message (so the test can
 * look in /proc at what the call left open); a CALL releases it too.
 */

#include <stdint.h>

#define RPC_MAGIC 0x534c5250u /* "SLRP" */

/* No message is larger: a flood from the worker must not exhaust us. */
#define RPC_MAX_MESSAGE (16u << 20)
/* Descriptors one message may carry. */
#define RPC_MAX_FDS 16

/*
 * Exit statuses by which the worker tells how it ended (the test side
 * names the cause; nothing else rests on them): a sanitizer's finding,
 * and a broken protocol (the code under test wrote on the channel or
 * overwrote the worker's memory).
 */
#define RPC_EXIT_SANITIZER 86
#define RPC_EXIT_PROTOCOL 120

/* The worker's end of the channel: high, out of the way of the student's. */
#define RPC_CHANNEL_FD 200

enum rpc_type {
	RPC_HELLO = 1,
	RPC_CALL,
	RPC_RESULT,
	RPC_RELEASE,
	RPC_RELEASED,
};

enum rpc_kind {
	RPC_ITEM_INT = 1,  /* int64_t */
	RPC_ITEM_BYTES,    /* a buffer, size bytes */
	RPC_ITEM_NULL,     /* a NULL pointer where a buffer or string goes */
	RPC_ITEM_FD,       /* int32_t slot number; see RPC_FD_* below */
};

/*
 * An FD item in a CALL: a number >= 0 comes with a descriptor (the next
 * one attached), to be placed at that number if it is free; a negative
 * number is passed on as it is, but RPC_FD_CLOSED asks for a number that
 * is not open there (the test passed a closed descriptor).
 */
#define RPC_FD_CLOSED INT32_MIN

/* Functions every worker serves, whatever the lab (numbered from here). */
enum rpc_builtin {
	RPC_BUILTIN_FIRST = 1000,
	RPC_BUILTIN_IGNORE_SIGNAL = RPC_BUILTIN_FIRST, /* (signo) */
	RPC_BUILTIN_CATCH_SIGNAL,  /* (signo, restart): a handler that
				      does nothing, with or without
				      SA_RESTART */
	RPC_BUILTIN_DEFAULT_SIGNAL, /* (signo) */
	RPC_BUILTIN_LIMIT_FDS,      /* (n): RLIMIT_NOFILE's soft limit */
	RPC_BUILTIN_DENY_SOCKET_FAMILY, /* (family): socket() fails with
					   EAFNOSUPPORT for it */
};

struct rpc_header {
	uint32_t magic;
	uint32_t type;
	uint32_t length;   /* bytes of items after the header */
	uint32_t nfds;     /* descriptors sent with the header */
};

struct rpc_item_header {
	uint32_t kind;
	uint32_t size;
};

#endif
