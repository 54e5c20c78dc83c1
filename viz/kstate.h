#ifndef SOCKLAB_VIZ_KSTATE_H
#define SOCKLAB_VIZ_KSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/*
 * The kernel's side of the story (Linux): the TCP sockets behind a
 * connection and their states as the kernel reports them, read with
 * sock_diag netlink (sock_diag(7), the interface `ss` uses), or from
 * /proc/net/tcp and /proc/net/tcp6 where netlink is refused. Elsewhere
 * every query fails with ENOSYS and the UI shows one quiet line.
 */

/* Socket states, numbered as Linux numbers them (include/net/tcp_states.h). */
enum kstate_state {
	KSTATE_ESTABLISHED = 1,
	KSTATE_SYN_SENT,
	KSTATE_SYN_RECV,
	KSTATE_FIN_WAIT1,
	KSTATE_FIN_WAIT2,
	KSTATE_TIME_WAIT,
	KSTATE_CLOSE,
	KSTATE_CLOSE_WAIT,
	KSTATE_LAST_ACK,
	KSTATE_LISTEN,
	KSTATE_CLOSING,
	KSTATE_NEW_SYN_RECV,
};

/* One socket. For a listener, rqueue is its accept queue's length now. */
struct kstate_sock {
	struct tcp_endpoint local, remote;
	int state;		/* enum kstate_state */
	uint32_t rqueue;	/* LISTEN: connections waiting for accept() */
	uint32_t wqueue;	/* LISTEN: the backlog limit (0: not known) */
	uint32_t expires_ms;	/* TIME_WAIT: milliseconds left (0: unknown) */
};

enum kstate_source {
	KSTATE_NONE,		/* not read (yet), or not available */
	KSTATE_NETLINK,
	KSTATE_PROC,
};

#define KSTATE_MAX 12

struct kstate_list {
	struct kstate_sock sock[KSTATE_MAX];
	size_t n;
	enum kstate_source source;
};

/*
 * Fills out with the sockets whose local port is port_a or port_b and
 * that are either listening or connected to the other of the two ports:
 * the two ends of one connection and its listener. Tries netlink, then
 * /proc. Returns 0, or -1 with errno set (ENOSYS off Linux).
 */
int kstate_query(struct kstate_list *out, uint16_t port_a, uint16_t port_b);

/*
 * Parses one line of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6)
 * into *s. Addresses are hex words in the kernel's byte order, which is
 * this machine's. Returns 0, or -1 for the heading line or a bad line.
 */
int kstate_parse_proc_line(const char *line, int family,
    struct kstate_sock *s);

/* "ESTABLISHED", "LISTEN", ...: static text; "?" for unknown states. */
const char *kstate_state_name(int state);

#endif
