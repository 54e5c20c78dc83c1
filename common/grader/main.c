/*
 * socklab-grade: grades a submission's labs and prints one line per test.
 *
 *   socklab-grade [--submission DIR] [--lab NN] [--report FILE] ...
 *
 * Exit status: 0 when grading ran (whatever the score), 1 when it could not
 * run, 2 for a usage error, 3 when --expect was given and not met, 130
 * when interrupted (SIGINT, SIGTERM, SIGHUP).
 */
#define _GNU_SOURCE /* getopt_long */

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "grader/cgroup.h"
#include "grader/clean.h"
#include "grader/grade.h"
#include "grader/report.h"

#define MAX_LABS 64
/* What one run (a lab's tests and every worker) may use in all. */
#define RUN_MEMORY_MIB 4096
#define RUN_PROCESSES 512
/* What each worker process may use (common/rpc/proxy.c sets them). */
#define WORKER_RLIMITS "2 GiB address space (none under sanitizers), " \
	"256 descriptors, 64 MiB files, 60 s CPU, 64 more processes"

enum expectation { EXPECT_NOTHING, EXPECT_FULL, EXPECT_ZERO };

struct options {
	const char *submission;
	const char *lab;           /* "01" or "01-socket"; NULL for all */
	const char *tests_root;
	const char *hidden_root;
	const char *build_dir;
	const char *report;
	const char *csv;           /* gradebook row, for grade-all */
	const char *name;          /* the submission's name in the CSV */
	const char *gradescope;    /* Gradescope results.json */
	const char *variant;
	int strict;
	long run_as_uid;
	double timeout_scale;
	enum expectation expect;
};

static void
usage(FILE *out)
{
	fputs("usage: socklab-grade [options]\n"
	      "  --submission DIR   the tree to grade (default: labs)\n"
	      "  --lab NN           one lab only: 01 or 01-socket\n"
	      "  --tests DIR        where the tests and headers are (labs)\n"
	      "  --hidden DIR       hidden tests (solutions), if present\n"
	      "  --build DIR        scratch and objects (build)\n"
	      "  --report FILE      JSON report (build/grade/report.json)\n"
	      "  --csv FILE         gradebook header and row (grade-all)\n"
	      "  --name NAME        the submission's name in the CSV\n"
	      "  --gradescope FILE  Gradescope results.json\n"
	      "  --variant V        plain, or asan for the sanitizer build\n"
	      "  --timeout-scale X  multiply every time limit by X\n"
	      "  --strict           compiler warnings fail the build\n"
	      "  --uid N            as root, run student code as uid N\n"
	      "                     (default: nobody)\n"
	      "  --expect full|zero exit 3 unless every lab scores that\n",
	    out);
}

static double
parse_scale(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v > 0.0 && v <= 100.0))
		diag_diex(2, "--timeout-scale wants a number in (0, 100], "
		    "not \"%s\"", s);
	return v;
}

static long
parse_uid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 0x7ffffffe)
		diag_diex(2, "--uid wants a positive user id, not \"%s\"", s);
	return v;
}

