#ifndef SOCKLAB_VIZ_TESTS_WRAP_H
#define SOCKLAB_VIZ_TESTS_WRAP_H

#include <stddef.h>
#include <stdint.h>

#include "pkt.h"

/*
 * Frames as real networks carry them, for the decode oracle and the fuzz
 * corpus: a TCP segment (pkt.h) inside VLAN tags, MPLS labels, PPPoE,
 * tunnels (GRE, VXLAN, Geneve, IP in IP), or on PPP and Cisco HDLC links.
 */

enum wrap_kind {
	WRAP_PLAIN,	/* Ethernet, nothing else */
	WRAP_VLAN,	/* 802.1Q tag */
	WRAP_QINQ,	/* 802.1ad outer tag, 802.1Q inner tag */
	WRAP_MPLS,	/* two MPLS labels */
	WRAP_PPPOE,	/* PPPoE session on Ethernet */
	WRAP_GRE,	/* IPv4 GRE, with key and sequence number */
	WRAP_GRE_TEB,	/* IPv4 GRE carrying an Ethernet frame */
	WRAP_VXLAN,	/* IPv4 UDP 4789, Ethernet inside */
	WRAP_GENEVE,	/* IPv6 UDP 6081 with an option, Ethernet inside */
	WRAP_IPIP,	/* IPv4 in IPv4 */
	WRAP_6IN4,	/* the packet in IPv4, protocol 41 or 4 */
	WRAP_PPP,	/* DLT_PPP: ff 03, then the PPP protocol */
	WRAP_PPP_ETHER,	/* DLT_PPP_ETHER: a PPPoE header, then PPP */
	WRAP_C_HDLC,	/* DLT_C_HDLC: Cisco HDLC */
	WRAP_COUNT
};

/* The link type (DLT) a wrap's frames have. */
int wrap_dlt(enum wrap_kind kind);

/* A short name for messages: "vlan", "gre", ... */
const char *wrap_name(enum wrap_kind kind);

/*
 * Writes the frame for t wrapped as kind into buf. Returns its length, or
 * 0 if cap is too small.
 */
size_t wrap_frame(enum wrap_kind kind, uint8_t *buf, size_t cap,
    const struct pkt_tcp *t);

#endif
