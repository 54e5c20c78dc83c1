/*
 * Lab 05's functions as the tests call them: each one runs the student's
 * function of the same name in the worker (see common/rpc/proxy.h).
 * Buffers go by the sizes the contracts in byteorder.h and tcp_header.h
 * give them, exactly, so a sanitizer in the worker sees a step outside.
 */
#include "byteorder.h"
#include "tcp_header.h"

#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rpc/proxy.h"
#include "tests/calls.h"
#include "tests/proxy.h"

static long long
convert(const char *name, int function, long long v)
{
	struct rpc_call c;

	rpc_call_begin(&c, name, function);
	rpc_put_int(&c, v);
	return rpc_call_run(&c);
}

uint16_t
bo_htons(uint16_t host)
{
	return (uint16_t)convert("bo_htons", CALL_BO_HTONS, host);
}

uint32_t
bo_htonl(uint32_t host)
{
	return (uint32_t)convert("bo_htonl", CALL_BO_HTONL, host);
}

uint16_t
bo_ntohs(uint16_t net)
{
	return (uint16_t)convert("bo_ntohs", CALL_BO_NTOHS, net);
}

uint32_t
bo_ntohl(uint32_t net)
{
	return (uint32_t)convert("bo_ntohl", CALL_BO_NTOHL, net);
}

/* bo_put_uN(buf + at, v), with buf[0..size-1] sent along and back. */
static void
put(const char *name, int function, uint8_t *buf, size_t size, size_t at,
    size_t width, unsigned long long v)
{
	struct rpc_call c;

	cr_assert(buf == NULL || (at <= size && width <= size - at),
	    "test bug: %s at %zu of a %zu-byte buffer", name, at, size);
	rpc_call_begin(&c, name, function);
	rpc_put_inout(&c, buf, size);
	rpc_put_int(&c, (long long)at);
	rpc_put_int(&c, (long long)v);
	cr_assert(rpc_call_run(&c) == 0, "test bug: %s at %zu of a %zu-byte "
	    "buffer, refused by the worker", name, at, size);
}

void
bo_put_u16(uint8_t *buf, uint16_t v)
{
	put("bo_put_u16", CALL_BO_PUT_U16, buf, 2, 0, 2, v);
}

void
bo_put_u32(uint8_t *buf, uint32_t v)
{
	put("bo_put_u32", CALL_BO_PUT_U32, buf, 4, 0, 4, v);
}

void
bo_put_u64(uint8_t *buf, uint64_t v)
{
	put("bo_put_u64", CALL_BO_PUT_U64, buf, 8, 0, 8, v);
}

void
bo_put_u16_within(uint8_t *buf, size_t size, size_t at, uint16_t v)
{
	put("bo_put_u16", CALL_BO_PUT_U16, buf, size, at, 2, v);
}

void
bo_put_u32_within(uint8_t *buf, size_t size, size_t at, uint32_t v)
{
	put("bo_put_u32", CALL_BO_PUT_U32, buf, size, at, 4, v);
}

static long long
get(const char *name, int function, const uint8_t *buf, size_t width)
{
	struct rpc_call c;

	rpc_call_begin(&c, name, function);
	rpc_put_in(&c, buf, width);
	return rpc_call_run(&c);
}

uint16_t
bo_get_u16(const uint8_t *buf)
{
	return (uint16_t)get("bo_get_u16", CALL_BO_GET_U16, buf, 2);
}

uint32_t
bo_get_u32(const uint8_t *buf)
{
	return (uint32_t)get("bo_get_u32", CALL_BO_GET_U32, buf, 4);
}

uint64_t
bo_get_u64(const uint8_t *buf)
{
	return (uint64_t)get("bo_get_u64", CALL_BO_GET_U64, buf, 8);
}

int
bo_address_parse(const char *text, struct bo_address *addr)
{
	struct rpc_call c;

	rpc_call_begin(&c, "bo_address_parse", CALL_BO_ADDRESS_PARSE);
	rpc_put_string(&c, text);
	rpc_put_inout(&c, addr, sizeof(*addr));
	return (int)rpc_call_run(&c);
}

int
bo_address_format(const struct bo_address *addr, char *buf, size_t len)
{
	struct rpc_call c;

	rpc_call_begin(&c, "bo_address_format", CALL_BO_ADDRESS_FORMAT);
	rpc_put_in(&c, addr, sizeof(*addr));
	rpc_put_inout(&c, buf, len);
	rpc_put_int(&c, (long long)len);
	return (int)rpc_call_run(&c);
}

int
tcp_header_parse(const uint8_t *buf, size_t len, struct tcp_header *h)
{
	struct rpc_call c;

	rpc_call_begin(&c, "tcp_header_parse", CALL_TCP_HEADER_PARSE);
	rpc_put_in(&c, buf, len);
	rpc_put_int(&c, (long long)len);
	rpc_put_inout(&c, h, sizeof(*h));
	return (int)rpc_call_run(&c);
}

void
tcp_header_parse_isolated(const uint8_t *bytes, size_t len, int timeout_ms,
    struct lab05_parse_outcome *out)
{
	struct rpc_call c;

	rpc_call_begin(&c, "tcp_header_parse", CALL_TCP_HEADER_PARSE_ISOLATED);
	rpc_put_in(&c, bytes, len);
	rpc_put_int(&c, timeout_ms);
	rpc_put_inout(&c, out, sizeof(*out));
	cr_assert(rpc_call_run(&c) == 0, "test set-up: the worker could not "
	    "start a child for tcp_header_parse: %s", strerror(errno));
	/* The worker's word on how it ended: any other value is no end. */
	if (out->end != PARSE_RETURNED && out->end != PARSE_HUNG)
		out->end = PARSE_CRASHED;
}
