/* SPDX-License-Identifier: MIT */
/*
 * packet.h: one captured frame decoded down to its TCP segment.
 *
 * sw_decode() turns the borrowed bytes of one capture record into a
 * struct sw_pkt on the caller's stack.  It never allocates and never
 * keeps a pointer past the call except the ones it stores in the
 * struct (payload), which point into the borrowed buffer and share its
 * lifetime.  Every read is bounds-checked against caplen; a frame that
 * is not a complete-enough TCP segment yields a reason code, never a
 * partially filled packet the caller could act on.
 */
#ifndef SEVENWAY_PACKET_H
#define SEVENWAY_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sevenway/sevenway.h"

/* TCP header flags, as on the wire (byte 13 of the header). */
#define SW_TH_FIN 0x01
#define SW_TH_SYN 0x02
#define SW_TH_RST 0x04
#define SW_TH_PSH 0x08
#define SW_TH_ACK 0x10
#define SW_TH_URG 0x20
#define SW_TH_ECE 0x40
#define SW_TH_CWR 0x80

/* An IPv4 or IPv6 address; IPv4 is stored in the first 4 bytes. */
struct sw_addr {
	uint8_t family;		/* 4 or 6 */
	uint8_t a[16];		/* network byte order; IPv4 uses a[0..3] */
};

/* Format addr into buf ("10.0.0.1", "2001:db8::1"); returns buf. */
char *sw_addr_str(const struct sw_addr *addr, char *buf, size_t len);
/* Parse "10.0.0.1" or "2001:db8::1" into addr; false if neither. */
bool sw_addr_parse(struct sw_addr *addr, const char *text);
/* Compare two addresses (family first, then bytes): <0, 0, >0. */
int sw_addr_cmp(const struct sw_addr *x, const struct sw_addr *y);

/*
 * The outcome of decoding one frame.  SW_DEC_OK means pkt describes a
 * TCP segment; SW_DEC_ICMP_TCP an ICMP or ICMPv6 error that quotes one
 * (pkt->icmp).  SW_DEC_NOT_TCP and the SW_DEC_SKIP_* reasons are normal
 * traffic that sevenway does not analyse; the SW_DEC_ERR_* reasons are
 * malformed or truncated frames.  Each value indexes a counter array in
 * the summary; the names are those printed there.
 */
#define SW_DECODE_RESULTS(X)                                            \
	X(OK,              "ok")                                        \
	X(ICMP_TCP,        "icmp-error")       /* quotes a TCP segment */ \
	X(NOT_IP,          "not-ip")           /* ARP, LLDP, ... */     \
	X(NOT_TCP,         "not-tcp")          /* UDP, ICMP, ... */     \
	X(SKIP_FRAGMENT,   "ip-fragment")      /* IPv4/IPv6 fragment */ \
	X(SKIP_ENCAP,      "unsupported-encap") /* e.g. PPP LCP */ \
	X(ERR_LINK_TRUNC,  "link-truncated")                            \
	X(ERR_IP_TRUNC,    "ip-truncated")                              \
	X(ERR_IP_HDR,      "ip-bad-header")    /* bad version/IHL/len */ \
	X(ERR_IP6_EXT,     "ipv6-bad-ext-header")                       \
	X(ERR_TCP_TRUNC,   "tcp-truncated")                             \
	X(ERR_TCP_HDR,     "tcp-bad-header")   /* data offset < 5 ... */ \
	X(ERR_TCP_OPT,     "tcp-bad-option")   /* option overruns hdr */ \
	X(ERR_ICMP_QUOTE,  "icmp-bad-quote")   /* no IP + 8 TCP bytes */ \
	X(ERR_TUNNEL,      "tunnel-bad-header") /* GRE, GTP-U, ... cut or \
						 * malformed */

enum sw_decode_result {
#define SW_X(id, name) SW_DEC_##id,
	SW_DECODE_RESULTS(SW_X)
#undef SW_X
	SW_DEC__N
};

/* Counter name of a decode result ("tcp-truncated"). */
const char *sw_decode_result_name(enum sw_decode_result r);

/*
 * Unsupported encapsulations are counted by kind in the summary.
 * sw_pkt.encap tells which one stopped decoding when the result is
 * SW_DEC_SKIP_ENCAP or SW_DEC_NOT_IP.
 */
