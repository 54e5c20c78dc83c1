/*
 * The ladder's rows and words. Nothing here draws: the strings come out the
 * same on a terminal, in a test, or in the README.
 */
#include "ladder.h"

#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "ui_text.h"

/* Columns of the time ("123.456789") and of the tag ("keepalive"). */
#define TIME_W 10
#define TAG_W 10

void
ladder_geom_init(struct ladder_geom *g, int width)
{
	if (width < LADDER_MIN_WIDTH)
		width = LADDER_MIN_WIDTH;
	if (width > LADDER_MAX_WIDTH)
		width = LADDER_MAX_WIDTH;
	g->width = width;
	g->time_w = TIME_W;
	g->left_x = TIME_W + 1;
	g->tag_x = width - TAG_W;
	g->right_x = g->tag_x - 2;
}

const char *
ladder_label(const struct track_seg *s, int absolute, char *buf, size_t len)
{
	const struct tcp_segment *g = &s->seg;
	char flags[48];
	int n;

	n = snprintf(buf, len, "%s seq=%lu",
	    ui_text_flags(g->flags, flags, sizeof(flags)),
	    (unsigned long)(absolute ? g->seq : s->rel_seq));
	if ((g->flags & TCP_FLAG_ACK) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " ack=%lu",
		    (unsigned long)(absolute ? g->ack : s->rel_ack));
	if (g->payload_len > 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " len=%lu",
		    (unsigned long)g->payload_len);
	return buf;
}

/* The first analysis flag of s in display order, or NULL. */
static const struct track_analysis_info *
first_analysis(const struct track_seg *s)
{
	const struct track_analysis_info *ai;
	unsigned i;

	for (i = 0; (ai = track_analysis_info(i)) != NULL; i++)
		if (s->analysis & ai->bit)
			return ai;
	return NULL;
}

const char *
ladder_tag(const struct track_seg *s, char *buf, size_t len)
{
	const struct track_analysis_info *ai;
	uint16_t n = s->notes;

	if (n & TRACK_NOTE_HANDSHAKE)
		snprintf(buf, len, "step %u/3", (unsigned)s->handshake_step);
	else if (n & TRACK_NOTE_NO_LISTENER)
		snprintf(buf, len, "refused");
	else if (s->analysis & TRACK_A_DUP_ACK)
		snprintf(buf, len, "dupACK #%lu", (unsigned long)s->dup_ack_num);
	else if ((ai = first_analysis(s)) != NULL)
		snprintf(buf, len, "%s", ai->tag);
	else if (len > 0)
		buf[0] = '\0';
	return buf;
}

/* Sequence numbers a segment uses: its bytes, plus one each for SYN, FIN. */
static uint32_t
seq_space(const struct tcp_segment *g)
{
	return g->payload_len + !!(g->flags & TCP_FLAG_SYN) +
	    !!(g->flags & TCP_FLAG_FIN);
}

/*
 * The latest segment before s, from the other side, whose end is exactly
 * what s acknowledges: the one s answers. NULL if none is kept.
 */
static const struct track_seg *
answered_segment(const struct track_conn *c, const struct track_seg *s)
{
	size_t i = track_seg_count(c);

	while (i-- > 0) {
		const struct track_seg *o = track_seg_at(c, i);

		if (o->frame >= s->frame || o->dir == s->dir)
			continue;
		if (seq_space(&o->seg) > 0 &&
		    o->rel_seq + seq_space(&o->seg) == s->rel_ack)
			return o;
	}
	return NULL;
}

/* Sequence numbers as on screen: relative (from each ISN) or absolute. */
struct numbers {
	int absolute;
	unsigned long seq, ack;		/* of the segment */
};

static struct numbers
numbers_of(const struct track_seg *s, int absolute)
{
	struct numbers n = { absolute,
		(unsigned long)(absolute ? s->seg.seq : s->rel_seq),
		(unsigned long)(absolute ? s->seg.ack : s->rel_ack) };

	return n;
}

