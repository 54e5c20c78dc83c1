/*
 * The conversations behind the analysis oracle (test_oracle_flags.c). Each
 * one is written the way a student would draw it: seq and ack relative to
 * the two ISNs, and the time since the segment before.
 */
#include "scenes.h"

#include <string.h>

#include "decode.h"
#include "pkt.h"

#define SYN TCP_FLAG_SYN
#define ACK TCP_FLAG_ACK
#define PSH TCP_FLAG_PSH

#define MS 1000

/* MSS 1460, NOP, window scale 0: scaling on, windows read as sent. */
static const uint8_t syn_opts[8] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 0 };

/* Starts a scene: a new connection from client port cport. */
static void
scene(struct scenes *s, const char *name, uint16_t cport)
{
	s->name = name;
	s->cport = cport;
	s->cisn = 1000000u * cport;
	s->sisn = 7000000u + 13u * cport;
	s->us = (int64_t)(cport - 40000) * 100 * 1000000;
}

/*
 * One segment, dt_us after the one before: from the client or the
 * server, seq and ack relative to the sender's and receiver's ISN (ack 0
 * without the ACK flag), len bytes of payload.
 */
static void
seg(struct scenes *s, int from_client, uint32_t seq, uint32_t ack,
    uint8_t flags, uint16_t win, uint32_t len, int64_t dt_us)
{
	static const uint8_t payload[SCENE_FRAME_BYTES];
	struct pkt_tcp t;
	size_t n;

	s->us += dt_us;
	if (s->n == SCENE_FRAMES_MAX) {
		s->failed = 1;
		return;
	}
	memset(&t, 0, sizeof(t));
	t.family = 4;
	t.src = from_client ? "10.0.0.1" : "10.0.0.2";
	t.dst = from_client ? "10.0.0.2" : "10.0.0.1";
	t.sport = from_client ? s->cport : 8080;
	t.dport = from_client ? 8080 : s->cport;
	t.seq = seq + (from_client ? s->cisn : s->sisn);
	t.ack = flags & ACK ? ack + (from_client ? s->sisn : s->cisn) : 0;
	t.flags = flags;
	t.window = win;
	if (flags & SYN) {
		t.opts = syn_opts;
		t.optlen = sizeof(syn_opts);
	}
	t.payload = payload;
	t.len = len;
	n = pkt_build_frame(PKT_DLT_EN10MB, s->bytes[s->n], SCENE_FRAME_BYTES,
	    &t);
	if (n == 0) {
		s->failed = 1;
		return;
	}
	s->frame[s->n].sec = s->us / 1000000;
	s->frame[s->n].usec = (int32_t)(s->us % 1000000);
	s->frame[s->n].data = s->bytes[s->n];
	s->frame[s->n].len = n;
	s->scene_of[s->n] = s->name;
	s->n++;
}

/* The three-way handshake, 20 ms round trip; server window swin. */
static void
handshake(struct scenes *s, uint16_t swin)
{
	seg(s, 1, 0, 0, SYN, 64000, 0, 0);
	seg(s, 0, 0, 1, SYN | ACK, swin, 0, 10 * MS);
	seg(s, 1, 1, 1, ACK, 64000, 0, 10 * MS);
}

/* A segment sent again after its timer ran out, and a SYN sent twice. */
static void
scene_retransmission(struct scenes *s)
{
	scene(s, "retransmission", 40000);
	seg(s, 1, 0, 0, SYN, 64000, 0, 0);
	seg(s, 1, 0, 0, SYN, 64000, 0, 1000 * MS);
	seg(s, 0, 0, 1, SYN | ACK, 64000, 0, 10 * MS);
	seg(s, 1, 1, 1, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 1, 1, PSH | ACK, 64000, 100, 1 * MS);
	seg(s, 1, 1, 1, PSH | ACK, 64000, 100, 200 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 10 * MS);
}

/* A lost segment, three duplicate ACKs, and the fast retransmission. */
static void
scene_fast_retransmission(struct scenes *s)
{
	scene(s, "fast retransmission", 40001);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	/* 101..200 is lost on the way: not in the capture. */
	seg(s, 1, 201, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 1, 301, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 9 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 1, 101, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 401, ACK, 64000, 0, 10 * MS);
}

/* Two segments that swapped places on the way. */
static void
scene_out_of_order(struct scenes *s)
{
	scene(s, "out-of-order", 40002);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 1, 201, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 1, 101, 1, ACK, 64000, 100, 500);
	seg(s, 0, 1, 301, ACK, 64000, 0, 10 * MS);
}

/* Data sent again though its ACK had already come. */
static void
scene_spurious(struct scenes *s)
{
	scene(s, "spurious retransmission", 40003);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 1, 1, ACK, 64000, 100, 300 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 10 * MS);
}

/* An ACK for data the capture never saw. */
static void
scene_acked_unseen(struct scenes *s)
{
	scene(s, "ACKed unseen segment", 40004);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	/* 101..200 went by without being captured. */
	seg(s, 0, 1, 201, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 201, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 301, ACK, 64000, 0, 10 * MS);
	/* Everything seen is ACKed; then an ACK runs ahead again. */
	seg(s, 1, 301, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 401, ACK, 64000, 0, 10 * MS);
	seg(s, 0, 1, 501, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 501, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 601, ACK, 64000, 0, 10 * MS);
}

