#include "track.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct track_table {
	struct track_limits lim;
	struct track_conn **buckets;
	size_t nbuckets;	/* a power of two */
	size_t nconns;
	struct track_conn *sight_head, *sight_tail;	/* oldest id first */
	struct track_conn *lru_head, *lru_tail;	/* most recent first */
	uint64_t next_id;
	uint64_t frames;
	uint64_t evicted;
	uint64_t generation;
};

/* Sequence arithmetic is modulo 2^32 (RFC 9293, 3.4): a < b. */
static int
seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static int
endpoint_eq(const struct tcp_endpoint *a, const struct tcp_endpoint *b)
{
	size_t n = a->family == 4 ? 4 : 16;

	return a->family == b->family && a->port == b->port &&
	    memcmp(a->addr, b->addr, n) == 0;
}

/* FNV-1a over one endpoint, continuing from h. */
static uint32_t
hash_endpoint(uint32_t h, const struct tcp_endpoint *e)
{
	size_t n = e->family == 4 ? 4 : 16;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ e->addr[i]) * 16777619u;
	h = (h ^ (e->port & 0xff)) * 16777619u;
	h = (h ^ (e->port >> 8)) * 16777619u;
	return h;
}

/* The same for both directions: hash each end alone, then combine. */
static size_t
hash_pair(const struct track_table *t, const struct tcp_endpoint *a,
    const struct tcp_endpoint *b)
{
	uint32_t ha = hash_endpoint(2166136261u, a);
	uint32_t hb = hash_endpoint(2166136261u, b);

	return (size_t)((ha ^ hb) * 2654435761u) & (t->nbuckets - 1);
}

struct track_table *
track_new(const struct track_limits *lim)
{
	struct track_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->lim.max_conns = lim != NULL && lim->max_conns > 0 ?
	    lim->max_conns : TRACK_DEFAULT_MAX_CONNS;
	t->lim.segs_per_conn = lim != NULL && lim->segs_per_conn > 0 ?
	    lim->segs_per_conn : TRACK_DEFAULT_SEGS;
	/* Twice as many buckets as connections keeps the chains short. */
	t->nbuckets = 16;
	while (t->nbuckets < 2 * t->lim.max_conns && t->nbuckets < (1u << 24))
		t->nbuckets *= 2;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (t->buckets == NULL) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->next_id = 1;
	return t;
}

static void
conn_free(struct track_conn *c)
{
	free(c->ring);
	free(c);
}

void
track_free(struct track_table *t)
{
	struct track_conn *c, *next;

	if (t == NULL)
		return;
	for (c = t->sight_head; c != NULL; c = next) {
		next = c->sight_next;
		conn_free(c);
	}
	free(t->buckets);
	free(t);
}

static void
unhash(struct track_table *t, struct track_conn *c)
{
	struct track_conn **pp;

	if (!c->hashed)
		return;
	pp = &t->buckets[hash_pair(t, &c->end[0], &c->end[1])];
	while (*pp != c)
		pp = &(*pp)->hash_next;
	*pp = c->hash_next;
	c->hashed = 0;
}

static void
lru_unlink(struct track_table *t, struct track_conn *c)
{
	if (c->lru_prev != NULL)
		c->lru_prev->lru_next = c->lru_next;
	else
		t->lru_head = c->lru_next;
	if (c->lru_next != NULL)
		c->lru_next->lru_prev = c->lru_prev;
	else
		t->lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = NULL;
}

static void
lru_push_front(struct track_table *t, struct track_conn *c)
{
	c->lru_prev = NULL;
	c->lru_next = t->lru_head;
	if (t->lru_head != NULL)
		t->lru_head->lru_prev = c;
	else
		t->lru_tail = c;
	t->lru_head = c;
}

