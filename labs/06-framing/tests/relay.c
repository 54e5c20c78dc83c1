#include "relay.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct chaos_relay *
relay_open(enum chaos_mode mode, int *test_fd, int *code_fd)
{
	struct chaos_options opt = { .mode = mode };
	struct timeval tv = { .tv_sec = RECEIVE_TIMEOUT_MS / 1000,
	    .tv_usec = (RECEIVE_TIMEOUT_MS % 1000) * 1000 };
	struct chaos_relay *relay;

	cr_assert(chaos_pair(&opt, &relay, test_fd, code_fd) == 0,
	    "the test could not start its chaos relay: %s", strerror(errno));
	cr_assert(setsockopt(*code_fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv)) == 0);
	return relay;
}

void
relay_close(struct chaos_relay *relay, int test_fd, int code_fd)
{
	close(code_fd);
	close(test_fd);
	chaos_stop(relay);
}
