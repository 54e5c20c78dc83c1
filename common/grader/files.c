/*
 * The few file operations the grader needs: checked path building, the
 * scratch copy of a submission, and reading a log back.
 */
#include "grader/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rio.h"

/*
 * snprintf for paths: returns 0, or -1 with errno ENAMETOOLONG when the
 * result did not fit (a truncated path would name the wrong file).
 */
int
files_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
files_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

/* Copies src to dst, keeping src's modification time (for make). */
int
files_copy(const char *src, const char *dst)
{
	char buf[65536];
	struct stat st;
	struct timespec times[2];
	int in, out, rc = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in == -1)
		return -1;
	if (fstat(in, &st) == -1 ||
	    (out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1) {
		int saved = errno;

		close(in);
		errno = saved;
		return -1;
	}
	while ((n = rio_readn(in, buf, sizeof(buf))) > 0)
		if (rio_writen(out, buf, (size_t)n) == -1) {
			rc = -1;
			break;
		}
	if (n == -1)
		rc = -1;
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	if (rc == 0 && futimens(out, times) == -1)
		rc = -1;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return n > s && strcmp(name + n - s, suffix) == 0;
}

/* Copies (or, with dst NULL, deletes) every regular *suffix file of dir. */
int
files_copy_matching(const char *dir, const char *suffix, const char *dst)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char from[PATH_MAX], to[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.' || !has_suffix(de->d_name, suffix))
			continue;
		if (files_path(from, sizeof(from), "%s/%s", dir,
		    de->d_name) == -1) {
			rc = -1;
			continue;
		}
		if (lstat(from, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		if (dst == NULL) {
			if (unlink(from) == -1)
				rc = -1;
			continue;
		}
		if (files_path(to, sizeof(to), "%s/%s", dst, de->d_name) == -1 ||
		    files_copy(from, to) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}

char *
files_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	ssize_t n;
	int truncated;

	if (fd == -1)
		return NULL;
	buf = malloc(65536);
	if (buf == NULL) {
		close(fd);
		return NULL;
	}
	n = rio_read_all(fd, buf, 65535, &truncated);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}
