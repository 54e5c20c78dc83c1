/* Tracking: connection numbers, Wireshark's relative numbers, notes. */
#include <criterion/criterion.h>
#include <string.h>

#include "track.h"

#define T_TIMEOUT 10.0

/* Client 127.0.0.1:cport, server 127.0.0.1:sport. */
struct conv {
	struct track_table *t;
	uint16_t cport, sport;
	const struct track_conn *conn;
};

static struct tcp_segment
mkseg(const struct conv *cv, int from_client, uint32_t seq, uint32_t ack,
    uint8_t flags, uint16_t win, uint32_t len)
{
	struct tcp_segment s;

	memset(&s, 0, sizeof(s));
	s.src.family = s.dst.family = 4;
	s.src.addr[0] = s.dst.addr[0] = 127;
	s.src.addr[3] = s.dst.addr[3] = 1;
	s.src.port = from_client ? cv->cport : cv->sport;
	s.dst.port = from_client ? cv->sport : cv->cport;
	s.seq = seq;
	s.ack = ack;
	s.flags = flags;
	s.window = win;
	s.payload_len = len;
	return s;
}

/* Adds one segment and returns what the table made of it. */
static const struct track_seg *
add(struct conv *cv, int from_client, uint32_t seq, uint32_t ack,
    uint8_t flags, uint16_t win, uint32_t len)
{
	struct tcp_segment s = mkseg(cv, from_client, seq, ack, flags, win,
	    len);
	const struct track_seg *r = track_add(cv->t, &s, &cv->conn);

	cr_assert_not_null(r);
	return r;
}

#define SYN TCP_FLAG_SYN
#define ACK TCP_FLAG_ACK
#define FIN TCP_FLAG_FIN
#define RST TCP_FLAG_RST
#define PSH TCP_FLAG_PSH

static struct conv cv;

static void
setup(void)
{
	cv.t = track_new(NULL);
	cr_assert_not_null(cv.t);
	cv.cport = 50412;
	cv.sport = 8080;
}

static void
teardown(void)
{
	track_free(cv.t);
}

TestSuite(track, .init = setup, .fini = teardown, .timeout = T_TIMEOUT);

/* The acceptance shape: 0/-, 0/1, 1/1 and steps 1/3..3/3. */
Test(track, handshake_relative_numbers)
{
	const uint32_t c = 3000000000u, s = 12345;
	const struct track_seg *r;

	r = add(&cv, 1, c, 0, SYN, 65495, 0);
	cr_expect_eq(r->rel_seq, 0);
	cr_expect_eq(r->notes, TRACK_NOTE_HANDSHAKE);
	cr_expect_eq(r->handshake_step, 1);
	cr_expect_eq(cv.conn->state, TRACK_HANDSHAKE);
	cr_expect_eq(cv.conn->id, 1);

	r = add(&cv, 0, s, c + 1, SYN | ACK, 65483, 0);
	cr_expect_eq(r->rel_seq, 0);
	cr_expect_eq(r->rel_ack, 1);
	cr_expect_eq(r->handshake_step, 2);
	cr_expect_eq(r->dir, 1);

	r = add(&cv, 1, c + 1, s + 1, ACK, 512, 0);
	cr_expect_eq(r->rel_seq, 1);
	cr_expect_eq(r->rel_ack, 1);
	cr_expect_eq(r->handshake_step, 3);
	cr_expect_eq(r->notes, TRACK_NOTE_HANDSHAKE);
	cr_expect_eq(cv.conn->state, TRACK_ESTABLISHED);
}

/* Data both ways, then the FIN exchange: every number and note. */
Test(track, full_conversation)
{
	const uint32_t c = 0xfffffff0u, s = 777;	/* c wraps around 2^32 */
	const struct track_seg *r;

	add(&cv, 1, c, 0, SYN, 65495, 0);
	add(&cv, 0, s, c + 1, SYN | ACK, 65483, 0);
	add(&cv, 1, c + 1, s + 1, ACK, 512, 0);
	r = add(&cv, 1, c + 1, s + 1, PSH | ACK, 512, 100);
	cr_expect_eq(r->rel_seq, 1);
	cr_expect_eq(r->notes, 0);
	r = add(&cv, 0, s + 1, c + 101, ACK, 512, 0);
	cr_expect_eq(r->rel_ack, 101);
	cr_expect_eq(r->notes, 0, "an ACK of new data is no duplicate");
	r = add(&cv, 0, s + 1, c + 101, PSH | ACK, 512, 50);
	cr_expect_eq(r->rel_seq, 1);
	r = add(&cv, 1, c + 101, s + 51, ACK, 512, 0);
	cr_expect_eq(r->rel_seq, 101);
	cr_expect_eq(r->rel_ack, 51);
	r = add(&cv, 1, c + 101, s + 51, FIN | ACK, 512, 0);
	cr_expect_eq(r->notes, TRACK_NOTE_TEARDOWN);
	cr_expect_eq(cv.conn->state, TRACK_CLOSING);
	r = add(&cv, 0, s + 51, c + 102, FIN | ACK, 512, 0);
	cr_expect_eq(r->rel_seq, 51);
	cr_expect_eq(r->rel_ack, 102);
	cr_expect_eq(r->notes, TRACK_NOTE_TEARDOWN);
	r = add(&cv, 1, c + 102, s + 52, ACK, 512, 0);
	cr_expect_eq(r->rel_seq, 102);
	cr_expect_eq(r->rel_ack, 52);
	cr_expect_eq(r->notes, TRACK_NOTE_TEARDOWN);
	cr_expect_eq(cv.conn->state, TRACK_CLOSED);
	cr_expect_eq(cv.conn->dir[0].bytes, 100);
	cr_expect_eq(cv.conn->dir[1].bytes, 50);
	cr_expect_eq(cv.conn->dir[0].packets, 6);
	cr_expect_eq(cv.conn->dir[1].packets, 4);
}

