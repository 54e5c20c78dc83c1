/*
 * Grading one lab: copy the student's files into a scratch directory beside
 * the grader's own headers, build the test program with common/lab.mk, run
 * it in the sandbox, and turn its records into verdicts.
 */
#define _GNU_SOURCE /* strsignal */

#include "grader/grade.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "grader/files.h"
#include "rio.h"

/* Build log lines shown for a compile error. */
#define BUILD_ERROR_LINES 12
/* Seconds a build may take before it counts as hung (#include "/dev/zero"). */
#define BUILD_SECONDS 120.0
/* Seconds the test program has to reach its first test. */
#define STARTUP_SECONDS 5.0
/* Seconds for a whole lab's test run. */
#define LAB_SECONDS 60.0

/* A directory-name-safe tag for the submission, unique per real path. */
static void
submission_tag(const char *submission, char *tag, size_t size)
{
	char real[PATH_MAX];
	const char *src = realpath(submission, real) != NULL ? real : submission;
	size_t len = strlen(src);
	size_t i;

	if (len + 1 > size)
		src += len + 1 - size;
	for (i = 0; src[i] != '\0' && i + 1 < size; i++)
		tag[i] = isalnum((unsigned char)src[i]) || src[i] == '-' ||
			src[i] == '.' ? src[i] : '_';
	tag[i] = '\0';
}

/* The first compiler errors of a build log, for the student to read. */
static char *
build_errors(const char *log_path)
{
	char *log = files_read(log_path);
	char *out, *line, *save = NULL;
	size_t used = 0, cap;
	int shown = 0;

	if (log == NULL)
		return strdup("(no build log)");
	cap = strlen(log) + 64;
	out = malloc(cap);
	if (out == NULL) {
		free(log);
		return NULL;
	}
	out[0] = '\0';
	for (line = strtok_r(log, "\n", &save);
	    line != NULL && shown < BUILD_ERROR_LINES;
	    line = strtok_r(NULL, "\n", &save)) {
		/* make's own lines ("make: *** ...") say nothing new. */
		if (strncmp(line, "make", 4) == 0)
			continue;
		/* Show the student's file by name, not by our scratch path. */
		char *src = strstr(line, "/src/");
		const char *shown_line = src != NULL ? src + 5 : line;

		used += (size_t)snprintf(out + used, cap - used, "%s%s",
		    shown == 0 ? "" : "\n", shown_line);
		shown++;
	}
	free(log);
	return out;
}

/* Runs make -f common/lab.mk with the given target; output to log_path. */
static int
run_lab_make(const struct grade_config *cfg, const char *lab,
    const char *src, const char *out, const char *target,
    const char *log_path)
{
	char a_lab[PATH_MAX], a_src[PATH_MAX], a_out[PATH_MAX];
	char a_variant[64], a_hidden[PATH_MAX], a_tests[PATH_MAX];
	char a_build[PATH_MAX];
	char *argv[] = {
		"/usr/bin/env", "make", "-s", "--no-print-directory", "-j2",
		"-f", "common/lab.mk", a_lab, a_src, a_out, a_variant,
		a_hidden, a_tests, a_build,
		cfg->strict ? "STRICT=1" : "STRICT=", (char *)target, NULL,
	};
	struct sandbox_limits limits = {
		.wall_seconds = BUILD_SECONDS * cfg->timeout_scale,
		.startup_seconds = BUILD_SECONDS * cfg->timeout_scale,
		.cpu_seconds = 300, .address_space_mib = 0,
		.file_size_mib = 256, .open_files = 1024,
		.extra_processes = 256,
	};
	struct sandbox_run run = {
		.argv = argv, .isolation = SANDBOX_PLAIN, .limits = &limits,
		.trusted = 1,
	};
	int fd, rc;

	snprintf(a_lab, sizeof(a_lab), "LAB=%s", lab);
	snprintf(a_src, sizeof(a_src), "SRC=%s", src);
	snprintf(a_out, sizeof(a_out), "OUT=%s", out);
	snprintf(a_variant, sizeof(a_variant), "VARIANT=%s", cfg->variant);
	snprintf(a_hidden, sizeof(a_hidden), "HIDDEN_ROOT=%s",
	    cfg->hidden_root != NULL ? cfg->hidden_root : "");
	snprintf(a_tests, sizeof(a_tests), "TESTS_ROOT=%s", cfg->tests_root);
	snprintf(a_build, sizeof(a_build), "BUILD=%s", cfg->build_dir);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	run.output_fd = fd;
	rc = sandbox_exec(&run);
	close(fd);
	free(run.records);
	if (rc == -1)
		return -1;
	return run.exited && run.exit_status == 0 ? 0 : 1;
}

