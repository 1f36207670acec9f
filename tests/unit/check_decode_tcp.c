/* SPDX-License-Identifier: MIT */
/*
 * check_decode_tcp.c: unit tests of the TCP layer of sw_decode(): the
 * header checks, every option sevenway parses, and the checksum rule.
 *
 * Segments go over raw IP (DLT_RAW) since the link layer is tested
 * elsewhere; each test builds its options byte by byte.
 */
#include <string.h>

#include "check_decode.h"

/* Raw IP + TCP with options opt and TD_PAYLOAD; returns the TCP offset. */
static size_t
seg(struct pb *b, uint8_t *buf, size_t cap, uint8_t version,
    const uint8_t *opt, size_t optlen)
{
	struct pb_ip ip;
	struct pb_tcp t;
	size_t ipoff, tcpoff;

	pb_init(b, buf, cap);
	pb_ip_default(&ip, version);
	pb_tcp_default(&t);
	t.opt = opt;
	t.optlen = optlen;
	ipoff = pb_ip(b, &ip);
	tcpoff = pb_tcp(b, &t);
	pb_bytes(b, TD_PAYLOAD, TD_PAYLEN);
	pb_tcp_csum(b, tcpoff, &ip);
	pb_ip_fix(b, ipoff);
	ck_assert(!b->overflow);
	return tcpoff;
}

/* Decode options opt; they must parse, and the segment with them. */
static void
decode_opts(const uint8_t *opt, size_t optlen, struct sw_pkt *pkt)
{
	uint8_t buf[128];
	struct pb b;

	seg(&b, buf, sizeof buf, 4, opt, optlen);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt->thlen, 20 + (optlen + 3) / 4 * 4);
	ck_assert_uint_eq(pkt->paylen, TD_PAYLEN);
	ck_assert_mem_eq(pkt->payload, TD_PAYLOAD, TD_PAYLEN);
	ck_assert_int_eq(pkt->csum, SW_CSUM_OK);
}

/* Decode options opt; they must make the header unparseable. */
static void
bad_opts(const uint8_t *opt, size_t optlen)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	seg(&b, buf, sizeof buf, 4, opt, optlen);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_ERR_TCP_OPT);
}

START_TEST(header_fields)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;
	size_t off;

	off = seg(&b, buf, sizeof buf, 6, NULL, 0);
	buf[off + 13] = 0xff;		/* every flag */
	pb_set_be16(&b, off + 18, 0xbeef);
	pb_set_be16(&b, off + 14, 0);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.flags, SW_TH_FIN | SW_TH_SYN | SW_TH_RST |
	    SW_TH_PSH | SW_TH_ACK | SW_TH_URG | SW_TH_ECE | SW_TH_CWR);
	ck_assert_uint_eq(pkt.urp, 0xbeef);
	ck_assert_uint_eq(pkt.win, 0);
	ck_assert_int_eq(pkt.csum, SW_CSUM_BAD);
	ck_assert(!pkt.opt.has_mss && !pkt.opt.has_ts && !pkt.opt.has_tfo);
}
END_TEST

START_TEST(syn_options)
{
	/* A Linux SYN: MSS, SACK-permitted, timestamps, NOP, WS 7. */
	static const uint8_t opt[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
	    0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, 1, 3, 3, 7 };
	struct sw_pkt pkt;

	decode_opts(opt, sizeof opt, &pkt);
	ck_assert(pkt.opt.has_mss);
	ck_assert_uint_eq(pkt.opt.mss, 1460);
	ck_assert(pkt.opt.sack_ok);
	ck_assert(pkt.opt.has_ts);
	ck_assert_uint_eq(pkt.opt.ts_val, 0x01020304);
	ck_assert_uint_eq(pkt.opt.ts_ecr, 0);
	ck_assert(pkt.opt.has_wscale);
	ck_assert_uint_eq(pkt.opt.wscale, 7);
	ck_assert(!pkt.opt.has_tfo);
	ck_assert_uint_eq(pkt.opt.nsack, 0);
}
END_TEST

/* SACK with 1 to 4 blocks, after two NOPs as senders align it. */
START_TEST(sack_blocks)
{
	uint8_t opt[40] = { 1, 1, 5 };
	unsigned n = (unsigned)_i, i;
	struct sw_pkt pkt;
	struct pb b;

	opt[3] = (uint8_t)(2 + 8 * n);
	pb_init(&b, opt + 4, sizeof opt - 4);
	for (i = 0; i < n; i++) {
		pb_be32(&b, 0x10000000u * (i + 1));
		pb_be32(&b, 0x10000000u * (i + 1) + 1448);
	}
	decode_opts(opt, 4 + 8 * n, &pkt);
	ck_assert_uint_eq(pkt.opt.nsack, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(pkt.opt.sack[i][0], 0x10000000u * (i + 1));
		ck_assert_uint_eq(pkt.opt.sack[i][1],
		    0x10000000u * (i + 1) + 1448);
	}
}
END_TEST

