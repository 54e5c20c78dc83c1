/*
 * The interactive loop behind the curses view. Three sources feed the
 * model (struct track_table): a live capture, a file replayed at its own
 * pace, and the demo's calls. The view (struct ui_view) decides what of
 * the model is on screen; ui_curses draws it.
 */
#include "ui_loop.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "holdq.h"
#include "kstate.h"
#include "pktstore.h"
#include "track.h"
#include "ui_curses.h"
#include "ui_keys.h"
#include "ui_view.h"

/* At most one redraw per this many nanoseconds (~30 per second). */
#define FRAME_NS (33 * 1000000LL)
/*
 * Live, the kernel pane is read again this often even when nothing else
 * happens: a killed server leaves LISTEN, TIME_WAIT counts down.
 */
#define KERNEL_REFRESH_NS 1000000000LL
/* A replay catching up hands over at most this many packets per turn. */
#define REPLAY_BURST 500
/* Packets kept for the `s` key. */
#define STORE_PACKETS 20000
/* The biggest packet a file may hold (pcap's usual maximum snaplen). */
#define PACKET_MAX 262144

struct loop {
	const struct ui_loop_config *cfg;
	struct capture *cap;
	int dlt;
	int live;
	struct track_table *track;
	struct pktstore *store;
	struct ui_view v;
	unsigned long packets;
	int stopped;		/* -c reached, or the capture failed */
	int quit;

	/* Live: paused, arrivals wait in held, and the model stays. */
	int paused;
	struct holdq *held;

	/* Replay: the next packet of the file waits here until it is due. */
	int playing;
	int eof;
	int have_pending;
	struct raw_frame pending;
	uint8_t *pending_buf;
	int64_t first_us;	/* the file's first timestamp */
	int64_t playhead_us;	/* how far into the file playing has come */
	int64_t tick_ns;	/* when the playhead last moved */

	/* The demo. */
	size_t recorded_next;	/* the next recorded call to show */
	int auto_on;
	int64_t auto_due_ns;

	/* Redraws. */
	int dirty;
	uint64_t drawn_generation;
	int64_t drawn_ns;

