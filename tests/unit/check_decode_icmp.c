/* SPDX-License-Identifier: MIT */
/*
 * check_decode_icmp.c: unit tests of ICMP and ICMPv6 errors that quote
 * a TCP segment: every type and code accepted, the messages that are
 * not such errors, short and foreign quotes, and a frame cut at every
 * byte.
 *
 * The frames are Ethernet, from a router (10.0.0.254, 2001:db8::fe) to
 * the client, quoting the client's segment 10.0.0.1:43512 -> 10.0.0.2:80
 * (pb_ip_default, pb_tcp_default) with its payload.
 */
#include <string.h>

#include "check_decode.h"
#include "sevenway/conn.h"

#define ETH_IP		0x0800
#define ETH_IPV6	0x86dd
#define ETH_LEN		14

static const uint8_t router4[4] = { 10, 0, 0, 254 };
static const uint8_t router6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0xfe };

/* How a test frame is made. */
struct icmp_spec {
	uint8_t version;	/* 4: ICMP, 6: ICMPv6 */
	uint8_t type, code;
	uint8_t qproto;		/* the quoted packet's protocol */
	size_t qtcp;		/* bytes of it quoted after its IP header */
	bool hbh;		/* IPv6 quote: a hop-by-hop header first */
	uint8_t qversion;	/* the quoted header's version (0: same) */
};

/* Where the parts of a built frame start. */
struct icmp_frame {
	size_t ip, icmp, quote, tcp, end;
};

static void
spec_init(struct icmp_spec *s, uint8_t version, uint8_t type, uint8_t code)
{
	memset(s, 0, sizeof(*s));
	s->version = version;
	s->type = type;
	s->code = code;
	s->qproto = 6;
	s->qtcp = 20 + TD_PAYLEN;
}

static void
build(struct pb *b, const struct icmp_spec *s, struct icmp_frame *f)
{
	uint8_t qv = s->qversion ? s->qversion : s->version;
	struct pb_ip outer, q;
	struct pb_tcp t;
	size_t qoff;

	pb_eth(b, s->version == 4 ? ETH_IP : ETH_IPV6);
	pb_ip_default(&outer, s->version);
	memcpy(outer.src, s->version == 4 ? router4 : router6,
	    s->version == 4 ? 4 : 16);
	/* Back to the quoted segment's sender, the client. */
	pb_ip_default(&q, s->version);
	memcpy(outer.dst, q.src, 16);
	outer.proto = s->version == 4 ? 1 : 58;
	f->ip = pb_ip(b, &outer);
	f->icmp = b->len;
	pb_u8(b, s->type);
	pb_u8(b, s->code);
	pb_be16(b, 0);			/* checksum: not verified */
	pb_be32(b, s->type == 2 ? 1280 : 0);	/* MTU of packet too big */
	f->quote = b->len;
	pb_ip_default(&q, qv);
	q.proto = s->hbh ? 0 : s->qproto;
	qoff = pb_ip(b, &q);
	if (s->hbh)
		pb_ip6_ext(b, 0, s->qproto, NULL, 0);
	f->tcp = b->len;
	if (s->qproto == 6) {
		pb_tcp_default(&t);
		t.flags = 0x02;		/* a SYN */
		pb_tcp(b, &t);
		pb_bytes(b, TD_PAYLOAD, TD_PAYLEN);
	} else {
		pb_udp(b, 5353, 53, "query", 5);
	}
	pb_ip_fix(b, qoff);
	/* The quote ends where the error's sender cut it. */
	if (f->tcp + s->qtcp < b->len)
		b->len = f->tcp + s->qtcp;
	pb_ip_fix(b, f->ip);
	f->end = b->len;
	ck_assert(!b->overflow);
}

/* The quoted segment's fields, as built. */
static void
assert_quoted(const struct sw_pkt *pkt, const struct icmp_spec *s)
{
	struct pb_ip q;
	size_t alen = s->version == 4 ? 4 : 16;

	pb_ip_default(&q, s->version);
	ck_assert_uint_eq(pkt->ip_version, s->version);
	ck_assert_uint_eq(pkt->src.family, s->version);
	ck_assert_mem_eq(pkt->src.a, q.src, alen);
	ck_assert_mem_eq(pkt->dst.a, q.dst, alen);
	ck_assert_uint_eq(pkt->sport, 43512);
	ck_assert_uint_eq(pkt->dport, 80);
	ck_assert_uint_eq(pkt->seq, 1000);
	ck_assert_uint_eq(pkt->ip_proto, 6);
	ck_assert_uint_eq(pkt->paylen, 0);
	ck_assert_uint_eq(pkt->icmp.type, s->type);
	ck_assert_uint_eq(pkt->icmp.code, s->code);
	ck_assert(pkt->icmp.v6 == (s->version == 6));
	ck_assert_uint_eq(pkt->icmp.from.family, s->version);
	ck_assert_mem_eq(pkt->icmp.from.a, s->version == 4 ? router4 : router6,
	    alen);
}

