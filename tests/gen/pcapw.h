/* SPDX-License-Identifier: MIT */
/*
 * pcapw.h: a byte-exact writer for classic pcap and minimal pcapng files.
 *
 * The generated traces are committed and a test regenerates them and
 * compares bytes, so every field is written explicitly in little-endian
 * order, whatever the host's byte order, and nothing depends on the
 * clock, the locale or libpcap's version.
 */
#ifndef SEVENWAY_GEN_PCAPW_H
#define SEVENWAY_GEN_PCAPW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* LINKTYPE_ values (tcpdump.org/linktypes.html) as stored in files. */
#define LINKTYPE_NULL		0
#define LINKTYPE_ETHERNET	1
#define LINKTYPE_FDDI		10
#define LINKTYPE_RAW		101
#define LINKTYPE_C_HDLC		104
#define LINKTYPE_LOOP		108
#define LINKTYPE_LINUX_SLL	113
#define LINKTYPE_LINUX_SLL2	276

enum pcapw_format {
	PCAPW_US,		/* classic pcap, magic 0xa1b2c3d4, µs */
	PCAPW_NS,		/* classic pcap, magic 0xa1b23c4d, ns */
	PCAPW_NG,		/* pcapng: SHB, one IDB (if_tsresol=9), EPBs */
	PCAPW_NG_BLOCKS		/* pcapng whose scenario writes the SHBs
				 * and IDBs (pcapw_section, _interface) */
};

/* pcapng packet block types. */
enum pcapw_block { PCAPW_EPB, PCAPW_SPB, PCAPW_PB };

/* A pcapng interface: how its timestamps are written. */
struct pcapw_if {
	uint8_t tsresol;	/* if_tsresol byte: 10^-v, or 2^-v with 0x80 */
	int64_t tsoffset;	/* if_tsoffset, seconds */
};

#define PCAPW_MAX_IF	4

struct pcapw {
	FILE *f;		/* NULL: only count records (for --list) */
	enum pcapw_format fmt;
	uint64_t records;	/* packet records handed to pcapw_packet() */
	uint64_t cut_at;	/* 1-based record to cut in half; 0: none */
	bool err;		/* a write failed; reported by pcapw_close() */
	/* pcapng */
	bool be;		/* the section is written big-endian */
	unsigned nif;		/* interfaces of the section */
	struct pcapw_if ifs[PCAPW_MAX_IF];
	uint32_t iface;		/* interface of the next packet */
	enum pcapw_block block;	/* block type of the next packet */
};

/*
 * Start a file at path (NULL: write nothing, only count) and write its
 * header(s) for linktype.  Returns 0, or -1 with errno set when the file
 * cannot be created.  cut_at may be set afterwards, before the first
 * packet.
 */
int pcapw_open(struct pcapw *w, const char *path, enum pcapw_format fmt,
    uint32_t linktype);

/*
 * Append one packet record: ts_ns is nanoseconds since the Unix epoch
 * (truncated to microseconds for PCAPW_US).  The record for w->cut_at
 * claims len bytes but only len/2 follow, and every later record is
 * dropped: that is a capture file cut short by a full disk or a kill.
 */
void pcapw_packet(struct pcapw *w, uint64_t ts_ns, const uint8_t *data,
    uint32_t len);

/*
 * PCAPW_NG_BLOCKS: start a section (big-endian when be), describe its
 * next interface (the if_tsresol option is left out for the default, 6;
 * if_tsoffset when not 0), write an Interface Statistics Block (which
 * readers of packets skip).
 */
void pcapw_section(struct pcapw *w, bool be);
void pcapw_interface(struct pcapw *w, uint32_t linktype, uint8_t tsresol,
    int64_t tsoffset);
void pcapw_isb(struct pcapw *w, uint32_t iface, uint64_t ts_ns);

/* Close the file.  Returns 0, or -1 if any write or the close failed. */
int pcapw_close(struct pcapw *w);

#endif /* SEVENWAY_GEN_PCAPW_H */
