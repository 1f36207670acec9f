/* SPDX-License-Identifier: MIT */
/*
 * check_decode_link.c: unit tests of the link layers of sw_decode(), and
 * the truncation and mutation sweeps over frames of every link type.
 *
 * Each link test builds the link header byte by byte in front of the
 * same IPv4 or IPv6 TCP segment (td_ip_tcp) and asserts the segment
 * comes out whole, plus the link-level fields (VLAN ids, encap).
 */
#include <string.h>

#include "check_decode.h"

#define ETH_IP		0x0800
#define ETH_ARP		0x0806
#define ETH_8021Q	0x8100
#define ETH_IPV6	0x86dd
#define ETH_MPLS	0x8847
#define ETH_MPLS_MC	0x8848
#define ETH_PPPOE_DISC	0x8863
#define ETH_PPPOE_SESS	0x8864
#define ETH_8021AD	0x88a8
#define ETH_LLDP	0x88cc
#define ETH_QINQ_OLD	0x9100

/* Decode b as dlt and check it is td_ip_tcp()'s segment. */
static void
expect_default(int dlt, const struct pb *b, uint8_t version)
{
	struct sw_pkt pkt;

	ck_assert_int_eq(td_decode(dlt, b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, version);
}

/* Decode b as dlt and check it stops with r and encapsulation e. */
static void
expect_stop(int dlt, const struct pb *b, enum sw_decode_result r,
    enum sw_encap e)
{
	struct sw_pkt pkt;

	ck_assert_int_eq(td_decode(dlt, b, &pkt), r);
	ck_assert_int_eq(pkt.encap, e);
}

START_TEST(ethernet)
{
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IP);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_EN10MB, &b, 4);
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_IPV6);
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_EN10MB, &b, 6);
}
END_TEST

/* One tag per TPID; 0x9100 outer over 0x8100 inner over 0x8100. */
START_TEST(vlan_tags)
{
	static const uint16_t tpid[] = { ETH_8021Q, ETH_8021AD, ETH_QINQ_OLD };
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, tpid[_i]);
	pb_vlan(&b, 0xe000 | 100, ETH_IP);	/* priority 7, VID 100 */
	td_ip_tcp(&b, 4);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 4);
	ck_assert_uint_eq(pkt.nvlan, 1);
	ck_assert_uint_eq(pkt.vlan[0], 100);
	ck_assert_uint_eq(pkt.vlan[1], 0);

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, tpid[_i]);
	pb_vlan(&b, 10, ETH_8021Q);
	pb_vlan(&b, 4095, ETH_8021Q);
	pb_vlan(&b, 30, ETH_IPV6);
	td_ip_tcp(&b, 6);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
	ck_assert_uint_eq(pkt.nvlan, 3);
	ck_assert_uint_eq(pkt.vlan[0], 10);
	ck_assert_uint_eq(pkt.vlan[1], 4095);
}
END_TEST

START_TEST(vlan_too_deep)
{
	uint8_t buf[192];
	struct pb b;
	int i;

	/* 8 tags are decoded, the 9th is one too many. */
	for (int depth = 8; depth <= 9; depth++) {
		pb_init(&b, buf, sizeof buf);
		pb_eth(&b, ETH_8021AD);
		for (i = 1; i < depth; i++)
			pb_vlan(&b, (uint16_t)i, ETH_8021Q);
		pb_vlan(&b, (uint16_t)i, ETH_IP);
		td_ip_tcp(&b, 4);
		if (depth == 8)
			expect_default(TD_DLT_EN10MB, &b, 4);
		else
			expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP,
			    SW_ENCAP_VLAN_DEEP);
	}
}
END_TEST

START_TEST(mpls)
{
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_MPLS);
	pb_mpls(&b, 16, true, 64);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_EN10MB, &b, 4);

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_MPLS_MC);
	pb_mpls(&b, 1000, false, 64);
	pb_mpls(&b, 2000, false, 64);
	pb_mpls(&b, 2, true, 64);	/* IPv6 explicit null */
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_EN10MB, &b, 6);

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_MPLS);
	pb_mpls(&b, 1000, false, 64);
	pb_mpls(&b, 2000, false, 64);
	pb_mpls(&b, 3000, true, 64);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_EN10MB, &b, 4);
}
END_TEST

