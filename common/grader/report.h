#ifndef SOCKLAB_COMMON_GRADER_REPORT_H
#define SOCKLAB_COMMON_GRADER_REPORT_H

#include <stdio.h>

#include "grader/grade.h"

/* How the grade is shown: one line per test, a subtotal per lab. */
struct report_style {
	int color;  /* ANSI colours for the verdict tags (terminal, no NO_COLOR) */
};

/* Prints the lab's heading, one line per test, and its subtotal. */
void report_print_lab(FILE *out, const struct report_style *style,
    const struct lab_grade *grade);

/* Prints the closing "Score: N/M" line (with skipped points, if any). */
void report_print_total(FILE *out, const struct lab_grade *grades,
    size_t count);

/*
 * Writes the machine-readable report (see handouts/instructor.md).
 * Returns 0, or -1 with errno set.
 */
int report_write_json(const char *path, const char *submission,
    const char *isolation, const struct lab_grade *grades, size_t count);

/*
 * Writes a CSV header and one row: name, the score of each lab, total,
 * maximum, status ("graded", or "build_failed"/"missing" when a lab was).
 * Returns 0, or -1 with errno set.
 */
int report_write_csv(const char *path, const char *name,
    const struct lab_grade *grades, size_t count);

/*
 * Writes Gradescope's results.json: one entry per test, hidden tests (those
 * whose file lies under hidden_root) visible only after the due date.
 * Returns 0, or -1 with errno set.
 */
int report_write_gradescope(const char *path, const char *hidden_root,
    const struct lab_grade *grades, size_t count, double seconds);

#endif
