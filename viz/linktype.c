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
	DLT_VAL_RAW_12 = 12,	/* raw IP, or OpenBSD's DLT_LOOP */
	DLT_VAL_RAW_14 = 14,	/* raw IP on OpenBSD */
	DLT_VAL_RAW_101 = 101,	/* LINKTYPE_RAW as stored in files */
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

#define ETHER_HDR_LEN 14
#define VLAN_TAG_LEN 4
#define LOOP_HDR_LEN 4
#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20

static uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static enum link_proto
proto_from_ethertype(uint16_t type)
{
	if (type == ETHERTYPE_VAL_IPV4)
		return LINK_PROTO_IPV4;
	if (type == ETHERTYPE_VAL_IPV6)
		return LINK_PROTO_IPV6;
	return LINK_PROTO_OTHER;
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

static int
strip_ethernet(const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto)
{
	size_t off = ETHER_HDR_LEN;
	uint16_t type;
	int tags = 0;

	if (caplen < ETHER_HDR_LEN)
		return LINK_ERR_TRUNCATED;
	type = get_be16(frame + 12);
	/* Skip up to two VLAN tags (802.1Q inside 802.1ad). */
	while ((type == ETHERTYPE_VAL_VLAN || type == ETHERTYPE_VAL_QINQ) &&
	    tags < 2) {
		if (caplen < off + VLAN_TAG_LEN)
			return LINK_ERR_TRUNCATED;
		type = get_be16(frame + off + 2);
		off += VLAN_TAG_LEN;
		tags++;
	}
	*offset = off;
	*proto = proto_from_ethertype(type);
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
		return strip_ethernet(frame, caplen, offset, proto);
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
		*proto = proto_from_ethertype(get_be16(frame + 14));
		return LINK_OK;
	case DLT_VAL_LINUX_SLL2:
		/* SLL2 moves the protocol to the front and adds the ifindex */
		if (caplen < SLL2_HDR_LEN)
			return LINK_ERR_TRUNCATED;
		*offset = SLL2_HDR_LEN;
		*proto = proto_from_ethertype(get_be16(frame));
		return LINK_OK;
	default:
		return LINK_ERR_UNSUPPORTED;
	}
}
