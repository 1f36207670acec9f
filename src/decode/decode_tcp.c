/* SPDX-License-Identifier: MIT */
/*
 * decode_tcp.c: the TCP header, its options and its checksum.
 *
 * The options are parsed here once into struct sw_tcpopt; nobody else
 * walks them.  The rule for options: a length that cannot be (below 2,
 * or past the end of the header) makes the whole header unparseable,
 * ERR_TCP_OPT, because everything after it would be guesswork.  A known
 * kind with a length its RFC does not allow is skipped by that length
 * and left unset: the header is still well-formed, the option is not.
 */
#include <string.h>

#include "decode.h"

/* TCP option kinds (IANA tcp-parameters). */
#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MSS		2	/* RFC 9293 §3.2 */
#define TCPOPT_WSCALE		3	/* RFC 7323 §2.2 */
#define TCPOPT_SACK_OK		4	/* RFC 2018 §2 */
#define TCPOPT_SACK		5	/* RFC 2018 §3 */
#define TCPOPT_TS		8	/* RFC 7323 §3.2 */
#define TCPOPT_TFO		34	/* RFC 7413 §4.1.1 */
#define TCPOPT_EXP		254	/* RFC 6994 experimental, with ExID */
/* The ExID Linux used for Fast Open before kind 34 (RFC 7413 §4.1.1). */
#define TCPOPT_EXID_TFO		0xf989

/* The longest Fast Open cookie (RFC 7413 §4.1.1: 4 to 16 bytes). */
#define TFO_COOKIE_MAX		16

/*
 * The ones' complement sum of RFC 1071, eight bytes at a time: the
 * 64-bit words are read in host order (memcpy: any alignment) and added
 * into a 64-bit accumulator with end-around carry (2^64 is 1 modulo
 * 0xffff, so the carry out of bit 63 belongs back in bit 0; the compiler
 * makes each word an add and an add-with-carry).  Folded to 16 bits, a
 * host-order sum is the big-endian sum with its two bytes swapped (RFC
 * 1071 §2(B)); the odd bytes at the end are added big-endian as before.
 * The result equals the byte-pair sum exactly: the same value modulo
 * 0xffff, 0 only when every byte and sum are 0, and folded to at most
 * 0xffff.
 */
static uint32_t
fold64(uint64_t acc)
{
	while (acc > 0xffff)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

/* acc + w with end-around carry. */
static inline uint64_t
add_eac(uint64_t acc, uint64_t w)
{
	acc += w;
	return acc + (acc < w);
}

uint32_t
sw_csum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	uint64_t acc = 0, be = sum;
	uint32_t i = 0;

	/* p and len come from a cursor that has checked them. */
	for (; len - i >= 32; i += 32) {
		uint64_t w0, w1, w2, w3;

		memcpy(&w0, p + i, 8);
		memcpy(&w1, p + i + 8, 8);
		memcpy(&w2, p + i + 16, 8);
		memcpy(&w3, p + i + 24, 8);
		acc = add_eac(acc, w0);
		acc = add_eac(acc, w1);
		acc = add_eac(acc, w2);
		acc = add_eac(acc, w3);
	}
	for (; len - i >= 8; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		acc = add_eac(acc, w);
	}
	acc = fold64(acc);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	acc = (acc >> 8 | acc << 8) & 0xffff;
#endif
	be += acc;
	for (; i + 1 < len; i += 2)
		be += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		be += (uint32_t)p[len - 1] << 8;
	return fold64(be);
}

