/*
 * Unit tests for the grader's sandbox: exit codes and signals come back,
 * time limits kill, output is capped, nothing the program started
 * survives it, and student code in bubblewrap is as confined as
 * common/sandbox/bwrap.h says.
 */
#define _GNU_SOURCE

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/sandbox.h"

static const struct sandbox_limits quick = {
	.wall_seconds = 5.0, .startup_seconds = 5.0, .cpu_seconds = 5,
	.address_space_mib = 0, .file_size_mib = 8, .open_files = 64,
	.extra_processes = 64,
};

/* Runs a shell script as the given mode; output goes to log if not -1. */
static struct sandbox_run
run_script(const char *script, enum run_mode mode,
    const struct sandbox_limits *limits, int log)
{
	static char *argv[4];
	static struct bwrap_spec spec;
	char why[1024];
	struct sandbox_run run;
	enum sandbox_isolation iso;

	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = (char *)script;
	argv[3] = NULL;
	spec = (struct bwrap_spec){ .argv = argv, .program_fd = -1 };
	if (sandbox_probe(0, &iso, why, sizeof(why)) == -1)
		cr_skip_test("no sandbox here: %s", why);
	int own_log = log == -1;

	/* The shells' own chatter ("Segmentation fault") goes nowhere. */
	if (own_log)
		log = open("/dev/null", O_WRONLY | O_CLOEXEC);
	run = (struct sandbox_run){
		.argv = argv, .output_fd = log,
		.mode = mode, .isolation = iso, .limits = limits,
		.bwrap = &spec,
	};
	cr_assert_eq(sandbox_exec(&run), 0, "sandbox_exec: %s",
	    strerror(errno));
	if (own_log)
		close(log);
	return run;
}

/* Runs a script in the student sandbox; returns what it printed. */
static char *
sandboxed_output(const char *script, struct sandbox_run *run)
{
	FILE *log = tmpfile();
	static char text[8192];
	ssize_t n;

	cr_assert_not_null(log);
	*run = run_script(script, RUN_SANDBOX, &quick, fileno(log));
	lseek(fileno(log), 0, SEEK_SET);
	n = read(fileno(log), text, sizeof(text) - 1);
	text[n > 0 ? n : 0] = '\0';
	fclose(log);
	return text;
}

Test(sandbox, exit_status_comes_back, .timeout = 10)
{
	struct sandbox_run run = run_script("exit 3", RUN_TESTS, &quick, -1);

	cr_expect(run.exited && run.exit_status == 3, "exited %d status %d",
	    run.exited, run.exit_status);
	free(run.records);
}

Test(sandbox, a_signal_comes_back, .timeout = 10)
{
	struct sandbox_run run = run_script("kill -SEGV $$", RUN_TESTS, &quick,
	    -1);

	cr_expect_eq(run.signal, SIGSEGV);
	cr_expect(!run.exited);
	free(run.records);
}

Test(sandbox, a_signal_comes_back_through_bubblewrap, .timeout = 10)
{
	struct sandbox_run run = run_script("sh -c 'kill -SEGV $$'; exit 9",
	    RUN_SANDBOX, &quick, -1);

	cr_expect(run.exited && run.exit_status == 9, "exited %d status %d "
	    "signal %d", run.exited, run.exit_status, run.signal);
	free(run.records);
}

Test(sandbox, records_arrive_on_fd_3, .timeout = 10)
{
	struct sandbox_run run = run_script(
	    "printf 'S\\nR\\tx::y\\tPASS\\n' >&3", RUN_TESTS, &quick, -1);

	cr_expect(run.started);
	cr_expect_str_eq(run.records, "S\nR\tx::y\tPASS\n");
	free(run.records);
}

Test(sandbox, student_code_gets_no_records_descriptor, .timeout = 10)
{
	struct sandbox_run run;
	const char *out = sandboxed_output(
	    "printf 'S\\nR\\tx::y\\tPASS\\n' >&3 && echo WROTE", &run);

	cr_expect_str_eq(run.records, "");
	cr_expect_null(strstr(out, "WROTE"), "output: %s", out);
	free(run.records);
}

Test(sandbox, never_starting_is_a_startup_timeout, .timeout = 10)
{
	struct sandbox_limits limits = quick;
	struct sandbox_run run;

	limits.startup_seconds = 0.3;
	run = run_script("exec tail -f /dev/null", RUN_TESTS, &limits, -1);
	cr_expect(run.startup_timed_out);
	cr_expect(!run.timed_out);
	cr_expect_lt(run.elapsed_seconds, 1.5);
	free(run.records);
}