START_TEST(mpls_not_ip)
{
	uint8_t buf[192];
	struct pb b;
	int i;

	/* An Ethernet pseudowire with its control word (RFC 4385). */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_MPLS);
	pb_mpls(&b, 100, true, 64);
	pb_be32(&b, 0);
	pb_eth(&b, ETH_IP);
	td_ip_tcp(&b, 4);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_MPLS_DEEP);

	/* 17 labels without bottom of stack in the first 16. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_MPLS);
	for (i = 0; i < 17; i++)
		pb_mpls(&b, (uint32_t)i + 16, i == 16, 64);
	td_ip_tcp(&b, 4);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_MPLS_DEEP);
}
END_TEST

START_TEST(pppoe)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;
	size_t off;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_PPPOE_SESS);
	off = pb_pppoe(&b, 0, 0x1234);
	pb_be16(&b, 0x0021);
	td_ip_tcp(&b, 4);
	pb_pppoe_fix(&b, off);
	expect_default(TD_DLT_EN10MB, &b, 4);

	/* IPv6, inside a VLAN (as on many DSL access networks). */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_8021Q);
	pb_vlan(&b, 7, ETH_PPPOE_SESS);
	off = pb_pppoe(&b, 0, 0x1234);
	pb_be16(&b, 0x0057);
	td_ip_tcp(&b, 6);
	pb_pppoe_fix(&b, off);
	ck_assert_int_eq(td_decode(TD_DLT_EN10MB, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
	ck_assert_uint_eq(pkt.vlan[0], 7);

	/* LCP echo inside the session. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_PPPOE_SESS);
	off = pb_pppoe(&b, 0, 0x1234);
	pb_bytes(&b, "\xc0\x21\x09\x01\x00\x08\x00\x00\x00\x00", 10);
	pb_pppoe_fix(&b, off);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPP_CTRL);

	/* Discovery: PADI on its own EtherType. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_PPPOE_DISC);
	off = pb_pppoe(&b, 0x09, 0);
	pb_bytes(&b, "\x01\x01\x00\x00", 4);
	pb_pppoe_fix(&b, off);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPPOE_DISC);
}
END_TEST

START_TEST(not_ip)
{
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_ARP);
	pb_bytes(&b, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	pb_zeros(&b, 20);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_NOT_IP, SW_ENCAP_ARP);

	/* 802.3 length field, LLC (STP). */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, 38);
	pb_bytes(&b, "\x42\x42\x03", 3);
	pb_zeros(&b, 35);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_NOT_IP, SW_ENCAP_LLC);

	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_LLDP);
	pb_zeros(&b, 46);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_NOT_IP, SW_ENCAP_ETHERTYPE);

	/* The same, behind a VLAN tag. */
	pb_init(&b, buf, sizeof buf);
	pb_eth(&b, ETH_8021Q);
	pb_vlan(&b, 5, ETH_ARP);
	pb_zeros(&b, 28);
	expect_stop(TD_DLT_EN10MB, &b, SW_DEC_NOT_IP, SW_ENCAP_ARP);
}
END_TEST

START_TEST(linux_sll)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_sll(&b, ETH_IP);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_LINUX_SLL, &b, 4);
	ck_assert_int_eq(td_decode(TD_DLT_LINUX_SLL, &b, &pkt), SW_DEC_OK);
	ck_assert_ptr_eq(pkt.payload, buf + 16 + 40);

	pb_init(&b, buf, sizeof buf);
	pb_sll(&b, ETH_8021Q);
	pb_vlan(&b, 42, ETH_IPV6);
	td_ip_tcp(&b, 6);
	ck_assert_int_eq(td_decode(TD_DLT_LINUX_SLL, &b, &pkt), SW_DEC_OK);
	td_assert_default(&pkt, 6);
	ck_assert_uint_eq(pkt.vlan[0], 42);

	pb_init(&b, buf, sizeof buf);
	pb_sll(&b, 0x0004);		/* ETH_P_802_2 */
	pb_zeros(&b, 20);
	expect_stop(TD_DLT_LINUX_SLL, &b, SW_DEC_NOT_IP, SW_ENCAP_SLL_PROTO);
}
END_TEST

START_TEST(linux_sll2)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_sll2(&b, ETH_IPV6);
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_LINUX_SLL2, &b, 6);
	ck_assert_int_eq(td_decode(TD_DLT_LINUX_SLL2, &b, &pkt), SW_DEC_OK);
	ck_assert_ptr_eq(pkt.payload, buf + 20 + 60);

	pb_init(&b, buf, sizeof buf);
	pb_sll2(&b, ETH_IP);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_LINUX_SLL2, &b, 4);

	pb_init(&b, buf, sizeof buf);
	pb_sll2(&b, ETH_ARP);
	pb_zeros(&b, 28);
	expect_stop(TD_DLT_LINUX_SLL2, &b, SW_DEC_NOT_IP, SW_ENCAP_ARP);
}
END_TEST

