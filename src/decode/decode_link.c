/* SPDX-License-Identifier: MIT */
/*
 * decode_link.c: strip the data-link layer of a frame and hand the IP
 * packet inside to decode_ip.c.
 *
 * One function per link layer, each consuming its header from the
 * cursor and ending in a call to to_ip() or in a counted stop.  How the
 * stops are classified:
 *
 *   SW_DEC_NOT_IP      a non-IP protocol where IP could have been:
 *                      ARP, 802.3/LLC, other EtherTypes, other SLL
 *                      or Cisco HDLC protocols, other BSD address
 *                      families, a raw packet whose version is
 *                      neither 4 nor 6, FDDI LLC frames without SNAP.
 *   SW_DEC_SKIP_ENCAP  IP might be inside but sevenway does not look:
 *                      PPP control protocols (LCP, IPCP, ...), PPPoE
 *                      discovery, MPLS stacks not followed by IP or too
 *                      deep, VLAN stacks deeper than MAX_VLAN (or more
 *                      than MAX_LINK_TAGS PBB/VN-Tag/FabricPath
 *                      headers), a link type that is not decoded at all.
 *   SW_DEC_ERR_LINK_TRUNC  the link header itself is cut short.
 *
 * pkt->encap names the kind for the first two, so nothing is dropped
 * without being counted.
 */
#include <stddef.h>
#include <string.h>

#include "decode.h"

/* EtherTypes (IEEE registry). */
#define ETHERTYPE_IP		0x0800
#define ETHERTYPE_ARP		0x0806
#define ETHERTYPE_RARP		0x8035
#define ETHERTYPE_8021Q		0x8100
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_MPLS		0x8847
#define ETHERTYPE_MPLS_MC	0x8848
#define ETHERTYPE_PPPOE_DISC	0x8863
#define ETHERTYPE_PPPOE_SESS	0x8864
#define ETHERTYPE_8021AD	0x88a8
#define ETHERTYPE_QINQ_OLD	0x9100	/* pre-802.1ad QinQ outer tag */
#define ETHERTYPE_PBB		0x88e7	/* IEEE 802.1ah I-TAG */
#define ETHERTYPE_VNTAG		0x8926	/* Cisco VN-Tag (802.1Qbh) */
#define ETHERTYPE_FABRICPATH	0x8903	/* Cisco FabricPath (DCE) */
/* IEEE 802.3 §3.2.6: values below this are a length, not a type. */
#define ETHERTYPE_MIN		0x0600

/* PPP protocol numbers (RFC 1661 §2, IANA ppp-numbers). */
#define PPP_IP			0x0021
#define PPP_IPV6		0x0057
#define PPP_MPLS		0x0281
#define PPP_MPLS_MC		0x0283

/* Cisco HDLC address bytes (RFC 1547 §4.3.1) seen on DLT_PPP_SERIAL. */
#define CHDLC_UNICAST		0x0f
#define CHDLC_BCAST		0x8f

/* Sane stacking limits: real networks use 1-2 tags and 1-5 labels. */
#define MAX_VLAN		8
#define MAX_MPLS		16
/* PBB, VN-Tag and FabricPath headers in one frame (each 1 in practice). */
#define MAX_LINK_TAGS		8

/* IEEE 802.2 LLC with a SNAP header (RFC 1042): DSAP, SSAP, control. */
#define LLC_SNAP_SAP		0xaa
#define LLC_UI			0x03

/* How each supported DLT_ value is decoded. */
enum link_kind {
	LK_NULL, LK_LOOP, LK_EN10MB, LK_PPP, LK_PPP_SERIAL, LK_PPP_ETHER,
	LK_C_HDLC, LK_RAW, LK_IPV4, LK_IPV6, LK_SLL, LK_SLL2, LK_FDDI
};

