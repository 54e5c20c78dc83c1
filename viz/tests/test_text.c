/* The text line: the exact format scripts and tests rely on. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "track.h"
#include "ui_text.h"

#define T_TIMEOUT 10.0

/* 1970-01-01 12:00:01 UTC: the time in the issue's example line. */
#define NOON_PLUS_1 43201

static struct track_table *table;
static struct ui_text ui;

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	table = track_new(NULL);
	cr_assert_not_null(table);
	ui_text_init(&ui, stdout, 0, 0);
}

static void
teardown(void)
{
	track_free(table);
}

TestSuite(text, .init = setup, .fini = teardown, .timeout = T_TIMEOUT);

static struct tcp_segment
seg4(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
    uint8_t flags, uint16_t win, int32_t usec)
{
	struct tcp_segment s;

	memset(&s, 0, sizeof(s));
	s.ts_sec = NOON_PLUS_1;
	s.ts_usec = usec;
	s.src.family = s.dst.family = 4;
	s.src.addr[0] = s.dst.addr[0] = 127;
	s.src.addr[3] = s.dst.addr[3] = 1;
	s.src.port = sport;
	s.dst.port = dport;
	s.seq = seq;
	s.ack = ack;
	s.flags = flags;
	s.window = win;
	return s;
}

/* Adds s and formats its line into buf. */
static const char *
line_for(const struct tcp_segment *s, char *buf, size_t len)
{
	const struct track_conn *c;
	const struct track_seg *r = track_add(table, s, &c);

	cr_assert_not_null(r);
	ui_text_format(&ui, buf, len, c, r);
	return buf;
}

Test(text, the_issue_example_line)
{
	struct tcp_segment s = seg4(50412, 8080, 123456, 0, TCP_FLAG_SYN,
	    65495, 123);
	char buf[256];

	s.opt.has_mss = s.opt.has_wscale = 1;
	s.opt.sack_permitted = s.opt.has_timestamps = 1;
	s.opt.mss = 65495;
	s.opt.wscale = 7;
	cr_expect_str_eq(line_for(&s, buf, sizeof(buf)),
	    "12:00:01.000123 #1 127.0.0.1:50412 > 127.0.0.1:8080 SYN seq=0 "
	    "win=65495 len=0 [handshake 1/3] mss=65495 ws=7 sackOK ts");
}

Test(text, handshake_and_absolute_numbers)
{
	struct tcp_segment a = seg4(50412, 8080, 100, 0, TCP_FLAG_SYN, 10, 1);
	struct tcp_segment b = seg4(8080, 50412, 900, 101,
	    TCP_FLAG_SYN | TCP_FLAG_ACK, 20, 2);
	struct tcp_segment c = seg4(50412, 8080, 101, 901, TCP_FLAG_ACK, 30, 3);
	char buf[256];

	cr_expect_str_eq(line_for(&a, buf, sizeof(buf)),
	    "12:00:01.000001 #1 127.0.0.1:50412 > 127.0.0.1:8080 SYN seq=0 "
	    "win=10 len=0 [handshake 1/3]");
	cr_expect_str_eq(line_for(&b, buf, sizeof(buf)),
	    "12:00:01.000002 #1 127.0.0.1:8080 > 127.0.0.1:50412 SYN-ACK "
	    "seq=0 ack=1 win=20 len=0 [handshake 2/3]");
	ui.absolute = 1;
	cr_expect_str_eq(line_for(&c, buf, sizeof(buf)),
	    "12:00:01.000003 #1 127.0.0.1:50412 > 127.0.0.1:8080 ACK seq=101 "
	    "ack=901 win=30 len=0 [handshake 3/3]");
}

Test(text, rst_note_names_the_port)
{
	struct tcp_segment a = seg4(40000, 9, 5, 0, TCP_FLAG_SYN, 10, 0);
	struct tcp_segment b = seg4(9, 40000, 0, 6,
	    TCP_FLAG_RST | TCP_FLAG_ACK, 0, 0);
	char buf[256];

	line_for(&a, buf, sizeof(buf));
	cr_expect_str_eq(line_for(&b, buf, sizeof(buf)),
	    "12:00:01.000000 #1 127.0.0.1:9 > 127.0.0.1:40000 RST-ACK seq=1 "
	    "ack=1 win=0 len=0 [RST: nobody listening on 9]");
}

Test(text, flag_words)
{
	char buf[64];

	cr_expect_str_eq(ui_text_flags(0, buf, sizeof(buf)), "none");
	cr_expect_str_eq(ui_text_flags(TCP_FLAG_PSH | TCP_FLAG_ACK, buf,
	    sizeof(buf)), "PSH-ACK");
	cr_expect_str_eq(ui_text_flags(TCP_FLAG_FIN | TCP_FLAG_ACK, buf,
	    sizeof(buf)), "FIN-ACK");
	cr_expect_str_eq(ui_text_flags(TCP_FLAG_RST, buf, sizeof(buf)), "RST");
	cr_expect_str_eq(ui_text_flags(0xff, buf, sizeof(buf)),
	    "SYN-FIN-RST-PSH-URG-ACK-ECE-CWR");
}

Test(text, ipv6_endpoints_in_brackets)
{
	struct tcp_endpoint e;
	char buf[64];

	memset(&e, 0, sizeof(e));
	e.family = 6;
	e.addr[15] = 1;
	e.port = 8080;
	cr_expect_str_eq(ui_text_endpoint(&e, buf, sizeof(buf)), "[::1]:8080");
}

/* Colour only adds escapes: without them the line reads the same. */
Test(text, color_only_adds)
{
	struct tcp_segment s = seg4(1, 2, 5, 0, TCP_FLAG_SYN, 10, 0);
	const struct track_conn *c;
	const struct track_seg *r = track_add(table, &s, &c);
	char plain[256], colored[256], stripped[256];
	size_t i, j = 0;

	ui_text_format(&ui, plain, sizeof(plain), c, r);
	ui.color = 1;
	ui_text_format(&ui, colored, sizeof(colored), c, r);
	cr_expect(strchr(colored, '\033') != NULL);
	for (i = 0; colored[i] != '\0'; i++) {
		if (colored[i] == '\033') {
			while (colored[i] != 'm')
				i++;
			continue;
		}
		stripped[j++] = colored[i];
	}
	stripped[j] = '\0';
	cr_expect_str_eq(stripped, plain);
}

Test(text, no_color_environment)
{
	setenv("NO_COLOR", "1", 1);
	cr_expect_eq(ui_text_want_color(1, 0), 0);
	unsetenv("NO_COLOR");
	cr_expect_eq(ui_text_want_color(1, 1), 0);
}

/* A short buffer truncates but reports the full length, like snprintf. */
Test(text, short_buffer)
{
	struct tcp_segment s = seg4(1, 2, 5, 0, TCP_FLAG_SYN, 10, 0);
	char small[16], big[256];
	const struct track_conn *c;
	const struct track_seg *r = track_add(table, &s, &c);
	int n = ui_text_format(&ui, small, sizeof(small), c, r);

	ui_text_format(&ui, big, sizeof(big), c, r);
	cr_expect_eq((size_t)n, strlen(big));
	cr_expect_eq(strlen(small), sizeof(small) - 1);
	cr_expect_eq(strncmp(small, big, sizeof(small) - 1), 0);
}
