/* SPDX-License-Identifier: MIT */
/*
 * gen.h: the crafted-trace generator's model of a capture, of a TCP
 * connection seen in it, and of the scenario table.
 *
 * A scenario builds its packets through a struct gconn, which keeps each
 * side's next sequence number the way a correct TCP would; scenarios
 * that need a wrong number on the wire say so explicitly with gc_raw()
 * and record the anomaly they expect with gen_expect().  Time is
 * simulated: nothing reads the clock, so every run writes the same bytes.
 */
#ifndef SEVENWAY_GEN_H
#define SEVENWAY_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcapw.h"

/* 2024-01-01 00:00:00 UTC: the first packet of every trace. */
#define GEN_EPOCH	1704067200u

#define US		1000u		/* nanoseconds */
#define MS		1000000u
#define SEC		1000000000u
#define RTT		(10 * MS)	/* client <-> server round trip */

/* Directions double as indexes: the sender of a segment. */
#define C2S		0		/* client -> server */
#define S2C		1		/* server -> client */

/* TCP header flags (RFC 9293 §3.1). */
#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PSH		0x08
#define TH_ACK		0x10

/* Options a SYN or SYN-ACK carries. */
#define OPT_MSS		0x01
#define OPT_SACKOK	0x02
#define OPT_TS		0x04
#define OPT_WS		0x08
#define OPT_ALL		(OPT_MSS | OPT_SACKOK | OPT_TS | OPT_WS)

/* How frames are framed below IP. */
enum gen_link {
	GL_ETH, GL_VLAN, GL_QINQ, GL_SLL, GL_SLL2, GL_NULL, GL_LOOP, GL_RAW,
	GL_CHDLC,
	GL_PBB,		/* 802.1ad B-tag, 802.1ah I-tag, customer frame */
	GL_VNTAG,	/* Cisco VN-Tag */
	GL_FABRICPATH,	/* Cisco FabricPath outer header */
	GL_FDDI		/* FDDI with LLC/SNAP (DLT 10) */
};

/* Tunnels around the IP packet (tunnel.c), outermost first in a list. */
enum gen_tun {
	GT_NONE, GT_GRE, GT_GRE_KEYSEQ, GT_GRE_TEB, GT_ERSPAN1, GT_ERSPAN2,
	GT_ERSPAN3, GT_IPIP, GT_6IN4, GT_4IN6, GT_6IN6, GT_VXLAN, GT_GENEVE,
	GT_GTPU, GT_TEREDO, GT_AYIYA,
	GT_TEREDO_ANYPORT,	/* Teredo on ports that are not 3544 */
	GT_GRE_MPLS		/* an MPLS label stack in GRE */
};
#define GEN_MAX_TUN	3

#define MAX_ANOM	4
#define MAX_ICMP	4

/* An anomaly the scenario put on the wire on purpose. */
struct gen_anom {
	const char *kind;	/* DESIGN.md §3 anomaly kind */
	uint64_t frame;		/* 1-based frame that carries it */
	bool numeric;		/* expected/seen are meaningful */
	uint32_t expected, seen;
};

/* An ICMP error the scenario put on the wire: sevenway must keep it. */
struct gen_icmp {
	uint64_t frame;		/* 1-based frame of the error */
	uint8_t type, code;
};

/* One capture file being written. */
struct trace {
	struct pcapw w;
	enum gen_link link;
	bool v6;		/* IPv6 instead of IPv4 */
	bool ext;		/* IPv6 hop-by-hop + destination options */
	bool ns_digits;		/* give timestamps sub-microsecond digits */
	int host;		/* C2S/S2C: the side the capture runs on */
	/* The capturing host offloads to its NIC (its own segments only). */
	bool offload;		/* TCP checksum: the pseudo-header sum */
	uint16_t tso;		/* longer payloads: IPv4 Total Length 0 */
	/* pcapng with an interface per direction: dlink[dir] on diface. */
	bool per_dir;
	enum gen_link dlink[2];
	uint32_t diface[2];
	enum gen_tun tun[GEN_MAX_TUN];	/* outermost first; GT_NONE ends */
	enum gen_tun tun_s2c[GEN_MAX_TUN];	/* the server's, if not tun */
	uint32_t tseq[2];	/* GRE sequence numbers, per direction */
	uint16_t tipid[2];	/* outer IPv4 ids, per direction */
	uint64_t now;		/* simulated time, ns since GEN_EPOCH */
	uint64_t frames;	/* frames emitted so far */
	struct gen_anom anom[MAX_ANOM];
	int nanom;
	struct gen_icmp icmp[MAX_ICMP];
	int nicmp;
};