/* The notes on the handshake's three steps (RFC 9293, 3.5). */
static void
handshake_note(const struct track_conn *c, const struct track_seg *s,
    const struct numbers *nb, char *buf, size_t len)
{
	const char *who = s->dir == 0 ? "the client" : "the server";
	unsigned long isn = (unsigned long)c->dir[s->dir].base;

	switch (s->handshake_step) {
	case 1:
		if (nb->absolute)
			snprintf(buf, len, "seq=%lu is %s's ISN, picked at "
			    "random (`a` again shows it as 0). A SYN uses one "
			    "sequence number.", isn, who);
		else
			snprintf(buf, len, "seq=0 stands for %s's ISN %lu, "
			    "picked at random; relative numbers count from it. "
			    "A SYN uses one sequence number.", who, isn);
		break;
	case 2:
		if (nb->absolute)
			snprintf(buf, len, "ack = their seq + 1 = %lu + 1 = "
			    "%lu: a SYN uses one sequence number. seq=%lu is "
			    "the server's own ISN.", nb->ack - 1, nb->ack, isn);
		else
			snprintf(buf, len, "ack = their seq + 1 = 1: a SYN uses "
			    "one sequence number. seq=0 is the server's own "
			    "ISN %lu.", isn);
		break;
	default:
		if (nb->absolute)
			snprintf(buf, len, "ack = their seq + 1 = %lu: the "
			    "SYN-ACK used one too. seq = our ISN + 1 = %lu. "
			    "The handshake is done: both sides are ESTABLISHED.",
			    nb->ack, nb->seq);
		else
			snprintf(buf, len, "ack = their seq + 1 = 1: the SYN-ACK "
			    "used one too. seq=1: our SYN used 0. The handshake "
			    "is done: both sides are ESTABLISHED.");
		break;
	}
}

/* The note for an ACK, from the segment it answers. */
static void
ack_note(const struct track_conn *c, const struct track_seg *s,
    const struct numbers *nb, char *buf, size_t len)
{
	const struct track_seg *o = answered_segment(c, s);

	if (o != NULL && (o->seg.flags & TCP_FLAG_FIN))
		snprintf(buf, len, "ack = their FIN's seq + 1 = %lu: a FIN "
		    "uses one sequence number, like a SYN.", nb->ack);
	else if (o != NULL && o->seg.payload_len > 0)
		snprintf(buf, len, "ack = their seq + len = %lu + %lu = %lu: "
		    "every byte before %lu arrived.",
		    numbers_of(o, nb->absolute).seq,
		    (unsigned long)o->seg.payload_len, nb->ack, nb->ack);
	else
		snprintf(buf, len, "ack=%lu: the next byte this side expects "
		    "from the other; everything before it arrived.", nb->ack);
}

const char *
ladder_note(const struct track_conn *c, const struct track_seg *s,
    int absolute, char *buf, size_t len)
{
	const struct track_analysis_info *ai;
	const struct tcp_segment *g = &s->seg;
	struct numbers nb = numbers_of(s, absolute);
	uint16_t n = s->notes;

	if (n & TRACK_NOTE_HANDSHAKE) {
		handshake_note(c, s, &nb, buf, len);
	} else if (n & TRACK_NOTE_NO_LISTENER) {
		snprintf(buf, len, "RST: nobody listens on port %u, so the "
		    "kernel refuses; connect() fails with ECONNREFUSED.",
		    (unsigned)g->src.port);
	} else if (g->flags & TCP_FLAG_RST) {
		snprintf(buf, len, "RST: the connection is aborted at once; "
		    "no FIN exchange follows and unread data is lost.");
	} else if (s->analysis & TRACK_A_DUP_ACK) {
		snprintf(buf, len, "duplicate ACK #%lu: ack=%lu again; the "
		    "receiver got data after a hole and still waits for the "
		    "byte at %lu.", (unsigned long)s->dup_ack_num, nb.ack,
		    nb.ack);
	} else if ((ai = first_analysis(s)) != NULL) {
		snprintf(buf, len, "%s: %s.", ai->name, ai->note);
	} else if (g->flags & TCP_FLAG_FIN) {
		snprintf(buf, len, "FIN: this side will send no more. It uses "
		    "one sequence number, so its ACK will say ack=%lu.",
		    (unsigned long)(uint32_t)(nb.seq + seq_space(g)));
	} else if (g->payload_len > 0) {
		unsigned long end = (uint32_t)(nb.seq + g->payload_len);

		snprintf(buf, len, "%lu bytes, numbered %lu..%lu on this side; "
		    "its next segment starts at seq %lu + %lu = %lu.",
		    (unsigned long)g->payload_len, nb.seq,
		    (unsigned long)(uint32_t)(end - 1), nb.seq,
		    (unsigned long)g->payload_len, end);
	} else if (g->flags & TCP_FLAG_ACK) {
		ack_note(c, s, &nb, buf, len);
	} else if (len > 0) {
		buf[0] = '\0';
	}
	return buf;
}

