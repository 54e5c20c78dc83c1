/*
 * Grading one lab:
 *
 *   1. build the lab's trusted test program and the worker's support
 *      library from the grader's tree (common/lab.mk; once per lab);
 *   2. copy the student's sources (safe names only) beside the grader's
 *      headers, and compile them into the worker inside the sandbox, as
 *      the sandbox user, with no network and nothing secret in view;
 *   3. run the test program in a private network namespace: it starts the
 *      worker in the sandbox for each test and calls the student's
 *      functions through proxies; its records become the verdicts.
 *
 * The verdicts come from the test program alone, which never loads
 * student code: nothing the worker prints, writes or exits with counts.
 */
#define _GNU_SOURCE /* strsignal */

#include "grader/grade.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "diag.h"
#include "grader/files.h"
#include "rio.h"

/* Build log lines shown for a compile error. */
#define BUILD_ERROR_LINES 12
/* Seconds a build may take before it counts as hung (#include "/dev/zero"). */
#define BUILD_SECONDS 120.0
/* Seconds the student's code may take to compile. */
#define COMPILE_SECONDS 60.0
/* Compiler flags for student code, and source files, at most. */
#define MAX_FLAGS 48
#define MAX_SOURCES 64
/* The largest worker program accepted from the sandbox. */
#define WORKER_MAX_BYTES (64L << 20)
/* Seconds the test program has to reach its first test. */
#define STARTUP_SECONDS 5.0
/* Seconds for a whole lab's test run. */
#define LAB_SECONDS 60.0

/* scandir filter: names ending in .c. */
static int
is_c_file(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return n > 2 && strcmp(de->d_name + n - 2, ".c") == 0;
}

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

/* Runs make -f common/lab.mk tests support; output to log_path. */
static int
build_lab_programs(const struct grade_config *cfg, const char *lab,
    const char *log_path)
{
	char a_lab[PATH_MAX], a_variant[64], a_hidden[PATH_MAX];
	char a_tests[PATH_MAX], a_build[PATH_MAX];
	char *argv[] = {
		"/usr/bin/env", "make", "-s", "--no-print-directory", "-j2",
		"-f", "common/lab.mk", a_lab, a_variant, a_hidden, a_tests,
		a_build, "tests", "support", NULL,
	};
	struct sandbox_limits limits = {
		.wall_seconds = BUILD_SECONDS * cfg->timeout_scale,
		.startup_seconds = BUILD_SECONDS * cfg->timeout_scale,
		.cpu_seconds = 300, .address_space_mib = 0,
		.file_size_mib = 256, .open_files = 1024,
		.extra_processes = 256,
	};
	struct sandbox_run run = {
		.argv = argv, .mode = RUN_TRUSTED, .limits = &limits,
	};
	int fd, rc;

	snprintf(a_lab, sizeof(a_lab), "LAB=%s", lab);
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

/*
 * The built tests hold the hidden tests' code and text: as root, only
 * root may read them. (In the sandbox they are out of sight anyway; this
 * matters where student code runs unsandboxed, as the sandbox user.)
 */
static int
hide_tests(const struct grade_config *cfg)
{
	static const char *const parts[] = { "tests", "objs" };
	char dir[PATH_MAX];

	if (geteuid() != 0)
		return 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (files_path(dir, sizeof(dir), "%s/grade/%s", cfg->build_dir,
		    parts[i]) == -1 || chmod(dir, 0700) == -1)
			return -1;
	return 0;
}

/*
 * Locks a directory of ours (making it if need be), so that two graders
 * working there take turns: two `make grade` of one submission would
 * delete each other's worker, two builds of one test program would write
 * the same objects. Returns the lock's descriptor (close it to unlock), or
 * -1 with errno set.
 */
static int
lock_directory(const char *dir)
{
	char path[PATH_MAX];
	int fd;

	if (files_mkdirs(dir) == -1 ||
	    files_path(path, sizeof(path), "%s/.lock", dir) == -1)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR || sandbox_interrupted()) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* The trusted test program's path. */
static int
tests_program(const struct grade_config *cfg, const char *lab, char *buf,
    size_t size)
{
	return files_path(buf, size, "%s/grade/tests/%s/%s-%s",
	    cfg->build_dir, cfg->variant, lab,
	    has_hidden_tests(cfg, lab) ? "all" : "public");
}

/*
 * Builds the lab's programs and lists the tests and their points by
 * running the test program in plan mode (no student code involved).
 */
static int
load_plan(const struct grade_config *cfg, const char *lab,
    struct lab_grade *grade)
{
	char plan[PATH_MAX], log[PATH_MAX], dir[PATH_MAX];
	char *argv[] = { plan, NULL };
	struct sandbox_limits limits = {
		.wall_seconds = 30, .startup_seconds = 30, .cpu_seconds = 30,
		.file_size_mib = 16, .open_files = 256, .extra_processes = 64,
	};
	struct sandbox_run run = {
		.argv = argv, .mode = RUN_TRUSTED, .limits = &limits,
		.records_env = "SOCKLAB_PLAN_FD",
	};
	int fd, rc, lock;

	if (files_path(dir, sizeof(dir), "%s/grade/tests/%s", cfg->build_dir,
	    cfg->variant) == -1 ||
	    files_path(log, sizeof(log), "%s/%s.log", dir, lab) == -1 ||
	    tests_program(cfg, lab, plan, sizeof(plan)) == -1) {
		diag_warn("%s", cfg->build_dir);
		return -1;
	}
	/* Graders side by side (grade-all) build each program once, in turn. */
	lock = lock_directory(dir);
	rc = lock == -1 ? -1 : build_lab_programs(cfg, lab, log);
	if (lock != -1)
		close(lock);
	if (rc != 0) {
		diag_warnx("cannot build the tests of %s (see %s)", lab, log);
		return -1;
	}
	if (hide_tests(cfg) == -1) {
		diag_warn("cannot hide the tests in %s", cfg->build_dir);
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
		return "the grader's test program never reached its first "
		       "test (a machine far too slow? try TIMEOUT_SCALE=3)";
	}
	if (run->timed_out) {
		*verdict = VERDICT_TIME;
		return "the lab's test run went past its time limit and was "
		       "stopped before this test reported";
	}
	if (run->signal != 0) {
		*verdict = VERDICT_CRASH;
		return "the grader's test program died before this test "
		       "reported (see the run log)";
	}
	*verdict = VERDICT_FAIL;
	return "no result: the grader's test program ended before this "
	       "test reported (see the run log)";
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
		/* Student code never runs in the test process: ours failed. */
		snprintf(buf, sizeof(buf), "the grader's test process ended "
		    "before finishing this test (see the run log)");
		break;
	default:
		buf[0] = '\0';
	}
	return strdup(buf);
}