/*
 * The rules behind "ACKed unseen" after the first one: the ACKing side's
 * new data clears it, the other side's duplicate ACKs restart at #1.
 */
static void
scene_acked_unseen_again(struct scenes *s)
{
	scene(s, "ACKed unseen, again", 40010);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 201, ACK, 64000, 0, 10 * MS);
	seg(s, 0, 1, 201, PSH | ACK, 64000, 10, 1 * MS);
	seg(s, 1, 201, 11, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 11, 301, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 301, 11, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 11, 401, ACK, 64000, 0, 10 * MS);
	seg(s, 0, 11, 501, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 401, 11, ACK, 64000, 0, 1 * MS);
	seg(s, 1, 401, 11, ACK, 64000, 0, 1 * MS);
	seg(s, 0, 11, 601, ACK, 64000, 0, 10 * MS);
}

/* A receiver that stops reading: zero window, probes, and the update. */
static void
scene_zero_window(struct scenes *s)
{
	scene(s, "zero window", 40005);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 101, ACK, 0, 0, 10 * MS);
	seg(s, 1, 101, 1, ACK, 64000, 1, 200 * MS);
	seg(s, 0, 1, 101, ACK, 0, 0, 10 * MS);
	seg(s, 1, 101, 1, ACK, 64000, 1, 400 * MS);
	seg(s, 0, 1, 101, ACK, 0, 0, 10 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 100 * MS);
	seg(s, 1, 101, 1, ACK, 64000, 100, 10 * MS);
	seg(s, 0, 1, 201, ACK, 64000, 0, 10 * MS);
}

/* A sender that fills the receiver's small window exactly. */
static void
scene_window_full(struct scenes *s)
{
	scene(s, "window full", 40006);
	handshake(s, 1000);
	seg(s, 1, 1, 1, ACK, 64000, 1000, 1 * MS);
	seg(s, 0, 1, 1001, ACK, 1000, 0, 10 * MS);
	seg(s, 1, 1001, 1, ACK, 64000, 500, 1 * MS);
	seg(s, 1, 1501, 1, ACK, 64000, 500, 1 * MS);
	seg(s, 0, 1, 2001, ACK, 1000, 0, 10 * MS);
}

/* An idle connection: keep-alives (empty and one byte) and their ACKs. */
static void
scene_keep_alive(struct scenes *s)
{
	scene(s, "keep-alive", 40007);
	handshake(s, 64000);
	seg(s, 1, 1, 1, PSH | ACK, 64000, 10, 1 * MS);
	seg(s, 0, 1, 11, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 10, 1, ACK, 64000, 0, 45000 * MS);
	seg(s, 0, 1, 11, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 10, 1, ACK, 64000, 1, 45000 * MS);
	seg(s, 0, 1, 11, ACK, 64000, 0, 10 * MS);
}

/*
 * Duplicate ACKs counted: data from the ACKing side between them starts
 * the count again; a reordered pair both ways; a FIN sent twice.
 */
static void
scene_dup_ack_count(struct scenes *s)
{
	scene(s, "dup ACK count", 40008);
	handshake(s, 64000);
	seg(s, 1, 1, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 1, 201, 1, ACK, 64000, 100, 1 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 10 * MS);
	seg(s, 0, 1, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 0, 1, 101, PSH | ACK, 64000, 50, 1 * MS);
	seg(s, 0, 51, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 0, 51, 101, ACK, 64000, 0, 1 * MS);
	seg(s, 1, 101, 51, ACK, 64000, 100, 100 * MS);
	seg(s, 0, 51, 301, ACK, 64000, 0, 10 * MS);
	seg(s, 1, 301, 51, TCP_FLAG_FIN | ACK, 64000, 0, 1 * MS);
	seg(s, 1, 301, 51, TCP_FLAG_FIN | ACK, 64000, 0, 300 * MS);
	seg(s, 0, 51, 302, TCP_FLAG_FIN | ACK, 64000, 0, 10 * MS);
	seg(s, 1, 302, 52, ACK, 64000, 0, 10 * MS);
}

/* Picked up mid-stream: no handshake, windows of unknown scale. */
static void
scene_mid_stream(struct scenes *s)
{
	scene(s, "mid-stream", 40009);
	seg(s, 1, 5001, 9001, ACK, 300, 1000, 0);
	seg(s, 0, 9001, 6001, ACK, 300, 0, 10 * MS);
	seg(s, 1, 6001, 9001, ACK, 300, 300, 1 * MS);
	seg(s, 1, 6301, 9001, ACK, 300, 300, 1 * MS);
	seg(s, 0, 9001, 6601, ACK, 0, 0, 10 * MS);
	seg(s, 0, 9001, 6601, ACK, 300, 0, 10 * MS);
	seg(s, 1, 5001, 9001, ACK, 300, 1000, 500 * MS);
}

int
scenes_build(struct scenes *s)
{
	memset(s, 0, sizeof(*s));
	scene_retransmission(s);
	scene_fast_retransmission(s);
	scene_out_of_order(s);
	scene_spurious(s);
	scene_acked_unseen(s);
	scene_zero_window(s);
	scene_window_full(s);
	scene_keep_alive(s);
	scene_dup_ack_count(s);
	scene_mid_stream(s);
	scene_acked_unseen_again(s);
	return s->failed ? -1 : 0;
}
