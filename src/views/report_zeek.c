/* SPDX-License-Identifier: MIT */
/*
 * report_zeek.c: -F zeek, the connections as Zeek's conn.log in its TSV
 * form, so that Zeek's tools (zeek-cut) and whatever reads conn.log read
 * sevenway's output too.
 *
 * The header lines, the column names and their types are Zeek's, in its
 * order.  What sevenway knows goes in the columns Zeek would fill; what
 * it does not track is unset ("-"), never made up:
 *
 *   ts, duration    the first packet, and last - first, with 6 decimals;
 *                   duration, orig_bytes and resp_bytes are unset for a
 *                   connection of one instant, as Zeek leaves them
 *   uid             'C' and 17 base-62 characters of the SHA-1 of the
 *                   Community ID and the first packet's time: the same
 *                   connection has the same uid in every run
 *   orig, resp      Zeek's originator and responder (sw_zeek_orig)
 *   orig_bytes ...  payload bytes as captured (retransmissions included;
 *                   Zeek counts sequence space)
 *   conn_state, history   Zeek's, as sevenway computes them
 *   orig_pkts ...   packets of each endpoint
 *   tunnel_parents  for a tunnelled connection, one uid per layer,
 *                   outermost first: 'C' and 17 base-62 characters of
 *                   the SHA-1 of the layer's type, identifier and outer
 *                   endpoints (Zeek gives the uid of each tunnel's own
 *                   connection; sevenway reports no such connection,
 *                   so the uid names the tunnel, the same for every
 *                   connection in it and in both directions);
 *                   "(empty)" when the stack was not kept
 *   service, local_orig, local_resp, missed_bytes, orig_ip_bytes,
 *   resp_ip_bytes   unset
 *
 * Everything comes from the connection record, so a record file gives the
 * same rows as the capture it was made from.  #open and #close are the
 * times of the capture's first and last packets in UTC (not the time of
 * the run), so that the output of a capture never changes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <nettle/sha1.h>

#include "community_id.h"
#include "sevenway/report.h"
#include "sevenway/tunnel.h"

static const char *const fields =
    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
    "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\t"
    "missed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\t"
    "resp_ip_bytes\ttunnel_parents";
static const char *const types =
    "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\t"
    "count\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\t"
    "set[string]";

/* Zeek's log time stamp, YYYY-MM-DD-HH-MM-SS, here in UTC. */
static void
put_stamp(FILE *out, const char *what, struct sw_time t)
{
	time_t s = (time_t)t.sec;
	struct tm tm;
	char buf[32];

	if (gmtime_r(&s, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d-%H-%M-%S", &tm) == 0)
		snprintf(buf, sizeof(buf), "1970-01-01-00-00-00");
	fprintf(out, "#%s\t%s\n", what, buf);
}

void
sw_zeek_header(FILE *out, struct sw_time open)
{
	fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"
	    "#unset_field\t-\n#path\tconn\n", out);
	put_stamp(out, "open", open);
	fprintf(out, "#fields\t%s\n#types\t%s\n", fields, types);
}

void
sw_zeek_close(FILE *out, struct sw_time close)
{
	put_stamp(out, "close", close);
}

/* Nanoseconds as seconds with 6 decimals, rounded as Zeek's %.6f does. */
static void
put_secs(FILE *out, int64_t ns)
{
	int64_t us = (ns >= 0 ? ns + 500 : ns - 500) / 1000;

	if (us < 0) {
		fputc('-', out);
		us = -us;
	}
	fprintf(out, "%" PRId64 ".%06" PRId64, us / 1000000, us % 1000000);
}

static int64_t
ns_of(struct sw_time t)
{
	return t.sec * 1000000000 + (int64_t)t.nsec;
}

/* 'C' and the SHA-1 digest d as a big number in base 62 (low digits). */
static void
uid_of(uint8_t d[SHA1_DIGEST_SIZE], char buf[SW_ZEEK_UID_LEN + 1])
{
	static const char b62[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	buf[0] = 'C';
	for (int k = 1; k <= SW_ZEEK_UID_LEN - 1; k++) {
		unsigned rem = 0;

		for (size_t i = 0; i < SHA1_DIGEST_SIZE; i++) {
			unsigned cur = rem * 256 + d[i];

			d[i] = (uint8_t)(cur / 62);
			rem = cur % 62;
		}
		buf[k] = b62[rem];
	}
	buf[SW_ZEEK_UID_LEN] = '\0';
}

void
sw_zeek_uid(const struct sw_conn *c, char buf[SW_ZEEK_UID_LEN + 1])
{
	uint8_t d[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	char t[48], cid[SW_COMMUNITY_ID_LEN + 1];
	const char *id = sw_conn_community_id(c, cid);

	snprintf(t, sizeof(t), "|%" PRId64 ".%09" PRIu32, c->start.sec,
	    c->start.nsec);
	sha1_init(&ctx);
	sha1_update(&ctx, strlen(id), (const uint8_t *)id);
	sha1_update(&ctx, strlen(t), (const uint8_t *)t);
	sha1_digest(&ctx, sizeof(d), d);
	uid_of(d, buf);
}

/*
 * The uid of a tunnel layer, standing for Zeek's uid of the tunnel's
 * own connection: the SHA-1 of its type, identifier and outer
 * endpoints, the lower endpoint first so that both directions agree.
 */
static void
layer_uid(const struct sw_tunnel_layer *l, char buf[SW_ZEEK_UID_LEN + 1])
{
	uint8_t d[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	char t[200], x[64], y[64];
	int c = sw_addr_cmp(&l->src, &l->dst);
	bool swap = c > 0 || (c == 0 && l->sport > l->dport);

	snprintf(t, sizeof(t), "tunnel|%s|%lu|%s|%u|%s|%u",
	    sw_tunnel_name((enum sw_tunnel_type)l->type),
	    l->has_id ? (unsigned long)l->id : 0ul,
	    sw_addr_str(swap ? &l->dst : &l->src, x, sizeof(x)),
	    swap ? l->dport : l->sport,
	    sw_addr_str(swap ? &l->src : &l->dst, y, sizeof(y)),
	    swap ? l->sport : l->dport);
	sha1_init(&ctx);
	sha1_update(&ctx, strlen(t), (const uint8_t *)t);
	sha1_digest(&ctx, sizeof(d), d);
	uid_of(d, buf);
}

/* tunnel_parents: a uid per layer, outermost first; "-" untunnelled. */
static void
put_parents(FILE *out, const struct sw_tunnel *t)
{
	char uid[SW_ZEEK_UID_LEN + 1];

	if (t == NULL) {
		fputc('-', out);
		return;
	}
	if (t->n == 0) {
		fputs("(empty)", out);
		return;
	}
	for (unsigned i = 0; i < t->n; i++) {
		layer_uid(&t->layer[i], uid);
		fprintf(out, "%s%s", i ? "," : "", uid);
	}
}

enum sw_role
sw_zeek_orig(const struct sw_conn *c)
{
	const char *h = c->history;
	const char *p = strpbrk(h, "Ss");
	enum sw_role sender = SW_CLIENT, orig;

	/*
	 * Upper case letters are the originator's at the time they were
	 * written, and each '^' after one turns the roles around.  The
	 * client sent the first SYN; the server the first SYN-ACK.
	 */
	if (p == NULL) {
		p = strpbrk(h, "Hh");
		sender = SW_SERVER;
	}
	if (p == NULL)
		return SW_CLIENT;
	orig = *p >= 'A' && *p <= 'Z' ? sender :
	    (sender == SW_CLIENT ? SW_SERVER : SW_CLIENT);
	for (p++; *p != '\0'; p++)
		if (*p == '^')
			orig = orig == SW_CLIENT ? SW_SERVER : SW_CLIENT;
	return orig;
}

void
sw_zeek_conn(FILE *out, const struct sw_conn *c)
{
	enum sw_role o = sw_zeek_orig(c);
	const struct sw_peer *op = &c->peer[o];
	const struct sw_peer *rp = &c->peer[o == SW_CLIENT ? SW_SERVER :
	    SW_CLIENT];
	int64_t dur = ns_of(c->end) - ns_of(c->start);
	char uid[SW_ZEEK_UID_LEN + 1], a[64], b[64];

	sw_zeek_uid(c, uid);
	put_secs(out, ns_of(c->start));
	fprintf(out, "\t%s\t%s\t%u\t%s\t%u\ttcp\t-\t", uid,
	    sw_addr_str(&op->addr, a, sizeof(a)), op->port,
	    sw_addr_str(&rp->addr, b, sizeof(b)), rp->port);
	if (dur > 0) {
		put_secs(out, dur);
		fprintf(out, "\t%" PRIu64 "\t%" PRIu64, op->bytes, rp->bytes);
	} else {
		fputs("-\t-\t-", out);
	}
	fprintf(out, "\t%s\t-\t-\t-\t%s\t%" PRIu64 "\t-\t%" PRIu64 "\t-\t",
	    sw_conn_zeek_state(c), c->hlen > 0 ? c->history : "-",
	    op->packets, rp->packets);
	put_parents(out, c->tunnel);
	fputc('\n', out);
}