static const struct {
	int dlt;
	enum link_kind kind;
} link_kinds[] = {
	{ SW_DLT_NULL,		LK_NULL },
	{ SW_DLT_EN10MB,	LK_EN10MB },
	{ SW_DLT_PPP,		LK_PPP },
	{ SW_DLT_FDDI,		LK_FDDI },
#if defined(__OpenBSD__)
	{ SW_DLT_LOOP_OPENBSD,	LK_LOOP },
#else
	{ SW_DLT_RAW,		LK_RAW },
#endif
	{ SW_DLT_RAW_OPENBSD,	LK_RAW },
	{ SW_DLT_PPP_SERIAL,	LK_PPP_SERIAL },
	{ SW_DLT_PPP_ETHER,	LK_PPP_ETHER },
	{ SW_DLT_C_HDLC,	LK_C_HDLC },
	{ SW_LINKTYPE_RAW,	LK_RAW },
	{ SW_DLT_LOOP,		LK_LOOP },
	{ SW_DLT_LINUX_SLL,	LK_SLL },
	{ SW_DLT_IPV4,		LK_IPV4 },
	{ SW_DLT_IPV6,		LK_IPV6 },
	{ SW_DLT_LINUX_SLL2,	LK_SLL2 },
};

/* The frame being decoded, for the length bookkeeping of to_ip(). */
struct link {
	const uint8_t *frame;	/* first captured byte */
	uint32_t wire;		/* frame length on the wire (>= caplen) */
	bool verify;		/* check checksums (not under -K) */
	struct sw_pkt *pkt;
};

static enum sw_decode_result
stop(const struct link *l, enum sw_decode_result r, enum sw_encap e)
{
	return sw_dec_stop(l->pkt, r, e);
}

/* The link header ends at r->p: decode IP version 4 or 6 from there. */
static enum sw_decode_result
to_ip(const struct link *l, struct sw_rd *r, unsigned version)
{
	/* r->p never passes the captured bytes, and caplen <= wire. */
	uint32_t hdr = (uint32_t)(r->p - l->frame);

	return sw_decode_ip(r, l->wire - hdr, version, l->verify, l->pkt);
}

/*
 * No link header says which IP version follows (raw IP, MPLS): go by
 * the version nibble, and stop with r/e when it is neither 4 nor 6.
 */
static enum sw_decode_result
ip_by_nibble(const struct link *l, struct sw_rd *r,
    enum sw_decode_result res, enum sw_encap e)
{
	uint8_t b;

	if (!sw_rd_peek8(r, 0, &b))
		return stop(l, SW_DEC_ERR_IP_TRUNC, SW_ENCAP_NONE);
	switch (b >> 4) {
	case 4:
		return to_ip(l, r, 4);
	case 6:
		return to_ip(l, r, 6);
	default:
		return stop(l, res, e);
	}
}

/*
 * RFC 3032 §2.1: 32-bit label stack entries (label 20, TC 3, S 1,
 * TTL 8), S set on the bottom one.  The stack does not say what it
 * carries (§2.2 leaves that to the label's binding), so after the
 * bottom entry we look at the first nibble like every analyzer does; a
 * pseudowire control word (RFC 4385) starts with 0 and is skipped.
 */
static enum sw_decode_result
mpls(const struct link *l, struct sw_rd *r)
{
	uint32_t lse = 0;
	unsigned n;

	for (n = 0; !(lse & 0x100); n++) {
		if (n == MAX_MPLS)
			return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_MPLS_DEEP);
		if (!sw_rd_be32(r, &lse))
			return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	}
	return ip_by_nibble(l, r, SW_DEC_SKIP_ENCAP, SW_ENCAP_MPLS_DEEP);
}

/*
 * RFC 1661 §2: the PPP protocol field, which Protocol-Field-Compression
 * (§6.5) may shrink to one byte.  Valid protocols have an even first
 * byte and an odd last byte, so an odd first byte is a whole field.
 */