static void
parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "submission", required_argument, NULL, 's' },
		{ "lab", required_argument, NULL, 'l' },
		{ "tests", required_argument, NULL, 't' },
		{ "hidden", required_argument, NULL, 'H' },
		{ "build", required_argument, NULL, 'b' },
		{ "report", required_argument, NULL, 'r' },
		{ "csv", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "gradescope", required_argument, NULL, 'g' },
		{ "variant", required_argument, NULL, 'v' },
		{ "timeout-scale", required_argument, NULL, 'T' },
		{ "strict", no_argument, NULL, 'S' },
		{ "uid", required_argument, NULL, 'u' },
		{ "expect", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*opt = (struct options){
		.submission = "labs", .tests_root = "labs",
		.build_dir = "build", .report = "build/grade/report.json",
		.variant = "plain", .timeout_scale = 1.0,
	};
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opt->submission = optarg; break;
		case 'l': opt->lab = optarg[0] != '\0' ? optarg : NULL; break;
		case 't': opt->tests_root = optarg; break;
		case 'H': opt->hidden_root = optarg[0] != '\0' ? optarg : NULL;
			break;
		case 'b': opt->build_dir = optarg; break;
		case 'r': opt->report = optarg; break;
		case 'c': opt->csv = optarg; break;
		case 'n': opt->name = optarg; break;
		case 'g': opt->gradescope = optarg; break;
		case 'v': opt->variant = optarg; break;
		case 'T': opt->timeout_scale = parse_scale(optarg); break;
		case 'S': opt->strict = 1; break;
		case 'u': opt->run_as_uid = parse_uid(optarg); break;
		case 'e':
			if (strcmp(optarg, "full") == 0)
				opt->expect = EXPECT_FULL;
			else if (strcmp(optarg, "zero") == 0)
				opt->expect = EXPECT_ZERO;
			else
				diag_diex(2, "--expect wants full or zero");
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
	if (strcmp(opt->variant, "plain") != 0 &&
	    strcmp(opt->variant, "asan") != 0)
		diag_diex(2, "--variant wants plain or asan");
}

/* A lab directory is named NN-topic: two digits, a dash, a name. */
static int
is_lab_name(const char *name)
{
	return name[0] >= '0' && name[0] <= '9' && name[1] >= '0' &&
	    name[1] <= '9' && name[2] == '-' && name[3] != '\0';
}

static int
matches_filter(const char *lab, const char *filter)
{
	size_t n;

	if (filter == NULL)
		return 1;
	n = strlen(filter);
	/* "1" means "01"; "01" matches "01-socket"; a full name matches. */
	if (n == 1 && lab[0] == '0' && lab[1] == filter[0])
		return 1;
	return strncmp(lab, filter, n) == 0 && (lab[n] == '\0' || lab[n] == '-');
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills labs with the sorted lab names under root that match filter. */
static size_t
find_labs(const char *root, const char *filter, char **labs)
{
	DIR *d = opendir(root);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		diag_die(1, "cannot read the tests directory %s", root);
	while ((de = readdir(d)) != NULL && n < MAX_LABS) {
		char path[PATH_MAX];
		struct stat st;

		if (!is_lab_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, de->d_name);
		if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode))
			continue;
		if (filter != NULL && !matches_filter(de->d_name, filter))
			continue;
		labs[n] = strdup(de->d_name);
		if (labs[n] == NULL)
			diag_die(1, "out of memory");
		n++;
	}
	closedir(d);
	qsort(labs, n, sizeof(labs[0]), compare_names);
	return n;
}

static double
elapsed_since(struct timespec start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start.tv_sec) +
	    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}