	char mode[48];
	char kernel_off[160];
	char err[512];
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static uint64_t
segments(const struct loop *l)
{
	struct track_stats st;

	track_get_stats(l->track, &st);
	return st.segments;
}

/* Nanoseconds between the calls of an --auto demo. */
static int64_t
auto_ns(const struct loop *l)
{
	double s = l->cfg->auto_seconds > 0 ? l->cfg->auto_seconds :
	    UI_DEMO_AUTO_SECONDS;

	return (int64_t)(s * 1e9);
}

/* The filter for the status bar: the default one is long, so "default". */
static const char *
shown_filter(const struct capture *cap)
{
	return capture_filter_is_default(cap) ? "default (TCP, tagged or "
	    "tunnelled too)" : capture_filter(cap);
}

/* Puts a one-line message in the status bar. */
static void
say(struct loop *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(struct loop *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->v.message, sizeof(l->v.message), fmt, ap);
	va_end(ap);
	l->dirty = 1;
}

/* One packet into the model (and the store for `s`). */
static void
feed_model(struct loop *l, const struct raw_frame *pkt)
{
	const struct track_conn *conn;
	const struct track_seg *stored;

	if (pktstore_add(l->store, pkt) == -1)
		say(l, "out of memory: a packet will be missing from `s`");
	if (track_add_frame(l->track, l->dlt, pkt, &stored, &conn) == -1)
		say(l, "out of memory: a segment is missing");
}

/* A packet arrives: counted (-c), then into the model. */
static void
take_packet(struct loop *l, const struct raw_frame *pkt)
{
	l->packets++;
	if (l->cfg->count > 0 && l->packets >= (unsigned long)l->cfg->count) {
		l->stopped = 1;
		capture_break(l->cap);
	}
	/* Paused: the screen stays as it is; the packet waits its turn. */
	if (l->paused && l->held != NULL) {
		holdq_push(l->held, pkt);
		l->dirty = 1;
		return;
	}
	feed_model(l, pkt);
}

/*
 * Lets held packets into the model: all of them, or (one) until a segment
 * more is in it. Returns the segments added.
 */
static uint64_t
release_held(struct loop *l, int one)
{
	uint64_t before = segments(l);
	struct raw_frame f;

	while (l->held != NULL && (!one || segments(l) == before) &&
	    holdq_pop(l->held, &f) == 1)
		feed_model(l, &f);
	return segments(l) - before;
}

static void
on_live_packet(void *user, const struct raw_frame *pkt)
{
	struct loop *l = user;

	if (!l->stopped)
		take_packet(l, pkt);
}

/* Replay: keep a copy of the packet until its time comes. */
static void
on_file_packet(void *user, const struct raw_frame *pkt)
{
	struct loop *l = user;
	uint32_t n = pkt->caplen < PACKET_MAX ? pkt->caplen : PACKET_MAX;

	memcpy(l->pending_buf, pkt->data, n);
	l->pending = *pkt;
	l->pending.caplen = n;
	l->pending.data = l->pending_buf;
	l->have_pending = 1;
}

static int64_t
packet_us(const struct raw_frame *p)
{
	return p->ts_sec * 1000000LL + p->ts_usec;
}

/* Replay: reads the next packet of the file into pending (or sets eof). */
static void
read_pending(struct loop *l)
{
	int n;

	l->have_pending = 0;
	if (l->eof || l->stopped)
		return;
	n = capture_dispatch(l->cap, 1, on_file_packet, l, l->err,
	    sizeof(l->err));
	if (n < 0) {
		say(l, "%s", l->err);
		l->eof = 1;
	} else if (n == 0 || !l->have_pending) {
		l->eof = 1;
		l->dirty = 1;
	}
}

/* Replay: hands the waiting packet to the model and reads the next. */
static void
feed_pending(struct loop *l)
{
	if (!l->have_pending)
		return;
	take_packet(l, &l->pending);
	read_pending(l);
}

/* Live: everything libpcap has ready. */
static void
drain_live(struct loop *l)
{
	int n;

	if (!l->live || l->stopped)
		return;
	do {
		n = capture_dispatch(l->cap, 0, on_live_packet, l, l->err,
		    sizeof(l->err));
	} while (n > 0 && !l->stopped);
	if (n < 0) {
		say(l, "%s", l->err);
		l->stopped = 1;
	}
}

/* Replay: moves the playhead on and feeds what has become due. */
static void
play(struct loop *l, int64_t now)
{
	int burst = 0;

	if (!l->playing || l->cfg->demo != NULL || l->cfg->recorded != NULL)
		return;
	l->playhead_us += (int64_t)((double)(now - l->tick_ns) / 1000.0 *
	    l->cfg->speed);
	l->tick_ns = now;
	while (l->have_pending && burst++ < REPLAY_BURST &&
	    packet_us(&l->pending) - l->first_us <= l->playhead_us)
		feed_pending(l);
}

/* Nanoseconds until the waiting packet is due in a playing replay. */
static int64_t
replay_due_in(const struct loop *l)
{
	int64_t ahead;

	if (!l->playing || !l->have_pending || l->cfg->demo != NULL ||
	    l->cfg->recorded != NULL)
		return -1;
	ahead = packet_us(&l->pending) - l->first_us - l->playhead_us;
	if (ahead <= 0)
		return 0;
	return (int64_t)((double)ahead * 1000.0 / l->cfg->speed);
}

/* The demo's next call, described for the screen. */
static void
describe_next(struct loop *l)
{
	struct demo_step st;

	l->v.has_next = 0;
	if (l->cfg->demo != NULL) {
		l->v.demo_done = demo_steps_done(l->cfg->demo);
		l->v.demo_total = demo_step_count();
		if (demo_describe(l->v.demo_done, &st)) {
			struct annot_list tmp;

			annot_init(&tmp);
			if (annot_add(&tmp, 0, &st) == 0) {
				l->v.next = tmp.v[0];
				l->v.has_next = 1;
			}
			annot_free(&tmp);
		}
	} else if (l->cfg->recorded != NULL) {
		l->v.demo_done = l->recorded_next;
		l->v.demo_total = l->cfg->recorded->n;
		if (l->recorded_next < l->cfg->recorded->n) {
			l->v.next = l->cfg->recorded->v[l->recorded_next];
			l->v.has_next = 1;
		}
	}
}

/*
 * The demo's next call. Live: everything captured so far goes into the
 * model first, so the call's segments are the ones that come after it.
 * Replayed: the recorded call, then the file up to the next call.
 */
static void
demo_call(struct loop *l)
{
	const struct annot_list *rec = l->cfg->recorded;
	struct demo_step st;

	if (l->cfg->demo != NULL) {
		drain_live(l);
		if (demo_next(l->cfg->demo, &st) == 1 &&
		    annot_add(l->cfg->calls, segments(l), &st) == -1)
			say(l, "out of memory");
	} else if (rec != NULL && l->recorded_next < rec->n) {
		const struct annot *a = &rec->v[l->recorded_next++];

		while (l->have_pending && segments(l) < a->after_frame)
			feed_pending(l);
		if (annot_append(l->cfg->calls, a) == -1)
			say(l, "out of memory");
		while (l->have_pending && (l->recorded_next >= rec->n ||
		    segments(l) < rec->v[l->recorded_next].after_frame))
			feed_pending(l);
	}
	describe_next(l);
	/*
	 * The audience follows the call's segments, wherever up/down left
	 * the selection, unless the lecturer pinned it (p).
	 */
	if (!l->v.pinned) {
		l->v.conn_id = 0;
		l->v.seg_frame = 0;
	}
	if (!l->v.has_next && l->auto_on) {
		l->auto_on = l->v.demo_auto = 0;
		say(l, "the demo is over: up/down to look back, q quits");
	}
	l->auto_due_ns = now_ns() + auto_ns(l);
	l->dirty = 1;
}

/* Space: pause or go on. */
static void
toggle_pause(struct loop *l)
{
	if (l->v.demo) {
		l->auto_on = !l->auto_on;
		l->v.demo_auto = l->auto_on;
		l->auto_due_ns = now_ns() + auto_ns(l);
		say(l, l->auto_on ? "the calls run by themselves" :
		    "auto paused: n runs the next call");
	} else if (l->live) {
		l->paused = !l->paused;
		if (!l->paused)
			release_held(l, 0);
		say(l, l->paused ? "paused: capture goes on; n shows the "
		    "next segment" : "live again");
	} else {
		l->playing = !l->playing;
		l->tick_ns = now_ns();
		say(l, l->playing ? "playing" : "paused: n plays one segment");
	}
}

/* n or right arrow: one segment on, or the demo's next call. */
static void
step(struct loop *l)
{
	if (l->v.demo) {
		if (l->v.has_next)
			demo_call(l);
		else
			say(l, "the demo is over: q quits");
	} else if (l->live && !l->paused) {
		say(l, "n steps while paused: press space first");
	} else if (l->live) {
		if (release_held(l, 1) == 0)
			say(l, "nothing held back: the next segment shows "
			    "when it comes");
	} else if (l->have_pending) {
		l->playing = 0;
		feed_pending(l);
		if (l->have_pending)
			l->playhead_us = packet_us(&l->pending) - l->first_us;
	} else {
		say(l, "end of the file");
	}
	l->v.seg_frame = 0;	/* show the newest: that is what moved */
	l->dirty = 1;
}

/* c: forget everything captured so far. */
static void
clear_all(struct loop *l)
{
	struct track_limits lim = { 0, 0 };
	struct track_table *t = track_new(&lim);

	if (t == NULL) {
		say(l, "out of memory: nothing cleared");
		return;
	}
	track_free(l->track);
	l->track = t;
	l->v.track = t;
	pktstore_clear(l->store);
	if (l->cfg->calls != NULL)
		annot_clear(l->cfg->calls);
	if (l->held != NULL)
		holdq_clear(l->held);
	l->v.conn_id = l->v.seg_frame = 0;
	say(l, "cleared");
}

/* s: the packets kept, to tcpviz-YYYYmmdd-HHMMSS.pcap here. */
static void
save(struct loop *l)
{
	char path[64];
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(path, sizeof(path), "tcpviz-%Y%m%d-%H%M%S.pcap",
	    &tm) == 0)
		snprintf(path, sizeof(path), "tcpviz.pcap");
	if (pktstore_save(l->store, l->dlt, path, l->err,
	    sizeof(l->err)) == -1)
		say(l, "%s", l->err);
	else
		say(l, "saved %zu packets to %s", pktstore_count(l->store),
		    path);
}

