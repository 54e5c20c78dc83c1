/*
 * Wireshark's TCP analysis flags, checked against Wireshark itself: the
 * crafted conversations of scenes.c go into one capture file, tshark
 * reads it, tcpviz's model reads it, and every segment must carry the
 * same flags (and the same duplicate-ACK number). Skipped, with a
 * message, where tshark is not installed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "harness.h"
#include "scenes.h"
#include "track.h"

#define T_TIMEOUT 60.0

/* tshark's field for each flag, in the order of track_analysis_info(). */
static const char *const tshark_field[TRACK_A_COUNT] = {
	"tcp.analysis.retransmission",
	"tcp.analysis.fast_retransmission",
	"tcp.analysis.spurious_retransmission",
	"tcp.analysis.out_of_order",
	"tcp.analysis.lost_segment",
	"tcp.analysis.ack_lost_segment",
	"tcp.analysis.duplicate_ack_num",
	"tcp.analysis.zero_window",
	"tcp.analysis.zero_window_probe",
	"tcp.analysis.zero_window_probe_ack",
	"tcp.analysis.window_update",
	"tcp.analysis.window_full",
	"tcp.analysis.keep_alive",
	"tcp.analysis.keep_alive_ack",
};

/* What one segment was flagged with. */
struct verdict {
	uint16_t analysis;
	uint32_t dup_ack_num;
};

struct reading {
	struct track_table *t;
	int dlt;
	struct verdict v[SCENE_FRAMES_MAX];
	size_t n;
};

static void
on_frame(void *user, const struct raw_frame *f)
{
	struct reading *r = user;
	const struct track_seg *s;
	const struct track_conn *c;

	if (r->n < SCENE_FRAMES_MAX &&
	    track_add_frame(r->t, r->dlt, f, &s, &c) == DECODE_OK) {
		r->v[r->n].analysis = s->analysis;
		r->v[r->n].dup_ack_num = s->dup_ack_num;
	}
	r->n++;
}

/* tcpviz's verdicts on every frame of path. */
static void
read_with_tcpviz(const char *path, struct reading *r)
{
	struct capture_config cfg = { .file = path };
	struct capture *cap;
	char err[256];

	memset(r, 0, sizeof(*r));
	cr_assert_eq(capture_open(&cap, &cfg, err, sizeof(err)), 0, "%s", err);
	r->dlt = capture_datalink(cap);
	r->t = track_new(NULL);
	cr_assert_not_null(r->t);
	while (capture_dispatch(cap, 0, on_frame, r, err, sizeof(err)) > 0)
		;
	track_free(r->t);
	capture_close(cap);
}

/*
 * tshark's verdicts, from one line per frame of comma-separated fields:
 * the frame number, then one field per flag, empty when absent.
 */
static void
read_with_tshark(const char *path, struct verdict *v, size_t *n)
{
	char cmd[2048], line[1024];
	size_t used;
	FILE *p;

	used = (size_t)snprintf(cmd, sizeof(cmd), "tshark -n -r %s -T fields "
	    "-E separator=, -E occurrence=f -e frame.number", path);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++)
		used += (size_t)snprintf(cmd + used, sizeof(cmd) - used,
		    " -e %s", tshark_field[i]);
	snprintf(cmd + used, sizeof(cmd) - used, " 2>/dev/null");
	p = popen(cmd, "r");
	cr_assert_not_null(p, "cannot run tshark");
	*n = 0;
	while (fgets(line, sizeof(line), p) != NULL && *n < SCENE_FRAMES_MAX) {
		char *field = line, *comma;
		struct verdict *out = &v[(*n)++];

		memset(out, 0, sizeof(*out));
		field = strchr(field, ',');	/* skip the frame number */
		for (unsigned i = 0; field != NULL && i < TRACK_A_COUNT; i++) {
			field++;
			comma = strchr(field, ',');
			if (field[0] != ',' && field[0] != '\n' &&
			    field[0] != '\0') {
				out->analysis |= track_analysis_info(i)->bit;
				if (i == 6)
					out->dup_ack_num =
					    (uint32_t)strtoul(field, NULL, 10);
			}
			field = comma;
		}
	}
	cr_assert_eq(pclose(p), 0, "tshark failed on %s", path);
}

