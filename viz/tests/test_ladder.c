/*
 * The ladder's words and rows, from a track table built here: what the
 * screen shows, without a screen.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ladder.h"
#include "track.h"

#define C_ISN 2042909445u
#define S_ISN 1617153047u
#define SYN TCP_FLAG_SYN
#define ACK TCP_FLAG_ACK
#define FIN TCP_FLAG_FIN
#define PSH TCP_FLAG_PSH
#define RST TCP_FLAG_RST

static struct track_table *table;
static const struct track_conn *conn;
static const struct track_seg *segs[16];

struct step {
	int from_client;
	uint32_t seq, ack;
	uint8_t flags;
	uint32_t len;
};

/* Handshake, "hello\n" each way, FIN teardown: as on lo. */
static const struct step talk[] = {
	{ 1, C_ISN, 0, SYN, 0 },
	{ 0, S_ISN, C_ISN + 1, SYN | ACK, 0 },
	{ 1, C_ISN + 1, S_ISN + 1, ACK, 0 },
	{ 1, C_ISN + 1, S_ISN + 1, PSH | ACK, 6 },
	{ 0, S_ISN + 1, C_ISN + 7, ACK, 0 },
	{ 1, C_ISN + 7, S_ISN + 1, FIN | ACK, 0 },
	{ 0, S_ISN + 1, C_ISN + 8, ACK, 0 },
};
#define NTALK (sizeof(talk) / sizeof(talk[0]))

static void
add(const struct step *st, int32_t usec)
{
	struct tcp_segment s;
	static size_t n;

	memset(&s, 0, sizeof(s));
	s.ts_sec = 100;
	s.ts_usec = usec;
	s.src.family = s.dst.family = 4;
	s.src.addr[0] = s.dst.addr[0] = 127;
	s.src.addr[3] = s.dst.addr[3] = 1;
	s.src.port = st->from_client ? 43930 : 8080;
	s.dst.port = st->from_client ? 8080 : 43930;
	s.seq = st->seq;
	s.ack = st->ack;
	s.flags = st->flags;
	s.window = 512;
	s.payload_len = st->len;
	if (usec == 0)
		n = 0;
	segs[n] = track_add(table, &s, &conn);
	cr_assert_not_null(segs[n]);
	n++;
}

static void
setup(void)
{
	size_t i;

	table = track_new(NULL);
	cr_assert_not_null(table);
	for (i = 0; i < NTALK; i++)
		add(&talk[i], (int32_t)i * 10);
	/* Pointers into the table last only until the next track_add. */
	for (i = 0; i < NTALK; i++)
		segs[i] = track_seg_at(conn, i);
}

static void
teardown(void)
{
	track_free(table);
}

TestSuite(ladder, .init = setup, .fini = teardown, .timeout = 10);

static const char *
label(size_t i, int absolute)
{
	static char buf[96];

	return ladder_label(segs[i], absolute, buf, sizeof(buf));
}

Test(ladder, labels_as_the_issue_writes_them)
{
	cr_expect_str_eq(label(0, 0), "SYN seq=0");
	cr_expect_str_eq(label(1, 0), "SYN-ACK seq=0 ack=1");
	cr_expect_str_eq(label(2, 0), "ACK seq=1 ack=1");
	cr_expect_str_eq(label(3, 0), "PSH-ACK seq=1 ack=1 len=6");
	cr_expect_str_eq(label(4, 0), "ACK seq=1 ack=7");
	cr_expect_str_eq(label(5, 0), "FIN-ACK seq=7 ack=1");
	cr_expect_str_eq(label(1, 1), "SYN-ACK seq=1617153047 ack=2042909446");
}

Test(ladder, handshake_steps_and_tags)
{
	char buf[32];

	cr_expect_str_eq(ladder_tag(segs[0], buf, sizeof(buf)), "step 1/3");
	cr_expect_str_eq(ladder_tag(segs[1], buf, sizeof(buf)), "step 2/3");
	cr_expect_str_eq(ladder_tag(segs[2], buf, sizeof(buf)), "step 3/3");
	cr_expect_str_eq(ladder_tag(segs[3], buf, sizeof(buf)), "");
}

Test(ladder, notes_explain_the_arithmetic)
{
	char buf[320];

	ladder_note(conn, segs[0], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "ISN 2042909445") != NULL, "%s", buf);
	ladder_note(conn, segs[1], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "ack = their seq + 1 = 1: a SYN uses one "
	    "sequence number") != NULL, "%s", buf);
	ladder_note(conn, segs[3], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "next segment starts at seq 1 + 6 = 7") != NULL,
	    "%s", buf);
	ladder_note(conn, segs[4], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "ack = their seq + len = 1 + 6 = 7") != NULL,
	    "%s", buf);
	ladder_note(conn, segs[5], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "its ACK will say ack=8") != NULL, "%s", buf);
	ladder_note(conn, segs[6], 0, buf, sizeof(buf));
	cr_expect(strstr(buf, "ack = their FIN's seq + 1 = 8") != NULL, "%s",
	    buf);
}