/* DLT_NULL in both byte orders, every AF_INET6 value, and AF_INET. */
START_TEST(bsd_null)
{
	static const uint32_t af[] = { 2, 10, 24, 28, 30 };
	uint8_t version = af[_i / 2] == 2 ? 4 : 6;
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	if (_i % 2)
		pb_le32(&b, af[_i / 2]);
	else
		pb_be32(&b, af[_i / 2]);
	td_ip_tcp(&b, version);
	expect_default(TD_DLT_NULL, &b, version);
}
END_TEST

START_TEST(bsd_loop)
{
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_be32(&b, 2);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_LOOP, &b, 4);

	pb_init(&b, buf, sizeof buf);
	pb_be32(&b, 24);
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_LOOP, &b, 6);

	/* LOOP is always network byte order: 2 little-endian is not 2. */
	pb_init(&b, buf, sizeof buf);
	pb_le32(&b, 2);
	td_ip_tcp(&b, 4);
	expect_stop(TD_DLT_LOOP, &b, SW_DEC_NOT_IP, SW_ENCAP_NULL_FAMILY);

	/* AF_APPLETALK-ish: neither family, in either order. */
	pb_init(&b, buf, sizeof buf);
	pb_le32(&b, 16);
	td_ip_tcp(&b, 4);
	expect_stop(TD_DLT_NULL, &b, SW_DEC_NOT_IP, SW_ENCAP_NULL_FAMILY);
	/* An IPv6 packet under AF_INET is a bad IP header. */
	pb_init(&b, buf, sizeof buf);
	pb_be32(&b, 2);
	td_ip_tcp(&b, 6);
	expect_stop(TD_DLT_NULL, &b, SW_DEC_ERR_IP_HDR, SW_ENCAP_NONE);
}
END_TEST

START_TEST(ppp)
{
	uint8_t buf[128];
	struct pb b;

	for (int dlt = TD_DLT_PPP; dlt != 0;
	    dlt = dlt == TD_DLT_PPP ? TD_DLT_PPP_SERIAL : 0) {
		/* Address and control, then the protocol. */
		pb_init(&b, buf, sizeof buf);
		pb_bytes(&b, "\xff\x03\x00\x21", 4);
		td_ip_tcp(&b, 4);
		expect_default(dlt, &b, 4);
		/* Address-and-control compressed away. */
		pb_init(&b, buf, sizeof buf);
		pb_be16(&b, 0x0057);
		td_ip_tcp(&b, 6);
		expect_default(dlt, &b, 6);
		/* Protocol compressed to one byte, with and without AC. */
		pb_init(&b, buf, sizeof buf);
		pb_bytes(&b, "\xff\x03\x21", 3);
		td_ip_tcp(&b, 4);
		expect_default(dlt, &b, 4);
		pb_init(&b, buf, sizeof buf);
		pb_u8(&b, 0x57);
		td_ip_tcp(&b, 6);
		expect_default(dlt, &b, 6);
		/* MPLS unicast over PPP (RFC 3032 §4.3). */
		pb_init(&b, buf, sizeof buf);
		pb_bytes(&b, "\xff\x03\x02\x81", 4);
		pb_mpls(&b, 99, true, 64);
		td_ip_tcp(&b, 4);
		expect_default(dlt, &b, 4);
		/* LCP configure-request. */
		pb_init(&b, buf, sizeof buf);
		pb_bytes(&b, "\xff\x03\xc0\x21\x01\x01\x00\x04", 8);
		expect_stop(dlt, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPP_CTRL);
	}
}
END_TEST

START_TEST(ppp_serial_cisco)
{
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x0f\x00\x08\x00", 4);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_PPP_SERIAL, &b, 4);
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x8f\x00\x86\xdd", 4);
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_PPP_SERIAL, &b, 6);
	/* Cisco HDLC is not DLT_PPP. */
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x0f\x00\x08\x00", 4);
	td_ip_tcp(&b, 4);
	expect_stop(TD_DLT_PPP, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPP_CTRL);
}
END_TEST

