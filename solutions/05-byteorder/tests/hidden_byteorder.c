/*
 * Lab 05 hidden tests: the same contracts, where a parser or converter that
 * only satisfies the public tests tends to break.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "tcp_header.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"

#define HANDOUT "handouts/05-byteorder.md"

static int
parse_copy(const uint8_t *bytes, size_t len, struct tcp_header *h)
{
	uint8_t *buf = malloc(len);
	int rc;

	cr_assert(buf != NULL);
	memcpy(buf, bytes, len);
	memset(h, 0, sizeof(*h));
	rc = tcp_header_parse(buf, len, h);
	free(buf);
	return rc;
}

LAB_TEST(hidden, u64_round_trip, 1,
    "bo_put_u64/bo_get_u64 use all eight bytes, most significant first")
{
	static const uint8_t want[8] = { 0xF0, 0xE1, 0xD2, 0xC3, 0x04, 0x15,
	    0x26, 0x37 };
	uint8_t buf[8];
	uint64_t v = 0xF0E1D2C304152637ULL;

	memset(buf, 0, sizeof(buf));
	bo_put_u64(buf, v);
	cr_assert(memcmp(buf, want, 8) == 0, "bo_put_u64(0x%016llx) wrote "
	    "%s, expected %s%s (see " HANDOUT "#buffers)",
	    (unsigned long long)v, fixture_bytes(buf, 8), fixture_bytes(want, 8),
	    memcmp(buf, (const uint8_t[8]){ 0 }, 8) == 0 ? ": nothing came "
	    "out (is it still the skeleton?)" : "");
	cr_assert(bo_get_u64(want) == v, "bo_get_u64 returned 0x%016llx, "
	    "expected 0x%016llx: cast to uint64_t before shifting by 32 or "
	    "more (see " HANDOUT "#buffers)",
	    (unsigned long long)bo_get_u64(want), (unsigned long long)v);
}

LAB_TEST(hidden, high_bytes, 1,
    "bytes of 0x80 and above convert without sign extension")
{
	static const uint8_t b[4] = { 0x80, 0xFF, 0x90, 0xA0 };
	uint32_t wire;

	cr_assert(bo_get_u32(b) == 0x80FF90A0u, "bo_get_u32 of 80 ff 90 a0 "
	    "returned 0x%08x%s (see " HANDOUT "#buffers)", bo_get_u32(b),
	    bo_get_u32(b) == 0 ? ": nothing came out (is it still the "
	    "skeleton?)" : "");
	cr_assert(bo_get_u16(b + 1) == 0xFF90, "bo_get_u16 of ff 90 "
	    "returned 0x%04x (see " HANDOUT "#buffers)", bo_get_u16(b + 1));
	memcpy(&wire, b, 4);
	cr_assert(bo_ntohl(wire) == 0x80FF90A0u, "bo_ntohl of 80 ff 90 a0 "
	    "returned 0x%08x (see " HANDOUT "#network-order)",
	    bo_ntohl(wire));
}

LAB_TEST(hidden, options_edge_cases, 1,
    "options: EOL ends the list, unknown kinds are skipped, offset 15")
{
	uint8_t b[60];
	struct tcp_header h;
	int rc;

	memset(b, 0, sizeof(b));
	b[12] = 0xF0; /* 60 bytes */
	b[13] = TCP_FLAG_SYN;
	b[20] = 30; /* an unknown kind, length 6 */
	b[21] = 6;
	b[26] = 1;
	b[27] = TCP_OPT_MSS;
	b[28] = 4;
	b[29] = 0x3F;
	b[30] = 0xD8;
	b[31] = TCP_OPT_WSCALE;
	b[32] = 3;
	b[33] = 14;
	b[34] = TCP_OPT_EOL;
	b[35] = 0x02; /* garbage after EOL must be ignored */
	b[36] = 0x00;
	rc = parse_copy(b, 60, &h);
	cr_assert(rc == 60, "a 60-byte header (offset 15) with an unknown "
	    "option, MSS, window scale, then EOL and garbage returned %d "
	    "(errno %s), expected 60: skip unknown kinds by their length and "
	    "stop at EOL (see " HANDOUT "#options)", rc,
	    fixture_errno_name(errno));
	cr_assert(h.has_mss && h.mss == 16344 && h.has_wscale &&
	    h.wscale == 14, "MSS %u (present %d), window scale %u (present "
	    "%d), expected 16344 and 14 (see " HANDOUT "#options)", h.mss,
	    h.has_mss, h.wscale, h.has_wscale);
	b[12] = 0x50;
	rc = parse_copy(b, 20, &h);
	cr_assert(rc == 20 && !h.has_mss && !h.has_wscale, "a bare 20-byte "
	    "header returned %d, MSS present %d: with data offset 5 there "
	    "are no options (see " HANDOUT "#options)", rc, h.has_mss);
}

LAB_TEST(hidden, each_flag, 1,
    "each of FIN, SYN, RST, PSH, ACK, URG is read on its own")
{
	static const uint8_t flags[] = { TCP_FLAG_FIN, TCP_FLAG_SYN,
	    TCP_FLAG_RST, TCP_FLAG_PSH, TCP_FLAG_ACK, TCP_FLAG_URG };
	uint8_t b[100];
	struct tcp_header h;

	memset(b, 0xAB, sizeof(b));
	b[12] = 0x50;
	for (size_t i = 0; i < sizeof(flags); i++) {
		int rc;

		b[13] = (uint8_t)(0xC0 | flags[i]); /* CWR, ECE set too */
		rc = parse_copy(b, sizeof(b), &h);
		cr_assert(rc == 20, "a header followed by 80 bytes of "
		    "payload returned %d (errno %s), expected 20 (see " HANDOUT
		    "#the-tcp-header)", rc, fixture_errno_name(errno));
		cr_assert(h.flags == flags[i], "flag byte 0x%02x parsed as "
		    "0x%02x, expected 0x%02x: keep the low 6 bits (see "
		    HANDOUT "#the-tcp-header)", b[13], h.flags, flags[i]);
	}
}
