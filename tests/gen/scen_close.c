/* SPDX-License-Identifier: MIT */
/*
 * scen_close.c: scenarios about the data phase and the close.
 *
 * All capture on the client.  m is the closer's FIN sequence number and n
 * the peer's, as in DESIGN.md §2; "ack" below is always the number on
 * the wire.
 */
#include "scenarios.h"

/* The reference connection; the link-type and format variants reuse it. */
void
sc_normal_close(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41001);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}

void
sc_fin_finack_ack(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41002);
	gc_exchange(&c, 320, 640);
	gc_close3(&c, C2S);
}

void
sc_server_close(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41003);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, S2C);
}

/* The server acks the FIN with m+2; its own FIN then acks m+1. */
void
sc_fin_bad_ack(struct trace *tr)
{
	struct gconn c;
	uint32_t m;

	sc_start(&c, tr, 41006);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	m = c.nxt[C2S];
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gc_reply(&c, S2C);
	gen_expect(tr, "fin-bad-ack", true, m + 1, m + 2);
	gc_raw(&c, S2C, TH_ACK, c.nxt[S2C], m + 2, 0);
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/* The FIN claims seq m+10 although nothing was sent after m. */
void
sc_fin_bad_seq(struct trace *tr)
{
	struct gconn c;
	uint32_t m;

	sc_start(&c, tr, 41007);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	m = c.nxt[C2S];
	gen_expect(tr, "fin-bad-seq", true, m, m + 10);
	c.nxt[C2S] = m + 10;
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);	/* the server acks m+11 */
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/* 100 new bytes at m+1, after the FIN; the server ignores them. */
void
sc_data_after_fin(struct trace *tr)
{
	struct gconn c;
	uint32_t m;

	sc_start(&c, tr, 41019);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	m = c.nxt[C2S];
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gen_wait(tr, 1 * MS);
	gen_expect(tr, "data-after-fin", false, 0, 0);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 100);
	gen_wait(tr, RTT - 1 * MS);
	gc_raw(&c, S2C, TH_ACK, c.nxt[S2C], m + 1, 0);
	gen_wait(tr, 1 * MS);
	gc_raw(&c, S2C, TH_FIN | TH_ACK, c.nxt[S2C], m + 1, 0);
	c.nxt[S2C]++;
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/* The last request segment carries the FIN: m = seq + 100. */
void
sc_fin_with_data(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41020);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	gc_send(&c, C2S, TH_FIN | TH_PSH | TH_ACK, 100);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/* The server acks the client's FIN, then aborts instead of closing. */
void
sc_rst_after_fin(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41021);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_RST | TH_ACK, 0);
}

/*
 * shutdown(SHUT_WR) after the request: the server keeps sending, which
 * RFC 9293 §3.6 allows (CLOSE_WAIT may still send), then closes.
 */
void
sc_half_close(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41022);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 320);
	gen_wait(tr, 1 * MS);
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gen_wait(tr, RTT - 1 * MS);
	gc_send(&c, S2C, TH_ACK, 0);
	for (int i = 0; i < 3; i++) {
		gen_wait(tr, i ? 1 * MS : 2 * MS);
		gc_send(&c, S2C, TH_PSH | TH_ACK, 500);
		gc_reply(&c, C2S);
		gc_send(&c, C2S, TH_ACK, 0);
	}
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/* The server acks the FIN and never closes: it leaks a CLOSE_WAIT. */
void
sc_close_wait(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41023);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
}

/*
 * The server's buffer fills: it advertises window 0.  The client probes
 * Linux-style (seq = SND.NXT-1, no data), then with one new byte at
 * SND.NXT, which the closed window refuses, so that byte does not
 * advance SND.NXT (RFC 9293 §3.8.6.1).  A window update reopens it and
 * the upload resumes at SND.NXT.
 */
