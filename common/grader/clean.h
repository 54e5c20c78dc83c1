#ifndef SOCKLAB_COMMON_GRADER_CLEAN_H
#define SOCKLAB_COMMON_GRADER_CLEAN_H

#include <stddef.h>

/*
 * Untrusted text (test messages, compiler output, file names) made safe to
 * show on a terminal and to store in a gradebook:
 *
 *   - newline and tab are kept; every other C0 control (NUL, BS, CR, ESC,
 *     ...) and DEL becomes a visible "\x1b"; C1 controls (U+0080-U+009F)
 *     and the characters that reorder or break lines (bidi overrides and
 *     isolates, U+2028, U+2029) become a visible "\u009b";
 *   - bytes that are not valid UTF-8 become U+FFFD;
 *   - the result is at most CLEAN_MAX_BYTES long: a longer one is cut at a
 *     character boundary and ends with "... (N more bytes)" (an ellipsis).
 *
 * Nothing left can move the cursor or change colours. Cleaning is
 * idempotent: clean text cleans to itself.
 */
#define CLEAN_MAX_BYTES 2000

/*
 * Returns a clean copy of the len bytes at s (NUL bytes included), to be
 * freed by the caller, or NULL with errno ENOMEM.
 */
char *clean_text(const char *s, size_t len);

/* clean_text for a NUL-terminated string; NULL cleans to "". */
char *clean_string(const char *s);

/*
 * Replaces *s (a malloc'd string, or NULL) with its clean copy. Returns 0,
 * or -1 with errno ENOMEM (then *s is unchanged).
 */
int clean_in_place(char **s);

/*
 * Length of the valid UTF-8 sequence at p (1 to 4 bytes, at most avail),
 * or 0 when the bytes there are not valid UTF-8 (overlong forms and
 * surrogates included). *cp receives the code point.
 */
size_t clean_utf8_decode(const unsigned char *p, size_t avail,
    unsigned int *cp);

#endif