#define SW_ENCAPS(X)                                                    \
	X(NONE,     "none")                                             \
	X(ARP,      "arp")                                              \
	X(LLC,      "llc")          /* 802.3 length field, no EtherType */ \
	X(ETHERTYPE,"other-ethertype")                                  \
	X(PPP_CTRL, "ppp-control")  /* LCP, IPCP, ... */                \
	X(PPPOE_DISC,"pppoe-discovery")                                 \
	X(MPLS_DEEP,"mpls-non-ip")  /* label stack not followed by IP */ \
	X(SLL_PROTO,"sll-other-protocol")                               \
	X(NULL_FAMILY,"null-other-family")                              \
	X(IP_VERSION,"raw-other-version")                               \
	X(VLAN_DEEP,"vlan-too-deep")                                    \
	X(IP_PROTO, "other-ip-protocol")                                \
	X(CHDLC_PROTO,"chdlc-other-protocol") /* SLARP, CDP, ... */     \
	X(LINKTYPE, "unsupported-link-type") /* a pcapng interface's */ \
	X(GRE_PROTO,"gre-other-protocol")  /* IPX, PPP, ... over GRE */ \
	X(GRE_VERSION,"gre-other-version") /* v1 (PPTP), source routes */ \
	X(ERSPAN_OTHER,"erspan-other")     /* unknown version or frame */ \
	X(GTPU_OTHER,"gtp-u-other")        /* signalling, non-IP G-PDU */ \
	X(GTPC,     "gtp-c")               /* GTP control plane */       \
	X(TUNNEL_NON_IP,"tunnel-non-ip")   /* Geneve, AYIYA: other payload */ \
	X(TUNNEL_DEEP,"tunnel-too-deep")   /* more than SW_TUNNEL_MAX */

enum sw_encap {
#define SW_X(id, name) SW_ENCAP_##id,
	SW_ENCAPS(SW_X)
#undef SW_X
	SW_ENCAP__N
};

const char *sw_encap_name(enum sw_encap e);

/*
 * Tunnels decoded down to the TCP connection inside (DESIGN.md §7).
 * The strings are the contract names of the "tunnel" member and of the
 * summary's "tunnels" counts; the third column names the layer's 32-bit
 * identifier in JSON, "" for a type that has none.
 */
#define SW_TUNNELS(X)                                                   \
	X(GRE,     "gre",     "key")      /* RFC 2784/2890 */           \
	X(ERSPAN,  "erspan",  "session")  /* in GRE: types I, II, III */ \
	X(IPIP,    "ipip",    "")         /* IPv4 in IPv4, RFC 2003 */  \
	X(SIXIN4,  "6in4",    "")         /* IPv6 in IPv4, RFC 4213 */  \
	X(FOURIN6, "4in6",    "")         /* IPv4 in IPv6, RFC 2473 */  \
	X(SIXIN6,  "6in6",    "")         /* IPv6 in IPv6, RFC 2473 */  \
	X(VXLAN,   "vxlan",   "vni")      /* RFC 7348, UDP 4789 */      \
	X(GENEVE,  "geneve",  "vni")      /* RFC 8926, UDP 6081 */      \
	X(GTPU,    "gtp-u",   "teid")     /* 3GPP TS 29.281, UDP 2152 */ \
	X(TEREDO,  "teredo",  "")         /* RFC 4380, UDP 3544 */      \
	X(AYIYA,   "ayiya",   "")         /* UDP 5072 */

enum sw_tunnel_type {
#define SW_X(id, name, idname) SW_TUN_##id,
	SW_TUNNELS(SW_X)
#undef SW_X
	SW_TUN__N
};

/* Contract name of a tunnel type ("vxlan"), and back (-1: unknown). */
const char *sw_tunnel_name(enum sw_tunnel_type t);
int sw_tunnel_lookup(const char *name);
/* JSON name of the type's identifier ("vni"), or NULL if it has none. */
const char *sw_tunnel_id_name(enum sw_tunnel_type t);

/* Nesting bound: a ninth layer stops decoding (tunnel-too-deep). */
#define SW_TUNNEL_MAX 8

/*
 * One encapsulation layer: the outer IP header's endpoints (and the UDP
 * ports of a UDP-based tunnel, else 0) and the optional identifier (GRE
 * key, VNI, TEID, ERSPAN session id).
 */
struct sw_tunnel_layer {
	uint8_t type;		/* enum sw_tunnel_type */
	bool has_id;
	uint16_t sport, dport;	/* UDP tunnels only; 0 otherwise */
	uint32_t id;
	struct sw_addr src, dst;
};

