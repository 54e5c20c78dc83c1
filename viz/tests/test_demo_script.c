/* Unit tests for the classroom demo's script (no capture needed). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "demo_script.h"

static int
open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(dir);
	while ((de = readdir(dir)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dir);
	return n - 1;
}

Test(demo_script, every_step_does_what_the_screen_says, .timeout = 10)
{
	int before = open_fds();
	struct demo *d = demo_new();
	struct demo_step step;
	size_t steps = 0;

	cr_assert_not_null(d, "demo_new: %s", strerror(errno));
	cr_expect_neq(demo_server_port(d), demo_closed_port(d));
	while (demo_next(d, &step) == 1) {
		steps++;
		cr_expect(!step.failed, "step %zu, %s %s: %s", steps,
		    step.side == DEMO_CLIENT ? "client" : "server", step.call,
		    step.result);
		cr_expect(step.scene != NULL && step.call != NULL &&
		    step.expect != NULL);
		if (steps == 2)
			cr_expect(strstr(step.result, strerror(ECONNREFUSED)),
			    "refused connect: %s", step.result);
	}
	cr_expect_eq(steps, demo_step_count());
	cr_expect_eq(demo_steps_done(d), steps);
	cr_expect_eq(demo_next(d, &step), 0, "the script is over");
	demo_free(d);
	cr_expect_eq(open_fds(), before, "the demo closed what it opened");
}

Test(demo_script, stopping_half_way_closes_everything, .timeout = 10)
{
	int before = open_fds();
	struct demo *d = demo_new();
	struct demo_step step;

	cr_assert_not_null(d);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(demo_next(d, &step), 1);
	demo_free(d);
	cr_expect_eq(open_fds(), before);
}
