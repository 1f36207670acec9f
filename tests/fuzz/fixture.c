/* SPDX-License-Identifier: MIT */
/*
 * fixture.c: the fixed connections the expression targets evaluate
 * over: a few crafted and real traces (IPv4 and IPv6, every close
 * kind, anomalies) analysed once, on first use, and kept as copies.
 *
 * The traces are found under FUZZ_PCAPS, the source tree's pcaps/
 * (compiled in), or under $FUZZ_PCAPS when that is set.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "fuzz.h"

#ifndef FUZZ_PCAPS
#define FUZZ_PCAPS "pcaps"
#endif

static const char *const traces[] = {
	"crafted/normal-close.pcap", "crafted/refused.pcap",
	"crafted/rst-mid.pcap", "crafted/half-open.pcap",
	"crafted/link-raw6.pcap", "crafted/fin-bad-ack.pcap",
	"crafted/midstream.pcap", "crafted/simultaneous-open.pcap",
	"crafted/close-wait.pcap", "crafted/unanswered.pcap",
	"crafted/data-after-fin.pcap", "real/abort-server.pcap",
};
#define NTRACES (sizeof(traces) / sizeof(traces[0]))
#define MAX_CONNS 256

static struct sw_conn conns[MAX_CONNS];
static struct sw_conn_extra extras[MAX_CONNS];
static size_t nconns;
static bool loaded;

static void
keep(void *ctx, const struct sw_conn *c)
{
	(void)ctx;
	if (nconns < MAX_CONNS) {
		sw_conn_copy(&conns[nconns], &extras[nconns], c);
		nconns++;
	}
}

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

FILE *
fuzz_devnull(void)
{
	static FILE *null;

	if (null == NULL)
		null = fopen("/dev/null", "w");
	fuzz_check(null != NULL);
	return null;
}

const char *
fuzz_input_name(unsigned input)
{
	return input < NTRACES ? traces[input] : NULL;
}

const struct sw_conn *
fuzz_conns(size_t *n)
{
	const char *dir = getenv("FUZZ_PCAPS");
	char path[NTRACES][1024];
	const char *files[NTRACES];
	struct sw_sink sink = { keep, NULL };
	struct sw_capture_opts o;
	struct sw_capture_report rep;
	struct sw_analyzer *a;
	struct sw_err err;
	struct sw_analyzer_config cfg;

	if (!loaded) {
		if (dir == NULL)
			dir = FUZZ_PCAPS;
		for (size_t i = 0; i < NTRACES; i++) {
			snprintf(path[i], sizeof(path[i]), "%s/%s", dir,
			    traces[i]);
			files[i] = path[i];
		}
		memset(&o, 0, sizeof(o));
		memset(&rep, 0, sizeof(rep));
		/* A small table: the default reserves gigabytes, past
		 * libFuzzer's malloc limit. */
		sw_analyzer_config_init(&cfg);
		cfg.max_flows = 1024;
		a = sw_analyzer_new(&cfg, &sink, &err);
		fuzz_check(a != NULL);
		if (sw_capture_files(a, files, (int)NTRACES, &o, &rep, &err) !=
		    SW_OK) {
			fprintf(stderr, "fuzz: %s (set FUZZ_PCAPS to the "
			    "pcaps/ directory)\n", err.msg);
			abort();
		}
		sw_analyzer_finish(a);
		sw_analyzer_free(a);
		fuzz_check(nconns > 10);
		loaded = true;
	}
	*n = nconns;
	return conns;
}