Test(sandbox, hanging_after_start_hits_the_wall_limit, .timeout = 10)
{
	struct sandbox_limits limits = quick;
	struct sandbox_run run;

	limits.wall_seconds = 0.4;
	run = run_script("echo S >&3; exec tail -f /dev/null", RUN_TESTS,
	    &limits, -1);
	cr_expect(run.started);
	cr_expect(run.timed_out);
	free(run.records);
}

/*
 * A child that calls setsid() leaves the process group; the subreaper
 * sweep must still find and kill it. Its pid comes back on fd 3 so the
 * test can check it is gone.
 */
Test(sandbox, detached_child_is_killed, .timeout = 10)
{
	struct sandbox_run run;
	long pid;
	const char *p;

	run = run_script("setsid tail -f /dev/null </dev/null >/dev/null 2>&1 "
	    "& echo \"P $!\" >&3; echo S >&3", RUN_TESTS, &quick, -1);
	p = strstr(run.records, "P ");
	cr_assert_not_null(p, "records: %s", run.records);
	pid = strtol(p + 2, NULL, 10);
	cr_assert_gt(pid, 1);
	cr_expect_eq(kill((pid_t)pid, 0), -1, "pid %ld survived", pid);
	cr_expect_geq(run.leftovers_killed, 1);
	free(run.records);
}

Test(sandbox, output_is_cut_at_the_cap_with_a_note, .timeout = 10)
{
	struct sandbox_limits limits = quick;
	char *argv[] = { "/bin/sh", "-c",
	    "echo S >&3; head -c 3000000 /dev/zero | tr '\\0' x", NULL };
	struct sandbox_run run = {
		.argv = argv, .mode = RUN_TRUSTED, .limits = &limits,
	};
	FILE *log = tmpfile();
	char tail[200] = "";
	long size;

	cr_assert_not_null(log);
	limits.output_cap_kib = 64;
	run.output_fd = fileno(log);
	cr_assert_eq(sandbox_exec(&run), 0);
	size = lseek(run.output_fd, 0, SEEK_END);
	cr_expect_lt(size, 64 * 1024 + 200, "kept %ld bytes", size);
	cr_expect_geq(size, 64 * 1024);
	lseek(run.output_fd, size - 120, SEEK_SET);
	cr_assert_gt(read(run.output_fd, tail, sizeof(tail) - 1), 0);
	cr_expect_not_null(strstr(tail, "output truncated after 65536 bytes"),
	    "tail: %s", tail);
	fclose(log);
	free(run.records);
}

/* What bwrap.h promises, seen from inside. */
Test(sandbox, student_code_is_confined, .timeout = 10)
{
	struct sandbox_run run;
	const char *out = sandboxed_output(
	    "echo pid=$$; "
	    "touch /x 2>/dev/null && echo WRITABLE-ROOT; "
	    "touch /usr/x 2>/dev/null && echo WRITABLE-USR; "
	    "touch /tmp/x && echo tmp-ok; "
	    "ls /work /root /home /run 2>/dev/null | head -n 1 | "
	    "grep . && echo HOST-TREE; "
	    "env | grep -v -e '^PATH=' -e '^HOME=' -e '^PWD=' -e '^SHLVL=' "
	    "-e '^_=' && echo ENV-LEAK; "
	    "grep -q '^CapEff:\t0000000000000000' /proc/self/status && "
	    "echo no-caps; "
	    "grep -q '^NoNewPrivs:\t1' /proc/self/status && echo nnp; "
	    "grep -q '^Seccomp:\t2' /proc/self/status && echo filtered; "
	    "cat /sys/class/net/*/operstate 2>/dev/null | grep -q up && "
	    "echo NETWORK-UP; "
	    "unshare -U true 2>/dev/null && echo NEW-USERNS; "
	    "echo end", &run);

	cr_expect(run.exited && run.exit_status == 0, "status %d: %s",
	    run.exit_status, out);
	cr_expect_not_null(strstr(out, "pid=1\n"), "%s", out);
	cr_expect_not_null(strstr(out, "tmp-ok"), "%s", out);
	cr_expect_not_null(strstr(out, "no-caps"), "%s", out);
	cr_expect_not_null(strstr(out, "nnp"), "%s", out);
	cr_expect_not_null(strstr(out, "filtered"), "%s", out);
	cr_expect_not_null(strstr(out, "end"), "%s", out);
	for (const char *bad = "WRITABLE-ROOT\0WRITABLE-USR\0HOST-TREE\0"
	    "ENV-LEAK\0NETWORK-UP\0NEW-USERNS\0"; *bad != '\0';
	    bad += strlen(bad) + 1)
		cr_expect_null(strstr(out, bad), "%s in: %s", bad, out);
	free(run.records);
}
