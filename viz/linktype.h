#ifndef SOCKLAB_VIZ_LINKTYPE_H
#define SOCKLAB_VIZ_LINKTYPE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Link layers: find where the IP packet starts in a captured frame.
 * The link type is libpcap's DLT_ value (pcap_datalink(3PCAP)); the
 * frames are what pcap hands us, caplen bytes of them.
 */

/* What the link header says is inside. */
enum link_proto {
	LINK_PROTO_OTHER = 0,	/* ARP, LLDP, ...: not ours to decode */
	LINK_PROTO_IPV4,
	LINK_PROTO_IPV6,
	LINK_PROTO_MPLS,	/* an MPLS label stack (RFC 3032) */
	LINK_PROTO_ETHER,	/* a whole Ethernet frame (GRE, VXLAN) */
};

/* Results of link_strip(); negative values are errors. */
enum link_status {
	LINK_OK = 0,
	LINK_ERR_TRUNCATED = -1,	/* caplen shorter than the link header */
	LINK_ERR_UNSUPPORTED = -2,	/* a link type we cannot decode */
};

/*
 * Returns 1 if link_strip() understands the link type dlt, else 0.
 */
int link_supported(int dlt);

/*
 * Names the link type for messages: libpcap's name ("EN10MB") when it has
 * one, else "DLT 147". Writes into buf (NUL-terminated) and returns buf.
 */
const char *link_name(int dlt, char *buf, size_t len);

/*
 * What an Ethernet type (also GRE's and Geneve's protocol type) carries.
 */
enum link_proto link_proto_from_ethertype(uint16_t type);

/*
 * Reads an Ethernet header, its VLAN tags (802.1Q, 802.1ad QinQ) and a
 * PPPoE session header if any, as link_strip() does for DLT_EN10MB; for
 * Ethernet frames inside tunnels. Returns LINK_OK or LINK_ERR_TRUNCATED.
 */
int link_strip_ether(const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto);

/*
 * Reads the link header of one frame. On LINK_OK, *offset is where the
 * network-layer packet starts (offset <= caplen) and *proto says what it is.
 * Returns LINK_OK or a negative enum link_status; never reads past caplen.
 */
int link_strip(int dlt, const uint8_t *frame, size_t caplen, size_t *offset,
    enum link_proto *proto);

#endif
