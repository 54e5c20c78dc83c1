#include "linktype.h"

#include <stdio.h>

/*
 * Link-type numbers as pcap_datalink() returns them. Some differ by OS
 * (pcap/dlt.h): raw IP is 12 on most systems and 14 on OpenBSD, where 12
 * means DLT_LOOP. Files travel between systems, so we accept every value
 * and tell them apart by looking at the bytes (link_strip_raw_or_loop).
 */
enum {
	DLT_VAL_NULL = 0,	/* BSD loopback: 4-byte family, host order */
	DLT_VAL_EN10MB = 1,	/* Ethernet; Linux lo uses it with zero MACs */
	DLT_VAL_PPP = 9,	/* PPP: address, control, then protocol */
	DLT_VAL_RAW_12 = 12,	/* raw IP, or OpenBSD's DLT_LOOP */
	DLT_VAL_RAW_14 = 14,	/* raw IP on OpenBSD */
	DLT_VAL_PPP_SERIAL = 50,	/* PPP in HDLC framing (RFC 1662) */
	DLT_VAL_PPP_ETHER = 51,	/* PPPoE session header, then PPP */
	DLT_VAL_RAW_101 = 101,	/* LINKTYPE_RAW as stored in files */
	DLT_VAL_C_HDLC = 104,	/* Cisco HDLC: address, control, ethertype */
	DLT_VAL_LOOP = 108,	/* like NULL, family in network order */
	DLT_VAL_LINUX_SLL = 113,	/* Linux cooked, the "any" device */
	DLT_VAL_IPV4 = 228,
	DLT_VAL_IPV6 = 229,
	DLT_VAL_LINUX_SLL2 = 276,
};

#define ETHERTYPE_VAL_IPV4 0x0800
#define ETHERTYPE_VAL_IPV6 0x86dd
#define ETHERTYPE_VAL_VLAN 0x8100	/* IEEE 802.1Q */
#define ETHERTYPE_VAL_QINQ 0x88a8	/* IEEE 802.1ad */
#define ETHERTYPE_VAL_QINQ_OLD 0x9100	/* pre-standard QinQ */
#define ETHERTYPE_VAL_MPLS 0x8847
#define ETHERTYPE_VAL_MPLS_MC 0x8848	/* MPLS multicast */
#define ETHERTYPE_VAL_PPPOE 0x8864	/* PPPoE session stage (RFC 2516) */
#define ETHERTYPE_VAL_TEB 0x6558	/* transparent Ethernet bridging */

/* PPP protocol numbers (RFC 1661, IANA "PPP DLL Protocol Numbers"). */
#define PPP_VAL_IPV4 0x0021
#define PPP_VAL_IPV6 0x0057
#define PPP_VAL_MPLS 0x0281

#define ETHER_HDR_LEN 14
#define VLAN_TAG_LEN 4
#define LOOP_HDR_LEN 4
#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20
#define PPPOE_HDR_LEN 6
/* Up to this many VLAN tags are skipped (QinQ and one more). */
#define VLAN_TAGS_MAX 3

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

enum link_proto
link_proto_from_ethertype(uint16_t type)
{
	switch (type) {
	case ETHERTYPE_VAL_IPV4:
		return LINK_PROTO_IPV4;
	case ETHERTYPE_VAL_IPV6:
		return LINK_PROTO_IPV6;
	case ETHERTYPE_VAL_MPLS:
	case ETHERTYPE_VAL_MPLS_MC:
		return LINK_PROTO_MPLS;
	case ETHERTYPE_VAL_TEB:
		return LINK_PROTO_ETHER;
	default:
		return LINK_PROTO_OTHER;
	}
}

/*
 * A PPP protocol field at p (one byte when compressed, RFC 1661 6.5: an
 * odd first byte). Sets *len to its size.
 */
static enum link_proto
proto_from_ppp(const uint8_t *p, size_t caplen, size_t *len)
{
	uint16_t proto;

	if (caplen >= 1 && (p[0] & 1)) {
		*len = 1;
		proto = p[0];
	} else if (caplen >= 2) {
		*len = 2;
		proto = get_be16(p);
	} else {
		*len = caplen;
		return LINK_PROTO_OTHER;
	}
	switch (proto) {
	case PPP_VAL_IPV4:
		return LINK_PROTO_IPV4;
	case PPP_VAL_IPV6:
		return LINK_PROTO_IPV6;
	case PPP_VAL_MPLS:
		return LINK_PROTO_MPLS;
	default:
		return LINK_PROTO_OTHER;
	}
}

