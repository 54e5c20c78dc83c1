/*
 * Kernel socket states: sock_diag netlink first, /proc/net/tcp{,6} second.
 * Both are readable without privilege, so this works after priv_drop().
 */
#define _GNU_SOURCE	/* SOCK_CLOEXEC; the netlink headers */

#include "kstate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

const char *
kstate_state_name(int state)
{
	static const char *const names[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
		"LISTEN", "CLOSING", "SYN_RECV",
	};

	if (state < 0 || (size_t)state >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[state];
}

/* Parses "HEX:PORT" (8 or 32 hex digits). Returns 0, or -1. */
static int
parse_proc_endpoint(const char *s, int family, struct tcp_endpoint *e)
{
	size_t words = family == 4 ? 1 : 4;
	unsigned int w, port;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->family = (uint8_t)family;
	for (i = 0; i < words; i++) {
		char hex[9];

		memcpy(hex, s + 8 * i, 8);
		hex[8] = '\0';
		if (strspn(hex, "0123456789abcdefABCDEF") != 8 ||
		    sscanf(hex, "%x", &w) != 1)
			return -1;
		/* The kernel printed a 32-bit word as it sits in memory. */
		memcpy(e->addr + 4 * i, &w, 4);
	}
	if (s[8 * words] != ':' ||
	    sscanf(s + 8 * words + 1, "%4x", &port) != 1)
		return -1;
	e->port = (uint16_t)port;
	return 0;
}

int
kstate_parse_proc_line(const char *line, int family, struct kstate_sock *s)
{
	char local[64], remote[64];
	unsigned int slot, state, timer = 0;
	unsigned long tx, rx, when = 0;
	long hz;

	memset(s, 0, sizeof(*s));
	if (sscanf(line, " %u: %63s %63s %x %lx:%lx %x:%lx", &slot, local,
	    remote, &state, &tx, &rx, &timer, &when) < 6)
		return -1;
	if (parse_proc_endpoint(local, family, &s->local) == -1 ||
	    parse_proc_endpoint(remote, family, &s->remote) == -1)
		return -1;
	s->state = (int)state;
	/* For a listener the kernel prints its accept queue as rx_queue. */
	s->rqueue = (uint32_t)rx;
	/* TIME_WAIT's timer (tr 3) counts clock ticks (proc(5), USER_HZ). */
	hz = sysconf(_SC_CLK_TCK);
	if (s->state == KSTATE_TIME_WAIT && timer == 3 && hz > 0)
		s->expires_ms = (uint32_t)(when * 1000 / (unsigned long)hz);
	return 0;
}

/* Whether s belongs to the connection between the two ports. */
static int
wanted(const struct kstate_sock *s, uint16_t a, uint16_t b)
{
	if (s->local.port != a && s->local.port != b)
		return 0;
	if (s->state == KSTATE_LISTEN)
		return 1;
	return s->remote.port == (s->local.port == a ? b : a);
}

static void
keep(struct kstate_list *out, const struct kstate_sock *s, uint16_t a,
    uint16_t b)
{
	if (out->n < KSTATE_MAX && wanted(s, a, b))
		out->sock[out->n++] = *s;
}

/* Reads one /proc file. Returns 0, or -1 with errno set. */
static int
read_proc(struct kstate_list *out, const char *path, int family, uint16_t a,
    uint16_t b)
{
	FILE *f = fopen(path, "re");
	char line[512];
	struct kstate_sock s;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (kstate_parse_proc_line(line, family, &s) == 0)
			keep(out, &s, a, b);
	fclose(f);
	return 0;
}

#ifdef __linux__

/* Copies a sock_diag address (network order words) into e. */
static void
diag_endpoint(struct tcp_endpoint *e, int family, const __be32 *addr,
    __be16 port)
{
	memset(e, 0, sizeof(*e));
	e->family = family == AF_INET ? 4 : 6;
	memcpy(e->addr, addr, family == AF_INET ? 4 : 16);
	e->port = ntohs(port);
}

/*
 * One sock_diag dump of every TCP socket of family (inet_diag_req_v2 with
 * all states). Returns 0, or -1 with errno set.
 */
static int
read_netlink(struct kstate_list *out, int family, uint16_t a, uint16_t b)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl sa;
	/* Aligned for the nlmsghdr walk below. */
	long buf[8192 / sizeof(long)];
	int fd, done = 0, rc = -1;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd == -1)
		return -1;
	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = (uint8_t)family;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = ~0u;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		goto out;
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);
			struct kstate_sock s;

			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				errno = -e->error;
				goto out;
			}
			memset(&s, 0, sizeof(s));
			diag_endpoint(&s.local, m->idiag_family,
			    m->id.idiag_src, m->id.idiag_sport);
			diag_endpoint(&s.remote, m->idiag_family,
			    m->id.idiag_dst, m->id.idiag_dport);
			s.state = m->idiag_state;
			s.rqueue = m->idiag_rqueue;
			/* inet_diag(7): what is left of the socket's timer. */
			if (s.state == KSTATE_TIME_WAIT)
				s.expires_ms = m->idiag_expires;
			if (s.state == KSTATE_LISTEN)
				s.wqueue = m->idiag_wqueue;
			keep(out, &s, a, b);
		}
	}
	rc = 0;
out:
	if (rc == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
	} else {
		close(fd);
	}
	return rc;
}

int
kstate_query(struct kstate_list *out, uint16_t port_a, uint16_t port_b)
{
	memset(out, 0, sizeof(*out));
	if (read_netlink(out, AF_INET, port_a, port_b) == 0 &&
	    read_netlink(out, AF_INET6, port_a, port_b) == 0) {
		out->source = KSTATE_NETLINK;
		return 0;
	}
	out->n = 0;
	if (read_proc(out, "/proc/net/tcp", 4, port_a, port_b) == -1)
		return -1;
	/* No IPv6 in this kernel is not an error. */
	(void)read_proc(out, "/proc/net/tcp6", 6, port_a, port_b);
	out->source = KSTATE_PROC;
	return 0;
}

#else

int
kstate_query(struct kstate_list *out, uint16_t port_a, uint16_t port_b)
{
	(void)port_a;
	(void)port_b;
	(void)read_proc;
	memset(out, 0, sizeof(*out));
	errno = ENOSYS;
	return -1;
}

#endif
