#include "ui_view.h"

#include <string.h>

void
ui_view_init(struct ui_view *v, const struct track_table *track)
{
	memset(v, 0, sizeof(*v));
	v->track = track;
	v->limit = UI_SHOW_ALL;
	v->focus = UI_PANE_LADDER;
	v->info = UI_PANE_DETAIL;
	v->mode = "LIVE";
}

int
ui_view_seg_visible(const struct ui_view *v, const struct track_seg *s)
{
	return s->frame <= v->limit;
}

int
ui_view_conn_visible(const struct ui_view *v, const struct track_conn *c)
{
	return track_seg_count(c) > 0 &&
	    ui_view_seg_visible(v, track_seg_at(c, 0));
}

const struct track_conn *
ui_view_conn(const struct ui_view *v)
{
	const struct track_conn *c, *newest = NULL;

	if (v->conn_id != 0) {
		c = track_find_id(v->track, v->conn_id);
		if (c != NULL && ui_view_conn_visible(v, c))
			return c;
	}
	for (c = track_first(v->track); c != NULL; c = track_next(c))
		if (ui_view_conn_visible(v, c))
			newest = c;
	return newest;
}

/* The index in c of the newest segment shown; -1 if none. */
static long
newest_visible(const struct ui_view *v, const struct track_conn *c)
{
	size_t i = track_seg_count(c);

	while (i-- > 0)
		if (ui_view_seg_visible(v, track_seg_at(c, i)))
			return (long)i;
	return -1;
}

/* The index in c of the selected segment; -1 if none is shown. */
static long
selected_index(const struct ui_view *v, const struct track_conn *c)
{
	size_t i, n = track_seg_count(c);

	if (v->seg_frame != 0 && v->seg_frame <= v->limit)
		for (i = 0; i < n; i++)
			if (track_seg_at(c, i)->frame == v->seg_frame)
				return (long)i;
	return newest_visible(v, c);
}

const struct track_seg *
ui_view_seg(const struct ui_view *v, const struct track_conn *c)
{
	long i;

	if (c == NULL)
		return NULL;
	i = selected_index(v, c);
	return i < 0 ? NULL : track_seg_at(c, (size_t)i);
}

void
ui_view_move_seg(struct ui_view *v, int delta)
{
	const struct track_conn *c = ui_view_conn(v);
	long i, last;

	if (c == NULL)
		return;
	i = selected_index(v, c);
	last = newest_visible(v, c);
	if (i < 0)
		return;
	i += delta;
	if (i < 0)
		i = 0;
	if (i >= last) {
		v->seg_frame = 0;	/* at the bottom: follow new segments */
		return;
	}
	v->seg_frame = track_seg_at(c, (size_t)i)->frame;
}

size_t
ui_view_conn_count(const struct ui_view *v)
{
	const struct track_conn *c;
	size_t n = 0;

	for (c = track_first(v->track); c != NULL; c = track_next(c))
		n += ui_view_conn_visible(v, c);
	return n;
}

size_t
ui_view_conn_index(const struct ui_view *v, const struct track_conn *c)
{
	const struct track_conn *o;
	size_t n = 0;

	for (o = track_first(v->track); o != NULL && o != c;
	    o = track_next(o))
		n += ui_view_conn_visible(v, o);
	return n;
}

void
ui_view_move_conn(struct ui_view *v, int delta)
{
	const struct track_conn *c, *cur = ui_view_conn(v);
	size_t want, n = ui_view_conn_count(v), i = 0;
	long pos;

	if (cur == NULL || n == 0)
		return;
	pos = (long)ui_view_conn_index(v, cur) + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)n - 1) {
		v->conn_id = 0;	/* the newest, and the next one to come */
		v->seg_frame = 0;
		return;
	}
	want = (size_t)pos;
	for (c = track_first(v->track); c != NULL; c = track_next(c)) {
		if (!ui_view_conn_visible(v, c))
			continue;
		if (i++ == want) {
			v->conn_id = c->id;
			v->seg_frame = 0;
			return;
		}
	}
}

void
ui_view_conn_totals(const struct ui_view *v, const struct track_conn *c,
    uint64_t *packets, uint64_t *bytes)
{
	size_t i = track_seg_count(c);

	*packets = c->dir[0].packets + c->dir[1].packets;
	*bytes = c->dir[0].bytes + c->dir[1].bytes;
	/* Held-back segments are the newest, so they are still in the ring. */
	while (i-- > 0) {
		const struct track_seg *s = track_seg_at(c, i);

		if (ui_view_seg_visible(v, s))
			break;
		(*packets)--;
		*bytes -= s->seg.payload_len;
	}
}

uint64_t
ui_view_held(const struct ui_view *v)
{
	struct track_stats st;

	track_get_stats(v->track, &st);
	return v->held +
	    (st.segments > v->limit ? st.segments - v->limit : 0);
}

/* The connection holding the segment numbered frame, or NULL. */
static const struct track_conn *
conn_of_frame(const struct ui_view *v, uint64_t frame)
{
	const struct track_conn *c;
	size_t i;

	if (frame > v->limit)
		return NULL;
	for (c = track_first(v->track); c != NULL; c = track_next(c))
		for (i = 0; i < track_seg_count(c); i++)
			if (track_seg_at(c, i)->frame == frame)
				return c;
	return NULL;
}

const struct track_conn *
ui_view_call_conn(const struct ui_view *v, size_t i)
{
	const struct track_conn *c;
	size_t j;

	if (v->calls == NULL || i >= v->calls->n)
		return NULL;
	c = conn_of_frame(v, v->calls->v[i].after_frame + 1);
	if (c != NULL)
		return c;
	/*
	 * No segment since: the call belongs with the calls of its scene
	 * before it (a read() after the data), but a new scene's first calls
	 * (bind(), listen() before connect()) belong to no connection yet.
	 */
	for (j = i; j-- > 0;) {
		if (strcmp(v->calls->v[j].scene, v->calls->v[i].scene) != 0)
			return NULL;
		c = conn_of_frame(v, v->calls->v[j].after_frame + 1);
		if (c != NULL)
			return c;
	}
	return NULL;
}

size_t
ui_view_pending_calls(const struct ui_view *v)
{
	size_t n = v->calls != NULL ? v->calls->n : 0, k = 0;

	while (k < n && ui_view_call_conn(v, n - 1 - k) == NULL)
		k++;
	return k;
}
