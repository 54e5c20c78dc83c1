/*
 * Kernel observations for the lab tests: /proc/net/tcp{,6} for socket
 * states and accept queues, /proc/PID for descriptors and children.
 */
#define _GNU_SOURCE /* syscall numbers */

#include "test/kernel.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* How long the wait helpers pause between two looks at /proc. */
#define POLL_PAUSE_NS 1000000L /* 1 ms */

const char *
kernel_tcp_state_name(int state)
{
	static const char *const names[] = {
		"none (not listed)", "ESTABLISHED", "SYN_SENT", "SYN_RECV",
		"FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT",
		"LAST_ACK", "LISTEN", "CLOSING",
	};

	if (state < 0 || (size_t)state >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[state];
}

unsigned long
kernel_socket_inode(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1 || !S_ISSOCK(st.st_mode))
		return 0;
	return (unsigned long)st.st_ino;
}

/* One row of /proc/net/tcp{,6}. */
struct tcp_row {
	unsigned local_port;
	int state;
	unsigned rx_queue;
	unsigned long inode;
};

/*
 * Calls visit(row, ctx) for every row of both tables; stops early when
 * visit returns non-zero and returns that value. Returns -1 if neither
 * table can be read.
 */
static int
tcp_scan(int (*visit)(const struct tcp_row *, void *), void *ctx)
{
	static const char *const tables[] = { "/proc/net/tcp",
		"/proc/net/tcp6" };
	int readable = 0;

	for (size_t t = 0; t < 2; t++) {
		FILE *f = fopen(tables[t], "re");
		char line[512];
		int rc = 0;

		if (f == NULL)
			continue;
		readable = 1;
		if (fgets(line, sizeof(line), f) == NULL) { /* the header */
			fclose(f);
			continue;
		}
		while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
			struct tcp_row row;
			unsigned tx;

			/* sl local:port remote:port st tx:rx tr:when retr uid
			 * timeout inode */
			if (sscanf(line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x"
			    " %x %x:%x %*x:%*x %*x %*u %*d %lu",
			    &row.local_port, (unsigned *)&row.state, &tx,
			    &row.rx_queue, &row.inode) != 5)
				continue;
			rc = visit(&row, ctx);
		}
		fclose(f);
		if (rc != 0)
			return rc;
	}
	return readable ? 0 : -1;
}

struct inode_query {
	unsigned long inode;
	int state;
	unsigned queue;
};

static int
match_inode(const struct tcp_row *row, void *ctx)
{
	struct inode_query *q = ctx;

	if (row->inode != q->inode)
		return 0;
	q->state = row->state;
	q->queue = row->rx_queue;
	return 1;
}

int
kernel_tcp_state_of_fd(int fd, unsigned *queue)
{
	struct inode_query q = { kernel_socket_inode(fd), KERNEL_TCP_NONE, 0 };

	if (q.inode == 0)
		return KERNEL_TCP_NONE;
	if (tcp_scan(match_inode, &q) == -1)
		return -1;
	if (queue != NULL)
		*queue = q.queue;
	return q.state;
}

struct port_query {
	unsigned port;
	int state;
	int count;
};

static int
match_port(const struct tcp_row *row, void *ctx)
{
	struct port_query *q = ctx;

	if (row->local_port == q->port &&
	    (q->state == KERNEL_TCP_NONE || row->state == q->state))
		q->count++;
	return 0;
}

