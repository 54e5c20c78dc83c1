#ifndef SOCKLAB_VIZ_TESTS_PKT_H
#define SOCKLAB_VIZ_TESTS_PKT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Building packets for the tests and the fuzz corpus: a TCP segment in
 * IPv4 or IPv6, wrapped in any link header tcpviz reads. Checksums are
 * left zero (tcpviz never checks them: loopback offloads them anyway).
 */

/* Link types as pcap_datalink() returns them on Linux. */
enum {
	PKT_DLT_NULL = 0,
	PKT_DLT_EN10MB = 1,
	PKT_DLT_RAW = 12,
	PKT_DLT_LOOP = 108,
	PKT_DLT_LINUX_SLL = 113,
	PKT_DLT_IPV4 = 228,
	PKT_DLT_IPV6 = 229,
	PKT_DLT_LINUX_SLL2 = 276,
	PKT_DLT_USER0 = 147,	/* one we do not support */
};

struct pkt_tcp {
	int family;		/* 4 or 6 */
	const char *src, *dst;	/* addresses as text */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* TCP_FLAG_* */
	uint16_t window;
	const uint8_t *opts;	/* raw option bytes, padded to 4 by NOPs */
	size_t optlen;
	const void *payload;
	size_t len;
	int ip6_ext;		/* IPv6: extension headers to insert (0..4) */
	uint32_t null_family;	/* DLT_NULL/LOOP family; 0: AF_INET/10 */
	int null_swap;		/* DLT_NULL: write the family big-endian */
};

/* The options Linux puts on a SYN: mss 65495, sackOK, ts, nop, ws 7. */
extern const uint8_t pkt_syn_opts[20];
/* The timestamp option alone, after two NOPs, as on later segments. */
extern const uint8_t pkt_ts_opts[12];

/*
 * Writes the IP packet (IPv4 or IPv6, then TCP) for t into buf. Returns its
 * length, or 0 if cap is too small or an address does not parse.
 */
size_t pkt_build_ip(uint8_t *buf, size_t cap, const struct pkt_tcp *t);

/* The same with the link header of dlt in front. Returns the length or 0. */
size_t pkt_build_frame(int dlt, uint8_t *buf, size_t cap,
    const struct pkt_tcp *t);

#endif
