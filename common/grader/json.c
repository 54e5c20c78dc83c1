#include "grader/json.h"

#include <stddef.h>
#include <string.h>

#include "grader/clean.h"

void
json_write_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t left = strlen((const char *)p);

	fputc('"', out);
	while (left > 0) {
		unsigned int cp;
		size_t len = clean_utf8_decode(p, left, &cp);

		if (len == 0) {
			/* Not UTF-8: RFC 8259 section 8.1 wants UTF-8 text. */
			fputs("\\ufffd", out);
			len = 1;
		} else if (cp == '"') {
			fputs("\\\"", out);
		} else if (cp == '\\') {
			fputs("\\\\", out);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\r') {
			fputs("\\r", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
		    cp == 0x2028 || cp == 0x2029) {
			/*
			 * RFC 8259 section 7 requires U+0000-U+001F escaped;
			 * DEL, C1 and the two separators JavaScript treats as
			 * line ends are escaped too, so no reader trips on them.
			 */
			fprintf(out, "\\u%04x", cp);
		} else {
			fwrite(p, 1, len, out);
		}
		p += len;
		left -= len;
	}
	fputc('"', out);
}
