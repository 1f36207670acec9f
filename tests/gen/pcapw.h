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
#define LINKTYPE_RAW		101
#define LINKTYPE_C_HDLC		104
#define LINKTYPE_LOOP		108
#define LINKTYPE_LINUX_SLL	113
#define LINKTYPE_LINUX_SLL2	276

enum pcapw_format {
	PCAPW_US,		/* classic pcap, magic 0xa1b2c3d4, µs */
	PCAPW_NS,		/* classic pcap, magic 0xa1b23c4d, ns */
	PCAPW_NG		/* pcapng: SHB, one IDB (if_tsresol=9), EPBs */
};

struct pcapw {
	FILE *f;		/* NULL: only count records (for --list) */
	enum pcapw_format fmt;
	uint64_t records;	/* packet records handed to pcapw_packet() */
	uint64_t cut_at;	/* 1-based record to cut in half; 0: none */
	bool err;		/* a write failed; reported by pcapw_close() */
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

/* Close the file.  Returns 0, or -1 if any write or the close failed. */
int pcapw_close(struct pcapw *w);

#endif /* SEVENWAY_GEN_PCAPW_H */