/* Drops the least recently active connection to make room. */
static void
evict_one(struct track_table *t)
{
	struct track_conn *c = t->lru_tail;

	unhash(t, c);
	lru_unlink(t, c);
	if (c->sight_prev != NULL)
		c->sight_prev->sight_next = c->sight_next;
	else
		t->sight_head = c->sight_next;
	if (c->sight_next != NULL)
		c->sight_next->sight_prev = c->sight_prev;
	else
		t->sight_tail = c->sight_prev;
	conn_free(c);
	t->nconns--;
	t->evicted++;
}

/* Finds the connection between src and dst; *dir says who sent. */
static struct track_conn *
lookup(const struct track_table *t, const struct tcp_segment *seg, int *dir)
{
	struct track_conn *c;

	c = t->buckets[hash_pair(t, &seg->src, &seg->dst)];
	for (; c != NULL; c = c->hash_next) {
		if (endpoint_eq(&c->end[0], &seg->src) &&
		    endpoint_eq(&c->end[1], &seg->dst)) {
			*dir = 0;
			return c;
		}
		if (endpoint_eq(&c->end[1], &seg->src) &&
		    endpoint_eq(&c->end[0], &seg->dst)) {
			*dir = 1;
			return c;
		}
	}
	return NULL;
}

/* A new connection whose first segment is seg, sent by end[0]. */
static struct track_conn *
conn_new(struct track_table *t, const struct tcp_segment *seg)
{
	struct track_conn *c = calloc(1, sizeof(*c));
	size_t h;

	if (c == NULL)
		return NULL;
	/* A first ring slot now, so that storing the first segment cannot fail. */
	c->ring_alloc = t->lim.segs_per_conn < 4 ? t->lim.segs_per_conn : 4;
	c->ring = malloc(c->ring_alloc * sizeof(*c->ring));
	if (c->ring == NULL) {
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	if (t->nconns >= t->lim.max_conns)
		evict_one(t);
	c->id = t->next_id++;
	c->end[0] = seg->src;
	c->end[1] = seg->dst;
	c->dir[0].win_scale = c->dir[1].win_scale = -1;	/* not known yet */
	if (seg->flags & TCP_FLAG_RST)
		c->state = TRACK_RESET;
	else if (seg->flags & TCP_FLAG_SYN)
		c->state = TRACK_HANDSHAKE;
	else
		c->state = TRACK_ESTABLISHED;	/* picked up mid-stream */
	c->first_sec = seg->ts_sec;
	c->first_usec = seg->ts_usec;

	h = hash_pair(t, &c->end[0], &c->end[1]);
	c->hash_next = t->buckets[h];
	t->buckets[h] = c;
	c->hashed = 1;
	c->sight_prev = t->sight_tail;
	if (t->sight_tail != NULL)
		t->sight_tail->sight_next = c;
	else
		t->sight_head = c;
	t->sight_tail = c;
	lru_push_front(t, c);
	t->nconns++;
	return c;
}

/*
 * Reserves the slot for the next segment in c's ring. The ring grows by
 * doubling until segs_per_conn, then overwrites the oldest. Returns the
 * slot, or NULL (ENOMEM) with the ring unchanged.
 */
static struct track_seg *
ring_slot(const struct track_table *t, struct track_conn *c)
{
	size_t cap = t->lim.segs_per_conn;

	if (c->ring_len == c->ring_alloc && c->ring_alloc < cap) {
		/* Not wrapped yet (start is 0): realloc keeps the order. */
		size_t n = 2 * c->ring_alloc;
		struct track_seg *r;

		if (n > cap)
			n = cap;
		r = realloc(c->ring, n * sizeof(*r));
		if (r == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		c->ring = r;
		c->ring_alloc = n;
	}
	if (c->ring_len < c->ring_alloc)
		return &c->ring[(c->ring_start + c->ring_len++) % c->ring_alloc];
	/* Full: the newest takes the oldest's place. */
	c->ring_start = (c->ring_start + 1) % c->ring_alloc;
	return &c->ring[(c->ring_start + c->ring_alloc - 1) % c->ring_alloc];
}

/*
 * Relative numbers as Wireshark computes them (packet-tcp.c,
 * tcp_analyze_sequence_number): the sender's base is its SYN's seq, or
 * seq - 1 when its first segment seen has no SYN (a mid-stream pickup
 * then starts at 1); the receiver's base, if still unknown, is ack - 1.
 */
static void
relative_numbers(struct track_dir *f, struct track_dir *r,
    const struct tcp_segment *seg, struct track_seg *out)
{
	if (!f->base_set) {
		f->base = seg->flags & TCP_FLAG_SYN ? seg->seq : seg->seq - 1;
		f->base_set = 1;
	}
	if (!r->base_set && (seg->flags & TCP_FLAG_ACK)) {
		r->base = seg->ack - 1;
		r->base_set = 1;
	}
	out->rel_seq = seg->seq - f->base;
	out->rel_ack = seg->flags & TCP_FLAG_ACK ? seg->ack - r->base : 0;
}

/* The handshake steps (RFC 9293, 3.5, figure 6). */
static void
note_handshake(struct track_conn *c, struct track_dir *f,
    const struct track_dir *r, const struct tcp_segment *seg,
    struct track_seg *out)
{
	uint8_t fl = seg->flags;

	if (fl & TCP_FLAG_RST)
		return;
	if ((fl & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN) {
		out->handshake_step = 1;
	} else if ((fl & (TCP_FLAG_SYN | TCP_FLAG_ACK)) ==
	    (TCP_FLAG_SYN | TCP_FLAG_ACK)) {
		if (r->saw_syn && seg->ack == r->base + 1)
			out->handshake_step = 2;
	} else if ((fl & TCP_FLAG_ACK) && !c->handshake_done && f->saw_syn &&
	    r->saw_syn && seg->ack == r->base + 1 && seg->seq == f->base + 1) {
		out->handshake_step = 3;
		c->handshake_done = 1;
		if (c->state == TRACK_HANDSHAKE)
			c->state = TRACK_ESTABLISHED;
	}
	if (out->handshake_step != 0)
		out->notes |= TRACK_NOTE_HANDSHAKE;
	if (fl & TCP_FLAG_SYN)
		f->saw_syn = 1;
}

/*
 * An RST from the side that was sent a SYN and never answered it with a
 * SYN-ACK, acknowledging that SYN: the kernel's answer when no socket
 * listens on the port (RFC 9293, 3.10.7.1).
 */
static void
note_reset(struct track_conn *c, const struct track_dir *f,
    const struct track_dir *r, const struct tcp_segment *seg,
    struct track_seg *out)
{
	if (!(seg->flags & TCP_FLAG_RST))
		return;
	if (r->saw_syn && !f->saw_syn && (seg->flags & TCP_FLAG_ACK) &&
	    seg->ack == r->base + 1)
		out->notes |= TRACK_NOTE_NO_LISTENER;
	c->state = TRACK_RESET;
}

/* FINs and the ACKs that answer them (RFC 9293, 3.6). */
static void
note_teardown(struct track_conn *c, struct track_dir *f, struct track_dir *r,
    const struct tcp_segment *seg, struct track_seg *out)
{
	if (seg->flags & TCP_FLAG_RST)
		return;
	if (seg->flags & TCP_FLAG_FIN) {
		out->notes |= TRACK_NOTE_TEARDOWN;
		if (!f->saw_fin) {
			f->saw_fin = 1;
			f->fin_seq = seg->seq + seg->payload_len;
		}
		if (c->state != TRACK_CLOSED)
			c->state = TRACK_CLOSING;
	}
	if ((seg->flags & TCP_FLAG_ACK) && r->saw_fin && !r->fin_acked &&
	    seg->ack == r->fin_seq + 1) {
		r->fin_acked = 1;
		out->notes |= TRACK_NOTE_TEARDOWN;
	}
	if (f->fin_acked && r->fin_acked)
		c->state = TRACK_CLOSED;
}

/* Microseconds since the epoch: the capture's clock, for time limits. */
static int64_t
seg_us(const struct tcp_segment *g)
{
	return g->ts_sec * 1000000 + g->ts_usec;
}

/* Sequence numbers a segment uses: its bytes, plus one for SYN or FIN. */
static uint32_t
seg_end(const struct tcp_segment *g)
{
	return g->seq + g->payload_len +
	    ((g->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) != 0);
}

/* Whether d microseconds (later minus earlier) is under limit. */
static int
within(int64_t d, int64_t limit)
{
	return d >= 0 && d < limit;	/* a clock going back is no match */
}

/*
 * The flags that describe the sender's window and ACK (Wireshark's
 * checks before "finished_fwd", in its order: a zero-window probe, a
 * keep-alive ACK and a probe's ACK end the checks early).
 */
static uint16_t
analyse_window_and_ack(struct track_dir *f, const struct track_dir *r,
    const struct tcp_segment *g, uint32_t *dup_num)
{
	uint32_t seq = g->seq, len = g->payload_len;
	uint16_t win = g->window;
	int ctl = (g->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN | TCP_FLAG_RST)) != 0;
	/* A pure ACK that repeats this side's last seq and ack. */
	int same = len == 0 && !ctl && seq == f->next_seq &&
	    g->ack == f->last_ack;
	uint16_t a = 0;
	uint32_t edge;

	/* One byte at the edge while the receiver's window is closed. */
	if (len == 1 && seq == f->next_seq && r->window == 0)
		return TRACK_A_ZERO_WINDOW_PROBE;
	if (win == 0 && !ctl)
		a |= TRACK_A_ZERO_WINDOW;
	if (f->next_seq != 0 && seq_lt(f->next_seq, seq) &&
	    !(g->flags & TCP_FLAG_RST))
		a |= TRACK_A_LOST_SEGMENT;
	if (len <= 1 && !ctl && seq == f->next_seq - 1)
		a |= TRACK_A_KEEP_ALIVE;
	if (same && win != 0 && win != f->window)
		a |= TRACK_A_WINDOW_UPDATE;
	/* The right edge of the receiver's window (RFC 7323: scaled). */
	edge = r->last_ack + ((uint32_t)r->window <<
	    (r->win_scale > 0 ? r->win_scale : 0));
	if (len > 0 && !ctl && r->win_scale != -1 && seq + len == edge)
		a |= TRACK_A_WINDOW_FULL;
	if (same && win != 0 && win == f->window &&
	    (r->last_flags & TRACK_A_KEEP_ALIVE))
		return a | TRACK_A_KEEP_ALIVE_ACK;
	if (same && win == 0 && f->window == 0 &&
	    (r->last_flags & TRACK_A_ZERO_WINDOW_PROBE))
		return a | TRACK_A_ZERO_WINDOW_PROBE_ACK;
	if (same && win != 0 && win == f->window) {
		/* After an ACKed unseen segment (-1), counting starts anew. */
		f->dup_acks = f->dup_acks == -1 ? 1 : f->dup_acks + 1;
		*dup_num = (uint32_t)f->dup_acks;
		a |= TRACK_A_DUP_ACK;
	}
	return a;
}

/*
 * Why a segment that carries data (or SYN, FIN) came: sent again after
 * the receiver had it (spurious), after two duplicate ACKs asked for it
 * (fast), shortly after a later one (out of order), or sent again anyway
 * (retransmission). Wireshark's order of checks.
 */
static uint16_t
analyse_resend(const struct track_conn *c, const struct track_dir *f,
    const struct track_dir *r, const struct tcp_segment *g, uint16_t a)
{
	uint32_t seq = g->seq, len = g->payload_len;
	int64_t now = seg_us(g);
	int64_t ooo = c->first_rtt_us != 0 ? c->first_rtt_us : 3000;
	int back = f->next_seq != 0 && seq_lt(seq, f->next_seq);

	if (!(len > 0 || (g->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN))) ||
	    (a & TRACK_A_KEEP_ALIVE))
		return 0;
	/* New data right after a zero-window probe's byte is no resend. */
	if (len > 1 && f->next_seq - 1 == seq)
		back = 0;
	if (len > 0 && r->last_ack != 0 && !seq_lt(r->last_ack, seq + len))
		return TRACK_A_SPURIOUS_RETRANSMISSION;
	if (back && r->dup_acks >= 2 && r->last_ack == seq &&
	    within(now - r->last_ack_us, 20000))
		return TRACK_A_FAST_RETRANSMISSION;
	if (back && within(now - f->next_seq_us, ooo) &&
	    f->next_seq != seg_end(g))
		return TRACK_A_OUT_OF_ORDER;
	return back ? TRACK_A_RETRANSMISSION : 0;
}

/*
 * Wireshark's TCP analysis of one segment from f to r (packet-tcp.c,
 * tcp_analyze_sequence_number), then what it remembers for the next.
 */
static void
note_analysis(struct track_conn *c, struct track_dir *f, struct track_dir *r,
    const struct tcp_segment *seg, struct track_seg *out)
{
	uint32_t dup_num = 0, ack = seg->ack, next = seg_end(seg);
	uint16_t a = analyse_window_and_ack(f, r, seg, &dup_num);
	int64_t now = seg_us(seg);

	/* A new ack number starts the count again (data between keeps it). */
	if (ack != f->last_ack)
		f->dup_acks = 0;
	/*
	 * An ACK beyond the other side's contiguous data: segments were sent
	 * that the capture missed. When the other side's later data was seen
	 * (a hole behind it), the mark moves up to it; otherwise the ACK is
	 * flagged once until that side ACKs something new or sends a
	 * duplicate ACK (dup_acks -1 remembers it), as tshark 4.0 does.
	 */
	if (r->max_to_ack != 0 && seq_lt(r->max_to_ack, ack) &&
	    (seg->flags & TCP_FLAG_ACK)) {
		if (seq_lt(r->max_to_ack, r->next_seq)) {
			r->max_to_ack = r->next_seq;
			a |= TRACK_A_ACKED_UNSEEN;
		} else {
			if (r->dup_acks == 0)
				a |= TRACK_A_ACKED_UNSEEN;
			r->dup_acks = -1;
		}
	}
	a |= analyse_resend(c, f, r, seg, a);

	/* A zero-window probe's byte is not taken: it moves nothing on. */
	if (!(a & TRACK_A_ZERO_WINDOW_PROBE)) {
		if (seq_lt(f->next_seq, next) || f->next_seq == 0) {
			f->next_seq = next;
			f->next_seq_us = now;
		}
		if (seg->seq == f->max_to_ack || f->max_to_ack == 0)
			f->max_to_ack = f->next_seq;
	}
	f->window = seg->window;
	f->last_ack = ack;
	f->last_ack_us = now;
	f->last_flags = a;
	out->analysis = a;
	out->dup_ack_num = dup_num;
	if (seg->opt.malformed)
		out->notes |= TRACK_NOTE_BAD_OPTIONS;
}

/*
 * Window scaling is in force only when both SYNs offer it (RFC 7323,
 * 2.2); Wireshark's verify_tcp_window_scaling, after the SYN's analysis.
 */
static void
learn_window_scale(struct track_dir *f, struct track_dir *r,
    const struct tcp_segment *seg)
{
	if (seg->opt.has_wscale)
		f->win_scale = (int8_t)(seg->opt.wscale > 14 ? 14 :
		    seg->opt.wscale);
	if (!(seg->flags & TCP_FLAG_SYN))
		return;
	if (f->win_scale == -1) {
		f->win_scale = -2;
		r->win_scale = -2;
	} else if ((seg->flags & TCP_FLAG_ACK) && r->win_scale == -2) {
		f->win_scale = -2;
	}
}

/*
 * The handshake's round trip, SYN to the first ACK: how soon a segment
 * must follow a later one to count as out of order, not resent.
 */
static void
time_handshake(struct track_conn *c, const struct tcp_segment *seg)
{
	uint8_t fl = seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK);

	if (fl == TCP_FLAG_SYN)
		c->syn_us = seg_us(seg);
	else if (fl == TCP_FLAG_ACK && c->syn_us != 0 && c->first_rtt_us == 0)
		c->first_rtt_us = seg_us(seg) - c->syn_us;
}

