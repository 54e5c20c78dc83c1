#ifndef SOCKLAB_VIZ_DECODE_H
#define SOCKLAB_VIZ_DECODE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decoding one captured frame into the TCP segment it carries.
 * Every length in the packet is checked against the captured length
 * before a byte is read; a hostile packet gives an error code, never a
 * read out of bounds (viz/fuzz/fuzz_decode.c keeps us honest).
 */

/* TCP flag bits, as in the header's 13th byte (RFC 9293, 3.1). */
enum {
	TCP_FLAG_FIN = 0x01,
	TCP_FLAG_SYN = 0x02,
	TCP_FLAG_RST = 0x04,
	TCP_FLAG_PSH = 0x08,
	TCP_FLAG_ACK = 0x10,
	TCP_FLAG_URG = 0x20,
	TCP_FLAG_ECE = 0x40,
	TCP_FLAG_CWR = 0x80,
};

/*
 * One captured frame as libpcap hands it over (struct pcap_pkthdr and the
 * bytes): caplen bytes at data of a frame len bytes long on the wire.
 */
struct raw_frame {
	int64_t ts_sec;
	int32_t ts_usec;
	uint32_t caplen;
	uint32_t len;
	const uint8_t *data;
};

/* Tunnels inside tunnels are followed this deep, and no deeper. */
#define DECODE_TUNNELS_MAX 4

/* Results of decode_frame(); everything but DECODE_OK means "no segment". */
enum decode_status {
	DECODE_OK = 0,
	DECODE_NOT_IP,		/* ARP and friends: skip quietly */
	DECODE_NOT_TCP,		/* IP, but UDP, ICMP, ...: skip quietly */
	DECODE_FRAGMENT,	/* a non-first IP fragment: no TCP header */
	DECODE_TRUNCATED,	/* a header runs past the captured bytes */
	DECODE_MALFORMED,	/* a length or version field is impossible */
	DECODE_UNSUPPORTED_LINK,
};

/* One endpoint: address family (4 or 6), address in network order, port. */
struct tcp_endpoint {
	uint8_t family;
	uint8_t addr[16];	/* IPv4 uses the first 4 bytes */
	uint16_t port;
};

/* The TCP options a student should see (RFC 9293, RFC 7323, RFC 2018). */
struct tcp_options {
	unsigned has_mss : 1;
	unsigned has_wscale : 1;
	unsigned sack_permitted : 1;
	unsigned has_timestamps : 1;
	unsigned malformed : 1;	/* an option's length was impossible */
	uint8_t sack_blocks;	/* SACK blocks carried (0..4) */
	uint8_t wscale;		/* shift count, as sent */
	uint16_t mss;
	uint32_t ts_val, ts_ecr;
};

/*
 * A decoded segment. Numbers are in host order. payload points into the
 * caller's frame (valid only as long as the frame is), and holds the
 * captured part of the payload: payload_caplen <= payload_len.
 */
struct tcp_segment {
	int64_t ts_sec;
	int32_t ts_usec;
	struct tcp_endpoint src, dst;
	uint32_t seq, ack;
	uint8_t flags;		/* TCP_FLAG_* */
	uint16_t window;	/* as sent, not scaled */
	uint8_t hdr_len;	/* TCP header bytes, options included (20..60) */
	uint16_t checksum;	/* as sent (often unfilled on lo: offload) */
	uint16_t urgent;	/* the urgent pointer */
	uint32_t payload_len;	/* from the IP lengths, not the capture */
	struct tcp_options opt;
	const uint8_t *payload;
	uint32_t payload_caplen;
	uint8_t truncated;	/* the capture ended inside the TCP header
				   (a short snaplen): options may be missing */
	uint8_t tunnels;	/* encapsulations stripped to reach it: GRE,
				   VXLAN, Geneve, MPLS, IP in IP */
};

/*
 * Decodes one frame of link type dlt (a DLT_ value): the link layer (with
 * VLAN tags, PPPoE, MPLS), IPv4 or IPv6 (with extension headers and the
 * hop-by-hop jumbo payload), tunnels (GRE, VXLAN, Geneve, IP in IP, at
 * most DECODE_TUNNELS_MAX deep), then the TCP header. A segment whose TCP
 * header the capture cut short still decodes (seg->truncated) when its
 * fixed 20 bytes are there; its len always comes from the IP length.
 *
 * caplen bytes were captured of a frame wirelen bytes long (pcap_pkthdr's
 * caplen and len); wirelen only matters when an IP length field is 0
 * (segmentation offload).
 * On DECODE_OK fills *seg (timestamps are left for the caller); otherwise
 * *seg is unspecified. Returns an enum decode_status.
 */
int decode_frame(int dlt, const uint8_t *frame, size_t caplen, size_t wirelen,
    struct tcp_segment *seg);

/*
 * Decodes an IP packet (version 4 or 6, told by its first nibble) the same
 * way, for callers that have no link layer. Returns an enum decode_status.
 */
int decode_ip(const uint8_t *pkt, size_t caplen, size_t wirelen,
    struct tcp_segment *seg);

/* A short English phrase for a status ("truncated header"). Static text. */
const char *decode_strerror(int status);

#endif
