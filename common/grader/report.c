#include "grader/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/clean.h"
#include "grader/json.h"

#define ANSI_RESET "\033[0m"

static const char *
verdict_color(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "\033[32m";           /* green */
	case VERDICT_SKIP: return "\033[33m";           /* yellow */
	default: return "\033[1;31m";                   /* bold red */
	}
}

/*
 * Every text a run produced (messages, compiler output, names) is cleaned
 * again on its way out: results.c cleans what it parses, but build logs and
 * notes reach the report by other paths. Cleaning clean text changes
 * nothing, so doing it twice is safe.
 */

/*
 * Prints text, cleaned, with every line after the first indented under the
 * tag: a line of a message never starts where the grader's own lines do.
 */
static void
print_indented(FILE *out, const char *text, const char *indent)
{
	char *clean = clean_string(text);

	if (clean == NULL) {
		fputs("(message not shown: out of memory)", out);
		return;
	}
	for (const char *p = clean; *p != '\0'; p++) {
		fputc(*p, out);
		if (*p == '\n' && p[1] != '\0')
			fputs(indent, out);
	}
	free(clean);
}

/* Writes s, cleaned, as a JSON string. */
static void
json_write_clean(FILE *out, const char *s)
{
	char *clean = clean_string(s);

	json_write_string(out, clean != NULL ? clean :
	    "(not shown: out of memory)");
	free(clean);
}

static void
print_test(FILE *out, const struct report_style *style,
    const struct test_result *t)
{
	const char *word = results_verdict_word(t->verdict);

	if (style->color)
		fprintf(out, "%s[%s]%s", verdict_color(t->verdict), word,
		    ANSI_RESET);
	else
		fprintf(out, "[%s]", word);
	if (t->verdict == VERDICT_SKIP)
		fprintf(out, " -/%d ", t->max_points);
	else
		fprintf(out, " %d/%d ", t->points, t->max_points);
	print_indented(out, t->description, "       ");
	if (t->verdict != VERDICT_PASS && t->message != NULL &&
	    t->message[0] != '\0') {
		fputs(": ", out);
		print_indented(out, t->message, "       ");
	}
	fputc('\n', out);
}

void
report_print_lab(FILE *out, const struct report_style *style,
    const struct lab_grade *grade)
{
	fprintf(out, "== %s ==\n", grade->name);
	if (grade->status == LAB_BUILD_FAILED) {
		fputs("[BUILD] the code does not compile; the first errors:\n"
		      "       ", out);
		print_indented(out, grade->problem != NULL ? grade->problem : "",
		    "       ");
		fputc('\n', out);
	}
	for (size_t i = 0; i < grade->tests.count; i++)
		print_test(out, style, &grade->tests.tests[i]);
	if (grade->status == LAB_GRADED && grade->problem != NULL) {
		fputs("note: ", out);
		print_indented(out, grade->problem, "      ");
		fputc('\n', out);
	}
	fprintf(out, "%s: %d/%d", grade->name, grade->score, grade->max_score);
	if (grade->skipped_points > 0)
		fprintf(out, " (%d points skipped)", grade->skipped_points);
	fputc('\n', out);
}

void
report_print_total(FILE *out, const struct lab_grade *grades, size_t count)
{
	int score = 0, max = 0, skipped = 0;

	for (size_t i = 0; i < count; i++) {
		score += grades[i].score;
		max += grades[i].max_score;
		skipped += grades[i].skipped_points;
	}
	if (skipped > 0)
		fprintf(out, "(%d points were skipped: their tests need what "
		    "this machine does not allow; see the lines above)\n",
		    skipped);
	fprintf(out, "Score: %d/%d\n", score, max);
}

static const char *
lab_status_word(enum lab_status s)
{
	switch (s) {
	case LAB_GRADED: return "graded";
	case LAB_MISSING: return "missing";
	case LAB_BUILD_FAILED: return "build_failed";
	}
	return "graded";
}

static void
write_test_json(FILE *f, const struct test_result *t)
{
	fputs("        {\"name\": ", f);
	json_write_string(f, t->name);
	fputs(", \"description\": ", f);
	json_write_clean(f, t->description);
	fprintf(f, ", \"points\": %d, \"max_points\": %d, \"status\": ",
	    t->points, t->max_points);
	json_write_string(f, results_verdict_word(t->verdict));
	fputs(", \"message\": ", f);
	json_write_clean(f, t->verdict == VERDICT_PASS ? "" : t->message);
	fprintf(f, ", \"duration_ms\": %ld}", t->duration_ms);
}

