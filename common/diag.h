#ifndef SOCKLAB_COMMON_DIAG_H
#define SOCKLAB_COMMON_DIAG_H

/*
 * Error reporting for socklab's programs (never for library code, which
 * returns -1 with errno set). Messages go to stderr as
 * "prog: what failed: strerror(errno)".
 */

/* Sets the name printed before every message (usually argv[0]'s basename). */
void diag_set_progname(const char *argv0);

/* Prints the message and strerror(errno), then exits with status. */
void diag_die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* Prints the message alone, then exits with status. */
void diag_diex(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* Prints the message and strerror(errno); errno is preserved. */
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the message alone; errno is preserved. */
void diag_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
