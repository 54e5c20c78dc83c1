/* The hold queue of a paused view: order, bounds, evictions. */
#include <criterion/criterion.h>
#include <string.h>

#include "holdq.h"

Test(holdq, keeps_order_and_counts_what_does_not_fit, .timeout = 10)
{
	struct holdq *q = holdq_new(3, 8);
	uint8_t bytes[16];
	struct raw_frame f = { .data = bytes }, out;

	cr_assert_not_null(q);
	for (int i = 0; i < 5; i++) {
		memset(bytes, 'a' + i, sizeof(bytes));
		f.ts_usec = i;
		f.caplen = f.len = 16;
		cr_expect_eq(holdq_push(q, &f), i < 3 ? 0 : -1);
	}
	cr_expect_eq(holdq_count(q), 3);
	cr_expect_eq(holdq_evicted(q), 2, "the two that did not fit");
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(holdq_pop(q, &out), 1);
		cr_expect_eq(out.ts_usec, i, "oldest first");
		cr_expect_eq(out.caplen, 8, "cut to the slot");
		cr_expect_eq(out.len, 16, "the wire length stays");
		cr_expect_eq(out.data[7], 'a' + i);
	}
	cr_expect_eq(holdq_pop(q, &out), 0);
	/* Wrapping around the ring keeps the order too. */
	for (int i = 0; i < 2; i++) {
		f.ts_usec = 10 + i;
		cr_expect_eq(holdq_push(q, &f), 0);
	}
	cr_assert_eq(holdq_pop(q, &out), 1);
	cr_expect_eq(out.ts_usec, 10);
	holdq_clear(q);
	cr_expect_eq(holdq_count(q), 0);
	cr_expect_eq(holdq_evicted(q), 0);
	holdq_free(q);
}
