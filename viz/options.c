/* getopt_long is a GNU and BSD extension. */
#define _GNU_SOURCE

#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

enum {
	OPT_TEXT = 256,
	OPT_ABSOLUTE,
	OPT_NO_COLOR,
	OPT_HELP,
	OPT_VERSION,
	OPT_ASCII,
	OPT_SPEED,
	OPT_STEP,
	OPT_DEMO,
	OPT_AUTO,
};

void
options_usage(FILE *out)
{
	fputs("usage: tcpviz [-i IFACE] [-r FILE.pcap] [-w FILE.pcap] "
	    "[-p PORT] [-c COUNT]\n"
	    "              [--text] [--absolute] [--no-color] [--ascii]\n"
	    "              [--speed X] [--step] [--demo [--auto[=SECONDS]]] "
	    "[FILTER...]\n"
	    "\n"
	    "Captures TCP (on loopback by default) and explains it: a ladder\n"
	    "diagram on a terminal, one line per segment otherwise; handshake\n"
	    "steps, sequence numbers relative to each side's ISN, and notes.\n"
	    "\n"
	    "  -i IFACE     capture on IFACE (default: the loopback device)\n"
	    "  -r FILE      replay a capture file (pcap or pcapng)\n"
	    "  -w FILE      also save what is captured to FILE\n"
	    "  -p PORT      shorthand for the filter `tcp port PORT`\n"
	    "  -c COUNT     stop after COUNT packets\n"
	    "  --text       one line per packet (also when stdout is not a "
	    "terminal)\n"
	    "  --absolute   raw sequence numbers instead of relative ones\n"
	    "  --no-color   no colour (also when NO_COLOR is set)\n"
	    "  --ascii      draw the ladder in ASCII, not line drawing\n"
	    "  --speed X    replay -r at X times the recorded speed "
	    "(default 1)\n"
	    "  --step       replay -r one segment per key (n)\n"
	    "  --demo       the classroom demo: a client and a server on "
	    "127.0.0.1,\n"
	    "               one system call per key (with -r: a recorded "
	    "demo)\n"
	    "  --auto[=S]   with --demo: the next call every S seconds "
	    "(default 3)\n"
	    "  --help       this text\n"
	    "  --version    the version\n"
	    "  FILTER       a BPF expression, see pcap-filter(7) (default:\n"
	    "               " CAPTURE_DEFAULT_FILTER_TEXT ")\n"
	    "\n"
	    "Keys: space pause, n step, up/down select, tab pane, a absolute,\n"
	    "c clear, / filter, s save, ? help, q quit (see tcpviz(1)).\n"
	    "\n"
	    "Exit status: 0 success, 1 runtime error, 2 usage error,\n"
	    "3 no permission to capture (with --demo).\n",
	    out);
}

/* Parses a decimal in [min, max]. Returns 0, or -1. */
static int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parses a replay speed in [0.001, 1e6]. Returns 0, or -1. */
static int
parse_speed(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= 0.001) ||
	    v > 1e6)
		return -1;
	*out = v;
	return 0;
}

/*
 * The filter: the FILTER words joined by spaces, with -p's "tcp port P"
 * in front. Returns a malloc'd string, or NULL (ENOMEM).
 */
static char *
build_filter(int port, int nwords, char **words)
{
	size_t len = 64;
	char *f, *p;
	int i;

	for (i = 0; i < nwords; i++)
		len += strlen(words[i]) + 1;
	f = malloc(len);
	if (f == NULL)
		return NULL;
	p = f;
	if (port > 0 && nwords > 0)
		p += sprintf(p, "tcp port %d and (", port);
	else if (port > 0)
		p += sprintf(p, "tcp port %d", port);
	for (i = 0; i < nwords; i++)
		p += sprintf(p, "%s%s", i > 0 ? " " : "", words[i]);
	if (port > 0 && nwords > 0)
		sprintf(p, ")");
	return f;
}

int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	static const struct option longopts[] = {
		{ "text", no_argument, NULL, OPT_TEXT },
		{ "absolute", no_argument, NULL, OPT_ABSOLUTE },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "speed", required_argument, NULL, OPT_SPEED },
		{ "step", no_argument, NULL, OPT_STEP },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ "auto", optional_argument, NULL, OPT_AUTO },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int ch;

	memset(o, 0, sizeof(*o));
	o->speed = 1.0;
	opterr = 0;	/* we word the messages ourselves */
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":i:r:w:p:c:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'i':
			o->device = optarg;
			break;
		case 'r':
			o->read_file = optarg;
			break;
		case 'w':
			o->write_file = optarg;
			break;
		case 'p':
			if (parse_long(optarg, 1, 65535, &v) == -1) {
				snprintf(err, errlen, "-p %s: the port must be "
				    "a number from 1 to 65535", optarg);
				return -1;
			}
			o->port = (int)v;
			break;
		case 'c':
			if (parse_long(optarg, 1, LONG_MAX, &v) == -1) {
				snprintf(err, errlen, "-c %s: the count must be "
				    "a positive number", optarg);
				return -1;
			}
			o->count = v;
			break;
		case OPT_TEXT:
			o->text = 1;
			break;
		case OPT_ABSOLUTE:
			o->absolute = 1;
			break;
		case OPT_NO_COLOR:
			o->no_color = 1;
			break;
		case OPT_HELP:
			o->help = 1;
			break;
		case OPT_VERSION:
			o->version = 1;
			break;
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_SPEED:
			if (parse_speed(optarg, &o->speed) == -1) {
				snprintf(err, errlen, "--speed %s: the speed must "
				    "be a number from 0.001 to 1000000", optarg);
				return -1;
			}
			break;
		case OPT_STEP:
			o->step = 1;
			break;
		case OPT_DEMO:
			o->demo = 1;
			break;
		case OPT_AUTO:
			o->demo_auto = 1;
			if (optarg != NULL && (parse_speed(optarg,
			    &o->auto_seconds) == -1 || o->auto_seconds < 0.1 ||
			    o->auto_seconds > 3600)) {
				snprintf(err, errlen, "--auto=%s: the seconds "
				    "between calls must be a number from 0.1 "
				    "to 3600", optarg);
				return -1;
			}
			break;
		case ':':
			snprintf(err, errlen, "%s needs an argument",
			    argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0)
				snprintf(err, errlen, "unknown option -%c",
				    optopt);
			else
				snprintf(err, errlen, "unknown option %s",
				    argv[optind - 1]);
			return -1;
		}
	}
	if (o->demo_auto && !o->demo) {
		snprintf(err, errlen, "--auto goes with --demo");
		return -1;
	}
	if (o->step && o->read_file == NULL) {
		snprintf(err, errlen, "--step replays a file one segment per "
		    "key: it needs -r FILE (live, space pauses and n steps)");
		return -1;
	}
	if (o->demo && (o->port > 0 || optind < argc)) {
		snprintf(err, errlen, "--demo chooses its own ports: no -p or "
		    "FILTER with it");
		return -1;
	}
	if (o->device != NULL && o->read_file != NULL) {
		snprintf(err, errlen, "-i and -r cannot be used together");
		return -1;
	}
	/* Neither: o->filter stays NULL, and capture.c picks its default. */
	if (o->port == 0 && argc == optind)
		return 0;
	o->filter = build_filter(o->port, argc - optind, argv + optind);
	if (o->filter == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
options_free(struct options *o)
{
	free(o->filter);
	o->filter = NULL;
}