/*
 * A connect to a closed port: the kernel answers the SYN with RST-ACK,
 * seq 0, ack ISN+1. Wireshark shows it as Seq=1 Ack=1.
 */
Test(track, rst_answering_syn)
{
	const struct track_seg *r;

	add(&cv, 1, 555, 0, SYN, 65495, 0);
	r = add(&cv, 0, 0, 556, RST | ACK, 0, 0);
	cr_expect_eq(r->rel_seq, 1);
	cr_expect_eq(r->rel_ack, 1);
	cr_expect_eq(r->notes, TRACK_NOTE_NO_LISTENER,
	    "notes %#x: a zero window on an RST means nothing", r->notes);
	cr_expect_eq(cv.conn->state, TRACK_RESET);
}

/* An RST after the handshake is no "nobody listening". */
Test(track, rst_mid_connection)
{
	const struct track_seg *r;

	add(&cv, 1, 10, 0, SYN, 100, 0);
	add(&cv, 0, 20, 11, SYN | ACK, 100, 0);
	add(&cv, 1, 11, 21, ACK, 100, 0);
	r = add(&cv, 0, 21, 11, RST | ACK, 0, 0);
	cr_expect_eq(r->notes, 0);
	cr_expect_eq(cv.conn->state, TRACK_RESET);
}

/*
 * Picked up mid-stream: the first seq seen from a side is 1; the other
 * side's base comes from this segment's ACK.
 */
Test(track, mid_stream_pickup)
{
	const struct track_seg *r;

	r = add(&cv, 0, 9000, 4000, PSH | ACK, 512, 10);
	cr_expect_eq(r->rel_seq, 1);
	cr_expect_eq(r->rel_ack, 1);
	cr_expect_eq(cv.conn->state, TRACK_ESTABLISHED);
	cr_expect_eq(r->notes, 0);
	r = add(&cv, 1, 4000, 9010, ACK, 512, 0);
	cr_expect_eq(r->rel_seq, 1);
	cr_expect_eq(r->rel_ack, 11);
	cr_expect_eq(r->dir, 1, "end[0] is whoever was seen first");
}

Test(track, retransmissions)
{
	const struct track_seg *r;

	r = add(&cv, 1, 100, 0, SYN, 100, 0);
	r = add(&cv, 1, 100, 0, SYN, 100, 0);
	cr_expect_eq(r->notes, TRACK_NOTE_HANDSHAKE);
	cr_expect_eq(r->analysis, TRACK_A_RETRANSMISSION);
	cr_expect_eq(cv.conn->id, 1, "same ISN: the same connection");
	add(&cv, 0, 200, 101, SYN | ACK, 100, 0);
	add(&cv, 1, 101, 201, ACK, 100, 0);
	r = add(&cv, 1, 101, 201, PSH | ACK, 100, 10);
	cr_expect_eq(r->analysis, 0);
	r = add(&cv, 1, 101, 201, PSH | ACK, 100, 10);
	cr_expect_eq(r->notes, 0);
	cr_expect_eq(r->analysis, TRACK_A_RETRANSMISSION);
}

Test(track, duplicate_acks)
{
	const struct track_seg *r;

	add(&cv, 1, 100, 0, SYN, 100, 0);
	add(&cv, 0, 200, 101, SYN | ACK, 100, 0);
	add(&cv, 1, 101, 201, ACK, 100, 0);
	add(&cv, 0, 201, 101, PSH | ACK, 100, 10);
	r = add(&cv, 1, 101, 211, ACK, 100, 0);
	cr_expect_eq(r->analysis, 0);
	r = add(&cv, 1, 101, 211, ACK, 100, 0);
	cr_expect_eq(r->analysis, TRACK_A_DUP_ACK);
	cr_expect_eq(r->dup_ack_num, 1);
	r = add(&cv, 1, 101, 211, ACK, 100, 0);
	cr_expect_eq(r->analysis, TRACK_A_DUP_ACK);
	cr_expect_eq(r->dup_ack_num, 2);
	r = add(&cv, 1, 101, 211, ACK, 300, 0);
	cr_expect_eq(r->analysis, TRACK_A_WINDOW_UPDATE,
	    "a window update is no duplicate ACK");
}

