/*
 * Attack: undo the sandbox. Each function tries what the student's code
 * could once do as root of its user namespace: remount and unmount file
 * systems, make new namespaces, trace or write into other processes,
 * reach the host's /tmp, /var/tmp and /dev/shm. It
 * prints "ESCAPE: <what>" for each attempt that worked. Expected: no
 * such line, zero points, nothing written outside, nothing left running.
 */
#define _GNU_SOURCE

#include "sockets.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void
escaped(const char *what)
{
	fprintf(stderr, "ESCAPE: %s\n", what);
}

static void
try_files(void)
{
	static const char *const places[] = {
		"/tmp/../socklab-escaped", "/var/tmp/socklab-escaped",
		"/dev/shm/../socklab-escaped", "/socklab-escaped",
		"/usr/socklab-escaped", "/etc/socklab-escaped",
	};

	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		int fd = open(places[i], O_WRONLY | O_CREAT, 0644);

		if (fd != -1) {
			escaped(places[i]);
			close(fd);
		}
	}
}

static void
try_everything(void)
{
	char buf[16];
	struct iovec local = { buf, sizeof(buf) }, remote = { (void *)4096, 16 };
	int fd;

	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL) == 0)
		escaped("remounted / read-write");
	if (umount2("/tmp", MNT_DETACH) == 0)
		escaped("unmounted /tmp");
	if (umount2("/proc", MNT_DETACH) == 0)
		escaped("unmounted /proc");
	if (mount("none", "/tmp", "tmpfs", 0, NULL) == 0)
		escaped("mounted a tmpfs");
	if (unshare(CLONE_NEWUSER) == 0)
		escaped("made a user namespace");
	if (unshare(CLONE_NEWNS) == 0)
		escaped("made a mount namespace");
	if (ptrace(PTRACE_ATTACH, 1, NULL, NULL) == 0)
		escaped("attached to pid 1");
	if (ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) == 0)
		escaped("attached to the parent");
	if (process_vm_readv(1, &local, 1, &remote, 1, 0) != -1 ||
	    errno != EPERM)
		escaped("process_vm_readv on pid 1 was not refused");
	fd = open("/proc/1/mem", O_RDWR);
	if (fd != -1 && getpid() != 1) {
		/* Writing into PID 1 is only harmless if it is filtered too. */
		char status[4096];
		int sfd = open("/proc/1/status", O_RDONLY);
		ssize_t n = sfd != -1 ? read(sfd, status, sizeof(status) - 1) : -1;

		if (n > 0) {
			status[n] = '\0';
			if (strstr(status, "Seccomp:\t2") == NULL)
				escaped("/proc/1/mem of an unfiltered PID 1");
		}
		if (sfd != -1)
			close(sfd);
	}
	if (fd != -1)
		close(fd);
	try_files();
}

int sock_open(int family, enum sock_transport t) { (void)family; (void)t; try_everything(); return -1; }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; try_everything(); return -1; }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; try_everything(); return -1; }
int sock_close(int fd) { (void)fd; try_everything(); return -1; }
