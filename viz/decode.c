#include "decode.h"

#include <string.h>

#include "linktype.h"

#define IPV4_MIN_HDR 20
#define IPV6_HDR 40
#define TCP_MIN_HDR 20
#define UDP_HDR 8
#define GRE_MIN_HDR 4
#define VXLAN_HDR 8
#define GENEVE_MIN_HDR 8
#define MPLS_LABEL 4
/* Labels read before giving up on finding the bottom of the stack. */
#define MPLS_LABELS_MAX 8

/* IP protocol numbers (IANA "Assigned Internet Protocol Numbers"). */
#define IPPROTO_VAL_IPIP 4
#define IPPROTO_VAL_TCP 6
#define IPPROTO_VAL_UDP 17
#define IPPROTO_VAL_IPV6 41
#define IPPROTO_VAL_GRE 47
#define IPPROTO_VAL_MPLS 137	/* MPLS in IP (RFC 4023) */

/* UDP ports of tunnels tshark decodes by default (IANA). */
#define PORT_VXLAN 4789		/* RFC 7348 */
#define PORT_VXLAN_GPE 4790	/* draft-ietf-nvo3-vxlan-gpe */
#define PORT_GENEVE 6081	/* RFC 8926 */

/* GRE flag bits (RFC 2784, RFC 2890; routing from RFC 1701). */
#define GRE_CSUM 0x8000
#define GRE_ROUTING 0x4000
#define GRE_KEY 0x2000
#define GRE_SEQ 0x1000
#define GRE_VERSION 0x0007

/* The hop-by-hop option that carries a jumbogram's length (RFC 2675). */
#define IP6OPT_VAL_JUMBO 0xc2

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
 * segment itself is still worth showing. When the capture cut the header
 * (cut), an option running past len is where the capture ended, not an
 * error.
 */
static void
decode_tcp_options(const uint8_t *opt, size_t len, int cut,
    struct tcp_options *o)
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
		if (cut && (i + 1 >= len || opt[i + 1] > len - i))
			break;
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
 * according to the IP header (avail <= seglen). A header cut by the
 * snapshot length still gives its fixed part (truncated).
 */
static int
decode_tcp(const uint8_t *p, size_t avail, size_t seglen,
    struct tcp_segment *seg)
{
	size_t doff, have;

	if (seglen < TCP_MIN_HDR)
		return DECODE_MALFORMED;
	if (avail < TCP_MIN_HDR)
		return DECODE_TRUNCATED;
	doff = (size_t)(p[12] >> 4) * 4;
	if (doff < TCP_MIN_HDR || doff > seglen)
		return DECODE_MALFORMED;
	have = min_size(doff, avail);

	seg->src.port = get_be16(p);
	seg->dst.port = get_be16(p + 2);
	seg->seq = get_be32(p + 4);
	seg->ack = get_be32(p + 8);
	seg->flags = p[13];
	seg->window = get_be16(p + 14);
	seg->hdr_len = (uint8_t)doff;
	seg->checksum = get_be16(p + 16);
	seg->urgent = get_be16(p + 18);
	seg->truncated = have < doff;
	memset(&seg->opt, 0, sizeof(seg->opt));
	decode_tcp_options(p + TCP_MIN_HDR, have - TCP_MIN_HDR, seg->truncated,
	    &seg->opt);
	seg->payload_len = (uint32_t)(seglen - doff);
	seg->payload = p + have;
	seg->payload_caplen = (uint32_t)(avail - have);
	return DECODE_OK;
}

static int decode_inner(enum link_proto proto, const uint8_t *p,
    size_t caplen, size_t wirelen, struct tcp_segment *seg, int depth);

/*
 * GRE (RFC 2784, with RFC 2890's key and sequence number): a 4-byte
 * header, the optional fields its flags announce, then a packet of the
 * Ethernet type it names. Version 1 (PPTP) and source routing are not
 * followed.
 */
