/*
 * Lab 05 public tests. Numbers are checked against exact byte arrays (never
 * against htonl, which would hide the host's byte order), with values whose
 * bytes all differ so a missing or half-done swap shows. The TCP parser is
 * fed exact-size heap copies (ASan in `make check` sees any read past the
 * end) and the headers of a real handshake captured on loopback.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "byteorder.h"
#include "tcp_header.h"
#include "test/capture.h"
#include "test/fixtures.h"
#include "test/socklab_test.h"
#include "tests/proxy.h"

#define HANDOUT "handouts/05-byteorder.md"

static const char *
err_name(int err)
{
	switch (err) {
	case ENOSPC: return "ENOSPC";
	case ENOMEM: return "ENOMEM";
	default: return fixture_errno_name(err);
	}
}

/* "0a 0b 0c 0d" into a static buffer (one of two, for two per message). */
static const char *
hex(const uint8_t *b, size_t n)
{
	static char text[2][64];
	static int which;
	char *out = text[which ^= 1];
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + 4 < sizeof(text[0]); i++)
		used += (size_t)snprintf(out + used, sizeof(text[0]) - used,
		    "%s%02x", i ? " " : "", b[i]);
	return out;
}

/* What a wrong byte pattern most likely means. */
static const char *
diagnose(const uint8_t *got, const uint8_t *want, size_t n)
{
	int reversed = 1, zero = 1, halves = n == 4, inner = n == 4;

	for (size_t i = 0; i < n; i++) {
		reversed &= got[i] == want[n - 1 - i];
		zero &= got[i] == 0 || got[i] == 0xEE; /* 0xEE: the test's fill */
	}
	if (n == 4) {
		halves = got[0] == want[2] && got[1] == want[3] &&
		    got[2] == want[0] && got[3] == want[1];
		inner = got[0] == want[1] && got[1] == want[0] &&
		    got[2] == want[3] && got[3] == want[2];
	}
	if (zero)
		return "nothing came out (is it still the skeleton?)";
	if (reversed)
		return "the bytes are in the reverse order: the value was left "
		    "in host order (little-endian here), the swap is missing";
	if (halves)
		return "the two 16-bit halves are in the wrong order (each "
		    "half is right): the most significant byte (v >> 24) "
		    "must come first";
	if (inner)
		return "the halves are in their places but the two bytes "
		    "inside each 16-bit half are exchanged";
	return "some bytes are wrong: check each shift and mask";
}

/* An exact-size heap copy, so ASan reports any read past its end. */
static uint8_t *
heap_copy(const uint8_t *bytes, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	cr_assert(p != NULL);
	memcpy(p, bytes, len);
	return p;
}

LAB_TEST(convert, htons_bytes, 1,
    "bo_htons/bo_ntohs: 0x1234 is the bytes 12 34 on the wire")
{
	static const uint8_t want[2] = { 0x12, 0x34 };
	uint16_t net = bo_htons(0x1234), wire, back;
	uint8_t got[2];

	memcpy(got, &net, 2);
	cr_assert(memcmp(got, want, 2) == 0, "bo_htons(0x1234) is the bytes "
	    "%s in memory, expected %s: %s (see " HANDOUT "#network-order)",
	    hex(got, 2), hex(want, 2), diagnose(got, want, 2));
	memcpy(&wire, want, 2);
	back = bo_ntohs(wire);
	cr_assert(back == 0x1234, "bo_ntohs of the bytes 12 34 returned "
	    "0x%04x, expected 0x1234: the first byte on the wire is the most "
	    "significant (see " HANDOUT "#network-order)", back);
}