/* PPP, with or without the HDLC address and control bytes (ff 03). */
static int
strip_ppp(const uint8_t *frame, size_t caplen, size_t off, size_t *offset,
    enum link_proto *proto)
{
	size_t n;

	if (caplen >= off + 2 && frame[off] == 0xff && frame[off + 1] == 0x03)
		off += 2;
	if (caplen < off + 1)
		return LINK_ERR_TRUNCATED;
	*proto = proto_from_ppp(frame + off, caplen - off, &n);
	*offset = off + n;
	return *offset <= caplen ? LINK_OK : LINK_ERR_TRUNCATED;
}

/*
 * The BSD loopback header is the sender's address family. AF_INET is 2
 * everywhere, but AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or
 * 30 (macOS), and 10 on Linux; a file may come from any of them.
 */
static enum link_proto
proto_from_family(uint32_t family)
{
	switch (family) {
	case 2:
		return LINK_PROTO_IPV4;
	case 10:
	case 24:
	case 28:
	case 30:
		return LINK_PROTO_IPV6;
	default:
		return LINK_PROTO_OTHER;
	}
}

/*
 * DLT_NULL stores the family in the capturing host's byte order, which may
 * not be ours. The family is small, so whichever reading is small is right.
 */
static enum link_proto
proto_from_loop_header(const uint8_t *p)
{
	uint32_t le = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	uint32_t be = (uint32_t)p[3] | (uint32_t)p[2] << 8 |
	    (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;

	return proto_from_family(le <= 0xffff ? le : be);
}

/* Raw IP says what it is in its first nibble, the IP version. */
static enum link_proto
proto_from_version(const uint8_t *p, size_t caplen)
{
	if (caplen < 1)
		return LINK_PROTO_OTHER;
	if (p[0] >> 4 == 4)
		return LINK_PROTO_IPV4;
	if (p[0] >> 4 == 6)
		return LINK_PROTO_IPV6;
	return LINK_PROTO_OTHER;
}

int
link_strip_ether(const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto)
{
	size_t off = ETHER_HDR_LEN;
	uint16_t type;
	int tags = 0;

	if (caplen < ETHER_HDR_LEN)
		return LINK_ERR_TRUNCATED;
	type = get_be16(frame + 12);
	/* VLAN tags: 802.1Q, and 802.1ad (QinQ) outside it. */
	while ((type == ETHERTYPE_VAL_VLAN || type == ETHERTYPE_VAL_QINQ ||
	    type == ETHERTYPE_VAL_QINQ_OLD) && tags < VLAN_TAGS_MAX) {
		if (caplen < off + VLAN_TAG_LEN)
			return LINK_ERR_TRUNCATED;
		type = get_be16(frame + off + 2);
		off += VLAN_TAG_LEN;
		tags++;
	}
	/* PPPoE session (RFC 2516, 4): 6 bytes, then a PPP protocol. */
	if (type == ETHERTYPE_VAL_PPPOE) {
		if (caplen < off + PPPOE_HDR_LEN)
			return LINK_ERR_TRUNCATED;
		return strip_ppp(frame, caplen, off + PPPOE_HDR_LEN, offset,
		    proto);
	}
	*offset = off;
	*proto = link_proto_from_ethertype(type);
	return LINK_OK;
}

static int
strip_loop(const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto)
{
	if (caplen < LOOP_HDR_LEN)
		return LINK_ERR_TRUNCATED;
	*offset = LOOP_HDR_LEN;
	*proto = proto_from_loop_header(frame);
	return LINK_OK;
}

/*
 * 12 is raw IP on most systems and DLT_LOOP on OpenBSD. An IP packet
 * starts with version 4 or 6; a loop header starts with a zero byte in
 * network order, so the first nibble decides.
 */
static int
strip_raw_or_loop(const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto)
{
	if (caplen < 1)
		return LINK_ERR_TRUNCATED;
	if (frame[0] >> 4 == 0)
		return strip_loop(frame, caplen, offset, proto);
	*offset = 0;
	*proto = proto_from_version(frame, caplen);
	return LINK_OK;
}

int
link_supported(int dlt)
{
	switch (dlt) {
	case DLT_VAL_NULL:
	case DLT_VAL_EN10MB:
	case DLT_VAL_PPP:
	case DLT_VAL_PPP_SERIAL:
	case DLT_VAL_PPP_ETHER:
	case DLT_VAL_C_HDLC:
	case DLT_VAL_RAW_12:
	case DLT_VAL_RAW_14:
	case DLT_VAL_RAW_101:
	case DLT_VAL_LOOP:
	case DLT_VAL_LINUX_SLL:
	case DLT_VAL_IPV4:
	case DLT_VAL_IPV6:
	case DLT_VAL_LINUX_SLL2:
		return 1;
	default:
		return 0;
	}
}

const char *
link_name(int dlt, char *buf, size_t len)
{
	const char *name = NULL;

	switch (dlt) {
	case DLT_VAL_NULL:
		name = "NULL";
		break;
	case DLT_VAL_EN10MB:
		name = "EN10MB";
		break;
	case DLT_VAL_PPP:
		name = "PPP";
		break;
	case DLT_VAL_PPP_SERIAL:
		name = "PPP_SERIAL";
		break;
	case DLT_VAL_PPP_ETHER:
		name = "PPP_ETHER";
		break;
	case DLT_VAL_C_HDLC:
		name = "C_HDLC";
		break;
	case DLT_VAL_RAW_12:
	case DLT_VAL_RAW_14:
	case DLT_VAL_RAW_101:
		name = "RAW";
		break;
	case DLT_VAL_LOOP:
		name = "LOOP";
		break;
	case DLT_VAL_LINUX_SLL:
		name = "LINUX_SLL";
		break;
	case DLT_VAL_IPV4:
		name = "IPV4";
		break;
	case DLT_VAL_IPV6:
		name = "IPV6";
		break;
	case DLT_VAL_LINUX_SLL2:
		name = "LINUX_SLL2";
		break;
	default:
		break;
	}
	if (name != NULL)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "DLT %d", dlt);
	return buf;
}

