/*
 * Wireshark's TCP analysis flags, checked against Wireshark itself: the
 * crafted conversations of scenes.c go into one capture file, tshark
 * reads it, tcpviz's model reads it, and every segment must carry the
 * same flags (and the same duplicate-ACK number). Skipped, with a
 * message, where tshark is not installed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "oracle.h"
#include "scenes.h"
#include "track.h"

#define T_TIMEOUT 60.0

Test(oracle, analysis_flags_match_tshark, .timeout = T_TIMEOUT)
{
	static struct scenes sc;
	struct oracle_result res;
	char path[64];

	oracle_require_tshark();
	cr_assert_eq(scenes_build(&sc), 0);
	cr_assert_eq(harness_write_pcap(path, 1, sc.frame, sc.n), 0);
	oracle_compare(path, sc.scene_of, &res);
	unlink(path);
	cr_expect_eq(res.frames, sc.n, "read %zu frames of %zu", res.frames,
	    sc.n);
	cr_expect_eq(res.disagree, 0, "%zu of %zu segments disagree with "
	    "tshark", res.disagree, res.frames);
	/* The scenes must exercise every flag, or the check proves little. */
	for (unsigned i = 0; i < TRACK_A_COUNT; i++)
		cr_expect(res.seen & track_analysis_info(i)->bit,
		    "no scene makes tshark flag %s",
		    track_analysis_info(i)->name);
}

/* Every flag reaches the text front end, by the name the model gives it. */
Test(oracle, text_mode_names_every_flag, .timeout = T_TIMEOUT)
{
	static struct scenes sc;
	static struct harness_child c;
	char path[64], want[64];
	char *argv[] = { (char *)harness_tcpviz(), "--text", "-r", path, NULL };

	cr_assert_eq(scenes_build(&sc), 0);
	cr_assert_eq(harness_write_pcap(path, 1, sc.frame, sc.n), 0);
	cr_assert_eq(harness_run(&c, argv, 0), 0, "%s", c.err);
	unlink(path);
	for (unsigned i = 0; i < TRACK_A_COUNT; i++) {
		const struct track_analysis_info *ai = track_analysis_info(i);

		if (ai->bit == TRACK_A_DUP_ACK)
			snprintf(want, sizeof(want), "[dup ACK #3]");
		else
			snprintf(want, sizeof(want), "[%s]", ai->name);
		cr_expect(strstr(c.out, want) != NULL, "no %s in:\n%s", want,
		    c.out);
	}
}
