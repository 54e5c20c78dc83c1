/*
 * Fuzz target for the decoder, the tracker and the text line (libFuzzer's
 * entry point; replay_main.c calls it without libFuzzer for `make check`).
 *
 * Input: one byte choosing the link type, then frames, each a 2-byte
 * big-endian length and that many bytes (the last may be short). The
 * frames go through track_add_frame (decode, then track) and
 * ui_text_format in turn, as tcpviz does with a capture, so the tracker
 * sees sequences too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "track.h"
#include "ui_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Every link type we read, plus one we do not (147); new ones go at the
 * end, so the corpus's first bytes keep choosing the same types.
 */
static const int fuzz_dlts[] = { 0, 1, 12, 14, 101, 108, 113, 228, 229, 276,
	147, 9, 50, 51, 104 };

/* Copies the frame to its own allocation so ASan sees any over-read. */
static void
one_frame(int dlt, const uint8_t *p, size_t len, struct track_table *t,
    struct ui_text *ui)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	const struct track_conn *conn;
	const struct track_seg *s;
	struct raw_frame f;
	char line[512];

	if (copy == NULL)
		return;
	memcpy(copy, p, len);
	/* The wire length may claim more than was captured; use both. */
	f.ts_sec = 0;
	f.ts_usec = (int32_t)(len & 0xffff);	/* clocks for the analysis */
	f.caplen = (uint32_t)len;
	f.len = (uint32_t)(len + (len & 0xff));
	f.data = copy;
	if (track_add_frame(t, dlt, &f, &s, &conn) == DECODE_OK)
		ui_text_format(ui, line, sizeof(line), conn, s);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Small limits so eviction and ring wrap-around get exercised. */
	struct track_limits lim = { .max_conns = 4, .segs_per_conn = 4 };
	struct track_table *t;
	struct ui_text ui;
	int dlt;

	if (size < 1)
		return 0;
	dlt = fuzz_dlts[data[0] % (sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0]))];
	data++;
	size--;
	t = track_new(&lim);
	if (t == NULL)
		return 0;
	ui_text_init(&ui, NULL, dlt & 1, 0);	/* absolute numbers or not */
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		one_frame(dlt, data, len, t, &ui);
		data += len;
		size -= len;
	}
	track_free(t);
	return 0;
}
