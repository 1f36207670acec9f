/* SPDX-License-Identifier: MIT */
/*
 * cli.c: the sevenway command's run: output streams and exit status.
 *
 * This is the only place that prints "sevenway: WHAT: WHY" and picks an
 * exit status; the core returns statuses and messages.  Connections are
 * printed as they end, so output streams on long captures.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "sevenway/ci.h"
#include "sevenway/protect.h"
#include "sevenway/record.h"
#include "sevenway/report.h"
#include "cli.h"
#include "cli_int.h"
#include "outbuf.h"

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* The name of input i as the user gave it ("-" for stdin). */
static const char *
input_name(const struct cli *k, unsigned i)
{
	if (k->records != NULL)
		return i < k->records->ninputs ? k->records->input[i] : NULL;
	return i < k->view.ninputs ? k->view.input_name[i] : NULL;
}

/* The sink: CI checks, then print, as each connection ends. */
static void
conn_done(void *ctx, const struct sw_conn *c)
{
	struct cli *k = ctx;
	struct sw_failon_match m;
	const char *reason[SW_FAILON_MAX_REASONS];
	struct sw_failed f = { reason, 0 };
	struct sw_err err;

	/* Record runs learn their inputs' names as they read them. */
	while (k->records != NULL && k->junit != NULL &&
	    k->junit_inputs < k->records->ninputs) {
		sw_junit_add_input(k->junit, k->records->input[k->junit_inputs],
		    &err);
		k->junit_inputs++;
	}
	if (k->records != NULL) {
		k->view.input_name = (const char *const *)k->records->input;
		k->view.ninputs = k->records->ninputs;
	} else if (k->analyzer != NULL) {
		k->view.base = sw_analyzer_stats(k->analyzer)->first_ts;
	}
	/* Records without a summary to tell: from the first one read. */
	if (!k->have_base) {
		k->view.base = c->start;
		k->have_base = true;
	}
	m.n = 0;
	if (k->have_failon)
		f.n = sw_failon_match(&k->failon, c, &m);
	for (size_t i = 0; i < f.n; i++)
		reason[i] = m.reason[i].text;
	if (f.n > 0)
		k->failed_conns++;
	for (int i = 0; i < k->nasserts; i++)
		sw_assert_feed(&k->asserts[i], c, input_name(k, c->input));
	if (k->junit != NULL && !k->junit_failed &&
	    sw_junit_conn(k->junit, c, k->have_failon ? &m : NULL, &err) !=
	    SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		k->junit_failed = true;
	}
	/* The report counts every connection, not only those shown. */
	if (k->protect != NULL && !k->protect_failed &&
	    sw_protect_add(k->protect, c, &err) != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		k->protect_failed = true;
	}
	if (k->show == SHOW_ABNORMAL && !sw_conn_is_abnormal(c) && f.n == 0)
		return;
	if (k->show == SHOW_PRED && !sw_assert_pred(&k->show_pred, c,
	    input_name(k, c->input)))
		return;
	if (k->fmt == FMT_TEXT && k->ladder) {
		sw_text_header(&k->ob, c, &k->view);
		if (!sw_outbuf_flush(&k->ob, k->out))
			k->write_error = true;
		sw_ladder_conn(k->out, c, &k->view);
		sw_text_verdicts(&k->ob, c, &f, &k->view);
		if (!sw_outbuf_flush(&k->ob, k->out))
			k->write_error = true;
	} else if (k->fmt == FMT_TEXT) {
		sw_text_conn(&k->ob, c, &f, &k->view);
		if (!sw_outbuf_flush(&k->ob, k->out))
			k->write_error = true;
	} else if (k->fmt == FMT_LINE) {
		if (k->printed == 0 && isatty(fileno(k->out)))
			sw_line_header(k->out, &k->view);
		sw_line_conn(&k->ob, c, &k->view);
		if (!sw_outbuf_flush(&k->ob, k->out))
			k->write_error = true;
	} else if (!k->json_jansson) {
		char why[SW_EXPLAIN_MAX];
		const char *ex = NULL;

		/* Only with --explain, so the default document is unchanged. */
		if (k->view.explain && sw_explain(c, why, sizeof(why)) > 0)
			ex = why;
		if (k->fmt == FMT_JSON && k->printed > 0)
			ob_putc(&k->ob, ',');
		sw_jw_conn(&k->ob, c, &f, input_name(k, c->input), ex);
		if (k->fmt == FMT_NDJSON)
			ob_putc(&k->ob, '\n');
		if (!sw_outbuf_flush(&k->ob, k->out))
			k->write_error = true;
	} else {
		json_t *o = sw_json_conn(c, &f, input_name(k, c->input));
		char why[SW_EXPLAIN_MAX];

		/* Only with --explain, so the default document is unchanged. */
		if (k->view.explain && sw_explain(c, why, sizeof(why)) > 0)
			json_object_set_new(o, "explain", json_string(why));

		if (k->fmt == FMT_JSON && k->printed > 0)
			fputc(',', k->out);
		if (json_dumpf(o, k->out, SW_JSON_FLAGS) != 0)
			k->write_error = true;
		if (k->fmt == FMT_NDJSON)
			fputc('\n', k->out);
		json_decref(o);
	}
	k->printed++;
	if (k->fmt == FMT_NDJSON)
		fflush(k->out);
}


