#ifndef SOCKLAB_COMMON_GRADER_JSON_H
#define SOCKLAB_COMMON_GRADER_JSON_H

#include <stdio.h>

/*
 * Writes s as a JSON string literal, quotes included. Control characters,
 * quotes and backslashes are escaped; bytes that are not valid UTF-8 are
 * written as \u00XX, so the output parses whatever a test message holds.
 */
void json_write_string(FILE *out, const char *s);

#endif