/* Remembers what this segment tells about its sender. */
static void
update_dir(struct track_dir *f, const struct tcp_segment *seg)
{
	if (seg->opt.has_mss)
		f->mss = seg->opt.mss;
	if (seg->opt.has_wscale) {
		f->has_wscale = 1;
		f->wscale = seg->opt.wscale;
	}
	f->packets++;
	f->bytes += seg->payload_len;
}

/*
 * Wireshark starts a new conversation when a SYN's seq differs from the
 * base of the connection on the same ports (TCP_A_REUSED_PORTS); with the
 * same seq the SYN is a retransmission.
 */
static int
is_new_connection(const struct track_conn *c, int dir,
    const struct tcp_segment *seg)
{
	return (seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN &&
	    c->dir[dir].base_set && seg->seq != c->dir[dir].base;
}

const struct track_seg *
track_add(struct track_table *t, const struct tcp_segment *seg,
    const struct track_conn **conn)
{
	struct track_conn *c;
	struct track_seg *out;
	struct track_dir *f, *r;
	int dir = 0;

	c = lookup(t, seg, &dir);
	if (c != NULL && is_new_connection(c, dir, seg)) {
		unhash(t, c);	/* kept for display, no longer matched */
		c = NULL;
	}
	if (c == NULL) {
		c = conn_new(t, seg);
		if (c == NULL)
			return NULL;
		dir = 0;
	}
	out = ring_slot(t, c);
	if (out == NULL)
		return NULL;

	memset(out, 0, sizeof(*out));
	out->frame = ++t->frames;
	out->seg = *seg;
	out->seg.payload = NULL;
	out->dir = (uint8_t)dir;
	if (seg->payload != NULL) {
		size_t n = seg->payload_caplen;

		if (n > TRACK_PREVIEW_MAX)
			n = TRACK_PREVIEW_MAX;
		memcpy(out->preview, seg->payload, n);
		out->preview_len = (uint8_t)n;
	}

	f = &c->dir[dir];
	r = &c->dir[1 - dir];
	relative_numbers(f, r, seg, out);
	time_handshake(c, seg);
	note_analysis(c, f, r, seg, out);
	learn_window_scale(f, r, seg);
	note_handshake(c, f, r, seg, out);
	note_reset(c, f, r, seg, out);
	note_teardown(c, f, r, seg, out);
	update_dir(f, seg);

	c->last_sec = seg->ts_sec;
	c->last_usec = seg->ts_usec;
	c->seg_total++;
	lru_unlink(t, c);
	lru_push_front(t, c);
	t->generation++;
	*conn = c;
	return out;
}

int
track_add_frame(struct track_table *t, int dlt, const struct raw_frame *f,
    const struct track_seg **stored, const struct track_conn **conn)
{
	struct tcp_segment seg;
	int rc = decode_frame(dlt, f->data, f->caplen, f->len, &seg);

	if (rc != DECODE_OK)
		return rc;
	seg.ts_sec = f->ts_sec;
	seg.ts_usec = f->ts_usec;
	*stored = track_add(t, &seg, conn);
	return *stored != NULL ? DECODE_OK : -1;
}

const struct track_conn *
track_first(const struct track_table *t)
{
	return t->sight_head;
}

const struct track_conn *
track_next(const struct track_conn *c)
{
	return c->sight_next;
}

const struct track_conn *
track_find_id(const struct track_table *t, uint64_t id)
{
	const struct track_conn *c;

	for (c = t->sight_head; c != NULL; c = c->sight_next)
		if (c->id == id)
			return c;
	return NULL;
}

size_t
track_seg_count(const struct track_conn *c)
{
	return c->ring_len;
}

const struct track_seg *
track_seg_at(const struct track_conn *c, size_t i)
{
	if (i >= c->ring_len)
		return NULL;
	return &c->ring[(c->ring_start + i) % c->ring_alloc];
}

void
track_get_stats(const struct track_table *t, struct track_stats *st)
{
	st->conns = t->nconns;
	st->conns_seen = t->next_id - 1;
	st->conns_evicted = t->evicted;
	st->segments = t->frames;
}

uint64_t
track_generation(const struct track_table *t)
{
	return t->generation;
}

const struct track_analysis_info *
track_analysis_info(unsigned i)
{
	/* Names as Wireshark's expert info has them; notes for students. */
	static const struct track_analysis_info info[TRACK_A_COUNT] = {
		{ TRACK_A_RETRANSMISSION, "retrans", "retransmission",
		  "sent again: no ACK for it came in time (RFC 6298's timer)" },
		{ TRACK_A_FAST_RETRANSMISSION, "fast retx",
		  "fast retransmission",
		  "sent again at once: duplicate ACKs said it was lost "
		  "(RFC 5681, 3.2)" },
		{ TRACK_A_SPURIOUS_RETRANSMISSION, "spurious",
		  "spurious retransmission",
		  "sent again though the receiver had already ACKed it" },
		{ TRACK_A_OUT_OF_ORDER, "out order", "out-of-order",
		  "an earlier seq soon after a later one: reordered on the "
		  "way, not lost" },
		{ TRACK_A_LOST_SEGMENT, "seg lost",
		  "previous segment not captured",
		  "seq jumps past what was seen: a segment before it was "
		  "lost or not captured" },
		{ TRACK_A_ACKED_UNSEEN, "ack unseen",
		  "ACKed unseen segment",
		  "this ACKs data the capture never saw: it missed a segment "
		  "the receiver got" },
		{ TRACK_A_DUP_ACK, "dup ACK", "dup ACK",
		  "the same ACK again: the receiver got a segment after a hole "
		  "and still waits for the missing bytes" },
		{ TRACK_A_ZERO_WINDOW, "zero win", "zero window",
		  "the receiver's buffer is full (nobody calls read()): the "
		  "sender must wait" },
		{ TRACK_A_ZERO_WINDOW_PROBE, "win probe", "zero-window probe",
		  "one byte sent into a closed window, to learn when it "
		  "opens (RFC 9293, 3.8.6.1)" },
		{ TRACK_A_ZERO_WINDOW_PROBE_ACK, "probe ACK",
		  "zero-window probe ACK",
		  "the answer to a zero-window probe: the window is still "
		  "closed" },
		{ TRACK_A_WINDOW_UPDATE, "win update", "window update",
		  "only the window changed: the receiver read data and has "
		  "room again" },
		{ TRACK_A_WINDOW_FULL, "win full", "window full",
		  "this fills the receiver's window: the sender must stop "
		  "until it is ACKed" },
		{ TRACK_A_KEEP_ALIVE, "keepalive", "keep-alive",
		  "seq one below the next: an idle side checks the other is "
		  "still there (SO_KEEPALIVE)" },
		{ TRACK_A_KEEP_ALIVE_ACK, "alive ACK", "keep-alive ACK",
		  "the answer to a keep-alive: the peer is still there" },
	};

	return i < TRACK_A_COUNT ? &info[i] : NULL;
}

const char *
track_state_name(enum track_state s)
{
	switch (s) {
	case TRACK_HANDSHAKE:
		return "handshake";
	case TRACK_ESTABLISHED:
		return "established";
	case TRACK_CLOSING:
		return "closing";
	case TRACK_CLOSED:
		return "closed";
	case TRACK_RESET:
		return "reset";
	}
	return "unknown";
}