static int
decode_gre(const uint8_t *p, size_t avail, size_t len,
    struct tcp_segment *seg, int depth)
{
	uint16_t flags;
	size_t hl = GRE_MIN_HDR;

	if (len < GRE_MIN_HDR)
		return DECODE_MALFORMED;
	if (avail < GRE_MIN_HDR)
		return DECODE_TRUNCATED;
	flags = get_be16(p);
	if ((flags & GRE_VERSION) != 0 || (flags & GRE_ROUTING))
		return DECODE_NOT_TCP;
	hl += (flags & GRE_CSUM) ? 4 : 0;
	hl += (flags & GRE_KEY) ? 4 : 0;
	hl += (flags & GRE_SEQ) ? 4 : 0;
	if (hl > len)
		return DECODE_MALFORMED;
	if (hl > avail)
		return DECODE_TRUNCATED;
	return decode_inner(link_proto_from_ethertype(get_be16(p + 2)), p + hl,
	    avail - hl, len - hl, seg, depth);
}

/*
 * UDP: only the tunnels on their registered ports, as tshark decodes them
 * by default: VXLAN (an Ethernet frame after 8 bytes), VXLAN-GPE (its
 * next-protocol byte says what follows) and Geneve (a protocol type and
 * options of the length it states).
 */
static int
decode_udp(const uint8_t *p, size_t avail, size_t len,
    struct tcp_segment *seg, int depth)
{
	static const enum link_proto gpe_next[] = { LINK_PROTO_OTHER,
		LINK_PROTO_IPV4, LINK_PROTO_IPV6, LINK_PROTO_ETHER, LINK_PROTO_OTHER,
		LINK_PROTO_MPLS };
	uint16_t sport, dport;
	enum link_proto proto;
	size_t hl;

	if (len < UDP_HDR)
		return DECODE_MALFORMED;
	if (avail < UDP_HDR)
		return DECODE_TRUNCATED;
	sport = get_be16(p);
	dport = get_be16(p + 2);
	p += UDP_HDR;
	avail -= UDP_HDR;
	len -= UDP_HDR;
	if (avail < VXLAN_HDR)
		return len < VXLAN_HDR ? DECODE_NOT_TCP : DECODE_TRUNCATED;
	if (dport == PORT_VXLAN || sport == PORT_VXLAN) {
		hl = VXLAN_HDR;
		proto = LINK_PROTO_ETHER;
	} else if (dport == PORT_VXLAN_GPE || sport == PORT_VXLAN_GPE) {
		hl = VXLAN_HDR;
		proto = p[3] < sizeof(gpe_next) / sizeof(gpe_next[0]) ?
		    gpe_next[p[3]] : LINK_PROTO_OTHER;
	} else if (dport == PORT_GENEVE || sport == PORT_GENEVE) {
		hl = GENEVE_MIN_HDR + (size_t)(p[0] & 0x3f) * 4;
		proto = link_proto_from_ethertype(get_be16(p + 2));
	} else {
		return DECODE_NOT_TCP;
	}
	if (hl > len)
		return DECODE_MALFORMED;
	if (hl > avail)
		return DECODE_TRUNCATED;
	return decode_inner(proto, p + hl, avail - hl, len - hl, seg, depth);
}

/*
 * An MPLS label stack (RFC 3032): 4-byte labels until the one with the
 * bottom-of-stack bit; the packet under it says by its first nibble
 * whether it is IPv4 or IPv6 (RFC 4385's control word, 0, is not).
 */
static int
decode_mpls(const uint8_t *p, size_t avail, size_t len,
    struct tcp_segment *seg, int depth)
{
	size_t off = 0;
	int labels = 0;

	for (;;) {
		if (off + MPLS_LABEL > len)
			return DECODE_MALFORMED;
		if (off + MPLS_LABEL > avail)
			return DECODE_TRUNCATED;
		off += MPLS_LABEL;
		if (p[off - 2] & 1)
			break;
		if (++labels == MPLS_LABELS_MAX)
			return DECODE_NOT_IP;
	}
	if (off >= avail)
		return off >= len ? DECODE_MALFORMED : DECODE_TRUNCATED;
	switch (p[off] >> 4) {
	case 4:
		return decode_inner(LINK_PROTO_IPV4, p + off, avail - off,
		    len - off, seg, depth);
	case 6:
		return decode_inner(LINK_PROTO_IPV6, p + off, avail - off,
		    len - off, seg, depth);
	default:
		return DECODE_NOT_IP;
	}
}