LAB_TEST(convert, htonl_bytes, 2,
    "bo_htonl/bo_ntohl: 0x0A0B0C0D is the bytes 0a 0b 0c 0d on the wire")
{
	static const uint8_t want[4] = { 0x0A, 0x0B, 0x0C, 0x0D };
	uint32_t net = bo_htonl(0x0A0B0C0D), wire, back;
	uint8_t got[4];

	memcpy(got, &net, 4);
	cr_assert(memcmp(got, want, 4) == 0, "bo_htonl(0x0A0B0C0D) is the "
	    "bytes %s in memory, expected %s: %s (see " HANDOUT
	    "#network-order)", hex(got, 4), hex(want, 4),
	    diagnose(got, want, 4));
	memcpy(&wire, want, 4);
	back = bo_ntohl(wire);
	memcpy(got, &back, 4);
	cr_assert(back == 0x0A0B0C0D, "bo_ntohl of the bytes 0a 0b 0c 0d "
	    "returned 0x%08x, expected 0x0a0b0c0d: the first byte is the "
	    "most significant (see " HANDOUT "#network-order)", back);
	cr_assert(bo_ntohl(bo_htonl(0xCAFEF00D)) == 0xCAFEF00D,
	    "bo_ntohl(bo_htonl(0xCAFEF00D)) is 0x%08x: a round trip must "
	    "give the value back (see " HANDOUT "#network-order)",
	    bo_ntohl(bo_htonl(0xCAFEF00D)));
}

LAB_TEST(buffer, put_get, 2,
    "bo_put_u16/u32 write big-endian bytes and bo_get_u16/u32 read them")
{
	static const struct {
		uint32_t value;
		uint8_t bytes[4];
	} cases[] = {
		{ 0x0A0B0C0D, { 0x0A, 0x0B, 0x0C, 0x0D } },
		{ 0x12345678, { 0x12, 0x34, 0x56, 0x78 } },
		{ 0xFEDCBA98, { 0xFE, 0xDC, 0xBA, 0x98 } },
	};
	uint8_t buf[6];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t v = cases[i].value;
		uint32_t got;

		memset(buf, 0xEE, sizeof(buf));
		bo_put_u32_within(buf, sizeof(buf), 1, v);
		cr_assert(memcmp(buf + 1, cases[i].bytes, 4) == 0,
		    "bo_put_u32(0x%08x) wrote %s, expected %s: %s (see "
		    HANDOUT "#buffers)", v, hex(buf + 1, 4),
		    hex(cases[i].bytes, 4), diagnose(buf + 1,
		    cases[i].bytes, 4));
		cr_assert(buf[0] == 0xEE && buf[5] == 0xEE, "bo_put_u32 "
		    "wrote outside its 4 bytes (see " HANDOUT "#buffers)");
		got = bo_get_u32(cases[i].bytes);
		cr_assert(got == v, "bo_get_u32 of %s returned 0x%08x, "
		    "expected 0x%08x: buf[0] is the most significant byte; "
		    "cast each byte to uint32_t before shifting it (see "
		    HANDOUT "#buffers)", hex(cases[i].bytes, 4), got, v);
	}
	memset(buf, 0xEE, sizeof(buf));
	bo_put_u16_within(buf, sizeof(buf), 1, 0x1F90);
	cr_assert(buf[1] == 0x1F && buf[2] == 0x90 && buf[0] == 0xEE &&
	    buf[3] == 0xEE, "bo_put_u16(0x1f90) wrote %s, expected ee 1f 90 "
	    "ee around it (see " HANDOUT "#buffers)", hex(buf, 4));
	buf[1] = 0xC3;
	buf[2] = 0x51;
	cr_assert(bo_get_u16(buf + 1) == 0xC351, "bo_get_u16 of c3 51 "
	    "returned 0x%04x, expected 0xc351 (see " HANDOUT "#buffers)",
	    bo_get_u16(buf + 1));
}

/* A SYN-ACK like Linux sends, every field with distinct bytes. */
static const uint8_t sample_header[40] = {
	0x1F, 0x90, 0xC0, 0x01,             /* ports 8080 -> 49153 */
	0x0A, 0x0B, 0x0C, 0x0D,             /* seq */
	0x11, 0x22, 0x33, 0x44,             /* ack */
	0xA0, 0x12,                         /* offset 10, SYN|ACK */
	0xFA, 0xF0,                         /* window 64240 */
	0xBE, 0xEF, 0x01, 0x02,             /* checksum, urgent */
	0x02, 0x04, 0x05, 0xB4,             /* MSS 1460 */
	0x04, 0x02,                         /* SACK permitted */
	0x08, 0x0A, 0x00, 0x00, 0x12, 0x34,
	0x00, 0x00, 0x56, 0x78,             /* timestamps */
	0x01,                               /* NOP */
	0x03, 0x03, 0x07,                   /* window scale 7 */
};

