#ifndef SOCKLAB_COMMON_RPC_CHANNEL_H
#define SOCKLAB_COMMON_RPC_CHANNEL_H

/*
 * Messages of the rpc protocol (rpc.h) over a Unix stream socket: building
 * them, sending them with descriptors, and reading them back with every
 * size checked. Used by both sides; nothing here trusts the peer.
 */

#include <stddef.h>
#include <stdint.h>

#include "rpc/rpc.h"

/* A message: its type, its items and the descriptors that go with it. */
struct rpc_message {
	uint32_t type;
	unsigned char *data;   /* the items (malloc'd) */
	size_t length;
	size_t capacity;
	int fds[RPC_MAX_FDS];
	size_t nfds;
};

/* Starts an empty message of the given type. */
void rpc_message_init(struct rpc_message *m, uint32_t type);

/* Frees the items (attached descriptors are not closed). */
void rpc_message_free(struct rpc_message *m);

/* Closes the received descriptors that nobody took with rpc_take_fd. */
void rpc_message_close_fds(struct rpc_message *m);

/* Appends items. Return 0, or -1 with errno ENOMEM/EMSGSIZE. */
int rpc_add_int(struct rpc_message *m, int64_t v);
int rpc_add_bytes(struct rpc_message *m, const void *p, size_t n);
int rpc_add_null(struct rpc_message *m);
int rpc_add_slot(struct rpc_message *m, int32_t slot);
/* Attaches a descriptor (not duplicated: the caller keeps it open). */
int rpc_attach_fd(struct rpc_message *m, int fd);

/*
 * Sends m on sock. Returns 0, or -1 with errno set (EPIPE: the peer is
 * gone). The attached descriptors stay the caller's.
 */
int rpc_send(int sock, const struct rpc_message *m);

/*
 * Receives one message into m (which the caller frees). Received
 * descriptors are close-on-exec and owned by m. Returns 1, 0 at end of
 * file, or -1 with errno set (EPROTO: the peer broke the protocol).
 */
int rpc_receive(int sock, struct rpc_message *m);

/* Reads a message's items in order, each checked against its bounds. */
struct rpc_reader {
	struct rpc_message *m;
	size_t at;
	size_t next_fd;
	int broken;            /* a read failed: the message is malformed */
};

void rpc_reader_init(struct rpc_reader *r, struct rpc_message *m);

/* The next item's kind, or 0 at the end. */
uint32_t rpc_peek_kind(const struct rpc_reader *r);

/*
 * Each reads the next item, which must be of its kind; otherwise sets
 * r->broken and returns 0 / NULL. rpc_read_bytes also accepts a NULL item
 * (and returns NULL with *size 0).
 */
int64_t rpc_read_int(struct rpc_reader *r);
int32_t rpc_read_slot(struct rpc_reader *r);
const void *rpc_read_bytes(struct rpc_reader *r, size_t *size);

/*
 * Takes the next descriptor of the message (the caller then owns it), or
 * returns -1 and sets r->broken if there is none.
 */
int rpc_take_fd(struct rpc_reader *r);

#endif
