/* SPDX-License-Identifier: MIT */
/*
 * wbuf.h: -w FILE for an input read once (standard input, live
 * capture): the packets kept in memory, up to a cap, until their
 * connection ends (see wbuf.c).
 */
#ifndef SW_WBUF_H
#define SW_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sevenway/conn.h"
#include "wfile.h"

/* The memory the frames waiting for their connection may take. */
#define SW_WBUF_CAP ((size_t)64 << 20)
#define SW_WBUF_BUCKETS 65536u

struct wpkt;

struct sw_wbuf {
	struct wpkt *head, *tail;	/* the frames kept, capture order */
	struct wpkt **bucket;	/* undecided frames by endpoint pair */
	size_t used, cap;	/* bytes kept, and at most */
	uint64_t frame;		/* frames seen, numbered as the analyzer does */
	uint64_t dropped;	/* frames of open connections dropped: full */
	uint64_t nomem;		/* frames lost: out of memory */
	struct sw_pcapw out;
};

/* What a frame of caplen bytes takes of the cap. */
size_t sw_wbuf_cost(uint32_t caplen);
/* Start writing to f (owned by the caller); false when out of memory. */
bool sw_wbuf_init(struct sw_wbuf *b, FILE *f, size_t cap);
/* Every frame read, as sw_capture_opts.tap (ctx is the sw_wbuf). */
void sw_wbuf_frame(void *ctx, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t len, bool passed);
/* Connection c ended: its frames are written (shown) or dropped. */
void sw_wbuf_conn(struct sw_wbuf *b, const struct sw_conn *c, bool shown);
/* After the last connection: write what is left and flush. */
enum sw_status sw_wbuf_finish(struct sw_wbuf *b, const char *path,
    struct sw_err *err);
void sw_wbuf_fini(struct sw_wbuf *b);

#endif /* SW_WBUF_H */
