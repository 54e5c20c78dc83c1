#ifndef SOCKLAB_LAB03_LISTENER_H
#define SOCKLAB_LAB03_LISTENER_H

/*
 * Lab 03: a listening socket and a client socket, from a host name and a
 * port, through getaddrinfo(3).
 * Read handouts/03-listen.md first; grade with `make grade LAB=03`.
 */

/*
 * Why open_listener or open_client failed. The caller owns it; the
 * functions fill it only when they fail (the idea of Redis' anet.c: the
 * reason goes to a buffer the caller supplies, a library never prints).
 */
struct net_error {
	int gai;        /* getaddrinfo()'s code (EAI_NONAME, ...), 0 if none */
	int sys;        /* errno of the system call that failed, 0 if none */
	char text[128]; /* "call: reason" for people, e.g. "bind: Address */
	                /* already in use", "getaddrinfo: Name or service */
	                /* not known" (the reason from gai_strerror()) */
};

/*
 * Opens a TCP socket listening on host and port: getaddrinfo() with
 * AF_UNSPEC, SOCK_STREAM and AI_PASSIVE (host NULL: every local address),
 * then, for each result in order, socket(), SO_REUSEADDR, bind() and
 * listen(backlog), until one works. Returns the listening descriptor. On
 * failure returns -1 and, when err is not NULL, fills *err: gai and text
 * for a getaddrinfo() failure; sys, text and errno (all the same) for the
 * system call that failed last. Every socket it gives up on is closed.
 */
int open_listener(const char *host, const char *port, int backlog,
    struct net_error *err);

/*
 * Connects a TCP socket to host and port: getaddrinfo() with AF_UNSPEC and
 * SOCK_STREAM (host NULL: this machine's loopback addresses), then socket()
 * and connect() for each result in order until one connects. Returns the
 * connected descriptor, or -1 with *err (and errno) filled as for
 * open_listener. Every socket it gives up on is closed.
 */
int open_client(const char *host, const char *port, struct net_error *err);

#endif
