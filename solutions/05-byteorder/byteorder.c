/*
 * Lab 05: byte order. Fill in each TODO; the comments in byteorder.h are
 * the contracts the tests check. Run `make grade LAB=05`.
 */
#include "byteorder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

uint16_t
bo_htons(uint16_t host)
{
	/*
	 * TODO(lab05): put the high byte (host >> 8) and then the low byte
	 * (host & 0xFF) into a uint8_t[2], in that order, and memcpy the two
	 * bytes into the uint16_t you return. No htons(), no #if on the
	 * host's byte order: the bytes decide.
	 */
	uint8_t b[2] = { (uint8_t)(host >> 8), (uint8_t)(host & 0xFF) };
	uint16_t net;

	memcpy(&net, b, sizeof(net));
	return net;
}

uint16_t
bo_ntohs(uint16_t net)
{
	/*
	 * TODO(lab05): memcpy net into a uint8_t[2]; the first byte is the
	 * most significant. Rebuild the number with a shift and an OR.
	 */
	uint8_t b[2];

	memcpy(b, &net, sizeof(b));
	return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t
bo_htonl(uint32_t host)
{
	/*
	 * TODO(lab05): the same as bo_htons with four bytes: host >> 24
	 * first, host & 0xFF last.
	 */
	uint8_t b[4];
	uint32_t net;

	bo_put_u32(b, host);
	memcpy(&net, b, sizeof(net));
	return net;
}

uint32_t
bo_ntohl(uint32_t net)
{
	/* TODO(lab05): the same as bo_ntohs with four bytes. */
	uint8_t b[4];

	memcpy(b, &net, sizeof(b));
	return bo_get_u32(b);
}

void
bo_put_u16(uint8_t *buf, uint16_t v)
{
	/* TODO(lab05): buf[0] gets the high byte, buf[1] the low byte. */
	buf[0] = (uint8_t)(v >> 8);
	buf[1] = (uint8_t)(v & 0xFF);
}

void
bo_put_u32(uint8_t *buf, uint32_t v)
{
	/* TODO(lab05): buf[0] = v >> 24, ..., buf[3] = v & 0xFF. */
	buf[0] = (uint8_t)(v >> 24);
	buf[1] = (uint8_t)(v >> 16 & 0xFF);
	buf[2] = (uint8_t)(v >> 8 & 0xFF);
	buf[3] = (uint8_t)(v & 0xFF);
}

void
bo_put_u64(uint8_t *buf, uint64_t v)
{
	/* TODO(lab05): eight bytes, most significant first. */
	bo_put_u32(buf, (uint32_t)(v >> 32));
	bo_put_u32(buf + 4, (uint32_t)(v & 0xFFFFFFFFu));
}

uint16_t
bo_get_u16(const uint8_t *buf)
{
	/*
	 * TODO(lab05): (buf[0] << 8) | buf[1]. A uint8_t is promoted to int
	 * before a shift: cast it to the result type first, or a shift by
	 * 24 of a byte >= 0x80 overflows int (undefined behaviour).
	 */
	return (uint16_t)((uint16_t)buf[0] << 8 | buf[1]);
}

uint32_t
bo_get_u32(const uint8_t *buf)
{
	/* TODO(lab05): four bytes, each cast to uint32_t before its shift. */
	return (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | (uint32_t)buf[3];
}

uint64_t
bo_get_u64(const uint8_t *buf)
{
	/* TODO(lab05): eight bytes, each cast to uint64_t before its shift. */
	return (uint64_t)bo_get_u32(buf) << 32 | bo_get_u32(buf + 4);
}

int
bo_address_parse(const char *text, struct bo_address *addr)
{
	/*
	 * TODO(lab05): try inet_pton(AF_INET, ...) into a struct in_addr,
	 * then inet_pton(AF_INET6, ...) into a struct in6_addr. inet_pton
	 * returns 1 on success and 0 for a string that is not an address:
	 * test for == 1. On success copy the 4 or 16 bytes into addr->bytes
	 * and set addr->family; else set errno to EINVAL and return -1.
	 */
	struct in_addr v4;
	struct in6_addr v6;

	if (inet_pton(AF_INET, text, &v4) == 1) {
		addr->family = AF_INET;
		memcpy(addr->bytes, &v4, sizeof(v4));
		return 0;
	}
	if (inet_pton(AF_INET6, text, &v6) == 1) {
		addr->family = AF_INET6;
		memcpy(addr->bytes, &v6, sizeof(v6));
		return 0;
	}
	errno = EINVAL;
	return -1;
}

int
bo_address_format(const struct bo_address *addr, char *buf, size_t len)
{
	/*
	 * TODO(lab05): reject a family other than AF_INET and AF_INET6 with
	 * EAFNOSUPPORT; copy the bytes into a struct in_addr or in6_addr and
	 * call inet_ntop(), which returns NULL with errno ENOSPC when buf is
	 * too small. Return 0 or -1. (len is a size_t; inet_ntop wants a
	 * socklen_t.)
	 */
	struct in_addr v4;
	struct in6_addr v6;
	const void *src;
	/* inet_ntop takes a socklen_t; no address text needs more. */
	socklen_t room = len > 1024 ? 1024 : (socklen_t)len;

	if (addr->family == AF_INET) {
		memcpy(&v4, addr->bytes, sizeof(v4));
		src = &v4;
	} else if (addr->family == AF_INET6) {
		memcpy(&v6, addr->bytes, sizeof(v6));
		src = &v6;
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return inet_ntop(addr->family, src, buf, room) == NULL ? -1 : 0;
}