LAB_TEST(tcp, parse_fields, 2,
    "tcp_header_parse reads every field and the MSS and window scale")
{
	uint8_t *buf = heap_copy(sample_header, sizeof(sample_header));
	struct tcp_header h;
	int rc;

	memset(&h, 0, sizeof(h));
	rc = tcp_header_parse(buf, sizeof(sample_header), &h);
	LAB_REQUIRE_IMPLEMENTED(rc, "tcp_header_parse");
	cr_assert(rc == 40, "tcp_header_parse returned %d (errno %s) for a "
	    "40-byte header with data offset 10, expected 40 (see " HANDOUT
	    "#the-tcp-header)", rc, err_name(errno));
	cr_assert(h.src_port == 8080 && h.dst_port == 49153, "ports %u -> "
	    "%u, expected 8080 -> 49153 (bytes 1f 90 c0 01): read them with "
	    "bo_get_u16 (see " HANDOUT "#the-tcp-header)", h.src_port,
	    h.dst_port);
	cr_assert(h.seq == 0x0A0B0C0D && h.ack == 0x11223344, "seq 0x%08x "
	    "ack 0x%08x, expected 0x0a0b0c0d and 0x11223344: both are 32-bit "
	    "big-endian at offsets 4 and 8 (see " HANDOUT "#the-tcp-header)",
	    h.seq, h.ack);
	cr_assert(h.data_offset == 10, "data_offset %u, expected 10: it is "
	    "the HIGH 4 bits of byte 12 (0xa0 >> 4) (see " HANDOUT
	    "#the-tcp-header)", h.data_offset);
	cr_assert(h.flags == (TCP_FLAG_SYN | TCP_FLAG_ACK), "flags 0x%02x, "
	    "expected 0x12 (SYN|ACK): the low 6 bits of byte 13 (see "
	    HANDOUT "#the-tcp-header)", h.flags);
	cr_assert(h.window == 64240 && h.checksum == 0xBEEF &&
	    h.urgent == 0x0102, "window %u checksum 0x%04x urgent 0x%04x, "
	    "expected 64240, 0xbeef, 0x0102 (offsets 14, 16, 18) (see "
	    HANDOUT "#the-tcp-header)", h.window, h.checksum, h.urgent);
	cr_assert(h.has_mss && h.mss == 1460, "MSS %s %u, expected 1460: "
	    "option kind 2, length 4, then a 16-bit value (see " HANDOUT
	    "#options)", h.has_mss ? "present," : "missing,", h.mss);
	cr_assert(h.has_wscale && h.wscale == 7, "window scale %s %u, "
	    "expected 7: it comes after SACK, timestamps and a NOP, so skip "
	    "each option by its length byte (see " HANDOUT "#options)",
	    h.has_wscale ? "present," : "missing,", h.wscale);
	free(buf);
}

/* What one parse did, reported from a child process. */
struct parse_outcome {
	int rc;
	int err;
};

/*
 * Runs the parser on an exact-size copy in a child process (of the
 * worker, see tests/proxy.h), so that a parser that loops for ever or
 * reads out of bounds (ASan, SIGSEGV) is reported with a message that
 * names the input, instead of ending the test. Fails the test unless the
 * parse returned.
 */
static struct parse_outcome
parse_in_child(const uint8_t *bytes, size_t len, const char *what)
{
	struct lab05_parse_outcome o;
	struct parse_outcome out;

	memset(&o, 0, sizeof(o));
	tcp_header_parse_isolated(bytes, len, 1000, &o);
	cr_assert(o.end != PARSE_HUNG, "tcp_header_parse did not return "
	    "within a second on %s: an option walk that never advances "
	    "loops for ever (see " HANDOUT "#malformed-headers)", what);
	cr_assert(o.end == PARSE_RETURNED, "tcp_header_parse crashed on %s "
	    "(%s): it read outside the %zu bytes it was given; check every "
	    "length before you read (see " HANDOUT "#malformed-headers)",
	    what, o.signal != 0 ? strsignal(o.signal) :
	    "AddressSanitizer report", len);
	out.rc = o.rc;
	out.err = o.err;
	return out;
}