/* Whether the TCP checksum could be verified, and how it came out. */
enum sw_csum {
	SW_CSUM_UNVERIFIED = 0,	/* not all bytes captured, IPv4 total
				 * length 0 (TSO), or -K */
	SW_CSUM_OK,
	SW_CSUM_BAD,
	SW_CSUM_ZERO,		/* field is 0: not computed */
	SW_CSUM_OFFLOAD		/* field holds only the pseudo-header sum */
};

#define SW_MAX_SACK 4

/* TCP options, parsed once here so nobody walks them again. */
struct sw_tcpopt {
	bool has_mss, has_wscale, sack_ok, has_ts, has_tfo;
	uint16_t mss;
	uint8_t wscale;		/* as sent (the receiver clamps to 14) */
	uint8_t nsack;		/* SACK blocks present (0..4) */
	uint32_t sack[SW_MAX_SACK][2];	/* left, right edges */
	uint32_t ts_val, ts_ecr;
	uint8_t tfo_len;	/* cookie length; 0 = cookie request */
};

/*
 * An ICMP (RFC 792) or ICMPv6 (RFC 4443) error that quotes the start of
 * a TCP segment: the result SW_DEC_ICMP_TCP.  The quoted segment was
 * sent by the endpoint the error goes back to.
 */
struct sw_icmp {
	uint8_t type, code;	/* as on the wire */
	bool v6;		/* ICMPv6 (and so an IPv6 quote) */
	bool has_ack;		/* the quote reached the ack field */
	bool has_flags;		/* ...and the flags byte (14 bytes) */
	struct sw_addr from;	/* the error's sender: a router, a firewall
				 * or the destination host itself */
};

struct sw_pkt {
	/* Link and network layer. */
	uint16_t vlan[2];	/* outermost first (id 0 is priority-tagged) */
	uint8_t nvlan;		/* tags seen (may exceed 2; only 2 kept) */
	uint8_t ip_version;	/* 4 or 6 */
	uint8_t ttl;		/* IPv4 TTL or IPv6 hop limit */
	uint16_t ip_id;		/* IPv4 identification; 0 for IPv6 */
	struct sw_addr src, dst;

	/* TCP header, host byte order. */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* SW_TH_* */
	uint16_t win;		/* raw window field, before scaling */
	uint16_t urp;
	uint8_t thlen;		/* TCP header length in bytes */
	struct sw_tcpopt opt;

	/* Payload. */
	uint32_t paylen;	/* from the IP length, whether captured or not */
	const uint8_t *payload;	/* borrowed; may be shorter than paylen */
	uint32_t paycap;	/* payload bytes present in the capture */

	enum sw_csum csum;
	enum sw_encap encap;	/* why decoding stopped, for skips */
	uint8_t ip_proto;	/* L4 protocol when result is NOT_TCP */

	/*
	 * SW_DEC_ICMP_TCP only: the error itself.  Then the addresses,
	 * ports, seq (and ack and flags when quoted, else 0) above are the
	 * QUOTED segment's, so src is the endpoint that sent it and that
	 * the error goes to; ttl and ip_id stay the error's own, and no
	 * payload is described (paylen 0).
	 */
	struct sw_icmp icmp;

	/*
	 * Encapsulations, outermost first.  Only ntunnel is reset per
	 * packet (it sits in the zeroed part); tunnel[i] is meaningful for
	 * i < ntunnel and stays out of the per-packet memset, so plain
	 * traffic pays nothing for it.  Must stay the last member.
	 */
	uint8_t ntunnel;
	struct sw_tunnel_layer tunnel[SW_TUNNEL_MAX];
};

/*
 * The data-link types sw_decode understands, by DLT_ value (libpcap's
 * numbering as returned by pcap_datalink()).  sw_dlt_supported() says
 * whether dlt is one of them; sw_dlt_list() gives a human list for the
 * "unsupported link type" message.
 */
bool sw_dlt_supported(int dlt);
const char *sw_dlt_list(void);

/* sw_decode() flags. */
#define SW_DECODE_NO_CSUM 0x01u	/* -K: verify no checksum (all UNVERIFIED) */

/*
 * Decode one frame of link type dlt (a DLT_ value).  bytes/caplen are the
 * captured bytes, wirelen the original length, flags SW_DECODE_* bits.
 * Fills *pkt (zeroed first, up to the tunnel array: see ntunnel) and
 * returns SW_DEC_OK for a TCP segment, or
 * the reason it is not one.  Never allocates; never reads past bytes +
 * caplen.
 */
enum sw_decode_result sw_decode(int dlt, const uint8_t *bytes,
    uint32_t caplen, uint32_t wirelen, unsigned flags, struct sw_pkt *pkt);

#endif /* SEVENWAY_PACKET_H */
