/* SPDX-License-Identifier: MIT */
/*
 * fuzz_records.c: a record file (NDJSON or a -F json document) read
 * back with sw_record_read, every connection rebuilt going to every
 * view (views.c), then the merged totals to the summaries.
 */
#include <stdio.h>
#include <string.h>

#include "sevenway/capture.h"
#include "sevenway/record.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sw_record_reader rr;
	struct sw_capture_report rep;
	struct fuzz_views *fv;
	struct sw_sink sink;
	struct sw_err err;
	enum sw_status st;
	FILE *f;

	/* fmemopen takes no empty buffer: an empty file has no record. */
	if (len == 0)
		return 0;
	f = fmemopen((void *)(uintptr_t)data, len, "r");
	fuzz_check(f != NULL);
	fv = fuzz_views_new();
	sink.conn_done = fuzz_views_conn;
	sink.ctx = fv;
	sw_record_init(&rr, &sink);
	(void)sw_record_sniff(f);
	memset(&err, 0, sizeof(err));
	st = sw_record_read(&rr, f, "fuzz.ndjson", &err);
	fuzz_check(st == SW_OK || (err.code == st && err.msg[0] != '\0'));
	fuzz_check(rr.ninputs <= rr.cap);
	memset(&rep, 0, sizeof(rep));
	rep.warnings = rr.warnings;
	fuzz_views_finish(fv, &rr.stats, &rep);
	sw_record_fini(&rr);
	fuzz_views_free(fv);
	fclose(f);
	return 0;
}