/* Every error type and code that is decoded. */
static const struct { uint8_t v, type, code; } accepted[] = {
	{ 4, 3, 0 }, { 4, 3, 1 }, { 4, 3, 2 }, { 4, 3, 3 }, { 4, 3, 4 },
	{ 4, 3, 5 }, { 4, 3, 6 }, { 4, 3, 7 }, { 4, 3, 8 }, { 4, 3, 9 },
	{ 4, 3, 10 }, { 4, 3, 11 }, { 4, 3, 12 }, { 4, 3, 13 }, { 4, 3, 14 },
	{ 4, 3, 15 }, { 4, 11, 0 }, { 4, 11, 1 }, { 4, 12, 0 }, { 4, 12, 1 },
	{ 6, 1, 0 }, { 6, 1, 1 }, { 6, 1, 2 }, { 6, 1, 3 }, { 6, 1, 4 },
	{ 6, 1, 5 }, { 6, 1, 6 }, { 6, 2, 0 }, { 6, 3, 0 }, { 6, 3, 1 },
	{ 6, 4, 0 }, { 6, 4, 1 },
};
#define NACCEPTED ((int)(sizeof(accepted) / sizeof(accepted[0])))

START_TEST(every_error_type)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	spec_init(&s, accepted[_i].v, accepted[_i].type, accepted[_i].code);
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_ICMP_TCP);
	assert_quoted(&pkt, &s);
	ck_assert(pkt.icmp.has_ack && pkt.icmp.has_flags);
	ck_assert_uint_eq(pkt.ack, 2000);
	ck_assert_uint_eq(pkt.flags, 0x02);
	/* Every one the decoder accepts has a name for the report. */
	ck_assert_ptr_nonnull(sw_icmp_name(s.version == 6, s.type, s.code));
	/* Only destination unreachable (less fragmentation needed) ends a
	 * connection attempt. */
	ck_assert(sw_icmp_unreachable(s.version == 6, s.type, s.code) ==
	    (s.version == 4 ? s.type == 3 && s.code != 4 : s.type == 1));
}
END_TEST

/* Other ICMP messages are not about a TCP segment. */
static const struct { uint8_t v, type; } other[] = {
	{ 4, 0 }, { 4, 4 }, { 4, 5 }, { 4, 8 }, { 4, 13 },
	{ 6, 0 }, { 6, 128 }, { 6, 129 }, { 6, 135 }, { 6, 136 },
};
#define NOTHER ((int)(sizeof(other) / sizeof(other[0])))

START_TEST(other_types_not_tcp)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	spec_init(&s, other[_i].v, other[_i].type, 0);
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_NOT_TCP);
	ck_assert_uint_eq(pkt.ip_proto, s.version == 4 ? 1 : 58);
	ck_assert_int_eq(pkt.encap, SW_ENCAP_IP_PROTO);
}
END_TEST

/* RFC 792's minimum: the IP header and 8 bytes, ports and seq only. */
START_TEST(quote_eight_bytes)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	for (size_t n = 8; n < 14; n++) {
		spec_init(&s, _i ? 6 : 4, _i ? 1 : 3, _i ? 4 : 3);
		s.qtcp = n;
		pb_init(&b, buf, sizeof buf);
		build(&b, &s, &f);
		ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
		    SW_DEC_ICMP_TCP);
		assert_quoted(&pkt, &s);
		ck_assert(pkt.icmp.has_ack == (n >= 12));
		ck_assert(!pkt.icmp.has_flags);
		ck_assert_uint_eq(pkt.flags, 0);
		ck_assert_uint_eq(pkt.ack, n >= 12 ? 2000 : 0);
	}
}
END_TEST

