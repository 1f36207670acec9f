/* SPDX-License-Identifier: MIT */
/*
 * pcapmap.h: classic pcap files read in place from a memory mapping.
 *
 * libpcap copies every record from the page cache into a stdio buffer
 * and again into its own; reading the mapped file hands the analyzer the
 * bytes where they lie, and lets it look a few records ahead.  Only the
 * regular case is read so: a record libpcap would treat specially (cut
 * short, longer than the snapshot length, a sub-second field out of
 * range) ends the mapped reading, and libpcap takes the file over from
 * that record on, with its own messages.
 */
#ifndef SW_PCAPMAP_H
#define SW_PCAPMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sevenway/sevenway.h"

struct sw_pcapmap {
	const uint8_t *base;
	size_t size, off;
	size_t released;	/* pages before this were given back */
	uint32_t snaplen;
	bool swap, nano;
};

/* One record, in place. */
struct sw_pcaprec {
	struct sw_time ts;
	const uint8_t *bytes;
	uint32_t caplen, len;
};

/*
 * Map path if it is a regular classic pcap file (version 2.4, µs or ns)
 * with a snapshot length libpcap keeps as is; false otherwise (the
 * caller reads it with libpcap).
 */
bool sw_pcapmap_open(struct sw_pcapmap *m, const char *path);
void sw_pcapmap_close(struct sw_pcapmap *m);
/*
 * The next regular record: true and *r filled, or false at the end of
 * the file or at a record libpcap must read (sw_pcapmap_done says which).
 */
bool sw_pcapmap_next(struct sw_pcapmap *m, struct sw_pcaprec *r);
/*
 * The records before the current one will not be read again: give their
 * pages back, so that the mapping does not hold the file read so far in
 * memory (done every few megabytes; the page cache keeps them).
 */
void sw_pcapmap_release(struct sw_pcapmap *m);
/* Whether the whole file was read. */
bool sw_pcapmap_done(const struct sw_pcapmap *m);

#endif /* SW_PCAPMAP_H */