/* Expects the parser to refuse these bytes with -1 and EINVAL. */
static void
expect_rejected(const uint8_t *bytes, size_t len, const char *what,
    const char *why)
{
	struct parse_outcome o = parse_in_child(bytes, len, what);

	errno = o.err;
	LAB_REQUIRE_IMPLEMENTED(o.rc, "tcp_header_parse");
	cr_assert(o.rc == -1 && o.err == EINVAL, "tcp_header_parse accepted "
	    "%s (%zu bytes): returned %d with errno %s, expected -1 with "
	    "EINVAL: %s (see " HANDOUT "#malformed-headers)", what, len, o.rc,
	    err_name(o.err), why);
}

LAB_TEST(tcp, rejects_malformed, 2,
    "tcp_header_parse rejects short headers, bad offsets and bad options")
{
	uint8_t b[40];

	expect_rejected(sample_header, 19, "a 19-byte buffer",
	    "a TCP header is at least 20 bytes; check len before reading");
	memcpy(b, sample_header, 40);
	b[12] = 0x40;
	expect_rejected(b, 40, "a data offset of 4",
	    "the data offset counts 32-bit words and is at least 5");
	b[12] = 0x00;
	expect_rejected(b, 40, "a data offset of 0",
	    "the data offset is at least 5");
	expect_rejected(sample_header, 24, "a data offset of 10 (40 bytes) "
	    "in a 24-byte buffer", "data_offset * 4 must not be past len");
	memcpy(b, sample_header, 40);
	b[21] = 0;
	expect_rejected(b, 40, "an option of length 0",
	    "an option length below 2 would never advance: reject it");
	b[21] = 1;
	expect_rejected(b, 40, "an option of length 1",
	    "an option length below 2 would never advance: reject it");
	memcpy(b, sample_header, 40);
	b[37] = 0x02; /* MSS, length 4, at 37: runs 1 byte past 40 */
	b[38] = 0x04;
	expect_rejected(b, 40, "an MSS option running past the header",
	    "check that each option fits before you read it");
	memcpy(b, sample_header, 40);
	b[37] = b[38] = 0x01; /* NOPs, then a kind with no room for a length */
	b[39] = 0x02;
	expect_rejected(b, 40, "an option kind in the header's last byte",
	    "a kind other than EOL/NOP needs a length byte after it");
}

/* The trusted reader: finds option kind in a captured header. */
static const uint8_t *
raw_option(const struct capture_segment *s, uint8_t kind)
{
	for (size_t i = 20; i + 1 < s->len && s->bytes[i] != 0;) {
		if (s->bytes[i] == 1) {
			i++;
			continue;
		}
		if (s->bytes[i] == kind)
			return &s->bytes[i];
		if (s->bytes[i + 1] < 2)
			return NULL;
		i += s->bytes[i + 1];
	}
	return NULL;
}

/* Parses a captured segment from an exact-size copy. */
static void
parse_captured(const struct capture_segment *s, const char *name,
    struct tcp_header *h)
{
	uint8_t *buf = heap_copy(s->bytes, s->len);
	int rc;

	memset(h, 0, sizeof(*h));
	rc = tcp_header_parse(buf, s->len, h);
	LAB_REQUIRE_IMPLEMENTED(rc, "tcp_header_parse");
	cr_assert(rc == (int)s->len, "tcp_header_parse returned %d (errno "
	    "%s) for the captured %s, a %zu-byte header: real headers carry "
	    "options; walk them to data_offset * 4 (see " HANDOUT
	    "#options)", rc, err_name(errno), name, s->len);
	free(buf);
}

static uint16_t
local_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	cr_assert(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	return ntohs(a.sin_port);
}

