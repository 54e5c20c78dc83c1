#ifndef SOCKLAB_COMMON_TEST_SOCKLAB_TEST_H
#define SOCKLAB_COMMON_TEST_SOCKLAB_TEST_H

/*
 * How a socklab lab test is declared. Every test has points, a one-line
 * description (what it checks, as the student reads it in `make grade`) and
 * a time limit, so no test can hang the grade run:
 *
 *	LAB_TEST(socket, tcp_ipv4, 2, "sock_open makes an IPv4 TCP socket")
 *	{
 *		...
 *		cr_assert(ok, "observed ..., expected ...: likely cause; "
 *		    "see handouts/01-socket.md#section");
 *	}
 *
 * The points are stored in the test's own declaration (Criterion's .data);
 * the grader reads them from a build of the tests against the lab's
 * skeleton, never from anything the graded code prints.
 */

#include <criterion/criterion.h>

/*
 * Seconds a test may run unless it says otherwise. The report hook
 * multiplies every limit by $SOCKLAB_TIMEOUT_SCALE (for slow machines), so
 * nobody has to edit a test file to grade on a slow host.
 */
#define SOCKLAB_TEST_TIMEOUT 3.0

struct socklab_test_points {
	int points;
};

/*
 * A test process that exits before its test finished must not count as a
 * pass (Criterion 2.4.1 passes a test whose process exits with status 0, so
 * code that calls exit(0) would pass everything). Each test therefore
 * expects this exit status, which only socklab_test_completed() produces
 * after the whole body ran.
 */
#define SOCKLAB_COMPLETED_EXIT 97

/* Ends a test whose body ran to the end. */
void socklab_test_completed(void) __attribute__((noreturn));

#define LAB_TEST_TIMED(suite, name, pts, seconds, desc)                   \
	static void socklab_body_##suite##_##name(void);                  \
	static struct socklab_test_points socklab_points_##suite##_##name = \
	    { (pts) };                                                      \
	Test(suite, name, .description = (desc), .timeout = (seconds),      \
	    .exit_code = SOCKLAB_COMPLETED_EXIT,                            \
	    .data = &socklab_points_##suite##_##name)                       \
	{                                                                   \
		socklab_body_##suite##_##name();                            \
		socklab_test_completed();                                   \
	}                                                                   \
	static void socklab_body_##suite##_##name(void)

#define LAB_TEST(suite, name, pts, desc) \
	LAB_TEST_TIMED(suite, name, pts, SOCKLAB_TEST_TIMEOUT, desc)

/*
 * Fails the test with the "still the skeleton" hint when a lab function
 * returned -1 with errno ENOSYS, as every untouched skeleton does. The
 * test file defines HANDOUT ("handouts/NN-name.md") and includes errno.h.
 */
#define LAB_REQUIRE_IMPLEMENTED(rc, call)                                \
	cr_assert(!((rc) == -1 && errno == ENOSYS),                      \
	    "%s returned -1 with errno ENOSYS: the function is still the " \
	    "skeleton; fill in its TODO (see " HANDOUT "#your-task)", (call))

#endif
