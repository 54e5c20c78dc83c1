/*
 * The panes around the ladder: the selected segment in detail, the
 * kernel's sockets, the demo's calls, the status bar and the help.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_text.h"

#define DETAIL_LINES 16
#define DETAIL_WIDTH 160

/* Lines of text built before drawing, so a pane can scroll them. */
struct lines {
	char text[DETAIL_LINES][DETAIL_WIDTH];
	int n;
};

static void
add_line(struct lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
add_line(struct lines *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= DETAIL_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(l->text[l->n++], DETAIL_WIDTH, fmt, ap);
	va_end(ap);
}

/* Draws lines from the pane's scroll position under its title. */
static void
draw_lines(const struct ui_area *a, const struct lines *l, int scroll)
{
	int y;

	if (scroll > l->n - (a->h - 1))
		scroll = l->n - (a->h - 1);
	if (scroll < 0)
		scroll = 0;
	for (y = 0; y < a->h - 1 && scroll + y < l->n; y++)
		ui_put(a->y + 1 + y, a->x + 1, a->w - 1, A_NORMAL,
		    l->text[scroll + y]);
}

/* "mss 65495, wscale 7, SACK permitted, timestamps 1/0", or "none". */
static void
options_text(const struct tcp_options *o, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
#define ADD(...) do { \
	if (n < len) \
		n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
} while (0)
	if (o->has_mss)
		ADD("mss %u, ", (unsigned)o->mss);
	if (o->has_wscale)
		ADD("wscale %u (x%lu), ", (unsigned)o->wscale,
		    1UL << (o->wscale > 14 ? 14 : o->wscale));
	if (o->sack_permitted)
		ADD("SACK permitted, ");
	if (o->sack_blocks > 0)
		ADD("SACK blocks %u, ", (unsigned)o->sack_blocks);
	if (o->has_timestamps)
		ADD("timestamps %lu/%lu, ", (unsigned long)o->ts_val,
		    (unsigned long)o->ts_ecr);
	if (o->malformed)
		ADD("(an option's length was wrong), ");
#undef ADD
	if (n == 0)
		snprintf(buf, len, "none");
	else if (n < len && n >= 2)
		buf[n - 2] = '\0';
}

/* The payload preview as hex and ASCII, 16 bytes a line. */
static void
add_payload(struct lines *l, const struct track_seg *s)
{
	size_t off, i;

	if (s->seg.payload_len == 0) {
		add_line(l, "payload  none");
		return;
	}
	add_line(l, "payload  %lu bytes%s", (unsigned long)s->seg.payload_len,
	    s->seg.payload_len > s->preview_len ? " (the first captured):" :
	    ":");
	for (off = 0; off < s->preview_len; off += 16) {
		char hex[3 * 16 + 1], text[17];
		size_t n = 0;

		for (i = 0; i < 16; i++) {
			if (off + i < s->preview_len) {
				uint8_t b = s->preview[off + i];

				snprintf(hex + 3 * i, 4, "%02x ", b);
				text[n++] = isprint(b) ? (char)b : '.';
			} else {
				memcpy(hex + 3 * i, "   ", 4);
			}
		}
		text[n] = '\0';
		add_line(l, "%04zx  %s %s", off, hex, text);
	}
}

/* "ISN 123" for a side whose SYN was seen, else why there is none. */
static void
isn_text(const struct track_dir *d, const char *what, char *buf, size_t len)
{
	if (d->saw_syn)
		snprintf(buf, len, "%s %lu", what, (unsigned long)d->base);
	else
		snprintf(buf, len, "(no SYN seen)");
}

/*
 * Adds text word-wrapped to width columns, every line after the first
 * indented by indent, so a teaching note is read whole in a narrow pane.
 */
static void
add_wrapped(struct lines *l, int width, int indent, const char *text)
{
	int first = 1;

	while (*text != '\0') {
		int room = width - (first ? 0 : indent);
		int n = (int)strlen(text);

		if (room < 20)
			room = 20;
		if (n > room) {
			n = room;
			while (n > 0 && text[n] != ' ')
				n--;
			if (n == 0)
				n = room;
		}
		add_line(l, "%*s%.*s", first ? 0 : indent, "", n, text);
		text += n;
		while (*text == ' ')
			text++;
		first = 0;
	}
}