static enum sw_decode_result
ppp_payload(const struct link *l, struct sw_rd *r)
{
	uint16_t proto;
	uint8_t b;

	if (!sw_rd_peek8(r, 0, &b))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	if (b & 1) {
		(void)sw_rd_skip(r, 1);
		proto = b;
	} else if (!sw_rd_be16(r, &proto)) {
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	}
	switch (proto) {
	case PPP_IP:
		return to_ip(l, r, 4);
	case PPP_IPV6:
		return to_ip(l, r, 6);
	case PPP_MPLS:
	case PPP_MPLS_MC:	/* RFC 3032 §4.3 */
		return mpls(l, r);
	default:
		return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPP_CTRL);
	}
}

/*
 * RFC 2516 §4: VER/TYPE, CODE, SESSION_ID, LENGTH, then PPP.  Only code
 * 0 is session data; the other codes (PADI, PADO, PADR, PADS, PADT)
 * are discovery.  VER/TYPE is not checked: there has only ever been
 * 0x11, and a frame on the session EtherType is best read as one.  The
 * LENGTH field is not needed: the IP length bounds the packet.
 */
static enum sw_decode_result
pppoe_session(const struct link *l, struct sw_rd *r)
{
	uint8_t code;

	if (!sw_rd_peek8(r, 1, &code) || !sw_rd_skip(r, 6))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	if (code != 0)
		return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPPOE_DISC);
	return ppp_payload(l, r);
}

/*
 * The Ethernet-level headers that put a frame inside a frame, each
 * followed by an EtherType again:
 *   802.1ah PBB (0x88e7): the I-TAG (flags and 24-bit I-SID, 4 bytes),
 *     then the customer frame's destination and source MACs;
 *   VN-Tag (0x8926): 4 bytes of tag (direction, pointer, VIFs);
 *   FabricPath (0x8903): the FTag and TTL (2 bytes) ending the 16-byte
 *     outer header, then the classical Ethernet frame's MACs.
 * Reads the next EtherType into *type; false when cut short.
 */
static bool
link_tag(struct sw_rd *r, uint16_t *type)
{
	size_t skip = *type == ETHERTYPE_PBB ? 4 + 12 :
	    *type == ETHERTYPE_VNTAG ? 4 : 2 + 12;

	return sw_rd_skip(r, skip) && sw_rd_be16(r, type);
}

/*
 * Dispatch on an EtherType (Ethernet, the SLL protocol field, Cisco
 * HDLC).  802.1Q (0x8100), 802.1ad (0x88a8) and old QinQ (0x9100) tags
 * are each a TCI and the next EtherType; the outer two VLAN ids are
 * kept, deeper ones only counted.  PBB, VN-Tag and FabricPath headers
 * (link_tag) lead to another EtherType, up to MAX_LINK_TAGS of them.
 */
static enum sw_decode_result
ethertype(const struct link *l, struct sw_rd *r, uint16_t type)
{
	struct sw_pkt *pkt = l->pkt;
	unsigned tags = 0;
	uint16_t tci;

again:
	while (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD ||
	    type == ETHERTYPE_QINQ_OLD) {
		if (pkt->nvlan == MAX_VLAN)
			return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_VLAN_DEEP);
		if (!sw_rd_be16(r, &tci) || !sw_rd_be16(r, &type))
			return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
		if (pkt->nvlan < 2)
			pkt->vlan[pkt->nvlan] = tci & 0x0fff;
		pkt->nvlan++;
	}
	if (type < ETHERTYPE_MIN)
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_LLC);
	switch (type) {
	case ETHERTYPE_IP:
		return to_ip(l, r, 4);
	case ETHERTYPE_IPV6:
		return to_ip(l, r, 6);
	case ETHERTYPE_ARP:
	case ETHERTYPE_RARP:
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_ARP);
	case ETHERTYPE_MPLS:
	case ETHERTYPE_MPLS_MC:
		return mpls(l, r);
	case ETHERTYPE_PPPOE_DISC:
		return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_PPPOE_DISC);
	case ETHERTYPE_PPPOE_SESS:
		return pppoe_session(l, r);
	case ETHERTYPE_PBB:
	case ETHERTYPE_VNTAG:
	case ETHERTYPE_FABRICPATH:
		if (++tags > MAX_LINK_TAGS)
			return stop(l, SW_DEC_SKIP_ENCAP, SW_ENCAP_VLAN_DEEP);
		if (!link_tag(r, &type))
			return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
		goto again;
	default:
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_ETHERTYPE);
	}
}

