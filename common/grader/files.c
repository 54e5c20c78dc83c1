/*
 * The few file operations the grader needs: checked path building, the
 * scratch copy of a submission (only names that are safe to build), and
 * reading a log back.
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

#include "grader/clean.h"
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

/* True for [A-Za-z0-9_-]+\.c: a name no shell or make reads specially. */
static int
is_source_name(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-");

	return n > 0 && strcmp(name + n, ".c") == 0;
}

static int
ends_in_c(const char *name)
{
	size_t n = strlen(name);

	return n >= 2 && strcmp(name + n - 2, ".c") == 0;
}

/*
 * Adds "skipped NAME: why" to notes, the name kept on one line (the notes
 * are cleaned as a whole at the end).
 */
static void
note_skipped(FILE *notes, const char *name, const char *why)
{
	fputs("skipped \"", notes);
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\x0a", notes);
		else if (*p == '\t')
			fputs("\\x09", notes);
		else
			fputc(*p, notes);
	}
	fprintf(notes, "\": %s\n", why);
}

/*
 * Copies the open regular file in (described by st) to name in the
 * directory dst_dir. buf holds FILES_SOURCE_MAX_BYTES + 1 bytes. Returns
 * 0, 1 when the file grew past the limit while it was read (nothing is
 * left at the destination), or -1 with errno set.
 */
static int
copy_source(int in, const struct stat *st, int dst_dir, const char *name,
    char *buf)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	ssize_t n = rio_readn(in, buf, FILES_SOURCE_MAX_BYTES + 1);
	int out, saved;

	if (n == -1)
		return -1;
	if (n > FILES_SOURCE_MAX_BYTES)
		return 1;
	out = openat(dst_dir, name,
	    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (out == -1)
		return -1;
	if (rio_writen(out, buf, (size_t)n) == -1 ||
	    futimens(out, times) == -1) {
		saved = errno;
		close(out);
		unlinkat(dst_dir, name, 0);
		errno = saved;
		return -1;
	}
	return close(out);
}

/*
 * Takes one directory entry: copies it if it is a source file, else says
 * in notes why not. Returns 1 when copied, 0 when skipped, or -1 with
 * errno set when the copy could not be written.
 */
static int
take_source(int src_dir, int dst_dir, const char *name, int taken,
    char *buf, FILE *notes)
{
	struct stat st, opened;
	char why[96];
	int in, rc;

	if (!is_source_name(name)) {
		if (ends_in_c(name))
			note_skipped(notes, name, "a source file's name is "
			    "letters, digits, _ or -, then .c");
		return 0;
	}
	if (fstatat(src_dir, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		note_skipped(notes, name, strerror(errno));
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		note_skipped(notes, name, S_ISLNK(st.st_mode) ?
		    "a link (links are not followed)" : "not a regular file");
		return 0;
	}
	if (st.st_size > FILES_SOURCE_MAX_BYTES) {
		snprintf(why, sizeof(why), "%lld bytes, more than the %d "
		    "allowed", (long long)st.st_size, FILES_SOURCE_MAX_BYTES);
		note_skipped(notes, name, why);
		return 0;
	}
	if (taken >= FILES_SOURCES_MAX) {
		snprintf(why, sizeof(why), "more than %d source files",
		    FILES_SOURCES_MAX);
		note_skipped(notes, name, why);
		return 0;
	}
	/* Opened without following links, and checked to be what we saw. */
	in = openat(src_dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (in == -1) {
		note_skipped(notes, name, strerror(errno));
		return 0;
	}
	if (fstat(in, &opened) == -1 || opened.st_ino != st.st_ino ||
	    opened.st_dev != st.st_dev) {
		close(in);
		note_skipped(notes, name, "changed while it was copied");
		return 0;
	}
	rc = copy_source(in, &opened, dst_dir, name, buf);
	close(in);
	if (rc == 1) {
		note_skipped(notes, name, "grew past the size limit while "
		    "it was copied");
		return 0;
	}
	return rc == 0 ? 1 : -1;
}

int
files_copy_sources(const char *from, const char *to, char **notes)
{
	struct dirent **names = NULL;
	char *buf = NULL, *text = NULL;
	size_t text_len = 0;
	FILE *note = NULL;
	int count, src_dir = -1, dst_dir = -1, taken = 0, rc = -1, saved;

	*notes = NULL;
	count = scandir(from, &names, NULL, alphasort);
	if (count == -1)
		return -1;
	src_dir = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dst_dir = open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	buf = malloc(FILES_SOURCE_MAX_BYTES + 1);
	note = open_memstream(&text, &text_len);
	if (src_dir == -1 || dst_dir == -1 || buf == NULL || note == NULL)
		goto out;
	rc = 0;
	for (int i = 0; i < count && rc == 0; i++) {
		const char *name = names[i]->d_name;
		int took;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		took = take_source(src_dir, dst_dir, name, taken, buf, note);
		if (took == -1)
			rc = -1;
		else
			taken += took;
	}
out:
	saved = errno;
	if (note != NULL && fclose(note) != 0 && rc == 0) {
		saved = errno;
		rc = -1;
	}
	if (rc == 0 && text != NULL && text_len > 0) {
		text[text_len - 1] = '\0'; /* the last newline */
		*notes = clean_string(text);
		if (*notes == NULL) {
			saved = ENOMEM;
			rc = -1;
		}
	}
	free(text);
	free(buf);
	for (int i = 0; i < count; i++)
		free(names[i]);
	free(names);
	if (src_dir != -1)
		close(src_dir);
	if (dst_dir != -1)
		close(dst_dir);
	errno = saved;
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
