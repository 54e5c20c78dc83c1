/*
 * Writes the seed corpus for fuzz_decode into the directory given:
 * conversations and odd packets in the input format fuzz_decode.c reads
 * (link-type byte, then length-prefixed frames). `make fuzz-corpus` runs
 * it; the output is committed under viz/fuzz/corpus/.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "tests/pkt.h"
#include "tests/wrap.h"

/* Index of each link type in fuzz_decode.c's table. */
enum { IX_NULL = 0, IX_EN10MB = 1, IX_RAW = 2, IX_LOOP = 5, IX_SLL = 6,
	IX_SLL2 = 9, IX_PPP = 11, IX_PPP_ETHER = 13, IX_C_HDLC = 14 };
static const int ix_dlt[] = { [IX_NULL] = PKT_DLT_NULL,
	[IX_EN10MB] = PKT_DLT_EN10MB, [IX_RAW] = PKT_DLT_RAW,
	[IX_LOOP] = PKT_DLT_LOOP, [IX_SLL] = PKT_DLT_LINUX_SLL,
	[IX_SLL2] = PKT_DLT_LINUX_SLL2 };

struct out {
	uint8_t buf[8192];
	size_t len;
};

static void
add_frame(struct out *o, int ix, const struct pkt_tcp *t)
{
	size_t n = pkt_build_frame(ix_dlt[ix], o->buf + o->len + 2,
	    sizeof(o->buf) - o->len - 2, t);

	o->buf[o->len] = (uint8_t)(n >> 8);
	o->buf[o->len + 1] = (uint8_t)n;
	o->len += 2 + n;
}

static int
save(const char *dir, const char *name, const struct out *o)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(o->buf, 1, o->len, f) != o->len) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* A whole conversation, IPv4 or IPv6, on link type ix. */
static int
conversation(const char *dir, const char *name, int ix, int family)
{
	static const struct {
		int c;
		uint32_t seq, ack;
		uint8_t flags;
		size_t len;
	} steps[] = {
		{ 1, 100, 0, TCP_FLAG_SYN, 0 },
		{ 0, 900, 101, TCP_FLAG_SYN | TCP_FLAG_ACK, 0 },
		{ 1, 101, 901, TCP_FLAG_ACK, 0 },
		{ 1, 101, 901, TCP_FLAG_PSH | TCP_FLAG_ACK, 5 },
		{ 1, 101, 901, TCP_FLAG_PSH | TCP_FLAG_ACK, 5 },
		{ 0, 901, 106, TCP_FLAG_ACK, 0 },
		{ 0, 901, 106, TCP_FLAG_ACK, 0 },
		{ 1, 106, 901, TCP_FLAG_FIN | TCP_FLAG_ACK, 0 },
		{ 0, 901, 107, TCP_FLAG_FIN | TCP_FLAG_ACK, 0 },
		{ 1, 107, 902, TCP_FLAG_ACK, 0 },
	};
	struct out o = { .len = 1 };
	size_t i;

	o.buf[0] = (uint8_t)ix;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct pkt_tcp t = {
			.family = family,
			.src = family == 4 ? "127.0.0.1" : "::1",
			.dst = family == 4 ? "127.0.0.1" : "::1",
			.sport = steps[i].c ? 40000 : 8080,
			.dport = steps[i].c ? 8080 : 40000,
			.seq = steps[i].seq, .ack = steps[i].ack,
			.flags = steps[i].flags, .window = 512,
			.opts = steps[i].flags & TCP_FLAG_SYN ? pkt_syn_opts :
			    pkt_ts_opts,
			.optlen = steps[i].flags & TCP_FLAG_SYN ?
			    sizeof(pkt_syn_opts) : sizeof(pkt_ts_opts),
			.payload = "hello", .len = steps[i].len,
			.ip6_ext = family == 6 && i == 3 ? 2 : 0,
		};

		add_frame(&o, ix, &t);
	}
	return save(dir, name, &o);
}

/* A SYN to a closed port and the RST-ACK that answers it. */
static int
refused(const char *dir, const char *name, int ix)
{
	struct pkt_tcp syn = {
		.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
		.sport = 40001, .dport = 9, .seq = 5, .flags = TCP_FLAG_SYN,
		.window = 65495, .opts = pkt_syn_opts,
		.optlen = sizeof(pkt_syn_opts),
	};
	struct pkt_tcp rst = {
		.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
		.sport = 9, .dport = 40001, .ack = 6,
		.flags = TCP_FLAG_RST | TCP_FLAG_ACK,
	};
	struct out o = { .len = 1 };

	o.buf[0] = (uint8_t)ix;
	add_frame(&o, ix, &syn);
	add_frame(&o, ix, &rst);
	return save(dir, name, &o);
}

