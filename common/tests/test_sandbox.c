/*
 * Unit tests for the sandbox: exit codes and signals come back, time limits
 * kill, and nothing the program started survives it.
 */
#define _GNU_SOURCE

#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/sandbox.h"

static const struct sandbox_limits quick = {
	.wall_seconds = 2.0, .startup_seconds = 2.0, .cpu_seconds = 5,
	.address_space_mib = 0, .file_size_mib = 8, .open_files = 64,
	.extra_processes = 64,
};

/* Runs a shell script in the sandbox with the given isolation. */
static struct sandbox_run
run_script(const char *script, enum sandbox_isolation iso,
    const struct sandbox_limits *limits)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct sandbox_run run = {
		.argv = argv, .output_fd = STDERR_FILENO, .isolation = iso,
		.limits = limits,
	};

	cr_assert_eq(sandbox_exec(&run), 0, "sandbox_exec: %s",
	    strerror(errno));
	return run;
}

Test(sandbox, exit_status_comes_back, .timeout = 10)
{
	struct sandbox_run run = run_script("exit 3", sandbox_probe(), &quick);

	cr_expect(run.exited && run.exit_status == 3, "exited %d status %d",
	    run.exited, run.exit_status);
	free(run.records);
}

Test(sandbox, a_signal_comes_back, .timeout = 10)
{
	struct sandbox_run run = run_script("kill -SEGV $$", sandbox_probe(),
	    &quick);

	cr_expect_eq(run.signal, SIGSEGV);
	cr_expect(!run.exited);
	free(run.records);
}

Test(sandbox, records_arrive_on_fd_3, .timeout = 10)
{
	struct sandbox_run run = run_script(
	    "printf 'S\\nR\\tx::y\\tPASS\\n' >&3", sandbox_probe(), &quick);

	cr_expect(run.started);
	cr_expect_str_eq(run.records, "S\nR\tx::y\tPASS\n");
	free(run.records);
}

Test(sandbox, never_starting_is_a_startup_timeout, .timeout = 10)
{
	struct sandbox_limits limits = quick;
	struct sandbox_run run;

	limits.startup_seconds = 0.3;
	run = run_script("exec tail -f /dev/null", sandbox_probe(), &limits);
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
	run = run_script("echo S >&3; exec tail -f /dev/null",
	    sandbox_probe(), &limits);
	cr_expect(run.started);
	cr_expect(run.timed_out);
	free(run.records);
}

/*
 * Without namespaces a child that calls setsid() leaves the process group;
 * the subreaper sweep must still find and kill it. Its pid comes back on
 * fd 3 so the test can check it is gone.
 */
Test(sandbox, detached_child_is_killed_without_namespaces, .timeout = 10)
{
	struct sandbox_run run;
	long pid;
	const char *p;

	(void)sandbox_probe(); /* makes us the subreaper */
	run = run_script("setsid tail -f /dev/null </dev/null >/dev/null 2>&1 "
	    "& echo \"P $!\" >&3; echo S >&3", SANDBOX_PLAIN, &quick);
	p = strstr(run.records, "P ");
	cr_assert_not_null(p, "records: %s", run.records);
	pid = strtol(p + 2, NULL, 10);
	cr_assert_gt(pid, 1);
	cr_expect_eq(kill((pid_t)pid, 0), -1, "pid %ld survived", pid);
	cr_expect_geq(run.leftovers_killed, 1);
	free(run.records);
}

Test(sandbox, detached_child_is_counted_with_namespaces, .timeout = 10)
{
	enum sandbox_isolation iso = sandbox_probe();
	struct sandbox_run run;

	if (iso == SANDBOX_PLAIN)
		cr_skip_test("no namespaces on this system");
	run = run_script("setsid sh -c 'exec tail -f /dev/null' "
	    "</dev/null >/dev/null 2>&1 & echo S >&3", iso, &quick);
	cr_expect_geq(run.leftovers_killed, 1);
	free(run.records);
}

Test(sandbox, output_is_cut_at_the_cap_with_a_note, .timeout = 10)
{
	struct sandbox_limits limits = quick;
	char *argv[] = { "/bin/sh", "-c",
	    "echo S >&3; head -c 3000000 /dev/zero | tr '\\0' x", NULL };
	struct sandbox_run run = {
		.argv = argv, .isolation = sandbox_probe(), .limits = &limits,
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