/* Wireshark's analysis flags of s, each with what it teaches. */
static void
add_analysis(struct lines *l, int width, const struct track_seg *s)
{
	const struct track_analysis_info *ai;
	char text[DETAIL_WIDTH];
	unsigned i;

	for (i = 0; (ai = track_analysis_info(i)) != NULL; i++) {
		if (!(s->analysis & ai->bit))
			continue;
		if (ai->bit == TRACK_A_DUP_ACK)
			snprintf(text, sizeof(text), "analysis dup ACK #%lu: %s",
			    (unsigned long)s->dup_ack_num, ai->note);
		else
			snprintf(text, sizeof(text), "analysis %s: %s",
			    ai->name, ai->note);
		add_wrapped(l, width, 9, text);
	}
}

void
ui_draw_detail(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct track_conn *c = ui_view_conn(v);
	const struct track_seg *s = ui_view_seg(v, c);
	const struct tcp_segment *g;
	struct lines l;
	char src[64], dst[64], flags[48], opts[160], when[32], win[64];
	char isn[64];
	const struct track_dir *mine, *theirs;

	(void)st;
	ui_title(a, "Detail (tab: next pane)", v->focus == UI_PANE_DETAIL);
	if (s == NULL)
		return;
	g = &s->seg;
	mine = &c->dir[s->dir];
	theirs = &c->dir[!s->dir];
	l.n = 0;
	add_line(&l, "#%llu frame %llu, %s, +%s s", (unsigned long long)c->id,
	    (unsigned long long)s->frame, !c->dir[0].saw_syn ?
	    (s->dir == 0 ? "left > right" : "right > left") :
	    (s->dir == 0 ? "client > server" : "server > client"),
	    ladder_time(c, s, when, sizeof(when)));
	add_line(&l, "ports    %s > %s",
	    ui_text_endpoint(&g->src, src, sizeof(src)),
	    ui_text_endpoint(&g->dst, dst, sizeof(dst)));
	/*
	 * A side that sent no SYN has no ISN to show: its relative numbers
	 * count from its first segment seen (an RST answering a SYN has seq
	 * 0, and "ISN" 0 - 1 would be nonsense).
	 */
	isn_text(mine, "ISN", isn, sizeof(isn));
	add_line(&l, "seq      %-10lu abs %-10lu %s",
	    (unsigned long)s->rel_seq, (unsigned long)g->seq, isn);
	isn_text(theirs, "ISN", isn, sizeof(isn));
	if (g->flags & TCP_FLAG_ACK)
		add_line(&l, "ack      %-10lu abs %-10lu %s",
		    (unsigned long)s->rel_ack, (unsigned long)g->ack, isn);
	else
		add_line(&l, "ack      -           absolute %lu (no ACK flag: "
		    "ignored)", (unsigned long)g->ack);
	/* RFC 7323: windows are scaled once both SYNs offered scaling. */
	if (!(g->flags & TCP_FLAG_SYN) && mine->has_wscale &&
	    theirs->has_wscale)
		snprintf(win, sizeof(win), "%u (x%lu = %lu bytes)",
		    (unsigned)g->window, 1UL << mine->wscale,
		    (unsigned long)g->window << mine->wscale);
	else
		snprintf(win, sizeof(win), "%u bytes", (unsigned)g->window);
	add_line(&l, "flags    %s (0x%02x)   window %s",
	    ui_text_flags(g->flags, flags, sizeof(flags)), (unsigned)g->flags,
	    win);
	add_line(&l, "header   %u bytes%s   checksum 0x%04x   urgent %u",
	    (unsigned)g->hdr_len, g->truncated ? " (cut short by the "
	    "capture's snaplen)" : "", (unsigned)g->checksum,
	    (unsigned)g->urgent);
	if (g->tunnels > 0)
		add_line(&l, "tunnel   inside %u IP encapsulation%s: the "
		    "addresses are the inner packet's", (unsigned)g->tunnels,
		    g->tunnels > 1 ? "s" : "");
	options_text(&g->opt, opts, sizeof(opts));
	add_line(&l, "options  %s", opts);
	add_analysis(&l, a->w - 1, s);
	add_payload(&l, s);
	draw_lines(a, &l, v->scroll[UI_PANE_DETAIL]);
}

