#ifndef SOCKLAB_VIZ_DEMO_SCRIPT_H
#define SOCKLAB_VIZ_DEMO_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The classroom demo's script: a client and a server on loopback that make
 * one system call per step, so a lecturer can show which call causes which
 * segments. Scenes: a refused connection (RST), the three-way handshake,
 * then data both ways and the FIN teardown.
 *
 * The calls run in this process, in an order that never blocks for long:
 * each blocking call is preceded by a poll with a time limit, so a demo can
 * fail with a message but never hang a lecture.
 */

enum demo_side {
	DEMO_CLIENT,
	DEMO_SERVER,
};

/* What one step did, for the screen. */
struct demo_step {
	const char *scene;     /* "Scene 1: nobody listening" */
	enum demo_side side;
	const char *call;      /* "connect()" */
	const char *expect;    /* the segments it causes, and why */
	/*
	 * The same for a test to check: "c:SYN s:SYN-ACK c:ACK", the flags
	 * each segment has, in order, from the client (c) or the server (s);
	 * a "?" after one: it may not come; "": nothing on the wire.
	 */
	const char *wire;
	char result[96];       /* "returned 0", "failed: ECONNREFUSED" ... */
	int failed;            /* the call did not do what the script wanted */
};

struct demo;

/*
 * Creates a demo on 127.0.0.1. Returns NULL with errno set if no port
 * could be reserved.
 */
struct demo *demo_new(void);

/*
 * Runs the next call and describes it in *step. Returns 1 after a step,
 * 0 when the script is over (then *step is untouched).
 */
int demo_next(struct demo *d, struct demo_step *step);

/*
 * Describes step i (from 0) of the script without running it: scene, side,
 * call and expect; result is empty. Returns 1, or 0 if there is no step i.
 */
int demo_describe(size_t i, struct demo_step *step);

/* Steps in the whole script, and how many have run. */
size_t demo_step_count(void);
size_t demo_steps_done(const struct demo *d);

/* The server's port, and the port where nobody listens (scene 1). */
uint16_t demo_server_port(const struct demo *d);
uint16_t demo_closed_port(const struct demo *d);

/* Closes every descriptor the demo still holds and frees it. */
void demo_free(struct demo *d);

#endif
