/*
 * The connections list, the ladder and the note under it. The rows come
 * from ladder.c as text; here they only get line drawing and colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_draw.h"
#include "ui_text.h"

/* Digits in v, for column widths. */
static int
digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * Fits an endpoint into w columns: whole if it fits, else the address cut
 * in the middle with "..." and the port kept ("[2001:db8...:1]:443").
 */
static void
fit_endpoint(const char *e, int w, char *out, size_t len)
{
	int n = (int)strlen(e), tail;
	const char *port = strrchr(e, ':');

	if (n <= w || w < 8) {
		snprintf(out, len, "%.*s", w > 0 ? w : 0, e);
		return;
	}
	/* The port and the address's last characters stay. */
	tail = port != NULL ? (int)(e + n - port) + 4 : 6;
	if (tail > w - 5)
		tail = w - 5;
	snprintf(out, len, "%.*s...%s", w - 3 - tail, e, e + n - tail);
}

/* The widths of the list's columns, from what it shows. */
struct conn_cols {
	int id, ends, pk, by;
};

static void
conn_columns(const struct ui_view *v, int width, struct conn_cols *w)
{
	const struct track_conn *c;
	char e[64];
	int fixed;

	w->id = 2;
	w->ends = 9;
	w->pk = 4;
	w->by = 5;
	for (c = track_first(v->track); c != NULL; c = track_next(c)) {
		uint64_t pk, by;
		int n0, n1;

		if (!ui_view_conn_visible(v, c))
			continue;
		ui_view_conn_totals(v, c, &pk, &by);
		n0 = (int)strlen(ui_text_endpoint(&c->end[0], e, sizeof(e)));
		n1 = (int)strlen(ui_text_endpoint(&c->end[1], e, sizeof(e)));
		w->id = digits(c->id) > w->id ? digits(c->id) : w->id;
		w->ends = n0 > w->ends ? n0 : w->ends;
		w->ends = n1 > w->ends ? n1 : w->ends;
		w->pk = digits(pk) > w->pk ? digits(pk) : w->pk;
		w->by = digits(by) > w->by ? digits(by) : w->by;
	}
	/* ">#id a > b state pk B": what is left goes to the endpoints. */
	fixed = 2 + w->id + 1 + 3 + 1 + 11 + 1 + w->pk + 3 + 1 + w->by + 2;
	if (fixed + 2 * w->ends > width)
		w->ends = (width - fixed) / 2;
	if (w->ends < 8)
		w->ends = 8;
}

void
ui_draw_conns(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct track_conn *c, *sel = ui_view_conn(v);
	size_t n = ui_view_conn_count(v), idx, first = 0, row = 0;
	char title[96], line[512], e0[64], e1[64], f0[64], f1[64];
	struct conn_cols w;
	int body = a->h - 1;

	(void)st;
	snprintf(title, sizeof(title), "Connections (%zu)%s", n,
	    v->conn_id == 0 && n > 1 ? "  following the newest" : "");
	ui_title(a, title, v->focus == UI_PANE_CONNS);
	if (n == 0) {
		ui_put(a->y + 1, a->x + 2, a->w - 2, A_NORMAL,
		    "none yet: waiting for a TCP segment");
		return;
	}
	/* Columns as wide as their widest entry, so the rows line up. */
	conn_columns(v, a->w, &w);
	idx = ui_view_conn_index(v, sel);
	if ((int)idx >= body)
		first = idx - (size_t)body + 1;
	for (c = track_first(v->track); c != NULL && (int)row < body;
	    c = track_next(c)) {
		uint64_t pk, by;
		size_t i;

		if (!ui_view_conn_visible(v, c))
			continue;
		i = ui_view_conn_index(v, c);
		if (i < first)
			continue;
		ui_view_conn_totals(v, c, &pk, &by);
		fit_endpoint(ui_text_endpoint(&c->end[0], e0, sizeof(e0)),
		    w.ends, f0, sizeof(f0));
		fit_endpoint(ui_text_endpoint(&c->end[1], e1, sizeof(e1)),
		    w.ends, f1, sizeof(f1));
		snprintf(line, sizeof(line), "%c#%-*llu %-*s > %-*s %-11s "
		    "%*llu pk %*llu B", c == sel ? '>' : ' ', w.id,
		    (unsigned long long)c->id, w.ends, f0, w.ends, f1,
		    track_state_name(c->state), w.pk, (unsigned long long)pk,
		    w.by, (unsigned long long)by);
		ui_put(a->y + 1 + (int)row, a->x, a->w,
		    c == sel ? A_REVERSE : A_NORMAL, line);
		row++;
	}
}