/*
 * What comes after an IP header: TCP, or a tunnel whose inner packet is
 * decoded in turn. avail bytes are captured of len (from the IP lengths).
 */
static int
decode_upper(uint8_t proto, const uint8_t *p, size_t avail, size_t len,
    struct tcp_segment *seg, int depth)
{
	switch (proto) {
	case IPPROTO_VAL_TCP:
		return decode_tcp(p, avail, len, seg);
	case IPPROTO_VAL_IPIP:
		return decode_inner(LINK_PROTO_IPV4, p, avail, len, seg, depth);
	case IPPROTO_VAL_IPV6:
		return decode_inner(LINK_PROTO_IPV6, p, avail, len, seg, depth);
	case IPPROTO_VAL_GRE:
		return decode_gre(p, avail, len, seg, depth);
	case IPPROTO_VAL_UDP:
		return decode_udp(p, avail, len, seg, depth);
	case IPPROTO_VAL_MPLS:
		return decode_mpls(p, avail, len, seg, depth);
	default:
		return DECODE_NOT_TCP;
	}
}

static int
decode_ipv4(const uint8_t *p, size_t caplen, size_t wirelen,
    struct tcp_segment *seg, int depth)
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
	/* Only the first fragment (offset 0) carries the next header. */
	if ((get_be16(p + 6) & 0x1fff) != 0)
		return p[9] == IPPROTO_VAL_TCP ? DECODE_FRAGMENT : DECODE_NOT_TCP;

	memset(&seg->src, 0, sizeof(seg->src));
	memset(&seg->dst, 0, sizeof(seg->dst));
	seg->src.family = seg->dst.family = 4;
	memcpy(seg->src.addr, p + 12, 4);
	memcpy(seg->dst.addr, p + 16, 4);
	/* Ethernet pads short frames: the IP length, not caplen, ends it. */
	return decode_upper(p[9], p + ihl, min_size(caplen, total) - ihl,
	    total - ihl, seg, depth);
}

/*
 * The Jumbo Payload option in a hop-by-hop header at p (hlen bytes):
 * the packet's length after the IPv6 header (RFC 2675, 2), or 0.
 */
static size_t
jumbo_length(const uint8_t *p, size_t hlen)
{
	size_t i = 2;

	while (i < hlen) {
		if (p[i] == 0) {	/* Pad1 */
			i++;
			continue;
		}
		if (i + 2 > hlen || i + 2 + p[i + 1] > hlen)
			return 0;
		if (p[i] == IP6OPT_VAL_JUMBO && p[i + 1] == 4)
			return get_be32(p + i + 2);
		i += 2 + (size_t)p[i + 1];
	}
	return 0;
}

/*
 * Walks the IPv6 extension headers from *off until a header that is not
 * one (RFC 8200, 4). Each step moves at least 8 bytes and stays below end,
 * so the loop ends. A hop-by-hop Jumbo Payload option sets *end when the
 * payload length was 0 (jumbo). Returns DECODE_OK with *next and *off at
 * the upper layer, or an error.
 */
static int
skip_ipv6_extensions(const uint8_t *p, size_t caplen, size_t *end,
    int jumbo, uint8_t *next, size_t *off)
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
		if (*off + 8 > caplen)
			return *off + 8 > *end ? DECODE_MALFORMED :
			    DECODE_TRUNCATED;
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
		if (jumbo && *next == IP6_NXT_HOPOPTS && *off == IPV6_HDR &&
		    *off + hlen <= caplen) {
			size_t j = jumbo_length(p + *off, hlen);

			if (j > 0)
				*end = IPV6_HDR + j;
		}
		if (*off + hlen > *end)
			return DECODE_MALFORMED;
		*next = p[*off];
		*off += hlen;
	}
}