START_TEST(tfo)
{
	static const uint8_t cookie[] = { 34, 10, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t request[] = { 34, 2 };
	static const uint8_t exp_cookie[] = { 254, 12, 0xf9, 0x89,
	    1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t exp_request[] = { 254, 4, 0xf9, 0x89 };
	static const uint8_t exp_other[] = { 254, 6, 0x12, 0x34, 0, 0 };
	struct sw_pkt pkt;

	decode_opts(cookie, sizeof cookie, &pkt);
	ck_assert(pkt.opt.has_tfo);
	ck_assert_uint_eq(pkt.opt.tfo_len, 8);
	decode_opts(request, sizeof request, &pkt);
	ck_assert(pkt.opt.has_tfo);
	ck_assert_uint_eq(pkt.opt.tfo_len, 0);
	decode_opts(exp_cookie, sizeof exp_cookie, &pkt);
	ck_assert(pkt.opt.has_tfo);
	ck_assert_uint_eq(pkt.opt.tfo_len, 8);
	decode_opts(exp_request, sizeof exp_request, &pkt);
	ck_assert(pkt.opt.has_tfo);
	ck_assert_uint_eq(pkt.opt.tfo_len, 0);
	/* Another experiment's ExID (RFC 6994) is someone else's. */
	decode_opts(exp_other, sizeof exp_other, &pkt);
	ck_assert(!pkt.opt.has_tfo);
}
END_TEST

START_TEST(unknown_and_padding)
{
	/* MPTCP (30) and an unassigned kind are skipped by length. */
	static const uint8_t unknown[] = { 30, 4, 0x10, 0x01, 99, 3, 0,
	    2, 4, 0x02, 0x18 };
	/* After EOL the rest is padding, even when it looks broken. */
	static const uint8_t eol[] = { 1, 1, 0, 2, 0, 4, 0xff, 0xff };
	/* Only NOPs. */
	static const uint8_t nops[] = { 1, 1, 1, 1 };
	struct sw_pkt pkt;

	decode_opts(unknown, sizeof unknown, &pkt);
	ck_assert(pkt.opt.has_mss);
	ck_assert_uint_eq(pkt.opt.mss, 536);
	decode_opts(eol, sizeof eol, &pkt);
	ck_assert(!pkt.opt.has_mss);
	decode_opts(nops, sizeof nops, &pkt);
	ck_assert(!pkt.opt.has_mss && !pkt.opt.sack_ok);
}
END_TEST

START_TEST(wrong_lengths_ignored)
{
	/* Known kinds with lengths their RFCs do not allow. */
	static const uint8_t opt[] = {
		2, 3, 5,		/* MSS, length 3 */
		3, 4, 7, 0,		/* window scale, length 4 */
		4, 3, 0,		/* SACK-permitted, length 3 */
		5, 9, 0, 0, 0, 1, 0, 0, 0,	/* SACK, length 9 */
		8, 6, 0, 0, 0, 1,	/* timestamps, length 6 */
		34, 19,			/* TFO, too long: goes past */
	};
	static const uint8_t ok[] = {
		2, 3, 5, 3, 4, 7, 0, 4, 3, 0, 5, 9, 0, 0, 0, 1, 0, 0, 0,
		8, 6, 0, 0, 0, 1, 1, 1, 1,
	};
	struct sw_pkt pkt;

	decode_opts(ok, sizeof ok, &pkt);
	ck_assert(!pkt.opt.has_mss && !pkt.opt.has_wscale);
	ck_assert(!pkt.opt.sack_ok && !pkt.opt.has_ts);
	ck_assert_uint_eq(pkt.opt.nsack, 0);
	/* The TFO option of length 19 overruns the 28-byte header. */
	bad_opts(opt, sizeof opt);
}
END_TEST

START_TEST(bad_option_lengths)
{
	static const uint8_t len0[] = { 1, 30, 0, 0 };
	static const uint8_t len1[] = { 2, 1, 1, 1 };
	static const uint8_t overrun[] = { 2, 8, 5, 0xb4 };
	static const uint8_t no_len[] = { 1, 1, 1, 8 };
	static const uint8_t sack_overrun[] = { 1, 1, 5, 18, 0, 0, 0, 1,
	    0, 0, 0, 2 };

	bad_opts(len0, sizeof len0);
	bad_opts(len1, sizeof len1);
	bad_opts(overrun, sizeof overrun);
	bad_opts(no_len, sizeof no_len);
	bad_opts(sack_overrun, sizeof sack_overrun);
}
END_TEST

START_TEST(bad_data_offset)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;
	size_t off;

	/* Data offset 4 (< 5 words). */
	off = seg(&b, buf, sizeof buf, 4, NULL, 0);
	buf[off + 12] = 0x40;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_ERR_TCP_HDR);
	/* Data offset 7 words past a 25-byte segment. */
	buf[off + 12] = 0x70;
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_ERR_TCP_HDR);
	/* Data offset 6 within the segment, but not captured. */
	buf[off + 12] = 0x60;
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)off + 22,
	    (uint32_t)b.len, &pkt), SW_DEC_ERR_TCP_TRUNC);
	/* Segment shorter than a TCP header: IP length 20 + 19. */
	off = seg(&b, buf, sizeof buf, 4, NULL, 0);
	pb_set_be16(&b, 2, 39);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_ERR_TCP_HDR);
	/* Base header cut by the snap length. */
	off = seg(&b, buf, sizeof buf, 6, NULL, 0);
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)off + 19,
	    (uint32_t)b.len, &pkt), SW_DEC_ERR_TCP_TRUNC);
	ck_assert_uint_eq(pkt.ip_version, 6);
}
END_TEST