/* Checks the --expect promise; prints what broke it. Returns 0 if kept. */
static int
check_expectation(enum expectation expect, const char *submission,
    const struct lab_grade *grades, size_t count)
{
	int broken = 0;

	for (size_t i = 0; i < count && expect != EXPECT_NOTHING; i++) {
		const struct lab_grade *g = &grades[i];

		for (size_t j = 0; j < g->tests.count; j++) {
			const struct test_result *t = &g->tests.tests[j];
			int ok = expect == EXPECT_FULL ?
			    t->verdict == VERDICT_PASS :
			    t->verdict != VERDICT_PASS && t->points == 0;

			if (!ok) {
				fprintf(stderr, "expected %s marks for %s: "
				    "%s %s is %s\n",
				    expect == EXPECT_FULL ? "full" : "zero",
				    submission, g->name, t->name,
				    results_verdict_word(t->verdict));
				broken = 1;
			}
		}
		if (g->max_score == 0) {
			fprintf(stderr, "%s has no points to score\n", g->name);
			broken = 1;
		}
	}
	return broken ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct options opt;
	struct grade_config cfg;
	struct report_style style;
	char *labs[MAX_LABS];
	static struct lab_grade grades[MAX_LABS];
	size_t nlabs, graded = 0;
	int failed = 0;
	char why[1024], sandbox[512], *shown;
	struct cgroup_set cgroup;

	struct timespec started;

	clock_gettime(CLOCK_MONOTONIC, &started);
	diag_set_progname(argv[0]);
	parse_options(argc, argv, &opt);
	/* Our make must not inherit the caller's jobserver descriptors. */
	unsetenv("MAKEFLAGS");
	unsetenv("MFLAGS");
	unsetenv("MAKELEVEL");
	signal(SIGPIPE, SIG_IGN);
	sandbox_catch_interrupts();

	nlabs = find_labs(opt.tests_root, opt.lab, labs);
	if (nlabs == 0)
		diag_diex(2, "no lab matches \"%s\" in %s (labs are named "
		    "NN-topic, e.g. LAB=01 or LAB=01-socket)",
		    opt.lab != NULL ? opt.lab : "", opt.tests_root);
	cfg = (struct grade_config){
		.tests_root = opt.tests_root, .hidden_root = opt.hidden_root,
		.submission = opt.submission, .build_dir = opt.build_dir,
		.variant = opt.variant, .strict = opt.strict,
		.timeout_scale = opt.timeout_scale,
		.run_as_uid = opt.run_as_uid,
	};
	if (sandbox_probe(cfg.run_as_uid, &cfg.isolation, why,
	    sizeof(why)) == -1)
		diag_diex(1, "refusing to grade: %s", why);
	if (cfg.isolation == SANDBOX_NONE)
		fprintf(stderr, "socklab-grade: WARNING: ALLOW_UNSANDBOXED=1: "
		    "student code runs unconfined, with your rights\n");
	/* Names this run's workers (their SOCKLAB_WORKER), unless given. */
	if (getenv("SOCKLAB_RUN_ID") == NULL) {
		char id[48];

		snprintf(id, sizeof(id), "%ld.%ld", (long)getpid(),
		    (long)started.tv_nsec);
		setenv("SOCKLAB_RUN_ID", id, 1);
	}
	cgroup_create(&cgroup, RUN_MEMORY_MIB, RUN_PROCESSES);
	cfg.cgroup = &cgroup;
	snprintf(sandbox, sizeof(sandbox), "%s; %s; rlimits per process: "
	    "%s", sandbox_isolation_name(cfg.isolation), cgroup.description,
	    WORKER_RLIMITS);
	style.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;

	/* The path may come from a student's archive name: shown cleaned. */
	shown = clean_string(opt.submission);
	printf("Grading %s (sandbox: %s)\n", shown != NULL ? shown : "?",
	    sandbox_isolation_name(cfg.isolation));
	for (size_t i = 0; i < nlabs && !failed; i++) {
		int rc = grade_lab(&cfg, labs[i], &grades[graded]);

		if (sandbox_interrupted()) {
			/* Every process of the run is gone; no partial report. */
			fprintf(stderr, "socklab-grade: interrupted during %s; "
			    "nothing was written\n", labs[i]);
			cgroup_destroy(&cgroup);
			return 130;
		}
		if (rc == -1) {
			failed = 1;
			break;
		}
		report_print_lab(stdout, &style, &grades[graded]);
		fflush(stdout);
		graded++;
	}
	cgroup_destroy(&cgroup);
	if (failed)
		diag_diex(1, "grading stopped: the grader could not build or "
		    "run its own tests (see the message above)");
	report_print_total(stdout, grades, graded);
	if (report_write_json(opt.report, opt.submission, sandbox, grades,
	    graded) == -1)
		diag_die(1, "cannot write %s", opt.report);
	if (opt.csv != NULL && report_write_csv(opt.csv,
	    opt.name != NULL ? opt.name : opt.submission, grades, graded) == -1)
		diag_die(1, "cannot write %s", opt.csv);
	if (opt.gradescope != NULL && report_write_gradescope(opt.gradescope,
	    opt.hidden_root, grades, graded, elapsed_since(started)) == -1)
		diag_die(1, "cannot write %s", opt.gradescope);
	if (check_expectation(opt.expect, shown != NULL ? shown : "?", grades,
	    graded) != 0)
		return 3;
	for (size_t i = 0; i < graded; i++) {
		grade_free(&grades[i]);
		free(labs[i]);
	}
	free(shown);
	return 0;
}
