/*
 * The analysis oracle on real traffic, in a private network namespace:
 * a transfer into a receiver that stops reading, so the kernel really
 * sends zero windows, probes and window updates, and the same capture
 * with segments removed (loss) and swapped (reordering); then a bulk
 * transfer through a token bucket on lo that drops what overflows it,
 * so the kernel really retransmits (this kernel has no netem). tshark
 * and tcpviz must flag every segment alike.
 */
#define _GNU_SOURCE	/* unshare, in harness_private_loopback */

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "harness.h"
#include "oracle.h"

#define T_TIMEOUT 60.0
/* Sent in all: enough to fill the small receive buffer many times. */
#define TRANSFER_BYTES (512 * 1024)
/* The receiver's buffer: small, so the window closes. */
#define RCVBUF 4096
/* How long the receiver stops reading: the persist timer (RTO, 200 ms
 * minimum on Linux) sends zero-window probes meanwhile. */
#define STALL_MS 700

static void
nonblocking(int fd)
{
	cr_assert_neq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), -1);
}

/*
 * Listener, client and accepted server sockets; rcvbuf > 0 gives the
 * server that receive buffer.
 */
static void
open_pair(int *client, int *server, int rcvbuf)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_neq(lfd, -1);
	/* Before listen(): the accepted socket inherits it (socket(7)). */
	if (rcvbuf > 0)
		cr_assert_eq(setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf)), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 1), 0);
	cr_assert_eq(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	*client = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_neq(*client, -1);
	cr_assert_eq(connect(*client, (struct sockaddr *)&sa, sizeof(sa)), 0);
	*server = accept(lfd, NULL, NULL);
	cr_assert_neq(*server, -1);
	close(lfd);
	nonblocking(*client);
	nonblocking(*server);
}

/* Writes what the socket takes now. Returns the bytes written. */
static size_t
write_some(int fd, size_t want)
{
	static const char buf[65536];
	size_t done = 0;

	while (done < want) {
		size_t n = want - done < sizeof(buf) ? want - done : sizeof(buf);
		ssize_t w = write(fd, buf, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			cr_assert(errno == EAGAIN || errno == EWOULDBLOCK,
			    "write: %s", strerror(errno));
			break;
		}
		done += (size_t)w;
	}
	return done;
}

/* Reads what is there. Returns the bytes read; sets *eof at the end. */
static size_t
read_some(int fd, int *eof)
{
	char buf[65536];
	size_t done = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r == -1 && errno == EINTR)
			continue;
		if (r == 0)
			*eof = 1;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	return done;
}

/*
 * The transfer of bytes: the client fills the window, the receiver
 * stalls for stall_ms (0: not at all), then both run until all bytes are
 * across and the client closes; the server answers with its own close.
 */
static void
transfer(size_t bytes, int rcvbuf, int stall_ms)
{
	struct pollfd p[2];
	size_t sent, got = 0;
	int client, server, eof = 0, closed = 0;

	open_pair(&client, &server, rcvbuf);
	sent = write_some(client, bytes);
	/* Nothing to wait for: the window stays shut until we read. */
	p[0].fd = server;
	p[0].events = 0;
	if (stall_ms > 0)
		cr_assert_eq(poll(p, 1, stall_ms), 0);
	while (!eof) {
		got += read_some(server, &eof);
		if (sent < bytes)
			sent += write_some(client, bytes - sent);
		else if (!closed) {
			cr_assert_eq(shutdown(client, SHUT_WR), 0);
			closed = 1;
		}
		p[0].fd = server;
		p[0].events = POLLIN;
		p[1].fd = client;
		p[1].events = sent < bytes ? POLLOUT : 0;
		cr_assert_neq(poll(p, 2, 5000), -1);
	}
	cr_expect_eq(got, bytes);
	close(server);
	close(client);
}

/* The dump file keeps the packets; nothing else is wanted of them. */
static void
saved_only(void *user, const struct raw_frame *f)
{
	(void)user;
	(void)f;
}

/* Records a transfer on lo into a new pcap file; its name goes in path. */
static void
record(char *path, size_t bytes, int rcvbuf, int stall_ms)
{
	struct capture_config cfg = { .device = "lo", .filter = "tcp" };
	struct capture *cap;
	char err[512];
	int rc, fd, n;

