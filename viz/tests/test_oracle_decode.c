/*
 * The decoders against tshark: frames as real networks carry them (VLAN
 * and QinQ tags, MPLS, PPPoE, GRE, VXLAN, Geneve, IP in IP, PPP and Cisco
 * HDLC links, IPv6 extension headers, a hop-by-hop jumbogram, headers cut
 * by a short snaplen), each in a short conversation. tshark and tcpviz
 * read the same capture file; every frame must give the same TCP segment
 * (ports, flags, relative seq and ack, len), or no segment in both.
 * Skipped, with a message, where tshark is not installed.
 */
#define _DEFAULT_SOURCE	/* pcap.h uses u_char */

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "decode.h"
#include "oracle.h"
#include "track.h"
#include "wrap.h"

#define T_TIMEOUT 60.0
#define FRAMES_MAX 256
#define SNAP 65535

/* One frame to write: its bytes, how many were captured, how long. */
struct frame {
	uint8_t data[2300];
	uint32_t caplen, len;
};

struct capfile {
	int dlt;
	struct frame f[FRAMES_MAX];
	size_t n;
};

/* What a frame decodes to, in the terms tshark prints. */
struct fields {
	int tcp;		/* a TCP segment was found */
	unsigned sport, dport, flags;
	unsigned long seq, ack, len;
};

static void
add(struct capfile *cf, enum wrap_kind kind, const struct pkt_tcp *t)
{
	struct frame *f = &cf->f[cf->n];
	size_t n = wrap_frame(kind, f->data, sizeof(f->data), t);

	cr_assert_gt(n, 0, "%s frame did not fit", wrap_name(kind));
	cr_assert_lt(cf->n, FRAMES_MAX);
	f->caplen = f->len = (uint32_t)n;
	cf->n++;
}

/*
 * A handshake, one data segment each way and their ACKs, wrapped as kind,
 * from client port cport.
 */
static void
conversation(struct capfile *cf, enum wrap_kind kind, int family,
    uint16_t cport)
{
	static const struct {
		int c;
		uint32_t seq, ack;
		uint8_t flags;
		size_t len;
	} step[] = {
		{ 1, 1000, 0, TCP_FLAG_SYN, 0 },
		{ 0, 9000, 1001, TCP_FLAG_SYN | TCP_FLAG_ACK, 0 },
		{ 1, 1001, 9001, TCP_FLAG_ACK, 0 },
		{ 1, 1001, 9001, TCP_FLAG_PSH | TCP_FLAG_ACK, 6 },
		{ 0, 9001, 1007, TCP_FLAG_PSH | TCP_FLAG_ACK, 3 },
		{ 1, 1007, 9004, TCP_FLAG_ACK, 0 },
	};

	for (size_t i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
		struct pkt_tcp t = {
			.family = family,
			.src = family == 4 ? (step[i].c ? "10.1.0.1" :
			    "10.1.0.2") : (step[i].c ? "fd00::1" : "fd00::2"),
			.dst = family == 4 ? (step[i].c ? "10.1.0.2" :
			    "10.1.0.1") : (step[i].c ? "fd00::2" : "fd00::1"),
			.sport = step[i].c ? cport : 80,
			.dport = step[i].c ? 80 : cport,
			.seq = step[i].seq, .ack = step[i].ack,
			.flags = step[i].flags, .window = 1024,
			.opts = step[i].flags & TCP_FLAG_SYN ? pkt_syn_opts :
			    pkt_ts_opts,
			.optlen = step[i].flags & TCP_FLAG_SYN ?
			    sizeof(pkt_syn_opts) : sizeof(pkt_ts_opts),
			.payload = "hello!", .len = step[i].len,
			/* Extension headers on IPv6 data: the filter's test. */
			.ip6_ext = family == 6 && step[i].len > 0 ? 2 : 0,
		};

		add(cf, kind, &t);
	}
}

