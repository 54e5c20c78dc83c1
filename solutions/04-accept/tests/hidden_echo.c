/*
 * Lab 04 hidden tests: more clients, a client that vanishes mid-echo,
 * and serve_forking's clean-up.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "tests/harness.h"

#define HANDOUT "handouts/04-accept.md"

LAB_TEST(hidden, many_forked_clients, 1,
    "serve_forking serves 8 clients: no zombie, no descriptor left over")
{
	struct server s;
	struct server_result r;

	server_start(&s, SERVER_FORKING, AF_INET, 8);
	for (int i = 0; i < 8; i++) {
		int client = client_connect(&s);

		client_echo(client, "again\n", 1000, "a client");
		server_expect_logged(&s, client);
		cr_assert(client_finish(client, 1000) == 1, "client %d saw no "
		    "EOF (see " HANDOUT "#descriptors-after-fork)", i + 1);
		close(client);
	}
	r = server_finish(&s, 2000, "");
	cr_assert(r.rc == 0, "serve_forking returned %d with errno %s after 8 "
	    "clients (see " HANDOUT "#signals)", r.rc,
	    fixture_errno_name(r.err));
	cr_assert(r.fds_after == r.fds_before, "the server had %d descriptors "
	    "before and %d after 8 clients (see " HANDOUT
	    "#descriptors-after-fork)", r.fds_before, r.fds_after);
}

LAB_TEST(hidden, client_vanishes_mid_echo, 1,
    "a client that resets while the server writes ends only that client")
{
	static char junk[256 * 1024];
	struct server s;
	struct server_result r;
	int rude, client;

	memset(junk, 'x', sizeof(junk));
	server_start(&s, SERVER_ITERATIVE, AF_INET, 2);
	rude = client_connect(&s);
	/* Fill both directions without reading, then reset: the server's
	 * write() fails with ECONNRESET or EPIPE. */
	for (size_t off = 0; off < sizeof(junk);) {
		ssize_t n = send(rude, junk + off, sizeof(junk) - off,
		    MSG_DONTWAIT);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	client_reset(rude);
	client = client_connect(&s);
	client_echo(client, "still serving?\n", 1000, "the next client");
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 1000, "");
	cr_assert(r.rc == 0, "serve_iterative returned %d with errno %s after a "
	    "client reset its connection in the middle of the echo: a failed "
	    "read() or write() ends that client only (see " HANDOUT
	    "#aborted-connections)", r.rc, fixture_errno_name(r.err));
}

LAB_TEST(hidden, sigchld_restored, 1,
    "serve_forking restores SIGCHLD's previous action when it returns")
{
	struct server s;
	struct server_result r;
	int client;

	server_start(&s, SERVER_FORKING, AF_INET, 1);
	client = client_connect(&s);
	client_echo(client, "x\n", 1000, "a client");
	client_finish(client, 1000);
	close(client);
	r = server_finish(&s, 2000, "");
	cr_assert(r.rc == 0 && r.sigchld_dfl, "after serve_forking returned, "
	    "SIGCHLD's action was %s: save the old action from sigaction() "
	    "and put it back before returning (see " HANDOUT "#zombies)",
	    r.sigchld_dfl ? "SIG_DFL" : "still your handler");
}