/* Adds a line to what the report says about the lab as a whole. */
static void
add_problem(struct lab_grade *grade, const char *text)
{
	size_t len = (grade->problem != NULL ? strlen(grade->problem) + 1 : 0) +
	    strlen(text) + 1;
	char *joined = malloc(len);

	if (joined == NULL)
		return;
	snprintf(joined, len, "%s%s%s", grade->problem != NULL ?
	    grade->problem : "", grade->problem != NULL ? "\n" : "", text);
	free(grade->problem);
	grade->problem = joined;
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
set_run_environment(const struct grade_config *cfg, const char *worker)
{
	char scale[32], uid[32];

	snprintf(scale, sizeof(scale), "%g", cfg->timeout_scale);
	setenv("SOCKLAB_TIMEOUT_SCALE", scale, 1);
	setenv("SOCKLAB_WORKER", worker, 1);
	setenv("SOCKLAB_SANDBOX", cfg->isolation == SANDBOX_BWRAP ? "bwrap" :
	    "none", 1);
	/* Sanitizers reserve terabytes of address space. */
	setenv("SOCKLAB_WORKER_AS_MIB",
	    strcmp(cfg->variant, "asan") == 0 ? "0" : "2048", 1);
	if (geteuid() == 0) {
		snprintf(uid, sizeof(uid), "%ld",
		    (long)limits_sandbox_uid(cfg->run_as_uid));
		setenv("SOCKLAB_SANDBOX_UID", uid, 1);
	} else {
		unsetenv("SOCKLAB_SANDBOX_UID");
	}
}

static void
run_tests(const struct grade_config *cfg, const char *bin,
    const char *worker, const char *log_path, struct lab_grade *grade)
{
	char *argv[] = { (char *)bin, "--jobs=2", NULL };
	struct sandbox_limits limits = {
		.wall_seconds = LAB_SECONDS * cfg->timeout_scale,
		.startup_seconds = STARTUP_SECONDS * cfg->timeout_scale,
		.cpu_seconds = (long)(60 * cfg->timeout_scale),
		.address_space_mib = 0,
		.file_size_mib = 64, .open_files = 1024,
		.extra_processes = 256,
	};
	struct sandbox_run run = {
		.argv = argv, .mode = RUN_TESTS, .isolation = cfg->isolation,
		.limits = &limits, .run_as_uid = cfg->run_as_uid,
		.cgroup = cfg->cgroup,
	};
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	set_run_environment(cfg, worker);
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
	free(run.records);
}

/*
 * Reads the student compiler flags that common/lab.mk wrote (the compiler
 * first, one word a line) into argv; returns how many, or -1.
 */
static int
read_flags(const char *path, char *text, size_t size, char **argv, int max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int count = 0;
	char *line, *save = NULL;

	if (fd == -1)
		return -1;
	n = read(fd, text, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL && count < max;
	    line = strtok_r(NULL, "\n", &save))
		argv[count++] = line;
	return count;
}

/* The .c files of dir, sorted (files_copy_sources put only safe names). */
static int
list_sources(const char *dir, struct dirent ***names)
{
	return scandir(dir, names, is_c_file, alphasort);
}

/*
 * A compile's inputs and output, staged outside the build tree: the
 * compiler runs as the sandbox user, who may not pass through the
 * directories above build/ (a home directory, a 0700 checkout, Gradescope's
 * source/), not even for bubblewrap to bind them.
 */
struct stage {
	char dir[PATH_MAX];      /* $TMPDIR/socklab-compile-XXXXXX, 0711 */
	char src[PATH_MAX];      /* the sources and headers, readable */
	char support[PATH_MAX];  /* libworker.a, readable */
	char out[PATH_MAX];      /* the sandbox user's: the worker goes here */
};

/* Removes a stage and what is in it (files only: we made no others). */
static void
stage_remove(const struct stage *st)
{
	const char *const parts[] = { st->out, st->src, st->support };

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		(void)files_copy_matching(parts[i], "", NULL);
		(void)rmdir(parts[i]);
	}
	(void)rmdir(st->dir);
}