/*
 * Segments the capture cut short, as `tcpdump -s 96` leaves them: inside
 * the TCP options of an IPv6 SYN behind extension headers, and inside
 * the payload; len still comes from the IP length.
 */
static void
short_snaplen(struct capfile *cf)
{
	size_t first = cf->n;

	conversation(cf, WRAP_PLAIN, 6, 41000);
	for (size_t i = first; i < cf->n; i++)
		if (cf->f[i].caplen > 96)
			cf->f[i].caplen = 96;
	/* IPv6 behind two extension headers: the SYN's options are cut. */
	first = cf->n;
	conversation(cf, WRAP_VLAN, 6, 41001);
	cf->f[first].caplen = 14 + 4 + 40 + 20 + 10;
}

/*
 * A jumbogram as Linux BIG TCP makes them (RFC 2675): IPv6 payload length
 * 0 and a hop-by-hop Jumbo Payload option with the real length, here
 * 70000 bytes of TCP payload of which the capture kept the headers.
 */
static void
jumbogram(struct capfile *cf)
{
	static const uint8_t payload[64];
	struct pkt_tcp t = {
		.family = 6, .src = "fd00::1", .dst = "fd00::2", .sport = 41002,
		.dport = 80, .seq = 5000, .ack = 7000,
		.flags = TCP_FLAG_ACK, .window = 1024, .opts = pkt_ts_opts,
		.optlen = sizeof(pkt_ts_opts), .payload = payload, .len = 64,
		.ip6_ext = 1,
	};
	struct frame *f;
	uint32_t jumbo = 8 + 32 + 70000;
	uint8_t *hbh;

	add(cf, WRAP_PLAIN, &t);
	f = &cf->f[cf->n - 1];
	/* Payload length 0; the option says 8 + 32 + 70000. */
	f->data[14 + 4] = 0;
	f->data[14 + 5] = 0;
	hbh = f->data + 14 + 40;
	hbh[2] = 0xc2;
	hbh[3] = 4;
	hbh[4] = (uint8_t)(jumbo >> 24);
	hbh[5] = (uint8_t)(jumbo >> 16);
	hbh[6] = (uint8_t)(jumbo >> 8);
	hbh[7] = (uint8_t)jumbo;
	f->len = 14 + 40 + jumbo;
}

static void
write_pcap(const struct capfile *cf, char *path)
{
	pcap_t *p = pcap_open_dead(cf->dlt, SNAP);
	pcap_dumper_t *d;
	int fd;

	cr_assert_not_null(p);
	strcpy(path, "/tmp/tcpviz-decode-XXXXXX");
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	close(fd);
	d = pcap_dump_open(p, path);
	cr_assert_not_null(d, "%s", pcap_geterr(p));
	for (size_t i = 0; i < cf->n; i++) {
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)(1000 + i);
		h.caplen = cf->f[i].caplen;
		h.len = cf->f[i].len;
		pcap_dump((u_char *)d, &h, cf->f[i].data);
	}
	pcap_dump_close(d);
	pcap_close(p);
}

struct reading {
	struct track_table *t;
	int dlt;
	struct fields *out;
	size_t n;
};

static void
on_frame(void *user, const struct raw_frame *f)
{
	struct reading *r = user;
	struct fields *o = &r->out[r->n++];
	const struct track_seg *s;
	const struct track_conn *c;

	memset(o, 0, sizeof(*o));
	if (track_add_frame(r->t, r->dlt, f, &s, &c) != DECODE_OK)
		return;
	o->tcp = 1;
	o->sport = s->seg.src.port;
	o->dport = s->seg.dst.port;
	o->flags = s->seg.flags;
	o->seq = s->rel_seq;
	o->ack = s->seg.flags & TCP_FLAG_ACK ? s->rel_ack : 0;
	o->len = s->seg.payload_len;
}