/* One thing on the ladder: a segment, or a call of the demo. */
struct item {
	const struct track_seg *seg;
	const struct annot *call;
};

/* Whether the demo's call i goes on c's ladder. */
static int
call_here(const struct ui_view *v, size_t i, const struct track_conn *c)
{
	return ui_view_call_conn(v, i) == c;
}

/*
 * The rows of c's ladder in time order: its shown segments, with the
 * calls that came before each. Returns a malloc'd array (*n items), or
 * NULL if there is nothing or no memory.
 */
static struct item *
collect_items(const struct ui_view *v, const struct track_conn *c, size_t *n)
{
	size_t segs = track_seg_count(c);
	size_t calls = v->calls != NULL ? v->calls->n : 0;
	struct item *it = calloc(segs + calls + 1, sizeof(*it));
	size_t i, k = 0;

	*n = 0;
	if (it == NULL)
		return NULL;
	for (i = 0; i < segs; i++) {
		const struct track_seg *s = track_seg_at(c, i);

		if (!ui_view_seg_visible(v, s))
			break;
		for (; k < calls && v->calls->v[k].after_frame < s->frame; k++)
			if (call_here(v, k, c))
				it[(*n)++].call = &v->calls->v[k];
		it[(*n)++].seg = s;
	}
	for (; k < calls; k++)
		if (call_here(v, k, c))
			it[(*n)++].call = &v->calls->v[k];
	return it;
}

/* Draws one arrow row, turning its ASCII arrow into line drawing. */
static void
draw_arrow(const struct ui_style *st, int y, int x0,
    const struct ladder_row *r, const struct track_seg *s, int selected)
{
	attr_t base = selected ? A_REVERSE | A_BOLD : A_NORMAL;
	attr_t flags = ui_flags_attr(st, s->seg.flags, s->seg.payload_len);
	int x;

	for (x = 0; r->text[x] != '\0'; x++) {
		chtype ch = (unsigned char)r->text[x];
		int in_label = x >= r->label_x && x < r->label_x + r->label_len;
		int in_tag = r->tag_len > 0 && x >= r->tag_x &&
		    x < r->tag_x + r->tag_len;
		attr_t at = base;

		if (in_label) {
			at |= flags;
		} else if (in_tag) {
			at |= ui_pair(st, UI_PAIR_NOTE);
		} else if (!st->ascii && ch == '|') {
			ch = ACS_VLINE;
		} else if ((x > r->arrow_from && x < r->arrow_to) ||
		    (x < r->arrow_from && x > r->arrow_to)) {
			at |= flags;
			if (!st->ascii)
				ch = ch == '-' ? ACS_HLINE :
				    ch == '>' ? ACS_RARROW :
				    ch == '<' ? ACS_LARROW : ch;
		}
		mvaddch(y, x0 + x, ch | at);
	}
}

/* Draws a call row: the lanes, and the call beside its side's lane. */
static void
draw_call(const struct ui_style *st, int y, int x0,
    const struct ladder_row *r)
{
	int x;

	for (x = 0; r->text[x] != '\0'; x++) {
		chtype ch = (unsigned char)r->text[x];
		attr_t at = A_NORMAL;

		if (x >= r->label_x && x < r->label_x + r->label_len)
			at = ui_pair(st, UI_PAIR_CALL) | A_BOLD;
		else if (ch == '*')
			at = ui_pair(st, UI_PAIR_CALL) | A_BOLD;
		else if (!st->ascii && ch == '|')
			ch = ACS_VLINE;
		mvaddch(y, x0 + x, ch | at);
	}
}

/* Empty rows below the last item still show the lanes. */
static void
draw_lanes(const struct ui_style *st, const struct ladder_geom *g, int y,
    int x0)
{
	chtype lane = st->ascii ? '|' : ACS_VLINE;

	mvaddch(y, x0 + g->left_x, lane);
	mvaddch(y, x0 + g->right_x, lane);
}

/*
 * A new scene's calls before it has a connection (bind(), listen()): on
 * lanes of their own, "client" and "server", not on the last scene's.
 */
