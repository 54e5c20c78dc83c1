#ifndef SOCKLAB_LAB07_TESTS_SCENE_H
#define SOCKLAB_LAB07_TESTS_SCENE_H

/*
 * The network scenes lab 07's tests connect into, each made for real in
 * the test's private network namespace (the grader gives every run its
 * own, where the test program is root and the worker, which shares it,
 * is not): a listener, a port nobody listens on, an address that never
 * answers a SYN, and routes that go nowhere.
 */

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

/* A loopback address of family with port; its length in *len. */
struct sockaddr_storage scene_loopback(int family, uint16_t port,
    socklen_t *len);

/* The port of an AF_INET or AF_INET6 address. */
uint16_t scene_port(const struct sockaddr_storage *ss);

/* "127.0.0.1:80" or "[::1]:80", in buf. Returns buf. */
const char *scene_text(const struct sockaddr_storage *ss, char *buf,
    size_t size);

/*
 * A listener on ss (port 0: the kernel picks one, written back into ss).
 * IPv6 listeners are IPV6_V6ONLY, so [::1] never covers 127.0.0.1.
 * Fails the test if it cannot be made.
 */
int scene_listener(struct sockaddr_storage *ss);

/*
 * An address that never answers: a listener on ss whose accept queue is
 * full (backlog 0, one connection nobody accepts), so the kernel drops
 * every further SYN as a host that is down or behind a firewall would,
 * and a client sees nothing until its deadline. The first retransmitted
 * SYN leaves a second later (RFC 6298's initial RTO); tests stay well
 * below that. Returns the listener; *filler is the connection that fills
 * the queue (close both at the end). Fails the test if it cannot.
 */
int scene_silent(struct sockaddr_storage *ss, int *filler);

/*
 * Adds a route of type `unreachable` for the IPv4 prefix dst/prefix_len
 * to this network namespace's main table (`ip route add unreachable
 * dst/len`, by rtnetlink), so connecting there fails with EHOSTUNREACH.
 * An existing route is fine. Returns 0, or -1 with errno (EPERM: this
 * process may not change routes here).
 */
int scene_route_unreachable(const char *dst, int prefix_len);

/*
 * 1 if this network namespace has an IPv4 route towards dst (a test
 * relies on there being none), 0 if not.
 */
int scene_has_route(const char *dst);

/*
 * Waits up to timeout_ms until process pid (a /proc number) sleeps in a
 * system call other than recvmsg(), the worker's own wait for its next
 * call: the code under test is then waiting (in poll(), connect() ...).
 * Returns 1 when it does, 0 if not in time. Reads /proc/PID/syscall;
 * where that cannot be read, sleeping is taken to be enough.
 */
int scene_wait_code_sleeping(int pid, int timeout_ms);

/* Milliseconds on the monotonic clock. */
long long scene_now_ms(void);

/*
 * How late a deadline may be met, in milliseconds: 150 (poll()'s
 * rounding, two busy cores, a sanitizer build; never a second SYN, which
 * leaves a second after the first), times $SOCKLAB_TIMEOUT_SCALE when it
 * is above 1, as for the tests' own time limits.
 */
int scene_late_ms(void);

/* A new TCP socket of family in blocking mode; fails the test if not. */
int scene_socket(int family);

/*
 * Resolves getaddrinfo(NULL, "0") (AF_UNSPEC, SOCK_STREAM) as the code
 * under test will: up to cap loopback addresses in getaddrinfo's order.
 * Returns how many.
 */
int scene_resolve_loopback(struct sockaddr_storage *out, int cap);

#endif
