/* SPDX-License-Identifier: MIT */
/*
 * split.c: --split N -w PATTERN: the input captures partitioned in one
 * pass into N pcap files by the flow hash of --shard (flowhash.h), so
 * that worker I later reads part I only and finds in it exactly the
 * frames --shard I/N keeps of the whole set (what SplitCap and
 * PcapSplitter do, by sevenway's own hash).
 *
 * Every frame goes to exactly one part, in capture order: TCP segments
 * and the ICMP errors quoting them by the segment's endpoints, other IP
 * packets by their address pair, frames without IP to part 0; frames
 * the -f filter rejects are left out.  A part is a pcap of the link
 * type of its first frame (nanosecond times, snapshot length 262144);
 * a frame of another link type (a pcapng input with several) cannot go
 * in it and is counted, with a warning.  Each part is written under a
 * temporary name and renamed into place once complete (outfile.h), so
 * a failed run leaves no half part.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/flowhash.h"
#include "cli_int.h"

struct split {
	unsigned n;
	bool no_csum;
	struct sw_out *out;	/* n outputs */
	struct sw_pcapw *w;	/* n pcap streams on them */
	uint64_t frames, filtered;
};

static void
on_frame(void *ctx, int dlt, struct sw_time ts, const uint8_t *bytes,
    uint32_t caplen, uint32_t len, bool passed)
{
	struct split *sp = ctx;
	struct sw_pkt p;
	enum sw_decode_result r;

	sp->frames++;
	if (!passed) {
		sp->filtered++;
		return;
	}
	r = sw_decode(dlt, bytes, caplen, len,
	    sp->no_csum ? SW_DECODE_NO_CSUM : 0, &p);
	sw_pcapw_put(&sp->w[sw_flow_shard(r, &p, sp->n)], dlt, ts, bytes,
	    caplen, len);
}

/* PATTERN with its "%d" replaced by i (options.c checked the pattern). */
static char *
part_name(const char *pattern, unsigned i)
{
	const char *d = strstr(pattern, "%d");
	size_t len = strlen(pattern) + 16;
	char *s = malloc(len);

	if (s != NULL)
		snprintf(s, len, "%.*s%u%s", (int)(d - pattern), pattern, i,
		    d + 2);
	return s;
}

int
sw_cli_split(struct cli *k, volatile sig_atomic_t *stop)
{
	struct split sp;
	struct sw_capture_report rep;
	struct sw_capture_opts o = k->cap;
	struct sw_err err;
	enum sw_status st = SW_OK;
	char **names;
	uint64_t other = 0;
	unsigned opened = 0;

	memset(&sp, 0, sizeof(sp));
	memset(&rep, 0, sizeof(rep));
	sp.n = k->split_n;
	sp.no_csum = k->cfg.no_checksums;
	sp.out = calloc(sp.n, sizeof(*sp.out));
	sp.w = calloc(sp.n, sizeof(*sp.w));
	names = calloc(sp.n, sizeof(*names));
	if (sp.out == NULL || sp.w == NULL || names == NULL)
		st = sw_err_set(&err, SW_ERR_NOMEM, "--split: out of memory");
	for (unsigned i = 0; st == SW_OK && i < sp.n; i++) {
		if ((names[i] = part_name(k->wpath, i)) == NULL)
			st = sw_err_set(&err, SW_ERR_NOMEM, "--split: out of "
			    "memory");
		else if ((st = sw_out_open(&sp.out[i], names[i], "-w",
		    &err)) == SW_OK) {
			sp.w[i].f = sp.out[i].f;
			opened++;
		}
	}
	o.stop = stop;
	o.progress = NULL;
	o.ready = NULL;
	o.tap = NULL;
	if (st == SW_OK)
		st = sw_capture_replay(k->files, k->nfiles, &o, on_frame, &sp,
		    &rep, &err);
	/* Every part is finished before any is put in place: after an
	 * error none is, so no partial set is taken for a whole one. */
	for (unsigned i = 0; i < opened; i++) {
		struct sw_err e2;

		if (sw_pcapw_finish(&sp.w[i], names[i], &e2) != SW_OK &&
		    st == SW_OK) {
			st = SW_ERR_IO;
			err = e2;
		}
		other += sp.w[i].other_link;
	}
	for (unsigned i = 0; i < opened; i++) {
		struct sw_err e2;

		if (st != SW_OK)
			sw_out_abort(&sp.out[i]);
		else if (sw_out_commit(&sp.out[i], "-w", &e2) != SW_OK) {
			st = SW_ERR_IO;
			err = e2;
		}
	}
	for (unsigned i = 0; i < rep.warnings && i < 4 && !k->quiet; i++)
		fprintf(stderr, "sevenway: warning: %s\n", rep.warning[i]);
	if (st == SW_OK && other > 0 && !k->quiet)
		fprintf(stderr, "sevenway: warning: --split: %" PRIu64 " frames "
		    "of another link type than their part's first left out\n",
		    other);
	if (st == SW_OK && k->verbose > 0)
		for (unsigned i = 0; i < sp.n; i++)
			fprintf(stderr, "sevenway: --split: %" PRIu64 " frames "
			    "written to %s\n", sp.w[i].written, names[i]);
	if (st != SW_OK)
		fprintf(stderr, "sevenway: %s\n", err.msg);
	for (unsigned i = 0; names != NULL && i < sp.n; i++)
		free(names[i]);
	free(names);
	free(sp.out);
	free(sp.w);
	return st == SW_OK ? SW_EXIT_OK : SW_EXIT_USAGE;
}
