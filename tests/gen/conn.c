/* SPDX-License-Identifier: MIT */
/*
 * conn.c: a well-behaved TCP connection for the scenarios to build on.
 *
 * gc_send() keeps the sequence arithmetic of RFC 9293 §3.4 for both
 * sides: a segment starts at the sender's next sequence number, SYN and
 * FIN each consume one, and every ACK acknowledges exactly what the peer
 * has sent.  Timing assumes the capture runs on tr->host: that side
 * answers in 50 µs, the remote side one round trip after it was sent to.
 */
#include <string.h>

#include "gen.h"

#define TURN		(50 * US)	/* local stack's reaction time */
#define THINK		(2 * MS)	/* application before it answers */

void
gen_wait(struct trace *tr, uint64_t ns)
{
	tr->now += ns;
}

void
gen_expect(struct trace *tr, const char *kind, bool numeric,
    uint32_t expected, uint32_t seen)
{
	struct gen_anom *a;

	if (tr->nanom == MAX_ANOM)
		return;
	a = &tr->anom[tr->nanom++];
	a->kind = kind;
	a->frame = tr->frames + 1;
	a->numeric = numeric;
	a->expected = expected;
	a->seen = seen;
}

void
gc_init(struct gconn *c, struct trace *tr, uint16_t cport, uint32_t cisn,
    uint32_t sisn)
{
	static const uint8_t c4[4] = { 10, 1, 0, 1 }, s4[4] = { 10, 2, 0, 2 };
	static const uint8_t c6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	static const uint8_t nic[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	static const uint8_t gw[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0xfe };

	memset(c, 0, sizeof *c);
	c->tr = tr;
	memcpy(c->addr[C2S], tr->v6 ? c6 : c4, tr->v6 ? 16 : 4);
	memcpy(c->addr[S2C], tr->v6 ? s6 : s4, tr->v6 ? 16 : 4);
	/* Frames from the remote side come through the router. */
	memcpy(c->mac[tr->host], nic, 6);
	memcpy(c->mac[!tr->host], gw, 6);
	c->port[C2S] = cport;
	c->port[S2C] = 80;
	c->isn[C2S] = c->nxt[C2S] = cisn;
	c->isn[S2C] = c->nxt[S2C] = sisn;
	c->synwin[C2S] = 64240;		/* Linux: 44 * MSS */
	c->synwin[S2C] = 65160;
	c->win[C2S] = 502;		/* 64256 bytes at scale 7 */
	c->win[S2C] = 509;
	c->synopts[C2S] = c->synopts[S2C] = OPT_ALL;
	c->ts = true;
	c->tsbase[C2S] = 0x1c000000u ^ cisn >> 8;
	c->tsbase[S2C] = 0x2d000000u ^ sisn >> 8;
	c->ipid[C2S] = (uint16_t)(cport * 7);
	c->ipid[S2C] = (uint16_t)(cport * 13);
	c->ttl[tr->host] = 64;
	c->ttl[!tr->host] = 57;		/* seven routers away */
}

void
gc_reply(struct gconn *c, int dir)
{
	gen_wait(c->tr, dir == c->tr->host ? TURN : RTT);
}

void
gc_raw(struct gconn *c, int dir, uint8_t flags, uint32_t seq, uint32_t ack,
    uint16_t len)
{
	struct seg s = {
		.dir = dir, .flags = flags, .seq = seq, .ack = ack, .len = len
	};

	gen_emit(c, &s);
}

void
gc_send(struct gconn *c, int dir, uint8_t flags, uint16_t len)
{
	gc_raw(c, dir, flags, c->nxt[dir], c->nxt[!dir], len);
	/* SYN and FIN each occupy one sequence number (RFC 9293 §3.4). */
	c->nxt[dir] += len + (flags & TH_SYN ? 1u : 0) +
	    (flags & TH_FIN ? 1u : 0);
}

void
gc_handshake(struct gconn *c)
{
	gc_send(c, C2S, TH_SYN, 0);
	gc_reply(c, S2C);
	gc_send(c, S2C, TH_SYN | TH_ACK, 0);
	gc_reply(c, C2S);
	gc_send(c, C2S, TH_ACK, 0);
}

void
gc_exchange(struct gconn *c, uint16_t qlen, uint16_t rlen)
{
	gen_wait(c->tr, 100 * US);
	gc_send(c, C2S, TH_PSH | TH_ACK, qlen);
	gc_reply(c, S2C);
	gc_send(c, S2C, TH_ACK, 0);
	gen_wait(c->tr, THINK);
	gc_send(c, S2C, TH_PSH | TH_ACK, rlen);
	gc_reply(c, C2S);
	gc_send(c, C2S, TH_ACK, 0);
}

void
gc_close4(struct gconn *c, int closer)
{
	gen_wait(c->tr, 5 * MS);
	gc_send(c, closer, TH_FIN | TH_ACK, 0);
	gc_reply(c, !closer);
	gc_send(c, !closer, TH_ACK, 0);
	gen_wait(c->tr, 1 * MS);	/* the peer application closes */
	gc_send(c, !closer, TH_FIN | TH_ACK, 0);
	gc_reply(c, closer);
	gc_send(c, closer, TH_ACK, 0);
}

void
gc_close3(struct gconn *c, int closer)
{
	gen_wait(c->tr, 5 * MS);
	gc_send(c, closer, TH_FIN | TH_ACK, 0);
	gc_reply(c, !closer);
	gc_send(c, !closer, TH_FIN | TH_ACK, 0);
	gc_reply(c, closer);
	gc_send(c, closer, TH_ACK, 0);
}
