/* SPDX-License-Identifier: MIT */
/*
 * report.h: turning connections and totals into text or JSON.
 *
 * Reporters hold no analysis logic: they print what struct sw_conn and
 * struct sw_stats say.  JSON objects are built with jansson only when a
 * connection is emitted; the caller owns (and json_decref()s) what the
 * sw_json_* functions return.
 */
#ifndef SEVENWAY_REPORT_H
#define SEVENWAY_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "sevenway/conn.h"

/* Why a connection failed a --fail-on check (NULL/0 when it did not). */
struct sw_failed {
	const char *const *reason;
	size_t n;
};

/*
 * The DESIGN.md §4 object for one connection (type "connection").
 * input is the name of the file it started in (NULL: no "input").
 */
json_t *sw_json_conn(const struct sw_conn *c, const struct sw_failed *f,
    const char *input);

/*
 * An output buffer that grows as needed and is reused from one
 * connection to the next: the views format a whole connection into it
 * and the CLI writes it with one call.  Zeroed it is empty and owns
 * nothing; sw_outbuf_fini frees it.  failed is set when an allocation
 * failed (what could not be appended is lost).
 */
struct sw_outbuf {
	char *p;		/* the bytes, not NUL-terminated */
	size_t len;		/* bytes in use */
	size_t cap;		/* bytes allocated */
	bool failed;		/* an append was dropped for lack of memory */
};

void sw_outbuf_fini(struct sw_outbuf *b);

/* Write out b's bytes with one fwrite and empty it; false on error. */
bool sw_outbuf_flush(struct sw_outbuf *b, FILE *out);

/*
 * Append to b exactly what json_dumps(o, SW_JSON_FLAGS) prints for
 * o = sw_json_conn(c, f, input) with, when explain is not NULL, an
 * "explain" member added last: the streaming writer of the hot path,
 * proved byte-identical to jansson by tests/trace/json-writer.sh.
 */
void sw_jw_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const char *input, const char *explain);

/* The summary object (type "summary"); rep may be NULL. */
json_t *sw_json_summary(const struct sw_stats *s,
    const struct sw_capture_report *rep, bool live);

/* jansson dump flags used for every document sevenway writes. */
#define SW_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | \
	JSON_REAL_PRECISION(16))

/* How timestamps are written (-t). */
enum sw_time_fmt {
	SW_TIME_EPOCH,		/* seconds since 1970, 6 or 9 decimals */
	SW_TIME_ISO,		/* UTC date and time, 2024-01-01T00:00:00.000000Z */
	SW_TIME_RELATIVE	/* seconds since the first packet of the run */
};

/*
 * What the command line asks of the views for people (text, line,
 * ladder).  Zeroed it means: epoch times, relative seq/ack, UTF-8, no
 * colour, no diagnosis, input names not shown.  JSON ignores it.
 */
struct sw_view {
	enum sw_time_fmt time_fmt;
	struct sw_time base;	/* first packet of the run (SW_TIME_RELATIVE) */
	bool absolute_seq;	/* -v: absolute seq/ack in the text steps */
	bool ascii;		/* --ascii: no UTF-8 drawing characters */
	bool color;		/* ANSI colours (--color, after auto is decided) */
	bool explain;		/* --explain */
	/* Input names, by conn->input; shown when ninputs > 1. */
	const char *const *input_name;
	unsigned ninputs;
};

/* to - from in seconds, 6 or 9 decimals as the times need; returns buf. */
char *sw_duration_str(struct sw_time from, struct sw_time to, char *buf,
    size_t len);

/* Write t as v->time_fmt says (v may be NULL: epoch); returns buf. */
char *sw_view_time(const struct sw_view *v, struct sw_time t, char *buf,
    size_t len);

/* One text block per connection (steps, verdicts, anomalies), appended
 * to b; v may be NULL for the defaults. */
void sw_text_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const struct sw_view *v);

/*
 * The two halves of the text block around its step list, so that the
 * ladder can take the steps' place: the "#ID CLIENT -> SERVER" line, and
 * everything from "handshake ..." to the empty line that ends the block.
 */
void sw_text_header(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_view *v);
void sw_text_verdicts(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const struct sw_view *v);

/*
 * --ladder: the connection as a sequence diagram, client lifeline left,
 * server right, one arrow per segment that made a step, the states of
 * both endpoints beside their lifelines, then notes on what never
 * happened.  Lines are at most SW_LADDER_WIDTH columns (colour escapes
 * excluded) unless an address is longer than the diagram allows.
 */
#define SW_LADDER_WIDTH 100
void sw_ladder_conn(FILE *out, const struct sw_conn *c,
    const struct sw_view *v);

/*
 * -F line: one line per connection in fixed-width columns, and the
 * column titles for a terminal.  With v->explain the diagnosis is the
 * last column.
 */
void sw_line_header(FILE *out, const struct sw_view *v);
void sw_line_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_view *v);

/* The text totals footer with every line prefixed "# "; false when it
 * could not be built (out of memory). */
bool sw_line_summary(FILE *out, const struct sw_stats *s,
    const struct sw_capture_report *rep, bool live);

/*
 * -F zeek: Zeek's conn.log in its TSV form (report_zeek.c says which
 * columns are filled and how).  The header and the #close line take the
 * capture's first and last packet times.
 */
#define SW_ZEEK_UID_LEN 18
void sw_zeek_header(FILE *out, struct sw_time open);
void sw_zeek_conn(FILE *out, const struct sw_conn *c);
void sw_zeek_close(FILE *out, struct sw_time close);
/* The connection's uid: 'C' and 17 base-62 characters, the same in every
 * run (from the Community ID and the first packet's time). */
void sw_zeek_uid(const struct sw_conn *c, char buf[SW_ZEEK_UID_LEN + 1]);
/* Zeek's originator, read from the history: its case and its '^'s. */
enum sw_role sw_zeek_orig(const struct sw_conn *c);

/*
 * --explain: one or two plain sentences on what went wrong with c, which
 * side is at fault and the evidence (frames, values).  Writes a
 * NUL-terminated string to buf (truncated to len) and returns its
 * length, or 0, with buf "", for a connection that is not abnormal
 * (sw_conn_is_abnormal) and had no RST ignored.  Durations are measured to the connection's
 * last packet: the record does not know where the capture ended.
 */
#define SW_EXPLAIN_MAX 512
size_t sw_explain(const struct sw_conn *c, char *buf, size_t len);

/* The totals footer. */
void sw_text_summary(FILE *out, const struct sw_stats *s,
    const struct sw_capture_report *rep, bool live);

/* TCP flags as letters in bit order, e.g. "SA", "FA"; returns buf. */
#define SW_TCP_FLAGS_LEN 9
char *sw_tcp_flags_str(uint8_t flags, char *buf);

/* Format t as seconds with 6 or 9 decimals (9 only when needed). */
char *sw_time_str(struct sw_time t, char *buf, size_t len);

#endif /* SEVENWAY_REPORT_H */