/* "client"/"server"/"" for a socket, from the connection's ends. */
static const char *
role(const struct track_conn *c, const struct kstate_sock *k)
{
	int i;

	if (k->state == KSTATE_LISTEN)
		return "listener";
	for (i = 0; i < 2; i++)
		if (c->end[i].port == k->local.port)
			return c->dir[0].saw_syn && c->dir[1].saw_syn ?
			    (i == 0 ? "client" : "server") :
			    (i == 0 ? "end 1" : "end 2");
	return "";
}

void
ui_draw_kernel(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct track_conn *c = ui_view_conn(v);
	struct lines l;
	char loc[64], rem[64];
	size_t i;

	(void)st;
	ui_title(a, v->kernel.source == KSTATE_PROC ?
	    "Kernel (from /proc/net/tcp)" : "Kernel (sock_diag)",
	    v->focus == UI_PANE_KERNEL);
	l.n = 0;
	if (v->kernel_off != NULL) {
		add_line(&l, "%s", v->kernel_off);
	} else if (c == NULL) {
		add_line(&l, "no connection selected");
	} else if (v->kernel.n == 0) {
		add_line(&l, "no sockets on ports %u and %u now: closed, or "
		    "in another network namespace",
		    (unsigned)c->end[0].port, (unsigned)c->end[1].port);
	}
	for (i = 0; c != NULL && v->kernel_off == NULL && i < v->kernel.n;
	    i++) {
		const struct kstate_sock *k = &v->kernel.sock[i];
		/* State names come from kstate's one table. */
		const char *name = kstate_state_name(k->state);

		ui_text_endpoint(&k->local, loc, sizeof(loc));
		if (k->state == KSTATE_LISTEN && k->wqueue > 0)
			add_line(&l, "%-8s %-22s %s  accept queue %lu "
			    "(backlog %lu)", role(c, k), loc, name,
			    (unsigned long)k->rqueue,
			    (unsigned long)k->wqueue);
		else if (k->state == KSTATE_LISTEN)
			add_line(&l, "%-8s %-22s %s  accept queue %lu",
			    role(c, k), loc, name, (unsigned long)k->rqueue);
		else if (k->state == KSTATE_TIME_WAIT && k->expires_ms > 0)
			/* RFC 9293, 3.6.1: 2 MSL; Linux waits 60 s. */
			add_line(&l, "%-8s %-22s %s %lu s left, to %s",
			    role(c, k), loc, name,
			    (unsigned long)(k->expires_ms + 999) / 1000,
			    ui_text_endpoint(&k->remote, rem, sizeof(rem)));
		else
			add_line(&l, "%-8s %-22s %-12s to %s", role(c, k), loc,
			    name, ui_text_endpoint(&k->remote, rem, sizeof(rem)));
	}
	draw_lines(a, &l, v->scroll[UI_PANE_KERNEL]);
}

void
ui_draw_demo(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	const struct annot *last = v->calls != NULL && v->calls->n > 0 ?
	    &v->calls->v[v->calls->n - 1] : NULL;
	char title[160], line[256];
	int y = a->y + 1, end = a->y + a->h;
	struct ui_area text = { 0, a->x + 2, a->h, a->w - 2 };

	snprintf(title, sizeof(title), "Demo  call %zu of %zu  %s",
	    v->demo_done, v->demo_total, last != NULL ? last->scene :
	    v->has_next ? v->next.scene : "");
	ui_title(a, title, 0);
	text.y = a->y;
	if (last != NULL && y < end) {
		snprintf(line, sizeof(line), "%s: %s %s",
		    last->side == DEMO_CLIENT ? "client" : "server",
		    last->call, last->result);
		ui_put(y++, a->x + 1, a->w - 1,
		    ui_pair(st, UI_PAIR_CALL) | A_BOLD, line);
		y += ui_wrap(&text, y, end - y - 1, A_NORMAL, last->expect);
	}
	if (y >= end)
		y = end - 1;
	if (v->has_next)
		snprintf(line, sizeof(line), "next: %s %s   (%s)",
		    v->next.side == DEMO_CLIENT ? "client" : "server",
		    v->next.call, v->demo_auto ?
		    "runs by itself; space pauses" : "n: run it");
	else
		snprintf(line, sizeof(line),
		    "the demo is over: up/down to look back, q quits");
	ui_put(y, a->x + 1, a->w - 1, A_BOLD, line);
}

