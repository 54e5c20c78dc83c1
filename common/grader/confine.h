#ifndef SOCKLAB_COMMON_GRADER_CONFINE_H
#define SOCKLAB_COMMON_GRADER_CONFINE_H

/*
 * The private network namespace a lab's tests run in, shared by the
 * trusted test program and the workers it starts: tests may bind any
 * port, capture on their own loopback and make unreachable routes without
 * touching the host's network or another run's.
 */

/*
 * Enters a new network namespace: directly as root, otherwise inside a
 * new user namespace that maps the current user to root (so the test
 * program may capture packets on its own loopback). Then brings lo up.
 * Returns 0, or -1 with errno set.
 */
int confine_enter_network_namespace(void);

#endif