void
sc_zero_window(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41024);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 500);
	gen_wait(tr, 200 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 500);
	gen_wait(tr, RTT - 200 * US);
	c.win[S2C] = 0;
	gc_send(&c, S2C, TH_ACK, 0);

	gen_wait(tr, 200 * MS);
	gc_raw(&c, C2S, TH_ACK, c.nxt[C2S] - 1, c.nxt[S2C], 0);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 400 * MS);
	gc_raw(&c, C2S, TH_ACK, c.nxt[C2S], c.nxt[S2C], 1);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);

	gen_wait(tr, 100 * MS);
	c.win[S2C] = 509;
	gc_send(&c, S2C, TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 500);
	gen_wait(tr, 200 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 300);
	gen_wait(tr, RTT - 200 * US);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 2 * MS);
	gc_send(&c, S2C, TH_PSH | TH_ACK, 200);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_close4(&c, C2S);
}

/* RFC 9293 §3.8.4: keepalives at SND.NXT-1 without data, 75 s apart. */
void
sc_keepalive(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41025);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 60 * (uint64_t)SEC);
	for (int i = 0; i < 2; i++) {
		if (i)
			gen_wait(tr, 75 * (uint64_t)SEC);
		gc_raw(&c, C2S, TH_ACK, c.nxt[C2S] - 1, c.nxt[S2C], 0);
		gc_reply(&c, S2C);
		gc_send(&c, S2C, TH_ACK, 0);
	}
	gen_wait(tr, 10 * (uint64_t)SEC);
	gc_exchange(&c, 200, 300);
	gc_close4(&c, C2S);
}

/*
 * ISNs just below 2^32: a 20 KB upload in full-sized segments (MSS 1460
 * minus 12 bytes of timestamp option) and a 600-byte response both wrap.
 */
void
sc_seq_wrap(struct trace *tr)
{
	struct gconn c;
	uint32_t left = 20480;

	gc_init(&c, tr, 41026, 0xfffff000u, 0xffffff00u);
	gc_handshake(&c);
	gen_wait(tr, 100 * US);
	while (left) {
		for (int i = 0; i < 2 && left; i++) {
			uint16_t n = left < 1448 ? (uint16_t)left : 1448;

			if (i)
				gen_wait(tr, 100 * US);
			gc_send(&c, C2S, TH_ACK | (n == left ? TH_PSH : 0), n);
			left -= n;
		}
		gc_reply(&c, S2C);	/* delayed ACK: every second segment */
		gc_send(&c, S2C, TH_ACK, 0);
		gen_wait(tr, 50 * US);
	}
	gen_wait(tr, 2 * MS);
	gc_send(&c, S2C, TH_PSH | TH_ACK, 600);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_close4(&c, C2S);
}

/*
 * Three recoveries: a request segment lost after the capture point and
 * resent at RTO (200 ms); two response segments swapped 50 µs apart; and
 * a segment lost just before the FIN and resent after it (below m).
 */
void
sc_retransmission(struct trace *tr)
{
	struct gconn c;
	uint32_t x, b;

	sc_start(&c, tr, 41028);
	gen_wait(tr, 100 * US);
	x = c.nxt[C2S];
	gc_send(&c, C2S, TH_PSH | TH_ACK, 300);
	gen_wait(tr, 200 * MS);
	gc_raw(&c, C2S, TH_PSH | TH_ACK, x, c.nxt[S2C], 300);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);

	gen_wait(tr, 2 * MS);
	b = c.nxt[S2C];
	gc_raw(&c, S2C, TH_PSH | TH_ACK, b + 500, c.nxt[C2S], 400);
	gen_wait(tr, 50 * US);
	gc_raw(&c, S2C, TH_ACK, b, c.nxt[C2S], 500);
	c.nxt[S2C] = b + 900;
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);

	gen_wait(tr, 5 * MS);
	x = c.nxt[C2S];
	gc_send(&c, C2S, TH_PSH | TH_ACK, 200);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gen_wait(tr, RTT - 100 * US);
	gc_raw(&c, S2C, TH_ACK, c.nxt[S2C], x, 0);	/* FIN out of order */
	gen_wait(tr, 200 * MS - RTT);
	gc_raw(&c, C2S, TH_PSH | TH_ACK, x, c.nxt[S2C], 200);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);		/* acks data and FIN */
	gen_wait(tr, 1 * MS);
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}