static void
draw_pending_calls(const struct ui_style *st, const struct ui_area *a,
    const struct ladder_geom *g, const struct ui_view *v)
{
	size_t k = ui_view_pending_calls(v), n = v->calls->n;
	struct ladder_row row;
	char call[160], head[LADDER_ROW_MAX];
	int y = 0, body = a->h - 2;

	ui_title(a, "Ladder  next connection: no segment yet",
	    v->focus == UI_PANE_LADDER);
	memset(head, ' ', (size_t)g->width);
	head[g->width] = '\0';
	memcpy(head + g->left_x - 3, "client", 6);
	memcpy(head + g->right_x - 3, "server", 6);
	ui_put(a->y + 1, a->x, a->w, A_BOLD, head);
	/* The newest calls if they do not all fit. */
	if ((int)k > body)
		k = (size_t)body;
	for (; y < body; y++) {
		const struct annot *c = y < (int)k ?
		    &v->calls->v[n - k + (size_t)y] : NULL;

		if (c == NULL) {
			draw_lanes(st, g, a->y + 2 + y, a->x);
			continue;
		}
		snprintf(call, sizeof(call), "%s %s", c->call, c->result);
		ladder_row_call(g, c->side == DEMO_CLIENT, call, &row);
		draw_call(st, a->y + 2 + y, a->x, &row);
	}
}

void
ui_draw_ladder(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct track_conn *c = ui_view_conn(v);
	const struct track_seg *sel = ui_view_seg(v, c);
	struct ladder_geom g;
	struct ladder_row row;
	struct item *it;
	char title[128], call[160];
	size_t n = 0, i, top = 0, at = 0;
	int body = a->h - 2, y;

	if (a->h < 3)
		return;
	ladder_geom_init(&g, a->w);
	/* Following the demo, and its newest calls start a new connection. */
	if (v->demo && v->conn_id == 0 && v->seg_frame == 0 &&
	    ui_view_pending_calls(v) > 0) {
		draw_pending_calls(st, a, &g, v);
		return;
	}
	if (c == NULL) {
		ui_title(a, "Ladder", v->focus == UI_PANE_LADDER);
		ui_put(a->y + 2, a->x + 2, a->w - 2, A_NORMAL, v->demo ?
		    "nothing on the wire yet: press n to run the next call" :
		    "waiting for TCP: start a client and a server");
		return;
	}
	it = collect_items(v, c, &n);
	for (i = 0; i < n; i++)
		if (it[i].seg == sel)
			at = i;
	snprintf(title, sizeof(title), "Ladder #%llu  %s  %s numbers%s",
	    (unsigned long long)c->id, track_state_name(c->state),
	    v->absolute ? "absolute" : "relative",
	    v->seg_frame == 0 ? "" : "  (up/down: select)");
	ui_title(a, title, v->focus == UI_PANE_LADDER);
	ladder_row_heading(&g, c, &row);
	ui_put(a->y + 1, a->x, a->w, A_BOLD, row.text);

	/* Keep the selection in sight; when following, show the newest. */
	if ((int)n > body) {
		if (v->seg_frame == 0)
			top = n - (size_t)body;
		else if ((int)at > body / 2)
			top = at - (size_t)(body / 2);
		if (top + (size_t)body > n)
			top = n - (size_t)body;
	}
	for (y = 0; y < body; y++) {
		size_t k = top + (size_t)y;
		int sy = a->y + 2 + y;

		if (it == NULL || k >= n) {
			draw_lanes(st, &g, sy, a->x);
			continue;
		}
		if (it[k].seg != NULL) {
			ladder_row_arrow(&g, c, it[k].seg, v->absolute, &row);
			draw_arrow(st, sy, a->x, &row, it[k].seg,
			    it[k].seg == sel);
		} else {
			snprintf(call, sizeof(call), "%s %s", it[k].call->call,
			    it[k].call->result);
			ladder_row_call(&g, it[k].call->side == DEMO_CLIENT,
			    call, &row);
			draw_call(st, sy, a->x, &row);
		}
	}
	free(it);
}

void
ui_draw_note(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct track_conn *c = ui_view_conn(v);
	const struct track_seg *s = ui_view_seg(v, c);
	char note[320], text[512], label[96];

	if (s == NULL || a->h < 1)
		return;
	ladder_label(s, v->absolute, label, sizeof(label));
	ladder_note(c, s, v->absolute, note, sizeof(note));
	snprintf(text, sizeof(text), "%s: %s", label, note);
	ui_wrap(a, a->y, a->h, ui_pair(st, UI_PAIR_NOTE) | A_BOLD, text);
}
