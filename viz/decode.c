#include "decode.h"

#include <string.h>

#include "linktype.h"

#define IPV4_MIN_HDR 20
#define IPV6_HDR 40
#define TCP_MIN_HDR 20
#define IPPROTO_VAL_TCP 6

/* IPv6 extension headers we step over (RFC 8200, 4; RFC 4302; RFC 6275). */
#define IP6_NXT_HOPOPTS 0
#define IP6_NXT_ROUTING 43
#define IP6_NXT_FRAGMENT 44
#define IP6_NXT_AH 51
#define IP6_NXT_DSTOPTS 60
#define IP6_NXT_MOBILITY 135

/* TCP option kinds (IANA "TCP Option Kind Numbers"). */
#define TCPOPT_VAL_EOL 0
#define TCPOPT_VAL_NOP 1
#define TCPOPT_VAL_MSS 2
#define TCPOPT_VAL_WSCALE 3
#define TCPOPT_VAL_SACK_PERMITTED 4
#define TCPOPT_VAL_SACK 5
#define TCPOPT_VAL_TIMESTAMP 8

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static size_t
min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/*
 * Reads the options between the fixed header and the data offset. A bad
 * option length stops the walk and marks the options malformed; the
 * segment itself is still worth showing.
 */
static void
decode_tcp_options(const uint8_t *opt, size_t len, struct tcp_options *o)
{
	size_t i = 0;

	while (i < len) {
		uint8_t kind = opt[i];
		uint8_t olen;

		if (kind == TCPOPT_VAL_EOL)
			break;
		if (kind == TCPOPT_VAL_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || opt[i + 1] > len - i) {
			o->malformed = 1;
			break;
		}
		olen = opt[i + 1];
		switch (kind) {
		case TCPOPT_VAL_MSS:
			if (olen != 4)
				goto bad;
			o->has_mss = 1;
			o->mss = get_be16(opt + i + 2);
			break;
		case TCPOPT_VAL_WSCALE:
			if (olen != 3)
				goto bad;
			o->has_wscale = 1;
			o->wscale = opt[i + 2];
			break;
		case TCPOPT_VAL_SACK_PERMITTED:
			if (olen != 2)
				goto bad;
			o->sack_permitted = 1;
			break;
		case TCPOPT_VAL_SACK:
			if ((olen - 2) % 8 != 0 || olen < 10)
				goto bad;
			o->sack_blocks = (uint8_t)((olen - 2) / 8);
			break;
		case TCPOPT_VAL_TIMESTAMP:
			if (olen != 10)
				goto bad;
			o->has_timestamps = 1;
			o->ts_val = get_be32(opt + i + 2);
			o->ts_ecr = get_be32(opt + i + 6);
			break;
		default:
			break;	/* options we do not show */
		}
		i += olen;
	}
	return;
bad:
	o->malformed = 1;
}

/*
 * p holds avail captured bytes of a TCP segment that is seglen bytes long
 * according to the IP header (avail <= seglen).
 */
static int
decode_tcp(const uint8_t *p, size_t avail, size_t seglen,
    struct tcp_segment *seg)
{
	size_t doff;

	if (seglen < TCP_MIN_HDR)
		return DECODE_MALFORMED;
	if (avail < TCP_MIN_HDR)
		return DECODE_TRUNCATED;
	doff = (size_t)(p[12] >> 4) * 4;
	if (doff < TCP_MIN_HDR || doff > seglen)
		return DECODE_MALFORMED;
	if (doff > avail)
		return DECODE_TRUNCATED;

	seg->src.port = get_be16(p);
	seg->dst.port = get_be16(p + 2);
	seg->seq = get_be32(p + 4);
	seg->ack = get_be32(p + 8);
	seg->flags = p[13];
	seg->window = get_be16(p + 14);
	seg->hdr_len = (uint8_t)doff;
	seg->checksum = get_be16(p + 16);
	seg->urgent = get_be16(p + 18);
	memset(&seg->opt, 0, sizeof(seg->opt));
	decode_tcp_options(p + TCP_MIN_HDR, doff - TCP_MIN_HDR, &seg->opt);
	seg->payload_len = (uint32_t)(seglen - doff);
	seg->payload = p + doff;
	seg->payload_caplen = (uint32_t)(avail - doff);
	return DECODE_OK;
}

static int
decode_ipv4(const uint8_t *p, size_t caplen, size_t wirelen,
    struct tcp_segment *seg)
{
	size_t ihl, total;

	if (caplen < IPV4_MIN_HDR)
		return DECODE_TRUNCATED;
	if (p[0] >> 4 != 4)
		return DECODE_MALFORMED;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	total = get_be16(p + 2);
	/* Segmentation offload hands us IPv4 packets with total length 0. */
	if (total == 0)
		total = wirelen;
	if (ihl < IPV4_MIN_HDR || total < ihl)
		return DECODE_MALFORMED;
	if (ihl > caplen)
		return DECODE_TRUNCATED;
	if (p[9] != IPPROTO_VAL_TCP)
		return DECODE_NOT_TCP;
	/* Only the first fragment (offset 0) carries the TCP header. */
	if ((get_be16(p + 6) & 0x1fff) != 0)
		return DECODE_FRAGMENT;