static void
read_with_tcpviz(const char *path, struct fields *out, size_t *n)
{
	struct capture_config cfg = { .file = path, .filter = "" };
	struct reading r = { .out = out };
	struct capture *cap;
	char err[256];

	cr_assert_eq(capture_open(&cap, &cfg, err, sizeof(err)), 0, "%s", err);
	r.dlt = capture_datalink(cap);
	r.t = track_new(NULL);
	cr_assert_not_null(r.t);
	while (r.n < FRAMES_MAX && capture_dispatch(cap, 1, on_frame, &r, err,
	    sizeof(err)) > 0)
		;
	track_free(r.t);
	capture_close(cap);
	*n = r.n;
}

static void
read_with_tshark(const char *path, struct fields *out, size_t *n)
{
	char cmd[512], line[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' -T fields "
	    "-E separator=, -E occurrence=f -e frame.number -e tcp.srcport "
	    "-e tcp.dstport -e tcp.flags -e tcp.seq -e tcp.ack -e tcp.len "
	    "2>/dev/null", path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	*n = 0;
	while (*n < FRAMES_MAX && fgets(line, sizeof(line), p) != NULL) {
		struct fields *o = &out[(*n)++];
		char *f[7], *save = NULL, *tok;
		int k = 0;

		memset(o, 0, sizeof(*o));
		/* strsep keeps empty fields, which strtok would skip. */
		line[strcspn(line, "\n")] = '\0';
		save = line;
		while (k < 7 && (tok = strsep(&save, ",")) != NULL)
			f[k++] = tok;
		if (k < 7 || f[1][0] == '\0')
			continue;
		o->tcp = 1;
		o->sport = (unsigned)strtoul(f[1], NULL, 10);
		o->dport = (unsigned)strtoul(f[2], NULL, 10);
		o->flags = (unsigned)strtoul(f[3], NULL, 16) & 0xff;
		o->seq = strtoul(f[4], NULL, 10);
		o->ack = (o->flags & TCP_FLAG_ACK) ? strtoul(f[5], NULL, 10) :
		    0;
		o->len = strtoul(f[6], NULL, 10);
	}
	cr_assert_eq(pclose(p), 0, "tshark failed on %s", path);
}

static const char *
show(const struct fields *f, char *buf, size_t len)
{
	if (!f->tcp)
		snprintf(buf, len, "no TCP");
	else
		snprintf(buf, len, "%u>%u flags %#x seq %lu ack %lu len %lu",
		    f->sport, f->dport, f->flags, f->seq, f->ack, f->len);
	return buf;
}

/* Compares both readings of cf; returns the TCP segments tshark saw. */
static size_t
expect_same(const struct capfile *cf, const char *what)
{
	static struct fields ours[FRAMES_MAX], theirs[FRAMES_MAX];
	char path[64], a[128], b[128];
	size_t n_ours, n_theirs, segs = 0, bad = 0;

	write_pcap(cf, path);
	read_with_tcpviz(path, ours, &n_ours);
	read_with_tshark(path, theirs, &n_theirs);
	cr_assert_eq(n_ours, cf->n);
	cr_assert_eq(n_theirs, cf->n, "tshark read %zu of %zu frames",
	    n_theirs, cf->n);
	for (size_t i = 0; i < cf->n; i++) {
		segs += theirs[i].tcp;
		if (memcmp(&ours[i], &theirs[i], sizeof(ours[i])) == 0)
			continue;
		bad++;
		cr_log_error("%s frame %zu: tshark %s, tcpviz %s", what, i + 1,
		    show(&theirs[i], a, sizeof(a)), show(&ours[i], b,
		    sizeof(b)));
	}
	cr_expect_eq(bad, 0, "%s: %zu of %zu frames decode differently from "
	    "tshark (capture kept in %s)", what, bad, cf->n, path);
	if (bad == 0)
		unlink(path);
	return segs;
}

Test(oracle_decode, encapsulations_match_tshark, .timeout = T_TIMEOUT)
{
	static struct capfile eth, other;
	uint16_t port = 40000;
	size_t segs;

	oracle_require_tshark();
	memset(&eth, 0, sizeof(eth));
	eth.dlt = PKT_DLT_EN10MB;
	for (int k = 0; k < WRAP_COUNT; k++)
		for (int fam = 4; fam <= 6; fam += 2)
			if (wrap_dlt((enum wrap_kind)k) == PKT_DLT_EN10MB)
				conversation(&eth, (enum wrap_kind)k, fam,
				    port++);
	short_snaplen(&eth);
	jumbogram(&eth);
	segs = expect_same(&eth, "Ethernet");
	cr_expect_eq(segs, eth.n, "tshark found TCP in %zu of %zu frames",
	    segs, eth.n);
	for (int k = 0; k < WRAP_COUNT; k++) {
		if (wrap_dlt((enum wrap_kind)k) == PKT_DLT_EN10MB)
			continue;
		memset(&other, 0, sizeof(other));
		other.dlt = wrap_dlt((enum wrap_kind)k);
		conversation(&other, (enum wrap_kind)k, 4, port++);
		conversation(&other, (enum wrap_kind)k, 6, port++);
		segs = expect_same(&other, wrap_name((enum wrap_kind)k));
		cr_expect_eq(segs, other.n, "%s: tshark found TCP in %zu of "
		    "%zu frames", wrap_name((enum wrap_kind)k), segs, other.n);
	}
}

static void
count_frame(void *user, const struct raw_frame *f)
{
	(void)f;
	++*(size_t *)user;
}

/* Frames of path that pass the default filter. */
static size_t
passed_by_default(const char *path, char *filter, size_t len)
{
	struct capture_config cfg = { .file = path };
	struct capture *cap;
	char err[256];
	size_t n = 0;

	cr_assert_eq(capture_open(&cap, &cfg, err, sizeof(err)), 0, "%s", err);
	snprintf(filter, len, "%s", capture_filter(cap));
	while (capture_dispatch(cap, 0, count_frame, &n, err, sizeof(err)) > 0)
		;
	capture_close(cap);
	return n;
}

/*
 * The default filter lets through every TCP segment above, tagged,
 * tunnelled or behind extension headers, on every link type, and still
 * keeps out what is not TCP (a DNS query).
 */
Test(oracle_decode, default_filter_keeps_every_segment, .timeout = T_TIMEOUT)
{
	static struct capfile cf;
	char path[64], filter[1024];
	uint16_t port = 42000;
	uint8_t *dns;

	for (int k = 0; k < WRAP_COUNT; k++) {
		memset(&cf, 0, sizeof(cf));
		cf.dlt = wrap_dlt((enum wrap_kind)k);
		conversation(&cf, (enum wrap_kind)k, 4, port++);
		conversation(&cf, (enum wrap_kind)k, 6, port++);
		if (k == WRAP_PLAIN)
			jumbogram(&cf);
		write_pcap(&cf, path);
		cr_expect_eq(passed_by_default(path, filter, sizeof(filter)),
		    cf.n, "%s: the default filter \"%s\" dropped TCP",
		    wrap_name((enum wrap_kind)k), filter);
		unlink(path);
	}
	/* A DNS query over UDP on Ethernet: the filter's business to drop. */
	memset(&cf, 0, sizeof(cf));
	cf.dlt = PKT_DLT_EN10MB;
	cf.n = 1;
	dns = cf.f[0].data;
	dns[12] = 0x08;			/* IPv4 */
	dns[14] = 0x45;
	dns[17] = 20 + 8 + 12;		/* total length */
	dns[22] = 64;
	dns[23] = 17;			/* UDP */
	dns[14 + 20 + 3] = 53;		/* to port 53 */
	dns[14 + 20 + 5] = 8 + 12;
	cf.f[0].caplen = cf.f[0].len = 14 + 20 + 8 + 12;
	write_pcap(&cf, path);
	cr_expect_eq(passed_by_default(path, filter, sizeof(filter)), 0,
	    "a DNS query passed \"%s\"", filter);
	unlink(path);
}