void
ui_draw_status(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	char line[512], held[48] = "", drops[48] = "";

	(void)st;
	if (v->have_stats)
		snprintf(drops, sizeof(drops), "  %lu dropped", v->dropped);
	if (ui_view_held(v) > 0 || v->evicted > 0)
		snprintf(held, sizeof(held), "  %llu held",
		    (unsigned long long)ui_view_held(v));
	if (v->evicted > 0)
		snprintf(held + strlen(held), sizeof(held) - strlen(held),
		    "  %llu evicted", (unsigned long long)v->evicted);
	/* The filter last: a long one is what gets cut, not the counts. */
	snprintf(line, sizeof(line), " %s  %s  %lu packets%s%s  filter: %s",
	    v->mode, v->source, v->packets, drops, held, v->filter);
	move(a->y, a->x);
	attrset(A_REVERSE);
	hline(' ', a->w);
	ui_put(a->y, a->x, a->w, A_REVERSE, line);
	if (v->prompting) {
		/* libpcap's complaint about the last try, over the status. */
		if (v->message[0] != '\0') {
			snprintf(line, sizeof(line), " %s", v->message);
			move(a->y, a->x);
			attrset(A_REVERSE);
			hline(' ', a->w);
			ui_put(a->y, a->x, a->w, A_REVERSE | A_BOLD, line);
		}
		snprintf(line, sizeof(line), " new filter: %s_   (Enter: "
		    "apply, Esc: cancel, ^U: clear)", v->prompt);
		ui_put(a->y + 1, a->x, a->w, A_BOLD, line);
	} else if (v->message[0] != '\0') {
		/* Until the next key: what the last one did. */
		snprintf(line, sizeof(line), " %s", v->message);
		ui_put(a->y + 1, a->x, a->w, A_BOLD, line);
	} else if (v->demo) {
		ui_put(a->y + 1, a->x, a->w, A_NORMAL,
		    " n next call  space auto on/off  up/down select  tab pane"
		    "  ? help  q quit");
	} else if (a->w >= 100) {
		ui_put(a->y + 1, a->x, a->w, A_NORMAL,
		    " space pause  n step  up/down select  tab pane  a abs/rel"
		    "  c clear  / filter  s save  ? help  q quit");
	} else {
		/* 80 columns: the rest is one ? away. */
		ui_put(a->y + 1, a->x, a->w, A_NORMAL,
		    " space pause  n step  up/down select  tab pane  / filter"
		    "  ? help  q quit");
	}
}

void
ui_draw_help(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v)
{
	/* Short: with the keys it fits 80x24 (tcpviz(1) has the rest). */
	static const char *const tail[] = {
		"",
		"Numbers count from each side's ISN unless `a`; see tcpviz(1).",
	};
	size_t nkeys, i, ntail = sizeof(tail) / sizeof(tail[0]);
	const struct ui_key *k = ui_keys(&nkeys);
	int w = 66, h = (int)(nkeys + ntail) + 4;
	int y0 = a->y + (a->h - h) / 2, x0 = a->x + (a->w - w) / 2;
	char line[128];

	(void)st;
	if (y0 < 0)
		y0 = 0;
	if (x0 < 0)
		x0 = 0;
	for (i = 0; i < (size_t)h && y0 + (int)i < LINES; i++) {
		move(y0 + (int)i, x0);
		attrset(A_REVERSE);
		hline(' ', w < COLS - x0 ? w : COLS - x0);
		attrset(A_NORMAL);
	}
	ui_put(y0 + 1, x0 + 2, w - 4, A_REVERSE | A_BOLD, "tcpviz keys");
	/* The keys from the table the loop dispatches by (ui_keys.c). */
	for (i = 0; i < nkeys; i++) {
		snprintf(line, sizeof(line), "%-10s %s", k[i].names,
		    v->demo && k[i].demo_what != NULL ? k[i].demo_what :
		    k[i].what);
		ui_put(y0 + 3 + (int)i, x0 + 2, w - 4, A_REVERSE, line);
	}
	for (i = 0; i < ntail; i++)
		ui_put(y0 + 3 + (int)(nkeys + i), x0 + 2, w - 4, A_REVERSE,
		    tail[i]);
}
