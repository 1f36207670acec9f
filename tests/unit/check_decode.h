/* SPDX-License-Identifier: MIT */
/*
 * check_decode.h: what the check_decode*.c files share: their suites
 * and the helpers that run sw_decode() on built frames.
 */
#ifndef SEVENWAY_CHECK_DECODE_H
#define SEVENWAY_CHECK_DECODE_H

#include <check.h>
#include <stdint.h>

#include "sevenway/packet.h"
#include "pktbuild.h"

/*
 * libpcap DLT_ values, spelled out here rather than taken from src/ so
 * the tests check the decoder against the numbers callers really pass.
 */
#define TD_DLT_NULL		0
#define TD_DLT_EN10MB		1
#define TD_DLT_PPP		9
#define TD_DLT_RAW		12
#define TD_DLT_RAW_OPENBSD	14
#define TD_DLT_PPP_SERIAL	50
#define TD_DLT_PPP_ETHER	51
#define TD_DLT_C_HDLC		104
#define TD_LINKTYPE_RAW		101
#define TD_DLT_LOOP		108
#define TD_DLT_LINUX_SLL	113
#define TD_DLT_IPV4		228
#define TD_DLT_IPV6		229
#define TD_DLT_LINUX_SLL2	276

/* The payload every test frame carries unless it says otherwise. */
#define TD_PAYLOAD		"hello"
#define TD_PAYLEN		5

Suite *decode_ip_suite(void);
Suite *decode_link_suite(void);
Suite *decode_tcp_suite(void);
Suite *decode_icmp_suite(void);
Suite *decode_tunnel_suite(void);

/*
 * Decode caplen bytes of buf as one record with the given wire length.
 * The bytes are copied into a heap block of exactly caplen bytes first,
 * so that AddressSanitizer catches any read past the capture; on
 * return pkt->payload is moved back to point into buf.
 */
enum sw_decode_result td_decode_len(int dlt, const uint8_t *buf,
    uint32_t caplen, uint32_t wirelen, struct sw_pkt *pkt);

/* The same with sw_decode() flags (SW_DECODE_NO_CSUM). */
enum sw_decode_result td_decode_flags(int dlt, const uint8_t *buf,
    uint32_t caplen, uint32_t wirelen, unsigned flags, struct sw_pkt *pkt);

/* Decode a whole built frame (caplen = wirelen = b->len). */
enum sw_decode_result td_decode(int dlt, const struct pb *b,
    struct sw_pkt *pkt);

/*
 * Append IP (pb_ip_default(version)) + TCP (pb_tcp_default) + the
 * TD_PAYLOAD payload, checksums right; returns the IP header offset.
 */
size_t td_ip_tcp(struct pb *b, uint8_t version);

/*
 * Assert pkt is the segment td_ip_tcp() builds, checksum verified,
 * and that its payload is TD_PAYLOAD.
 */
void td_assert_default(const struct sw_pkt *pkt, uint8_t version);

#endif /* SEVENWAY_CHECK_DECODE_H */
