/* SPDX-License-Identifier: MIT */
/*
 * pktbuild.h: build test frames byte by byte into a caller's buffer.
 *
 * Headers are appended in wire order.  Lengths and checksums that
 * depend on what follows are written as 0 and fixed afterwards by the
 * *_fix functions (or all at once by pb_ip_tcp()), so a test can also
 * leave them wrong on purpose, or overwrite any byte after building.
 * Nothing allocates; an append that does not fit sets b->overflow and
 * is dropped, so tests should assert !b->overflow.  The checksum code
 * here is independent of src/ on purpose: it is what the decoder's is
 * checked against.
 */
#ifndef SEVENWAY_PKTBUILD_H
#define SEVENWAY_PKTBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pb {
	uint8_t *buf;		/* the caller's storage */
	size_t cap;		/* its size */
	size_t len;		/* bytes written so far */
	bool overflow;		/* an append did not fit (and was dropped) */
};

void pb_init(struct pb *b, uint8_t *buf, size_t cap);

/* Append raw values; multi-byte ones in the named byte order. */
void pb_u8(struct pb *b, uint8_t v);
void pb_be16(struct pb *b, uint16_t v);
void pb_be32(struct pb *b, uint32_t v);
void pb_le32(struct pb *b, uint32_t v);
void pb_bytes(struct pb *b, const void *p, size_t n);
void pb_zeros(struct pb *b, size_t n);

/* Overwrite a big-endian 16-bit value at offset off (already written). */
void pb_set_be16(struct pb *b, size_t off, uint16_t v);

/*
 * Link layers.  pb_eth() writes fixed MAC addresses and the EtherType
 * (or 802.3 length).  After a TPID (0x8100, 0x88a8, 0x9100) as type,
 * append pb_vlan() for the tag: TCI, then the next EtherType.
 */
void pb_eth(struct pb *b, uint16_t type);
void pb_vlan(struct pb *b, uint16_t tci, uint16_t type);
/* One MPLS label stack entry (RFC 3032 §2.1). */
void pb_mpls(struct pb *b, uint32_t label, bool bottom, uint8_t ttl);
/*
 * PPPoE header (RFC 2516 §4) for code (0 = session data); returns its
 * offset.  pb_pppoe_fix() sets LENGTH to what follows it.
 */
size_t pb_pppoe(struct pb *b, uint8_t code, uint16_t session);
void pb_pppoe_fix(struct pb *b, size_t off);
/* Linux cooked headers: v1 (16 bytes) and v2 (20 bytes). */
void pb_sll(struct pb *b, uint16_t proto);
void pb_sll2(struct pb *b, uint16_t proto);

/* An IPv4 or IPv6 header. */
struct pb_ip {
	uint8_t version;	/* 4 or 6 */
	uint8_t src[16];	/* IPv4 uses the first 4 bytes */
	uint8_t dst[16];
	uint8_t ttl;		/* TTL or hop limit */
	uint8_t proto;		/* protocol / first next header */
	uint16_t id;		/* IPv4 identification */
	uint16_t frag;		/* IPv4 flags + fragment offset field */
	const uint8_t *opt;	/* IPv4 options, a multiple of 4 bytes */
	size_t optlen;
};

/* 10.0.0.1 -> 10.0.0.2, or 2001:db8::1 -> 2001:db8::2, TTL 64, TCP. */
void pb_ip_default(struct pb_ip *ip, uint8_t version);

/*
 * Append the IP header, lengths and checksum 0; returns its offset.
 * pb_ip_fix() then sets the IPv4 total length and header checksum, or
 * the IPv6 payload length, to cover everything written after it.
 */
size_t pb_ip(struct pb *b, const struct pb_ip *ip);
void pb_ip_fix(struct pb *b, size_t off);

/*
 * An IPv6 extension header of the RFC 8200 §4 form: next header, length
 * in 8-byte units beyond the first (4-byte units + 2 for AH, RFC 4302),
 * then body, zero-padded to the header's unit.  type is only used to
 * pick the length rule.
 */
void pb_ip6_ext(struct pb *b, uint8_t type, uint8_t nxt,
    const void *body, size_t bodylen);
/* An IPv6 fragment header (RFC 8200 §4.5); offset in 8-byte units. */
void pb_ip6_frag(struct pb *b, uint8_t nxt, uint16_t offset, bool more,
    uint32_t id);

/* A TCP header; options are raw bytes, zero-padded to 4. */
struct pb_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;		/* byte 13 */
	uint16_t win, urp;
	const uint8_t *opt;
	size_t optlen;
};

/* 43512 -> 80, seq 1000, ack 2000, ACK|PSH, window 65535. */
void pb_tcp_default(struct pb_tcp *t);

/*
 * Append the TCP header with checksum 0; returns its offset.  After the
 * payload, pb_tcp_csum() writes the checksum of everything from off to
 * the end, with ip's addresses in the pseudo-header (for IPv6 with a
 * Routing header, pass the final destination as ip->dst).
 */
size_t pb_tcp(struct pb *b, const struct pb_tcp *t);
void pb_tcp_csum(struct pb *b, size_t off, const struct pb_ip *ip);

/* A UDP header and payload (checksum 0), for not-TCP cases. */
void pb_udp(struct pb *b, uint16_t sport, uint16_t dport,
    const void *payload, size_t n);

/*
 * IP header + TCP header + payload, with right lengths and checksums:
 * what most tests need after the link header.  Returns the IP offset.
 */
size_t pb_ip_tcp(struct pb *b, const struct pb_ip *ip,
    const struct pb_tcp *t, const void *payload, size_t n);

/*
 * Checksums.  pb_sum() adds n bytes as big-endian 16-bit words to an
 * unfolded ones' complement sum; pb_fold() folds it (no complement).
 * pb_pseudo() is the TCP/UDP pseudo-header sum for ip and a segment of
 * len bytes (RFC 9293 §3.1, RFC 8200 §8.1).
 */
uint32_t pb_sum(uint32_t sum, const uint8_t *p, size_t n);
uint16_t pb_fold(uint32_t sum);
uint32_t pb_pseudo(const struct pb_ip *ip, uint8_t proto, uint32_t len);

#endif /* SEVENWAY_PKTBUILD_H */
