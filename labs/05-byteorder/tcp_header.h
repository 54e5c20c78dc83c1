#ifndef SOCKLAB_LAB05_TCP_HEADER_H
#define SOCKLAB_LAB05_TCP_HEADER_H

/*
 * Lab 05: reading a TCP header (RFC 9293, section 3.1) from raw bytes, as
 * a packet capture gives them. Every multi-byte field is big-endian.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |          Source Port          |       Destination Port        |
 * +-------------------------------+-------------------------------+
 * |                        Sequence Number                        |
 * +---------------------------------------------------------------+
 * |                    Acknowledgment Number                      |
 * +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
 * |           Checksum            |         Urgent Pointer        |
 * +-------------------------------+-------------------------------+
 * |                    Options (data offset > 5)                  |
 * +---------------------------------------------------------------+
 */

#include <stddef.h>
#include <stdint.h>

/* The flag bits, as they sit in byte 13 of the header. */
#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_SYN 0x02
#define TCP_FLAG_RST 0x04
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_ACK 0x10
#define TCP_FLAG_URG 0x20

/* Option kinds (IANA "TCP Option Kind Numbers"). */
#define TCP_OPT_EOL 0    /* end of option list: stop here */
#define TCP_OPT_NOP 1    /* one byte of padding, no length */
#define TCP_OPT_MSS 2    /* length 4: a 16-bit maximum segment size */
#define TCP_OPT_WSCALE 3 /* length 3: an 8-bit window shift count */

/* A parsed TCP header: every number in host order. */
struct tcp_header {
	uint16_t src_port;
	uint16_t dst_port;
	uint32_t seq;
	uint32_t ack;
	uint8_t data_offset; /* header length in 32-bit words, 5..15 */
	uint8_t flags;       /* TCP_FLAG_* bits */
	uint16_t window;
	uint16_t checksum;
	uint16_t urgent;
	int has_mss;         /* 1 if an MSS option was present */
	uint16_t mss;
	int has_wscale;      /* 1 if a window scale option was present */
	uint8_t wscale;
};

/*
 * Parses the TCP header at buf (len bytes available) into *h. Returns the
 * header's length in bytes (data_offset * 4), or -1 with errno EINVAL
 * when the bytes are not a well-formed header: fewer than 20 bytes, a
 * data offset below 5 or past len, or an option that is cut short or has
 * a length below 2. Never reads outside buf[0..len-1]. Options other than
 * MSS and window scale are skipped by their length.
 */
int tcp_header_parse(const uint8_t *buf, size_t len, struct tcp_header *h);

#endif
