/*
 * Lab 08 hidden tests: graceful_close's deadline, replies and requests
 * longer than the buffer, and a signal while exchange() waits.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "closing.h"
#include "rpc/proxy.h"
#include "test/fixtures.h"
#include "test/kernel.h"
#include "test/socklab_test.h"
#include "tests/calls.h"
#include "tests/peer.h"

#define HANDOUT "handouts/08-shutdown.md"

LAB_TEST(hidden, graceful_deadline, 1,
    "graceful_close: a peer that never closes: ETIMEDOUT at the deadline")
{
	struct peer_read r;
	struct rpc_call c;
	char byte;
	int test_end, code_end;
	long long start, ms;

	peer_pair(&test_end, &code_end, 0, 0);
	rpc_worker_current();
	graceful_close_call_begin(&c, code_end, 300);
	start = peer_now_ms();
	rpc_call_start(&c);
	close(code_end);
	cr_assert(rpc_call_wait(&c, 300 + 1000), "graceful_close(300 ms) "
	    "had not returned after %lld ms with a peer that never sends EOF: "
	    "wait for it with poll() and the time left (see " HANDOUT
	    "#graceful-close)", peer_now_ms() - start);
	ms = peer_now_ms() - start;
	cr_assert(c.ret == -1 && c.err == ETIMEDOUT && ms >= 300 - 2 &&
	    ms <= 300 + peer_late_ms(), "graceful_close(300 ms) returned %lld "
	    "with errno %s after %lld ms, expected -1 and ETIMEDOUT after "
	    "about 300 ms "
	    "(see " HANDOUT "#graceful-close)", c.ret,
	    fixture_errno_name(c.err), ms);
	/* Closed: its FIN arrived, and nothing holds the socket open. */
	r = peer_read(test_end, &byte, 1, 1000);
	cr_assert(r.eof || r.err != 0, "graceful_close timed out but left the "
	    "connection open: close fd on every path (see " HANDOUT
	    "#graceful-close)");
	close(test_end);
}

LAB_TEST(hidden, exchange_too_long, 1,
    "exchange: a reply longer than cap is EMSGSIZE, never an overflow")
{
	char reply[200], back[100], got[16];
	struct rpc_call c;
	int test_end, code_end;

	memset(reply, 'r', sizeof(reply));
	peer_pair(&test_end, &code_end, 0, 0);
	rpc_worker_current();
	peer_require_exchange();
	exchange_call_begin(&c, code_end, "q", 1, back, sizeof(back));
	rpc_call_start(&c);
	peer_read(test_end, got, sizeof(got), 1000);
	peer_write(test_end, reply, sizeof(reply));
	close(test_end);
	cr_assert(rpc_call_wait(&c, 2000), "exchange did not return");
	cr_assert(c.ret == -1 && c.err == EMSGSIZE, "exchange with a 100-byte "
	    "buffer and a 200-byte reply returned %lld with errno %s, "
	    "expected -1 and EMSGSIZE (see " HANDOUT "#reading-until-eof)",
	    c.ret, fixture_errno_name(c.err));
	close(code_end);
}

LAB_TEST(hidden, serve_too_long, 1,
    "serve_after_eof: a request longer than cap is EMSGSIZE, fd closed")
{
	char req[200], byte;
	struct peer_read r;
	struct rpc_call c;
	int test_end, code_end;

	memset(req, 'q', sizeof(req));
	peer_pair(&test_end, &code_end, 0, 0);
	rpc_worker_current();
	serve_after_eof_call_begin(&c, code_end, 100);
	rpc_call_start(&c);
	close(code_end);
	peer_write(test_end, req, sizeof(req));
	/* May fail: a server that refused the request may have reset the
	 * connection already, which is fine. */
	(void)shutdown(test_end, SHUT_WR);
	cr_assert(rpc_call_wait(&c, 2000), "serve_after_eof did not return");
	cr_assert(c.ret == -1 && c.err == EMSGSIZE, "serve_after_eof with cap "
	    "100 and a 200-byte request returned %lld with errno %s, "
	    "expected -1 and EMSGSIZE (see " HANDOUT "#your-task)", c.ret,
	    fixture_errno_name(c.err));
	r = peer_read(test_end, &byte, 1, 1000);
	cr_assert(r.eof || r.err != 0, "serve_after_eof failed but left the "
	    "connection open: close fd on every path (see " HANDOUT
	    "#your-task)");
	close(test_end);
}