/* Cisco HDLC on its own link type: both address bytes, IPv4, IPv6, MPLS. */
START_TEST(c_hdlc)
{
	uint8_t buf[128];
	struct sw_pkt pkt;
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x0f\x00\x08\x00", 4);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_C_HDLC, &b, 4);
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x8f\x00\x86\xdd", 4);
	td_ip_tcp(&b, 6);
	expect_default(TD_DLT_C_HDLC, &b, 6);
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x0f\x00\x88\x47", 4);
	pb_mpls(&b, 16, true, 64);
	td_ip_tcp(&b, 4);
	expect_default(TD_DLT_C_HDLC, &b, 4);
	/* SLARP keepalive (0x8035) and CDP (0x2000): Cisco's own. */
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x8f\x00\x80\x35\x00\x00\x00\x02", 8);
	expect_stop(TD_DLT_C_HDLC, &b, SW_DEC_NOT_IP, SW_ENCAP_CHDLC_PROTO);
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x8f\x00\x20\x00\x02\xb4", 6);
	expect_stop(TD_DLT_C_HDLC, &b, SW_DEC_NOT_IP, SW_ENCAP_CHDLC_PROTO);
	/* An IPv6 packet announced as IPv4 is a bad IP header. */
	pb_init(&b, buf, sizeof buf);
	pb_bytes(&b, "\x0f\x00\x08\x00", 4);
	td_ip_tcp(&b, 6);
	expect_stop(TD_DLT_C_HDLC, &b, SW_DEC_ERR_IP_HDR, SW_ENCAP_NONE);
	/* Every cut inside the 4-byte header is a link truncation. */
	for (uint32_t cap = 0; cap < 4; cap++)
		ck_assert_int_eq(td_decode_len(TD_DLT_C_HDLC, buf, cap,
		    (uint32_t)b.len, &pkt), SW_DEC_ERR_LINK_TRUNC);
}
END_TEST

START_TEST(ppp_ether)
{
	uint8_t buf[128];
	struct pb b;
	size_t off;

	pb_init(&b, buf, sizeof buf);
	off = pb_pppoe(&b, 0, 1);
	pb_be16(&b, 0x0021);
	td_ip_tcp(&b, 4);
	pb_pppoe_fix(&b, off);
	expect_default(TD_DLT_PPP_ETHER, &b, 4);

	pb_init(&b, buf, sizeof buf);
	off = pb_pppoe(&b, 0, 1);
	pb_be16(&b, 0x0057);
	td_ip_tcp(&b, 6);
	pb_pppoe_fix(&b, off);
	expect_default(TD_DLT_PPP_ETHER, &b, 6);

	pb_init(&b, buf, sizeof buf);
	off = pb_pppoe(&b, 0xa7, 1);	/* PADT */
	pb_pppoe_fix(&b, off);
	expect_stop(TD_DLT_PPP_ETHER, &b, SW_DEC_SKIP_ENCAP,
	    SW_ENCAP_PPPOE_DISC);
}
END_TEST

START_TEST(raw_ip)
{
	static const int raw[] = { TD_DLT_RAW, TD_DLT_RAW_OPENBSD,
	    TD_LINKTYPE_RAW };
	uint8_t buf[128];
	struct pb b;

	pb_init(&b, buf, sizeof buf);
	td_ip_tcp(&b, 4);
	expect_default(raw[_i], &b, 4);
	expect_default(TD_DLT_IPV4, &b, 4);
	expect_stop(TD_DLT_IPV6, &b, SW_DEC_ERR_IP_HDR, SW_ENCAP_NONE);

	pb_init(&b, buf, sizeof buf);
	td_ip_tcp(&b, 6);
	expect_default(raw[_i], &b, 6);
	expect_default(TD_DLT_IPV6, &b, 6);
	expect_stop(TD_DLT_IPV4, &b, SW_DEC_ERR_IP_HDR, SW_ENCAP_NONE);

	buf[0] = 0x50;
	expect_stop(raw[_i], &b, SW_DEC_NOT_IP, SW_ENCAP_IP_VERSION);
}
END_TEST