LAB_TEST_TIMED(tcp, live_handshake, 2, 6,
    "tcp_header_parse agrees with the kernel on a real captured handshake")
{
	struct sockaddr_in a;
	struct capture *cap = NULL;
	struct capture_handshake hs;
	struct tcp_header syn, syn_ack, ack;
	char why[512];
	uint16_t lport, cport;
	const uint8_t *mss;
	int lfd, cfd, sfd, rc;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    listen(lfd, 1) == 0);
	lport = local_port(lfd);
	rc = capture_open(&cap, lport, why, sizeof(why));
	if (rc == CAPTURE_DENIED)
		cr_skip_test("%s", why);
	cr_assert(rc == 0, "the test could not start a capture: %s", why);

	cfd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons(lport);
	cr_assert(cfd >= 0 && connect(cfd, (struct sockaddr *)&a,
	    sizeof(a)) == 0);
	cport = local_port(cfd);
	sfd = accept(lfd, NULL, NULL);
	cr_assert(sfd >= 0);
	rc = capture_handshake(cap, 3000, &hs, why, sizeof(why));
	capture_close(cap);
	cr_assert(rc == 0, "the test's capture failed: %s", why);

	parse_captured(&hs.syn, "SYN", &syn);
	parse_captured(&hs.syn_ack, "SYN-ACK", &syn_ack);
	parse_captured(&hs.ack, "ACK", &ack);
	cr_assert(syn.src_port == cport && syn.dst_port == lport,
	    "the SYN parsed as port %u -> %u, but the kernel says the client "
	    "is port %u and the listener %u: ports are big-endian 16-bit "
	    "numbers (see " HANDOUT "#the-tcp-header)", syn.src_port,
	    syn.dst_port, cport, lport);
	cr_assert(syn_ack.src_port == lport && syn_ack.dst_port == cport &&
	    ack.src_port == cport, "the SYN-ACK parsed as port %u -> %u, "
	    "expected %u -> %u (see " HANDOUT "#the-tcp-header)",
	    syn_ack.src_port, syn_ack.dst_port, lport, cport);
	cr_assert((syn.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST |
	    TCP_FLAG_FIN)) == TCP_FLAG_SYN &&
	    (syn_ack.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) ==
	    (TCP_FLAG_SYN | TCP_FLAG_ACK) &&
	    (ack.flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_ACK,
	    "flags parsed as SYN 0x%02x, SYN-ACK 0x%02x, ACK 0x%02x; "
	    "expected 0x02, 0x12, 0x10: the flags are the low 6 bits of "
	    "byte 13 (see " HANDOUT "#the-tcp-header)", syn.flags,
	    syn_ack.flags, ack.flags);
	cr_assert(syn_ack.ack == syn.seq + 1, "the SYN-ACK acknowledges %u "
	    "but the SYN's sequence number parsed as %u: the kernel always "
	    "acknowledges the SYN with its seq + 1, so one of the 32-bit "
	    "reads is wrong (see " HANDOUT "#the-tcp-header)", syn_ack.ack,
	    syn.seq);
	cr_assert(ack.ack == syn_ack.seq + 1 && ack.seq == syn.seq + 1,
	    "the final ACK parsed as seq %u ack %u; the kernel sends seq = "
	    "SYN seq + 1 = %u and ack = SYN-ACK seq + 1 = %u (see " HANDOUT
	    "#the-tcp-header)", ack.seq, ack.ack, syn.seq + 1,
	    syn_ack.seq + 1);
	mss = raw_option(&hs.syn, 2);
	cr_assert(mss != NULL, "the kernel's SYN has no MSS option?");
	cr_assert(syn.has_mss && syn.mss == (mss[2] << 8 | mss[3]),
	    "the SYN's MSS parsed as %s%u; the kernel sent %u (see " HANDOUT
	    "#options)", syn.has_mss ? "" : "absent, ", syn.mss,
	    mss[2] << 8 | mss[3]);
	if (raw_option(&hs.syn, 3) != NULL)
		cr_assert(syn.has_wscale &&
		    syn.wscale == raw_option(&hs.syn, 3)[2], "the SYN's window "
		    "scale parsed as %s%u; the kernel sent %u (see " HANDOUT
		    "#options)", syn.has_wscale ? "" : "absent, ", syn.wscale,
		    raw_option(&hs.syn, 3)[2]);
	cr_assert(syn.window == (hs.syn.bytes[14] << 8 | hs.syn.bytes[15]),
	    "the SYN's window parsed as %u, the kernel sent %u (see "
	    HANDOUT "#the-tcp-header)", syn.window,
	    hs.syn.bytes[14] << 8 | hs.syn.bytes[15]);
	close(sfd);
	close(cfd);
	close(lfd);
}