/* Same rule as common/lab.mk: hidden tests live in HIDDEN_ROOT/LAB/tests. */
static int
has_hidden_tests(const struct grade_config *cfg, const char *lab)
{
	char dir[PATH_MAX];
	struct stat st;

	if (cfg->hidden_root == NULL || cfg->hidden_root[0] == '\0')
		return 0;
	snprintf(dir, sizeof(dir), "%s/%s/tests", cfg->hidden_root, lab);
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Lists the tests and their points by running the grader's plan program. */
static int
load_plan(const struct grade_config *cfg, const char *lab,
    struct lab_grade *grade)
{
	char plan[PATH_MAX], log[PATH_MAX], out[PATH_MAX];
	char *argv[] = { plan, NULL };
	struct sandbox_limits limits = {
		.wall_seconds = 30, .startup_seconds = 30, .cpu_seconds = 30,
		.file_size_mib = 16, .open_files = 256, .extra_processes = 64,
	};
	struct sandbox_run run = {
		.argv = argv, .isolation = SANDBOX_PLAIN, .limits = &limits,
		.trusted = 1, .records_env = "SOCKLAB_PLAN_FD",
	};
	int fd, rc;

	if (files_path(out, sizeof(out), "%s/grade/plan/%s", cfg->build_dir,
	    cfg->variant) == -1 ||
	    files_path(log, sizeof(log), "%s/%s.log", out, lab) == -1 ||
	    files_path(plan, sizeof(plan), "%s/%s-%s", out, lab,
	    has_hidden_tests(cfg, lab) ? "all" : "public") == -1) {
		diag_warn("%s", cfg->build_dir);
		return -1;
	}
	if (files_mkdirs(out) == -1 ||
	    run_lab_make(cfg, lab, out, out, "plan", log) != 0) {
		diag_warnx("cannot build the tests of %s (see %s)", lab, log);
		return -1;
	}
	fd = open(log, O_WRONLY | O_APPEND | O_CLOEXEC);
	run.output_fd = fd != -1 ? fd : STDERR_FILENO;
	rc = sandbox_exec(&run);
	if (fd != -1)
		close(fd);
	if (rc == 0 && run.exited && run.exit_status == 0)
		rc = results_parse_plan(run.records, cfg->tests_root,
		    &grade->tests);
	else
		rc = -1;
	free(run.records);
	if (rc == -1)
		diag_warnx("cannot list the tests of %s (see %s)", lab, log);
	return rc;
}

/* Explains a test that left no record, from what happened to the run. */
static const char *
explain_missing(const struct sandbox_run *run, enum verdict *verdict)
{
	if (run->startup_timed_out) {
		*verdict = VERDICT_TIME;
		return "the test program never reached its first test: "
		       "something in the code loops or blocks before main() "
		       "(a constructor or global initialiser?)";
	}
	if (run->timed_out) {
		*verdict = VERDICT_TIME;
		return "the lab's test run went past its time limit and was "
		       "stopped before this test reported";
	}
	if (run->signal != 0) {
		*verdict = VERDICT_CRASH;
		return "the test program itself died before this test "
		       "reported: often the code forks without end or leaves "
		       "processes behind, so no new test process could start";
	}
	*verdict = VERDICT_FAIL;
	return "no result: the test program ended before this test "
	       "reported (does the code call exit()?)";
}

/* Fills in a message for verdicts that came without one. */
static char *
default_message(const struct test_result *t)
{
	char buf[256];

	switch (t->verdict) {
	case VERDICT_CRASH:
		snprintf(buf, sizeof(buf), "crashed: signal %d (%s)",
		    t->signal, strsignal(t->signal));
		break;
	case VERDICT_TIME:
		snprintf(buf, sizeof(buf), "did not finish within its time "
		    "limit: an endless loop, or a call that waits forever "
		    "(accept() or read() with nobody on the other side)");
		break;
	case VERDICT_FAIL:
		snprintf(buf, sizeof(buf), "the test process exited before "
		    "finishing (does the code call exit()?)");
		break;
	default:
		buf[0] = '\0';
	}
	return strdup(buf);
}

static void
set_all_tests(struct lab_grade *grade, enum verdict v, const char *msg)
{
	for (size_t i = 0; i < grade->tests.count; i++) {
		struct test_result *t = &grade->tests.tests[i];

		t->verdict = v;
		t->points = 0;
		free(t->message);
		t->message = strdup(msg);
	}
}

static void
run_tests(const struct grade_config *cfg, const char *bin,
    const char *log_path, struct lab_grade *grade)
{
	char *argv[] = { (char *)bin, "--jobs=2", NULL };
	char scale[32];
	struct sandbox_limits limits = {
		.wall_seconds = LAB_SECONDS * cfg->timeout_scale,
		.startup_seconds = STARTUP_SECONDS * cfg->timeout_scale,
		.cpu_seconds = (long)(30 * cfg->timeout_scale),
		/* Sanitizers reserve terabytes of address space. */
		.address_space_mib = strcmp(cfg->variant, "asan") == 0 ? 0 : 2048,
		.file_size_mib = 64, .open_files = 256, .extra_processes = 128,
	};
	struct sandbox_run run = {
		.argv = argv, .isolation = cfg->isolation, .limits = &limits,
		.run_as_uid = cfg->run_as_uid,
	};
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	snprintf(scale, sizeof(scale), "%g", cfg->timeout_scale);
	setenv("SOCKLAB_TIMEOUT_SCALE", scale, 1);
	run.output_fd = fd != -1 ? fd : STDERR_FILENO;
	if (sandbox_exec(&run) == -1) {
		set_all_tests(grade, VERDICT_FAIL, strerror(errno));
		if (fd != -1)
			close(fd);
		return;
	}
	if (fd != -1)
		close(fd);
	results_apply(run.records, &grade->tests);
	for (size_t i = 0; i < grade->tests.count; i++) {
		struct test_result *t = &grade->tests.tests[i];

		if (t->verdict == VERDICT_NONE) {
			const char *why = explain_missing(&run, &t->verdict);

			free(t->message);
			t->message = strdup(why);
		} else if (t->message == NULL || t->message[0] == '\0') {
			free(t->message);
			t->message = default_message(t);
		}
	}
	if (run.leftovers_killed > 0) {
		char note[160];

		snprintf(note, sizeof(note), "the code left %d process%s "
		    "running after the tests (children never waited for, or "
		    "detached with setsid()); the grader killed them",
		    run.leftovers_killed, run.leftovers_killed == 1 ? "" : "es");
		grade->problem = strdup(note);
	}
	free(run.records);
}

static void
total_up(struct lab_grade *grade)
{
	grade->score = grade->max_score = grade->skipped_points = 0;
	for (size_t i = 0; i < grade->tests.count; i++) {
		const struct test_result *t = &grade->tests.tests[i];

		grade->max_score += t->max_points;
		grade->score += t->points;
		if (t->verdict == VERDICT_SKIP)
			grade->skipped_points += t->max_points;
	}
}

int
grade_lab(const struct grade_config *cfg, const char *lab,
    struct lab_grade *grade)
{
	char tag[96], out[PATH_MAX], src[PATH_MAX], from[PATH_MAX];
	char headers[PATH_MAX], build_log[PATH_MAX], run_log[PATH_MAX];
	char bin[PATH_MAX];
	struct stat st;
	int rc;

	memset(grade, 0, sizeof(*grade));
	snprintf(grade->name, sizeof(grade->name), "%s", lab);
	if (load_plan(cfg, lab, grade) == -1)
		return -1;

	submission_tag(cfg->submission, tag, sizeof(tag));
	if (files_path(out, sizeof(out), "%s/grade/%s/%s/%s",
	    cfg->build_dir, cfg->variant, tag, lab) == -1 ||
	    files_path(src, sizeof(src), "%s/src", out) == -1 ||
	    files_path(from, sizeof(from), "%s/%s", cfg->submission,
	    lab) == -1 ||
	    files_path(headers, sizeof(headers), "%s/%s", cfg->tests_root,
	    lab) == -1 ||
	    files_path(build_log, sizeof(build_log), "%s/build.log",
	    out) == -1 ||
	    files_path(run_log, sizeof(run_log), "%s/run.log", out) == -1 ||
	    files_path(bin, sizeof(bin), "%s/run-tests", out) == -1) {
		diag_warn("%s", cfg->submission);
		return -1;
	}

	if (stat(from, &st) == -1 || !S_ISDIR(st.st_mode)) {
		char msg[PATH_MAX + 64];

		grade->status = LAB_MISSING;
		snprintf(msg, sizeof(msg), "no directory %s in the submission",
		    from);
		set_all_tests(grade, VERDICT_FAIL, msg);
		total_up(grade);
		return 0;
	}
	/* A fresh scratch copy: the student's .c files, our headers. */
	if (files_mkdirs(src) == -1 || files_copy_matching(src, ".c", NULL) == -1 ||
	    files_copy_matching(from, ".c", src) == -1 ||
	    files_copy_matching(headers, ".h", src) == -1) {
		diag_warn("cannot prepare %s", src);
		return -1;
	}
	rc = run_lab_make(cfg, lab, src, out, "tests", build_log);
	if (rc == -1) {
		diag_warn("cannot run make for %s", lab);
		return -1;
	}
	if (rc != 0) {
		grade->status = LAB_BUILD_FAILED;
		grade->problem = build_errors(build_log);
		set_all_tests(grade, VERDICT_FAIL,
		    "the code does not compile (errors above)");
		total_up(grade);
		return 0;
	}
	run_tests(cfg, bin, run_log, grade);
	total_up(grade);
	return 0;
}

void
grade_free(struct lab_grade *grade)
{
	results_free(&grade->tests);
	free(grade->problem);
	grade->problem = NULL;
}