Test(ladder, rows_at_80_columns)
{
	struct ladder_geom g;
	struct ladder_row r;
	char *p;

	ladder_geom_init(&g, 80);
	cr_assert_eq(g.width, 80);
	cr_assert(g.left_x > g.time_w && g.right_x < g.tag_x &&
	    g.tag_x + 8 <= 80, "lanes %d %d, tag %d", g.left_x, g.right_x,
	    g.tag_x);

	ladder_row_arrow(&g, conn, segs[0], 0, &r);
	cr_expect_eq(strlen(r.text), 80);
	cr_expect_eq(r.text[g.left_x], '|');
	cr_expect_eq(r.text[g.right_x], '|');
	cr_expect_eq(r.text[g.right_x - 1], '>', "client to server: %s",
	    r.text);
	p = strstr(r.text, " SYN seq=0 ");
	cr_assert_not_null(p, "%s", r.text);
	cr_expect_eq(p + 1 - r.text, r.label_x);
	cr_expect(r.label_x > g.left_x && r.label_x + r.label_len < g.right_x);
	cr_expect(strncmp(r.text + g.tag_x, "step 1/3", 8) == 0, "%s", r.text);
	cr_expect(strncmp(r.text, "  0.000000", 10) == 0, "%s", r.text);

	ladder_row_arrow(&g, conn, segs[1], 0, &r);
	cr_expect_eq(r.text[g.left_x + 1], '<', "server to client: %s",
	    r.text);
	cr_expect(strstr(r.text, "- SYN-ACK seq=0 ack=1 -") != NULL, "%s",
	    r.text);
	cr_expect(strncmp(r.text, "  0.000010", 10) == 0, "%s", r.text);
}

Test(ladder, long_labels_are_cut_inside_the_lanes)
{
	struct ladder_geom g;
	struct ladder_row r;

	ladder_geom_init(&g, 10);	/* clamped to the minimum */
	cr_assert_eq(g.width, LADDER_MIN_WIDTH);
	ladder_row_arrow(&g, conn, segs[3], 1, &r);
	cr_expect_eq(strlen(r.text), (size_t)LADDER_MIN_WIDTH);
	cr_expect_eq(r.text[g.left_x], '|');
	cr_expect_eq(r.text[g.right_x], '|');
	cr_expect(r.label_x + r.label_len < g.right_x);
}

Test(ladder, calls_sit_beside_their_lane)
{
	struct ladder_geom g;
	struct ladder_row r;

	ladder_geom_init(&g, 80);
	ladder_row_call(&g, 1, "connect() returned 0", &r);
	cr_expect_eq(r.arrow_from, -1);
	cr_expect(strncmp(r.text + g.left_x, "|* connect() returned 0", 23)
	    == 0, "%s", r.text);
	ladder_row_call(&g, 0, "accept() returned 5", &r);
	cr_expect(strncmp(r.text + g.right_x - 21, "accept() returned 5 *|",
	    22) == 0, "%s", r.text);
}

Test(ladder, heading_names_both_lanes)
{
	struct ladder_geom g;
	struct ladder_row r;

	ladder_geom_init(&g, 80);
	ladder_row_heading(&g, conn, &r);
	cr_expect(strncmp(r.text + g.left_x, "127.0.0.1:43930", 15) == 0,
	    "%s", r.text);
	cr_expect(strncmp(r.text + g.right_x - 13, "127.0.0.1:8080", 14) == 0,
	    "%s", r.text);
}

/*
 * Analysis flags on the ladder: the tag names the first (a duplicate ACK
 * with its number), the note says what it means.
 */
Test(ladder, analysis_flags_tag_and_note)
{
	static const struct step more[] = {
		{ 0, S_ISN + 1, C_ISN + 8, ACK, 0 },	/* dup ACK #1 */
		{ 1, C_ISN + 7, S_ISN + 1, FIN | ACK, 0 },	/* sent again */
	};
	const struct track_seg *s;
	char tag[32], note[320];

	add(&more[0], 100);
	s = track_seg_at(conn, track_seg_count(conn) - 1);
	cr_expect_str_eq(ladder_tag(s, tag, sizeof(tag)), "dupACK #1");
	ladder_note(conn, s, 0, note, sizeof(note));
	cr_expect(strstr(note, "duplicate ACK #1: ack=8 again") != NULL,
	    "%s", note);
	add(&more[1], 300000);
	s = track_seg_at(conn, track_seg_count(conn) - 1);
	cr_expect_str_eq(ladder_tag(s, tag, sizeof(tag)), "retrans");
	ladder_note(conn, s, 0, note, sizeof(note));
	cr_expect(strstr(note, "retransmission: sent again") != NULL, "%s",
	    note);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++)
		cr_expect_leq(strlen(track_analysis_info(i)->tag), 10,
		    "\"%s\" does not fit the tag column",
		    track_analysis_info(i)->tag);
}
