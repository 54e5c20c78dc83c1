/*
 * Unit tests for cleaning untrusted text, and for the reports that show it:
 * what a student's code prints must not steer a terminal or a spreadsheet.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/clean.h"
#include "grader/grade.h"
#include "grader/report.h"
#include "grader/results.h"

static void
expect_clean(const char *in, size_t len, const char *want)
{
	char *got = clean_text(in, len);

	cr_assert_not_null(got);
	cr_expect_str_eq(got, want, "cleaning \"%s\"", want);
	free(got);
}

/* True when s is valid UTF-8 with no byte that acts on a terminal. */
static int
is_inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	while (left > 0) {
		unsigned int cp;
		size_t n = clean_utf8_decode(p, left, &cp);

		if (n == 0 || (cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7F && cp <= 0x9F))
			return 0;
		p += n;
		left -= n;
	}
	return 1;
}

Test(clean, plain_text_and_utf8_are_kept, .timeout = 2)
{
	const char *s = "bound to port 36895,\n\texpected 8080: caf\xc3\xa9 "
	    "\xe2\x86\x92 \xf0\x9f\x98\x80 \\x1b stays text";

	expect_clean(s, strlen(s), s);
	expect_clean("", 0, "");
}

Test(clean, controls_become_visible, .timeout = 2)
{
	expect_clean("\x1b[8mhidden", 10, "\\x1b[8mhidden");
	expect_clean("100%\rScore", 10, "100%\\x0dScore");
	expect_clean("ab\b\bXY", 6, "ab\\x08\\x08XY");
	expect_clean("del\x7f", 4, "del\\x7f");
	expect_clean("nul\0after", 9, "nul\\x00after");
	expect_clean("\a\v\f", 3, "\\x07\\x0b\\x0c");
}

Test(clean, c1_controls_and_bidi_overrides_become_visible, .timeout = 2)
{
	/* U+009B is CSI to a terminal that honours C1 in UTF-8. */
	expect_clean("\xc2\x9b" "2J", 4, "\\u009b2J");
	/* U+202E reverses the rest of a line: "txt.exe" shown as "exe.txt". */
	expect_clean("a\xe2\x80\xae" "b", 5, "a\\u202eb");
	expect_clean("\xe2\x81\xa6x\xe2\x81\xa9", 7, "\\u2066x\\u2069");
	expect_clean("\xe2\x80\xa8", 3, "\\u2028");
}

Test(clean, invalid_utf8_becomes_replacement_characters, .timeout = 2)
{
	expect_clean("\xff", 1, "\xef\xbf\xbd");
	expect_clean("\x9b[2J", 4, "\xef\xbf\xbd[2J"); /* a raw C1 byte */
	expect_clean("\xc3(", 2, "\xef\xbf\xbd(");
	expect_clean("\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong */
	expect_clean("\xed\xa0\x80", 3,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate */
	expect_clean("end\xe2\x82", 5, "end\xef\xbf\xbd\xef\xbf\xbd");
}

Test(clean, long_text_is_clamped_with_a_count, .timeout = 2)
{
	size_t len = 5000;
	char *in = malloc(len);
	char *got, suffix[64];
	size_t shown;

	cr_assert_not_null(in);
	memset(in, 'a', len);
	got = clean_text(in, len);
	cr_assert_not_null(got);
	cr_expect_leq(strlen(got), CLEAN_MAX_BYTES);
	shown = strspn(got, "a");
	cr_expect_gt(shown, CLEAN_MAX_BYTES - 100);
	snprintf(suffix, sizeof(suffix), "\xe2\x80\xa6 (%zu more bytes)",
	    len - shown);
	cr_expect_str_eq(got + shown, suffix);
	free(got);
	free(in);
}

Test(clean, clamping_never_cuts_a_character, .timeout = 2)
{
	char in[3 * 1000 + 1];
	char *got;

	/* 1000 x U+2192 and 1000 x ESC: cuts fall between whole pieces. */
	for (int i = 0; i < 1000; i++)
		memcpy(in + 3 * i, "\xe2\x86\x92", 3);
	got = clean_text(in, 3000);
	cr_assert_not_null(got);
	cr_expect_leq(strlen(got), CLEAN_MAX_BYTES);
	cr_expect(is_inert(got), "a cut split a character: %s", got);
	free(got);

	memset(in, 0x1b, 1000);
	got = clean_text(in, 1000);
	cr_assert_not_null(got);
	cr_expect_leq(strlen(got), CLEAN_MAX_BYTES);
	cr_expect_eq(strncmp(got, "\\x1b\\x1b", 8), 0);
	cr_expect_not_null(strstr(got, "\\x1b\xe2\x80\xa6 ("));
	free(got);
}

Test(clean, clean_text_cleans_to_itself, .timeout = 2)
{
	char in[4000];
	char *once, *twice;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7 % 256);
	once = clean_text(in, sizeof(in));
	cr_assert_not_null(once);
	twice = clean_string(once);
	cr_assert_not_null(twice);
	cr_expect_str_eq(twice, once);
	cr_expect(is_inert(once));
	free(once);
	free(twice);
}

/*
 * The attack from issue 11: a failure message that conceals the rest of
 * the screen (ESC[8m), returns to the line start (CR) and prints a fake
 * verdict and score, with invalid UTF-8 and a flood of text after it.
 */
static char *
attack_records(void)
{
	static const char attack[] =
	    "R\tlab::connects\tFAIL\t0\t5\texpected a socket\\r\x1b[8m"
	    "\\n[PASS] 10/10 creates a socket\\nScore: 103/103\\r\x1b[0m"
	    "\xff\xfe\x9b" "2J";
	size_t flood = 10000, len = strlen(attack);
	char *records = malloc(len + flood + 2);

	cr_assert_not_null(records);
	memcpy(records, attack, len);
	memset(records + len, 'A', flood);
	memcpy(records + len + flood, "\n", 2);
	return records;
}

static void
graded_attack(struct lab_grade *g)
{
	char *records = attack_records();

	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "01-socket");
	cr_assert_eq(results_parse_plan("P\tlab::connects\t10\tlabs/t.c\t1\t"
	    "connects\n", "labs", &g->tests), 0);
	cr_assert_eq(results_apply(records, &g->tests), 0);
	g->max_score = 10;
	/* A build log reaches the report by its own path: cleaned there. */
	g->problem = strdup("warning: \x1b]0;owned\x07\rScore: 10/10");
	cr_assert_not_null(g->problem);
	free(records);
}