static int
stage_create(const struct grade_config *cfg, const char *src,
    const char *support, struct stage *st)
{
	const char *tmp = getenv("TMPDIR");
	char lib[PATH_MAX], staged_lib[PATH_MAX];
	uid_t uid = limits_sandbox_uid(cfg->run_as_uid);

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if (files_path(st->dir, sizeof(st->dir), "%s/socklab-compile-XXXXXX",
	    tmp) == -1 || mkdtemp(st->dir) == NULL)
		return -1;
	if (files_path(st->src, sizeof(st->src), "%s/src", st->dir) == -1 ||
	    files_path(st->support, sizeof(st->support), "%s/support",
	    st->dir) == -1 ||
	    files_path(st->out, sizeof(st->out), "%s/out", st->dir) == -1 ||
	    files_path(lib, sizeof(lib), "%s/libworker.a", support) == -1 ||
	    files_path(staged_lib, sizeof(staged_lib), "%s/libworker.a",
	    st->support) == -1)
		goto fail;
	if (chmod(st->dir, 0711) == -1 || mkdir(st->src, 0755) == -1 ||
	    mkdir(st->support, 0755) == -1 || mkdir(st->out, 0700) == -1 ||
	    files_copy_matching(src, "", st->src) == -1 ||
	    files_copy(lib, staged_lib) == -1)
		goto fail;
	if (geteuid() == 0 && chown(st->out, uid, uid) == -1)
		goto fail;
	return 0;
fail:
	stage_remove(st);
	return -1;
}

/*
 * Compiles the student's sources in src into the stage's out/worker, in
 * the sandbox (or, allowed unsandboxed, as the sandbox user under the
 * seccomp filter alone, with host paths). Returns 0 when it built, 1 when
 * the code does not compile, -1 when the grader could not run it.
 */
