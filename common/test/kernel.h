#ifndef SOCKLAB_COMMON_TEST_KERNEL_H
#define SOCKLAB_COMMON_TEST_KERNEL_H

/*
 * What the kernel says about sockets and processes, for tests that must
 * not trust what the student's code prints: TCP states and accept queues
 * from /proc/net/tcp and /proc/net/tcp6, descriptors and children of a
 * process from /proc.
 *
 * Process ids: the grader may run the tests in their own PID namespace
 * while /proc still shows the outer one, so the pid fork() returns is not
 * the number /proc uses. Every kernel_* function that takes a pid wants the
 * /proc number: a process finds its own with kernel_proc_self() and passes
 * it to whoever watches it.
 */

#include <stddef.h>
#include <stdint.h>

/* TCP states as the kernel numbers them (include/net/tcp_states.h). */
enum kernel_tcp_state {
	KERNEL_TCP_NONE = 0, /* the kernel lists no such socket */
	KERNEL_TCP_ESTABLISHED = 1,
	KERNEL_TCP_SYN_SENT = 2,
	KERNEL_TCP_SYN_RECV = 3,
	KERNEL_TCP_FIN_WAIT1 = 4,
	KERNEL_TCP_FIN_WAIT2 = 5,
	KERNEL_TCP_TIME_WAIT = 6,
	KERNEL_TCP_CLOSE = 7,
	KERNEL_TCP_CLOSE_WAIT = 8,
	KERNEL_TCP_LAST_ACK = 9,
	KERNEL_TCP_LISTEN = 10,
	KERNEL_TCP_CLOSING = 11,
};

/* Returns the state's name as netstat prints it ("LISTEN"), or "?". */
const char *kernel_tcp_state_name(int state);

/* Returns the inode number of the socket fd, or 0 if fd is not a socket. */
unsigned long kernel_socket_inode(int fd);

/*
 * Looks up the TCP socket behind fd in /proc/net/tcp{,6}. Returns its state
 * (enum kernel_tcp_state), KERNEL_TCP_NONE when the kernel lists no such
 * socket (a socket that is only bound, or not bound, is not listed), or -1
 * if /proc cannot be read. When queue is not NULL it receives the
 * rx_queue column: for a listener, the length of its accept queue.
 */
int kernel_tcp_state_of_fd(int fd, unsigned *queue);

/*
 * Counts the TCP sockets (IPv4 and IPv6) with local port `port` that are
 * in `state` (KERNEL_TCP_NONE: any state). Returns -1 if /proc cannot be
 * read.
 */
int kernel_tcp_count_port(uint16_t port, int state);

/*
 * Waits up to timeout_ms for the accept queue of listener fd to hold at
 * least `want` connections. Returns the length last seen, or -1.
 */
int kernel_wait_accept_queue(int fd, unsigned want, int timeout_ms);

/*
 * Waits up to timeout_ms until some socket on local port `port` is in
 * `state`. Returns 1 when seen, 0 on timeout, -1 on error.
 */
int kernel_wait_port_state(uint16_t port, int state, int timeout_ms);

/* Returns this process's pid as /proc numbers it, or -1. */
int kernel_proc_self(void);

/* Returns how many descriptors process pid has open, or -1. */
int kernel_count_fds(int pid);

/* Returns 1 if process pid has a descriptor for socket inode, else 0. */
int kernel_holds_socket(int pid, unsigned long inode);

/* Returns the state letter of process pid ('R', 'S', 'Z', ...) or 0. */
char kernel_process_state(int pid);

/*
 * Fills pids with up to cap children of process pid (/proc numbers).
 * Returns how many children it has (may exceed cap), or -1.
 */
int kernel_children(int pid, int *pids, int cap);

/* Returns how many children of process pid are zombies (state Z). */
int kernel_zombie_children(int pid);

/*
 * Waits up to timeout_ms until process pid sleeps in accept() (or
 * accept4()). Returns 1 when it does, 0 when it did not in time or has
 * exited. Reads /proc/PID/syscall; where that cannot be read, a process
 * asleep is taken to be in accept().
 */
int kernel_wait_in_accept(int pid, int timeout_ms);

/*
 * Waits up to timeout_ms until process pid sleeps in a system call whose
 * first argument is its descriptor for the same open file as our fd
 * (read(), write(), recv(), send()... on a socket lent to it), whatever
 * number it has there. Returns 1 when it does, 0 when it did not in time
 * or has exited. Reads /proc/PID/syscall; where that cannot be read, a
 * process asleep is taken to be so.
 */
int kernel_wait_blocked_on(int pid, int fd, int timeout_ms);

/*
 * Waits up to timeout_ms until process pid sleeps (state S or D), as a
 * server blocked in write() on a full socket does. Returns 1 or 0.
 */
int kernel_wait_sleeping(int pid, int timeout_ms);

#endif
