/* The store behind `s`: the newest packets, bytes intact, in a pcap file. */
#define _DEFAULT_SOURCE	/* pcap.h uses u_char */

#include <criterion/criterion.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pktstore.h"

Test(pktstore, keeps_the_newest_and_saves_them, .timeout = 10)
{
	struct pktstore *ps = pktstore_new(3);
	uint8_t bytes[300];
	struct raw_frame f = { .data = bytes };
	char path[] = "/tmp/tcpviz-store-XXXXXX", err[256];
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int fd, n = 0;

	cr_assert_not_null(ps);
	/* Sizes grow and shrink, so slots are reused and grown. */
	for (int i = 0; i < 6; i++) {
		memset(bytes, 'a' + i, sizeof(bytes));
		f.ts_sec = i;
		f.caplen = f.len = (uint32_t)(i % 2 == 0 ? 60 : 300);
		cr_assert_eq(pktstore_add(ps, &f), 0);
	}
	cr_expect_eq(pktstore_count(ps), 3);
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	close(fd);
	cr_assert_eq(pktstore_save(ps, 1, path, err, sizeof(err)), 0, "%s",
	    err);
	p = pcap_open_offline(path, ebuf);
	cr_assert_not_null(p, "%s", ebuf);
	while (pcap_next_ex(p, &h, &data) == 1) {
		int i = 3 + n++;

		cr_expect_eq(h->ts.tv_sec, i, "oldest kept first");
		cr_expect_eq(h->caplen, i % 2 == 0 ? 60u : 300u);
		cr_expect_eq(data[h->caplen - 1], 'a' + i);
	}
	cr_expect_eq(n, 3);
	pcap_close(p);
	unlink(path);
	pktstore_free(ps);
}
