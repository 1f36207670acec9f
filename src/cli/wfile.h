/* SPDX-License-Identifier: MIT */
/*
 * wfile.h: -w FILE, the packets of the connections shown.
 */
#ifndef SW_WFILE_H
#define SW_WFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pcap/pcap.h>

#include "sevenway/capture.h"
#include "sevenway/conn.h"
#include "outfile.h"

struct mark;

/* A connection's endpoint pair in one order, whichever way it came. */
struct sw_wkey {
	struct sw_addr a, b;	/* a <= b */
	uint16_t pa, pb;
};

void sw_wkey_make(struct sw_wkey *k, const struct sw_addr *x, uint16_t px,
    const struct sw_addr *y, uint16_t py);
void sw_wkey_conn(struct sw_wkey *k, const struct sw_conn *c);
bool sw_wkey_eq(const struct sw_wkey *a, const struct sw_wkey *b);
uint64_t sw_wkey_hash(const struct sw_wkey *k);

/*
 * The pcap stream written to f (owned by the caller).  The first frame
 * put sets its link type; frames of another are counted in other_link
 * and left out.  The first write error stops it (werrno).
 */
struct sw_pcapw {
	FILE *f;
	pcap_t *dead;
	pcap_dumper_t *dump;
	int dlt;
	int werrno;		/* errno of the first failed write; 0 none */
	bool failed;		/* out of memory: no stream */
	uint64_t written;	/* frames written */
	uint64_t other_link;	/* not written: another link type */
};

void sw_pcapw_put(struct sw_pcapw *p, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t len);
/* Flush (an empty capture when nothing was put); path names f in err. */
enum sw_status sw_pcapw_finish(struct sw_pcapw *p, const char *path,
    struct sw_err *err);

/* The connections shown, as marks (see wfile.c). */
struct sw_wfile {
	struct mark *marks;	/* owned */
	size_t n, cap;
	size_t *slot;		/* look-up table; SIZE_MAX = empty */
	size_t mask;
	uint64_t written;	/* frames written */
	uint64_t other_link;	/* not written: another link type */
};

void sw_wfile_init(struct sw_wfile *w);
void sw_wfile_fini(struct sw_wfile *w);

/* Remember connection c as shown; false when out of memory. */
bool sw_wfile_mark(struct sw_wfile *w, const struct sw_conn *c);

/*
 * Read files[0..n) again with the options of the run (o) and write to
 * out, as pcap, every TCP frame of a marked connection, in capture
 * order.  The link type is that of the first frame written; frames of
 * another link type are counted in w->other_link and left out.  out
 * stays open (the caller closes it).
 */
enum sw_status sw_wfile_write(struct sw_wfile *w, const char *const *files,
    int n, const struct sw_capture_opts *o, FILE *out, const char *path,
    struct sw_err *err);

#endif /* SW_WFILE_H */
