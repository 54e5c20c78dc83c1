#ifndef SOCKLAB_VIZ_TESTS_ORACLE_H
#define SOCKLAB_VIZ_TESTS_ORACLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * tshark as an oracle for tcpviz's TCP analysis: both read the same
 * capture file, and every frame must carry the same analysis flags (and
 * duplicate-ACK number) in both.
 */

/* Skips the calling test, with a message, when tshark is not installed. */
void oracle_require_tshark(void);

struct oracle_result {
	size_t frames;		/* frames read (by both) */
	size_t disagree;	/* frames whose flags differ */
	uint16_t seen;		/* every flag tshark set somewhere */
};

/*
 * Compares tcpviz's flags with tshark's on every frame of the pcap file
 * at path. Each disagreement is logged (with label[i] of frame i + 1 when
 * label is not NULL). Fails the test if either reader fails.
 */
void oracle_compare(const char *path, const char *const *label,
    struct oracle_result *res);

#endif