static void
on_ready(void *ctx, const char *iface, const char *linktype)
{
	const struct cli *k = ctx;

	if (!k->quiet) {
		fprintf(stderr, "sevenway: listening on %s, link-type %s\n",
		    iface, linktype);
		fflush(stderr);
	}
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void
print_summary(struct cli *k, const struct sw_stats *s,
    const struct sw_capture_report *rep)
{
	json_t *sum;

	if (k->fmt == FMT_TEXT) {
		sw_text_summary(k->out, s, rep, k->iface != NULL);
		if (k->protect != NULL)
			sw_protect_text(k->out, k->protect, &k->view);
		return;
	}
	if (k->fmt == FMT_LINE) {
		if (!sw_line_summary(k->out, s, rep, k->iface != NULL))
			k->write_error = true;
		if (k->protect != NULL)
			sw_protect_text(k->out, k->protect, &k->view);
		return;
	}
	sum = sw_json_summary(s, rep, k->iface != NULL);
	if (k->have_failon)
		json_object_set_new(sum, "failed_connections",
		    json_integer((json_int_t)k->failed_conns));
	if (k->protect != NULL)
		json_object_set_new(sum, "protection",
		    sw_protect_json(k->protect));
	if (k->fmt == FMT_JSON) {
		json_object_del(sum, "type");
		fputs("],\"summary\":", k->out);
		json_dumpf(sum, k->out, SW_JSON_FLAGS);
		fputs("}\n", k->out);
	} else {
		json_dumpf(sum, k->out, SW_JSON_FLAGS);
		fputc('\n', k->out);
	}
	json_decref(sum);
}

/* Print each assertion's result; returns true when all passed. */
static bool
report_asserts(struct cli *k)
{
	bool all = true;
	char line[SW_ASSERT_RESULT_LEN];

	for (int i = 0; i < k->nasserts; i++) {
		all = all && sw_assert_passed(&k->asserts[i]);
		/* Results go with the report in text mode (as a "#" line in
		 * the line format), to stderr with JSON so the document stays
		 * valid. */
		fprintf(k->fmt == FMT_TEXT || k->fmt == FMT_LINE ? k->out :
		    stderr, "%s%s\n", k->fmt == FMT_LINE ? "# " : "",
		    sw_assert_result(&k->asserts[i], line, sizeof(line)));
	}
	return all;
}

/* --verbose: how fast, and how much memory at the peak. */
static void
print_resources(const struct sw_stats *s, const struct timespec *t0)
{
	struct timespec t1;
	struct rusage ru;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		ru.ru_maxrss = 0;
	fprintf(stderr, "sevenway: %" PRIu64 " packets, %" PRIu64
	    " connections in %.3f s (%.0f packets/s); at most %" PRIu64
	    " connections tracked at once; max RSS %ld KiB\n", s->frames,
	    s->connections, secs, secs > 0 ? (double)s->frames / secs : 0.0,
	    s->max_tracked, ru.ru_maxrss);
}

/*
 * After the input: the summary, the checks, the warnings and the JUnit
 * report, whatever stopped the input (st, err).  Returns the exit status.
 */
static int
finish_run(struct cli *k, const struct sw_stats *stats,
    const struct sw_capture_report *rep, enum sw_status st,
    const struct sw_err *err)
{
	struct sw_err jerr;
	int rc = SW_EXIT_OK;
	bool checks_ok;

	if (k->protect != NULL)
		sw_protect_finish(k->protect);
	print_summary(k, stats, rep);
	checks_ok = report_asserts(k) && k->failed_conns == 0;
	/* A record run knows how many warnings its captures had, not
	 * their text: the count goes on in the summary. */
	for (unsigned i = 0; i < rep->warnings && i < 4 && !k->quiet &&
	    rep->warning[i][0] != '\0'; i++)
		fprintf(stderr, "sevenway: warning: %s\n", rep->warning[i]);
	if (k->junit != NULL && (k->junit_failed ||
	    sw_junit_finish(k->junit, k->asserts, (size_t)k->nasserts, &jerr) !=
	    SW_OK)) {
		if (!k->junit_failed)
			fprintf(stderr, "sevenway: %s\n", jerr.msg);
		rc = SW_EXIT_USAGE;
	}
	if (k->protect_failed)
		rc = SW_EXIT_USAGE;
	if (st != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err->msg);
		rc = SW_EXIT_USAGE;
	} else if (rc == SW_EXIT_OK && !checks_ok) {
		rc = SW_EXIT_CHECK;
	}
	if (fflush(k->out) != 0 || ferror(k->out) || k->write_error) {
		fprintf(stderr, "sevenway: standard output: %s\n",
		    strerror(errno));
		rc = SW_EXIT_USAGE;
	}
	return rc;
}

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * A long offline run on a terminal: where it is, on one stderr line
 * redrawn at most four times a second, from the first second on.
 */
