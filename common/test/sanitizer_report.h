#ifndef SOCKLAB_COMMON_TEST_SANITIZER_REPORT_H
#define SOCKLAB_COMMON_TEST_SANITIZER_REPORT_H

/*
 * Reading what AddressSanitizer, UndefinedBehaviorSanitizer and
 * LeakSanitizer wrote on a worker's standard error, to name the finding
 * in the student's terms: the kind of error, and the first place in the
 * student's own sources (compiled as /src/NAME.c in the sandbox) where
 * it happened or where the leaked memory was allocated.
 *
 * The text comes from the worker, so it is only used for words in a
 * hint: every field is cut to safe characters, and the verdict never
 * rests on it (it rests on the worker's exit status).
 */

#include <stddef.h>

enum sanitizer_kind {
	SANITIZER_NONE,        /* no report found */
	SANITIZER_MEMORY,      /* AddressSanitizer: overflow, use after free */
	SANITIZER_UNDEFINED,   /* UndefinedBehaviorSanitizer: runtime error */
	SANITIZER_LEAK,        /* LeakSanitizer: memory never freed */
};

struct sanitizer_finding {
	enum sanitizer_kind kind;
	char error[96];        /* "heap-buffer-overflow", "shift exponent 40
				  is too large for 32-bit type 'int'" */
	char access[48];       /* "WRITE of size 4", or "" */
	char function[64];     /* the student's function, or "" */
	char file[64];         /* its file, "sockets.c", or "" */
	int line;              /* 0 when unknown */
	unsigned long leaked;  /* bytes, for a leak */
};

/*
 * Finds the first sanitizer report in text (len bytes, not necessarily
 * NUL-terminated) and fills f. For a leak only a leak allocated from the
 * student's sources counts (the test support's and the C library's own
 * are not the student's). Returns 1 when f names a finding, 0 if not.
 */
int sanitizer_parse(const char *text, size_t len,
    struct sanitizer_finding *f);

/*
 * Writes a one-line hint for f into buf: what went wrong, in which of the
 * student's functions and where, and what usually causes it.
 */
void sanitizer_describe(const struct sanitizer_finding *f, char *buf,
    size_t size);

#endif
