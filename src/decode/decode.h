/* SPDX-License-Identifier: MIT */
/*
 * decode.h: private interface between the link, IP and TCP decoders.
 *
 * sw_decode() (decode_link.c) strips the link layer and hands a cursor
 * positioned on the IP header to sw_decode_ip() (decode_ip.c), which
 * validates IPv4/IPv6, walks IPv6 extension headers and hands the TCP
 * segment to sw_decode_tcp() (decode_tcp.c).  Each stage fills its part
 * of struct sw_pkt and returns SW_DEC_OK or the reason it stopped.  The
 * cursors never reach past the captured bytes; "wire" lengths describe
 * what was on the wire, which may be more than was captured.
 */
#ifndef SEVENWAY_DECODE_H
#define SEVENWAY_DECODE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sevenway/packet.h"
#include "rd.h"

/*
 * libpcap DLT_ values (pcap/dlt.h), copied so the decoder does not need
 * libpcap.  Where BSDs disagree, libpcap's own platform rule is kept:
 * on OpenBSD DLT_RAW is 14 and DLT_LOOP is 12; elsewhere DLT_RAW is 12.
 * 14 is accepted as raw IP everywhere (OpenBSD savefiles read with an
 * old libpcap), and LINKTYPE_RAW (101) too, in case a caller passes the
 * file's link type instead of pcap_datalink().
 */
#define SW_DLT_NULL		0
#define SW_DLT_EN10MB		1
#define SW_DLT_PPP		9
#define SW_DLT_FDDI		10
#if defined(__OpenBSD__)
#define SW_DLT_LOOP_OPENBSD	12
#else
#define SW_DLT_RAW		12
#endif
#define SW_DLT_RAW_OPENBSD	14
#define SW_DLT_PPP_SERIAL	50
#define SW_DLT_PPP_ETHER	51
#define SW_DLT_C_HDLC		104
#define SW_LINKTYPE_RAW		101
#define SW_DLT_LOOP		108
#define SW_DLT_LINUX_SLL	113
#define SW_DLT_IPV4		228
#define SW_DLT_IPV6		229
#define SW_DLT_LINUX_SLL2	276

/* IP protocol numbers (IANA) the decoder cares about. */
#define SW_IPPROTO_HOPOPTS	0
#define SW_IPPROTO_ICMP		1
#define SW_IPPROTO_IPIP		4	/* IPv4 in IP (RFC 2003, 2473) */
#define SW_IPPROTO_TCP		6
#define SW_IPPROTO_UDP		17
#define SW_IPPROTO_IPV6		41	/* IPv6 in IP (RFC 4213, 2473) */
#define SW_IPPROTO_ROUTING	43
#define SW_IPPROTO_FRAGMENT	44
#define SW_IPPROTO_GRE		47
#define SW_IPPROTO_ESP		50
#define SW_IPPROTO_AH		51
#define SW_IPPROTO_NONE		59
#define SW_IPPROTO_ICMPV6	58
#define SW_IPPROTO_DSTOPTS	60
#define SW_IPPROTO_MH		135
#define SW_IPPROTO_HIP		139
#define SW_IPPROTO_SHIM6	140

/*
 * Decode the IP packet at r.  version (4 or 6) is what the link layer
 * announced, or what the version nibble said where the link layer does
 * not tell (raw IP, MPLS); a header with another version nibble is
 * ERR_IP_HDR.  wire is how many
 * bytes the frame had on the wire from r->p on; an IP length beyond it
 * is ERR_IP_HDR, while bytes merely not captured are snap-length
 * truncation and fine as long as the TCP header is whole.  verify is
 * false under -K: no checksum is checked.
 */
enum sw_decode_result sw_decode_ip(struct sw_rd *r, uint32_t wire,
    unsigned version, bool verify, struct sw_pkt *pkt);

/*
 * Walk the IPv6 extension headers at r, the first of type *nxt, with
 * `left` payload bytes from r on (as the IPv6 header claims).  Returns
 * SW_DEC_OK with *nxt set to the first header that is not an extension
 * header, or why the walk stopped: a real fragment (SKIP_FRAGMENT, or
 * NOT_TCP for another protocol), a malformed chain (ERR_IP6_EXT), a
 * header not captured (ERR_IP_TRUNC).
 */
enum sw_decode_result sw_decode_ip6_ext(struct sw_rd *r, uint8_t *nxt,
    uint32_t left, struct sw_pkt *pkt);

/*
 * Decode the ICMP (v6: ICMPv6) message at r, which ends at the end of
 * the message or of the capture.  pkt->src and dst hold the outer
 * header's addresses.  An error that quotes a TCP segment fills
 * pkt->icmp and the quoted segment's fields: SW_DEC_ICMP_TCP.  Other
 * messages, and errors quoting another protocol, are NOT_TCP; an error
 * whose quote lacks the IP header or the first 8 TCP bytes is
 * ERR_ICMP_QUOTE.
 */
