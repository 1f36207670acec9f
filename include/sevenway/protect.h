/* SPDX-License-Identifier: MIT */
/*
 * protect.h: the per-server protection report of --summary (DESIGN.md
 * §5): which server is being hurt, how, since when and by whom.
 *
 * The report is computed from finished connection records alone, so it
 * is the same whatever order the records arrive in (the order
 * connections end, or records merged from several shards).  Records are
 * fed one by one with sw_protect_add(); only the few facts the report
 * needs are kept, and only for the connections that matter to it
 * (half-open, unanswered, CLOSE_WAIT, FIN_WAIT_2, idle, server resets).
 * sw_protect_finish() then runs the sweeps over capture time; after it
 * the report can be written as JSON or text, as often as wanted.
 *
 * The rules themselves are written in the manual (PROTECTION REPORT).
 */
#ifndef SEVENWAY_PROTECT_H
#define SEVENWAY_PROTECT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "sevenway/conn.h"
#include "sevenway/report.h"
#include "sevenway/sevenway.h"

/* The thresholds; every one has a --threshold NAME (in the comment). */
struct sw_protect_config {
	double idle_threshold;	/* --idle-threshold: quiet this long = idle */
	uint64_t syn_flood;	/* syn-flood: half-open+unanswered at once */
	uint64_t syn_flood_sources;	/* syn-flood-sources: distinct clients */
	uint64_t close_wait;	/* close-wait: CLOSE_WAIT at once */
	double close_wait_age;	/* close-wait-age: or one this long (s) */
	uint64_t idle_hold;	/* idle-hold: idle at once by one client */
	uint64_t reset_storm;	/* reset-storm: server resets + refusals */
	double reset_window;	/* reset-window: ... within this many s */
};

/* Defaults: 30 s, 100 from 10 sources, 10 or 120 s, 10, 20 in 10 s. */
void sw_protect_config_init(struct sw_protect_config *cfg);

/*
 * Apply one --threshold NAME=VALUE, e.g. "syn-flood=50" or
 * "close-wait-age=60".  Counts are whole numbers from 1, durations
 * positive seconds.  On error cfg is unchanged and SW_ERR_USAGE is
 * returned with a one-line message that lists the valid names.
 */
enum sw_status sw_protect_threshold(struct sw_protect_config *cfg,
    const char *spec, struct sw_err *err);

/* An empty report with a copy of cfg; NULL (SW_ERR_NOMEM) on failure. */
struct sw_protect *sw_protect_new(const struct sw_protect_config *cfg,
    struct sw_err *err);

/*
 * Account for one finished connection; c is not kept.  Only before
 * sw_protect_finish().  Fails with SW_ERR_NOMEM (the report is then
 * incomplete but still valid to free).
 */
enum sw_status sw_protect_add(struct sw_protect *p, const struct sw_conn *c,
    struct sw_err *err);

/*
 * Run the sweeps and rank the servers; call once, after the last
 * sw_protect_add().  It cannot fail: its scratch space is reserved by
 * sw_protect_add() as records come.
 */
void sw_protect_finish(struct sw_protect *p);

/* The "protection" object of the summary (after sw_protect_finish());
 * the caller owns it. */
json_t *sw_protect_json(const struct sw_protect *p);

/* The text report, written after the totals (after
 * sw_protect_finish()); v may be NULL. */
void sw_protect_text(FILE *out, const struct sw_protect *p,
    const struct sw_view *v);

/* Free everything; NULL is a no-op. */
void sw_protect_free(struct sw_protect *p);

#endif /* SEVENWAY_PROTECT_H */