static int
compile_worker(const struct grade_config *cfg, const char *lab,
    const struct stage *st, const char *log_path)
{
	char flags_path[PATH_MAX], flags[4096], support[PATH_MAX];
	const char *src = st->src;
	char out[PATH_MAX], lib[PATH_MAX], srcpath[MAX_SOURCES][PATH_MAX];
	char *argv[MAX_FLAGS + MAX_SOURCES + 8];
	struct dirent **names = NULL;
	int sandboxed = cfg->isolation == SANDBOX_BWRAP;
	int n, count, fds[3] = { -1, -1, -1 }, fd, rc = -1;
	struct sandbox_limits limits = {
		.wall_seconds = COMPILE_SECONDS * cfg->timeout_scale,
		.startup_seconds = COMPILE_SECONDS * cfg->timeout_scale,
		.cpu_seconds = 60, .address_space_mib = 4096,
		.file_size_mib = 64, .open_files = 256,
		/*
		 * gcc needs a handful; the rest is room for other runs of the
		 * same sandbox user (two `make grade` as root, both as
		 * nobody), so that theirs cannot fail this compile.
		 */
		.extra_processes = 256,
	};
	struct bwrap_mount mounts[3];
	struct bwrap_spec spec = { .argv = argv, .program_fd = -1,
		.mounts = mounts, .nmounts = 3 };
	struct sandbox_run run = {
		.argv = argv, .mode = RUN_SANDBOX,
		.isolation = cfg->isolation, .limits = &limits,
		.bwrap = &spec, .run_as_uid = cfg->run_as_uid,
		.cgroup = cfg->cgroup,
	};

	if (files_path(support, sizeof(support), "%s/grade/support/%s/%s",
	    cfg->build_dir, cfg->variant, lab) == -1 ||
	    files_path(flags_path, sizeof(flags_path), "%s/flags",
	    support) == -1)
		return -1;
	n = read_flags(flags_path, flags, sizeof(flags), argv, MAX_FLAGS);
	count = list_sources(src, &names);
	if (n < 1 || count < 0) {
		for (int i = 0; i < count; i++)
			free(names[i]);
		free(names);
		return -1;
	}
	if (cfg->strict)
		argv[n++] = "-Werror";
	/* Inside, the directories are /src, /out and /support. */
	if (files_path(out, sizeof(out), "%s/worker",
	    sandboxed ? "/out" : st->out) == -1 ||
	    files_path(lib, sizeof(lib), "%s/libworker.a",
	    sandboxed ? "/support" : st->support) == -1)
		goto out;
	argv[n++] = sandboxed ? "-I/src" : "-I.";
	argv[n++] = "-o";
	argv[n++] = out;
	for (int i = 0; i < count && i < MAX_SOURCES; i++) {
		if (files_path(srcpath[i], sizeof(srcpath[i]), "%s/%s",
		    sandboxed ? "/src" : src, names[i]->d_name) == -1)
			goto out;
		argv[n++] = srcpath[i];
	}
	argv[n++] = lib;
	argv[n] = NULL;
	if (!sandboxed) {
		/* Headers are found beside the sources. */
		static char include[PATH_MAX];

		if (files_path(include, sizeof(include), "-I%s", src) == -1)
			goto out;
		for (int i = 0; argv[i] != NULL; i++)
			if (strcmp(argv[i], "-I.") == 0)
				argv[i] = include;
	}
	fds[0] = open(st->src, O_PATH | O_DIRECTORY | O_CLOEXEC);
	fds[1] = open(st->out, O_PATH | O_DIRECTORY | O_CLOEXEC);
	fds[2] = open(st->support, O_PATH | O_DIRECTORY | O_CLOEXEC);
	mounts[0] = (struct bwrap_mount){ fds[0], "/src", 0 };
	mounts[1] = (struct bwrap_mount){ fds[1], "/out", 1 };
	mounts[2] = (struct bwrap_mount){ fds[2], "/support", 0 };
	/* The keeper keeps these open across exec for bubblewrap. */
	for (int i = 0; i < 3; i++)
		if (fds[i] == -1 || fcntl(fds[i], F_SETFD, 0) == -1)
			goto out;
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		goto out;
	run.output_fd = fd;
	rc = sandbox_exec(&run);
	close(fd);
	free(run.records);
	if (rc == 0)
		rc = run.exited && run.exit_status == 0 ? 0 : 1;
out:
	for (int i = 0; i < 3; i++)
		if (fds[i] != -1)
			close(fds[i]);
	for (int i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return rc;
}

/*
 * Takes the worker the sandbox built (in a directory the sandbox user
 * could write) into a file only the grader writes: a regular file, not a
 * link to something else, of a sane size. Returns 0, or -1 with errno.
 */
static int
take_worker(const char *built, const char *dest)
{
	int in = open(built, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int rc;

	if (in == -1)
		return -1;
	if (fstat(in, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > WORKER_MAX_BYTES) {
		close(in);
		errno = EINVAL;
		return -1;
	}
	close(in);
	(void)unlink(dest);
	rc = files_copy(built, dest);
	if (rc == 0)
		rc = chmod(dest, 0755);
	return rc;
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

/* Empties dir (our scratch) of regular files; makes it if missing. */
static int
fresh_directory(const char *dir)
{
	if (files_mkdirs(dir) == -1)
		return -1;
	return files_copy_matching(dir, "", NULL);
}

/* Where one lab of one submission is graded: see grade_lab. */
struct scratch {
	char dir[PATH_MAX];       /* build/grade/VARIANT/TAG/LAB */
	char src[PATH_MAX];       /* the student's sources, our headers */
	char worker[PATH_MAX];    /* the worker, as the grader took it */
	char build_log[PATH_MAX];
	char run_log[PATH_MAX];
};

static int
scratch_paths(const struct grade_config *cfg, const char *lab,
    struct scratch *s)
{
	char tag[96];

	submission_tag(cfg->submission, tag, sizeof(tag));
	return files_path(s->dir, sizeof(s->dir), "%s/grade/%s/%s/%s",
	    cfg->build_dir, cfg->variant, tag, lab) == -1 ||
	    files_path(s->src, sizeof(s->src), "%s/src", s->dir) == -1 ||
	    files_path(s->worker, sizeof(s->worker), "%s/worker",
	    s->dir) == -1 ||
	    files_path(s->build_log, sizeof(s->build_log), "%s/build.log",
	    s->dir) == -1 ||
	    files_path(s->run_log, sizeof(s->run_log), "%s/run.log",
	    s->dir) == -1 ? -1 : 0;
}

/*
 * Copies, compiles and runs the lab in its scratch directory, which the
 * caller holds locked. Returns as grade_lab does.
 */
static int
grade_in_scratch(const struct grade_config *cfg, const char *lab,
    const char *from, const struct scratch *s, struct lab_grade *grade)
{
	char headers[PATH_MAX], tests[PATH_MAX], support[PATH_MAX];
	char built[PATH_MAX];
	struct stage st;
	char *notes = NULL;
	int rc;

	if (files_path(headers, sizeof(headers), "%s/%s", cfg->tests_root,
	    lab) == -1 || tests_program(cfg, lab, tests, sizeof(tests)) == -1)
		return -1;
	/* A fresh scratch copy: the student's safe .c files, our headers. */
	(void)unlink(s->worker);
	(void)unlink(s->run_log);
	if (fresh_directory(s->src) == -1 ||
	    files_copy_sources(from, s->src, &notes) == -1 ||
	    files_copy_matching(headers, ".h", s->src) == -1 ||
	    files_path(support, sizeof(support), "%s/grade/support/%s/%s",
	    cfg->build_dir, cfg->variant, lab) == -1 ||
	    stage_create(cfg, s->src, support, &st) == -1) {
		diag_warn("cannot prepare %s", s->src);
		free(notes);
		return -1;
	}
	grade->problem = notes;
	rc = compile_worker(cfg, lab, &st, s->build_log);
	if (rc == 0 && (files_path(built, sizeof(built), "%s/worker",
	    st.out) == -1 || take_worker(built, s->worker) == -1))
		rc = 1;
	stage_remove(&st);
	if (rc == -1) {
		diag_warn("cannot compile %s", lab);
		return -1;
	}
	if (rc != 0) {
		char *errors = build_errors(s->build_log);

		grade->status = LAB_BUILD_FAILED;
		add_problem(grade, errors != NULL ? errors : "(no build log)");
		free(errors);
		set_all_tests(grade, VERDICT_FAIL,
		    "the code does not compile (errors above)");
		return 0;
	}
	run_tests(cfg, tests, s->worker, s->run_log, grade);
	return 0;
}

int
grade_lab(const struct grade_config *cfg, const char *lab,
    struct lab_grade *grade)
{
	struct scratch s;
	char from[PATH_MAX];
	struct stat st;
	int lock, rc;

	memset(grade, 0, sizeof(*grade));
	snprintf(grade->name, sizeof(grade->name), "%s", lab);
	if (load_plan(cfg, lab, grade) == -1)
		return -1;
	if (scratch_paths(cfg, lab, &s) == -1 ||
	    files_path(from, sizeof(from), "%s/%s", cfg->submission,
	    lab) == -1) {
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
	lock = lock_directory(s.dir);
	if (lock == -1) {
		diag_warn("cannot lock %s", s.dir);
		return -1;
	}
	rc = grade_in_scratch(cfg, lab, from, &s, grade);
	close(lock);
	total_up(grade);
	return rc;
}

void
grade_free(struct lab_grade *grade)
{
	results_free(&grade->tests);
	free(grade->problem);
	grade->problem = NULL;
}
