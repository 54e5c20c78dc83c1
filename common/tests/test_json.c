/* Unit tests for the grader's JSON string writer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/json.h"

/* Returns what json_write_string writes for s (caller frees). */
static char *
encode(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	json_write_string(f, s);
	fclose(f);
	return buf;
}

static void
expect_encoding(const char *in, const char *want)
{
	char *got = encode(in);

	cr_expect_str_eq(got, want, "encoding of %s", in);
	free(got);
}

Test(json, plain_text_is_quoted, .timeout = 2)
{
	expect_encoding("hello", "\"hello\"");
	expect_encoding("", "\"\"");
}

Test(json, quotes_backslashes_and_controls_are_escaped, .timeout = 2)
{
	expect_encoding("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"");
	expect_encoding("a\\b\tc\r", "\"a\\\\b\\tc\\r\"");
	expect_encoding("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
}

Test(json, valid_utf8_passes_through, .timeout = 2)
{
	expect_encoding("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80\"");
}

Test(json, invalid_utf8_becomes_replacement_characters, .timeout = 2)
{
	/* A lone continuation byte, a cut sequence, an overlong slash. */
	expect_encoding("\x80", "\"\\ufffd\"");
	expect_encoding("\xc3", "\"\\ufffd\"");
	expect_encoding("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	expect_encoding("\xff""ok", "\"\\ufffdok\"");
	/* A surrogate (CESU-8) is not UTF-8 either. */
	expect_encoding("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
}

Test(json, every_control_character_is_escaped, .timeout = 2)
{
	char in[2] = { 0, 0 };

	for (int c = 1; c < 0x20; c++) {
		char *got;

		in[0] = (char)c;
		got = encode(in);
		cr_expect(strlen(got) > 3 && got[1] == '\\',
		    "control 0x%02x written raw: %s", c, got);
		free(got);
	}
	expect_encoding("\x1b[8m", "\"\\u001b[8m\"");
	/* C1 CSI and the JavaScript line separators, encoded in UTF-8. */
	expect_encoding("\xc2\x9b\xe2\x80\xa8\xe2\x80\xa9",
	    "\"\\u009b\\u2028\\u2029\"");
}
