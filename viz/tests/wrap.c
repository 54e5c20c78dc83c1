/*
 * Encapsulations around pkt.c's IP packets, byte by byte as their RFCs
 * lay them out. Checksums are zero, as in pkt.c.
 */
#include "wrap.h"

#include <string.h>

#define ETH_IPV4 0x0800
#define ETH_IPV6 0x86dd

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
ethertype(const struct pkt_tcp *t)
{
	return t->family == 4 ? ETH_IPV4 : ETH_IPV6;
}

/* An outer IPv4 header (20 bytes) for a payload of len bytes. */
static void
outer_ipv4(uint8_t *p, uint8_t proto, size_t len)
{
	static const uint8_t a[4] = { 192, 0, 2, 1 }, b[4] = { 192, 0, 2, 2 };

	memset(p, 0, 20);
	p[0] = 0x45;
	put_be16(p + 2, (uint16_t)(20 + len));
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, a, 4);
	memcpy(p + 16, b, 4);
}

/* An outer IPv6 header (40 bytes) for a payload of len bytes. */
static void
outer_ipv6(uint8_t *p, uint8_t next, size_t len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put_be16(p + 4, (uint16_t)len);
	p[6] = next;
	p[7] = 64;
	p[8] = 0x20;	/* 2001:db8::1 and ::2 */
	p[9] = 0x01;
	p[10] = 0x0d;
	p[11] = 0xb8;
	memcpy(p + 24, p + 8, 16);
	p[23] = 1;
	p[39] = 2;
}

/* A UDP header (8 bytes) to port dport for a payload of len bytes. */
static void
udp(uint8_t *p, uint16_t dport, size_t len)
{
	put_be16(p, 49152);
	put_be16(p + 2, dport);
	put_be16(p + 4, (uint16_t)(8 + len));
	put_be16(p + 6, 0);
}

/* An Ethernet header with ethertype type (14 bytes, made-up MACs). */
static void
ether(uint8_t *p, uint16_t type)
{
	static const uint8_t mac[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	memcpy(p, mac, 12);
	put_be16(p + 12, type);
}

int
wrap_dlt(enum wrap_kind kind)
{
	switch (kind) {
	case WRAP_PPP:
		return 9;
	case WRAP_PPP_ETHER:
		return 51;
	case WRAP_C_HDLC:
		return 104;
	default:
		return PKT_DLT_EN10MB;
	}
}

const char *
wrap_name(enum wrap_kind kind)
{
	static const char *const names[WRAP_COUNT] = {
		"plain", "vlan", "qinq", "mpls", "pppoe", "gre", "gre-teb",
		"vxlan", "geneve", "ipip", "6in4", "ppp", "ppp-ether", "c-hdlc",
	};

	return (unsigned)kind < WRAP_COUNT ? names[kind] : "?";
}

size_t
wrap_frame(enum wrap_kind kind, uint8_t *buf, size_t cap,
    const struct pkt_tcp *t)
{
	uint8_t ip[2048];
	size_t n = pkt_build_ip(ip, sizeof(ip), t), hl = 0;

	if (n == 0 || cap < n + 128)
		return 0;
	switch (kind) {
	case WRAP_PLAIN:
		ether(buf, ethertype(t));
		hl = 14;
		break;
	case WRAP_VLAN:
		ether(buf, 0x8100);
		put_be16(buf + 14, 100);	/* VLAN id 100 */
		put_be16(buf + 16, ethertype(t));
		hl = 18;
		break;
	case WRAP_QINQ:
		ether(buf, 0x88a8);
		put_be16(buf + 14, 200);
		put_be16(buf + 16, 0x8100);
		put_be16(buf + 18, 100);
		put_be16(buf + 20, ethertype(t));
		hl = 22;
		break;
	case WRAP_MPLS:
		ether(buf, 0x8847);
		/* label 16, then label 17 with bottom of stack; TTL 64 */
		buf[14] = 0x00; buf[15] = 0x01; buf[16] = 0x00; buf[17] = 64;
		buf[18] = 0x00; buf[19] = 0x01; buf[20] = 0x11; buf[21] = 64;
		hl = 22;
		break;
	case WRAP_PPPOE:
		ether(buf, 0x8864);
		buf[14] = 0x11;			/* version 1, type 1 */
		buf[15] = 0;			/* session data */
		put_be16(buf + 16, 0x1234);	/* session id */
		put_be16(buf + 18, (uint16_t)(n + 2));
		put_be16(buf + 20, t->family == 4 ? 0x0021 : 0x0057);
		hl = 22;
		break;
	case WRAP_GRE:
		ether(buf, ETH_IPV4);
		outer_ipv4(buf + 14, 47, 12 + n);
		put_be16(buf + 34, 0x3000);	/* key, sequence number */
		put_be16(buf + 36, ethertype(t));
		memset(buf + 38, 0, 8);
		buf[41] = 7;			/* key 7 */
		buf[45] = 1;			/* sequence 1 */
		hl = 46;
		break;
	case WRAP_GRE_TEB:
		ether(buf, ETH_IPV4);
		outer_ipv4(buf + 14, 47, 4 + 14 + n);
		put_be16(buf + 34, 0);
		put_be16(buf + 36, 0x6558);
		ether(buf + 38, ethertype(t));
		hl = 52;
		break;
	case WRAP_VXLAN:
		ether(buf, ETH_IPV4);
		outer_ipv4(buf + 14, 17, 8 + 8 + 14 + n);
		udp(buf + 34, 4789, 8 + 14 + n);
		memset(buf + 42, 0, 8);
		buf[42] = 0x08;			/* VNI present */
		buf[47] = 42;			/* VNI 42 */
		ether(buf + 50, ethertype(t));
		hl = 64;
		break;
	case WRAP_GENEVE:
		ether(buf, ETH_IPV6);
		outer_ipv6(buf + 14, 17, 8 + 16 + 14 + n);
		udp(buf + 54, 6081, 16 + 14 + n);
		buf[62] = 2;			/* version 0, 8 bytes of options */
		buf[63] = 0;
		put_be16(buf + 64, 0x6558);
		memset(buf + 66, 0, 12);
		buf[68] = 42;			/* VNI 42 */
		put_be16(buf + 70, 0x0104);	/* option class 0x0104 */
		buf[72] = 1;			/* type 1, length 1 word */
		buf[73] = 1;
		ether(buf + 78, ethertype(t));
		hl = 92;
		break;
	case WRAP_IPIP:
	case WRAP_6IN4:
		ether(buf, ETH_IPV4);
		outer_ipv4(buf + 14, t->family == 4 ? 4 : 41, n);
		hl = 34;
		break;
	case WRAP_PPP:
		buf[0] = 0xff;
		buf[1] = 0x03;
		put_be16(buf + 2, t->family == 4 ? 0x0021 : 0x0057);
		hl = 4;
		break;
	case WRAP_PPP_ETHER:
		buf[0] = 0x11;
		buf[1] = 0;
		put_be16(buf + 2, 0x1234);
		put_be16(buf + 4, (uint16_t)(n + 2));
		put_be16(buf + 6, t->family == 4 ? 0x0021 : 0x0057);
		hl = 8;
		break;
	case WRAP_C_HDLC:
		buf[0] = 0x0f;			/* unicast */
		buf[1] = 0;
		put_be16(buf + 2, ethertype(t));
		hl = 4;
		break;
	default:
		return 0;
	}
	memcpy(buf + hl, ip, n);
	return hl + n;
}
