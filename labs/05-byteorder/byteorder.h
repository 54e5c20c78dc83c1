#ifndef SOCKLAB_LAB05_BYTEORDER_H
#define SOCKLAB_LAB05_BYTEORDER_H

/*
 * Lab 05: byte order. Numbers on the wire are big-endian ("network byte
 * order"): most significant byte first. Your machine may store them the
 * other way round. Read handouts/05-byteorder.md first; grade with
 * `make grade LAB=05`.
 *
 * Write every conversion with shifts and masks on bytes: no htons, htonl,
 * ntohs, ntohl, and no test of the host's byte order. Code that only
 * talks about bytes is right on every machine.
 */

#include <stddef.h>
#include <stdint.h>

/*
 * Host to network order: returns the value whose bytes in memory are
 * those of host, most significant first (0x1234 -> bytes 12 34).
 */
uint16_t bo_htons(uint16_t host);
uint32_t bo_htonl(uint32_t host);

/*
 * Network to host order: net holds bytes in network order as they came
 * off the wire; returns the number they mean (bytes 12 34 -> 0x1234).
 */
uint16_t bo_ntohs(uint16_t net);
uint32_t bo_ntohl(uint32_t net);

/* Writes v into buf[0..1] / [0..3] / [0..7], most significant byte first. */
void bo_put_u16(uint8_t *buf, uint16_t v);
void bo_put_u32(uint8_t *buf, uint32_t v);
void bo_put_u64(uint8_t *buf, uint64_t v);

/* Reads a big-endian number from buf[0..1] / [0..3] / [0..7]. */
uint16_t bo_get_u16(const uint8_t *buf);
uint32_t bo_get_u32(const uint8_t *buf);
uint64_t bo_get_u64(const uint8_t *buf);

/* An IPv4 or IPv6 address in binary form. */
struct bo_address {
	int family;        /* AF_INET or AF_INET6 */
	uint8_t bytes[16]; /* network order; AF_INET uses the first 4 */
};

/*
 * Parses text as a dotted-quad IPv4 address ("192.0.2.1") or an IPv6
 * address ("2001:db8::1") with inet_pton(3). Returns 0 and fills *addr,
 * or -1 with errno EINVAL when text is neither (*addr is then untouched).
 */
int bo_address_parse(const char *text, struct bo_address *addr);

/*
 * Writes addr's standard text form into buf (size len) with inet_ntop(3).
 * Returns 0, or -1 with errno EAFNOSUPPORT (family is neither AF_INET nor
 * AF_INET6) or ENOSPC (buf too small).
 */
int bo_address_format(const struct bo_address *addr, char *buf, size_t len);

#endif
