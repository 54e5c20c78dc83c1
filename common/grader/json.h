#ifndef SOCKLAB_COMMON_GRADER_JSON_H
#define SOCKLAB_COMMON_GRADER_JSON_H

#include <stdio.h>

/*
 * Writes s as a JSON string literal, quotes included. Quotes, backslashes
 * and every control character (C0, DEL, C1, U+2028, U+2029) are escaped;
 * bytes that are not valid UTF-8 are written as \ufffd, so the output is
 * valid JSON whatever a test message holds.
 */
void json_write_string(FILE *out, const char *s);

#endif