START_TEST(snaplen_truncated)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;
	size_t off;

	off = seg(&b, buf, sizeof buf, _i ? 6 : 4, NULL, 0);
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)b.len - 3,
	    (uint32_t)b.len, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paylen, TD_PAYLEN);
	ck_assert_uint_eq(pkt.paycap, TD_PAYLEN - 3);
	ck_assert_ptr_eq(pkt.payload, buf + off + 20);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
	/* Header only. */
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)off + 20,
	    (uint32_t)b.len, &pkt), SW_DEC_OK);
	ck_assert_uint_eq(pkt.paycap, 0);
	ck_assert_uint_eq(pkt.seq, 1000);
}
END_TEST

/*
 * The checksum rule, for IPv4 (_i = 0) and IPv6 (_i = 1): OK as built,
 * BAD after damage, ZERO for 0, OFFLOAD for the folded pseudo-header
 * sum Linux leaves with CHECKSUM_PARTIAL, and for its complement.
 */
START_TEST(checksums)
{
	uint8_t version = _i ? 6 : 4;
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb_ip ip;
	struct pb b;
	uint16_t ph, good;
	size_t off;

	off = seg(&b, buf, sizeof buf, version, NULL, 0);
	pb_ip_default(&ip, version);
	ph = pb_fold(pb_pseudo(&ip, 6, (uint32_t)(b.len - off)));
	good = (uint16_t)(buf[off + 16] << 8 | buf[off + 17]);
	ck_assert_uint_ne(good, ph);

	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);

	buf[b.len - 1] ^= 0x01;		/* damaged payload */
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_BAD);
	buf[b.len - 1] ^= 0x01;

	pb_set_be16(&b, off + 16, 0);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_ZERO);

	pb_set_be16(&b, off + 16, ph);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OFFLOAD);

	pb_set_be16(&b, off + 16, (uint16_t)~ph);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OFFLOAD);

	pb_set_be16(&b, off + 16, (uint16_t)(good + 1));
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_BAD);

	/* A checksum over an odd-length segment pads with a zero byte. */
	pb_set_be16(&b, off + 16, good);
	ck_assert_int_eq(td_decode(TD_DLT_RAW, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);
	ck_assert_uint_eq((b.len - off) % 2, 1);
}
END_TEST

/* A zero field on a cut segment stays unverified: 0 can be a real sum. */
START_TEST(checksum_zero_truncated)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;
	size_t off;

	off = seg(&b, buf, sizeof buf, 4, NULL, 0);
	pb_set_be16(&b, off + 16, 0);
	ck_assert_int_eq(td_decode_len(TD_DLT_RAW, buf, (uint32_t)b.len - 1,
	    (uint32_t)b.len, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_UNVERIFIED);
}
END_TEST

Suite *
decode_tcp_suite(void)
{
	Suite *s = suite_create("decode_tcp");
	TCase *tc = tcase_create("header");

	tcase_add_test(tc, header_fields);
	tcase_add_test(tc, bad_data_offset);
	tcase_add_loop_test(tc, snaplen_truncated, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_test(tc, syn_options);
	tcase_add_loop_test(tc, sack_blocks, 1, 5);
	tcase_add_test(tc, tfo);
	tcase_add_test(tc, unknown_and_padding);
	tcase_add_test(tc, wrong_lengths_ignored);
	tcase_add_test(tc, bad_option_lengths);
	suite_add_tcase(s, tc);

	tc = tcase_create("checksum");
	tcase_add_loop_test(tc, checksums, 0, 2);
	tcase_add_test(tc, checksum_zero_truncated);
	suite_add_tcase(s, tc);
	return s;
}