Test(track, zero_window_and_keepalive)
{
	const struct track_seg *r;

	add(&cv, 1, 100, 0, SYN, 100, 0);
	add(&cv, 0, 200, 101, SYN | ACK, 100, 0);
	add(&cv, 1, 101, 201, ACK, 100, 0);
	r = add(&cv, 1, 101, 201, ACK, 0, 0);
	cr_expect_eq(r->analysis, TRACK_A_ZERO_WINDOW);
	r = add(&cv, 1, 101, 201, ACK, 100, 0);
	cr_expect_eq(r->analysis, TRACK_A_WINDOW_UPDATE);
	r = add(&cv, 0, 200, 101, ACK, 100, 0);
	cr_expect_eq(r->analysis, TRACK_A_KEEP_ALIVE);
	r = add(&cv, 1, 101, 201, ACK, 100, 0);
	cr_expect_eq(r->analysis, TRACK_A_KEEP_ALIVE_ACK, "analysis %#x",
	    r->analysis);
}

/* A new SYN with a new ISN on the same ports is a new connection. */
Test(track, port_reuse_starts_a_new_connection)
{
	const struct track_seg *r;

	add(&cv, 1, 100, 0, SYN, 100, 0);
	add(&cv, 0, 0, 101, RST | ACK, 0, 0);
	r = add(&cv, 1, 5000, 0, SYN, 100, 0);
	cr_expect_eq(cv.conn->id, 2);
	cr_expect_eq(r->rel_seq, 0);
	cr_expect_eq(r->handshake_step, 1);
	cr_expect_eq(r->notes, TRACK_NOTE_HANDSHAKE);
	cr_expect_not_null(track_find_id(cv.t, 1), "the old one stays shown");
}

/* Numbers follow first sight, whichever connection speaks later. */
Test(track, numbering_and_iteration)
{
	const struct track_conn *c;
	uint64_t want = 1;
	int i;

	for (i = 0; i < 5; i++) {
		cv.cport = (uint16_t)(40000 + i);
		add(&cv, 1, 100, 0, SYN, 100, 0);
	}
	cv.cport = 40002;
	add(&cv, 0, 9, 101, SYN | ACK, 100, 0);
	cr_expect_eq(cv.conn->id, 3);
	for (c = track_first(cv.t); c != NULL; c = track_next(c))
		cr_expect_eq(c->id, want++);
	cr_expect_eq(want, 6);
}

/* The ring keeps the newest segments, oldest first. */
Test(track, segment_ring_keeps_the_newest)
{
	struct track_limits lim = { .max_conns = 4, .segs_per_conn = 8 };
	uint32_t i;

	track_free(cv.t);
	cv.t = track_new(&lim);
	add(&cv, 1, 100, 0, SYN, 100, 0);
	for (i = 0; i < 100; i++)
		add(&cv, 1, 101 + i, 0, PSH, 100, 1);
	cr_expect_eq(track_seg_count(cv.conn), 8);
	cr_expect_eq(cv.conn->seg_total, 101);
	for (i = 0; i < 8; i++)
		cr_expect_eq(track_seg_at(cv.conn, i)->rel_seq, 93 + i);
	cr_expect_null(track_seg_at(cv.conn, 8));
}

/*
 * A million packets over 100,000 connections: memory stays bounded by
 * the limits (evicting the least recently active connection).
 */
Test(track, a_million_packets_stay_bounded, .timeout = 60.0)
{
	struct track_limits lim = { .max_conns = 64, .segs_per_conn = 16 };
	struct track_stats st;
	uint32_t conn, k;

	track_free(cv.t);
	cv.t = track_new(&lim);
	for (conn = 0; conn < 100000; conn++) {
		cv.cport = (uint16_t)(1024 + conn % 60000);
		cv.sport = (uint16_t)(1 + conn / 60000);
		add(&cv, 1, conn, 0, SYN, 100, 0);
		add(&cv, 0, 7, conn + 1, SYN | ACK, 100, 0);
		for (k = 0; k < 7; k++)
			add(&cv, 1, conn + 1 + k, 8, PSH | ACK, 100, 1);
		add(&cv, 0, 8, conn + 8, ACK, 100, 0);
		cr_assert_leq(track_seg_count(cv.conn), 16);
	}
	track_get_stats(cv.t, &st);
	cr_expect_eq(st.segments, 1000000);
	cr_expect_eq(st.conns, 64);
	cr_expect_eq(st.conns_seen, 100000);
	cr_expect_eq(st.conns_evicted, 100000 - 64);
	cr_expect_eq(track_first(cv.t)->id, 100000 - 63);
}
