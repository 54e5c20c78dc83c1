/* Decoding: link layers, IPv4/IPv6, TCP options, and hostile lengths. */
#include <criterion/criterion.h>
#include <string.h>

#include "decode.h"
#include "linktype.h"
#include "pkt.h"

#define T_TIMEOUT 10.0

static struct pkt_tcp
syn4(void)
{
	struct pkt_tcp t = {
		.family = 4, .src = "127.0.0.1", .dst = "127.0.0.1",
		.sport = 50412, .dport = 8080, .seq = 1000, .flags = TCP_FLAG_SYN,
		.window = 65495, .opts = pkt_syn_opts,
		.optlen = sizeof(pkt_syn_opts),
	};

	return t;
}

static struct pkt_tcp
data6(void)
{
	static const char hello[] = "hello";
	struct pkt_tcp t = {
		.family = 6, .src = "::1", .dst = "::1", .sport = 40000,
		.dport = 443, .seq = 7, .ack = 9,
		.flags = TCP_FLAG_PSH | TCP_FLAG_ACK, .window = 512,
		.opts = pkt_ts_opts, .optlen = sizeof(pkt_ts_opts),
		.payload = hello, .len = 5,
	};

	return t;
}

Test(decode, ipv4_syn_on_ethernet, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = syn4();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n = pkt_build_frame(PKT_DLT_EN10MB, buf, sizeof(buf), &t);
	static const uint8_t lo[4] = { 127, 0, 0, 1 };

	cr_assert_gt(n, 0);
	cr_assert_eq(decode_frame(PKT_DLT_EN10MB, buf, n, n, &s), DECODE_OK);
	cr_expect_eq(s.src.family, 4);
	cr_expect_eq(memcmp(s.src.addr, lo, 4), 0);
	cr_expect_eq(s.src.port, 50412);
	cr_expect_eq(s.dst.port, 8080);
	cr_expect_eq(s.seq, 1000);
	cr_expect_eq(s.flags, TCP_FLAG_SYN);
	cr_expect_eq(s.window, 65495);
	cr_expect_eq(s.payload_len, 0);
	cr_expect(s.opt.has_mss);
	cr_expect_eq(s.opt.mss, 65495);
	cr_expect(s.opt.has_wscale);
	cr_expect_eq(s.opt.wscale, 7);
	cr_expect(s.opt.sack_permitted);
	cr_expect(s.opt.has_timestamps);
	cr_expect_eq(s.opt.ts_val, 1);
	cr_expect(!s.opt.malformed);
}

Test(decode, ipv6_data_with_payload, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = data6();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n = pkt_build_frame(PKT_DLT_EN10MB, buf, sizeof(buf), &t);

	cr_assert_eq(decode_frame(PKT_DLT_EN10MB, buf, n, n, &s), DECODE_OK);
	cr_expect_eq(s.src.family, 6);
	cr_expect_eq(s.src.addr[15], 1);
	cr_expect_eq(s.payload_len, 5);
	cr_expect_eq(s.payload_caplen, 5);
	cr_expect_eq(memcmp(s.payload, "hello", 5), 0);
	cr_expect(s.opt.has_timestamps);
	cr_expect(!s.opt.has_mss);
}

/* Every link type tcpviz claims to read, with IPv4 and IPv6 inside. */
Test(decode, every_link_type, .timeout = T_TIMEOUT)
{
	static const int dlts[] = {
		PKT_DLT_NULL, PKT_DLT_EN10MB, PKT_DLT_RAW, PKT_DLT_LOOP,
		PKT_DLT_LINUX_SLL, PKT_DLT_LINUX_SLL2, 14, 101,
	};
	size_t i;
	int fam;

	for (i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		for (fam = 4; fam <= 6; fam += 2) {
			struct pkt_tcp t = fam == 4 ? syn4() : data6();
			int build = dlts[i] == 14 || dlts[i] == 101 ?
			    PKT_DLT_RAW : dlts[i];
			uint8_t buf[256];
			struct tcp_segment s;
			size_t n = pkt_build_frame(build, buf, sizeof(buf), &t);

			cr_assert_gt(n, 0);
			cr_expect(link_supported(dlts[i]));
			cr_expect_eq(decode_frame(dlts[i], buf, n, n, &s),
			    DECODE_OK, "link type %d, IPv%d: %s", dlts[i], fam,
			    decode_strerror(decode_frame(dlts[i], buf, n, n,
			    &s)));
			cr_expect_eq(s.src.family, fam);
		}
	}
	/* DLT_IPV4 and DLT_IPV6 carry one version each. */
	{
		struct pkt_tcp t4 = syn4(), t6 = data6();
		uint8_t buf[256];
		struct tcp_segment s;
		size_t n = pkt_build_ip(buf, sizeof(buf), &t4);

		cr_expect_eq(decode_frame(PKT_DLT_IPV4, buf, n, n, &s),
		    DECODE_OK);
		cr_expect_eq(decode_frame(PKT_DLT_IPV6, buf, n, n, &s),
		    DECODE_MALFORMED);
		n = pkt_build_ip(buf, sizeof(buf), &t6);
		cr_expect_eq(decode_frame(PKT_DLT_IPV6, buf, n, n, &s),
		    DECODE_OK);
	}
}

