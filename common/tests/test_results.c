/* Unit tests for reading the test programs' plan and result records. */
#include <criterion/criterion.h>
#include <string.h>

#include "grader/results.h"

static const char plan[] =
    "S\n"
    "P\tsuite::second\t2\tlabs/01/tests/t.c\t40\tsecond \\\"test\\\"\n"
    "P\thidden::extra\t1\tsolutions/01/tests/h.c\t5\thidden one\n"
    "P\tsuite::first\t3\tlabs/01/tests/t.c\t10\tfirst\\ttab\\nline\n";

Test(results, plan_is_listed_in_source_order, .timeout = 2)
{
	struct test_list list;

	cr_assert_eq(results_parse_plan(plan, "labs", &list), 0);
	cr_assert_eq(list.count, 3);
	cr_expect_str_eq(list.tests[0].name, "suite::first");
	cr_expect_str_eq(list.tests[1].name, "suite::second");
	cr_expect_str_eq(list.tests[2].name, "hidden::extra");
	cr_expect_eq(list.tests[0].max_points, 3);
	cr_expect_str_eq(list.tests[0].description, "first\ttab\nline");
	cr_expect_eq(list.tests[0].verdict, VERDICT_NONE);
	results_free(&list);
}

Test(results, records_set_verdicts_and_points, .timeout = 2)
{
	struct test_list list;
	const char records[] =
	    "S\n"
	    "R\tsuite::first\tPASS\t0\t12\t\n"
	    "R\tsuite::second\tCRASH\t11\t3\tboom\\nhere\n"
	    "R\tsuite::second\tPASS\t0\t1\t\n"     /* a repeat: ignored */
	    "R\tnobody::knows\tPASS\t0\t1\t\n"     /* not planned: ignored */
	    "R\thidden::extra\tPASS\t0\t1\t";      /* cut off: not trusted */

	cr_assert_eq(results_parse_plan(plan, "labs", &list), 0);
	cr_assert_eq(results_apply(records, &list), 0);
	cr_expect_eq(list.tests[0].verdict, VERDICT_PASS);
	cr_expect_eq(list.tests[0].points, 3);
	cr_expect_eq(list.tests[0].duration_ms, 12);
	cr_expect_eq(list.tests[1].verdict, VERDICT_CRASH);
	cr_expect_eq(list.tests[1].signal, 11);
	cr_expect_eq(list.tests[1].points, 0);
	cr_expect_str_eq(list.tests[1].message, "boom\nhere");
	cr_expect_eq(list.tests[2].verdict, VERDICT_NONE);
	results_free(&list);
}

Test(results, malformed_plan_is_refused, .timeout = 2)
{
	struct test_list list;

	cr_expect_eq(results_parse_plan("P\tonly\ttwo\n", "labs", &list), -1);
	results_free(&list);
}