/* IEEE 802.3: destination, source, EtherType or length. */
static enum sw_decode_result
en10mb(const struct link *l, struct sw_rd *r)
{
	uint16_t type;

	if (!sw_rd_skip(r, 12) || !sw_rd_be16(r, &type))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	return ethertype(l, r, type);
}

/* The link state of a frame that starts at r (a tunnel's inner one). */
static struct link
link_at(const struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	struct link l;

	l.frame = r->p;
	l.wire = wire;
	l.verify = verify;
	l.pkt = pkt;
	return l;
}

enum sw_decode_result
sw_decode_ether(struct sw_rd *r, uint32_t wire, bool verify,
    struct sw_pkt *pkt)
{
	struct link l = link_at(r, wire, verify, pkt);

	return en10mb(&l, r);
}

enum sw_decode_result
sw_decode_mpls(struct sw_rd *r, uint32_t wire, bool verify, struct sw_pkt *pkt)
{
	struct link l = link_at(r, wire, verify, pkt);

	return mpls(&l, r);
}

/*
 * DLT_FDDI: frame control, destination, source (13 bytes; libpcap
 * leaves the MACs as on the ring), then IEEE 802.2 LLC.  IP travels in
 * RFC 1042 SNAP: DSAP and SSAP 0xaa, control 3 (UI), an OUI and an
 * EtherType.  Other LLC frames (SMT, bridge PDUs, NetBIOS) are counted
 * as llc; tcpdump's print-fddi.c reads the same layout.
 */
static enum sw_decode_result
fddi(const struct link *l, struct sw_rd *r)
{
	uint8_t dsap, ssap, ctl;
	uint16_t type;

	if (!sw_rd_skip(r, 13) || !sw_rd_u8(r, &dsap) ||
	    !sw_rd_u8(r, &ssap) || !sw_rd_u8(r, &ctl))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	if (dsap != LLC_SNAP_SAP || ssap != LLC_SNAP_SAP || ctl != LLC_UI)
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_LLC);
	if (!sw_rd_skip(r, 3) || !sw_rd_be16(r, &type))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	return ethertype(l, r, type);
}

/*
 * The Linux SLL protocol field is an EtherType, except below 0x0600
 * where Linux puts its own ETH_P_ values (802.3 raw, 802.2 LLC, CAN,
 * netlink families): those are counted as sll-other-protocol.
 */
static enum sw_decode_result
sll_proto(const struct link *l, struct sw_rd *r, uint16_t proto)
{
	if (proto < ETHERTYPE_MIN)
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_SLL_PROTO);
	return ethertype(l, r, proto);
}

/*
 * LINKTYPE_LINUX_SLL: packet type (2), ARPHRD type (2), address length
 * (2), address (8), protocol (2) = 16 bytes.
 */
static enum sw_decode_result
sll(const struct link *l, struct sw_rd *r)
{
	uint16_t proto;

	if (!sw_rd_skip(r, 14) || !sw_rd_be16(r, &proto))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	return sll_proto(l, r, proto);
}

/*
 * LINKTYPE_LINUX_SLL2: protocol (2), reserved (2), interface index (4),
 * ARPHRD type (2), packet type (1), address length (1), address (8) =
 * 20 bytes.
 */
