/*
 * Criterion report hooks that feed the grader.
 *
 * Criterion 2.4.1's JSON report does not escape quotes or newlines, so the
 * grader reads these records instead: one line per test, written the moment
 * the test ends, so a runner killed half-way still leaves what it finished.
 *
 *   start  (SOCKLAB_RESULTS_FD set): S, before the first test
 *   plan   (SOCKLAB_PLAN_FD set):    P \t suite::name \t points \t file
 *                                      \t line \t description
 *   result (SOCKLAB_RESULTS_FD set): R \t suite::name \t status \t signal
 *                                      \t milliseconds \t message
 *
 * Tabs, newlines and backslashes inside fields are escaped as \t \n \\.
 * Without either variable the hooks stay silent and the binary behaves like
 * any Criterion runner (handy for debugging a single test by hand).
 */

#include "test/socklab_test.h"

#include <criterion/hooks.h>
#include <criterion/internal/ordered-set.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rio.h"
#include "rpc/proxy.h"

/* Returns the fd named by the environment variable, or -1 if unset. */
static int
env_fd(const char *name)
{
	const char *s = getenv(name);
	char *end;
	long fd;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	fd = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || fd < 0 || fd > 1 << 20)
		return -1;
	return (int)fd;
}

/*
 * Appends s to buf (of size cap, at *len), escaping \t \n \\ and \r;
 * any other control byte becomes the four visible characters \xNN (its
 * backslash escaped, so the grader reads it back as text, not as a byte).
 */
static void
append_escaped(char *buf, size_t cap, size_t *len, const char *s)
{
	for (; s != NULL && *s != '\0' && *len + 6 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		char esc = 0;

		switch (c) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: break;
		}
		if (esc != 0) {
			buf[(*len)++] = '\\';
			buf[(*len)++] = esc;
		} else if (c < 0x20 || c == 0x7f) {
			*len += (size_t)snprintf(buf + *len, cap - *len,
			    "\\\\x%02x", c);
		} else {
			buf[(*len)++] = *s;
		}
	}
	buf[*len] = '\0';
}

static void
append_raw(char *buf, size_t cap, size_t *len, const char *s)
{
	int n = snprintf(buf + *len, cap - *len, "%s", s);

	if (n > 0)
		*len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

static int
test_points(const struct criterion_test *test)
{
	const struct socklab_test_points *p =
	    test->data != NULL ? test->data->data : NULL;

	return p != NULL ? p->points : 0;
}

/* Multiplies every test's time limit by $SOCKLAB_TIMEOUT_SCALE, if set. */
static void
scale_timeouts(struct criterion_test_set *set)
{
	const char *s = getenv("SOCKLAB_TIMEOUT_SCALE");
	struct criterion_suite_set *suite;
	double scale;

	if (s == NULL || (scale = strtod(s, NULL)) <= 0.0 || scale > 100.0)
		return;
	FOREACH_SET(suite, set->suites) {
		struct criterion_test *test;

		FOREACH_SET(test, suite->tests)
			if (test->data != NULL)
				test->data->timeout *= scale;
	}
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	int fd = env_fd("SOCKLAB_PLAN_FD");
	int results = env_fd("SOCKLAB_RESULTS_FD");
	struct criterion_suite_set *suite;

	scale_timeouts(set);
	/* Tells the grader the program got past its constructors. */
	if (results >= 0)
		rio_writen(results, "S\n", 2);
	if (fd < 0)
		return;
	FOREACH_SET(suite, set->suites) {
		struct criterion_test *test;

		FOREACH_SET(test, suite->tests) {
			char line[2048];
			size_t len = 0;
			char num[32];

			append_raw(line, sizeof(line), &len, "P\t");
			append_escaped(line, sizeof(line), &len, test->category);
			append_raw(line, sizeof(line), &len, "::");
			append_escaped(line, sizeof(line), &len, test->name);
			snprintf(num, sizeof(num), "\t%d\t", test_points(test));
			append_raw(line, sizeof(line), &len, num);
			append_escaped(line, sizeof(line), &len,
			    test->data != NULL ? test->data->file_ : "");
			/* Criterion sorts tests by name; we list them as written. */
			snprintf(num, sizeof(num), "\t%u\t",
			    test->data != NULL ? test->data->line_ : 0);
			append_raw(line, sizeof(line), &len, num);
			append_escaped(line, sizeof(line), &len,
			    test->data != NULL ? test->data->description : "");
			append_raw(line, sizeof(line), &len, "\n");
			rio_writen(fd, line, len);
		}
	}
	/* Plan mode lists the tests and runs none of them. */
	_exit(0);
}

/*
 * Read by LeakSanitizer in the sanitizer build: Criterion's runner keeps
 * some allocations to the end; they are not the student's leaks. (A file
 * of suppressions would have to be readable by the sandbox user.)
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libcriterion.so\n";
}

void
socklab_test_completed(void)
{
	/* Leaks show only when a worker exits: let each one exit first. */
	rpc_workers_finish();
	exit(SOCKLAB_COMPLETED_EXIT);
}