/* Fewer than 8 TCP bytes quoted (on the wire, not a capture cut). */
START_TEST(quote_too_short)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	for (size_t n = 0; n < 8; n++) {
		spec_init(&s, _i ? 6 : 4, _i ? 1 : 3, 1);
		s.qtcp = n;
		pb_init(&b, buf, sizeof buf);
		build(&b, &s, &f);
		ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
		    SW_DEC_ERR_ICMP_QUOTE);
	}
}
END_TEST

START_TEST(quote_not_tcp)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	spec_init(&s, _i ? 6 : 4, _i ? 1 : 3, 3);
	s.qproto = 17;
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_NOT_TCP);
	ck_assert_uint_eq(pkt.ip_proto, _i ? 58 : 1);

	/* A later fragment of a TCP packet quotes no TCP header. */
	spec_init(&s, 4, 11, 1);
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	pb_set_be16(&b, f.quote + 6, 0x0010);	/* offset 128 bytes */
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_NOT_TCP);
}
END_TEST

/* A quote whose IP header is not the error's own version, or broken. */
START_TEST(quote_bad_header)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	spec_init(&s, _i ? 6 : 4, _i ? 1 : 3, 1);
	s.qversion = _i ? 4 : 6;
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_ICMP_QUOTE);

	/* An IPv4 header length below 20 bytes. */
	spec_init(&s, 4, 3, 1);
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	buf[f.quote] = 0x44;
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_ICMP_QUOTE);
}
END_TEST

/* An IPv6 quote with an extension header before TCP. */
START_TEST(quote_ipv6_ext)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;

	spec_init(&s, 6, 1, 1);
	s.hbh = true;
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_ICMP_TCP);
	assert_quoted(&pkt, &s);

	/* Cut inside the extension header: no TCP bytes. */
	s.qtcp = 0;
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	b.len = f.tcp - 4;
	pb_ip_fix(&b, f.ip);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt),
	    SW_DEC_ERR_ICMP_QUOTE);
}
END_TEST

/*
 * The error frame captured up to every byte: a clean result each time,
 * and the one the cut calls for.  The wire length stays the frame's, so
 * these are snap-length cuts.
 */
START_TEST(truncated_every_byte)
{
	uint8_t buf[256];
	struct icmp_spec s;
	struct icmp_frame f;
	struct sw_pkt pkt;
	struct pb b;
	size_t iphdr = _i ? 40 : 20;

	spec_init(&s, _i ? 6 : 4, _i ? 1 : 3, 1);
	pb_init(&b, buf, sizeof buf);
	build(&b, &s, &f);
	for (size_t cut = 0; cut <= f.end; cut++) {
		enum sw_decode_result want, got;

		if (cut < ETH_LEN)
			want = SW_DEC_ERR_LINK_TRUNC;
		else if (cut < f.ip + iphdr)
			want = SW_DEC_ERR_IP_TRUNC;
		else if (cut == f.icmp)
			want = SW_DEC_NOT_TCP;	/* not even its type */
		else if (cut < f.tcp + 8)
			want = SW_DEC_ERR_ICMP_QUOTE;
		else
			want = SW_DEC_ICMP_TCP;
		got = td_decode_len(TD_DLT_EN10MB, buf, (uint32_t)cut,
		    (uint32_t)f.end, &pkt);
		ck_assert_msg(got == want, "cut at %zu: %s, wanted %s", cut,
		    sw_decode_result_name(got), sw_decode_result_name(want));
		if (got == SW_DEC_ICMP_TCP) {
			assert_quoted(&pkt, &s);
			ck_assert(pkt.icmp.has_flags == (cut >= f.tcp + 14));
		}
	}
}
END_TEST

Suite *
decode_icmp_suite(void)
{
	Suite *s = suite_create("decode_icmp");
	TCase *tc = tcase_create("icmp");

	tcase_add_loop_test(tc, every_error_type, 0, NACCEPTED);
	tcase_add_loop_test(tc, other_types_not_tcp, 0, NOTHER);
	tcase_add_loop_test(tc, quote_eight_bytes, 0, 2);
	tcase_add_loop_test(tc, quote_too_short, 0, 2);
	tcase_add_loop_test(tc, quote_not_tcp, 0, 2);
	tcase_add_loop_test(tc, quote_bad_header, 0, 2);
	tcase_add_test(tc, quote_ipv6_ext);
	tcase_add_loop_test(tc, truncated_every_byte, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