START_TEST(dlt_support)
{
	static const int yes[] = { 0, 1, 9, 10, 12, 14, 50, 51, 101, 104,
	    108, 113, 228, 229, 276 };
	static const int no[] = { -1, 6, 105, 127, 147, 1000 };
	uint8_t buf[64];
	struct pb b;
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert(sw_dlt_supported(yes[i]));
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert(!sw_dlt_supported(no[i]));
	ck_assert_ptr_nonnull(strstr(sw_dlt_list(), "EN10MB"));
	ck_assert_ptr_nonnull(strstr(sw_dlt_list(), "LINUX_SLL2"));
	ck_assert_ptr_nonnull(strstr(sw_dlt_list(), "C_HDLC"));
	ck_assert_ptr_nonnull(strstr(sw_dlt_list(), "FDDI"));

	/* Decoding anyway (a pcapng interface) is counted, not a crash. */
	pb_init(&b, buf, sizeof buf);
	td_ip_tcp(&b, 4);
	expect_stop(105, &b, SW_DEC_SKIP_ENCAP, SW_ENCAP_LINKTYPE);
}
END_TEST

START_TEST(null_bytes)
{
	struct sw_pkt pkt;

	ck_assert_int_eq(sw_decode(TD_DLT_EN10MB, NULL, 0, 60, 0, &pkt),
	    SW_DEC_ERR_LINK_TRUNC);
	ck_assert_int_eq(sw_decode(TD_DLT_RAW, NULL, 20, 20, 0, &pkt),
	    SW_DEC_ERR_IP_TRUNC);
}
END_TEST

/*
 * Frames for the sweeps: one of each link family, each with TCP
 * options and a payload so every layer is cut somewhere.  Returns the
 * offset where the TCP header ends.
 */
