/*
 * Lab 05: parsing a TCP header. Fill in the TODO; the comment in
 * tcp_header.h is the contract the tests check. Run `make grade LAB=05`.
 */
#include "tcp_header.h"

#include <errno.h>
#include <string.h>

#include "byteorder.h"

int
tcp_header_parse(const uint8_t *buf, size_t len, struct tcp_header *h)
{
	/*
	 * TODO(lab05): check that len >= 20 before you touch a byte. Read
	 * the fixed fields with bo_get_u16/bo_get_u32 (ports at 0 and 2,
	 * seq at 4, ack at 8, window at 14, checksum at 16, urgent at 18);
	 * the data offset is the high 4 bits of byte 12, the flags the low
	 * 6 bits of byte 13. Reject a data offset below 5 or with
	 * data_offset * 4 > len (EINVAL).
	 *
	 * Then walk the options, from byte 20 to data_offset * 4: EOL ends
	 * the list, NOP is one byte; every other kind is followed by a
	 * length byte that counts the kind and length bytes too. A length
	 * below 2 (it would loop for ever) or one that runs past the header
	 * is an error (EINVAL). Keep MSS (kind 2, length 4) and window scale
	 * (kind 3, length 3); skip the others. Return data_offset * 4.
	 */
	size_t hlen, i;

	if (len < 20) {
		errno = EINVAL;
		return -1;
	}
	memset(h, 0, sizeof(*h));
	h->src_port = bo_get_u16(buf);
	h->dst_port = bo_get_u16(buf + 2);
	h->seq = bo_get_u32(buf + 4);
	h->ack = bo_get_u32(buf + 8);
	h->data_offset = buf[12] >> 4;
	h->flags = buf[13] & 0x3F;
	h->window = bo_get_u16(buf + 14);
	h->checksum = bo_get_u16(buf + 16);
	h->urgent = bo_get_u16(buf + 18);
	hlen = (size_t)h->data_offset * 4;
	if (h->data_offset < 5 || hlen > len) {
		errno = EINVAL;
		return -1;
	}
	/* Options: kind, then (except EOL and NOP) a length counting both. */
	for (i = 20; i < hlen && buf[i] != TCP_OPT_EOL;) {
		size_t optlen;

		if (buf[i] == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= hlen) {
			errno = EINVAL; /* a kind with no room for its length */
			return -1;
		}
		optlen = buf[i + 1];
		if (optlen < 2 || i + optlen > hlen) {
			errno = EINVAL;
			return -1;
		}
		if (buf[i] == TCP_OPT_MSS && optlen == 4) {
			h->has_mss = 1;
			h->mss = bo_get_u16(buf + i + 2);
		} else if (buf[i] == TCP_OPT_WSCALE && optlen == 3) {
			h->has_wscale = 1;
			h->wscale = buf[i + 2];
		}
		i += optlen;
	}
	return (int)hlen;
}