/* Control-X, as a key code. */
#define CTRL(x) ((x) & 0x1f)

/* A key while the / prompt is up: readline's editing keys, the basic ones. */
static void
prompt_key(struct loop *l, int ch)
{
	size_t n = strlen(l->v.prompt);

	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (n == 0) {
			l->v.prompting = 0;
		} else if (capture_set_filter(l->cap, l->v.prompt, l->err,
		    sizeof(l->err)) != 0) {
			/* The old filter stays; the prompt too, to fix it. */
			say(l, "%s", l->err);
		} else {
			l->v.prompting = 0;
			l->v.filter = shown_filter(l->cap);
			say(l, "new filter in force");
		}
		l->dirty = 1;
		return;
	}
	l->v.message[0] = '\0';	/* an error goes once editing goes on */
	if (ch == 27) {
		l->v.prompting = 0;
		say(l, "filter unchanged");
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n > 0)
			l->v.prompt[n - 1] = '\0';
	} else if (ch == CTRL('u')) {
		l->v.prompt[0] = '\0';
	} else if (ch == CTRL('w')) {
		/* The word before the cursor, and the blanks after it. */
		while (n > 0 && l->v.prompt[n - 1] == ' ')
			n--;
		while (n > 0 && l->v.prompt[n - 1] != ' ')
			n--;
		l->v.prompt[n] = '\0';
	} else if (ch >= 32 && ch < 127 && n + 1 < sizeof(l->v.prompt)) {
		l->v.prompt[n] = (char)ch;
		l->v.prompt[n + 1] = '\0';
	}
	l->dirty = 1;
}