Test(clean, attack_message_is_stored_clean, .timeout = 2)
{
	struct lab_grade g;
	const char *m;

	graded_attack(&g);
	m = g.tests.tests[0].message;
	cr_expect(is_inert(m), "stored message: %s", m);
	cr_expect_leq(strlen(m), CLEAN_MAX_BYTES);
	cr_expect_not_null(strstr(m, "\\x0d\\x1b[8m\n[PASS]"));
	cr_expect_not_null(strstr(m, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
	cr_expect_not_null(strstr(m, "more bytes)"));
	grade_free(&g);
}

Test(clean, terminal_shows_one_verdict_and_one_score, .timeout = 2)
{
	struct lab_grade g;
	struct report_style style = { .color = 0 };
	char *out = NULL, *line, *save = NULL;
	size_t len = 0;
	int verdicts = 0, scores = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	graded_attack(&g);
	g.status = LAB_GRADED;
	report_print_lab(f, &style, &g);
	report_print_total(f, &g, 1);
	fclose(f);
	cr_expect(is_inert(out), "terminal output: %s", out);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		verdicts += line[0] == '[';
		if (strncmp(line, "Score:", 6) == 0) {
			scores++;
			cr_expect_str_eq(line, "Score: 0/10");
		}
	}
	cr_expect_eq(verdicts, 1, "one test, one verdict line");
	cr_expect_eq(scores, 1, "one score line, the grader's");
	free(out);
	grade_free(&g);
}

/* Reads a whole (small) file into a new string. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	cr_assert_not_null(f);
	cr_assert_not_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

Test(clean, json_reports_hold_visible_text_only, .timeout = 2)
{
	struct lab_grade g;
	char path[] = "/tmp/socklab-clean-XXXXXX";
	int fd = mkstemp(path);
	char *text;

	cr_assert_neq(fd, -1);
	close(fd);
	graded_attack(&g);
	g.status = LAB_BUILD_FAILED;
	cr_assert_eq(report_write_json(path, "sub\x1b[2J", "none", &g, 1), 0);
	text = slurp(path);
	cr_expect(is_inert(text), "report.json: %s", text);
	cr_expect_not_null(strstr(text, "\"sub\\\\x1b[2J\""));
	cr_expect_not_null(strstr(text, "\\\\x0d\\\\x1b[8m\\n[PASS]"));
	cr_expect_not_null(strstr(text, "\\\\x1b]0;owned\\\\x07\\\\x0dScore"));
	free(text);
	cr_assert_eq(report_write_gradescope(path, NULL, &g, 1, 1.0), 0);
	text = slurp(path);
	cr_expect(is_inert(text), "results.json: %s", text);
	cr_expect_null(strchr(text, '\x1b'));
	free(text);
	unlink(path);
	grade_free(&g);
}

/* The data row report_write_csv writes for a submission called name. */
static char *
csv_row(const char *name)
{
	struct lab_grade g;
	char path[] = "/tmp/socklab-csv-XXXXXX";
	int fd = mkstemp(path);
	char *text, *row;

	cr_assert_neq(fd, -1);
	close(fd);
	memset(&g, 0, sizeof(g));
	snprintf(g.name, sizeof(g.name), "01-socket");
	g.score = 3;
	g.max_score = 10;
	cr_assert_eq(report_write_csv(path, name, &g, 1), 0);
	text = slurp(path);
	unlink(path);
	row = strdup(strchr(text, '\n') + 1);
	free(text);
	return row;
}

static void
expect_row(const char *name, const char *want)
{
	char *row = csv_row(name);

	cr_expect_str_eq(row, want, "gradebook row for %s", want);
	free(row);
}

Test(clean, csv_fields_never_start_a_formula, .timeout = 2)
{
	expect_row("alice", "alice,3,3,10,graded\n");
	expect_row("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\",3,3,10,graded\n");
	expect_row("+1", "\"'+1\",3,3,10,graded\n");
	expect_row("-2+3", "\"'-2+3\",3,3,10,graded\n");
	expect_row("@SUM(A1)", "\"'@SUM(A1)\",3,3,10,graded\n");
	expect_row("\tx", "\"'\tx\",3,3,10,graded\n");
}

Test(clean, csv_fields_are_quoted_and_cleaned, .timeout = 2)
{
	expect_row("smith, \"bob\"", "\"smith, \"\"bob\"\"\",3,3,10,graded\n");
	expect_row("two\nlines", "\"two\nlines\",3,3,10,graded\n");
	expect_row("\rbob\x1b[8m", "\\x0dbob\\x1b[8m,3,3,10,graded\n");
	expect_row("bad\xff", "bad\xef\xbf\xbd,3,3,10,graded\n");
}