/*
 * When each running test started, by the runner's clock: Criterion 2.4.1
 * measures a test's time in the test's process and reports it when the
 * body returns, which ours never does (it exits, see LAB_TEST), so its
 * elapsed_time stays 0. A few tests run at once (--jobs); a slot is
 * taken at PRE_INIT and given back when the test's record is written.
 */
#define STARTS 64

static struct {
	const struct criterion_test *test;
	struct timespec at;
} starts[STARTS];

static void
now(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

ReportHook(PRE_INIT)(struct criterion_test *test)
{
	for (size_t i = 0; i < STARTS; i++)
		if (starts[i].test == NULL) {
			starts[i].test = test;
			now(&starts[i].at);
			return;
		}
}

/* Milliseconds since the test started, or Criterion's own figure. */
static long
elapsed_ms(const struct criterion_test_stats *stats)
{
	struct timespec end;

	now(&end);
	for (size_t i = 0; i < STARTS; i++)
		if (starts[i].test == stats->test) {
			starts[i].test = NULL;
			return (long)(end.tv_sec - starts[i].at.tv_sec) * 1000 +
			    (end.tv_nsec - starts[i].at.tv_nsec) / 1000000;
		}
	return (long)(stats->elapsed_time * 1000.0f);
}

static const char *
status_word(const struct criterion_test_stats *stats)
{
	if (stats->timed_out)
		return "TIME";
	if (stats->crashed || stats->signal != 0)
		return "CRASH";
	if (stats->test_status == CR_STATUS_SKIPPED)
		return "SKIP";
	if (stats->failed_asserts > 0)
		return "FAIL";
	if (stats->exit_code == SOCKLAB_COMPLETED_EXIT &&
	    stats->test_status == CR_STATUS_PASSED)
		return "PASS";
	/*
	 * cr_skip_test() leaves the body early, so the process exits 0 and
	 * Criterion calls it a failure; its reason is kept in the message.
	 */
	if (stats->exit_code == 0 && stats->message != NULL)
		return "SKIP";
	return "FAIL";
}

/* The failed assertions' messages, joined by newlines. */
static void
append_messages(char *buf, size_t cap, size_t *len,
    const struct criterion_test_stats *stats)
{
	const struct criterion_assert_stats *a;
	int first = 1;

	for (a = stats->asserts; a != NULL; a = a->next) {
		if (a->passed)
			continue;
		if (!first)
			append_escaped(buf, cap, len, "\n");
		append_escaped(buf, cap, len, a->message);
		first = 0;
	}
	if (first && stats->message != NULL)
		append_escaped(buf, cap, len, stats->message);
	else if (first && !stats->timed_out && stats->signal == 0 &&
	    stats->exit_code != SOCKLAB_COMPLETED_EXIT) {
		char note[160];

		/*
		 * The student's code runs in workers, never here: an early
		 * exit is the test's own (a sanitizer's finding in the test
		 * program, whose report is in the run log), not the code's.
		 */
		snprintf(note, sizeof(note), "the test program itself ended "
		    "with status %d before the test finished: a fault in the "
		    "test, not in your code (the run log says more)",
		    stats->exit_code);
		append_escaped(buf, cap, len, note);
	}
}

static void
write_result(const struct criterion_test_stats *stats)
{
	int fd = env_fd("SOCKLAB_RESULTS_FD");
	char line[8192];
	size_t len = 0;
	char num[64];

	if (fd < 0)
		return;
	append_raw(line, sizeof(line), &len, "R\t");
	append_escaped(line, sizeof(line), &len, stats->test->category);
	append_raw(line, sizeof(line), &len, "::");
	append_escaped(line, sizeof(line), &len, stats->test->name);
	snprintf(num, sizeof(num), "\t%s\t%d\t%ld\t", status_word(stats),
	    stats->signal, elapsed_ms(stats));
	append_raw(line, sizeof(line), &len, num);
	append_messages(line, sizeof(line), &len, stats);
	append_raw(line, sizeof(line), &len, "\n");
	rio_writen(fd, line, len);
}

ReportHook(POST_TEST)(struct criterion_test_stats *stats)
{
	write_result(stats);
}

ReportHook(TEST_CRASH)(struct criterion_test_stats *stats)
{
	write_result(stats);
}
