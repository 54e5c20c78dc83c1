/*
 * Cleaning untrusted text: what a student's code printed must reach the
 * terminal, report.json, grades.csv and Gradescope as plain, visible text.
 */
#include "grader/clean.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "… (18446744073709551615 more bytes)" fits in this, with room to spare. */
#define CLEAN_SUFFIX_ROOM 48

/* The longest piece one input character can become ("\u202e" or U+FFFD). */
#define CLEAN_PIECE_MAX 8

size_t
clean_utf8_decode(const unsigned char *p, size_t avail, unsigned int *cp)
{
	size_t len;
	unsigned int min, c;

	if (avail == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2; min = 0x80; c = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3; min = 0x800; c = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4; min = 0x10000; c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > avail)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/*
 * Code points that are valid but act on the display: C1 controls (U+009B
 * is CSI on some terminals), bidi embeddings, overrides and isolates (they
 * reorder what is shown), and the Unicode line and paragraph separators.
 */
static int
is_invisible_control(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
	    cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Writes into piece what the character at p becomes; returns its length
 * and sets *used to the input bytes it stands for.
 */
static size_t
clean_piece(const unsigned char *p, size_t avail, char *piece, size_t *used)
{
	unsigned int cp;
	size_t len = clean_utf8_decode(p, avail, &cp);

	if (len == 0) {
		*used = 1;
		memcpy(piece, "\xEF\xBF\xBD", 3); /* U+FFFD */
		return 3;
	}
	*used = len;
	if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp < 0x7F) ||
	    (cp > 0x7F && !is_invisible_control(cp))) {
		memcpy(piece, p, len);
		return len;
	}
	if (cp < 0x80)
		return (size_t)snprintf(piece, CLEAN_PIECE_MAX, "\\x%02x", cp);
	return (size_t)snprintf(piece, CLEAN_PIECE_MAX, "\\u%04x", cp);
}

char *
clean_text(const char *s, size_t len)
{
	const unsigned char *in = (const unsigned char *)s;
	char *out = malloc(CLEAN_MAX_BYTES + 1);
	size_t pos = 0, used = 0;
	size_t cut_in = 0, cut_out = 0; /* the last place a cut may fall */

	if (out == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	while (pos < len) {
		char piece[CLEAN_PIECE_MAX];
		size_t step, n = clean_piece(in + pos, len - pos, piece, &step);

		if (used + n > CLEAN_MAX_BYTES) {
			snprintf(out + cut_out, CLEAN_MAX_BYTES + 1 - cut_out,
			    "\xE2\x80\xA6 (%zu more bytes)", len - cut_in);
			return out;
		}
		memcpy(out + used, piece, n);
		used += n;
		pos += step;
		if (used <= CLEAN_MAX_BYTES - CLEAN_SUFFIX_ROOM) {
			cut_in = pos;
			cut_out = used;
		}
	}
	out[used] = '\0';
	return out;
}

char *
clean_string(const char *s)
{
	if (s == NULL)
		s = "";
	return clean_text(s, strlen(s));
}

int
clean_in_place(char **s)
{
	char *clean;

	if (*s == NULL)
		return 0;
	clean = clean_string(*s);
	if (clean == NULL)
		return -1;
	free(*s);
	*s = clean;
	return 0;
}