int
kernel_tcp_count_port(uint16_t port, int state)
{
	struct port_query q = { port, state, 0 };

	if (tcp_scan(match_port, &q) == -1)
		return -1;
	return q.count;
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Between two looks at /proc by the kernel_wait_* functions: a socket's
 * TCP state and a listener's accept-queue length raise no event a test
 * could poll() for, so they are sampled, up to a deadline.
 */
static void
pause_briefly(void)
{
	struct timespec ts = { 0, POLL_PAUSE_NS };

	nanosleep(&ts, NULL);
}

int
kernel_wait_accept_queue(int fd, unsigned want, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	unsigned queue = 0;

	for (;;) {
		int state = kernel_tcp_state_of_fd(fd, &queue);

		if (state == -1)
			return -1;
		if (state != KERNEL_TCP_LISTEN)
			queue = 0;
		if (queue >= want || now_ms() >= deadline)
			return (int)queue;
		pause_briefly();
	}
}

int
kernel_wait_port_state(uint16_t port, int state, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		int n = kernel_tcp_count_port(port, state);

		if (n == -1)
			return -1;
		if (n > 0)
			return 1;
		if (now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

int
kernel_proc_self(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

int
kernel_count_fds(int pid)
{
	char path[64];
	DIR *dir;
	struct dirent *de;
	int count = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.')
			count++;
	closedir(dir);
	/* Reading our own table counts the directory stream as well. */
	if (pid == kernel_proc_self())
		count--;
	return count;
}

int
kernel_holds_socket(int pid, unsigned long inode)
{
	char path[64], want[64];
	DIR *dir;
	struct dirent *de;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	dir = opendir(path);
	if (dir == NULL)
		return 0;
	while (!found && (de = readdir(dir)) != NULL) {
		char link[PATH_MAX], target[128];
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", path, de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strcmp(target, want) == 0;
	}
	closedir(dir);
	return found;
}

/* Reads state and parent of process pid from /proc/PID/stat. */
static int
read_stat(int pid, char *state, int *ppid)
{
	char path[64], buf[1024];
	FILE *f;
	size_t n;
	char *close_paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the last
	 * ')' before reading the fields after it. */
	close_paren = strrchr(buf, ')');
	if (close_paren == NULL ||
	    sscanf(close_paren + 1, " %c %d", state, ppid) != 2)
		return -1;
	return 0;
}

char
kernel_process_state(int pid)
{
	char state;
	int ppid;

	return read_stat(pid, &state, &ppid) == 0 ? state : 0;
}

/*
 * Finds the children of pid: stores up to cap of them in pids, counts the
 * zombies among them in *zombies. Returns the number of children, or -1.
 */
static int
scan_children(int pid, int *pids, int cap, int *zombies)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	int count = 0;

	if (proc == NULL)
		return -1;
	while ((de = readdir(proc)) != NULL) {
		char state, *end;
		int ppid;
		long child = strtol(de->d_name, &end, 10);

		if (*end != '\0' || child <= 0 ||
		    read_stat((int)child, &state, &ppid) == -1 || ppid != pid)
			continue;
		if (count < cap)
			pids[count] = (int)child;
		if (zombies != NULL && state == 'Z')
			(*zombies)++;
		count++;
	}
	closedir(proc);
	return count;
}

int
kernel_children(int pid, int *pids, int cap)
{
	return scan_children(pid, pids, cap, NULL);
}

int
kernel_zombie_children(int pid)
{
	int zombies = 0;

	if (scan_children(pid, NULL, 0, &zombies) == -1)
		return -1;
	return zombies;
}

/*
 * The system call pid sleeps in and its first argument: 1 when read, 0
 * when it runs, -2 when /proc/PID/syscall cannot be read.
 */
static int
blocked_call(int pid, long *nr, unsigned long *arg0)
{
	char path[64], buf[256];
	FILE *f;
	int got;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "re");
	if (f == NULL)
		return -2;
	got = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!got)
		return -2;
	return sscanf(buf, "%ld %lx", nr, arg0) == 2 ? 1 : 0;
}

/* Returns the system call pid sleeps in, -2 if unknown, -1 if running. */
static long
blocked_syscall(int pid)
{
	long nr;
	unsigned long arg0;
	int got = blocked_call(pid, &nr, &arg0);

	return got == 1 ? nr : got == 0 ? -1 : -2;
}

static int
in_accept(long nr)
{
#ifdef SYS_accept
	if (nr == SYS_accept)
		return 1;
#endif
	return nr == SYS_accept4;
}

int
kernel_wait_in_accept(int pid, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		char state = kernel_process_state(pid);
		long nr;

		if (state == 0 || state == 'Z')
			return 0;
		if (state == 'S') {
			nr = blocked_syscall(pid);
			if (nr == -2 || in_accept(nr))
				return 1;
		}
		if (now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

/* 1 if descriptor slot of process pid is the same open file as our fd. */
static int
same_file(int pid, int slot, int fd)
{
	char path[64];
	struct stat theirs, ours;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, slot);
	return stat(path, &theirs) == 0 && fstat(fd, &ours) == 0 &&
	    theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino;
}

int
kernel_wait_blocked_on(int pid, int fd, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		char state = kernel_process_state(pid);
		unsigned long arg0;
		long nr;

		if (state == 0 || state == 'Z')
			return 0;
		if (state == 'S') {
			int rc = blocked_call(pid, &nr, &arg0);

			if (rc == -2 || (rc == 1 && arg0 <= INT_MAX &&
			    same_file(pid, (int)arg0, fd)))
				return 1;
		}
		if (now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

int
kernel_wait_sleeping(int pid, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		char state = kernel_process_state(pid);

		if (state == 0 || state == 'Z')
			return 0;
		if (state == 'S' || state == 'D')
			return 1;
		if (now_ms() >= deadline)
			return 0;
		pause_briefly();
	}
}

