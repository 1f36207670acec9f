/* SPDX-License-Identifier: MIT */
/*
 * pcapng.h: a small pcapng block reader for the files libpcap refuses.
 *
 * libpcap reads a pcapng file only when all its interfaces share one
 * link type and snapshot length and all its sections one byte order;
 * dumpcap capturing on several interfaces (Ethernet and Linux cooked,
 * say) writes files that break that rule.  capture.c reads those, and
 * pcapng on standard input, with this reader; everything else stays with
 * libpcap.
 *
 * The format is draft-ietf-opsawg-pcapng: Section Header Blocks (either
 * byte order, any number of sections), Interface Description Blocks
 * (link type, snaplen, if_tsresol, if_tsoffset), Enhanced, Simple and
 * obsolete Packet Blocks; any other block is skipped by its length.
 * Every length is checked before it is used, every field read through
 * the rd.h cursor: a damaged or hostile file ends the reading with a
 * message, never a read out of bounds.  The reader reads with stdio into
 * one buffer allocated by sw_ng_open, so nothing is allocated per block;
 * a packet longer than the buffer is cut to it, as a snap length would.
 */
#ifndef SEVENWAY_PCAPNG_H
#define SEVENWAY_PCAPNG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sevenway/sevenway.h"

#define SW_NG_MAX_BLOCK	(64u * 1024 * 1024)	/* longer: damaged */
#define SW_NG_BUFSIZE	(256u * 1024 + 4096)	/* one block body */
#define SW_NG_MAX_IF	256			/* interfaces per section */

/* One interface of the current section. */
struct sw_ng_if {
	uint16_t linktype;	/* LINKTYPE_ value, as in the file */
	uint32_t snaplen;	/* 0: no limit */
	bool pow2;		/* if_tsresol: units are 2^-exp s, else 10^-exp s */
	uint8_t exp;
	int64_t offset;		/* if_tsoffset, seconds added to every time */
};

struct sw_ng {
	FILE *f;
	uint8_t *buf;		/* SW_NG_BUFSIZE bytes */
	bool be;		/* the current section is big-endian */
	bool in_section;	/* a Section Header Block has been read */
	bool described;		/* an Interface Description Block too */
	unsigned nif;		/* interfaces of the current section */
	struct sw_ng_if ifs[SW_NG_MAX_IF];
	struct sw_time last;	/* the last packet's time (for SPBs) */
	uint64_t pos;		/* bytes consumed from f */
};

/* One packet, valid until the next call to sw_ng_next. */
struct sw_ng_pkt {
	unsigned ifidx;		/* interface in the current section */
	uint16_t linktype;
	struct sw_time ts;
	const uint8_t *data;	/* in the reader's buffer */
	uint32_t caplen, len;
};

enum sw_ng_rc {
	SW_NG_PACKET = 1,	/* *pkt is filled */
	SW_NG_EOF = 0,		/* the file ended between two blocks */
	SW_NG_TRUNC = -1,	/* the file ended inside a block */
	SW_NG_BAD = -2		/* a damaged block, a read error */
};

/*
 * Start reading f (positioned at a Section Header Block; not closed by
 * the reader).  Returns false when the buffer cannot be allocated.
 */
bool sw_ng_open(struct sw_ng *r, FILE *f);

/*
 * The next packet.  On SW_NG_TRUNC and SW_NG_BAD msg says what is wrong
 * (without the file name); the reader must not be used further.  A file
 * that does not start with a Section Header Block is SW_NG_BAD with
 * r->in_section false.
 */
enum sw_ng_rc sw_ng_next(struct sw_ng *r, struct sw_ng_pkt *pkt, char *msg,
    size_t msglen);

/* Free the buffer; f stays open.  A zeroed or closed reader is fine. */
void sw_ng_close(struct sw_ng *r);

#endif /* SEVENWAY_PCAPNG_H */