/* One TCP connection: index [C2S] is the client, [S2C] the server. */
struct gconn {
	struct trace *tr;
	uint8_t addr[2][16];	/* IPv4 in the first 4 bytes */
	uint8_t mac[2][6];	/* capturing host's NIC, the other: next hop */
	uint16_t port[2];
	uint32_t isn[2];
	uint32_t nxt[2];	/* next sequence number each side sends */
	uint16_t synwin[2];	/* window field of SYN, SYN-ACK (unscaled) */
	uint16_t win[2];	/* window field afterwards (scaled by 2^7) */
	uint8_t synopts[2];	/* OPT_ bits of each side's SYN */
	bool ts;		/* timestamps negotiated (RFC 7323 §3.2) */
	uint32_t tsbase[2];	/* TSval clock offset per side */
	uint32_t tslast[2];	/* last TSval each side sent; 0: none yet */
	uint16_t ipid[2];
	uint8_t ttl[2];
};

/* frame.c: put one segment on the wire, as a full frame, at tr->now. */
struct seg {
	int dir;		/* C2S or S2C */
	uint8_t flags;		/* TH_ bits */
	uint32_t seq, ack;
	uint16_t len;		/* payload bytes */
	const char *text;	/* payload; NULL: the side's byte pattern */
	bool badsum;		/* corrupt the TCP checksum */
};
void gen_emit(struct gconn *c, const struct seg *s);
/*
 * tunnel.c: wrap the IP packet ip[0..n) sent by side dir in tr->tun,
 * into out (at most cap bytes); *v6 is the packet's IP version on
 * entry and the outermost header's on return.  Returns the length.
 */
size_t gen_tunnel(struct gconn *c, int dir, const uint8_t *ip, size_t n,
    uint8_t *out, size_t cap, bool *v6);
/*
 * An ICMP error (ICMPv6 on an IPv6 trace) from a router on the remote
 * side, back to the sender of s, the segment just sent, quoting its IP
 * header and the first qtcp bytes of its TCP header; recorded as
 * planted.
 */
void gen_emit_icmp(struct gconn *c, const struct seg *s, uint8_t type,
    uint8_t code, uint16_t qtcp);

/* conn.c: a well-behaved TCP, plus the means to misbehave. */
void gc_init(struct gconn *c, struct trace *tr, uint16_t cport,
    uint32_t cisn, uint32_t sisn);
/* Advance simulated time. */
void gen_wait(struct trace *tr, uint64_t ns);
/* Wait as long as side dir takes to answer its peer's last segment. */
void gc_reply(struct gconn *c, int dir);
/* Emit exactly these numbers; no sequence state changes. */
void gc_raw(struct gconn *c, int dir, uint8_t flags, uint32_t seq,
    uint32_t ack, uint16_t len);
/* Emit in order: seq = nxt[dir], ack = nxt[!dir]; advance nxt[dir]. */
void gc_send(struct gconn *c, int dir, uint8_t flags, uint16_t len);
void gc_handshake(struct gconn *c);
/* Request of qlen bytes, server ACK, response of rlen, client ACK. */
void gc_exchange(struct gconn *c, uint16_t qlen, uint16_t rlen);
/* FIN, ACK, FIN, ACK with closer's FIN first. */
void gc_close4(struct gconn *c, int closer);
/* FIN, FIN+ACK, ACK. */
void gc_close3(struct gconn *c, int closer);
/* Record an anomaly the next emitted frame carries. */
void gen_expect(struct trace *tr, const char *kind, bool numeric,
    uint32_t expected, uint32_t seen);

/* scenarios.c: one entry per crafted file. */
struct scenario {
	const char *file;
	enum pcapw_format fmt;
	enum gen_link link;
	bool v6, ext, ns_digits;
	int host;		/* side the capture runs on: C2S (0) or S2C */
	uint64_t cut_at;	/* truncate inside this record */
	void (*build)(struct trace *);
	enum gen_tun tun[GEN_MAX_TUN];	/* tunnels, outermost first */
	enum gen_tun tun_s2c[GEN_MAX_TUN];	/* server to client, if other */
	const char *what;	/* README: what is on the wire */
	/* The verdict a TCP expert expects (DESIGN.md §3 words); "-": none. */
	int conns;
	const char *handshake, *close, *closed_by, *client, *server;
	const char *events;	/* "kind:count" exact, "kind" >= 1,
				 * "kind?" may or may not be counted */
	const char *extra;	/* more key=value words for --list, or NULL */
	const char *note;	/* README: what else to expect, or NULL */
};
extern const struct scenario gen_scenarios[];
extern const int gen_nscenarios;

#endif /* SEVENWAY_GEN_H */
