/*
 * rpc messages on a Unix stream socket: see channel.h.
 */
#define _GNU_SOURCE /* MSG_CMSG_CLOEXEC */

#include "rpc/channel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rio.h"

void
rpc_message_init(struct rpc_message *m, uint32_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
}

void
rpc_message_free(struct rpc_message *m)
{
	free(m->data);
	m->data = NULL;
	m->length = m->capacity = 0;
	m->nfds = 0;
}

static int
append(struct rpc_message *m, const void *p, size_t n)
{
	if (n > RPC_MAX_MESSAGE - m->length) {
		errno = EMSGSIZE;
		return -1;
	}
	if (m->length + n > m->capacity) {
		size_t want = m->capacity > 0 ? m->capacity : 256;
		unsigned char *grown;

		while (want < m->length + n)
			want *= 2;
		grown = realloc(m->data, want);
		if (grown == NULL)
			return -1;
		m->data = grown;
		m->capacity = want;
	}
	if (n > 0)
		memcpy(m->data + m->length, p, n);
	m->length += n;
	return 0;
}

static int
add_item(struct rpc_message *m, uint32_t kind, const void *p, size_t n)
{
	struct rpc_item_header h = { kind, (uint32_t)n };

	if (n > RPC_MAX_MESSAGE) {
		errno = EMSGSIZE;
		return -1;
	}
	if (append(m, &h, sizeof(h)) == -1)
		return -1;
	return append(m, p, n);
}

int
rpc_add_int(struct rpc_message *m, int64_t v)
{
	return add_item(m, RPC_ITEM_INT, &v, sizeof(v));
}

int
rpc_add_bytes(struct rpc_message *m, const void *p, size_t n)
{
	return add_item(m, RPC_ITEM_BYTES, p, n);
}

int
rpc_add_null(struct rpc_message *m)
{
	return add_item(m, RPC_ITEM_NULL, NULL, 0);
}

int
rpc_add_slot(struct rpc_message *m, int32_t slot)
{
	return add_item(m, RPC_ITEM_FD, &slot, sizeof(slot));
}

int
rpc_attach_fd(struct rpc_message *m, int fd)
{
	if (m->nfds >= RPC_MAX_FDS) {
		errno = EMSGSIZE;
		return -1;
	}
	m->fds[m->nfds++] = fd;
	return 0;
}

int
rpc_send(int sock, const struct rpc_message *m)
{
	struct rpc_header h = { RPC_MAGIC, m->type, (uint32_t)m->length,
		(uint32_t)m->nfds };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * RPC_MAX_FDS)];
	} control;
	struct iovec iov = { &h, sizeof(h) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (m->nfds > 0) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * m->nfds);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * m->nfds);
		memcpy(CMSG_DATA(c), m->fds, sizeof(int) * m->nfds);
	}
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	/* A stream may take part of the header; the rest goes as plain bytes. */
	if ((size_t)n < sizeof(h) && rio_writen(sock, (char *)&h + n,
	    sizeof(h) - (size_t)n) == -1)
		return -1;
	if (m->length > 0 && rio_writen(sock, m->data, m->length) == -1)
		return -1;
	return 0;
}

/* Keeps the descriptors of one control message; closes any beyond room. */
static void
collect_fds(struct msghdr *msg, struct rpc_message *m)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (m->nfds < RPC_MAX_FDS)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
}

void
rpc_message_close_fds(struct rpc_message *m)
{
	for (size_t i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
}

int
rpc_receive(int sock, struct rpc_message *m)
{
	struct rpc_header h;
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * RPC_MAX_FDS)];
	} control;
	struct iovec iov = { &h, sizeof(h) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control) };
	ssize_t n;

	rpc_message_init(m, 0);
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n <= 0)
		return (int)n;
	collect_fds(&msg, m);
	if ((size_t)n < sizeof(h) && rio_readn(sock, (char *)&h + n,
	    sizeof(h) - (size_t)n) != (ssize_t)(sizeof(h) - (size_t)n))
		goto broken;
	if (h.magic != RPC_MAGIC || h.length > RPC_MAX_MESSAGE ||
	    h.nfds != m->nfds)
		goto broken;
	m->type = h.type;
	if (h.length > 0) {
		m->data = malloc(h.length);
		if (m->data == NULL) {
			rpc_message_close_fds(m);
			return -1;
		}
		m->capacity = h.length;
		if (rio_readn(sock, m->data, h.length) != (ssize_t)h.length)
			goto broken;
		m->length = h.length;
	}
	return 1;
broken:
	rpc_message_close_fds(m);
	rpc_message_free(m);
	errno = EPROTO;
	return -1;
}

void
rpc_reader_init(struct rpc_reader *r, struct rpc_message *m)
{
	r->m = m;
	r->at = 0;
	r->next_fd = 0;
	r->broken = 0;
}

/* The next item's header, or NULL (and broken) if it does not fit. */
static const unsigned char *
next_item(struct rpc_reader *r, struct rpc_item_header *h)
{
	const unsigned char *body;

	if (r->broken || r->m->length - r->at < sizeof(*h)) {
		r->broken = 1;
		return NULL;
	}
	memcpy(h, r->m->data + r->at, sizeof(*h));
	if (h->size > r->m->length - r->at - sizeof(*h)) {
		r->broken = 1;
		return NULL;
	}
	body = r->m->data + r->at + sizeof(*h);
	r->at += sizeof(*h) + h->size;
	return body;
}

uint32_t
rpc_peek_kind(const struct rpc_reader *r)
{
	struct rpc_item_header h;

	if (r->broken || r->m->length - r->at < sizeof(h))
		return 0;
	memcpy(&h, r->m->data + r->at, sizeof(h));
	return h.kind;
}

int64_t
rpc_read_int(struct rpc_reader *r)
{
	struct rpc_item_header h;
	const unsigned char *p = next_item(r, &h);
	int64_t v;

	if (p == NULL || h.kind != RPC_ITEM_INT || h.size != sizeof(v)) {
		r->broken = 1;
		return 0;
	}
	memcpy(&v, p, sizeof(v));
	return v;
}

int32_t
rpc_read_slot(struct rpc_reader *r)
{
	struct rpc_item_header h;
	const unsigned char *p = next_item(r, &h);
	int32_t v;

	if (p == NULL || h.kind != RPC_ITEM_FD || h.size != sizeof(v)) {
		r->broken = 1;
		return 0;
	}
	memcpy(&v, p, sizeof(v));
	return v;
}

const void *
rpc_read_bytes(struct rpc_reader *r, size_t *size)
{
	struct rpc_item_header h;
	const unsigned char *p = next_item(r, &h);

	*size = 0;
	if (p == NULL)
		return NULL;
	if (h.kind == RPC_ITEM_NULL && h.size == 0)
		return NULL;
	if (h.kind != RPC_ITEM_BYTES) {
		r->broken = 1;
		return NULL;
	}
	*size = h.size;
	return p;
}

int
rpc_take_fd(struct rpc_reader *r)
{
	int fd;

	if (r->next_fd >= r->m->nfds) {
		r->broken = 1;
		return -1;
	}
	fd = r->m->fds[r->next_fd];
	r->m->fds[r->next_fd++] = -1;
	return fd;
}
