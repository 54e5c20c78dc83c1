#ifndef SOCKLAB_COMMON_MUTATE_REGION_H
#define SOCKLAB_COMMON_MUTATE_REGION_H

/*
 * Which lines of a reference solution are the answer: the lines its
 * skeleton does not have. A solution differs from its skeleton only inside
 * TODO blocks (handouts/STYLE, rule 7), so these are the TODO blocks'
 * contents, and only they are mutated.
 */

/*
 * Returns a calloc'd array indexed by solution line (1 to the number of
 * lines; 0 unused), 1 where the line is not in the longest common
 * subsequence of the two files' lines; *nlines gets the line count.
 * Returns NULL with errno set (ENOMEM) on failure.
 */
unsigned char *region_added_lines(const char *skeleton, const char *solution,
    int *nlines);

#endif
