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
 * that the earlier ones kept their numbers when it came.  A tunnelled
 * connection has one more word after it, "via=" and the tunnel's short
 * form with '@' for blanks ("via=vxlan:42@10.0.0.1>10.0.0.2", layers
 * joined by '/').  Every value but EXPLAIN is one word, so awk's
 * $1..$13 are stable; EXPLAIN, with --explain, is the rest of the line
 * ("-" for a normal connection).
 * Lines that are not connections start with "#".  A connection's line
 * is formatted into the caller's output buffer without stdio.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "community_id.h"
#include "sevenway/report.h"
#include "sevenway/tunnel.h"
#include "outbuf.h"
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
close_word(struct sw_outbuf *b, const struct sw_conn *c)
{
	bool by = c->closed_by != SW_NOBODY && (c->close == SW_CLOSE_RESET ||
	    c->close == SW_CLOSE_HALF_CLOSED);

	ob_puts(b, sw_close_name(c->close));
	if (by) {
		ob_putc(b, ':');
		ob_puts(b, sw_role_name(c->closed_by));
	}
	if (inferred(c, SW_STEP_FIN1, SW_STEP__N))
		ob_putc(b, '*');
}

/* Pad what was appended since at to w columns, left-justified. */
static void
fill(struct sw_outbuf *b, size_t at, int w)
{
	ob_pad(b, w - (int)(b->len - at));
}

static void
pair(struct sw_outbuf *b, uint64_t client, uint64_t server, int w)
{
	size_t at = b->len;

	ob_u64(b, client);
	ob_putc(b, '/');
	ob_u64(b, server);
	fill(b, at, w);
}

/* The duration as "%10.6f" (or "%10.9f" for nanosecond times). */
static void
duration(struct sw_outbuf *b, const struct sw_conn *c)
{
	bool ns = c->end.nsec % 1000 != 0 || c->start.nsec % 1000 != 0;
	int64_t d = (c->end.sec - c->start.sec) * 1000000000 +
	    ((int64_t)c->end.nsec - (int64_t)c->start.nsec);
	/* At most "999999.999999999" below: the stack buffer never grows. */
	char tmp[32];
	struct sw_outbuf t = { tmp, 0, sizeof(tmp), false };

	/* Below 10^6 s the double printf rounds holds the exact digits. */
	if (d < 0 || d >= INT64_C(1000000000000000)) {
		ob_printf(b, "%10.*f", ns ? 9 : 6, sw_time_diff(c->end,
		    c->start));
		return;
	}
	sw_ob_span(&t, (uint64_t)d, !ns);
	ob_pad(b, 10 - (int)t.len);
	ob_put(b, tmp, t.len);
}

void
sw_line_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_view *v)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	char why[SW_EXPLAIN_MAX], cid[SW_COMMUNITY_ID_LEN + 1];
	uint64_t n = 0;
	size_t at = b->len;

	ob_u64(b, c->id);
	fill(b, at, 4);
	ob_putc(b, ' ');
	at = b->len;
	sw_ob_time(b, v, c->start);
	fill(b, at, start_width(v));
	ob_putc(b, ' ');
	at = b->len;
	sw_ob_endpoint(b, cl);
	fill(b, at, 21);
	OB_LIT(b, " -> ");
	at = b->len;
	sw_ob_endpoint(b, sv);
	fill(b, at, 21);
	ob_putc(b, ' ');
	at = b->len;
	ob_puts(b, sw_handshake_name(c->handshake));
	if (inferred(c, SW_STEP_SYN, SW_STEP_FIN1))
		ob_putc(b, '*');
	fill(b, at, 10);
	ob_putc(b, ' ');
	at = b->len;
	close_word(b, c);
	fill(b, at, 18);
	ob_putc(b, ' ');
	at = b->len;
	ob_puts(b, sw_state_name(cl->state));
	ob_putc(b, '/');
	ob_puts(b, sw_state_name(sv->state));
	fill(b, at, 23);
	ob_putc(b, ' ');
	duration(b, c);
	ob_putc(b, ' ');
	pair(b, cl->packets, sv->packets, 11);
	ob_putc(b, ' ');
	pair(b, cl->bytes, sv->bytes, 15);
	ob_putc(b, ' ');
	for (int k = 0; k < SW_AN__N; k++)
		n += c->anomaly_count[k];
	at = b->len;
	if (n > 0) {
		ob_u64(b, n);
		ob_putc(b, ':');
		ob_puts(b, c->nanomaly > 0 ?
		    sw_anomaly_name(c->x->anomaly[0].kind) : "?");
	} else {
		ob_putc(b, '-');
	}
	fill(b, at, 18);
	ob_putc(b, ' ');
	ob_puts(b, sw_conn_community_id(c, cid));
	if (c->tunnel != NULL) {
		char t[SW_TUNNEL_STR_MAX];

		OB_LIT(b, " via=");
		ob_puts(b, sw_tunnel_str(c->tunnel, true, t, sizeof(t)));
	}
	if (v == NULL || !v->explain) {
		ob_putc(b, '\n');
		return;
	}
	ob_putc(b, ' ');
	ob_puts(b, sw_explain(c, why, sizeof(why)) > 0 ? why : "-");
	ob_putc(b, '\n');
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