uint16_t
sw_csum_fold(uint32_t sum)
{
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * Checksum rule (for the man page):
 *
 * The TCP checksum is checked only when the whole segment, as long as
 * the IP header says, is in the capture and the packet is not a
 * fragment; otherwise it is "unverified".  So is every segment under
 * -K, and a segment whose IP length is 0 (segmentation offload: the NIC
 * fills in lengths and checksum).  It is "ok" when the ones'
 * complement sum over the pseudo-header (RFC 9293 §3.1 for IPv4; RFC
 * 8200 §8.1 for IPv6, with the final destination of a Routing header)
 * and the segment comes out right.  If not, it is "zero" when the field
 * is 0 (nobody computed it), and "offload" when the field holds just
 * the folded pseudo-header sum, or its complement: that is what a host
 * whose NIC computes checksums (Linux CHECKSUM_PARTIAL) hands to the
 * capture before the NIC fills in the real one.  Anything else is
 * "bad".  Only "bad" says the segment was damaged; "zero" and
 * "offload" usually mean it was captured on the sending host.
 */
static enum sw_csum
csum_check(const uint8_t *seg, uint32_t seglen, uint32_t phsum,
    uint16_t field)
{
	uint16_t ph = sw_csum_fold(phsum);
	uint16_t not_ph = (uint16_t)(0xffffu - ph);

	if (sw_csum_fold(sw_csum_add(phsum, seg, seglen)) == 0xffff)
		return SW_CSUM_OK;
	if (field == 0)
		return SW_CSUM_ZERO;
	if (field == ph || field == not_ph)
		return SW_CSUM_OFFLOAD;
	return SW_CSUM_BAD;
}

/* Fill opt from one option of a known kind; v holds its value bytes. */
static void
option(uint8_t kind, struct sw_rd *v, struct sw_tcpopt *opt)
{
	size_t n = sw_rd_left(v);
	uint16_t exid;
	uint8_t i;

	switch (kind) {
	case TCPOPT_MSS:
		if (n == 2)
			opt->has_mss = sw_rd_be16(v, &opt->mss);
		break;
	case TCPOPT_WSCALE:
		if (n == 1)
			opt->has_wscale = sw_rd_u8(v, &opt->wscale);
		break;
	case TCPOPT_SACK_OK:
		if (n == 0)
			opt->sack_ok = true;
		break;
	case TCPOPT_SACK:
		if (n == 0 || n % 8 != 0 || n / 8 > SW_MAX_SACK)
			break;
		opt->nsack = (uint8_t)(n / 8);
		for (i = 0; i < opt->nsack; i++) {
			(void)sw_rd_be32(v, &opt->sack[i][0]);
			(void)sw_rd_be32(v, &opt->sack[i][1]);
		}
		break;
	case TCPOPT_TS:
		if (n == 8)
			opt->has_ts = sw_rd_be32(v, &opt->ts_val) &&
			    sw_rd_be32(v, &opt->ts_ecr);
		break;
	case TCPOPT_TFO:
		/*
		 * Length 2 is a cookie request.  Any cookie up to 16
		 * bytes is recorded, even the odd or short ones §4.1.1
		 * forbids, so that they stay visible.
		 */
		if (n <= TFO_COOKIE_MAX) {
			opt->has_tfo = true;
			opt->tfo_len = (uint8_t)n;
		}
		break;
	case TCPOPT_EXP:
		if (n >= 2 && n - 2 <= TFO_COOKIE_MAX &&
		    sw_rd_be16(v, &exid) && exid == TCPOPT_EXID_TFO) {
			opt->has_tfo = true;
			opt->tfo_len = (uint8_t)(n - 2);
		}
		break;
	default:
		break;		/* unknown kinds are skipped by length */
	}
}

/* RFC 9293 §3.1 options: kind, or kind + length + value. */
static bool
options(struct sw_rd *o, struct sw_tcpopt *opt)
{
	struct sw_rd v;
	uint8_t kind, len;

	while (sw_rd_u8(o, &kind)) {
		if (kind == TCPOPT_EOL)
			break;		/* the rest is padding */
		if (kind == TCPOPT_NOP)
			continue;
		if (!sw_rd_u8(o, &len) || len < 2 ||
		    !sw_rd_sub(o, len - 2u, &v))
			return false;
		option(kind, &v, opt);
	}
	return true;
}

/* RFC 9293 §3.1 header. */
enum sw_decode_result
sw_decode_tcp(struct sw_rd *r, uint32_t seglen, uint32_t phsum,
    bool verify, struct sw_pkt *pkt)
{
	const uint8_t *seg = r->p;
	size_t cap = sw_rd_left(r);	/* segment bytes captured */
	struct sw_rd h = *r, o;
	uint8_t off;
	uint16_t field;

	pkt->ip_proto = SW_IPPROTO_TCP;
	if (seglen < 20)
		return sw_dec_stop(pkt, SW_DEC_ERR_TCP_HDR, SW_ENCAP_NONE);
	if (!(sw_rd_be16(&h, &pkt->sport) &&
	    sw_rd_be16(&h, &pkt->dport) &&
	    sw_rd_be32(&h, &pkt->seq) &&
	    sw_rd_be32(&h, &pkt->ack) &&
	    sw_rd_u8(&h, &off) &&
	    sw_rd_u8(&h, &pkt->flags) &&
	    sw_rd_be16(&h, &pkt->win) &&
	    sw_rd_be16(&h, &field) &&
	    sw_rd_be16(&h, &pkt->urp)))
		return sw_dec_stop(pkt, SW_DEC_ERR_TCP_TRUNC, SW_ENCAP_NONE);
	/*
	 * Data offset, in 32-bit words.  The low bits of byte 12 are the
	 * reserved and AE (ex-NS, RFC 3540) bits, which sw_pkt does not
	 * keep: flags holds byte 13.
	 */
	pkt->thlen = (uint8_t)((off >> 4) * 4);
	if (pkt->thlen < 20 || pkt->thlen > seglen)
		return sw_dec_stop(pkt, SW_DEC_ERR_TCP_HDR, SW_ENCAP_NONE);
	if (!sw_rd_skip(r, 20) || !sw_rd_sub(r, pkt->thlen - 20u, &o))
		return sw_dec_stop(pkt, SW_DEC_ERR_TCP_TRUNC, SW_ENCAP_NONE);
	if (!options(&o, &pkt->opt))
		return sw_dec_stop(pkt, SW_DEC_ERR_TCP_OPT, SW_ENCAP_NONE);

	pkt->paylen = seglen - pkt->thlen;
	pkt->payload = r->p;
	pkt->paycap = (uint32_t)sw_rd_left(r);
	if (pkt->paycap > pkt->paylen)	/* the caller did not trim r */
		pkt->paycap = pkt->paylen;
	pkt->csum = SW_CSUM_UNVERIFIED;
	if (verify && cap >= seglen)
		pkt->csum = csum_check(seg, seglen, phsum, field);
	return SW_DEC_OK;
}
