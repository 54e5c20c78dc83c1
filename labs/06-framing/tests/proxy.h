#ifndef SOCKLAB_LAB06_TESTS_PROXY_H
#define SOCKLAB_LAB06_TESTS_PROXY_H

/*
 * Calls the lab 06 tests make beyond the lab's headers (proxy.c). The
 * student's code runs in the worker (common/rpc/proxy.h): a call the test
 * must interrupt runs there while the test acts, and memory next to a
 * buffer the code writes is no longer the test's unless it is sent along.
 */

#include <stddef.h>
#include <sys/types.h>

#include "linereader.h"
#include "rpc/proxy.h"

/*
 * Start framing_readn(fd, buf, len) or framing_writen(fd, buf, len) in the
 * worker and return at once; rpc_call_wait(c, ...) then gives the result
 * (c->ret, c->err) and fills buf. buf must live until then.
 */
void framing_readn_start(struct rpc_call *c, int fd, void *buf, size_t len);
void framing_writen_start(struct rpc_call *c, int fd, const void *buf,
    size_t len);

/*
 * line_read(lr, line, cap, len) with all of line[0..size-1] (size >= cap)
 * copied to the worker and back, so a write past cap shows in line as it
 * did when the code ran in the test.
 */
int line_read_within(struct line_reader *lr, char *line, size_t size,
    size_t cap, size_t *len);

#endif