static enum sw_decode_result
sll2(const struct link *l, struct sw_rd *r)
{
	uint16_t proto;

	if (!sw_rd_be16(r, &proto) || !sw_rd_skip(r, 18))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	return sll_proto(l, r, proto);
}

/*
 * BSD loopback address families.  AF_INET is 2 everywhere; AF_INET6
 * differs: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin.  The
 * value is the capturing host's, whatever host reads the file.
 */
static enum sw_decode_result
bsd_family(const struct link *l, struct sw_rd *r, uint32_t af)
{
	switch (af) {
	case 2:
		return to_ip(l, r, 4);
	case 10:
	case 24:
	case 28:
	case 30:
		return to_ip(l, r, 6);
	default:
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_NULL_FAMILY);
	}
}

/*
 * DLT_NULL: a 4-byte address family in the capturing host's byte
 * order, which the file does not record.  Families are small, so a
 * value with bits in the upper half was written little-endian (the
 * test tcpdump's print-null.c uses).
 */
static enum sw_decode_result
null_hdr(const struct link *l, struct sw_rd *r)
{
	struct sw_rd le = *r;
	uint32_t af, af_le;

	if (!sw_rd_le32(&le, &af_le) || !sw_rd_be32(r, &af))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	if (af & 0xffff0000u)
		af = af_le;
	return bsd_family(l, r, af);
}

/* DLT_LOOP: the same family, always in network byte order. */
static enum sw_decode_result
loop_hdr(const struct link *l, struct sw_rd *r)
{
	uint32_t af;

	if (!sw_rd_be32(r, &af))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	return bsd_family(l, r, af);
}

/*
 * DLT_PPP and DLT_PPP_SERIAL: RFC 1662 §3.1 HDLC-like framing, address
 * 0xff and control 0x03, both absent when Address-and-Control-Field-
 * Compression was negotiated (RFC 1661 §6.6); then the protocol.
 * libpcap documents that DLT_PPP_SERIAL may also hold Cisco HDLC
 * frames (address 0x0f/0x8f, control, EtherType), so those are taken
 * on that link type too.
 */
static enum sw_decode_result
ppp(const struct link *l, struct sw_rd *r, bool serial)
{
	uint8_t addr, ctl;
	uint16_t type;

	if (!sw_rd_peek8(r, 0, &addr))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	if (serial && (addr == CHDLC_UNICAST || addr == CHDLC_BCAST)) {
		if (!sw_rd_skip(r, 2) || !sw_rd_be16(r, &type))
			return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
		return ethertype(l, r, type);
	}
	if (addr == 0xff && sw_rd_peek8(r, 1, &ctl) && ctl == 0x03)
		(void)sw_rd_skip(r, 2);
	return ppp_payload(l, r);
}

/*
 * DLT_C_HDLC: Cisco HDLC, RFC 1547 §4.3.1 and libpcap's pcap-linktype(7):
 * address (0x0f unicast, 0x8f broadcast), control (0), then a 16-bit
 * protocol that is an EtherType.  IPv4, IPv6 and MPLS are followed;
 * anything else (SLARP 0x8035, CDP 0x2000, ...) is Cisco's own
 * keepalive and discovery traffic, counted as chdlc-other-protocol.
 * The address byte is not checked, as tcpdump does not: the protocol
 * decides.
 */
static enum sw_decode_result
c_hdlc(const struct link *l, struct sw_rd *r)
{
	uint16_t proto;

	if (!sw_rd_skip(r, 2) || !sw_rd_be16(r, &proto))
		return stop(l, SW_DEC_ERR_LINK_TRUNC, SW_ENCAP_NONE);
	switch (proto) {
	case ETHERTYPE_IP:
		return to_ip(l, r, 4);
	case ETHERTYPE_IPV6:
		return to_ip(l, r, 6);
	case ETHERTYPE_MPLS:
	case ETHERTYPE_MPLS_MC:
		return mpls(l, r);
	default:
		return stop(l, SW_DEC_NOT_IP, SW_ENCAP_CHDLC_PROTO);
	}
}