/* "retransmission, dup ACK #2" for a message. */
static const char *
names(const struct verdict *v, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < TRACK_A_COUNT && used < len; i++) {
		const struct track_analysis_info *ai = track_analysis_info(i);

		if (!(v->analysis & ai->bit))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", ai->name);
		if (ai->bit == TRACK_A_DUP_ACK && used < len)
			used += (size_t)snprintf(buf + used, len - used, " #%lu",
			    (unsigned long)v->dup_ack_num);
	}
	if (used == 0)
		snprintf(buf, len, "none");
	return buf;
}

/*
 * tshark marks a fast or spurious retransmission as a retransmission
 * too; tcpviz names the kind alone.
 */
static void
as_tcpviz_names_it(struct verdict *v)
{
	if (v->analysis & (TRACK_A_FAST_RETRANSMISSION |
	    TRACK_A_SPURIOUS_RETRANSMISSION))
		v->analysis &= (uint16_t)~TRACK_A_RETRANSMISSION;
}

Test(oracle, analysis_flags_match_tshark, .timeout = T_TIMEOUT)
{
	static struct scenes sc;
	static struct reading ours;
	struct verdict theirs[SCENE_FRAMES_MAX];
	char path[64], a[256], b[256];
	uint16_t seen = 0;
	size_t n, i, bad = 0;

	if (system("command -v tshark >/dev/null 2>&1") != 0)
		cr_skip_test("tshark is not installed: the analysis oracle "
		    "needs it (Debian: apt-get install tshark)");
	cr_assert_eq(scenes_build(&sc), 0);
	cr_assert_eq(harness_write_pcap(path, 1, sc.frame, sc.n), 0);
	read_with_tcpviz(path, &ours);
	read_with_tshark(path, theirs, &n);
	cr_assert_eq(n, sc.n, "tshark read %zu frames of %zu", n, sc.n);
	cr_assert_eq(ours.n, sc.n, "tcpviz read %zu frames of %zu", ours.n,
	    sc.n);
	for (i = 0; i < n; i++) {
		as_tcpviz_names_it(&theirs[i]);
		seen |= theirs[i].analysis;
		if (theirs[i].analysis == ours.v[i].analysis &&
		    theirs[i].dup_ack_num == ours.v[i].dup_ack_num)
			continue;
		bad++;
		cr_log_error("frame %zu (%s): tshark says %s, tcpviz %s", i + 1,
		    sc.scene_of[i], names(&theirs[i], a, sizeof(a)),
		    names(&ours.v[i], b, sizeof(b)));
	}
	unlink(path);
	cr_expect_eq(bad, 0, "%zu of %zu segments disagree with tshark", bad,
	    n);
	/* The scenes must exercise every flag, or the check proves little. */
	for (i = 0; i < TRACK_A_COUNT; i++)
		cr_expect(seen & track_analysis_info((unsigned)i)->bit,
		    "no scene makes tshark flag %s",
		    track_analysis_info((unsigned)i)->name);
}

/* Every flag reaches the text front end, by the name the model gives it. */
Test(oracle, text_mode_names_every_flag, .timeout = T_TIMEOUT)
{
	static struct scenes sc;
	static struct harness_child c;
	char path[64], want[64];
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-r", path, NULL };

	cr_assert_eq(scenes_build(&sc), 0);
	cr_assert_eq(harness_write_pcap(path, 1, sc.frame, sc.n), 0);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "%s", c.err);
	unlink(path);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++) {
		const struct track_analysis_info *ai = track_analysis_info(i);

		if (ai->bit == TRACK_A_DUP_ACK)
			snprintf(want, sizeof(want), "[dup ACK #3]");
		else
			snprintf(want, sizeof(want), "[%s]", ai->name);
		cr_expect(strstr(c.out, want) != NULL, "no %s in:\n%s", want,
		    c.out);
	}
}
