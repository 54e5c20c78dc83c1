/* pcap.h uses the BSD types u_char and u_int. */
#define _DEFAULT_SOURCE

#include "capture.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linktype.h"

struct capture {
	pcap_t *pcap;
	pcap_dumper_t *dumper;
	int live;
	int fd;
	int dlt;
	char *source;
	char *filter;
	int filter_default;	/* filter is the default (capture.h) */
	int loopback;		/* each packet is seen twice: see get_stats */
	/* The handler of the capture_dispatch() call in progress. */
	capture_handler fn;
	void *user;
};

static char *
dup_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/*
 * The first device libpcap flags as loopback ("lo" on Linux, "lo0" on the
 * BSDs and macOS). Returns a malloc'd name, or NULL with a message in err.
 */
static char *
find_loopback(char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_if_t *devs, *d;
	char *name = NULL;

	if (pcap_findalldevs(&devs, ebuf) == PCAP_ERROR) {
		snprintf(err, errlen, "cannot list capture devices: %s", ebuf);
		return NULL;
	}
	for (d = devs; d != NULL; d = d->next)
		if (d->flags & PCAP_IF_LOOPBACK)
			break;
	name = dup_string(d != NULL ? d->name : "lo");
	pcap_freealldevs(devs);
	if (name == NULL)
		snprintf(err, errlen, "out of memory");
	return name;
}

/* Whether libpcap flags the device as loopback; 0 if it cannot tell. */
static int
is_loopback(const char *dev)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_if_t *devs, *d;
	int lo = 0;

	if (pcap_findalldevs(&devs, ebuf) == PCAP_ERROR)
		return 0;
	for (d = devs; d != NULL; d = d->next)
		if (strcmp(d->name, dev) == 0)
			lo = (d->flags & PCAP_IF_LOOPBACK) != 0;
	pcap_freealldevs(devs);
	return lo;
}

/*
 * The message for a failed pcap_activate(). Permission problems get the
 * three ways forward, since that is what a student hits first.
 */
static int
activate_error(pcap_t *p, int rc, const char *dev, char *err, size_t errlen)
{
	if (rc == PCAP_ERROR_PERM_DENIED) {
		snprintf(err, errlen,
		    "no permission to capture on %s (%s).\n"
		    "Capturing needs the CAP_NET_RAW capability. Either:\n"
		    "  - run it as root: sudo tcpviz ...\n"
		    "  - grant the binary cap_net_raw,cap_net_admin once: "
		    "sudo make setcap\n"
		    "  - or replay a saved capture, which needs no privilege: "
		    "tcpviz -r FILE.pcap",
		    dev, pcap_geterr(p));
		return CAPTURE_ERR_PERM;
	}
	if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
		snprintf(err, errlen, "no capture device %s (%s); "
		    "`ip link` lists the devices", dev, pcap_geterr(p));
	else if (rc == PCAP_ERROR)
		snprintf(err, errlen, "cannot capture on %s: %s", dev,
		    pcap_geterr(p));
	else
		snprintf(err, errlen, "cannot capture on %s: %s (%s)", dev,
		    pcap_statustostr(rc), pcap_geterr(p));
	return CAPTURE_ERR;
}

