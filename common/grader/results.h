#ifndef SOCKLAB_COMMON_GRADER_RESULTS_H
#define SOCKLAB_COMMON_GRADER_RESULTS_H

#include <stddef.h>

/*
 * A lab's tests and their verdicts. The plan (names, points, descriptions)
 * comes from the grader's own build of the tests; the verdicts from the
 * records the graded test program wrote (see common/test/report_hook.c).
 */

enum verdict {
	VERDICT_NONE,   /* no record: the program died before reporting it */
	VERDICT_PASS,
	VERDICT_FAIL,
	VERDICT_TIME,
	VERDICT_CRASH,
	VERDICT_SKIP,
};

struct test_result {
	char *name;            /* suite::test */
	char *description;
	char *file;            /* where the test is written, for ordering */
	unsigned line;
	int max_points;
	enum verdict verdict;
	int points;
	int signal;
	long duration_ms;
	char *message;         /* may be empty, never NULL once graded */
};

struct test_list {
	struct test_result *tests;
	size_t count;
};

/*
 * Parses plan records ("P\tname\tpoints\tfile\tline\tdescription") into
 * list, in source order: tests under first_root first, then by file and
 * line; descriptions are stored cleaned. Returns 0, or -1 with errno set
 * (ENOMEM, or EINVAL: bad record).
 */
int results_parse_plan(const char *text, const char *first_root,
    struct test_list *list);

/*
 * Applies result records ("R\t..." lines) to the tests of list, matched by
 * name; records for unknown tests and repeats are ignored. Messages are
 * stored cleaned (grader/clean.h): clamped, controls made visible, valid
 * UTF-8. Returns 0, or -1 with errno ENOMEM.
 */
int results_apply(const char *text, struct test_list *list);

/* The word the grader prints for a verdict ("PASS", "TIME", ...). */
const char *results_verdict_word(enum verdict v);

void results_free(struct test_list *list);

#endif