/* BSD loopback: IPv6's family is 24, 28 or 30 by OS, in either order. */
Test(decode, bsd_loopback_families, .timeout = T_TIMEOUT)
{
	static const uint32_t v6fam[] = { 24, 28, 30, 10 };
	size_t i;
	int swap;

	for (i = 0; i < sizeof(v6fam) / sizeof(v6fam[0]); i++) {
		for (swap = 0; swap <= 1; swap++) {
			struct pkt_tcp t = data6();
			uint8_t buf[256];
			struct tcp_segment s;
			size_t n;

			t.null_family = v6fam[i];
			t.null_swap = swap;
			n = pkt_build_frame(PKT_DLT_NULL, buf, sizeof(buf), &t);
			cr_expect_eq(decode_frame(PKT_DLT_NULL, buf, n, n, &s),
			    DECODE_OK, "family %u swapped %d", v6fam[i], swap);
			cr_expect_eq(s.src.family, 6);
		}
	}
	{
		struct pkt_tcp t = syn4();
		uint8_t buf[256];
		struct tcp_segment s;
		size_t n;

		t.null_family = 17;	/* not an IP family */
		n = pkt_build_frame(PKT_DLT_LOOP, buf, sizeof(buf), &t);
		cr_expect_eq(decode_frame(PKT_DLT_LOOP, buf, n, n, &s),
		    DECODE_NOT_IP);
	}
}

Test(decode, unsupported_link_type_is_named, .timeout = T_TIMEOUT)
{
	uint8_t buf[64] = { 0 };
	struct tcp_segment s;
	char name[32];

	cr_expect(!link_supported(PKT_DLT_USER0));
	cr_expect_eq(decode_frame(PKT_DLT_USER0, buf, sizeof(buf), sizeof(buf),
	    &s), DECODE_UNSUPPORTED_LINK);
	cr_expect_str_eq(link_name(PKT_DLT_USER0, name, sizeof(name)),
	    "DLT 147");
	cr_expect_str_eq(link_name(PKT_DLT_LINUX_SLL2, name, sizeof(name)),
	    "LINUX_SLL2");
}

Test(decode, ipv6_extension_headers_skipped, .timeout = T_TIMEOUT)
{
	int ext;

	for (ext = 1; ext <= 4; ext++) {
		struct pkt_tcp t = data6();
		uint8_t buf[256];
		struct tcp_segment s;
		size_t n;

		t.ip6_ext = ext;
		n = pkt_build_frame(PKT_DLT_RAW, buf, sizeof(buf), &t);
		cr_assert_gt(n, 0);
		cr_expect_eq(decode_frame(PKT_DLT_RAW, buf, n, n, &s), DECODE_OK,
		    "%d extension headers", ext);
		cr_expect_eq(s.src.port, 40000);
		cr_expect_eq(s.payload_len, 5);
		cr_expect_eq(memcmp(s.payload, "hello", 5), 0);
	}
}

Test(decode, ip_fragments, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = syn4();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n = pkt_build_ip(buf, sizeof(buf), &t);

	buf[7] = 8;	/* fragment offset 64 bytes */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_FRAGMENT);

	/* IPv6: a fragment header with a non-zero offset. */
	t = data6();
	t.ip6_ext = 1;
	n = pkt_build_ip(buf, sizeof(buf), &t);
	buf[6] = 44;			/* next header: fragment */
	memset(buf + 40, 0, 8);
	buf[40] = 6;
	buf[43] = 0x10;			/* offset 2 (x 8 bytes) */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_FRAGMENT);
	buf[43] = 0x01;			/* offset 0, more fragments */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_OK);
}

Test(decode, not_ip_and_not_tcp, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = syn4();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n = pkt_build_frame(PKT_DLT_EN10MB, buf, sizeof(buf), &t);

	buf[23] = 17;	/* UDP */
	cr_expect_eq(decode_frame(PKT_DLT_EN10MB, buf, n, n, &s),
	    DECODE_NOT_TCP);
	buf[12] = 0x08;	/* ARP */
	buf[13] = 0x06;
	cr_expect_eq(decode_frame(PKT_DLT_EN10MB, buf, n, n, &s),
	    DECODE_NOT_IP);
}

Test(decode, vlan_tag_and_ethernet_padding, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = syn4();
	uint8_t buf[256], tagged[256];
	struct tcp_segment s;
	size_t n;

	t.optlen = 0;
	n = pkt_build_frame(PKT_DLT_EN10MB, buf, sizeof(buf), &t);
	/* Insert an 802.1Q tag after the MACs; pad to Ethernet's 60 bytes. */
	memcpy(tagged, buf, 12);
	tagged[12] = 0x81;
	tagged[13] = 0x00;
	tagged[14] = 0x00;
	tagged[15] = 0x05;
	memcpy(tagged + 16, buf + 12, n - 12);
	memset(tagged + n + 4, 0xee, 10);
	n += 4 + 10;
	cr_assert_eq(decode_frame(PKT_DLT_EN10MB, tagged, n, n, &s), DECODE_OK);
	cr_expect_eq(s.payload_len, 0, "padding is not payload");
	cr_expect_eq(s.dst.port, 8080);
}

