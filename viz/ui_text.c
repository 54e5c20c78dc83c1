#include "ui_text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ANSI SGR sequences; colour only adds, the text reads the same without. */
#define COLOR_GREEN "\033[32m"
#define COLOR_YELLOW "\033[33m"
#define COLOR_RED "\033[31m"
#define COLOR_CYAN "\033[36m"
#define COLOR_OFF "\033[0m"

/* Appending to a fixed buffer: pos may pass len, like snprintf's result. */
struct line {
	char *buf;
	size_t len;
	size_t pos;
};

static void
line_add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (l->pos < l->len)
		n = vsnprintf(l->buf + l->pos, l->len - l->pos, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->pos += (size_t)n;
}

void
ui_text_init(struct ui_text *ui, FILE *out, int absolute, int color)
{
	memset(ui, 0, sizeof(*ui));
	ui->out = out;
	ui->absolute = absolute;
	ui->color = color;
	ui->clock_sec = -1;
}

int
ui_text_want_color(int fd, int no_color)
{
	const char *env = getenv("NO_COLOR");

	if (no_color || (env != NULL && env[0] != '\0'))
		return 0;
	return isatty(fd);
}

/* "HH:MM:SS" of local time; recomputed only when the second changes. */
static const char *
clock_text(struct ui_text *ui, int64_t sec)
{
	if (sec != ui->clock_sec) {
		time_t t = (time_t)sec;
		struct tm tm;

		if (localtime_r(&t, &tm) == NULL ||
		    strftime(ui->clock_text, sizeof(ui->clock_text),
		    "%H:%M:%S", &tm) == 0)
			snprintf(ui->clock_text, sizeof(ui->clock_text), "??:??:??");
		ui->clock_sec = sec;
	}
	return ui->clock_text;
}

const char *
ui_text_flags(uint8_t flags, char *buf, size_t len)
{
	/* Wireshark's order, so SYN-ACK and FIN-ACK read as people say them. */
	static const struct {
		uint8_t bit;
		const char *word;
	} names[] = {
		{ TCP_FLAG_SYN, "SYN" }, { TCP_FLAG_FIN, "FIN" },
		{ TCP_FLAG_RST, "RST" }, { TCP_FLAG_PSH, "PSH" },
		{ TCP_FLAG_URG, "URG" }, { TCP_FLAG_ACK, "ACK" },
		{ TCP_FLAG_ECE, "ECE" }, { TCP_FLAG_CWR, "CWR" },
	};
	struct line l = { buf, len, 0 };
	size_t i;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			line_add(&l, "%s%s", l.pos > 0 ? "-" : "", names[i].word);
	if (l.pos == 0)
		line_add(&l, "none");
	return buf;
}

const char *
ui_text_endpoint(const struct tcp_endpoint *e, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	if (e->family == 4 &&
	    inet_ntop(AF_INET, e->addr, addr, sizeof(addr)) != NULL)
		snprintf(buf, len, "%s:%u", addr, (unsigned)e->port);
	else if (e->family == 6 &&
	    inet_ntop(AF_INET6, e->addr, addr, sizeof(addr)) != NULL)
		snprintf(buf, len, "[%s]:%u", addr, (unsigned)e->port);
	else
		snprintf(buf, len, "?:%u", (unsigned)e->port);
	return buf;
}

static const char *
flags_color(uint8_t flags)
{
	if (flags & TCP_FLAG_RST)
		return COLOR_RED;
	if (flags & TCP_FLAG_SYN)
		return COLOR_GREEN;
	if (flags & TCP_FLAG_FIN)
		return COLOR_YELLOW;
	return NULL;
}