static int
open_live(struct capture *cap, const struct capture_config *cfg, char *err,
    size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	int rc;

	cap->source = cfg->device != NULL ? dup_string(cfg->device) :
	    find_loopback(err, errlen);
	if (cap->source == NULL) {
		if (cfg->device != NULL)
			snprintf(err, errlen, "out of memory");
		return CAPTURE_ERR;
	}
	cap->pcap = pcap_create(cap->source, ebuf);
	if (cap->pcap == NULL) {
		snprintf(err, errlen, "cannot capture on %s: %s", cap->source,
		    ebuf);
		return CAPTURE_ERR;
	}
	/* These only fail on an activated handle, which this is not yet. */
	pcap_set_snaplen(cap->pcap,
	    cfg->snaplen > 0 ? cfg->snaplen : CAPTURE_SNAPLEN);
	pcap_set_immediate_mode(cap->pcap, 1);
	pcap_set_buffer_size(cap->pcap,
	    cfg->buffer_bytes > 0 ? cfg->buffer_bytes : CAPTURE_BUFFER_BYTES);
	rc = pcap_activate(cap->pcap);
	if (rc < 0)
		return activate_error(cap->pcap, rc, cap->source, err, errlen);
	if (pcap_setnonblock(cap->pcap, 1, ebuf) == PCAP_ERROR) {
		snprintf(err, errlen, "cannot make the capture non-blocking: %s",
		    ebuf);
		return CAPTURE_ERR;
	}
	cap->loopback = is_loopback(cap->source);
	cap->fd = pcap_get_selectable_fd(cap->pcap);
	if (cap->fd == -1) {
		snprintf(err, errlen, "%s has no descriptor to poll",
		    cap->source);
		return CAPTURE_ERR;
	}
	cap->live = 1;
	return 0;
}

static int
open_file(struct capture *cap, const struct capture_config *cfg, char *err,
    size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];

	cap->source = dup_string(cfg->file);
	if (cap->source == NULL) {
		snprintf(err, errlen, "out of memory");
		return CAPTURE_ERR;
	}
	/* Microseconds whatever the file holds: the text line shows them. */
	cap->pcap = pcap_open_offline_with_tstamp_precision(cfg->file,
	    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (cap->pcap == NULL) {
		snprintf(err, errlen, "%s", ebuf);
		return CAPTURE_ERR;
	}
	cap->fd = -1;
	return 0;
}

int
capture_set_filter(struct capture *cap, const char *filter, char *err,
    size_t errlen)
{
	struct bpf_program prog;
	char *copy = dup_string(filter);

	if (copy == NULL) {
		snprintf(err, errlen, "out of memory");
		return CAPTURE_ERR;
	}
	if (pcap_compile(cap->pcap, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == PCAP_ERROR) {
		snprintf(err, errlen, "bad filter \"%s\": %s", filter,
		    pcap_geterr(cap->pcap));
		free(copy);
		return CAPTURE_ERR_FILTER;
	}
	if (pcap_setfilter(cap->pcap, &prog) == PCAP_ERROR) {
		snprintf(err, errlen, "cannot set filter \"%s\": %s", filter,
		    pcap_geterr(cap->pcap));
		pcap_freecode(&prog);
		free(copy);
		return CAPTURE_ERR_FILTER;
	}
	pcap_freecode(&prog);
	free(cap->filter);
	cap->filter = copy;
	cap->filter_default = 0;
	return 0;
}

/*
 * The default filter: the first of the three that compiles for this link
 * type (see capture.h). Returns 0, or what capture_set_filter returns.
 */
static int
set_default_filter(struct capture *cap, char *err, size_t errlen)
{
	static const char *const tries[] = {
		CAPTURE_FILTER_ETHER, CAPTURE_FILTER_IP, "tcp",
	};
	size_t i;
	int rc = CAPTURE_ERR;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		rc = capture_set_filter(cap, tries[i], err, errlen);
		if (rc != CAPTURE_ERR_FILTER)
			break;
	}
	cap->filter_default = rc == 0;
	return rc;
}

int
capture_open(struct capture **capp, const struct capture_config *cfg,
    char *err, size_t errlen)
{
	struct capture *cap = calloc(1, sizeof(*cap));
	char name[64];
	int rc;

	if (cap == NULL) {
		snprintf(err, errlen, "out of memory");
		return CAPTURE_ERR;
	}
	cap->fd = -1;
	rc = cfg->file != NULL ? open_file(cap, cfg, err, errlen) :
	    open_live(cap, cfg, err, errlen);
	if (rc == 0) {
		cap->dlt = pcap_datalink(cap->pcap);
		if (!link_supported(cap->dlt)) {
			const char *pname = pcap_datalink_val_to_name(cap->dlt);
			const char *pdesc =
			    pcap_datalink_val_to_description(cap->dlt);

			snprintf(err, errlen,
			    "%s: link type %s (%s) is not supported; tcpviz "
			    "reads Ethernet, BSD loopback, Linux cooked "
			    "(SLL, SLL2), PPP, PPPoE, Cisco HDLC and raw IP",
			    cap->source,
			    pname != NULL ? pname :
			    link_name(cap->dlt, name, sizeof(name)),
			    pdesc != NULL ? pdesc : "unknown");
			rc = CAPTURE_ERR_LINK;
		}
	}
	if (rc == 0)
		rc = cfg->filter != NULL ?
		    capture_set_filter(cap, cfg->filter, err, errlen) :
		    set_default_filter(cap, err, errlen);
	if (rc != 0) {
		capture_close(cap);
		return rc;
	}
	*capp = cap;
	return 0;
}