/*
 * Cutting a frame anywhere inside its headers gives TRUNCATED, or, once
 * the fixed TCP header is there, the segment marked truncated, with len
 * from the IP length; never a read past caplen (ASan watches: the copy is
 * exactly caplen bytes).
 */
Test(decode, every_truncation, .timeout = T_TIMEOUT)
{
	static const int dlts[] = {
		PKT_DLT_EN10MB, PKT_DLT_NULL, PKT_DLT_LINUX_SLL,
		PKT_DLT_LINUX_SLL2, PKT_DLT_RAW,
	};
	size_t i, cut;
	int fam;

	for (i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		for (fam = 4; fam <= 6; fam += 2) {
			struct pkt_tcp t = fam == 4 ? syn4() : data6();
			uint8_t buf[256];
			size_t n, hdrs, fixed;

			t.ip6_ext = fam == 6 ? 2 : 0;
			n = pkt_build_frame(dlts[i], buf, sizeof(buf), &t);
			hdrs = n - t.len;
			/* Where the fixed 20 bytes of TCP end. */
			fixed = hdrs - (t.optlen + 3) / 4 * 4;
			for (cut = 0; cut <= n; cut++) {
				uint8_t *copy = malloc(cut > 0 ? cut : 1);
				struct tcp_segment s;
				int rc;

				memcpy(copy, buf, cut);
				rc = decode_frame(dlts[i], copy, cut, n, &s);
				if (cut < fixed) {
					cr_expect_eq(rc, DECODE_TRUNCATED,
					    "dlt %d IPv%d cut at %zu of %zu: %s",
					    dlts[i], fam, cut, n,
					    decode_strerror(rc));
				} else if (cut < hdrs) {
					cr_expect_eq(rc, DECODE_OK);
					cr_expect(s.truncated);
					cr_expect(!s.opt.malformed,
					    "a cut is no bad option");
					cr_expect_eq(s.payload_len, t.len);
					cr_expect_eq(s.payload_caplen, 0);
				} else {
					cr_expect_eq(rc, DECODE_OK);
					cr_expect_eq(s.payload_len, t.len);
					cr_expect_eq(s.payload_caplen, cut - hdrs);
				}
				free(copy);
			}
		}
	}
}

Test(decode, impossible_lengths, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = syn4();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n = pkt_build_ip(buf, sizeof(buf), &t);
	uint8_t save;

	buf[0] = 0x44;	/* IHL 16 bytes */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
	buf[0] = 0x45;
	save = buf[3];
	buf[2] = 0;
	buf[3] = 19;	/* total length shorter than the header */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
	buf[3] = 30;	/* room for only 10 bytes of TCP */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
	buf[3] = save;
	buf[32] = 0x40;	/* TCP data offset 16 bytes */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
	buf[32] = 0xf0;	/* data offset 60 bytes: past the segment */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
	buf[0] = 0x75;	/* IP version 7 */
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_MALFORMED);
}

Test(decode, bad_option_lengths_are_flagged, .timeout = T_TIMEOUT)
{
	static const uint8_t zero_len[4] = { 3, 0, 7, 0 };
	static const uint8_t past_end[4] = { 8, 10, 0, 0 };
	static const uint8_t bad_mss[4] = { 2, 3, 1, 1 };
	static const uint8_t sack_two[20] = { 1, 1, 5, 18 };
	const uint8_t *cases[] = { zero_len, past_end, bad_mss };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct pkt_tcp t = syn4();
		uint8_t buf[256];
		struct tcp_segment s;
		size_t n;

		t.opts = cases[i];
		t.optlen = 4;
		n = pkt_build_ip(buf, sizeof(buf), &t);
		cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_OK);
		cr_expect(s.opt.malformed, "case %zu", i);
	}
	{
		struct pkt_tcp t = syn4();
		uint8_t buf[256];
		struct tcp_segment s;
		size_t n;

		t.opts = sack_two;
		t.optlen = sizeof(sack_two);
		n = pkt_build_ip(buf, sizeof(buf), &t);
		cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_OK);
		cr_expect(!s.opt.malformed);
		cr_expect_eq(s.opt.sack_blocks, 2);
	}
}

/* Offload: an IPv4 total length of 0 means "as long as the frame". */
Test(decode, zero_total_length_uses_wire_length, .timeout = T_TIMEOUT)
{
	struct pkt_tcp t = data6();
	uint8_t buf[256];
	struct tcp_segment s;
	size_t n;

	t.family = 4;
	t.src = t.dst = "10.0.0.1";
	n = pkt_build_ip(buf, sizeof(buf), &t);
	buf[2] = buf[3] = 0;
	cr_expect_eq(decode_ip(buf, n, n, &s), DECODE_OK);
	cr_expect_eq(s.payload_len, 5);
}
