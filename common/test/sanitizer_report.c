/*
 * Reading sanitizer reports: see sanitizer_report.h. The formats are
 * those of GCC's and Clang's runtimes (compiler-rt's sanitizer_common):
 *
 *   ==2==ERROR: AddressSanitizer: heap-buffer-overflow on address ...
 *   WRITE of size 4 at 0x602000000018 thread T0
 *       #0 0x55d0c2 in sock_describe /src/sockets.c:33
 *   0x602000000018 is located 0 bytes to the right of 8-byte region [...)
 *
 *   /src/sockets.c:20:12: runtime error: shift exponent 40 is too large ...
 *
 *   Direct leak of 16 byte(s) in 1 object(s) allocated from:
 *       #0 0x7f3a1c in malloc (/usr/lib/x86_64-linux-gnu/libasan.so.8+0x..)
 *       #1 0x55d0c2 in sock_open /src/sockets.c:20
 */
#include "test/sanitizer_report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the report, as a pointer and a length (not terminated). */
struct line {
	const char *p;
	size_t n;
};

/* Moves *at past the next line of text; 0 when there is none. */
static int
next_line(const char *text, size_t len, size_t *at, struct line *l)
{
	const char *nl;

	if (*at >= len)
		return 0;
	l->p = text + *at;
	nl = memchr(l->p, '\n', len - *at);
	l->n = nl != NULL ? (size_t)(nl - l->p) : len - *at;
	*at += l->n + (nl != NULL);
	return 1;
}

/* Where needle starts in the line, or NULL. */
static const char *
line_find(const struct line *l, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= l->n && i <= l->n - k; i++)
		if (memcmp(l->p + i, needle, k) == 0)
			return l->p + i;
	return NULL;
}

/*
 * Copies n bytes of s into dst as printable ASCII (anything else becomes
 * '?'), cut to the destination: the text came from the worker.
 */
static void
copy_safe(char *dst, size_t size, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size; i++)
		dst[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	dst[i] = '\0';
}

/*
 * If path (n bytes) is one of the student's sources (/src/NAME.c in the
 * sandbox, or an absolute .../src/NAME.c when graded unsandboxed), copies
 * NAME.c into file and returns 1. The sanitizer runtime's own sources
 * ("../../../../src/libsanitizer/...") and the test support's (relative
 * "common/...", "labs/...") never match.
 */
static int
student_file(const char *path, size_t n, char *file, size_t size)
{
	const char *name = NULL;

	if (n == 0 || path[0] != '/')
		return 0;
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(path + i, "/src/", 5) == 0)
			name = path + i + 5;
	if (name == NULL || (size_t)(path + n - name) < 3)
		return 0;
	for (const char *c = name; c < path + n; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' &&
		    *c != '.')
			return 0;
	if (memcmp(path + n - 2, ".c", 2) != 0)
		return 0;
	copy_safe(file, size, name, (size_t)(path + n - name));
	return 1;
}

/*
 * Reads a stack frame line ("#N 0xADDR in FUNC FILE:LINE[:COL]"); if
 * FILE is the student's, fills function, file and line and returns 1.
 */
static int
student_frame(const struct line *l, struct sanitizer_finding *f)
{
	const char *in = line_find(l, " in ");
	const char *end = l->p + l->n;
	const char *func, *path, *colon, *p;
	size_t i = 0;

	while (i < l->n && l->p[i] == ' ')
		i++;
	if (i >= l->n || l->p[i] != '#' || in == NULL)
		return 0;
	func = in + 4;
	path = memchr(func, ' ', (size_t)(end - func));
	if (path == NULL)
		return 0;
	/* FILE:LINE or FILE:LINE:COL: the line is after the first colon. */
	colon = memchr(path + 1, ':', (size_t)(end - path - 1));
	if (colon == NULL || !student_file(path + 1,
	    (size_t)(colon - path - 1), f->file, sizeof(f->file)))
		return 0;
	copy_safe(f->function, sizeof(f->function), func,
	    (size_t)(path - func));
	f->line = 0;
	for (p = colon + 1; p < end && isdigit((unsigned char)*p) &&
	    f->line < 1000000; p++)
		f->line = f->line * 10 + (*p - '0');
	return 1;
}

/*
 * "heap-buffer-overflow on address 0x... at pc ..." gives
 * "heap-buffer-overflow"; "SEGV on unknown address 0x0 (pc ...)" gives
 * "SEGV on unknown address": the text before the first address.
 */
static void
asan_error(const struct line *l, const char *start,
    struct sanitizer_finding *f)
{
	static const char *const stops[] = { " on address ", " on 0x", " 0x",
	    " at pc ", " (pc " };
	struct line rest = { start, (size_t)(l->p + l->n - start) };
	const char *end = l->p + l->n;

	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		const char *s = line_find(&rest, stops[i]);

		if (s != NULL && s < end)
			end = s;
	}
	copy_safe(f->error, sizeof(f->error), start, (size_t)(end - start));
}

/*
 * Reads the report that starts at *at (after its ERROR or runtime error
 * line) up to the first frame in the student's code.
 */
static void
find_student_frame(const char *text, size_t len, size_t at,
    struct sanitizer_finding *f, int stop_at_blank)
{
	struct line l;

