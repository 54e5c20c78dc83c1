#define _DEFAULT_SOURCE /* SOCK_CLOEXEC, dirfd */

#include "test/fixtures.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
fixture_count_open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int count = 0;

	if (dir == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.')
			count++;
	closedir(dir);
	return count - 1; /* the directory stream's own descriptor */
}

int
fixture_fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

const char *
fixture_errno_name(int err)
{
	static const struct {
		int value;
		const char *name;
	} names[] = {
		{ 0, "0 (no error)" },
		{ EACCES, "EACCES" }, { EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EAGAIN, "EAGAIN" },
		{ EBADF, "EBADF" }, { ECONNABORTED, "ECONNABORTED" },
		{ ECONNREFUSED, "ECONNREFUSED" }, { ECONNRESET, "ECONNRESET" },
		{ EINTR, "EINTR" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" },
		{ ENFILE, "ENFILE" }, { ENOSYS, "ENOSYS" },
		{ ENOTSOCK, "ENOTSOCK" }, { EPERM, "EPERM" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EPROTOTYPE, "EPROTOTYPE" }, { EPIPE, "EPIPE" },
		{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ENOENT, "ENOENT" },
		{ EMSGSIZE, "EMSGSIZE" }, { EPROTO, "EPROTO" },
		{ ENOMEM, "ENOMEM" }, { ENOSPC, "ENOSPC" },
		{ ENOTCONN, "ENOTCONN" }, { EINPROGRESS, "EINPROGRESS" },
		{ ECHILD, "ECHILD" }, { EISCONN, "EISCONN" },
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { ENETUNREACH, "ENETUNREACH" },
		{ EALREADY, "EALREADY" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOBUFS, "ENOBUFS" }, { ESRCH, "ESRCH" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].value == err)
			return names[i].name;
	return "E?";
}

int
fixture_ipv6_available(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

const char *
fixture_family_name(int family)
{
	switch (family) {
	case AF_INET: return "AF_INET";
	case AF_INET6: return "AF_INET6";
	case AF_UNIX: return "AF_UNIX";
	case AF_UNSPEC: return "AF_UNSPEC";
	default: return "unknown";
	}
}

const char *
fixture_socktype_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "SOCK_STREAM";
	case SOCK_DGRAM: return "SOCK_DGRAM";
	case SOCK_RAW: return "SOCK_RAW";
	case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
	default: return "unknown";
	}
}

int
fixture_loopback_socket(int backlog, uint16_t *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int saved;

	if (fd == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    (backlog <= 0 || listen(fd, backlog) == 0) &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0) {
		*port = ntohs(sin.sin_port);
		return fd;
	}
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

uint16_t
fixture_closed_port(void)
{
	uint16_t port = 0;
	int fd = fixture_loopback_socket(0, &port);

	if (fd == -1)
		return 0;
	close(fd);
	return port;
}
