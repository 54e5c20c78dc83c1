#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mutate/region.h"

struct lines {
	const char **start;
	size_t *len;
	int count;
};

/* Splits text into lines (pointers into text). Returns 0, or -1. */
static int
split_lines(const char *text, struct lines *out)
{
	int n = 1;

	for (const char *p = text; *p != '\0'; p++)
		n += *p == '\n';
	out->start = calloc((size_t)n, sizeof(*out->start));
	out->len = calloc((size_t)n, sizeof(*out->len));
	if (out->start == NULL || out->len == NULL)
		return -1;
	out->count = 0;
	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);

		out->start[out->count] = text;
		out->len[out->count++] = len;
		text += len + (nl != NULL);
	}
	return 0;
}

static int
same_line(const struct lines *a, int i, const struct lines *b, int j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

unsigned char *
region_added_lines(const char *skeleton, const char *solution, int *nlines)
{
	struct lines a = { 0 }, b = { 0 };
	unsigned char *added = NULL;
	int *lcs = NULL; /* lcs[i][j]: LCS of a's lines i.. and b's lines j.. */
	int i, j, w;

	if (split_lines(skeleton, &a) == -1 || split_lines(solution, &b) == -1)
		goto out;
	w = b.count + 1;
	lcs = calloc((size_t)(a.count + 1) * (size_t)w, sizeof(*lcs));
	added = calloc((size_t)b.count + 1, 1);
	if (lcs == NULL || added == NULL) {
		free(added);
		added = NULL;
		goto out;
	}
	for (i = a.count - 1; i >= 0; i--)
		for (j = b.count - 1; j >= 0; j--)
			lcs[i * w + j] = same_line(&a, i, &b, j) ?
			    lcs[(i + 1) * w + j + 1] + 1 :
			    lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ?
			    lcs[(i + 1) * w + j] : lcs[i * w + j + 1];
	/* Walk the table: a solution line left out of the LCS is added. */
	for (i = 0, j = 0; j < b.count;) {
		if (i < a.count && same_line(&a, i, &b, j)) {
			i++;
			j++;
		} else if (i < a.count &&
		    lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
			i++;
		} else {
			added[++j] = 1; /* line j (1-based) */
		}
	}
	*nlines = b.count;
out:
	free(lcs);
	free(a.start);
	free(a.len);
	free(b.start);
	free(b.len);
	if (added == NULL)
		errno = ENOMEM;
	return added;
}