static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct cli *k = ctx;
	const struct sw_stats *s = sw_analyzer_stats(k->analyzer);
	double t = since(&k->t0), rate;
	char eta[32] = "";

	if (t < 1.0 || t - k->progress_last < 0.25)
		return;
	k->progress_last = t;
	rate = (double)s->frames / t;
	if (total > 0 && done > 0 && done <= total) {
		double left = t * (double)(total - done) / (double)done;

		snprintf(eta, sizeof(eta), " of %.1f MB (%.0f%%), ETA %d:%02d",
		    (double)total / 1e6, 100.0 * (double)done / (double)total,
		    (int)(left / 60), (int)left % 60);
	}
	fprintf(stderr, "\rsevenway: %.1f MB%s, %.0f packets/s, %" PRIu64
	    " connections\033[K", (double)done / 1e6, eta, rate,
	    s->connections);
	fflush(stderr);
	k->progress_shown = true;
}

/* Packets in: live capture or capture files through the analyzer. */
static int
run_captures(struct cli *k, const char *const *files, int nfiles,
    const struct timespec *t0)
{
	struct sw_sink sink = { conn_done, k };
	struct sw_capture_report rep;
	struct sw_analyzer *a;
	struct sw_err err;
	enum sw_status st;
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&err, 0, sizeof(err));
	if (k->iface != NULL) {
		k->view.input_name = (const char *const *)&k->iface;
		k->view.ninputs = 1;
	} else {
		k->view.input_name = files;
		k->view.ninputs = (unsigned)nfiles;
	}
	for (unsigned i = 0; k->junit != NULL && i < k->view.ninputs; i++)
		sw_junit_add_input(k->junit, strcmp(k->view.input_name[i],
		    "-") == 0 ? "(stdin)" : k->view.input_name[i], &err);
	a = sw_analyzer_new(&k->cfg, &sink, &err);
	/* The default cap is generous; where memory cannot be reserved for
	 * it (strict overcommit), settle for less rather than refuse. */
	while (a == NULL && !k->maxflows_set && k->cfg.max_flows > 65536) {
		k->cfg.max_flows /= 2;
		a = sw_analyzer_new(&k->cfg, &sink, &err);
		if (a != NULL && !k->quiet)
			fprintf(stderr, "sevenway: warning: --max-flows lowered "
			    "to %u: not enough memory for the default\n",
			    k->cfg.max_flows);
	}
	if (a == NULL) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return SW_EXIT_USAGE;
	}
	k->analyzer = a;
	k->have_base = true;	/* the analyzer's first packet */
	if (k->verbose > 0)
		fprintf(stderr, "sevenway: connection record %zu bytes, flow "
		    "slot %zu bytes, up to %u connections\n",
		    sizeof(struct sw_conn), sw_analyzer_slot_size(),
		    k->cfg.max_flows);
	k->cap.stop = &stop_flag;
	if (k->iface == NULL && !k->quiet && isatty(STDERR_FILENO)) {
		k->cap.progress = on_progress;
		k->cap.progress_ctx = k;
		k->t0 = *t0;
	}
	k->cap.ready = on_ready;
	k->cap.ready_ctx = k;
	if (k->fmt == FMT_JSON)
		fputs("{\"connections\":[", k->out);
	if (k->iface != NULL)
		st = sw_capture_live(a, k->iface, &k->cap, &rep, &err);
	else
		st = sw_capture_files(a, files, nfiles, &k->cap, &rep, &err);
	if (k->progress_shown)
		fputs("\r\033[K", stderr);	/* the line goes */
	/* Whatever happened, what was read is reported. */
	sw_analyzer_finish(a);
	rc = finish_run(k, sw_analyzer_stats(a), &rep, st, &err);
	if (k->verbose > 0)
		print_resources(sw_analyzer_stats(a), t0);
	k->analyzer = NULL;
	sw_analyzer_free(a);
	return rc;
}