int
link_strip(int dlt, const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto)
{
	switch (dlt) {
	case DLT_VAL_EN10MB:
		return link_strip_ether(frame, caplen, offset, proto);
	case DLT_VAL_PPP:
	case DLT_VAL_PPP_SERIAL:
		return strip_ppp(frame, caplen, 0, offset, proto);
	case DLT_VAL_PPP_ETHER:
		if (caplen < PPPOE_HDR_LEN)
			return LINK_ERR_TRUNCATED;
		return strip_ppp(frame, caplen, PPPOE_HDR_LEN, offset, proto);
	case DLT_VAL_C_HDLC:
		/* address, control, then an Ethernet type */
		if (caplen < 4)
			return LINK_ERR_TRUNCATED;
		*offset = 4;
		*proto = link_proto_from_ethertype(get_be16(frame + 2));
		return LINK_OK;
	case DLT_VAL_NULL:
	case DLT_VAL_LOOP:
		return strip_loop(frame, caplen, offset, proto);
	case DLT_VAL_RAW_12:
		return strip_raw_or_loop(frame, caplen, offset, proto);
	case DLT_VAL_RAW_14:
	case DLT_VAL_RAW_101:
		*offset = 0;
		*proto = proto_from_version(frame, caplen);
		return LINK_OK;
	case DLT_VAL_IPV4:
		*offset = 0;
		*proto = LINK_PROTO_IPV4;
		return LINK_OK;
	case DLT_VAL_IPV6:
		*offset = 0;
		*proto = LINK_PROTO_IPV6;
		return LINK_OK;
	case DLT_VAL_LINUX_SLL:
		/* packet type, ARPHRD, address length, 8-byte address, protocol */
		if (caplen < SLL_HDR_LEN)
			return LINK_ERR_TRUNCATED;
		*offset = SLL_HDR_LEN;
		*proto = link_proto_from_ethertype(get_be16(frame + 14));
		return LINK_OK;
	case DLT_VAL_LINUX_SLL2:
		/* SLL2 moves the protocol to the front and adds the ifindex */
		if (caplen < SLL2_HDR_LEN)
			return LINK_ERR_TRUNCATED;
		*offset = SLL2_HDR_LEN;
		*proto = link_proto_from_ethertype(get_be16(frame));
		return LINK_OK;
	default:
		return LINK_ERR_UNSUPPORTED;
	}
}
