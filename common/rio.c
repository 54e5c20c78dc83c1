#include "rio.h"

#include <errno.h>
#include <unistd.h>

ssize_t
rio_readn(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t
rio_writen(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t
rio_read_all(int fd, char *buf, size_t cap, int *truncated)
{
	size_t used = 0;
	char sink[4096];

	*truncated = 0;
	for (;;) {
		char *dst = used < cap ? buf + used : sink;
		size_t room = used < cap ? cap - used : sizeof(sink);
		ssize_t n = read(fd, dst, room);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return (ssize_t)used;
		if (dst == sink)
			*truncated = 1;
		else
			used += (size_t)n;
	}
}
