/*
 * The network scenes of lab 07's tests: see scene.h.
 */
#define _GNU_SOURCE /* SYS_recvmsg */

#include "tests/scene.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "test/kernel.h"
#include "test/socklab_test.h"

static socklen_t
scene_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
}

struct sockaddr_storage
scene_loopback(int family, uint16_t port, socklen_t *len)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_addr = in6addr_loopback;
		sin6->sin6_port = htons(port);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = htons(port);
	}
	if (len != NULL)
		*len = scene_len(&ss);
	return ss;
}

uint16_t
scene_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

const char *
scene_text(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr,
		    ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, scene_port(ss));
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
		    ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, scene_port(ss));
	}
	return buf;
}

int
scene_socket(int family)
{
	int fd = socket(family, SOCK_STREAM, 0);

	cr_assert(fd >= 0, "test set-up: socket: %s", strerror(errno));
	return fd;
}

/* A socket bound to ss (port written back) and listening with backlog. */
static int
bound_listener(struct sockaddr_storage *ss, int backlog)
{
	int fd = scene_socket(ss->ss_family);
	int on = 1;
	socklen_t len = sizeof(*ss);

	if (ss->ss_family == AF_INET6)
		cr_assert(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		    sizeof(on)) == 0);
	cr_assert(bind(fd, (struct sockaddr *)ss, scene_len(ss)) == 0,
	    "test set-up: bind: %s", strerror(errno));
	cr_assert(listen(fd, backlog) == 0);
	cr_assert(getsockname(fd, (struct sockaddr *)ss, &len) == 0);
	return fd;
}

int
scene_listener(struct sockaddr_storage *ss)
{
	return bound_listener(ss, 16);
}

int
scene_silent(struct sockaddr_storage *ss, int *filler)
{
	/* Backlog 0: Linux queues one finished connection, then is full. */
	int fd = bound_listener(ss, 0);

	*filler = scene_socket(ss->ss_family);
	cr_assert(connect(*filler, (struct sockaddr *)ss, scene_len(ss)) == 0,
	    "test set-up: the connection that fills the accept queue: %s",
	    strerror(errno));
	/* Its handshake ended on our side; the queue holds it once the
	 * listener has seen our ACK, which the kernel shows us. */
	cr_assert(kernel_wait_accept_queue(fd, 1, 1000) == 1,
	    "test set-up: the silent listener's accept queue did not fill");
	return fd;
}

int
scene_route_unreachable(const char *dst, int prefix_len)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
		char attrs[RTA_SPACE(sizeof(struct in_addr))];
	} req;
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr err;
	} ack;
	struct rtattr *rta;
	struct in_addr addr;
	int fd, saved;
	ssize_t n;

	if (inet_pton(AF_INET, dst, &addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = RTM_NEWROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = (unsigned char)prefix_len;
	req.rt.rtm_table = RT_TABLE_MAIN;
	req.rt.rtm_protocol = RTPROT_STATIC;
	req.rt.rtm_scope = RT_SCOPE_UNIVERSE;
	req.rt.rtm_type = RTN_UNREACHABLE; /* the kernel answers EHOSTUNREACH */
	rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	rta->rta_type = RTA_DST;
	rta->rta_len = RTA_LENGTH(sizeof(addr));
	memcpy(RTA_DATA(rta), &addr, sizeof(addr));
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) +
	    RTA_SPACE(sizeof(addr));

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		return -1;
	if (send(fd, &req, req.nh.nlmsg_len, 0) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	n = recv(fd, &ack, sizeof(ack), 0);
	saved = errno;
	close(fd);
	if (n < (ssize_t)sizeof(ack) || ack.nh.nlmsg_type != NLMSG_ERROR) {
		errno = n == -1 ? saved : EPROTO;
		return -1;
	}
	if (ack.err.error != 0 && ack.err.error != -EEXIST) {
		errno = -ack.err.error;
		return -1;
	}
	return 0;
}

int
scene_has_route(const char *dst)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int routed;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(9);
	inet_pton(AF_INET, dst, &sin.sin_addr);
	/* A UDP connect() sends nothing: it only looks the route up. */
	routed = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	close(fd);
	return routed;
}

int
scene_wait_code_sleeping(int pid, int timeout_ms)
{
	long long deadline = scene_now_ms() + timeout_ms;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	for (;;) {
		char state = kernel_process_state(pid);
		char line[256] = "";
		long nr = -1;
		FILE *f;

		if (state == 0 || state == 'Z')
			return 0;
		if (state == 'S') {
			f = fopen(path, "re");
			if (f == NULL || fgets(line, sizeof(line), f) == NULL) {
				if (f != NULL)
					fclose(f);
				return 1;
			}
			fclose(f);
			if (sscanf(line, "%ld", &nr) == 1 && nr != SYS_recvmsg)
				return 1;
		}
		if (scene_now_ms() >= deadline)
			return 0;
		/* /proc has no event for "went to sleep": look again in a
		 * millisecond, within the caller's bound. */
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
}

long long
scene_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
scene_late_ms(void)
{
	const char *text = getenv("SOCKLAB_TIMEOUT_SCALE");
	double scale = text != NULL ? strtod(text, NULL) : 1.0;

	if (!(scale > 1.0))
		scale = 1.0;
	if (scale > 100.0)
		scale = 100.0;
	return (int)(150 * scale);
}

int
scene_resolve_loopback(struct sockaddr_storage *out, int cap)
{
	struct addrinfo hints, *res, *ai;
	int n = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	cr_assert(getaddrinfo(NULL, "0", &hints, &res) == 0);
	for (ai = res; ai != NULL && n < cap; ai = ai->ai_next, n++) {
		memset(&out[n], 0, sizeof(out[n]));
		memcpy(&out[n], ai->ai_addr, ai->ai_addrlen);
	}
	freeaddrinfo(res);
	return n;
}