/* Up and down: in the pane that has the keys. */
static void
move_selection(struct loop *l, int delta)
{
	struct ui_view *v = &l->v;

	switch (v->focus) {
	case UI_PANE_LADDER:
		ui_view_move_seg(v, delta);
		break;
	case UI_PANE_CONNS:
		ui_view_move_conn(v, delta);
		break;
	default:
		v->scroll[v->focus] += delta;
		if (v->scroll[v->focus] < 0)
			v->scroll[v->focus] = 0;
		if (v->scroll[v->focus] > 64)
			v->scroll[v->focus] = 64;
		break;
	}
}

static void
key(struct loop *l, int ch)
{
	struct ui_view *v = &l->v;

	l->dirty = 1;
	if (v->prompting) {
		prompt_key(l, ch);
		return;
	}
	if (v->help && ch != KEY_RESIZE) {
		v->help = 0;	/* any key closes the help */
		return;
	}
	v->message[0] = '\0';
	switch (ui_key_action(ch)) {
	case UI_ACT_QUIT:
		l->quit = 1;
		break;
	case UI_ACT_HELP:
		v->help = 1;
		break;
	case UI_ACT_PAUSE:
		toggle_pause(l);
		break;
	case UI_ACT_STEP:
		step(l);
		break;
	case UI_ACT_UP:
		move_selection(l, -1);
		break;
	case UI_ACT_DOWN:
		move_selection(l, 1);
		break;
	case UI_ACT_PAGE_UP:
		move_selection(l, -10);
		break;
	case UI_ACT_PAGE_DOWN:
		move_selection(l, 10);
		break;
	case UI_ACT_NEXT_PANE:
	case UI_ACT_PREV_PANE:
		v->focus = (enum ui_pane)((v->focus + (ui_key_action(ch) ==
		    UI_ACT_NEXT_PANE ? 1 : UI_PANES - 1)) % UI_PANES);
		if (v->focus == UI_PANE_DETAIL || v->focus == UI_PANE_KERNEL)
			v->info = v->focus;
		break;
	case UI_ACT_ABSOLUTE:
		v->absolute = !v->absolute;
		say(l, v->absolute ? "absolute sequence numbers" :
		    "relative sequence numbers (from each side's ISN)");
		break;
	case UI_ACT_CLEAR:
		clear_all(l);
		break;
	case UI_ACT_PIN:
		/* Pinned, the selection stays put while new segments come. */
		v->pinned = !v->pinned;
		say(l, v->pinned ? "selection pinned: p follows new segments "
		    "again" : "following new segments");
		if (!v->pinned)
			v->conn_id = v->seg_frame = 0;
		break;
	case UI_ACT_FILTER:
		/* A filter of one's own is there to edit; the default is not. */
		v->prompting = 1;
		snprintf(v->prompt, sizeof(v->prompt), "%s",
		    capture_filter_is_default(l->cap) ? "" :
		    capture_filter(l->cap));
		break;
	case UI_ACT_SAVE:
		save(l);
		break;
	case UI_ACT_NONE:
		break;	/* KEY_RESIZE, and keys we do not use: redraw */
	}
}

