/*
 * socklab-mutate: one-change mutants of a reference solution, made only in
 * the lines its skeleton leaves as TODO (common/mutate/mutate.sh grades
 * them; `make mutate` runs that).
 *
 *   socklab-mutate SKELETON SOLUTION          list: ID, line, summary
 *   socklab-mutate -w ID SKELETON SOLUTION    print mutant ID's text
 *
 * Exit status: 0 on success, 1 on an error, 2 for a usage error or an ID
 * that names no mutant.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "mutate/lex.h"
#include "mutate/mutate.h"
#include "mutate/region.h"

/* The solutions are a few hundred lines; anything far larger is a mistake. */
#define MAX_SOURCE (1024 * 1024)

/* Returns the whole file as a string (malloc'd); dies on failure. */
static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;

	if (f == NULL)
		diag_die(1, "cannot open %s", path);
	text = malloc(MAX_SOURCE + 1);
	if (text == NULL)
		diag_die(1, "out of memory");
	n = fread(text, 1, MAX_SOURCE + 1, f);
	if (ferror(f))
		diag_die(1, "cannot read %s", path);
	if (n > MAX_SOURCE)
		diag_diex(1, "%s is larger than %d bytes", path, MAX_SOURCE);
	fclose(f);
	text[n] = '\0';
	if (memchr(text, '\0', n) != NULL)
		diag_diex(1, "%s is not text", path);
	return text;
}

static void
usage(void)
{
	fputs("usage: socklab-mutate [-w ID] SKELETON SOLUTION\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *want = NULL, *base;
	char *skeleton, *text;
	struct source src = { 0 };
	struct mutant_list list = { 0 };
	unsigned char *added;
	int c, found = 0;

	diag_set_progname(argv[0]);
	while ((c = getopt(argc, argv, "w:")) != -1) {
		if (c != 'w')
			usage();
		want = optarg;
	}
	if (argc - optind != 2)
		usage();
	skeleton = read_file(argv[optind]);
	text = read_file(argv[optind + 1]);
	base = strrchr(argv[optind + 1], '/');
	src.name = base != NULL ? base + 1 : argv[optind + 1];
	src.text = text;
	added = region_added_lines(skeleton, text, &src.nlines);
	if (added == NULL || lex_tokens(text, &src.toks) == -1)
		diag_die(1, "cannot read %s", argv[optind + 1]);
	src.added = added;
	if (mutate_collect(&src, &list) == -1)
		diag_die(1, "cannot list the mutants of %s", argv[optind + 1]);
	for (size_t i = 0; i < list.count; i++) {
		const struct mutant *m = &list.m[i];
		char *mutant;

		if (want == NULL) {
			printf("%s\t%d\t%s\n", m->id, m->line, m->summary);
			continue;
		}
		if (strcmp(m->id, want) != 0)
			continue;
		mutant = mutate_apply(text, m);
		if (mutant == NULL)
			diag_die(1, "out of memory");
		fputs(mutant, stdout);
		free(mutant);
		found = 1;
	}
	if (fflush(stdout) == EOF)
		diag_die(1, "cannot write the output");
	mutate_free(&list);
	lex_free(&src.toks);
	free(added);
	free(text);
	free(skeleton);
	if (want != NULL && !found)
		diag_diex(2, "no mutant %s in %s", want, argv[optind + 1]);
	return 0;
}
