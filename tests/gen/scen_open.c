/* SPDX-License-Identifier: MIT */
/*
 * scen_open.c: scenarios about opening a connection, refusing it, and
 * tearing it down with RST.
 *
 * Unless a scenario says otherwise the capture runs on the client, so
 * the client answers within 50 µs and the server one round trip later.
 * Scenarios whose story only makes sense seen from the server (a SYN-ACK
 * retransmitted because it was lost on the way out) capture there.
 */
#include "scenarios.h"

uint32_t
sc_isn(uint16_t port, int side)
{
	/* Fibonacci hashing: well spread, and the same on every machine. */
	return (uint32_t)port * 2654435761u ^
	    (side ? 0xa5c3e100u : 0x3c5a0f00u);
}

void
sc_start(struct gconn *c, struct trace *tr, uint16_t port)
{
	gc_init(c, tr, port, sc_isn(port, C2S), sc_isn(port, S2C));
	gc_handshake(c);
}

/* The SYN-ACK acknowledges j+2; the client completes regardless. */
void
sc_synack_bad_ack(struct trace *tr)
{
	struct gconn c;
	uint32_t j;

	gc_init(&c, tr, 41004, sc_isn(41004, C2S), sc_isn(41004, S2C));
	j = c.isn[C2S];
	gc_send(&c, C2S, TH_SYN, 0);
	gc_reply(&c, S2C);
	gen_expect(tr, "synack-bad-ack", true, j + 1, j + 2);
	gc_raw(&c, S2C, TH_SYN | TH_ACK, c.isn[S2C], j + 2, 0);
	c.nxt[S2C]++;
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

/* The final handshake ACK acknowledges k+2; later segments ack k+1. */
void
sc_ack_bad_ack(struct trace *tr)
{
	struct gconn c;
	uint32_t k;

	gc_init(&c, tr, 41005, sc_isn(41005, C2S), sc_isn(41005, S2C));
	k = c.isn[S2C];
	gc_send(&c, C2S, TH_SYN, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_SYN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gen_expect(tr, "ack-bad-ack", true, k + 1, k + 2);
	gc_raw(&c, C2S, TH_ACK, c.nxt[C2S], k + 2, 0);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

/*
 * RFC 9293 §3.5 figure 7: both SYNs cross, each side answers the other's
 * SYN with a SYN-ACK that repeats its own ISN; no third segment is needed.
 */
void
sc_simultaneous_open(struct trace *tr)
{
	struct gconn c;
	uint32_t j, k;

	gc_init(&c, tr, 41008, sc_isn(41008, C2S), sc_isn(41008, S2C));
	j = c.isn[C2S];
	k = c.isn[S2C];
	gc_send(&c, C2S, TH_SYN, 0);
	gen_wait(tr, 1 * MS);		/* sent before ours reached it */
	gc_send(&c, S2C, TH_SYN, 0);
	gc_reply(&c, C2S);
	gc_raw(&c, C2S, TH_SYN | TH_ACK, j, k + 1, 0);
	gen_wait(tr, RTT - 1 * MS);	/* its answer to our SYN */
	gc_raw(&c, S2C, TH_SYN | TH_ACK, k, j + 1, 0);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

/* The first SYN is lost after the capture point; the retry succeeds. */
void
sc_syn_retransmit(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41009, sc_isn(41009, C2S), sc_isn(41009, S2C));
	gc_send(&c, C2S, TH_SYN, 0);
	gen_wait(tr, 1 * SEC);		/* RFC 6298 §2.1: initial RTO 1 s */
	gc_raw(&c, C2S, TH_SYN, c.isn[C2S], 0, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_SYN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

/* Seen at the server: its first SYN-ACK is lost, the retry is acked. */
void
sc_synack_retransmit(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41010, sc_isn(41010, C2S), sc_isn(41010, S2C));
	gc_send(&c, C2S, TH_SYN, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_SYN | TH_ACK, 0);
	gen_wait(tr, 1 * SEC);
	gc_raw(&c, S2C, TH_SYN | TH_ACK, c.isn[S2C], c.nxt[C2S], 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

/* Seen at the server: the SYN-ACK and its retry are never acked. */
void
sc_half_open(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41011, sc_isn(41011, C2S), sc_isn(41011, S2C));
	gc_send(&c, C2S, TH_SYN, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_SYN | TH_ACK, 0);
	gen_wait(tr, 1 * SEC);
	gc_raw(&c, S2C, TH_SYN | TH_ACK, c.isn[S2C], c.nxt[C2S], 0);
}

/*
 * Seen at the server: 50 spoofed sources, one SYN each, hping3-style
 * (no options, small window); Linux answers each with a SYN-ACK carrying
 * only MSS, as it mirrors the options the SYN offered.
 */
void
sc_syn_flood(struct trace *tr)
{
	for (int i = 0; i < 50; i++) {
		struct gconn c;
		uint16_t port = (uint16_t)(10000 + i * 1021);

		gc_init(&c, tr, port, sc_isn(port, C2S) ^ (uint32_t)i,
		    sc_isn(port, S2C));
		c.addr[C2S][0] = i < 25 ? 203 : 198;
		c.addr[C2S][1] = i < 25 ? 0 : 51;
		c.addr[C2S][2] = i < 25 ? 113 : 100;
		c.addr[C2S][3] = (uint8_t)(i % 25 + 1);
		c.synopts[C2S] = 0;
		c.synopts[S2C] = OPT_MSS;
		c.synwin[C2S] = 1024;
		c.ts = false;
		c.ttl[C2S] = (uint8_t)(40 + i % 20);
		gc_send(&c, C2S, TH_SYN, 0);
		gc_reply(&c, S2C);
		gc_send(&c, S2C, TH_SYN | TH_ACK, 0);
		gen_wait(tr, 2 * MS);
	}
}

/* SYN, then retries at 1 s and 3 s (RFC 6298 §5.5 doubling). */
void
sc_unanswered(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41013, sc_isn(41013, C2S), sc_isn(41013, S2C));
	gc_send(&c, C2S, TH_SYN, 0);
	gen_wait(tr, 1 * SEC);
	gc_raw(&c, C2S, TH_SYN, c.isn[C2S], 0, 0);
	gen_wait(tr, 2 * SEC);
	gc_raw(&c, C2S, TH_SYN, c.isn[C2S], 0, 0);
}

/*
 * A router refuses the SYN with ICMP host unreachable quoting only the 8
 * TCP bytes RFC 792 guarantees; the client tries again 1 s later and is
 * refused again.  Then, over IPv6, a second client's SYN draws ICMPv6
 * administratively prohibited quoting the whole segment (RFC 4443).
 */
void
sc_icmp_unreachable(struct trace *tr)
{
	struct gconn c;
	struct seg syn = { .dir = C2S, .flags = TH_SYN };

	gc_init(&c, tr, 41035, sc_isn(41035, C2S), sc_isn(41035, S2C));
	syn.seq = c.isn[C2S];
	gen_emit(&c, &syn);
	gen_wait(tr, RTT / 2);
	gen_emit_icmp(&c, &syn, 3, 1, 8);
	gen_wait(tr, 1 * SEC);
	gen_emit(&c, &syn);
	gen_wait(tr, RTT / 2);
	gen_emit_icmp(&c, &syn, 3, 1, 8);

	gen_wait(tr, 1 * SEC);
	tr->v6 = true;
	gc_init(&c, tr, 41036, sc_isn(41036, C2S), sc_isn(41036, S2C));
	syn.seq = c.isn[C2S];
	gen_emit(&c, &syn);
	gen_wait(tr, RTT / 2);
	gen_emit_icmp(&c, &syn, 1, 1, 40);
	tr->v6 = false;
}

/* RFC 9293 §3.10.7.1: a closed port answers <SEQ=0><ACK=j+1><RST,ACK>. */
void
sc_refused(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41014, sc_isn(41014, C2S), sc_isn(41014, S2C));
	gc_send(&c, C2S, TH_SYN, 0);
	gc_reply(&c, S2C);
	c.ts = false;			/* no socket, so no options */
	c.win[S2C] = 0;
	gc_raw(&c, S2C, TH_RST | TH_ACK, 0, c.nxt[C2S], 0);
}

/*
 * The capture starts inside a download: the first frame is server data,
 * so only the port rule (80 < 1024) names the server correctly.
 */
void
sc_midstream(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 41015, sc_isn(41015, C2S), sc_isn(41015, S2C));
	c.nxt[C2S] += 1 + 4000;
	c.nxt[S2C] += 1 + 250000;
	for (int i = 0; i < 2; i++) {
		gc_send(&c, S2C, TH_ACK, 1000);
		gen_wait(tr, 100 * US);
		gc_send(&c, S2C, TH_PSH | TH_ACK, 800);
		gc_reply(&c, C2S);
		gc_send(&c, C2S, TH_ACK, 0);
		gen_wait(tr, RTT);
	}
	gen_wait(tr, 50 * MS);
	gc_exchange(&c, 300, 600);
	gc_close4(&c, C2S);
}

/*
 * A blind RST (no ACK, no options) 2^30 beyond the client's RCV.NXT: RFC
 * 5961 §3.2 says drop it silently, so the connection carries on.
 */
void
sc_rst_outside_window(struct trace *tr)
{
	struct gconn c;
	uint32_t bad;

	sc_start(&c, tr, 41016);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 20 * MS);
	bad = c.nxt[S2C] + 0x40000000u;
	c.ts = false;
	gen_expect(tr, "invalid-rst", true, c.nxt[S2C], bad);
	gc_raw(&c, S2C, TH_RST, bad, 0, 0);
	c.ts = true;
	gen_wait(tr, 20 * MS);
	gc_exchange(&c, 200, 400);
	gc_close4(&c, C2S);
}

/* RFC 9293 §3.5.3: a RST may carry diagnostic text; this one does. */
void
sc_rst_with_data(struct trace *tr)
{
	static const char why[] = "server shutting down";
	struct gconn c;
	struct seg s = { .dir = S2C, .flags = TH_RST | TH_ACK,
	    .len = sizeof why - 1, .text = why };

	sc_start(&c, tr, 41017);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 50 * MS);
	s.seq = c.nxt[S2C];
	s.ack = c.nxt[C2S];
	gen_expect(tr, "rst-with-data", false, 0, 0);
	gen_emit(&c, &s);
}

/* The client aborts (SO_LINGER 0) with an in-window RST. */
void
sc_rst_mid(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41018);
	gc_exchange(&c, 320, 1200);
	gen_wait(tr, 30 * MS);
	gc_send(&c, C2S, TH_RST | TH_ACK, 0);
}

/*
 * Two connections on one 4-tuple: the second SYN comes 2 s after the
 * first closed, while the client still sits in TIME_WAIT, with a higher
 * ISN and newer timestamps (RFC 6191, Linux tcp_tw_reuse).
 */
void
sc_port_reuse(struct trace *tr)
{
	struct gconn c;

	gc_init(&c, tr, 40000, 0x6a09e667u, 0xbb67ae85u);
	gc_handshake(&c);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
	gen_wait(tr, 2 * SEC);
	gc_init(&c, tr, 40000, 0x6b09e667u, 0x3c6ef372u);
	gc_handshake(&c);
	gc_exchange(&c, 280, 900);
	gc_close4(&c, C2S);
}
