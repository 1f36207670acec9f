/* SPDX-License-Identifier: MIT */
/*
 * views.c: every reporter and check over each connection, as the
 * command would run them, with the output thrown away.
 *
 * One connection goes through the text block (default, -v with ISO
 * times and --explain, relative times), the ladder (UTF-8, --ascii,
 * colour), the line format (with and without --explain), the JSON
 * object (with the "explain" member), --fail-on abnormal,any-anomaly,
 * two --assert expressions, --show abnormal, and the protection report;
 * the totals then go through the text, line and JSON summaries and the
 * protection report's text and JSON.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "sevenway/ci.h"
#include "sevenway/protect.h"
#include "sevenway/report.h"
#include "fuzz.h"

/* The view variants; each connection is drawn in all of them. */
enum { V_PLAIN, V_VERBOSE, V_RELATIVE, V_ASCII, V_COLOR, V__N };

struct fuzz_views {
	struct sw_view v[V__N];
	struct sw_failon failon;
	struct sw_assert assert[2];
	struct sw_protect *protect;
	struct sw_outbuf ob;	/* the text and line views write into it */
	bool have_base;
};

static const char *const input_names[] = { "a.pcap", "b.pcap" };

struct fuzz_views *
fuzz_views_new(void)
{
	struct fuzz_views *fv = calloc(1, sizeof(*fv));
	struct sw_protect_config pcfg;
	struct sw_err err;

	fuzz_check(fv != NULL);
	for (int i = 0; i < V__N; i++) {
		fv->v[i].input_name = input_names;
		fv->v[i].ninputs = 1;
	}
	fv->v[V_VERBOSE].time_fmt = SW_TIME_ISO;
	fv->v[V_VERBOSE].absolute_seq = true;
	fv->v[V_VERBOSE].explain = true;
	fv->v[V_VERBOSE].ninputs = 2;	/* input names shown */
	fv->v[V_RELATIVE].time_fmt = SW_TIME_RELATIVE;
	fv->v[V_ASCII].ascii = true;
	fv->v[V_ASCII].explain = true;
	fv->v[V_COLOR].color = true;
	fv->v[V_COLOR].explain = true;
	sw_failon_init(&fv->failon);
	fuzz_check(sw_failon_parse(&fv->failon, "abnormal,any-anomaly",
	    &err) == SW_OK);
	fuzz_check(sw_assert_init(&fv->assert[0], "none(close=reset)",
	    &err) == SW_OK);
	fuzz_check(sw_assert_init(&fv->assert[1],
	    "count(client=10.*:* & state.server!=CLOSED) >= 1", &err) == SW_OK);
	sw_protect_config_init(&pcfg);
	/* Low thresholds, so that the findings are written too. */
	pcfg.syn_flood = 2;
	pcfg.syn_flood_sources = 1;
	pcfg.close_wait = 1;
	pcfg.idle_hold = 1;
	pcfg.reset_storm = 2;
	fv->protect = sw_protect_new(&pcfg, &err);
	fuzz_check(fv->protect != NULL);
	return fv;
}

void
fuzz_views_conn(void *ctx, const struct sw_conn *c)
{
	struct fuzz_views *fv = ctx;
	FILE *out = fuzz_devnull();
	struct sw_failon_match m;
	const char *reason[SW_FAILON_MAX_REASONS];
	struct sw_failed f = { reason, 0 };
	char why[SW_EXPLAIN_MAX];
	struct sw_err err;
	json_t *o;
	size_t n;

	if (!fv->have_base) {
		fv->v[V_RELATIVE].base = c->start;
		fv->have_base = true;
	}
	f.n = sw_failon_match(&fv->failon, c, &m);
	fuzz_check(f.n <= SW_FAILON_MAX_REASONS);
	for (size_t i = 0; i < f.n; i++) {
		reason[i] = m.reason[i].text;
		fuzz_check(memchr(reason[i], '\0', SW_FAILON_REASON_LEN));
	}
	for (int i = 0; i < 2; i++)
		sw_assert_feed(&fv->assert[i], c, input_names[0]);
	(void)sw_conn_is_abnormal(c);
	fuzz_check(sw_protect_add(fv->protect, c, &err) == SW_OK);

	for (int i = 0; i < V__N; i++) {
		sw_text_conn(&fv->ob, c, &f, &fv->v[i]);
		sw_line_conn(&fv->ob, c, &fv->v[i]);
		fuzz_check(sw_outbuf_flush(&fv->ob, out));
	}
	for (int i = V_PLAIN; i < V__N; i++) {
		if (i == V_VERBOSE || i == V_RELATIVE)
			continue;
		sw_text_header(&fv->ob, c, &fv->v[i]);
		fuzz_check(sw_outbuf_flush(&fv->ob, out));
		sw_ladder_conn(out, c, &fv->v[i]);
		sw_text_verdicts(&fv->ob, c, &f, &fv->v[i]);
		fuzz_check(sw_outbuf_flush(&fv->ob, out));
	}
	n = sw_explain(c, why, sizeof(why));
	fuzz_check(n < sizeof(why) && strlen(why) == n);
	fuzz_check(n == 0 || sw_conn_is_abnormal(c) || c->rst_ignored.frame);
	o = sw_json_conn(c, &f, input_names[0]);
	fuzz_check(o != NULL);
	if (n > 0)
		json_object_set_new(o, "explain", json_string(why));
	json_dumpf(o, out, SW_JSON_FLAGS);
	json_decref(o);
}

void
fuzz_views_finish(struct fuzz_views *fv, const struct sw_stats *s,
    const struct sw_capture_report *rep)
{
	FILE *out = fuzz_devnull();
	char line[SW_ASSERT_RESULT_LEN];
	json_t *o;

	sw_protect_finish(fv->protect);
	sw_text_summary(out, s, rep, false);
	sw_line_header(out, &fv->v[V_VERBOSE]);
	fuzz_check(sw_line_summary(out, s, rep, false));
	o = sw_json_summary(s, rep, false);
	fuzz_check(o != NULL);
	json_object_set_new(o, "protection", sw_protect_json(fv->protect));
	json_dumpf(o, out, SW_JSON_FLAGS);
	json_decref(o);
	for (int i = 0; i < V__N; i++)
		sw_protect_text(out, fv->protect, &fv->v[i]);
	for (int i = 0; i < 2; i++) {
		(void)sw_assert_passed(&fv->assert[i]);
		sw_assert_result(&fv->assert[i], line, sizeof(line));
		fuzz_check(strlen(line) < sizeof(line));
	}
}

void
fuzz_views_free(struct fuzz_views *fv)
{
	if (fv == NULL)
		return;
	sw_protect_free(fv->protect);
	sw_outbuf_fini(&fv->ob);
	free(fv);
}