/* The decoder for a DLT_ value, or -1 when it is not supported. */
static int
link_kind(int dlt)
{
	size_t i;

	for (i = 0; i < sizeof link_kinds / sizeof link_kinds[0]; i++)
		if (link_kinds[i].dlt == dlt)
			return (int)link_kinds[i].kind;
	return -1;
}

bool
sw_dlt_supported(int dlt)
{
	return link_kind(dlt) >= 0;
}

const char *
sw_dlt_list(void)
{
	/* libpcap's names, as tcpdump -L and pcap_datalink_val_to_name(). */
	return "EN10MB, LINUX_SLL, LINUX_SLL2, NULL, LOOP, RAW, IPV4, "
	    "IPV6, PPP, PPP_SERIAL, PPP_ETHER, C_HDLC, FDDI";
}

enum sw_decode_result
sw_decode(int dlt, const uint8_t *bytes, uint32_t caplen, uint32_t wirelen,
    unsigned flags, struct sw_pkt *pkt)
{
	static const uint8_t nothing[1];
	struct sw_rd r;
	struct link l;

	/* Not the tunnel array: only its count (packet.h). */
	memset(pkt, 0, offsetof(struct sw_pkt, tunnel));
	if (bytes == NULL) {	/* keep the pointer arithmetic defined */
		bytes = nothing;
		caplen = 0;
	}
	/*
	 * A record whose caplen exceeds its wire length is damaged; trust
	 * the bytes we have rather than reject lengths they satisfy.
	 */
	l.frame = bytes;
	l.wire = wirelen > caplen ? wirelen : caplen;
	l.verify = !(flags & SW_DECODE_NO_CSUM);
	l.pkt = pkt;
	sw_rd_init(&r, bytes, caplen);

	switch (link_kind(dlt)) {
	case LK_NULL:
		return null_hdr(&l, &r);
	case LK_LOOP:
		return loop_hdr(&l, &r);
	case LK_EN10MB:
		return en10mb(&l, &r);
	case LK_PPP:
		return ppp(&l, &r, false);
	case LK_PPP_SERIAL:
		return ppp(&l, &r, true);
	case LK_PPP_ETHER:	/* the PPPoE header without Ethernet */
		return pppoe_session(&l, &r);
	case LK_C_HDLC:
		return c_hdlc(&l, &r);
	case LK_RAW:
		return ip_by_nibble(&l, &r, SW_DEC_NOT_IP,
		    SW_ENCAP_IP_VERSION);
	case LK_IPV4:
		return to_ip(&l, &r, 4);
	case LK_IPV6:
		return to_ip(&l, &r, 6);
	case LK_SLL:
		return sll(&l, &r);
	case LK_SLL2:
		return sll2(&l, &r);
	case LK_FDDI:
		return fddi(&l, &r);
	default:
		/* A pcapng interface of a link type we do not decode (the
		 * first interface's is checked before reading). */
		return stop(&l, SW_DEC_SKIP_ENCAP, SW_ENCAP_LINKTYPE);
	}
}

const char *
sw_decode_result_name(enum sw_decode_result r)
{
	static const char *const names[] = {
#define SW_X(id, name) [SW_DEC_##id] = name,
		SW_DECODE_RESULTS(SW_X)
#undef SW_X
	};

	if ((unsigned)r >= SW_DEC__N)
		return "unknown";
	return names[r];
}

const char *
sw_encap_name(enum sw_encap e)
{
	static const char *const names[] = {
#define SW_X(id, name) [SW_ENCAP_##id] = name,
		SW_ENCAPS(SW_X)
#undef SW_X
	};

	if ((unsigned)e >= SW_ENCAP__N)
		return "unknown";
	return names[e];
}
