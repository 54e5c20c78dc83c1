#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "socklab";

void
diag_set_progname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	progname = slash != NULL ? slash + 1 : argv0;
}

/* errnum < 0 means "no system error to show". */
static void
diag_vprint(int errnum, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum >= 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
diag_die(int status, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(saved, fmt, ap);
	va_end(ap);
	exit(status);
}

void
diag_diex(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(-1, fmt, ap);
	va_end(ap);
	exit(status);
}

void
diag_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
diag_warnx(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(-1, fmt, ap);
	va_end(ap);
	errno = saved;
}