int
capture_dump_open(struct capture *cap, const char *path, char *err,
    size_t errlen)
{
	cap->dumper = pcap_dump_open(cap->pcap, path);
	if (cap->dumper == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    pcap_geterr(cap->pcap));
		return -1;
	}
	return 0;
}

/* libpcap's callback: save the packet, then hand it on. */
static void
on_pcap_packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct capture *cap = (struct capture *)arg;
	struct raw_frame pkt;

	if (cap->dumper != NULL)
		pcap_dump((u_char *)cap->dumper, h, bytes);
	pkt.ts_sec = (int64_t)h->ts.tv_sec;
	pkt.ts_usec = (int32_t)h->ts.tv_usec;
	pkt.caplen = h->caplen;
	pkt.len = h->len;
	pkt.data = bytes;
	cap->fn(cap->user, &pkt);
}

int
capture_dispatch(struct capture *cap, int max, capture_handler fn,
    void *user, char *err, size_t errlen)
{
	int n;

	cap->fn = fn;
	cap->user = user;
	n = pcap_dispatch(cap->pcap, max > 0 ? max : -1, on_pcap_packet,
	    (u_char *)cap);
	if (n == PCAP_ERROR) {
		snprintf(err, errlen, "capture on %s failed: %s", cap->source,
		    pcap_geterr(cap->pcap));
		return -1;
	}
	if (n == PCAP_ERROR_BREAK)	/* capture_break(): the caller is done */
		n = 0;
	/* Keep the file useful while the capture runs. */
	if (n > 0 && cap->dumper != NULL)
		pcap_dump_flush(cap->dumper);
	return n;
}

void
capture_break(struct capture *cap)
{
	pcap_breakloop(cap->pcap);
}

int
capture_fd(const struct capture *cap)
{
	return cap->fd;
}

int
capture_is_live(const struct capture *cap)
{
	return cap->live;
}

int
capture_datalink(const struct capture *cap)
{
	return cap->dlt;
}

const char *
capture_source(const struct capture *cap)
{
	return cap->source;
}

const char *
capture_filter(const struct capture *cap)
{
	return cap->filter;
}

int
capture_filter_is_default(const struct capture *cap)
{
	return cap->filter_default;
}

int
capture_get_stats(struct capture *cap, struct capture_stats *st)
{
	struct pcap_stat ps;

	if (!cap->live || pcap_stats(cap->pcap, &ps) == PCAP_ERROR)
		return -1;
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	st->ifdropped = ps.ps_ifdrop;
	/*
	 * On loopback every packet passes the capture point twice, going
	 * out and coming in; both copies count in the kernel's numbers (and
	 * take ring space), and libpcap shows one. Half is what the user
	 * sees. (A BPF "inbound" would keep one copy in the kernel, but
	 * libpcap 1.10 on lo then delivers some packets not at all.)
	 */
	if (cap->loopback) {
		st->received /= 2;
		st->dropped = (st->dropped + 1) / 2;
	}
	return 0;
}

void
capture_close(struct capture *cap)
{
	if (cap == NULL)
		return;
	if (cap->dumper != NULL)
		pcap_dump_close(cap->dumper);
	if (cap->pcap != NULL)
		pcap_close(cap->pcap);
	free(cap->source);
	free(cap->filter);
	free(cap);
}
