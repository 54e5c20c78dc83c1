#ifndef SOCKLAB_COMMON_GRADER_FILES_H
#define SOCKLAB_COMMON_GRADER_FILES_H

#include <stddef.h>

/*
 * snprintf for paths: returns 0, or -1 with errno ENAMETOOLONG when the
 * result did not fit (a truncated path would name the wrong file).
 */
int files_path(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* mkdir -p: returns 0 (also if it exists), or -1 with errno set. */
int files_mkdirs(const char *path);

/*
 * Copies src to dst, keeping src's modification time (so make rebuilds
 * only what changed). Returns 0, or -1 with errno set.
 */
int files_copy(const char *src, const char *dst);

/*
 * Copies every regular file of dir whose name ends in suffix into dst;
 * with dst NULL, deletes them instead. Links and dot files are skipped.
 * Returns 0, or -1 if any copy or delete failed.
 */
int files_copy_matching(const char *dir, const char *suffix,
    const char *dst);

/* The most a student's source file may hold, and how many are taken. */
#define FILES_SOURCE_MAX_BYTES (256 * 1024)
#define FILES_SOURCES_MAX 64

/*
 * Copies a submission's sources from the directory from into to: regular
 * files (never links, devices or FIFOs) named [A-Za-z0-9_-]+\.c of at most
 * FILES_SOURCE_MAX_BYTES, keeping their modification times. No other name
 * is taken, so no submission byte reaches a shell or make. *notes gets a
 * malloc'd, cleaned message saying what was skipped and why (the caller
 * frees it), or NULL when nothing was. Returns 0, or -1 with errno set
 * (then *notes is NULL).
 */
int files_copy_sources(const char *from, const char *to, char **notes);

/*
 * Reads up to 64 KiB of path into a new NUL-terminated string (the caller
 * frees it). Returns NULL with errno set on failure.
 */
char *files_read(const char *path);

#endif
