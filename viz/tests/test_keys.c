/*
 * One key table (ui_keys.c) for the loop, the help screen and the man
 * page: every key it has is in tcpviz.1's KEYS, by the same name, and
 * the man page has no key it lacks.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_keys.h"

/* The KEYS section of viz/tcpviz.1, malloc'd. */
static char *
keys_section(void)
{
	static char page[65536];
	FILE *f = fopen("viz/tcpviz.1", "r");
	size_t n;
	char *from, *to;

	cr_assert_not_null(f, "viz/tcpviz.1: run the tests from the top");
	n = fread(page, 1, sizeof(page) - 1, f);
	fclose(f);
	page[n] = '\0';
	from = strstr(page, "\n.SH KEYS\n");
	cr_assert_not_null(from);
	to = strstr(from + 1, "\n.SH ");
	cr_assert_not_null(to);
	return strndup(from, (size_t)(to - from + 1));
}

Test(keys, man_page_lists_the_table, .timeout = 10)
{
	char *sec = keys_section(), want[96], *p;
	size_t n, i, entries = 0;
	const struct ui_key *k = ui_keys(&n);

	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "\n.B %s\n", k[i].names);
		cr_expect(strstr(sec, want) != NULL, "tcpviz.1 KEYS lacks "
		    "\"%s\" (%s)", k[i].names, k[i].what);
		/* Each code does what its entry says. */
		for (int c = 0; c < UI_KEY_CODES && k[i].codes[c] != 0; c++)
			cr_expect_eq(ui_key_action(k[i].codes[c]), k[i].action);
	}
	for (p = sec; (p = strstr(p, "\n.TP")) != NULL; p++)
		entries++;
	cr_expect_eq(entries, n, "tcpviz.1 KEYS has %zu entries, the table "
	    "%zu", entries, n);
	cr_expect_eq(ui_key_action('x'), UI_ACT_NONE);
	free(sec);
}
