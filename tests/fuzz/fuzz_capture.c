/* SPDX-License-Identifier: MIT */
/*
 * fuzz_capture.c: a whole capture file (pcap or pcapng) through
 * capture, decode, analysis and every view.
 *
 * sw_capture_files() reads paths (the pcapng fallback opens a file a
 * second time), so the bytes are written to a memory file (memfd) and
 * read back as /proc/self/fd/N: nothing touches the disk.  The analyzer
 * has 64 slots, so that the --max-flows eviction is exercised too; an
 * input of odd length is analysed with -K, so that the fuzzer also
 * reaches what lies behind segments whose checksums it cannot fix.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "fuzz.h"

static int memfd = -1;
static char path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *files[1] = { path };
	struct sw_analyzer_config cfg;
	struct sw_capture_opts o;
	struct sw_capture_report rep;
	struct fuzz_views *fv;
	struct sw_sink sink;
	struct sw_analyzer *a;
	struct sw_err err;
	enum sw_status st;

	if (memfd < 0) {
		memfd = memfd_create("fuzz-capture", MFD_CLOEXEC);
		fuzz_check(memfd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	}
	fuzz_check(ftruncate(memfd, 0) == 0);
	fuzz_check(len == 0 || pwrite(memfd, data, len, 0) == (ssize_t)len);

	fv = fuzz_views_new();
	sink.conn_done = fuzz_views_conn;
	sink.ctx = fv;
	sw_analyzer_config_init(&cfg);
	cfg.max_flows = 64;
	cfg.no_checksums = len & 1;
	a = sw_analyzer_new(&cfg, &sink, &err);
	fuzz_check(a != NULL);
	memset(&err, 0, sizeof(err));
	memset(&o, 0, sizeof(o));
	memset(&rep, 0, sizeof(rep));
	st = sw_capture_files(a, files, 1, &o, &rep, &err);
	/* Every failure says why, on one line. */
	fuzz_check(st == SW_OK || (err.code == st && err.msg[0] != '\0' &&
	    strchr(err.msg, '\n') == NULL));
	fuzz_check(rep.warnings == 0 || rep.warning[0][0] != '\0');
	sw_analyzer_finish(a);
	fuzz_views_finish(fv, sw_analyzer_stats(a), &rep);
	sw_analyzer_free(a);
	fuzz_views_free(fv);
	return 0;
}
