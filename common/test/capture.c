#define _DEFAULT_SOURCE /* libpcap's headers use BSD types (u_char, u_int) */

#include "test/capture.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "viz/decode.h"

/* Enough for link, IP and the longest TCP header; the payload is not kept. */
#define CAPTURE_SNAPLEN 256

struct capture {
	pcap_t *pcap;
	int fd;
	int linktype;
	uint16_t port;
	struct capture_handshake hs;
	int have_syn, have_syn_ack, have_ack;
};

int
capture_open(struct capture **out, uint16_t port, char *why, size_t why_len)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	char filter[32];
	struct bpf_program prog;
	struct capture *cap = calloc(1, sizeof(*cap));
	int rc;

	if (cap == NULL) {
		snprintf(why, why_len, "capture: out of memory");
		return -1;
	}
	cap->port = port;
	cap->pcap = pcap_create("lo", ebuf);
	if (cap->pcap == NULL) {
		snprintf(why, why_len, "pcap_create(\"lo\"): %s", ebuf);
		free(cap);
		return -1;
	}
	pcap_set_snaplen(cap->pcap, CAPTURE_SNAPLEN);
	/* Deliver each packet at once instead of when a buffer block fills. */
	pcap_set_immediate_mode(cap->pcap, 1);
	rc = pcap_activate(cap->pcap);
	if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_NO_SUCH_DEVICE ||
	    rc == PCAP_ERROR_IFACE_NOT_UP) {
		snprintf(why, why_len, "cannot capture packets on lo here (%s: "
		    "%s): capturing needs root or a user namespace (the "
		    "grader's sandbox provides one)", pcap_statustostr(rc),
		    pcap_geterr(cap->pcap));
		capture_close(cap);
		return CAPTURE_DENIED;
	}
	if (rc < 0) {
		snprintf(why, why_len, "pcap_activate(\"lo\"): %s: %s",
		    pcap_statustostr(rc), pcap_geterr(cap->pcap));
		capture_close(cap);
		return -1;
	}
	cap->linktype = pcap_datalink(cap->pcap);
	snprintf(filter, sizeof(filter), "tcp port %u", (unsigned)port);
	if (pcap_compile(cap->pcap, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == PCAP_ERROR ||
	    pcap_setfilter(cap->pcap, &prog) == PCAP_ERROR) {
		snprintf(why, why_len, "capture filter \"%s\": %s", filter,
		    pcap_geterr(cap->pcap));
		capture_close(cap);
		return -1;
	}
	pcap_freecode(&prog);
	cap->fd = pcap_get_selectable_fd(cap->pcap);
	if (pcap_setnonblock(cap->pcap, 1, ebuf) == PCAP_ERROR ||
	    cap->fd < 0) {
		snprintf(why, why_len, "capture on lo cannot be polled: %s",
		    ebuf);
		capture_close(cap);
		return -1;
	}
	*out = cap;
	return 0;
}

void
capture_close(struct capture *cap)
{
	if (cap == NULL)
		return;
	if (cap->pcap != NULL)
		pcap_close(cap->pcap);
	free(cap);
}

static void
capture_keep(struct capture_segment *seg, const u_char *tcp, size_t len)
{
	memcpy(seg->bytes, tcp, len);
	seg->len = len;
}

/*
 * tcpviz's decoder finds the TCP header whatever the link type and IP
 * options; the header's bytes end where its payload starts.
 */
static void
capture_packet(u_char *user, const struct pcap_pkthdr *ph, const u_char *p)
{
	struct capture *cap = (struct capture *)(void *)user;
	struct tcp_segment seg;
	const u_char *tcp;
	size_t hlen;
	unsigned flags;

	if (decode_frame(cap->linktype, p, ph->caplen, ph->len, &seg) !=
	    DECODE_OK)
		return;
	hlen = seg.hdr_len;
	tcp = seg.payload - hlen;
	flags = seg.flags;
	if (!cap->have_syn && seg.dst.port == cap->port &&
	    (flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN) {
		capture_keep(&cap->hs.syn, tcp, hlen);
		cap->have_syn = 1;
	} else if (cap->have_syn && !cap->have_syn_ack &&
	    seg.src.port == cap->port &&
	    (flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) ==
	    (TCP_FLAG_SYN | TCP_FLAG_ACK)) {
		capture_keep(&cap->hs.syn_ack, tcp, hlen);
		cap->have_syn_ack = 1;
	} else if (cap->have_syn_ack && !cap->have_ack &&
	    seg.dst.port == cap->port &&
	    (flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_ACK) {
		capture_keep(&cap->hs.ack, tcp, hlen);
		cap->have_ack = 1;
	}
}

static long
capture_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
}

int
capture_handshake(struct capture *cap, int timeout_ms,
    struct capture_handshake *hs, char *why, size_t why_len)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!cap->have_ack) {
		struct pollfd p = { .fd = cap->fd, .events = POLLIN };
		long left = timeout_ms - capture_ms_since(&start);

		if (left <= 0)
			break;
		if (poll(&p, 1, (int)left) == -1 && errno != EINTR)
			break;
		if (pcap_dispatch(cap->pcap, -1, capture_packet,
		    (u_char *)cap) == PCAP_ERROR) {
			snprintf(why, why_len, "reading the capture: %s",
			    pcap_geterr(cap->pcap));
			return -1;
		}
	}
	if (!cap->have_ack) {
		snprintf(why, why_len, "no %s seen on lo within %d ms for "
		    "port %u", !cap->have_syn ? "SYN" : !cap->have_syn_ack ?
		    "SYN-ACK" : "final ACK", timeout_ms, (unsigned)cap->port);
		return -1;
	}
	*hs = cap->hs;
	return 0;
}