static const char *
mode_text(struct loop *l)
{
	if (l->v.demo)
		snprintf(l->mode, sizeof(l->mode), "%s",
		    l->cfg->recorded != NULL ? "DEMO (recorded)" : "DEMO");
	else if (l->live && l->stopped)
		snprintf(l->mode, sizeof(l->mode), "STOPPED");
	else if (l->live)
		snprintf(l->mode, sizeof(l->mode), l->paused ? "PAUSED" :
		    "LIVE");
	else if (!l->have_pending)
		snprintf(l->mode, sizeof(l->mode), "END OF FILE");
	else if (!l->playing)
		snprintf(l->mode, sizeof(l->mode), "STEP (n)");
	else
		snprintf(l->mode, sizeof(l->mode), "REPLAY %gx",
		    l->cfg->speed);
	if (l->v.pinned)
		snprintf(l->mode + strlen(l->mode), sizeof(l->mode) -
		    strlen(l->mode), " PINNED");
	return l->mode;
}

/* Fresh numbers for the status bar and the kernel pane, then the screen. */
static void
redraw(struct loop *l)
{
	const struct track_conn *c;
	struct capture_stats st;

	l->v.mode = mode_text(l);
	l->v.packets = l->packets;
	l->v.held = l->held != NULL ? holdq_count(l->held) : 0;
	l->v.evicted = l->held != NULL ? holdq_evicted(l->held) : 0;
	if (capture_get_stats(l->cap, &st) == 0) {
		l->v.have_stats = 1;
		l->v.dropped = st.dropped;
	}
	c = ui_view_conn(&l->v);
	l->v.kernel_off = NULL;
	if (!l->live) {
		l->v.kernel_off = "kernel view: live captures only (this is "
		    "a replay)";
	} else if (c != NULL &&
	    kstate_query(&l->v.kernel, c->end[0].port, c->end[1].port) ==
	    -1) {
		snprintf(l->kernel_off, sizeof(l->kernel_off), "kernel view "
		    "not available here: %s", strerror(errno));
		l->v.kernel_off = l->kernel_off;
	}
	ui_curses_draw(&l->v);
	l->drawn_generation = track_generation(l->track);
	l->drawn_ns = now_ns();
	l->dirty = 0;
}

/* Whether the kernel pane has something to read again on a timer. */
static int
kernel_refresh_due(const struct loop *l)
{
	return l->live && ui_view_conn(&l->v) != NULL;
}

/*
 * The poll timeout: -1 when nothing is due, so idle costs nothing (live
 * with a connection on screen: one kernel read a second).
 */
static int
timeout_ms(struct loop *l, int64_t now)
{
	int64_t wait = -1, due;

	if (l->dirty) {
		due = l->drawn_ns + FRAME_NS - now;
		wait = due > 0 ? due : 0;
	}
	due = replay_due_in(l);
	if (due >= 0 && (wait < 0 || due < wait))
		wait = due;
	if (kernel_refresh_due(l)) {
		due = l->drawn_ns + KERNEL_REFRESH_NS - now;
		if (due < 0)
			due = 0;
		if (wait < 0 || due < wait)
			wait = due;
	}
	if (l->v.demo && l->auto_on && l->v.has_next) {
		due = l->auto_due_ns - now;
		if (due < 0)
			due = 0;
		if (wait < 0 || due < wait)
			wait = due;
	}
	if (wait < 0)
		return -1;
	/* Round up, so the loop does not spin on a due time 0.3 ms away. */
	return (int)((wait + 999999) / 1000000);
}