/* Records in (DESIGN.md §8): sevenway's own NDJSON or JSON output. */
static int
run_records(struct cli *k, const char *const *files, int nfiles,
    const struct timespec *t0)
{
	struct sw_sink sink = { conn_done, k };
	struct sw_record_reader rr;
	struct sw_capture_report rep;
	struct sw_err err;
	enum sw_status st = SW_OK;
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&err, 0, sizeof(err));
	sw_record_init(&rr, &sink);
	k->records = &rr;
	for (int i = 0; i < nfiles; i++) {
		struct sw_time t;

		if (strcmp(files[i], "-") != 0 &&
		    sw_record_first_ts(files[i], &t) &&
		    (!k->have_base || sw_time_before(t, k->view.base))) {
			k->view.base = t;
			k->have_base = true;
		}
	}
	if (k->fmt == FMT_JSON)
		fputs("{\"connections\":[", k->out);
	for (int i = 0; i < nfiles && st == SW_OK && !stop_flag; i++) {
		bool is_stdin = strcmp(files[i], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(files[i], "r");

		if (f == NULL) {
			st = sw_err_set(&err, SW_ERR_INPUT, "%s: %s", files[i],
			    strerror(errno));
			break;
		}
		st = sw_record_read(&rr, f, files[i], &err);
		if (!is_stdin)
			fclose(f);
	}
	rep.warnings = rr.warnings;
	rc = finish_run(k, &rr.stats, &rep, st, &err);
	if (k->verbose > 0)
		print_resources(&rr.stats, t0);
	k->records = NULL;
	sw_record_fini(&rr);
	return rc;
}

/*
 * Whether the inputs are record files (1) or captures (0), by their
 * content; -1 after printing why when they are mixed or unreadable.
 * Each input's first byte is looked at and put back (stdin included).
 */
static int
inputs_kind(const char *const *files, int n)
{
	bool records = false, captures = false;

	for (int i = 0; i < n; i++) {
		bool is_stdin = strcmp(files[i], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(files[i], "r");

		if (f == NULL)
			continue;	/* the reader reports it in turn */
		if (sw_record_sniff(f))
			records = true;
		else
			captures = true;
		if (!is_stdin)
			fclose(f);
	}
	if (records && captures) {
		fprintf(stderr, "sevenway: record files and captures cannot be "
		    "read in one run\n");
		return -1;
	}
	return records;
}

static int
run(struct cli *k, int argc, char **argv)
{
	const char *const *files = (const char *const *)argv + optind;
	int nfiles = argc - optind, records = 0;
	struct sw_err err;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (k->iface == NULL && (records = inputs_kind(files, nfiles)) < 0)
		return SW_EXIT_USAGE;
	if (records && (k->cap.filter != NULL || k->cap.count > 0)) {
		fprintf(stderr, "sevenway: %s: -f and -c need packets; these "
		    "are record files\n", files[0]);
		return SW_EXIT_USAGE;
	}
	if (k->junit_path != NULL) {
		k->junit = sw_junit_new(k->junit_path, &err);
		if (k->junit == NULL) {
			fprintf(stderr, "sevenway: %s\n", err.msg);
			return SW_EXIT_USAGE;
		}
	}
	if (k->summary && (k->protect = sw_protect_new(&k->pcfg, &err)) ==
	    NULL) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return SW_EXIT_USAGE;
	}
	install_signals();
	return records ? run_records(k, files, nfiles, &t0) :
	    run_captures(k, files, nfiles, &t0);
}

int
sw_cli_main(int argc, char **argv)
{
	struct cli k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.out = stdout;
	sw_analyzer_config_init(&k.cfg);
	sw_failon_init(&k.failon);
	sw_protect_config_init(&k.pcfg);
	/* The tests compare the streaming JSON writer with jansson. */
	k.json_jansson = getenv("SEVENWAY_JSON") != NULL &&
	    strcmp(getenv("SEVENWAY_JSON"), "jansson") == 0;
	rc = sw_cli_parse(&k, argc, argv);
	if (rc < 0)
		rc = run(&k, argc, argv);
	sw_junit_free(k.junit);
	sw_protect_free(k.protect);
	sw_outbuf_fini(&k.ob);
	return rc;
}