static size_t
sweep_frame(unsigned i, struct pb *b, int *dlt)
{
	static const uint8_t tcpopt[] = { 2, 4, 5, 0xb4, 1, 3, 3, 7,
	    4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t ipopt[] = { 0x94, 4, 0, 0 };
	static const uint8_t hbh[6] = { 1, 4 };
	struct pb_ip ip;
	struct pb_tcp t;
	size_t off = 0, ipoff, tcpoff;

	pb_ip_default(&ip, i % 2 ? 6 : 4);
	pb_tcp_default(&t);
	t.opt = tcpopt;
	t.optlen = sizeof tcpopt;
	switch (i) {
	case 0:
		*dlt = TD_DLT_EN10MB;
		pb_eth(b, ETH_8021AD);
		pb_vlan(b, 10, ETH_8021Q);
		pb_vlan(b, 20, ETH_IP);
		ip.opt = ipopt;
		ip.optlen = sizeof ipopt;
		break;
	case 1:
		*dlt = TD_DLT_LINUX_SLL2;
		pb_sll2(b, ETH_IPV6);
		ip.proto = 0;
		break;
	case 2:
		*dlt = TD_DLT_EN10MB;
		pb_eth(b, ETH_PPPOE_SESS);
		off = pb_pppoe(b, 0, 3);
		pb_be16(b, 0x0021);
		break;
	case 3:
		*dlt = TD_DLT_EN10MB;
		pb_eth(b, ETH_MPLS);
		pb_mpls(b, 100, false, 1);
		pb_mpls(b, 200, true, 1);
		break;
	case 4:
		*dlt = TD_DLT_NULL;
		pb_le32(b, 2);
		break;
	case 5:
		*dlt = TD_DLT_PPP;
		pb_bytes(b, "\xff\x03\x00\x57", 4);
		break;
	case 6:
		*dlt = TD_DLT_LINUX_SLL;
		pb_sll(b, ETH_IP);
		break;
	case 8:
		*dlt = TD_DLT_C_HDLC;
		pb_bytes(b, "\x0f\x00\x08\x00", 4);
		break;
	case 9:
		*dlt = TD_DLT_C_HDLC;
		pb_bytes(b, "\x8f\x00\x86\xdd", 4);
		break;
	default:
		*dlt = TD_DLT_RAW;
		ip.proto = 44;
		break;
	}
	ipoff = pb_ip(b, &ip);
	if (i == 1)
		pb_ip6_ext(b, 0, 6, hbh, sizeof hbh);
	if (i == 7)
		pb_ip6_frag(b, 6, 0, false, 1);
	tcpoff = pb_tcp(b, &t);
	pb_bytes(b, "0123456789", 10);
	pb_tcp_csum(b, tcpoff, &ip);
	pb_ip_fix(b, ipoff);
	if (i == 2)
		pb_pppoe_fix(b, off);
	ck_assert(!b->overflow);
	return tcpoff + 20 + sizeof tcpopt;
}

/*
 * Every prefix of a valid frame, as a snap-length cut (the wire had the
 * whole frame) and as a frame that really was that short.  A cut frame
 * decodes exactly when its TCP header is whole; a short one never does.
 * Under ASan, any read past the prefix aborts.
 */
START_TEST(sweep_prefixes)
{
	uint8_t buf[256];
	struct sw_pkt pkt;
	struct pb b;
	size_t hdr_end;
	uint32_t len, cap;
	int dlt;

	pb_init(&b, buf, sizeof buf);
	hdr_end = sweep_frame((unsigned)_i, &b, &dlt);
	len = (uint32_t)b.len;
	ck_assert_int_eq(td_decode(dlt, &b, &pkt), SW_DEC_OK);
	ck_assert_int_eq(pkt.csum, SW_CSUM_OK);
	ck_assert(pkt.opt.has_mss && pkt.opt.has_ts && pkt.opt.sack_ok);

	for (cap = 0; cap <= len; cap++) {
		enum sw_decode_result r;

		r = td_decode_len(dlt, buf, cap, len, &pkt);
		if (cap < hdr_end) {
			ck_assert_int_ne(r, SW_DEC_OK);
		} else {
			ck_assert_int_eq(r, SW_DEC_OK);
			ck_assert_uint_eq(pkt.sport, 43512);
			ck_assert_uint_eq(pkt.dport, 80);
			ck_assert_uint_eq(pkt.seq, 1000);
			ck_assert_uint_eq(pkt.ack, 2000);
			ck_assert_uint_eq(pkt.opt.mss, 1460);
			ck_assert_uint_eq(pkt.paylen, 10);
			ck_assert_uint_eq(pkt.paycap, cap - hdr_end);
			ck_assert_int_eq(pkt.csum, cap == len ?
			    SW_CSUM_OK : SW_CSUM_UNVERIFIED);
		}
		r = td_decode_len(dlt, buf, cap, cap, &pkt);
		if (cap < len)
			ck_assert_int_ne(r, SW_DEC_OK);
		else
			ck_assert_int_eq(r, SW_DEC_OK);
	}
}
END_TEST

/*
 * Damage every byte of the same frames in three ways.  Whatever comes
 * out must be a valid result, and an OK packet must stay inside the
 * capture (td_decode_len() checks the payload bounds).
 */
START_TEST(sweep_mutations)
{
	uint8_t buf[256], orig[256];
	struct sw_pkt pkt;
	struct pb b;
	size_t i, k;
	int dlt;

	pb_init(&b, orig, sizeof orig);
	sweep_frame((unsigned)_i, &b, &dlt);
	for (i = 0; i < b.len; i++) {
		const uint8_t v[3] = { 0x00, 0xff, (uint8_t)(orig[i] ^ 0x80) };

		for (k = 0; k < 3; k++) {
			memcpy(buf, orig, b.len);
			buf[i] = v[k];
			if (td_decode_len(dlt, buf, (uint32_t)b.len,
			    (uint32_t)b.len, &pkt) == SW_DEC_OK)
				ck_assert_uint_le(pkt.paycap, pkt.paylen);
		}
	}
}
END_TEST

Suite *
decode_link_suite(void)
{
	Suite *s = suite_create("decode_link");
	TCase *tc = tcase_create("ethernet");

	tcase_add_test(tc, ethernet);
	tcase_add_loop_test(tc, vlan_tags, 0, 3);
	tcase_add_test(tc, vlan_too_deep);
	tcase_add_test(tc, mpls);
	tcase_add_test(tc, mpls_not_ip);
	tcase_add_test(tc, pppoe);
	tcase_add_test(tc, not_ip);
	suite_add_tcase(s, tc);

	tc = tcase_create("other");
	tcase_add_test(tc, linux_sll);
	tcase_add_test(tc, linux_sll2);
	tcase_add_loop_test(tc, bsd_null, 0, 10);
	tcase_add_test(tc, bsd_loop);
	tcase_add_test(tc, ppp);
	tcase_add_test(tc, ppp_serial_cisco);
	tcase_add_test(tc, c_hdlc);
	tcase_add_test(tc, ppp_ether);
	tcase_add_loop_test(tc, raw_ip, 0, 3);
	tcase_add_test(tc, dlt_support);
	tcase_add_test(tc, null_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("sweep");
	tcase_add_loop_test(tc, sweep_prefixes, 0, 10);
	tcase_add_loop_test(tc, sweep_mutations, 0, 10);
	suite_add_tcase(s, tc);
	return s;
}