/*
 * The response is corrupted on the way to the client (its TCP checksum
 * is wrong), so the client's TCP discards it (RFC 9293 §3.1) and the
 * server resends it at RTO.  The corrupted copy arrives from the
 * network, so no checksum offload can explain it.
 */
void
sc_bad_checksum(struct trace *tr)
{
	struct gconn c;
	struct seg s = { .dir = S2C, .flags = TH_PSH | TH_ACK, .len = 640,
	    .badsum = true };

	sc_start(&c, tr, 41029);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 320);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 2 * MS);
	s.seq = c.nxt[S2C];
	s.ack = c.nxt[C2S];
	gen_expect(tr, "bad-checksum", false, 0, 0);
	gen_emit(&c, &s);
	gen_wait(tr, 200 * MS);
	gc_send(&c, S2C, TH_PSH | TH_ACK, 640);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_close4(&c, C2S);
}

/* The server acks 1000 bytes the client never sent. */
void
sc_ack_unseen_data(struct trace *tr)
{
	struct gconn c;

	sc_start(&c, tr, 41030);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 320);
	gc_reply(&c, S2C);
	gen_expect(tr, "ack-unseen-data", true, c.nxt[C2S],
	    c.nxt[C2S] + 1000);
	gc_raw(&c, S2C, TH_ACK, c.nxt[S2C], c.nxt[C2S] + 1000, 0);
	gen_wait(tr, 2 * MS);
	gc_send(&c, S2C, TH_PSH | TH_ACK, 640);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_close4(&c, C2S);
}

/*
 * RFC 9293 §3.6 figure 13: the FINs cross (client FIN seq m ack n,
 * server FIN seq n ack m), then each side acks the other's FIN.
 */
void
sc_simultaneous_close(struct trace *tr)
{
	struct gconn c;
	uint32_t m, n;

	sc_start(&c, tr, 41031);
	gc_exchange(&c, 320, 640);
	gen_wait(tr, 5 * MS);
	m = c.nxt[C2S];
	n = c.nxt[S2C];
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gen_wait(tr, 1 * MS);		/* sent before ours reached it */
	gc_raw(&c, S2C, TH_FIN | TH_ACK, n, m, 0);
	c.nxt[S2C] = n + 1;
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gen_wait(tr, RTT - 1 * MS - 50 * US);	/* its ACK of our FIN */
	gc_send(&c, S2C, TH_ACK, 0);
}

/*
 * Captured on a client whose NIC does TCP segmentation offload: its two
 * big upload segments (two MSS each) go to the capture as the stack
 * wrote them, IPv4 Total Length 0 and the pseudo-header sum in the
 * checksum field, and every segment it sends carries that partial sum.
 * The server acks the upload whole.
 */
void
sc_tso_zero_length(struct trace *tr)
{
	struct gconn c;

	tr->offload = true;
	tr->tso = 1448;
	sc_start(&c, tr, 41032);
	gen_wait(tr, 100 * US);
	gc_send(&c, C2S, TH_ACK, 2896);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 2896);
	gc_send(&c, C2S, TH_PSH | TH_ACK, 300);
	gc_reply(&c, S2C);
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 2 * MS);
	gc_send(&c, S2C, TH_PSH | TH_ACK, 640);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
	gc_close4(&c, C2S);
}

/* normal-close over IPv6 from a client that offloads its checksums. */
void
sc_offload_partial(struct trace *tr)
{
	struct gconn c;

	tr->offload = true;
	sc_start(&c, tr, 41033);
	gc_exchange(&c, 320, 640);
	gc_close4(&c, C2S);
}