static int
decode_ipv6(const uint8_t *p, size_t caplen, size_t wirelen,
    struct tcp_segment *seg, int depth)
{
	size_t end, off = IPV6_HDR;
	uint8_t next;
	int rc, jumbo;

	if (caplen < IPV6_HDR)
		return DECODE_TRUNCATED;
	if (p[0] >> 4 != 6)
		return DECODE_MALFORMED;
	end = IPV6_HDR + (size_t)get_be16(p + 4);
	/*
	 * Payload length 0: a jumbogram (its hop-by-hop option has the
	 * length) or offload (the frame says how long).
	 */
	jumbo = end == IPV6_HDR;
	if (jumbo && wirelen > IPV6_HDR)
		end = wirelen;
	next = p[6];
	rc = skip_ipv6_extensions(p, caplen, &end, jumbo, &next, &off);
	if (rc != DECODE_OK)
		return rc;

	memset(&seg->src, 0, sizeof(seg->src));
	memset(&seg->dst, 0, sizeof(seg->dst));
	seg->src.family = seg->dst.family = 6;
	memcpy(seg->src.addr, p + 8, 16);
	memcpy(seg->dst.addr, p + 24, 16);
	if (off > caplen)
		return DECODE_TRUNCATED;
	return decode_upper(next, p + off, min_size(caplen, end) - off,
	    end - off, seg, depth);
}

/*
 * A packet of the given kind, inside depth tunnels so far: the one place
 * every layer (link, tunnel) hands over to the next.
 */
static int
decode_inner(enum link_proto proto, const uint8_t *p, size_t caplen,
    size_t wirelen, struct tcp_segment *seg, int depth)
{
	size_t off;
	int rc;

	if (depth > DECODE_TUNNELS_MAX)
		return DECODE_NOT_TCP;
	seg->tunnels = (uint8_t)depth;
	switch (proto) {
	case LINK_PROTO_IPV4:
	case LINK_PROTO_IPV6:
		if (caplen < 1)
			return wirelen < 1 ? DECODE_MALFORMED : DECODE_TRUNCATED;
		/* The header before told the version; the packet must agree. */
		if ((p[0] >> 4) != (proto == LINK_PROTO_IPV4 ? 4 : 6))
			return DECODE_MALFORMED;
		if (wirelen < caplen)
			wirelen = caplen;
		return proto == LINK_PROTO_IPV4 ?
		    decode_ipv4(p, caplen, wirelen, seg, depth + 1) :
		    decode_ipv6(p, caplen, wirelen, seg, depth + 1);
	case LINK_PROTO_MPLS:
		return decode_mpls(p, caplen, wirelen > caplen ? wirelen :
		    caplen, seg, depth);
	case LINK_PROTO_ETHER:
		rc = link_strip_ether(p, caplen, &off, &proto);
		if (rc != LINK_OK)
			return DECODE_TRUNCATED;
		if (proto == LINK_PROTO_ETHER)	/* no Ethernet in Ethernet */
			return DECODE_NOT_IP;
		return decode_inner(proto, p + off, caplen - off,
		    wirelen > off ? wirelen - off : 0, seg, depth);
	default:
		return DECODE_NOT_IP;
	}
}

int
decode_ip(const uint8_t *pkt, size_t caplen, size_t wirelen,
    struct tcp_segment *seg)
{
	if (caplen < 1)
		return DECODE_TRUNCATED;
	switch (pkt[0] >> 4) {
	case 4:
		return decode_inner(LINK_PROTO_IPV4, pkt, caplen, wirelen, seg,
		    0);
	case 6:
		return decode_inner(LINK_PROTO_IPV6, pkt, caplen, wirelen, seg,
		    0);
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
	return decode_inner(proto, frame + off, caplen - off,
	    wirelen > off ? wirelen - off : 0, seg, 0);
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