int
report_write_json(const char *path, const char *submission,
    const char *isolation, const struct lab_grade *grades, size_t count)
{
	FILE *f = fopen(path, "w");
	int score = 0, max = 0, skipped = 0;

	if (f == NULL)
		return -1;
	for (size_t i = 0; i < count; i++) {
		score += grades[i].score;
		max += grades[i].max_score;
		skipped += grades[i].skipped_points;
	}
	fputs("{\n  \"submission\": ", f);
	json_write_clean(f, submission);
	fputs(",\n  \"sandbox\": ", f);
	json_write_string(f, isolation);
	fprintf(f, ",\n  \"score\": %d,\n  \"max_score\": %d,\n"
	    "  \"skipped_points\": %d,\n  \"labs\": [", score, max, skipped);
	for (size_t i = 0; i < count; i++) {
		const struct lab_grade *g = &grades[i];

		fprintf(f, "%s\n    {\"lab\": ", i == 0 ? "" : ",");
		json_write_string(f, g->name);
		fputs(", \"status\": ", f);
		json_write_string(f, lab_status_word(g->status));
		fprintf(f, ", \"score\": %d, \"max_score\": %d, "
		    "\"skipped_points\": %d, \"problem\": ", g->score,
		    g->max_score, g->skipped_points);
		json_write_clean(f, g->problem != NULL ? g->problem : "");
		fputs(",\n      \"tests\": [", f);
		for (size_t j = 0; j < g->tests.count; j++) {
			fputs(j == 0 ? "\n" : ",\n", f);
			write_test_json(f, &g->tests.tests[j]);
		}
		fputs("\n      ]}", f);
	}
	fputs("\n  ]\n}\n", f);
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		errno = saved != 0 ? saved : EIO;
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

/*
 * Writes one CSV field (RFC 4180), cleaned. A field that a spreadsheet
 * would read as a formula (it starts with =, +, -, @, tab or CR) gets a
 * leading ' (OWASP's advice on CSV injection); a field holding a comma,
 * quote, newline or that ' is quoted, its quotes doubled.
 */
static void
csv_field(FILE *f, const char *s)
{
	char *clean = clean_string(s);
	const char *p = clean != NULL ? clean : "(not shown: out of memory)";
	int formula = p[0] != '\0' && strchr("=+-@\t\r", p[0]) != NULL;

	if (!formula && strpbrk(p, ",\"\r\n") == NULL) {
		fputs(p, f);
		free(clean);
		return;
	}
	fputs(formula ? "\"'" : "\"", f);
	for (; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
	free(clean);
}

static int
close_checked(FILE *f)
{
	int failed = ferror(f);

	if (fclose(f) != 0 || failed) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

int
report_write_csv(const char *path, const char *name,
    const struct lab_grade *grades, size_t count)
{
	FILE *f = fopen(path, "w");
	const char *status = "graded";
	int score = 0, max = 0;

	if (f == NULL)
		return -1;
	fputs("name", f);
	for (size_t i = 0; i < count; i++) {
		fputc(',', f);
		csv_field(f, grades[i].name);
	}
	fputs(",total,max,status\n", f);
	csv_field(f, name);
	for (size_t i = 0; i < count; i++) {
		fprintf(f, ",%d", grades[i].score);
		score += grades[i].score;
		max += grades[i].max_score;
		if (grades[i].status != LAB_GRADED)
			status = lab_status_word(grades[i].status);
	}
	fprintf(f, ",%d,%d,%s\n", score, max, status);
	return close_checked(f);
}

static int
is_hidden(const struct test_result *t, const char *hidden_root)
{
	size_t n;

	if (hidden_root == NULL || hidden_root[0] == '\0')
		return 0;
	n = strlen(hidden_root);
	return strncmp(t->file, hidden_root, n) == 0 && t->file[n] == '/';
}

int
report_write_gradescope(const char *path, const char *hidden_root,
    const struct lab_grade *grades, size_t count, double seconds)
{
	FILE *f = fopen(path, "w");
	int score = 0;
	int first = 1;

	if (f == NULL)
		return -1;
	for (size_t i = 0; i < count; i++)
		score += grades[i].score;
	fprintf(f, "{\n  \"score\": %d,\n  \"execution_time\": %.0f,\n"
	    "  \"visibility\": \"visible\",\n"
	    "  \"stdout_visibility\": \"hidden\",\n  \"tests\": [", score,
	    seconds);
	for (size_t i = 0; i < count; i++) {
		const struct lab_grade *g = &grades[i];

		for (size_t j = 0; j < g->tests.count; j++) {
			const struct test_result *t = &g->tests.tests[j];
			char label[512], number[32];
			const char *output = t->verdict == VERDICT_PASS ? "" :
			    t->message != NULL ? t->message : "";

			snprintf(label, sizeof(label), "%s: %s", g->name,
			    t->description);
			snprintf(number, sizeof(number), "%.2s.%zu", g->name,
			    j + 1);
			fputs(first ? "\n    {\"name\": " : ",\n    {\"name\": ",
			    f);
			first = 0;
			json_write_clean(f, label);
			fputs(", \"number\": ", f);
			json_write_string(f, number);
			fprintf(f, ", \"score\": %d, \"max_score\": %d, "
			    "\"status\": \"%s\", \"tags\": [", t->points,
			    t->max_points,
			    t->verdict == VERDICT_PASS ? "passed" : "failed");
			json_write_string(f, g->name);
			fputs("], \"output\": ", f);
			if (g->status == LAB_BUILD_FAILED && g->problem != NULL)
				json_write_clean(f, g->problem);
			else
				json_write_clean(f, output);
			fputs(", \"visibility\": ", f);
			json_write_string(f, is_hidden(t, hidden_root) ?
			    "after_due_date" : "visible");
			fputc('}', f);
		}
	}
	fputs("\n  ]\n}\n", f);
	return close_checked(f);
}
