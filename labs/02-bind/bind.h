#ifndef SOCKLAB_LAB02_BIND_H
#define SOCKLAB_LAB02_BIND_H

/*
 * Lab 02: giving a socket its local address and port.
 * Read handouts/02-bind.md first; grade with `make grade LAB=02`.
 *
 * Ports are passed in host byte order (8080 means port 8080); addresses
 * as numeric strings ("127.0.0.1", "::1"), NULL meaning the wildcard
 * address (every local address). Families are AF_INET or AF_INET6.
 */

#include <netinet/in.h>
#include <stdint.h>

/*
 * Fills *sa for ip and port: zeroes it, sets sin_family, sin_port (network
 * byte order) and sin_addr (INADDR_ANY when ip is NULL). Returns 0, or -1
 * with errno EINVAL when ip is not a numeric IPv4 address.
 */
int bind_fill_ipv4(struct sockaddr_in *sa, const char *ip, uint16_t port);

/*
 * The same for IPv6: zeroes *sa, sets sin6_family, sin6_port and sin6_addr
 * (in6addr_any when ip is NULL). Returns 0, or -1 with errno EINVAL when ip
 * is not a numeric IPv6 address.
 */
int bind_fill_ipv6(struct sockaddr_in6 *sa, const char *ip, uint16_t port);

/*
 * Makes a TCP socket of the family and binds it to ip and port, without
 * SO_REUSEADDR. Returns the descriptor, or -1 with errno from the call that
 * failed (EADDRINUSE: the port is taken; EAFNOSUPPORT: unknown family),
 * and then no descriptor is left open.
 */
int bind_tcp(int family, const char *ip, uint16_t port);

/*
 * Like bind_tcp, but sets SO_REUSEADDR before bind(), so a restarted
 * server can bind its port while old connections are in TIME_WAIT.
 */
int bind_reusable(int family, const char *ip, uint16_t port);

/*
 * Binds a TCP socket of the family to ip and port 0, so the kernel picks a
 * free port, and stores that port (host byte order) in *port. Returns the
 * descriptor, or -1 with errno set and no descriptor left open.
 */
int bind_ephemeral(int family, const char *ip, uint16_t *port);

#endif
