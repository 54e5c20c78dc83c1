#ifndef SOCKLAB_VIZ_TRACK_H
#define SOCKLAB_VIZ_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/*
 * Connection tracking: the model every tcpviz front end reads. Segments
 * go in one at a time (track_add); the table groups them into connections
 * numbered in order of first sight, works out relative sequence numbers
 * the way Wireshark does, and attaches notes for what a student should
 * notice. Memory is bounded: at most max_conns connections (the least
 * recently active one is evicted) of at most segs_per_conn segments each
 * (a ring: the oldest segment makes room).
 *
 * Every struct below is read-only for callers; pointers stay valid until
 * the next track_add() or track_free().
 */

/* Where a connection is, as the packets show it (not the kernel's view). */
enum track_state {
	TRACK_HANDSHAKE,	/* SYN seen, handshake not finished */
	TRACK_ESTABLISHED,	/* handshake done, or picked up mid-stream */
	TRACK_CLOSING,		/* a FIN seen */
	TRACK_CLOSED,		/* both FINs seen and acknowledged */
	TRACK_RESET,		/* an RST seen */
};

/* Notes on a segment: a bit set (several may apply). */
enum track_note {
	TRACK_NOTE_HANDSHAKE = 1 << 0,	/* step in track_seg.handshake_step */
	TRACK_NOTE_TEARDOWN = 1 << 1,	/* a FIN, or the ACK of one */
	TRACK_NOTE_NO_LISTENER = 1 << 2,	/* RST answering a SYN */
	TRACK_NOTE_BAD_OPTIONS = 1 << 7,	/* an option length was wrong */
};

/*
 * Wireshark's TCP analysis flags, with Wireshark's definitions (its user
 * guide, "TCP Analysis"; epan/dissectors/packet-tcp.c,
 * tcp_analyze_sequence_number): a bit set in track_seg.analysis.
 * track_analysis_info() names each and says what it teaches.
 */
enum track_analysis {
	TRACK_A_RETRANSMISSION = 1 << 0,
	TRACK_A_FAST_RETRANSMISSION = 1 << 1,
	TRACK_A_SPURIOUS_RETRANSMISSION = 1 << 2,
	TRACK_A_OUT_OF_ORDER = 1 << 3,
	TRACK_A_LOST_SEGMENT = 1 << 4,	/* previous segment not captured */
	TRACK_A_ACKED_UNSEEN = 1 << 5,	/* ACKed unseen segment */
	TRACK_A_DUP_ACK = 1 << 6,	/* number in track_seg.dup_ack_num */
	TRACK_A_ZERO_WINDOW = 1 << 7,
	TRACK_A_ZERO_WINDOW_PROBE = 1 << 8,
	TRACK_A_ZERO_WINDOW_PROBE_ACK = 1 << 9,
	TRACK_A_WINDOW_UPDATE = 1 << 10,
	TRACK_A_WINDOW_FULL = 1 << 11,
	TRACK_A_KEEP_ALIVE = 1 << 12,
	TRACK_A_KEEP_ALIVE_ACK = 1 << 13,
};

/* Analysis flags there are: bits 0 .. TRACK_A_COUNT - 1. */
#define TRACK_A_COUNT 14

/* What one analysis flag is called and what it teaches. Static text. */
struct track_analysis_info {
	uint16_t bit;		/* one enum track_analysis value */
	const char *tag;	/* for the ladder: "retrans", 10 columns at most */
	const char *name;	/* for text lines and the detail pane */
	const char *note;	/* one line for a student: why it happens */
};

/*
 * The info of analysis flag number i (0 .. TRACK_A_COUNT - 1), in the
 * order they are shown: the retransmission kinds first, windows last.
 * NULL past the end.
 */
const struct track_analysis_info *track_analysis_info(unsigned i);

/* Bytes of payload kept per segment for a detail view. */
#define TRACK_PREVIEW_MAX 64

/* One segment as the model keeps it. */
struct track_seg {
	uint64_t frame;		/* 1-based number of the packet in the capture */
	struct tcp_segment seg;	/* seg.payload is NULL: see preview */
	uint8_t dir;		/* 0: sent by conn->end[0], 1: by conn->end[1] */
	uint8_t handshake_step;	/* 1..3 with TRACK_NOTE_HANDSHAKE, else 0 */
	uint16_t notes;		/* enum track_note bits */
	uint16_t analysis;	/* enum track_analysis bits */
	uint32_t dup_ack_num;	/* with TRACK_A_DUP_ACK: 1 for the first */
	uint32_t rel_seq;	/* seq - sender's base (its ISN) */
	uint32_t rel_ack;	/* ack - receiver's base; 0 without ACK */
	uint8_t preview_len;	/* captured payload bytes kept */
	uint8_t preview[TRACK_PREVIEW_MAX];
};

