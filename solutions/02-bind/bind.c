/*
 * Lab 02: bind. Fill in each TODO; the comment above each function in
 * bind.h is the contract the tests check. Run `make grade LAB=02`.
 */
#include "bind.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
bind_fill_ipv4(struct sockaddr_in *sa, const char *ip, uint16_t port)
{
	/*
	 * TODO(lab02): zero the whole struct (memset), then set sin_family
	 * to AF_INET and sin_port to the port in network byte order (htons).
	 * ip NULL: sin_addr.s_addr = htonl(INADDR_ANY). Otherwise convert ip
	 * with inet_pton(), which returns 1 on success and 0 for a string
	 * that is not an address: then fail with errno EINVAL.
	 */
	memset(sa, 0, sizeof(*sa)); /* sin_zero and padding too */
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	if (ip == NULL) {
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	/* inet_pton() returns 0, not -1, for a malformed string. */
	if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
bind_fill_ipv6(struct sockaddr_in6 *sa, const char *ip, uint16_t port)
{
	/*
	 * TODO(lab02): as bind_fill_ipv4, for struct sockaddr_in6: zero it,
	 * sin6_family = AF_INET6, sin6_port in network byte order, and
	 * sin6_addr = in6addr_any when ip is NULL, else inet_pton(AF_INET6).
	 */
	/* Zeroing also clears sin6_flowinfo and sin6_scope_id. */
	memset(sa, 0, sizeof(*sa));
	sa->sin6_family = AF_INET6;
	sa->sin6_port = htons(port);
	if (ip == NULL) {
		sa->sin6_addr = in6addr_any;
		return 0;
	}
	if (inet_pton(AF_INET6, ip, &sa->sin6_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * Makes a TCP socket of the family bound to ip and port, with SO_REUSEADDR
 * when reuse is non-zero. Returns the descriptor, or -1 with errno set.
 */
static int
bind_open(int family, const char *ip, uint16_t port, int reuse)
{
	/*
	 * TODO(lab02): fill a struct sockaddr_storage with bind_fill_ipv4
	 * or bind_fill_ipv6 (any other family: errno EAFNOSUPPORT), pass
	 * the size of the struct you filled as bind()'s length. Then:
	 * socket(family, SOCK_STREAM, 0); if reuse, setsockopt(SOL_SOCKET,
	 * SO_REUSEADDR, 1) *before* bind(); bind(). When a call fails, close
	 * the socket without losing that call's errno and return -1.
	 */
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, saved;
	int on = 1;

	if (family == AF_INET) {
		if (bind_fill_ipv4((struct sockaddr_in *)&ss, ip, port) == -1)
			return -1;
		len = sizeof(struct sockaddr_in);
	} else if (family == AF_INET6) {
		if (bind_fill_ipv6((struct sockaddr_in6 *)&ss, ip, port) == -1)
			return -1;
		len = sizeof(struct sockaddr_in6);
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	fd = socket(family, SOCK_STREAM, 0);
	if (fd == -1)
		return -1;
	/*
	 * SO_REUSEADDR lets bind() take a port that only connections in
	 * TIME_WAIT still hold; it must be set before bind() to count.
	 */
	if ((reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == -1) ||
	    bind(fd, (struct sockaddr *)&ss, len) == -1) {
		saved = errno; /* close() may change errno */
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
bind_tcp(int family, const char *ip, uint16_t port)
{
	return bind_open(family, ip, port, 0);
}

int
bind_reusable(int family, const char *ip, uint16_t port)
{
	return bind_open(family, ip, port, 1);
}

int
bind_ephemeral(int family, const char *ip, uint16_t *port)
{
	/*
	 * TODO(lab02): bind to port 0 (bind_tcp), then ask the kernel which
	 * port it chose with getsockname() into a struct sockaddr_storage
	 * (its length argument is value-result). Store the port in host
	 * byte order (ntohs) in *port. If getsockname() fails, close the
	 * socket, keep errno, return -1.
	 */
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss); /* in: room offered; out: size used */
	int fd, saved;

	fd = bind_tcp(family, ip, 0);
	if (fd == -1)
		return -1;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (ss.ss_family == AF_INET)
		*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	else
		*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}
