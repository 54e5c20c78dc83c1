#ifndef SOCKLAB_VIZ_CAPTURE_H
#define SOCKLAB_VIZ_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/*
 * Packet capture with libpcap, set up the way a live teaching tool needs
 * (pcap(3PCAP)): pcap_create with immediate mode so each packet shows at
 * once, a snapshot length that holds IPv6 + full TCP options + some payload,
 * a kernel buffer big enough for loopback bursts, and a non-blocking handle
 * whose selectable fd goes into the caller's poll loop. Or a capture file.
 */

/*
 * 14 (Ethernet) + 40 (IPv6) + 60 (TCP with options) = 114 bytes of
 * headers; 256 leaves room for IPv6 extension headers and the payload
 * preview the model keeps (TRACK_PREVIEW_MAX). Not more: in immediate mode
 * Linux libpcap uses TPACKET_V2, whose ring has one fixed-size slot per
 * packet of about snaplen bytes, so 1024 would fit 4x fewer packets in the
 * buffer (viz/bench measured 27k-40k of 200k packets dropped with 1024,
 * none with 256).
 */
#define CAPTURE_SNAPLEN 256

/* The 2 MB default drops about half of a loopback burst; 32 MB drops none. */
#define CAPTURE_BUFFER_BYTES (32 * 1024 * 1024)

/*
 * Without a filter, tcpviz captures TCP however it is carried: plain, in
 * VLAN tags (802.1Q, QinQ), behind IPv6 extension headers, in PPPoE, MPLS
 * and tunnels (GRE, IP in IP, VXLAN, Geneve); BPF's "tcp" alone misses
 * all of those. IPv6 with extension headers is let through whole: "ip6
 * protochain" needs a loop, which Linux's socket filter refuses (libpcap
 * then filters in user space and warns). "vlan" shifts every later offset
 * (pcap-filter(7)), so it comes last. Link types without Ethernet headers
 * get the IP-only version, and "tcp" if even that does not compile.
 */
#define CAPTURE_FILTER_IP6_EXT "(ip6 and (ip6[6] == 0 or ip6[6] == 43 or " \
	"ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60))"
#define CAPTURE_FILTER_IP "tcp or " CAPTURE_FILTER_IP6_EXT " or proto gre " \
	"or ip proto 4 or ip proto 41 or ip6 proto 4 or ip6 proto 41 or " \
	"udp port 4789 or udp port 4790 or udp port 6081"
#define CAPTURE_FILTER_ETHER CAPTURE_FILTER_IP " or ether proto 0x8847 " \
	"or ether proto 0x8864 or (vlan and (tcp or " CAPTURE_FILTER_IP6_EXT \
	" or (vlan and (tcp or " CAPTURE_FILTER_IP6_EXT "))))"
/* What --help says the default is. */
#define CAPTURE_DEFAULT_FILTER_TEXT "TCP, also in VLAN tags, behind IPv6 " \
	"extension headers and in tunnels"

/* Errors from capture_open(); the message is in the caller's buffer. */
enum capture_error {
	CAPTURE_ERR = -1,		/* anything else */
	CAPTURE_ERR_PERM = -2,		/* no permission to capture */
	CAPTURE_ERR_FILTER = -3,	/* the filter does not compile */
	CAPTURE_ERR_LINK = -4,		/* a link type we cannot decode */
};

struct capture_config {
	const char *device;	/* NULL: the first loopback device */
	const char *file;	/* non-NULL: read this file instead (-r) */
	const char *filter;	/* BPF expression; NULL: the default (above) */
	int snaplen;		/* 0: CAPTURE_SNAPLEN */
	int buffer_bytes;	/* 0: CAPTURE_BUFFER_BYTES */
};

/* Handed each packet; pkt->data is valid only during the call. */
typedef void (*capture_handler)(void *user, const struct raw_frame *pkt);

struct capture_stats {
	unsigned long received;	/* passed the filter (pcap_stats ps_recv) */
	unsigned long dropped;	/* no room in the buffer (ps_drop) */
	unsigned long ifdropped;	/* by the interface; 0 may mean unknown */
};

struct capture;

/*
 * Opens the live device or the file in cfg, compiles and sets the filter.
 * Returns 0 and sets *capp (close with capture_close), or a negative enum
 * capture_error with a message in err (libpcap's text for a bad filter).
 */
int capture_open(struct capture **capp, const struct capture_config *cfg,
    char *err, size_t errlen);

/*
 * Replaces the filter. The new one is compiled first: if libpcap rejects
 * it, the old one stays in force. Returns 0, or CAPTURE_ERR_FILTER (or
 * CAPTURE_ERR) with libpcap's message in err.
 */
int capture_set_filter(struct capture *cap, const char *filter, char *err,
    size_t errlen);

/*
 * Starts saving every packet captured from now on to path (pcap format).
 * Returns 0, or -1 with a message in err.
 */
int capture_dump_open(struct capture *cap, const char *path, char *err,
    size_t errlen);

/*
 * Hands up to max packets (max <= 0: all that are ready) to fn, saving
 * them first if capture_dump_open was called. Never blocks on a live
 * capture. Returns the number of packets handled: 0 means none ready
 * (live) or end of file (file). Returns -1 with a message in err on
 * errors, such as the interface going down.
 */
int capture_dispatch(struct capture *cap, int max, capture_handler fn,
    void *user, char *err, size_t errlen);

/*
 * Makes the capture_dispatch() in progress return after the current
 * packet; for a handler that has seen enough (pcap_breakloop(3PCAP)).
 */
void capture_break(struct capture *cap);

/* The fd to poll for readability on a live capture; -1 for a file. */
int capture_fd(const struct capture *cap);

/* 1 for a live capture, 0 for a file. */
int capture_is_live(const struct capture *cap);

/* The link type (DLT_ value), for decode_frame(). */
int capture_datalink(const struct capture *cap);

/* The device or file name, for messages. */
const char *capture_source(const struct capture *cap);

/* The filter in use. */
const char *capture_filter(const struct capture *cap);

/* 1 if that filter is the default one, which is long: say "default". */
int capture_filter_is_default(const struct capture *cap);

/* Kernel counters for a live capture. Returns 0, or -1 (none for files). */
int capture_get_stats(struct capture *cap, struct capture_stats *st);

/* Closes the capture and the dump file. NULL is allowed. */
void capture_close(struct capture *cap);

#endif
