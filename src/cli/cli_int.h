/* SPDX-License-Identifier: MIT */
/*
 * cli_int.h: what the command's files share: the parsed command line and
 * the run's output state, and the exit statuses.
 */
#ifndef SW_CLI_INT_H
#define SW_CLI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "sevenway/ci.h"
#include "sevenway/record.h"
#include "sevenway/protect.h"
#include "sevenway/report.h"

enum sw_exit { SW_EXIT_OK = 0, SW_EXIT_CHECK = 1, SW_EXIT_USAGE = 2 };
enum fmt { FMT_TEXT, FMT_JSON, FMT_NDJSON, FMT_LINE };
/* --color: on a terminal without NO_COLOR, always, or never. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define MAX_ASSERTS 64

struct cli {
	enum fmt fmt;
	enum { SHOW_ALL, SHOW_ABNORMAL, SHOW_PRED } show;	/* --show */
	struct sw_assert_expr show_pred;	/* --show PREDICATE */
	bool quiet;		/* -q: no warnings or notices */
	int verbose;		/* -v: details on stderr */
	const char *iface;
	struct sw_capture_opts cap;
	struct sw_analyzer_config cfg;
	bool idle_set;
	bool maxflows_set;
	struct sw_view view;	/* how text, line and ladder look */
	/* The run's source: the analyzer, or the records being read. */
	struct sw_analyzer *analyzer;
	struct sw_record_reader *records;
	unsigned junit_inputs;	/* record runs: inputs registered so far */
	bool have_base;		/* view.base is set (-t relative) */
	/* Progress on a terminal. */
	struct timespec t0;	/* when the run started */
	double progress_last;	/* seconds since t0 of the last line */
	bool progress_shown;
	bool ladder;		/* --ladder: diagrams instead of step lists */
	enum color_when color;
	FILE *out;
	uint64_t printed;
	bool write_error;
	struct sw_outbuf ob;	/* one connection's output, reused */
	bool json_jansson;	/* SEVENWAY_JSON=jansson: JSON through jansson
				 * (the tests' reference), not the writer */
	/* CI mode */
	struct sw_failon failon;
	bool have_failon;
	struct sw_assert asserts[MAX_ASSERTS];
	int nasserts;
	const char *junit_path;
	struct sw_junit *junit;
	bool junit_failed;
	uint64_t failed_conns;
	/* --summary */
	bool summary;
	bool protect_opts;	/* --idle-threshold or --threshold given */
	struct sw_protect_config pcfg;
	struct sw_protect *protect;
	bool protect_failed;	/* out of memory: the report is incomplete */
};


/*
 * Parse argv into k.  Returns -1 when the run should go on, else the exit
 * status to end with (after --help, --version or a usage error).
 */
int sw_cli_parse(struct cli *k, int argc, char **argv);

#endif /* SW_CLI_INT_H */
