#include "grader/results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grader/clean.h"

/* Copies field [start, end) undoing the \t \n \r \\ escapes. */
static char *
unescape(const char *start, const char *end)
{
	char *out = malloc((size_t)(end - start) + 1);
	char *o = out;

	if (out == NULL)
		return NULL;
	for (const char *p = start; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			switch (*p) {
			case 't': *o++ = '\t'; break;
			case 'n': *o++ = '\n'; break;
			case 'r': *o++ = '\r'; break;
			default: *o++ = *p; break;
			}
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/*
 * Splits line [start, end) at tabs into at most max fields (the last one
 * keeps the rest). Returns the number of fields.
 */
static size_t
split_fields(const char *start, const char *end, const char **from,
    const char **to, size_t max)
{
	size_t n = 0;
	const char *p = start;

	while (n < max) {
		const char *tab = n + 1 < max ? memchr(p, '\t', (size_t)(end - p))
					      : NULL;

		from[n] = p;
		to[n] = tab != NULL ? tab : end;
		n++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

static int
add_planned(struct test_list *list, const char **from, const char **to)
{
	struct test_result *grown, *t;
	char *name, *desc, *file;
	long points = strtol(from[2], NULL, 10);
	long line = strtol(from[4], NULL, 10);

	grown = realloc(list->tests, (list->count + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	list->tests = grown;
	name = unescape(from[1], to[1]);
	file = unescape(from[3], to[3]);
	desc = unescape(from[5], to[5]);
	if (name == NULL || desc == NULL || file == NULL ||
	    clean_in_place(&desc) == -1) {
		free(name);
		free(file);
		free(desc);
		errno = ENOMEM;
		return -1;
	}
	t = &list->tests[list->count++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->description = desc;
	t->file = file;
	t->line = line > 0 ? (unsigned)line : 0;
	t->max_points = points > 0 && points < 1000 ? (int)points : 0;
	return 0;
}

/* The root the tests listed first live under (qsort has no context). */
static const char *sort_first_root;

static int
in_first_root(const struct test_result *t)
{
	size_t n = strlen(sort_first_root);

	return strncmp(t->file, sort_first_root, n) == 0 && t->file[n] == '/';
}

static int
compare_source_order(const void *a, const void *b)
{
	const struct test_result *x = a, *y = b;
	int c = in_first_root(y) - in_first_root(x);

	if (c == 0)
		c = strcmp(x->file, y->file);
	if (c == 0)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

int
results_parse_plan(const char *text, const char *first_root,
    struct test_list *list)
{
	const char *line = text;

	list->tests = NULL;
	list->count = 0;
	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		const char *from[6], *to[6];

		if (end == NULL)
			end = line + strlen(line);
		if (end > line && line[0] == 'P') {
			if (split_fields(line, end, from, to, 6) != 6) {
				errno = EINVAL;
				return -1;
			}
			if (add_planned(list, from, to) == -1)
				return -1;
		}
		line = *end != '\0' ? end + 1 : end;
	}
	sort_first_root = first_root;
	if (list->count > 1)
		qsort(list->tests, list->count, sizeof(list->tests[0]),
		    compare_source_order);
	return 0;
}

static enum verdict
verdict_from_word(const char *start, const char *end)
{
	static const struct {
		const char *word;
		enum verdict v;
	} words[] = {
		{ "PASS", VERDICT_PASS }, { "FAIL", VERDICT_FAIL },
		{ "TIME", VERDICT_TIME }, { "CRASH", VERDICT_CRASH },
		{ "SKIP", VERDICT_SKIP },
	};
	size_t len = (size_t)(end - start);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len &&
		    memcmp(words[i].word, start, len) == 0)
			return words[i].v;
	return VERDICT_FAIL;
}

static struct test_result *
find_test(struct test_list *list, const char *start, const char *end)
{
	size_t len = (size_t)(end - start);

	for (size_t i = 0; i < list->count; i++)
		if (strlen(list->tests[i].name) == len &&
		    memcmp(list->tests[i].name, start, len) == 0)
			return &list->tests[i];
	return NULL;
}

int
results_apply(const char *text, struct test_list *list)
{
	const char *line = text;

	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		const char *from[6], *to[6];
		struct test_result *t;

		if (end == NULL)
			break; /* a record cut off mid-line is not trusted */
		if (line[0] == 'R' &&
		    split_fields(line, end, from, to, 6) == 6 &&
		    (t = find_test(list, from[1], to[1])) != NULL &&
		    t->verdict == VERDICT_NONE) {
			t->verdict = verdict_from_word(from[2], to[2]);
			t->signal = (int)strtol(from[3], NULL, 10);
			t->duration_ms = strtol(from[4], NULL, 10);
			/*
			 * The message is the run's text: shown on terminals
			 * and stored in gradebooks only once it is clean.
			 */
			t->message = unescape(from[5], to[5]);
			if (t->message == NULL ||
			    clean_in_place(&t->message) == -1)
				return -1;
			t->points = t->verdict == VERDICT_PASS ? t->max_points
							       : 0;
		}
		line = end + 1;
	}
	return 0;
}

const char *
results_verdict_word(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "PASS";
	case VERDICT_FAIL: return "FAIL";
	case VERDICT_TIME: return "TIME";
	case VERDICT_CRASH: return "CRASH";
	case VERDICT_SKIP: return "SKIP";
	case VERDICT_NONE: break;
	}
	return "FAIL";
}

void
results_free(struct test_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->tests[i].name);
		free(list->tests[i].description);
		free(list->tests[i].file);
		free(list->tests[i].message);
	}
	free(list->tests);
	list->tests = NULL;
	list->count = 0;
}
