/* SPDX-License-Identifier: MIT */
/*
 * cli_int.h: what the command's files share: the parsed command line and
 * the run's output state, and the exit statuses.
 */
#ifndef SW_CLI_INT_H
#define SW_CLI_INT_H

#include <signal.h>
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
#include "privs.h"
#include "wbuf.h"
#include "wfile.h"

enum sw_exit {
	SW_EXIT_OK = 0, SW_EXIT_CHECK = 1, SW_EXIT_USAGE = 2,
	SW_EXIT_TERM = 128 + SIGTERM	/* stopped by SIGTERM */
};
enum fmt { FMT_TEXT, FMT_JSON, FMT_NDJSON, FMT_LINE, FMT_ZEEK };
/* --color: on a terminal without NO_COLOR, always, or never. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define MAX_ASSERTS 64
/* --shard and --split: at most this many shards (one file each). */
#define SW_MAX_SHARDS 4096u

struct cli {
	enum fmt fmt;
	enum { SHOW_ALL, SHOW_ABNORMAL, SHOW_PRED } show;	/* --show */
	struct sw_assert_expr show_pred;	/* --show PREDICATE */
	bool quiet;		/* -q: no warnings or notices */
	int verbose;		/* -v: details on stderr */
	const char *iface;
	const char *drop_user;	/* -Z USER */
	struct sw_privs privs;	/* its ids, looked up before the capture */
	/* The inputs: -r FILEs, or the operands when there is no -r. */
	const char **files;
	int nfiles;
	bool have_r;		/* -r given: operands are the EXPRESSION */
	char *expr;		/* the trailing EXPRESSION joined; owned */
	bool line_buffered;	/* -l: flush each connection as it ends */
	const char *wpath;	/* -w FILE */
	struct sw_out wout;	/* its output, open during the run */
	struct sw_wfile wfile;	/* the connections shown, for -w */
	/* -w of an input read once (stdin, live): the packets are kept
	 * until their connection ends, instead of a second reading. */
	bool wstream;
	struct sw_wbuf wbuf;
	bool wfile_failed;	/* out of memory: -w cannot be written */
	struct sw_capture_opts cap;
	struct sw_analyzer_config cfg;
	bool idle_set;
	bool shard_set;		/* --shard I/N (in cfg) */
	unsigned split_n;	/* --split N; 0 without */
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
	/* -F zeek: the header is written, and the latest packet time of the
	 * connections written (for #close when the source has no total). */
	bool zeek_header;
	bool have_zeek_last;
	struct sw_time zeek_last;
	bool write_error;
	/* The standard output's first write error (errno), 0 while none: it
	 * stops the input, and the run ends with exit 2. */
	int out_errno;
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
	/* Connections that reached the checks (SIGUSR1 reads it). */
	volatile uint64_t analysed;
	/* --summary */
	bool summary;
	bool protect_opts;	/* --idle-threshold or --threshold given */
	struct sw_protect_config pcfg;
	struct sw_protect *protect;
	bool protect_failed;	/* out of memory: the report is incomplete */
	/* --fanout: connections seen one way only although the other way
	 * acknowledges them (the kernel's hash split them, or the traffic
	 * is asymmetric). */
	uint64_t one_sided;
};


/*
 * Parse argv into k.  Returns -1 when the run should go on, else the exit
 * status to end with (after --help, --version or a usage error).
 */
int sw_cli_parse(struct cli *k, int argc, char **argv);

/* --split N -w PATTERN: partition the input files; the exit status. */
int sw_cli_split(struct cli *k, volatile sig_atomic_t *stop);

#endif /* SW_CLI_INT_H */