LAB_TEST(hidden, exchange_signals, 1,
    "a signal while exchange waits for the reply does not end it")
{
	char reply[64], back[128], got[16];
	struct rpc_call c;
	int test_end, code_end, pid;

	memset(reply, 'r', sizeof(reply));
	peer_pair(&test_end, &code_end, 0, 0);
	pid = (int)rpc_worker_pid(rpc_worker_current());
	/* No SA_RESTART: the signal interrupts read() with EINTR. */
	rpc_worker_catch_signal(SIGUSR1, 0);
	peer_require_exchange();
	exchange_call_begin(&c, code_end, "q", 1, back, sizeof(back));
	rpc_call_start(&c);
	peer_read(test_end, got, sizeof(got), 1000);
	cr_assert(kernel_wait_blocked_on(pid, code_end, 1000), "exchange did "
	    "not wait for the reply");
	cr_assert(kill(pid, SIGUSR1) == 0);
	/* Give the signal time to land before the reply wakes the reader. */
	if (rpc_call_wait(&c, 100))
		cr_assert(0, "exchange returned %lld with errno %s when a signal "
		    "arrived: retry read() on EINTR (see " HANDOUT
		    "#reading-until-eof)", c.ret, fixture_errno_name(c.err));
	peer_write(test_end, reply, sizeof(reply));
	close(test_end);
	cr_assert(rpc_call_wait(&c, 2000), "exchange did not return");
	cr_assert(c.ret == (long long)sizeof(reply), "exchange returned %lld "
	    "with errno %s, expected %zu", c.ret, fixture_errno_name(c.err),
	    sizeof(reply));
	close(code_end);
}

LAB_TEST(hidden, graceful_signals, 1,
    "graceful_close: signals during the drain keep its deadline")
{
	struct rpc_call c;
	int test_end, code_end, pid;
	long long start, ms;

	peer_pair(&test_end, &code_end, 0, 0);
	pid = (int)rpc_worker_pid(rpc_worker_current());
	/* No SA_RESTART: each signal interrupts poll() with EINTR. */
	rpc_worker_catch_signal(SIGUSR1, 0);
	graceful_close_call_begin(&c, code_end, 500);
	start = peer_now_ms();
	rpc_call_start(&c);
	close(code_end);
	for (int round = 0; round < 2; round++) {
		cr_assert(kill(pid, SIGUSR1) == 0);
		/* The handler runs; the drain must go on, for 200 ms here. */
		if (rpc_call_wait(&c, 200))
			cr_assert(0, "graceful_close(500 ms) returned %lld with "
			    "errno %s after %lld ms, when a signal arrived: "
			    "poll() again on EINTR (see " HANDOUT
			    "#graceful-close)", c.ret, fixture_errno_name(c.err),
			    peer_now_ms() - start);
	}
	cr_assert(rpc_call_wait(&c, 1000), "graceful_close(500 ms) had not "
	    "returned after %lld ms", peer_now_ms() - start);
	ms = peer_now_ms() - start;
	cr_assert(c.ret == -1 && c.err == ETIMEDOUT &&
	    ms <= 500 + peer_late_ms(), "graceful_close(500 ms), interrupted "
	    "by signals at about 0 and 200 ms, returned %lld with errno %s after %lld ms, expected -1 "
	    "and ETIMEDOUT after about 500 ms: after EINTR, wait for the time "
	    "left until the deadline, not the whole timeout again (see "
	    HANDOUT "#graceful-close)", c.ret, fixture_errno_name(c.err), ms);
	close(test_end);
}