/* Odd bytes: bad option lengths, a truncated frame, an unknown link. */
static int
oddities(const char *dir)
{
	static const uint8_t bad_opts[8] = { 2, 3, 1, 3, 0, 8, 40, 1 };
	struct pkt_tcp t = {
		.family = 4, .src = "10.0.0.1", .dst = "10.0.0.2", .sport = 1,
		.dport = 2, .seq = 1, .flags = TCP_FLAG_SYN, .window = 0,
		.opts = bad_opts, .optlen = sizeof(bad_opts),
	};
	struct out o = { .len = 1 };
	int rc = 0;

	o.buf[0] = IX_EN10MB;
	add_frame(&o, IX_EN10MB, &t);
	rc |= save(dir, "bad-options", &o);
	o.len -= 10;	/* cut the last frame short */
	rc |= save(dir, "truncated", &o);
	o.buf[0] = 10;	/* the unsupported link type */
	rc |= save(dir, "unsupported-link", &o);
	return rc;
}

/* fuzz_decode.c's index of a link type. */
static int
index_of(int dlt)
{
	switch (dlt) {
	case 9:
		return IX_PPP;
	case 51:
		return IX_PPP_ETHER;
	case 104:
		return IX_C_HDLC;
	default:
		return IX_EN10MB;
	}
}

/*
 * The same handshake and data wrapped as kind (VLAN, MPLS, tunnels...),
 * IPv4 and IPv6 with extension headers, one header cut short.
 */
static int
wrapped(const char *dir, enum wrap_kind kind)
{
	struct out o = { .len = 1 };
	char name[64];
	int fam;

	o.buf[0] = (uint8_t)index_of(wrap_dlt(kind));
	for (fam = 4; fam <= 6; fam += 2) {
		struct pkt_tcp t = {
			.family = fam, .src = fam == 4 ? "10.0.0.1" : "fd00::1",
			.dst = fam == 4 ? "10.0.0.2" : "fd00::2",
			.sport = 40000, .dport = 80, .seq = 100,
			.flags = TCP_FLAG_SYN, .window = 512,
			.opts = pkt_syn_opts, .optlen = sizeof(pkt_syn_opts),
			.ip6_ext = fam == 6 ? 2 : 0,
		};
		size_t n;

		n = wrap_frame(kind, o.buf + o.len + 2,
		    sizeof(o.buf) - o.len - 2, &t);
		o.buf[o.len] = (uint8_t)(n >> 8);
		o.buf[o.len + 1] = (uint8_t)n;
		o.len += 2 + n;
		t.flags = TCP_FLAG_PSH | TCP_FLAG_ACK;
		t.seq = 101;
		t.payload = "hello";
		t.len = 5;
		n = wrap_frame(kind, o.buf + o.len + 2,
		    sizeof(o.buf) - o.len - 2, &t);
		/* The second frame stops inside its TCP options. */
		n -= 5 + 8;
		o.buf[o.len] = (uint8_t)(n >> 8);
		o.buf[o.len + 1] = (uint8_t)n;
		o.len += 2 + n;
	}
	snprintf(name, sizeof(name), "wrapped-%s", wrap_name(kind));
	return save(dir, name, &o);
}

int
main(int argc, char **argv)
{
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	rc |= conversation(argv[1], "conversation-ether-v4", IX_EN10MB, 4);
	rc |= conversation(argv[1], "conversation-sll2-v6", IX_SLL2, 6);
	rc |= conversation(argv[1], "conversation-null-v6", IX_NULL, 6);
	rc |= conversation(argv[1], "conversation-loop-v4", IX_LOOP, 4);
	rc |= conversation(argv[1], "conversation-sll-v4", IX_SLL, 4);
	rc |= conversation(argv[1], "conversation-raw-v6", IX_RAW, 6);
	rc |= refused(argv[1], "refused-ether", IX_EN10MB);
	rc |= oddities(argv[1]);
	for (int k = WRAP_VLAN; k < WRAP_COUNT; k++)
		rc |= wrapped(argv[1], (enum wrap_kind)k);
	return rc != 0 ? 1 : 0;
}