const char *
ladder_time(const struct track_conn *c, const struct track_seg *s, char *buf,
    size_t len)
{
	int64_t us = (s->seg.ts_sec - c->first_sec) * 1000000 +
	    (s->seg.ts_usec - c->first_usec);

	if (us < 0)
		us = 0;
	if (us < 1000 * 1000000LL)
		snprintf(buf, len, "%lld.%06lld", (long long)(us / 1000000),
		    (long long)(us % 1000000));
	else
		snprintf(buf, len, "%llds", (long long)(us / 1000000));
	return buf;
}

/* A row of blanks with the two lanes drawn. */
static void
row_blank(const struct ladder_geom *g, struct ladder_row *row)
{
	memset(row->text, ' ', (size_t)g->width);
	row->text[g->width] = '\0';
	row->text[g->left_x] = '|';
	row->text[g->right_x] = '|';
	row->label_x = row->label_len = 0;
	row->arrow_from = row->arrow_to = -1;
	row->tag_x = g->tag_x;
	row->tag_len = 0;
}

/* Copies up to max characters of s into text at x. Returns the count. */
static int
put_text(char *text, int x, const char *s, int max)
{
	int n = (int)strlen(s);

	if (n > max)
		n = max < 0 ? 0 : max;
	memcpy(text + x, s, (size_t)n);
	return n;
}

void
ladder_row_arrow(const struct ladder_geom *g, const struct track_conn *c,
    const struct track_seg *s, int absolute, struct ladder_row *row)
{
	char label[96], tag[32], when[32];
	int from = s->dir == 0 ? g->left_x : g->right_x;
	int to = s->dir == 0 ? g->right_x : g->left_x;
	int lo = g->left_x + 1, hi = g->right_x - 1;	/* the arrow's span */
	int room = hi - lo + 1 - 4;	/* a dash and a blank on each side */
	int n, x;

	row_blank(g, row);
	ladder_time(c, s, when, sizeof(when));
	n = (int)strlen(when);
	put_text(row->text, n < g->time_w ? g->time_w - n : 0, when,
	    g->time_w);
	memset(row->text + lo, '-', (size_t)(hi - lo + 1));
	if (to > from)
		row->text[hi] = '>';
	else
		row->text[lo] = '<';
	row->arrow_from = from;
	row->arrow_to = to;

	ladder_label(s, absolute, label, sizeof(label));
	n = (int)strlen(label);
	if (n > room)
		n = room;
	x = lo + (hi - lo + 1 - n) / 2;
	row->text[x - 1] = ' ';
	row->text[x + n] = ' ';
	row->label_x = x;
	row->label_len = put_text(row->text, x, label, n);

	ladder_tag(s, tag, sizeof(tag));
	row->tag_len = put_text(row->text, g->tag_x, tag,
	    g->width - g->tag_x);
}

void
ladder_row_call(const struct ladder_geom *g, int left, const char *text,
    struct ladder_row *row)
{
	int room = g->right_x - g->left_x - 3;
	int n = (int)strlen(text);

	row_blank(g, row);
	if (n > room - 2)
		n = room - 2;
	if (left) {
		row->text[g->left_x + 1] = '*';
		row->label_x = g->left_x + 3;
	} else {
		row->text[g->right_x - 1] = '*';
		row->label_x = g->right_x - 2 - n;
	}
	row->label_len = put_text(row->text, row->label_x, text, n);
}

void
ladder_row_heading(const struct ladder_geom *g, const struct track_conn *c,
    struct ladder_row *row)
{
	char a[64], b[64];
	int room = (g->right_x - g->left_x) / 2 - 1;
	int n;

	row_blank(g, row);
	put_text(row->text, g->time_w - 4, "time", 4);
	ui_text_endpoint(&c->end[0], a, sizeof(a));
	ui_text_endpoint(&c->end[1], b, sizeof(b));
	put_text(row->text, g->left_x, a, room);
	n = (int)strlen(b);
	if (n > room)
		n = room;
	put_text(row->text, g->right_x + 1 - n, b, n);
	row->label_x = g->left_x;
	row->label_len = g->right_x + 1 - g->left_x;
}
