#ifndef SOCKLAB_COMMON_MUTATE_MUTATE_H
#define SOCKLAB_COMMON_MUTATE_MUTATE_H

#include <stddef.h>

#include "mutate/lex.h"

/*
 * One-change mutants of a reference solution: each is one classic mistake
 * (a statement deleted, an error check dropped, a byte-order call swapped
 * or removed, an off-by-one, a sibling constant, arguments swapped, char
 * for unsigned char, break for continue, a statement moved across a loop's
 * edge), made by replacing at most two byte ranges of the text.
 */

struct edit {
	size_t start, end; /* text[start, end) is replaced */
	char *text;        /* by this (owned) */
};

struct mutant {
	/* "file:function:operator:N", N counting that operator's mutants in
	 * that function: stable while the function is, so a list of
	 * equivalent mutants can name them. */
	char id[160];
	int line;
	char summary[200];
	struct edit edit[2]; /* in text order, not overlapping */
	int nedits;
};

struct mutant_list {
	struct mutant *m;
	size_t count, cap;
};

/* A solution file and which of its lines may be mutated. */
struct source {
	const char *name; /* base name, the IDs' first part */
	const char *text;
	struct token_list toks;
	const unsigned char *added; /* per line (1-based): in a TODO block */
	int nlines;
};

/* Appends every mutant of src to out. Returns 0, or -1 (ENOMEM). */
int mutate_collect(const struct source *src, struct mutant_list *out);

/* Returns the mutant's text (malloc'd), or NULL (ENOMEM). */
char *mutate_apply(const char *text, const struct mutant *m);

void mutate_free(struct mutant_list *list);

#endif