/*
 * What one side of a connection has sent, as seen so far. The analysis
 * fields mirror Wireshark's per-direction state, so the flags agree with
 * it segment by segment; like Wireshark, a sequence number of 0 in them
 * means "none yet".
 */
struct track_dir {
	unsigned base_set : 1;	/* base is known */
	unsigned saw_syn : 1;	/* this side sent a SYN (or SYN-ACK) */
	unsigned saw_fin : 1;
	unsigned fin_acked : 1;	/* the other side acknowledged our FIN */
	unsigned has_wscale : 1;
	uint8_t wscale;
	uint16_t mss;		/* 0 if not announced */
	uint32_t base;		/* ISN, or derived as Wireshark does */
	uint32_t fin_seq;
	uint64_t packets;
	uint64_t bytes;		/* payload bytes */

	/* Wireshark's analysis state (packet-tcp.c, tcp_analyze_seq_info). */
	int8_t win_scale;	/* -1: unknown, -2: not used, else the shift */
	uint16_t window;	/* the last window sent, as sent */
	uint16_t last_flags;	/* analysis flags of the last segment */
	int32_t dup_acks;	/* duplicate ACKs in a row; -1: see track.c */
	uint32_t next_seq;	/* highest seq + length seen */
	uint32_t max_to_ack;	/* end of the contiguous data seen */
	uint32_t last_ack;	/* the last ack field sent */
	int64_t next_seq_us;	/* when next_seq last moved */
	int64_t last_ack_us;	/* when last_ack was sent */
};

struct track_conn {
	uint64_t id;		/* the #N of the text line, from 1 */
	struct tcp_endpoint end[2];	/* end[0] sent the first segment seen */
	struct track_dir dir[2];	/* dir[i]: what end[i] sent */
	enum track_state state;
	int handshake_done;
	int64_t syn_us;		/* the last SYN's time; 0: none */
	int64_t first_rtt_us;	/* SYN to the first ACK; 0: unknown */
	int64_t first_sec, last_sec;
	int32_t first_usec, last_usec;
	uint64_t seg_total;	/* segments ever added, kept or not */

	/* Private to track.c. */
	struct track_seg *ring;
	size_t ring_alloc, ring_start, ring_len;
	int hashed;
	struct track_conn *hash_next;
	struct track_conn *sight_prev, *sight_next;	/* by id */
	struct track_conn *lru_prev, *lru_next;		/* by last activity */
};

struct track_limits {
	size_t max_conns;	/* connections kept; 0 means the default */
	size_t segs_per_conn;	/* segments kept per connection; 0: default */
};

#define TRACK_DEFAULT_MAX_CONNS 1024
#define TRACK_DEFAULT_SEGS 256

struct track_table;

/*
 * Makes an empty table. lim may be NULL for the defaults. Returns the
 * table (free with track_free), or NULL with errno set (ENOMEM).
 */
struct track_table *track_new(const struct track_limits *lim);

/* Frees the table and everything in it. NULL is allowed. */
void track_free(struct track_table *t);

/*
 * Adds one decoded segment (its payload is copied, up to
 * TRACK_PREVIEW_MAX bytes). Returns the stored segment and sets *conn to
 * its connection, or returns NULL with errno set (ENOMEM): the segment
 * was not stored.
 */
const struct track_seg *track_add(struct track_table *t,
    const struct tcp_segment *seg, const struct track_conn **conn);

/*
 * Decodes one captured frame of link type dlt and adds its segment, with
 * the frame's timestamp: the one way from libpcap's bytes to the model,
 * for tcpviz's front ends and the lab tests' wire traces alike. Returns
 * DECODE_OK with *stored and *conn set; another enum decode_status when
 * the frame carries no segment (nothing is stored); or -1 with errno set
 * (ENOMEM) when the segment could not be stored.
 */
int track_add_frame(struct track_table *t, int dlt, const struct raw_frame *f,
    const struct track_seg **stored, const struct track_conn **conn);

/* Connections kept, in order of first sight: the oldest, then the next. */
const struct track_conn *track_first(const struct track_table *t);
const struct track_conn *track_next(const struct track_conn *c);

/* The connection numbered id, or NULL if it was evicted or never was. */
const struct track_conn *track_find_id(const struct track_table *t,
    uint64_t id);

/* Segments kept for c: i from 0 (oldest) to track_seg_count(c) - 1. */
size_t track_seg_count(const struct track_conn *c);
const struct track_seg *track_seg_at(const struct track_conn *c, size_t i);

/* Counters: connections kept now, ever seen, evicted; segments added. */
struct track_stats {
	size_t conns;
	uint64_t conns_seen;
	uint64_t conns_evicted;
	uint64_t segments;
};
void track_get_stats(const struct track_table *t, struct track_stats *st);

/*
 * A number that changes whenever the table does: a front end redraws
 * when it differs from the one it drew.
 */
uint64_t track_generation(const struct track_table *t);

/* "handshake", "established", ...: static text. */
const char *track_state_name(enum track_state s);

#endif
