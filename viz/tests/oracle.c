/*
 * The tshark oracle: tshark prints one line per frame with one field per
 * analysis flag; tcpviz's model reads the same file through capture.c
 * and track_add_frame, the path its front ends take.
 */
#include "oracle.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "track.h"

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

/* What one frame was flagged with. */
struct verdict {
	uint16_t analysis;
	uint32_t dup_ack_num;
};

/* A growing array of verdicts, one per frame. */
struct verdicts {
	struct verdict *v;
	size_t n, alloc;
};

static struct verdict *
verdicts_push(struct verdicts *vs)
{
	if (vs->n == vs->alloc) {
		size_t n = vs->alloc > 0 ? 2 * vs->alloc : 256;
		struct verdict *v = realloc(vs->v, n * sizeof(*v));

		cr_assert_not_null(v, "out of memory");
		vs->v = v;
		vs->alloc = n;
	}
	memset(&vs->v[vs->n], 0, sizeof(vs->v[0]));
	return &vs->v[vs->n++];
}

void
oracle_require_tshark(void)
{
	if (system("command -v tshark >/dev/null 2>&1") != 0)
		cr_skip_test("tshark is not installed: the analysis oracle "
		    "needs it (Debian: apt-get install tshark)");
}

struct reading {
	struct track_table *t;
	int dlt;
	struct verdicts *vs;
};

static void
on_frame(void *user, const struct raw_frame *f)
{
	struct reading *r = user;
	struct verdict *v = verdicts_push(r->vs);
	const struct track_seg *s;
	const struct track_conn *c;

	if (track_add_frame(r->t, r->dlt, f, &s, &c) == DECODE_OK) {
		v->analysis = s->analysis;
		v->dup_ack_num = s->dup_ack_num;
	}
}

/* tcpviz's verdicts on every frame of path (the filter lets all in). */
static void
read_with_tcpviz(const char *path, struct verdicts *vs)
{
	struct capture_config cfg = { .file = path, .filter = "" };
	struct reading r = { .vs = vs };
	struct capture *cap;
	char err[256];
	int n;

	cr_assert_eq(capture_open(&cap, &cfg, err, sizeof(err)), 0, "%s", err);
	r.dlt = capture_datalink(cap);
	r.t = track_new(NULL);
	cr_assert_not_null(r.t);
	do
		n = capture_dispatch(cap, 0, on_frame, &r, err, sizeof(err));
	while (n > 0);
	track_free(r.t);
	capture_close(cap);
	cr_assert_geq(n, 0, "%s", err);
}

/* One line of tshark's fields: the frame number, then one per flag. */
static void
parse_line(char *line, struct verdict *out)
{
	char *field = strchr(line, ',');	/* past the frame number */

	for (unsigned i = 0; field != NULL && i < TRACK_A_COUNT; i++) {
		char *comma;

		field++;
		comma = strchr(field, ',');
		if (field[0] != ',' && field[0] != '\n' && field[0] != '\0') {
			out->analysis |= track_analysis_info(i)->bit;
			if (track_analysis_info(i)->bit == TRACK_A_DUP_ACK)
				out->dup_ack_num =
				    (uint32_t)strtoul(field, NULL, 10);
		}
		field = comma;
	}
	/*
	 * tshark marks a fast or spurious retransmission as a
	 * retransmission too; tcpviz names the kind alone.
	 */
	if (out->analysis & (TRACK_A_FAST_RETRANSMISSION |
	    TRACK_A_SPURIOUS_RETRANSMISSION))
		out->analysis &= (uint16_t)~TRACK_A_RETRANSMISSION;
}

/* tshark's verdicts on every frame of path. */
static void
read_with_tshark(const char *path, struct verdicts *vs)
{
	char cmd[2048], line[1024];
	size_t used;
	FILE *p;

	used = (size_t)snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' -T "
	    "fields -E separator=, -E occurrence=f -e frame.number", path);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++)
		used += (size_t)snprintf(cmd + used, sizeof(cmd) - used,
		    " -e %s", tshark_field[i]);
	snprintf(cmd + used, sizeof(cmd) - used, " 2>/dev/null");
	p = popen(cmd, "r");
	cr_assert_not_null(p, "cannot run tshark");
	while (fgets(line, sizeof(line), p) != NULL)
		parse_line(line, verdicts_push(vs));
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

void
oracle_compare(const char *path, const char *const *label,
    struct oracle_result *res)
{
	struct verdicts ours = { 0 }, theirs = { 0 };
	char a[256], b[256];

	memset(res, 0, sizeof(*res));
	read_with_tcpviz(path, &ours);
	read_with_tshark(path, &theirs);
	cr_assert_eq(ours.n, theirs.n, "%s: tcpviz read %zu frames, tshark "
	    "%zu", path, ours.n, theirs.n);
	res->frames = ours.n;
	for (size_t i = 0; i < ours.n; i++) {
		const struct verdict *o = &ours.v[i], *t = &theirs.v[i];

		res->seen |= t->analysis;
		if (o->analysis == t->analysis &&
		    o->dup_ack_num == t->dup_ack_num)
			continue;
		res->disagree++;
		cr_log_error("frame %zu%s%s: tshark says %s, tcpviz %s", i + 1,
		    label != NULL ? " of " : "", label != NULL ? label[i] : "",
		    names(t, a, sizeof(a)), names(o, b, sizeof(b)));
	}
	free(ours.v);
	free(theirs.v);
}
