#include "pkt.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <string.h>

const uint8_t pkt_syn_opts[20] = {
	2, 4, 0xff, 0xd7,		/* MSS 65495 */
	4, 2,				/* SACK permitted */
	8, 10, 0, 0, 0, 1, 0, 0, 0, 0,	/* timestamps 1, 0 */
	1,				/* NOP */
	3, 3, 7,			/* window scale 7 */
};

const uint8_t pkt_ts_opts[12] = {
	1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1,
};

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The TCP header, options and payload. Returns the length, or 0. */
static size_t
build_tcp(uint8_t *p, size_t cap, const struct pkt_tcp *t)
{
	size_t optspace = (t->optlen + 3) / 4 * 4;
	size_t hlen = 20 + optspace;

	if (optspace > 40 || cap < hlen + t->len)
		return 0;
	memset(p, 0, hlen);
	put_be16(p, t->sport);
	put_be16(p + 2, t->dport);
	put_be32(p + 4, t->seq);
	put_be32(p + 8, t->ack);
	p[12] = (uint8_t)(hlen / 4 << 4);
	p[13] = t->flags;
	put_be16(p + 14, t->window);
	if (t->optlen > 0)
		memcpy(p + 20, t->opts, t->optlen);
	memset(p + 20 + t->optlen, 1, optspace - t->optlen);	/* NOPs */
	if (t->len > 0)
		memcpy(p + hlen, t->payload, t->len);
	return hlen + t->len;
}

size_t
pkt_build_ip(uint8_t *buf, size_t cap, const struct pkt_tcp *t)
{
	size_t tcplen, hlen;
	int i;

	if (t->family == 4) {
		hlen = 20;
		if (cap < hlen)
			return 0;
		memset(buf, 0, hlen);
		buf[0] = 0x45;
		buf[8] = 64;	/* TTL */
		buf[9] = 6;	/* TCP */
		if (inet_pton(AF_INET, t->src, buf + 12) != 1 ||
		    inet_pton(AF_INET, t->dst, buf + 16) != 1)
			return 0;
		tcplen = build_tcp(buf + hlen, cap - hlen, t);
		if (tcplen == 0)
			return 0;
		put_be16(buf + 2, (uint16_t)(hlen + tcplen));
		return hlen + tcplen;
	}
	hlen = 40 + (size_t)t->ip6_ext * 8;
	if (cap < hlen || t->ip6_ext > 4)
		return 0;
	memset(buf, 0, hlen);
	buf[0] = 0x60;
	buf[7] = 64;	/* hop limit */
	if (inet_pton(AF_INET6, t->src, buf + 8) != 1 ||
	    inet_pton(AF_INET6, t->dst, buf + 24) != 1)
		return 0;
	/* Hop-by-hop first (RFC 8200 requires it), then destination options. */
	buf[6] = t->ip6_ext > 0 ? 0 : 6;
	for (i = 0; i < t->ip6_ext; i++) {
		uint8_t *ext = buf + 40 + i * 8;

		ext[0] = i + 1 < t->ip6_ext ? 60 : 6;
		ext[1] = 0;		/* 8 bytes */
		ext[2] = 1;		/* PadN option filling the rest */
		ext[3] = 4;
	}
	tcplen = build_tcp(buf + hlen, cap - hlen, t);
	if (tcplen == 0)
		return 0;
	put_be16(buf + 4, (uint16_t)(hlen - 40 + tcplen));
	return hlen + tcplen;
}

size_t
pkt_build_frame(int dlt, uint8_t *buf, size_t cap, const struct pkt_tcp *t)
{
	uint16_t ethertype = t->family == 4 ? 0x0800 : 0x86dd;
	uint32_t fam = t->null_family != 0 ? t->null_family :
	    (t->family == 4 ? 2 : 10);
	size_t link, n;

	switch (dlt) {
	case PKT_DLT_EN10MB:
		link = 14;
		break;
	case PKT_DLT_NULL:
	case PKT_DLT_LOOP:
		link = 4;
		break;
	case PKT_DLT_LINUX_SLL:
		link = 16;
		break;
	case PKT_DLT_LINUX_SLL2:
		link = 20;
		break;
	default:
		link = 0;	/* raw IP and anything else */
		break;
	}
	if (cap < link)
		return 0;
	memset(buf, 0, link);
	if (dlt == PKT_DLT_EN10MB) {
		put_be16(buf + 12, ethertype);	/* zero MACs, as on lo */
	} else if (dlt == PKT_DLT_LOOP ||
	    (dlt == PKT_DLT_NULL && t->null_swap)) {
		put_be32(buf, fam);
	} else if (dlt == PKT_DLT_NULL) {
		buf[0] = (uint8_t)fam;	/* little-endian host order */
		buf[1] = (uint8_t)(fam >> 8);
	} else if (dlt == PKT_DLT_LINUX_SLL) {
		put_be16(buf + 2, 772);		/* ARPHRD_LOOPBACK */
		put_be16(buf + 14, ethertype);
	} else if (dlt == PKT_DLT_LINUX_SLL2) {
		put_be16(buf, ethertype);
		put_be32(buf + 4, 1);		/* ifindex */
		put_be16(buf + 8, 772);
	}
	n = pkt_build_ip(buf + link, cap - link, t);
	return n == 0 ? 0 : link + n;
}