LAB_TEST(address, parse_valid, 1,
    "bo_address_parse turns IPv4 and IPv6 text into network-order bytes")
{
	static const struct {
		const char *text;
		int family;
		uint8_t bytes[16];
	} cases[] = {
		{ "192.0.2.1", AF_INET, { 192, 0, 2, 1 } },
		{ "10.11.12.13", AF_INET, { 10, 11, 12, 13 } },
		{ "2001:db8::1", AF_INET6,
		    { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		    1 } },
		{ "::1", AF_INET6, { [15] = 1 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bo_address addr;
		size_t n = cases[i].family == AF_INET ? 4 : 16;
		int rc;

		memset(&addr, 0, sizeof(addr));
		rc = bo_address_parse(cases[i].text, &addr);
		LAB_REQUIRE_IMPLEMENTED(rc, "bo_address_parse");
		cr_assert(rc == 0, "bo_address_parse(\"%s\") returned %d "
		    "(errno %s), expected 0: inet_pton returns 1 for a good "
		    "address (see " HANDOUT "#addresses)", cases[i].text, rc,
		    err_name(errno));
		cr_assert(addr.family == cases[i].family, "bo_address_parse("
		    "\"%s\") set family %s, expected %s (see " HANDOUT
		    "#addresses)", cases[i].text,
		    fixture_family_name(addr.family),
		    fixture_family_name(cases[i].family));
		cr_assert(memcmp(addr.bytes, cases[i].bytes, n) == 0,
		    "bo_address_parse(\"%s\") gave the bytes %s, expected "
		    "%s: copy what inet_pton wrote, it is already in network "
		    "order (see " HANDOUT "#addresses)", cases[i].text,
		    hex(addr.bytes, n), hex(cases[i].bytes, n));
	}
}

LAB_TEST(address, rejects_bad, 1,
    "bo_address_parse refuses \"256.1.1.1\", \"1.2.3\", \"\", \"::1::\"")
{
	static const char *bad[] = {
		"256.1.1.1", "1.2.3", "", "::1::", "1.2.3.4.5", "localhost",
		"12345::", "1.2.3.4 ",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bo_address addr;
		int rc;

		memset(&addr, 0, sizeof(addr));
		errno = 0;
		rc = bo_address_parse(bad[i], &addr);
		LAB_REQUIRE_IMPLEMENTED(rc, "bo_address_parse");
		cr_assert(rc == -1 && errno == EINVAL, "bo_address_parse("
		    "\"%s\") returned %d with errno %s, expected -1 with "
		    "EINVAL: inet_pton returns 0 (not -1) for a string that "
		    "is not an address, so test for == 1; inet_aton would "
		    "also accept shorthand like \"1.2.3\" (see " HANDOUT
		    "#addresses)", bad[i], rc, err_name(errno));
	}
}

LAB_TEST(address, format, 1,
    "bo_address_format writes text with inet_ntop and reports ENOSPC")
{
	struct bo_address v4 = { AF_INET, { 198, 51, 100, 7 } };
	struct bo_address v6 = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [15] =
	    0x2a } };
	struct bo_address odd = { AF_UNIX, { 0 } };
	char buf[64], tiny[8];
	int rc;

	rc = bo_address_format(&v4, buf, sizeof(buf));
	LAB_REQUIRE_IMPLEMENTED(rc, "bo_address_format");
	cr_assert(rc == 0 && strcmp(buf, "198.51.100.7") == 0,
	    "bo_address_format(198.51.100.7) returned %d and %s (see "
	    HANDOUT "#addresses)", rc, rc == 0 ? fixture_text(buf,
	    sizeof(buf)) : "nothing");
	rc = bo_address_format(&v6, buf, sizeof(buf));
	cr_assert(rc == 0 && strcmp(buf, "2001:db8::2a") == 0,
	    "bo_address_format(2001:db8::2a) returned %d (errno %s) and %s "
	    "(see " HANDOUT "#addresses)", rc, fixture_errno_name(errno),
	    rc == 0 ? fixture_text(buf, sizeof(buf)) : "nothing");
	errno = 0;
	rc = bo_address_format(&v4, tiny, sizeof(tiny));
	cr_assert(rc == -1 && errno == ENOSPC, "bo_address_format into an "
	    "8-byte buffer returned %d with errno %s, expected -1 with "
	    "ENOSPC: pass the real buffer size to inet_ntop (see " HANDOUT
	    "#addresses)", rc, err_name(errno));
	errno = 0;
	rc = bo_address_format(&odd, buf, sizeof(buf));
	cr_assert(rc == -1 && errno == EAFNOSUPPORT, "bo_address_format of "
	    "an AF_UNIX address returned %d with errno %s, expected -1 with "
	    "EAFNOSUPPORT (see " HANDOUT "#addresses)", rc, err_name(errno));
}
