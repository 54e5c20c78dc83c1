#ifndef SOCKLAB_LAB01_SOCKETS_H
#define SOCKLAB_LAB01_SOCKETS_H

/*
 * Lab 01: creating, describing and closing sockets.
 * Read handouts/01-socket.md first; grade with `make grade LAB=01`.
 */

/* The transport protocol a new socket should speak. */
enum sock_transport {
	SOCK_TRANSPORT_TCP, /* a reliable byte stream */
	SOCK_TRANSPORT_UDP, /* separate datagrams */
};

/* What the kernel reports about an open socket. */
struct sock_info {
	int family;   /* AF_INET, AF_INET6, ... (SO_DOMAIN) */
	int type;     /* SOCK_STREAM, SOCK_DGRAM, ... (SO_TYPE) */
	int protocol; /* IPPROTO_TCP, IPPROTO_UDP, ... (SO_PROTOCOL) */
};

/*
 * Creates a socket of the given address family (AF_INET or AF_INET6) for
 * the given transport. Returns the new descriptor, or -1 with errno as
 * socket(2) set it (EAFNOSUPPORT for a family the kernel does not know).
 */
int sock_open(int family, enum sock_transport transport);

/*
 * Asks the kernel what fd is: fills *info from getsockopt(2). Returns 0,
 * or -1 with errno set (EBADF: not open; ENOTSOCK: not a socket).
 */
int sock_describe(int fd, struct sock_info *info);

/*
 * Opens a TCP socket in fds[0] and a UDP socket in fds[1], both of the
 * given family (a server that answers on both transports). Returns 0; or
 * -1 with errno from the call that failed, and then no descriptor is left
 * open.
 */
int sock_open_pair(int family, int fds[2]);

/* Closes fd. Returns 0, or -1 with errno set (EBADF: not open). */
int sock_close(int fd);

#endif
