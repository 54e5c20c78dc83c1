/*
 * The test run's private network namespace: see confine.h.
 */
#define _GNU_SOURCE /* unshare */

#include "grader/confine.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rio.h"

static int
write_text_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int saved;

	if (fd == -1)
		return -1;
	n = rio_writen(fd, text, strlen(text));
	saved = errno;
	close(fd);
	errno = saved;
	return n == -1 ? -1 : 0;
}

/* Maps the current ids to root in a new user namespace. */
static int
enter_user_namespace(int extra_flags)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER | extra_flags) == -1)
		return -1;
	/* Unprivileged gid maps need setgroups(2) disabled first. */
	if (write_text_file("/proc/self/setgroups", "deny") == -1)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (write_text_file("/proc/self/uid_map", map) == -1)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	return write_text_file("/proc/self/gid_map", map);
}

/* A new network namespace has lo down; tests need it up. */
static int
bring_up_loopback(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

int
confine_enter_network_namespace(void)
{
	int rc = geteuid() == 0 ? unshare(CLONE_NEWNET) :
	    enter_user_namespace(CLONE_NEWNET);

	return rc == -1 ? -1 : bring_up_loopback();
}