static int
loop_init(struct loop *l, const struct ui_loop_config *cfg)
{
	struct track_limits lim = { 0, 0 };

	memset(l, 0, sizeof(*l));
	l->cfg = cfg;
	l->cap = cfg->cap;
	l->dlt = capture_datalink(cfg->cap);
	l->live = capture_is_live(cfg->cap);
	l->track = track_new(&lim);
	l->store = pktstore_new(STORE_PACKETS);
	l->pending_buf = l->live ? NULL : malloc(PACKET_MAX);
	l->held = l->live ? holdq_new(UI_HOLD_PACKETS, CAPTURE_SNAPLEN) : NULL;
	if (l->track == NULL || l->store == NULL ||
	    (!l->live && l->pending_buf == NULL) || (l->live && l->held == NULL))
		return -1;
	ui_view_init(&l->v, l->track);
	l->v.source = capture_source(cfg->cap);
	l->v.filter = shown_filter(cfg->cap);
	l->v.absolute = cfg->absolute;
	l->v.demo = cfg->demo != NULL || cfg->recorded != NULL;
	l->v.calls = l->v.demo ? cfg->calls : NULL;
	l->auto_on = l->v.demo_auto = cfg->demo_auto;
	l->playing = !cfg->step;
	l->dirty = 1;
	if (!l->live) {
		read_pending(l);
		if (l->have_pending)
			l->first_us = packet_us(&l->pending);
		l->tick_ns = now_ns();
	}
	describe_next(l);
	l->auto_due_ns = now_ns() + auto_ns(l);
	return 0;
}

static void
loop_free(struct loop *l)
{
	track_free(l->track);
	pktstore_free(l->store);
	holdq_free(l->held);
	free(l->pending_buf);
}

/* Handles every key waiting. */
static void
read_keys(struct loop *l)
{
	int ch;

	while (!l->quit && (ch = ui_curses_key()) != -1)
		key(l, ch);
}

int
ui_loop_run(const struct ui_loop_config *cfg, unsigned long *packets,
    char *note, size_t notelen, char *err, size_t errlen)
{
	struct ui_curses_config ucfg = { cfg->color, cfg->ascii };
	struct pollfd pfd[3];
	struct loop l;
	int rc = 0;

	*packets = 0;
	if (loop_init(&l, cfg) == -1) {
		loop_free(&l);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (ui_curses_open(&ucfg, note, notelen) == -1) {
		loop_free(&l);
		snprintf(err, errlen, "%s", note);
		note[0] = '\0';
		return -1;
	}
	if (note[0] != '\0')
		say(&l, "%s", note);
	while (!l.quit) {
		int64_t now = now_ns();
		int nfds = 2, n;

		pfd[0].fd = 0;
		pfd[0].events = POLLIN;
		pfd[1].fd = cfg->signal_fd;
		pfd[1].events = POLLIN;
		if (l.live && !l.stopped) {
			pfd[2].fd = capture_fd(l.cap);
			pfd[2].events = POLLIN;
			nfds = 3;
		}
		n = poll(pfd, (nfds_t)nfds, timeout_ms(&l, now));
		if (n == -1 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (n > 0 && pfd[1].revents != 0)
			break;	/* a signal: leave, restoring the terminal */
		if (n > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break;	/* the terminal is gone */
		if (n > 0 && nfds == 3 && pfd[2].revents != 0)
			drain_live(&l);
		now = now_ns();
		play(&l, now);
		if (l.v.demo && l.auto_on && l.v.has_next &&
		    now >= l.auto_due_ns)
			demo_call(&l);
		/* After EINTR too: SIGWINCH leaves a KEY_RESIZE to read. */
		read_keys(&l);
		if (track_generation(l.track) != l.drawn_generation ||
		    (kernel_refresh_due(&l) &&
		    now_ns() - l.drawn_ns >= KERNEL_REFRESH_NS))
			l.dirty = 1;
		if (l.dirty && now_ns() - l.drawn_ns >= FRAME_NS)
			redraw(&l);
	}
	ui_curses_close();
	*packets = l.packets;
	loop_free(&l);
	return rc;
}
