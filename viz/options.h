#ifndef SOCKLAB_VIZ_OPTIONS_H
#define SOCKLAB_VIZ_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/*
 * tcpviz's command line:
 * tcpviz [-i IFACE] [-r FILE] [-w FILE] [-p PORT] [-c COUNT] [--text]
 *        [--absolute] [--no-color] [--ascii] [--speed X] [--step]
 *        [--demo [--auto[=SECONDS]]] [FILTER...]
 */

struct options {
	const char *device;	/* -i; NULL: the loopback device */
	const char *read_file;	/* -r */
	const char *write_file;	/* -w */
	long count;		/* -c; 0: no limit */
	int port;		/* -p; 0: none */
	int text;		/* --text */
	int absolute;		/* --absolute */
	int no_color;		/* --no-color */
	int ascii;		/* --ascii: no line-drawing characters */
	double speed;		/* --speed: replay time scale; 1 by default */
	int step;		/* --step: replay one segment per key */
	int demo;		/* --demo: the classroom demo */
	int demo_auto;		/* --auto: the demo's calls run by themselves */
	double auto_seconds;	/* --auto=SECONDS between calls; 0: default */
	int help;		/* --help */
	int version;		/* --version */
	char *filter;		/* the BPF expression (malloc'd); NULL: default */
};

/*
 * Parses argv into *o (the strings point into argv, except o->filter).
 * Returns 0, or -1 with a usage message in err. Call options_free either
 * way.
 */
int options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen);

/* Frees what options_parse allocated. */
void options_free(struct options *o);

/* Prints the --help text. */
void options_usage(FILE *out);

#endif
