/* SPDX-License-Identifier: MIT */
/*
 * record.h: sevenway's own JSON records (DESIGN.md §4, §8) read back as
 * input, so that every view that needs no packets (the reports, --show,
 * --fail-on, --assert, --junit, the protection report) works on the
 * records of an earlier run, or on the records of several shards merged.
 *
 * A record file is NDJSON as -F ndjson writes it (one "connection"
 * object per line, "summary" lines) or a -F json document.  Each
 * connection is rebuilt into a struct sw_conn that reports exactly what
 * the original run reported; the packet-level totals come from the
 * summary records (summed over files), the connection-level totals are
 * counted again from the connections read.
 */
#ifndef SEVENWAY_RECORD_H
#define SEVENWAY_RECORD_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "sevenway/analyzer.h"
#include "sevenway/conn.h"
#include "sevenway/sevenway.h"
#include "sevenway/tunnel.h"

/*
 * Whether stream f holds records rather than a capture: its first byte
 * that is not white space is '{' (no capture format starts so).  The
 * byte is pushed back, so the stream can still be read from the start.
 * A first byte 0x0a (a newline, and the first byte of every pcapng
 * file) is a capture: only one byte can be pushed back onto standard
 * input, and pcapng's first four bytes are all white space.
 */
bool sw_record_sniff(FILE *f);

/* A run over record files: the sink, the merged totals, the names. */
struct sw_record_reader {
	struct sw_sink sink;	/* gets every connection read */
	struct sw_stats stats;	/* merged (see the header comment) */
	unsigned warnings;	/* summed "warnings" of the summaries */
	/* Names of the captures the records came from, by conn->input in
	 * the order first seen.  Owned by the reader. */
	char **input;
	unsigned ninputs;
	unsigned cap;
	/* Runs the records came from: summaries read. */
	unsigned summaries;
	/* The tunnel stacks of the connections read (tunnel.h), made at
	 * the first one; freed by sw_record_fini. */
	struct sw_tunnel_set *tunnels;
	/* The reduce (sw_record_reduce): ids given anew, 1, 2, ... */
	bool renumber;
	uint64_t last_id;
};

void sw_record_init(struct sw_record_reader *r, const struct sw_sink *sink);
void sw_record_fini(struct sw_record_reader *r);

/*
 * Read every record of stream f (named `name` in messages) and hand
 * each connection to the sink.  Returns SW_ERR_INPUT with "NAME: line
 * N: WHY" when a line is not a sevenway record (what came before it has
 * been delivered), SW_ERR_IO on a read error, SW_ERR_NOMEM.
 */
enum sw_status sw_record_read(struct sw_record_reader *r, FILE *f,
    const char *name, struct sw_err *err);

/*
 * The first packet time of the run that wrote record file path, from
 * its last summary record, without reading the whole file; false when
 * there is none (or path is not a regular file).
 */
bool sw_record_first_ts(const char *path, struct sw_time *t);

/*
 * Whether record file path was written by a --shard run: its last
 * summary record has a "shard" member, whose index and count are then
 * in *index and *count.  False for standard input and other records.
 */
bool sw_record_shard(const char *path, unsigned *index, unsigned *count);

/*
 * The reduce: read the NDJSON records of shard runs, files[0..n) (all
 * regular files), as the one run over every shard.  Their summaries
 * are merged first; then every connection goes to the sink in the order
 * of its first frame, with the ids 1, 2, ... in that order, which are
 * the ids of the run over every shard.  Memory: 32 bytes a connection.
 * The shard numbers must agree (same N, no shard twice); a shard
 * missing is *missing (the count of them) and not an error here.
 * When *stop is set (SIGINT), the reduce stops: in the second pass, the
 * connections handed over so far stay.  Errors as for sw_record_read.
 */
enum sw_status sw_record_reduce(struct sw_record_reader *r,
    const char *const *files, int n, unsigned *missing,
    volatile sig_atomic_t *stop, struct sw_err *err);

/*
 * Rebuild connection c from its JSON object o, as input number `input`,
 * with x as the storage of its extra part (c->x).  Its "tunnel" is
 * interned in *tunnels, made when NULL (no memory: the stack is not
 * kept).  Fills err (without a file or line) when o is not a connection
 * record.
 */
enum sw_status sw_record_conn(const json_t *o, unsigned input,
    struct sw_tunnel_set **tunnels, struct sw_conn *c,
    struct sw_conn_extra *x, struct sw_err *err);

#endif /* SEVENWAY_RECORD_H */