	while (next_line(text, len, &at, &l)) {
		if (stop_at_blank && l.n == 0)
			return;
		if (f->access[0] == '\0' && (line_find(&l, "READ of size") ==
		    l.p || line_find(&l, "WRITE of size") == l.p)) {
			const char *at_word = line_find(&l, " at ");

			copy_safe(f->access, sizeof(f->access), l.p,
			    at_word != NULL ? (size_t)(at_word - l.p) : l.n);
		}
		if (student_frame(&l, f))
			return;
	}
}

/* A leak record allocated from the student's code, or 0. */
static int
parse_leaks(const char *text, size_t len, struct sanitizer_finding *f)
{
	size_t at = 0;
	struct line l;

	while (next_line(text, len, &at, &l)) {
		const char *of = line_find(&l, "leak of ");
		unsigned long bytes;

		if (of == NULL || (line_find(&l, "Direct leak") != l.p &&
		    line_find(&l, "Indirect leak") != l.p))
			continue;
		bytes = strtoul(of + 8, NULL, 10);
		f->function[0] = f->file[0] = '\0';
		find_student_frame(text, len, at, f, 1);
		if (f->file[0] != '\0') {
			f->kind = SANITIZER_LEAK;
			f->leaked = bytes;
			snprintf(f->error, sizeof(f->error), "memory leak");
			return 1;
		}
	}
	return 0;
}

int
sanitizer_parse(const char *text, size_t len, struct sanitizer_finding *f)
{
	size_t at = 0;
	struct line l;

	memset(f, 0, sizeof(*f));
	while (next_line(text, len, &at, &l)) {
		const char *asan = line_find(&l, "ERROR: AddressSanitizer: ");
		const char *ub = line_find(&l, ": runtime error: ");

		if (asan != NULL) {
			f->kind = SANITIZER_MEMORY;
			asan_error(&l, asan + 25, f);
			find_student_frame(text, len, at, f, 0);
			return 1;
		}
		if (ub != NULL) {
			const char *colon;

			f->kind = SANITIZER_UNDEFINED;
			copy_safe(f->error, sizeof(f->error), ub + 17,
			    (size_t)(l.p + l.n - ub - 17));
			/* The line's own location, if it is the student's. */
			colon = memchr(l.p, ':', l.n);
			if (colon != NULL && student_file(l.p,
			    (size_t)(colon - l.p), f->file, sizeof(f->file)))
				f->line = atoi(colon + 1);
			find_student_frame(text, len, at, f, 1);
			return 1;
		}
		if (line_find(&l, "ERROR: LeakSanitizer: detected memory "
		    "leaks") != NULL)
			return parse_leaks(text, len, f);
	}
	return 0;
}

/* What usually causes each kind of finding, for the student. */
static const char *
likely_cause(const struct sanitizer_finding *f)
{
	static const struct {
		const char *error;
		const char *cause;
	} causes[] = {
		{ "heap-buffer-overflow", "an index or length one too large, "
		  "or a buffer sized without room for the NUL" },
		{ "stack-buffer-overflow", "a local array written past its "
		  "end: check the length given to read(), memcpy() or the "
		  "loop bound" },
		{ "global-buffer-overflow", "a global array read or written "
		  "past its end" },
		{ "heap-use-after-free", "memory used after free(): free it "
		  "only when nothing needs it any more" },
		{ "double-free", "the same pointer freed twice" },
		{ "SEGV", "a NULL or uninitialised pointer dereferenced" },
		{ "stack-use-after-return", "a pointer to a local variable "
		  "used after its function returned" },
		{ "shift exponent", "a shift by as many bits as the type has, "
		  "or more: shift a wider unsigned type" },
		{ "left shift of", "a shift into the sign bit of an int: "
		  "shift unsigned values (uint32_t) instead" },
		{ "signed integer overflow", "an int that grew past INT_MAX: "
		  "compute in a wider or unsigned type" },
		{ "out of bounds", "an array index outside the array" },
		{ "null pointer", "a NULL pointer used" },
		{ "misaligned address", "a pointer cast to a wider type at an "
		  "address it cannot live at: copy with memcpy() instead" },
	};

	if (f->kind == SANITIZER_LEAK)
		return "every malloc() needs a free() on every path, the "
		       "error paths too (and every getaddrinfo() its "
		       "freeaddrinfo())";
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strstr(f->error, causes[i].error) != NULL)
			return causes[i].cause;
	return f->kind == SANITIZER_UNDEFINED ? "undefined behaviour: the "
	    "program's result is not defined by C" : "a memory error";
}

void
sanitizer_describe(const struct sanitizer_finding *f, char *buf, size_t size)
{
	char where[160] = "";
	const char *sanitizer = f->kind == SANITIZER_LEAK ? "LeakSanitizer" :
	    f->kind == SANITIZER_UNDEFINED ? "UndefinedBehaviorSanitizer" :
	    "AddressSanitizer";

	if (f->file[0] != '\0' && f->function[0] != '\0')
		snprintf(where, sizeof(where), " in %s (%s:%d)", f->function,
		    f->file, f->line);
	else if (f->file[0] != '\0')
		snprintf(where, sizeof(where), " at %s:%d", f->file, f->line);
	else
		snprintf(where, sizeof(where), " (no frame in your sources: "
		    "in a library function your code called)");
	if (f->kind == SANITIZER_LEAK)
		snprintf(buf, size, "%s: %lu bytes allocated%s were never "
		    "freed (%s): %s", f->error, f->leaked, where, sanitizer,
		    likely_cause(f));
	else
		snprintf(buf, size, "%s%s%s%s (%s): %s", f->error,
		    f->access[0] != '\0' ? ", " : "", f->access, where,
		    sanitizer, likely_cause(f));
}