enum sw_decode_result sw_decode_icmp(struct sw_rd *r, bool v6,
    struct sw_pkt *pkt);

/*
 * Decode the TCP segment at r.  r must end at the end of the segment
 * or of the capture, whichever comes first.  seglen is the segment's
 * length from the IP header; phsum the unfolded ones' complement sum of
 * the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1); verify is false
 * when the checksum cannot be checked whatever the capture holds.
 */
enum sw_decode_result sw_decode_tcp(struct sw_rd *r, uint32_t seglen,
    uint32_t phsum, bool verify, struct sw_pkt *pkt);

/*
 * Add len bytes at p to the 32-bit ones' complement accumulator sum, as
 * big-endian 16-bit words (an odd last byte is padded with zero, RFC
 * 1071).  Any len and any sum are fine: the result is carried back
 * into 16 bits (RFC 1071 §4.1 end-around carry) but not complemented.
 * Only the last chunk of a sum may have an odd length.
 */
uint32_t sw_csum_add(uint32_t sum, const uint8_t *p, uint32_t len);

/* Fold any 32-bit accumulator to 16 bits (not complemented). */
uint16_t sw_csum_fold(uint32_t sum);

/* Whether IP protocol proto may carry a tunnel (sw_decode_tunnel). */
static inline bool
sw_tunnel_proto(uint8_t proto)
{
	return proto == SW_IPPROTO_IPIP || proto == SW_IPPROTO_IPV6 ||
	    proto == SW_IPPROTO_GRE || proto == SW_IPPROTO_UDP;
}

/*
 * Decode the payload at r of an IP packet of protocol proto (one that
 * sw_tunnel_proto() accepts): IP in IP, GRE, or UDP that may carry a
 * tunnel (decode_udp_tunnel.c).  wire is the payload's length on the
 * wire; r ends at the end of the payload or of the capture.  pkt->src
 * and dst hold the outer header's addresses, which become the new
 * layer's outer endpoints.  Plain UDP is NOT_TCP, as before tunnels.
 */
enum sw_decode_result sw_decode_tunnel(struct sw_rd *r, uint32_t wire,
    uint8_t proto, bool verify, struct sw_pkt *pkt);

/* The UDP datagram at r (decode_udp_tunnel.c); as sw_decode_tunnel. */
enum sw_decode_result sw_decode_udp(struct sw_rd *r, uint32_t wire,
    bool verify, struct sw_pkt *pkt);

/*
 * Decode the Ethernet frame at r (destination MAC first) carried in a
 * tunnel (GRE TEB, ERSPAN, VXLAN, Geneve); wire as for sw_decode_ip.
 * Stops are classified as for a frame of link type Ethernet.
 */
enum sw_decode_result sw_decode_ether(struct sw_rd *r, uint32_t wire,
    bool verify, struct sw_pkt *pkt);

/* Decode the MPLS label stack at r (MPLS in GRE, RFC 4023); as above. */
enum sw_decode_result sw_decode_mpls(struct sw_rd *r, uint32_t wire,
    bool verify, struct sw_pkt *pkt);

/*
 * Open a tunnel layer of type t whose outer endpoints are pkt->src and
 * dst (with UDP ports sport, dport; 0 for none).  False when
 * SW_TUNNEL_MAX layers are open already: the caller stops with
 * SKIP_ENCAP / TUNNEL_DEEP.
 */
static inline bool
sw_tunnel_push(struct sw_pkt *pkt, enum sw_tunnel_type t, uint16_t sport,
    uint16_t dport)
{
	struct sw_tunnel_layer *l;

	if (pkt->ntunnel >= SW_TUNNEL_MAX)
		return false;
	l = &pkt->tunnel[pkt->ntunnel++];
	l->type = (uint8_t)t;
	l->has_id = false;
	l->id = 0;
	l->sport = sport;
	l->dport = dport;
	l->src = pkt->src;
	l->dst = pkt->dst;
	/* The inner header may be IPv4 after an IPv6 one: leave no outer
	 * bytes behind the 4 it writes (flow keys hash all 16). */
	memset(&pkt->src, 0, sizeof(pkt->src));
	memset(&pkt->dst, 0, sizeof(pkt->dst));
	return true;
}

/* Give the innermost layer its identifier (key, VNI, TEID, session). */
static inline void
sw_tunnel_set_id(struct sw_pkt *pkt, uint32_t id)
{
	pkt->tunnel[pkt->ntunnel - 1].has_id = true;
	pkt->tunnel[pkt->ntunnel - 1].id = id;
}

/* Record why decoding stopped and return r: one line for every exit. */
static inline enum sw_decode_result
sw_dec_stop(struct sw_pkt *pkt, enum sw_decode_result r, enum sw_encap e)
{
	pkt->encap = e;
	return r;
}

#endif /* SEVENWAY_DECODE_H */
