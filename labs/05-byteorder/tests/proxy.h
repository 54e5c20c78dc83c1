#ifndef SOCKLAB_LAB05_TESTS_PROXY_H
#define SOCKLAB_LAB05_TESTS_PROXY_H

/*
 * Calls the lab 05 tests make beyond the lab's headers (proxy.c). The
 * student's code runs in the worker (common/rpc/proxy.h), so memory next
 * to a buffer it writes is no longer the test's: these say how much of
 * the test's memory goes along.
 */

#include <stddef.h>
#include <stdint.h>

#include "tests/calls.h"

/*
 * bo_put_u16(buf + at, v) and bo_put_u32(buf + at, v) with all of
 * buf[0..size-1] copied to the worker and back, so a write next to the
 * 2 or 4 bytes shows in buf as it did when the code ran in the test.
 */
void bo_put_u16_within(uint8_t *buf, size_t size, size_t at, uint16_t v);
void bo_put_u32_within(uint8_t *buf, size_t size, size_t at, uint32_t v);

/*
 * tcp_header_parse on an exact-size copy of bytes[0..len-1], in a child
 * of the worker that is killed after timeout_ms: fills *out with how the
 * parse ended, so a parser that loops or crashes is reported, not fatal.
 */
void tcp_header_parse_isolated(const uint8_t *bytes, size_t len,
    int timeout_ms, struct lab05_parse_outcome *out);

#endif
