/* SPDX-License-Identifier: MIT */
/*
 * report_line.c: -F line, one line per connection for grep, sort and awk.
 *
 * Columns, separated by blanks, in fixed widths that a longer value
 * (an IPv6 address, an ISO time) may push to the right:
 *
 *   ID START CLIENT -> SERVER HANDSHAKE CLOSE STATES DURATION PACKETS
 *   BYTES ANOMALIES COMMUNITY_ID [EXPLAIN]
 *
 * CLOSE is the close value, with ":client" or ":server" when the value
 * does not already say who ended it (reset:client, half-closed:client);
 * STATES is CLIENT/SERVER; PACKETS and BYTES are client/server;
 * ANOMALIES is "-" or the count and the first kind ("2:fin-bad-ack");
 * COMMUNITY_ID is the Community ID v1, last of the fixed columns so
 * that the earlier ones kept their numbers when it came.  Every value
 * but EXPLAIN is one word, so awk's $1..$13 are stable; EXPLAIN, with
 * --explain, is the rest of the line ("-" for a normal connection).
 * Lines that are not connections start with "#".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/report.h"
#include "view.h"

/* Width of START for each time format. */
static int
start_width(const struct sw_view *v)
{
	switch (v != NULL ? v->time_fmt : SW_TIME_EPOCH) {
	case SW_TIME_ISO:
		return 27;
	case SW_TIME_RELATIVE:
		return 12;
	case SW_TIME_EPOCH:
	default:
		return 17;
	}
}

void
sw_line_header(FILE *out, const struct sw_view *v)
{
	bool explain = v != NULL && v->explain;

	fprintf(out, "%-4s %-*s %-21s    %-21s %-10s %-18s %-23s %10s %-11s "
	    "%-15s %-18s %-*s%s\n", "ID", start_width(v), "START", "CLIENT",
	    "SERVER", "HANDSHAKE", "CLOSE", "STATES", "DURATION", "PACKETS",
	    "BYTES", "ANOMALIES", explain ? SW_COMMUNITY_ID_LEN : 0,
	    "COMMUNITY_ID", explain ? " EXPLAIN" : "");
}

/* Whether one of steps [from, to) is known only by inference. */
static bool
inferred(const struct sw_conn *c, int from, int to)
{
	for (int i = from; i < to; i++)
		if (c->step[i].seen && c->step[i].inferred)
			return true;
	return false;
}

/*
 * The close value and, when it does not say it, who ended it; a '*'
 * when it rests on steps the capture lacks (inferred).
 */
static void
close_word(const struct sw_conn *c, char *buf, size_t len)
{
	bool by = c->closed_by != SW_NOBODY && (c->close == SW_CLOSE_RESET ||
	    c->close == SW_CLOSE_HALF_CLOSED);

	snprintf(buf, len, "%s%s%s%s", sw_close_name(c->close), by ? ":" : "",
	    by ? sw_role_name(c->closed_by) : "",
	    inferred(c, SW_STEP_FIN1, SW_STEP__N) ? "*" : "");
}

void
sw_line_conn(FILE *out, const struct sw_conn *c, const struct sw_view *v)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	char ts[40], a[80], b[80], close[32], states[32], pk[48], by[48];
	char an[48] = "-", id[24], why[SW_EXPLAIN_MAX], hs[24];
	uint64_t n = 0;
	double d = sw_time_diff(c->end, c->start);
	bool ns = c->end.nsec % 1000 != 0 || c->start.nsec % 1000 != 0;

	for (int k = 0; k < SW_AN__N; k++)
		n += c->anomaly_count[k];
	if (n > 0)
		snprintf(an, sizeof(an), "%" PRIu64 ":%s", n,
		    c->nanomaly > 0 ? sw_anomaly_name(c->anomaly[0].kind) : "?");
	snprintf(id, sizeof(id), "%" PRIu64, c->id);
	close_word(c, close, sizeof(close));
	snprintf(hs, sizeof(hs), "%s%s", sw_handshake_name(c->handshake),
	    inferred(c, SW_STEP_SYN, SW_STEP_FIN1) ? "*" : "");
	snprintf(states, sizeof(states), "%s/%s", sw_state_name(cl->state),
	    sw_state_name(sv->state));
	snprintf(pk, sizeof(pk), "%" PRIu64 "/%" PRIu64, cl->packets,
	    sv->packets);
	snprintf(by, sizeof(by), "%" PRIu64 "/%" PRIu64, cl->bytes, sv->bytes);
	fprintf(out, "%-4s %-*s %-21s -> %-21s %-10s %-18s %-23s %10.*f %-11s "
	    "%-15s ", id, start_width(v), sw_view_time(v, c->start, ts,
	    sizeof(ts)), sw_view_endpoint(cl, a, sizeof(a)),
	    sw_view_endpoint(sv, b, sizeof(b)), hs,
	    close, states, ns ? 9 : 6, d, pk, by);
	fprintf(out, "%-18s %s", an, c->community_id);
	if (v == NULL || !v->explain) {
		fputc('\n', out);
		return;
	}
	fprintf(out, " %s\n", sw_explain(c, why, sizeof(why)) > 0 ? why :
	    "-");
}

bool
sw_line_summary(FILE *out, const struct sw_stats *s,
    const struct sw_capture_report *rep, bool live)
{
	char *text = NULL, *line, *nl;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		return false;
	sw_text_summary(mem, s, rep, live);
	if (fclose(mem) != 0) {
		free(text);
		return false;
	}
	for (line = text; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL) {
			fprintf(out, "# %s\n", line);
			break;
		}
		fprintf(out, "# %.*s\n", (int)(nl - line), line);
	}
	free(text);
	return true;
}