static void
add_notes(struct line *l, const struct track_seg *s, int color)
{
	const char *on = color ? COLOR_CYAN : "";
	const char *off = color ? COLOR_OFF : "";
	uint16_t n = s->notes;

	if (n & TRACK_NOTE_HANDSHAKE)
		line_add(l, " %s[handshake %u/3]%s", on,
		    (unsigned)s->handshake_step, off);
	if (n & TRACK_NOTE_NO_LISTENER)
		line_add(l, " %s[RST: nobody listening on %u]%s", on,
		    (unsigned)s->seg.src.port, off);
	if (n & TRACK_NOTE_TEARDOWN)
		line_add(l, " %s[teardown]%s", on, off);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++) {
		const struct track_analysis_info *ai = track_analysis_info(i);

		if (!(s->analysis & ai->bit))
			continue;
		if (ai->bit == TRACK_A_DUP_ACK)
			line_add(l, " %s[dup ACK #%lu]%s", on,
			    (unsigned long)s->dup_ack_num, off);
		else
			line_add(l, " %s[%s]%s", on, ai->name, off);
	}
	if (s->seg.truncated)
		line_add(l, " %s[truncated: header cut by snaplen]%s", on, off);
	if (n & TRACK_NOTE_BAD_OPTIONS)
		line_add(l, " %s[bad TCP options]%s", on, off);
}

static void
add_options(struct line *l, const struct tcp_options *o)
{
	if (o->has_mss)
		line_add(l, " mss=%u", (unsigned)o->mss);
	if (o->has_wscale)
		line_add(l, " ws=%u", (unsigned)o->wscale);
	if (o->sack_permitted)
		line_add(l, " sackOK");
	if (o->sack_blocks > 0)
		line_add(l, " sack=%u", (unsigned)o->sack_blocks);
	if (o->has_timestamps)
		line_add(l, " ts");
}

int
ui_text_format(struct ui_text *ui, char *buf, size_t len,
    const struct track_conn *c, const struct track_seg *s)
{
	const struct tcp_segment *g = &s->seg;
	struct line l = { buf, len, 0 };
	char src[64], dst[64], flags[64];
	const char *fc = ui->color ? flags_color(g->flags) : NULL;
	uint32_t seq = ui->absolute ? g->seq : s->rel_seq;
	uint32_t ack = ui->absolute ? g->ack : s->rel_ack;

	if (len > 0)
		buf[0] = '\0';
	line_add(&l, "%s.%06ld #%llu %s > %s ", clock_text(ui, g->ts_sec),
	    (long)g->ts_usec, (unsigned long long)c->id,
	    ui_text_endpoint(&g->src, src, sizeof(src)),
	    ui_text_endpoint(&g->dst, dst, sizeof(dst)));
	line_add(&l, "%s%s%s", fc != NULL ? fc : "",
	    ui_text_flags(g->flags, flags, sizeof(flags)),
	    fc != NULL ? COLOR_OFF : "");
	line_add(&l, " seq=%lu", (unsigned long)seq);
	if (g->flags & TCP_FLAG_ACK)
		line_add(&l, " ack=%lu", (unsigned long)ack);
	line_add(&l, " win=%u len=%lu", (unsigned)g->window,
	    (unsigned long)g->payload_len);
	add_notes(&l, s, ui->color);
	add_options(&l, &g->opt);
	return l.pos > (size_t)INT32_MAX ? INT32_MAX : (int)l.pos;
}

/* Writes buf and a newline, then flushes. Returns 0 or -1 with errno. */
static int
put_line(FILE *out, const char *buf)
{
	if (fputs(buf, out) == EOF || putc('\n', out) == EOF ||
	    fflush(out) == EOF)
		return -1;
	return 0;
}

int
ui_text_print(struct ui_text *ui, const struct track_conn *c,
    const struct track_seg *s)
{
	char buf[512];
	int n = ui_text_format(ui, buf, sizeof(buf), c, s);
	char *big;
	int rc;

	if ((size_t)n < sizeof(buf))
		return put_line(ui->out, buf);
	/* Cannot happen with today's fields; stay correct if they grow. */
	big = malloc((size_t)n + 1);
	if (big == NULL)
		return -1;
	ui_text_format(ui, big, (size_t)n + 1, c, s);
	rc = put_line(ui->out, big);
	free(big);
	return rc;
}

int
ui_text_print_skipped(struct ui_text *ui, int64_t sec, int32_t usec,
    const char *reason)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s.%06ld skipped: %s", clock_text(ui, sec),
	    (long)usec, reason);
	return put_line(ui->out, buf);
}