	memset(&seg->src, 0, sizeof(seg->src));
	memset(&seg->dst, 0, sizeof(seg->dst));
	seg->src.family = seg->dst.family = 4;
	memcpy(seg->src.addr, p + 12, 4);
	memcpy(seg->dst.addr, p + 16, 4);
	/* Ethernet pads short frames: the IP length, not caplen, ends it. */
	return decode_tcp(p + ihl, min_size(caplen, total) - ihl, total - ihl,
	    seg);
}

/*
 * Walks the IPv6 extension headers from *off until a header that is not
 * one (RFC 8200, 4). Each step moves at least 8 bytes and stays below end,
 * so the loop ends. Returns DECODE_OK with *next and *off at the upper
 * layer, or an error.
 */
static int
skip_ipv6_extensions(const uint8_t *p, size_t caplen, size_t end,
    uint8_t *next, size_t *off)
{
	for (;;) {
		size_t hlen;

		switch (*next) {
		case IP6_NXT_HOPOPTS:
		case IP6_NXT_ROUTING:
		case IP6_NXT_DSTOPTS:
		case IP6_NXT_MOBILITY:
		case IP6_NXT_FRAGMENT:
		case IP6_NXT_AH:
			break;
		default:
			return DECODE_OK;
		}
		if (*off + 8 > end)
			return DECODE_MALFORMED;
		if (*off + 8 > caplen)
			return DECODE_TRUNCATED;
		if (*next == IP6_NXT_FRAGMENT) {
			/* Later fragments have no TCP header to show. */
			if ((get_be16(p + *off + 2) & 0xfff8) != 0)
				return DECODE_FRAGMENT;
			hlen = 8;
		} else if (*next == IP6_NXT_AH) {
			hlen = ((size_t)p[*off + 1] + 2) * 4;	/* RFC 4302, 2.2 */
		} else {
			hlen = ((size_t)p[*off + 1] + 1) * 8;
		}
		if (*off + hlen > end)
			return DECODE_MALFORMED;
		*next = p[*off];
		*off += hlen;
	}
}

static int
decode_ipv6(const uint8_t *p, size_t caplen, size_t wirelen,
    struct tcp_segment *seg)
{
	size_t end, off = IPV6_HDR;
	uint8_t next;
	int rc;

	if (caplen < IPV6_HDR)
		return DECODE_TRUNCATED;
	if (p[0] >> 4 != 6)
		return DECODE_MALFORMED;
	end = IPV6_HDR + (size_t)get_be16(p + 4);
	/* Payload length 0: a jumbogram or offload; the frame says how long. */
	if (end == IPV6_HDR && wirelen > IPV6_HDR)
		end = wirelen;
	next = p[6];
	rc = skip_ipv6_extensions(p, caplen, end, &next, &off);
	if (rc != DECODE_OK)
		return rc;
	if (next != IPPROTO_VAL_TCP)
		return DECODE_NOT_TCP;

	memset(&seg->src, 0, sizeof(seg->src));
	memset(&seg->dst, 0, sizeof(seg->dst));
	seg->src.family = seg->dst.family = 6;
	memcpy(seg->src.addr, p + 8, 16);
	memcpy(seg->dst.addr, p + 24, 16);
	if (off > caplen)
		return DECODE_TRUNCATED;
	return decode_tcp(p + off, min_size(caplen, end) - off, end - off, seg);
}

int
decode_ip(const uint8_t *pkt, size_t caplen, size_t wirelen,
    struct tcp_segment *seg)
{
	if (caplen < 1)
		return DECODE_TRUNCATED;
	if (wirelen < caplen)
		wirelen = caplen;
	switch (pkt[0] >> 4) {
	case 4:
		return decode_ipv4(pkt, caplen, wirelen, seg);
	case 6:
		return decode_ipv6(pkt, caplen, wirelen, seg);
	default:
		return DECODE_MALFORMED;
	}
}

int
decode_frame(int dlt, const uint8_t *frame, size_t caplen, size_t wirelen,
    struct tcp_segment *seg)
{
	enum link_proto proto;
	size_t off;
	int rc;

	rc = link_strip(dlt, frame, caplen, &off, &proto);
	if (rc == LINK_ERR_UNSUPPORTED)
		return DECODE_UNSUPPORTED_LINK;
	if (rc != LINK_OK)
		return DECODE_TRUNCATED;
	if (proto == LINK_PROTO_OTHER)
		return DECODE_NOT_IP;
	if (off >= caplen)
		return DECODE_TRUNCATED;
	/* The link header told us the version; the packet must agree. */
	if ((proto == LINK_PROTO_IPV4 && frame[off] >> 4 != 4) ||
	    (proto == LINK_PROTO_IPV6 && frame[off] >> 4 != 6))
		return DECODE_MALFORMED;
	return decode_ip(frame + off, caplen - off,
	    wirelen > off ? wirelen - off : 0, seg);
}

const char *
decode_strerror(int status)
{
	switch (status) {
	case DECODE_OK:
		return "ok";
	case DECODE_NOT_IP:
		return "not IP";
	case DECODE_NOT_TCP:
		return "not TCP";
	case DECODE_FRAGMENT:
		return "IP fragment without TCP header";
	case DECODE_TRUNCATED:
		return "truncated header";
	case DECODE_MALFORMED:
		return "malformed header";
	case DECODE_UNSUPPORTED_LINK:
		return "unsupported link type";
	default:
		return "unknown decode status";
	}
}
