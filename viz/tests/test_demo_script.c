/* Unit tests for the classroom demo's script (no capture needed). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "annot.h"
#include "capture.h"
#include "demo_script.h"
#include "track.h"
#include "ui_text.h"

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

/* One segment of the recording: who sent it (c/s) and its flags. */
struct wire_seg {
	char side;
	char flags[32];
};

struct recording {
	struct track_table *t;
	int dlt;
	struct wire_seg seg[64];
	size_t n;
};

static void
on_frame(void *user, const struct raw_frame *f)
{
	struct recording *r = user;
	const struct track_seg *s;
	const struct track_conn *c;

	if (r->n < 64 && track_add_frame(r->t, r->dlt, f, &s, &c) ==
	    DECODE_OK) {
		/* The side that spoke first (the SYN) is the client. */
		r->seg[r->n].side = s->dir == 0 ? 'c' : 's';
		ui_text_flags(s->seg.flags, r->seg[r->n].flags,
		    sizeof(r->seg[r->n].flags));
		r->n++;
	}
}

/*
 * Whether segments from..to-1 of r are what wire says ("c:SYN s:ACK?").
 * Writes what they were into got.
 */
static int
wire_matches(const struct recording *r, size_t from, size_t to,
    const char *wire, char *got, size_t len)
{
	char pat[128], *tok, *save = NULL;
	size_t i = from, used = 0;

	got[0] = '\0';
	for (size_t k = from; k < to && used < len; k++)
		used += (size_t)snprintf(got + used, len - used, "%s%c:%s",
		    k > from ? " " : "", r->seg[k].side, r->seg[k].flags);
	snprintf(pat, sizeof(pat), "%s", wire);
	for (tok = strtok_r(pat, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(tok);
		int optional = tok[n - 1] == '?';

		if (optional)
			tok[n - 1] = '\0';
		if (i < to && r->seg[i].side == tok[0] &&
		    strcmp(r->seg[i].flags, tok + 2) == 0)
			i++;
		else if (!optional)
			return 0;
	}
	return i == to;
}

/*
 * The recorded demo (viz/demo/handshake.*) says what each call puts on
 * the wire; the recording must show exactly that, and its sidecar must
 * carry the script's current words (re-record, or fix both).
 */
Test(demo_script, recording_matches_its_expectations, .timeout = 10)
{
	static struct recording r;
	struct capture_config cfg = { .file = "viz/demo/handshake.pcap" };
	struct annot_list calls;
	struct capture *cap;
	struct demo_step st;
	char err[256], got[256];

	annot_init(&calls);
	cr_assert_eq(annot_load(&calls, "viz/demo/handshake.steps"), 0,
	    "%s", strerror(errno));
	cr_assert_eq(capture_open(&cap, &cfg, err, sizeof(err)), 0, "%s", err);
	r.dlt = capture_datalink(cap);
	r.t = track_new(NULL);
	while (capture_dispatch(cap, 0, on_frame, &r, err, sizeof(err)) > 0)
		;
	capture_close(cap);
	track_free(r.t);
	cr_assert_eq(calls.n, demo_step_count());
	for (size_t i = 0; i < calls.n; i++) {
		size_t from = calls.v[i].after_frame;
		size_t to = i + 1 < calls.n ? calls.v[i + 1].after_frame : r.n;

		cr_assert(demo_describe(i, &st));
		cr_expect_str_eq(calls.v[i].call, st.call);
		cr_expect_str_eq(calls.v[i].expect, st.expect,
		    "call %zu (%s): the recording's words are not the "
		    "script's", i + 1, st.call);
		cr_expect(wire_matches(&r, from, to, st.wire, got,
		    sizeof(got)), "call %zu, %s %s: expected \"%s\", the "
		    "recording has \"%s\"", i + 1, st.side == DEMO_CLIENT ?
		    "client" : "server", st.call, st.wire, got);
	}
	annot_free(&calls);
}
