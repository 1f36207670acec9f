/* SPDX-License-Identifier: MIT */
/*
 * scen_format.c: the reference connection in pcapng files that libpcap
 * refuses: several link types, timestamp resolutions, sections and byte
 * orders in one file, as dumpcap and mergecap write them.
 *
 * These builders write their own section and interface blocks
 * (PCAPW_NG_BLOCKS) before and between the packets.
 */
#include "scenarios.h"

#define TSRESOL_US	6		/* if_tsresol 10^-6 (the default) */
#define TSRESOL_NS	9		/* 10^-9 */
#define TSRESOL_2_20	(0x80 | 20)	/* 2^-20 s */

/*
 * dumpcap on two interfaces: the client's segments on an Ethernet
 * interface with microsecond timestamps, the server's on a Linux cooked
 * one with nanosecond timestamps, interleaved in one section; interface
 * statistics blocks before the first packet and at the end.
 */
void
sc_pcapng_multi(struct trace *tr)
{
	pcapw_section(&tr->w, false);
	pcapw_interface(&tr->w, LINKTYPE_ETHERNET, TSRESOL_US, 0);
	pcapw_interface(&tr->w, LINKTYPE_LINUX_SLL, TSRESOL_NS, 0);
	pcapw_isb(&tr->w, 1, (uint64_t)GEN_EPOCH * SEC);
	tr->per_dir = true;
	tr->dlink[C2S] = GL_ETH;
	tr->dlink[S2C] = GL_SLL;
	tr->diface[C2S] = 0;
	tr->diface[S2C] = 1;
	sc_normal_close(tr);
	pcapw_isb(&tr->w, 0, (uint64_t)GEN_EPOCH * SEC + tr->now);
	pcapw_isb(&tr->w, 1, (uint64_t)GEN_EPOCH * SEC + tr->now);
}

/*
 * Two sections: the handshake and the exchange little-endian on
 * Ethernet, the close big-endian as raw IP with 2^-20 s units counted
 * from an if_tsoffset of GEN_EPOCH, in an obsolete Packet Block, a
 * Simple Packet Block (no time: the reader repeats the previous one)
 * and Enhanced Packet Blocks.
 */
void
sc_pcapng_sections(struct trace *tr)
{
	struct gconn c;

	pcapw_section(&tr->w, false);
	pcapw_interface(&tr->w, LINKTYPE_ETHERNET, TSRESOL_US, 0);
	sc_start(&c, tr, 41034);
	gc_exchange(&c, 320, 640);

	pcapw_section(&tr->w, true);
	pcapw_interface(&tr->w, LINKTYPE_RAW, TSRESOL_2_20, GEN_EPOCH);
	tr->link = GL_RAW;
	gen_wait(tr, 5 * MS);
	tr->w.block = PCAPW_PB;
	gc_send(&c, C2S, TH_FIN | TH_ACK, 0);
	gc_reply(&c, S2C);
	tr->w.block = PCAPW_SPB;
	gc_send(&c, S2C, TH_ACK, 0);
	gen_wait(tr, 1 * MS);
	tr->w.block = PCAPW_EPB;
	gc_send(&c, S2C, TH_FIN | TH_ACK, 0);
	gc_reply(&c, C2S);
	gc_send(&c, C2S, TH_ACK, 0);
}