	rc = capture_open(&cap, &cfg, err, sizeof(err));
	if (rc == CAPTURE_ERR_PERM)
		cr_skip_test("capture not permitted here: %s", err);
	cr_assert_eq(rc, 0, "%s", err);
	strcpy(path, "/tmp/tcpviz-live-XXXXXX");
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	close(fd);
	cr_assert_eq(capture_dump_open(cap, path, err, sizeof(err)), 0, "%s",
	    err);
	transfer(bytes, rcvbuf, stall_ms);
	/* Loopback segments are in the capture buffer once sent. */
	do
		n = capture_dispatch(cap, 0, saved_only, NULL, err,
		    sizeof(err));
	while (n > 0);
	cr_assert_geq(n, 0, "%s", err);
	capture_close(cap);
}

/*
 * Copies the capture at in to a new file, leaving out frame i when
 * drop(i) and swapping frame i with i + 1 when swap(i) (timestamps stay
 * in order, as a reordering network leaves them). Returns in path.
 */
static void
perturb(const char *in, char *path, int drop_every, int swap_every)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h, held;
	const u_char *data;
	static u_char held_data[65536];
	pcap_t *p = pcap_open_offline(in, err);
	pcap_dumper_t *d;
	int fd, have = 0;
	unsigned i = 0;

	cr_assert_not_null(p, "%s", err);
	strcpy(path, "/tmp/tcpviz-lossy-XXXXXX");
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	close(fd);
	d = pcap_dump_open(p, path);
	cr_assert_not_null(d, "%s", pcap_geterr(p));
	while (pcap_next_ex(p, &h, &data) == 1) {
		i++;
		/* Keep the handshake: it sets the window scale. */
		if (i > 3 && drop_every > 0 && i % (unsigned)drop_every == 0)
			continue;
		if (have) {
			struct pcap_pkthdr later = *h;

			/* The later frame first, at the earlier time. */
			later.ts = held.ts;
			held.ts = h->ts;
			pcap_dump((u_char *)d, &later, data);
			pcap_dump((u_char *)d, &held, held_data);
			have = 0;
		} else if (i > 3 && swap_every > 0 &&
		    i % (unsigned)swap_every == 0 && h->caplen <=
		    sizeof(held_data)) {
			held = *h;
			memcpy(held_data, data, h->caplen);
			have = 1;
		} else {
			pcap_dump((u_char *)d, h, data);
		}
	}
	if (have)
		pcap_dump((u_char *)d, &held, held_data);
	pcap_dump_close(d);
	pcap_close(p);
}

/* Compares; a capture they disagree on is kept for a look, else removed. */
static void
expect_agreement(const char *path, const char *what)
{
	struct oracle_result res;

	oracle_compare(path, NULL, &res);
	cr_log_info("%s: %zu frames, tshark flags %#x", what, res.frames,
	    (unsigned)res.seen);
	cr_expect_gt(res.frames, 20, "%s: only %zu frames captured", what,
	    res.frames);
	cr_expect_eq(res.disagree, 0, "%s: %zu of %zu segments disagree with "
	    "tshark (capture kept in %s)", what, res.disagree, res.frames,
	    path);
	if (res.disagree == 0)
		unlink(path);
}

Test(oracle_live, loopback_transfer_with_loss_and_reordering,
    .timeout = T_TIMEOUT)
{
	char rec[64], lossy[64], reordered[64], both[64];

	oracle_require_tshark();
	harness_private_loopback();
	record(rec, TRANSFER_BYTES, RCVBUF, STALL_MS);
	perturb(rec, lossy, 7, 0);
	perturb(rec, reordered, 0, 5);
	perturb(rec, both, 11, 4);
	expect_agreement(rec, "as recorded");
	expect_agreement(lossy, "every 7th segment lost");
	expect_agreement(reordered, "every 5th segment swapped");
	expect_agreement(both, "lost and swapped");
}

/*
 * Real loss: lo behind a token bucket that drops what overflows its
 * queue (tc-tbf(8); this kernel has no netem), a 2 MB transfer through
 * it: the kernel retransmits, fast and on timeout, and ACKs duplicate.
 * Skipped where tc cannot set it up.
 */
Test(oracle_live, loopback_transfer_through_a_lossy_queue,
    .timeout = T_TIMEOUT)
{
	char rec[64];

	oracle_require_tshark();
	harness_private_loopback();
	/* 1500-byte segments, as on a real link, then a queue of 16 of them. */
	if (system("ip link set lo mtu 1500 && tc qdisc add dev lo root tbf "
	    "rate 50mbit burst 16k limit 24k") != 0)
		cr_skip_test("cannot shape lo with tc-tbf here");
	record(rec, 2 * 1024 * 1024, 0, 0);
	expect_agreement(rec, "through a lossy queue");
}
