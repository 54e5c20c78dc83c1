#ifndef SOCKLAB_VIZ_TESTS_HARNESS_H
#define SOCKLAB_VIZ_TESTS_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Test support: capture files written by the tests themselves, and tcpviz
 * run as a child with its stdout and stderr collected.
 */

/* One frame for harness_write_pcap: timestamp and bytes. */
struct harness_frame {
	int64_t sec;
	int32_t usec;
	const uint8_t *data;
	size_t len;
};

/*
 * Writes the frames to a new temporary pcap file of link type dlt (with
 * pcap_open_dead and pcap_dump_open) and puts its name in path (at least
 * 64 bytes). Returns 0, or -1.
 */
int harness_write_pcap(char *path, int dlt, const struct harness_frame *f,
    size_t n);

/* The tcpviz binary under test: $TCPVIZ, else build/bin/tcpviz. */
const char *harness_tcpviz(void);

/* A running child with pipes on its stdout and stderr. */
struct harness_child {
	pid_t pid;
	int out_fd, err_fd;
	char out[65536], err[16384];
	size_t out_len, err_len;
};

/*
 * Starts argv (argv[0] is the path) with stdout and stderr piped and
 * stdin from /dev/null. uid > 0 runs it as that user and group (the caller
 * must be root). Returns 0, or -1 with errno set.
 */
int harness_start(struct harness_child *c, char *const argv[], uid_t uid);

/*
 * Reads the child's stderr (and stdout, so it cannot block on a full pipe)
 * until stderr contains needle or the child closes it. Returns 1 if the
 * needle came, 0 if not. This is how a test knows capture has started.
 */
int harness_wait_stderr(struct harness_child *c, const char *needle);

/*
 * Reads both pipes to the end and reaps the child. Returns its exit status,
 * 128 + the signal that killed it, or -1.
 */
int harness_finish(struct harness_child *c);

/* Runs argv to the end: harness_start + harness_finish. */
int harness_run(struct harness_child *c, char *const argv[], uid_t uid);

/* Counts the lines in s. */
size_t harness_count_lines(const char *s);

/* Copies line i (from 0) of s into buf without its newline; "" if none. */
const char *harness_line(const char *s, size_t i, char *buf, size_t len);

/*
 * Moves the calling test process into a new network namespace with lo up,
 * so it may use fixed ports and sees only its own traffic. Skips the test
 * (with the reason) where namespaces are not allowed.
 */
void harness_private_loopback(void);

#endif
