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
/*
 * SIGUSR1 prints the running totals from the handler itself, so that
 * they come at once even while a read of a quiet pipe waits: the
 * handler only reads these counters and calls write(2).  They are set
 * once the run's source exists (packets: the analyzer's totals; record
 * runs: the connections read).
 */
static const struct sw_stats *volatile usr1_stats;
static const volatile uint64_t *volatile usr1_conns;

/* Append the decimal digits of v at *p (async-signal-safe). */
static void
put_u64(char **p, uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*(*p)++ = d[--n];
}

static void
put_str(char **p, const char *s)
{
	while (*s != '\0')
		*(*p)++ = *s++;
}

static void
on_usr1(int sig)
{
	const struct sw_stats *s = usr1_stats;
	const volatile uint64_t *c = usr1_conns;
	int saved = errno;
	char buf[192], *p = buf;

	(void)sig;
	put_str(&p, "sevenway: ");
	if (s != NULL) {
		put_u64(&p, s->frames);
		put_str(&p, " packets (");
		put_u64(&p, s->tcp_packets);
		put_str(&p, " TCP), ");
		put_u64(&p, s->connections);
		put_str(&p, " connections, ");
		put_u64(&p, c != NULL ? *c : 0);
		put_str(&p, " of them ended, so far\n");
	} else {
		put_u64(&p, c != NULL ? *c : 0);
		put_str(&p, " connections read so far\n");
	}
	if (write(STDERR_FILENO, buf, (size_t)(p - buf)) < 0) {
		/* nothing to do in a signal handler */
	}
	errno = saved;
}

/* The signal that stopped the run (0: none), for the summary. */
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
	stop_flag = 1;
}

/* "SIGINT" or "SIGTERM": the signals that stop a run. */
static const char *
signal_name(int sig)
{
	return sig == SIGTERM ? "SIGTERM" : "SIGINT";
}

/* The name of input i as the user gave it ("-" for stdin). */
static const char *
input_name(const struct cli *k, unsigned i)
{
	if (k->records != NULL)
		return i < k->records->ninputs ? k->records->input[i] : NULL;
	return i < k->view.ninputs ? k->view.input_name[i] : NULL;
}

/*
 * After a write to the standard output: on its first error (a closed
 * pipe, a full disk), remember why and stop reading, as SIGINT does;
 * what was written stays, the other outputs are finished, and the run
 * ends with exit 2 (finish_run).
 */
static void
check_out(struct cli *k)
{
	int e = errno;

	if (k->out_errno != 0 || (!ferror(k->out) && !k->write_error))
		return;
	k->out_errno = e != 0 ? e : EIO;
	stop_flag = 1;
}

/*
 * Whether one endpoint of c was never seen although the other one
 * acknowledged it: with --fanout, the mark of a kernel hash that sent
 * the two directions to different processes (Suricata counts the same
 * as packets on the "wrong thread").
 */
static bool
one_sided(const struct sw_conn *c)
{
	for (int r = SW_CLIENT; r <= SW_SERVER; r++)
		if (c->peer[r].packets == 0 && c->peer[!r].ack_known)
			return true;
	return false;
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
	bool shown;

	k->analysed++;
	if (k->cap.fanout && one_sided(c))
		k->one_sided++;
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
	shown = !(k->show == SHOW_ABNORMAL && !sw_conn_is_abnormal(c) &&
	    f.n == 0) && !(k->show == SHOW_PRED &&
	    !sw_assert_pred(&k->show_pred, c, input_name(k, c->input)));
	if (k->wstream)
		sw_wbuf_conn(&k->wbuf, c, shown);
	if (!shown)
		return;
	if (k->wpath != NULL && !k->wstream && !k->wfile_failed &&
	    !sw_wfile_mark(&k->wfile, c)) {
		fprintf(stderr, "sevenway: -w: out of memory\n");
		k->wfile_failed = true;
	}
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
	} else if (k->fmt == FMT_ZEEK) {
		if (!k->zeek_header) {
			sw_zeek_header(k->out, k->view.base);
			k->zeek_header = true;
		}
		sw_zeek_conn(k->out, c);
		if (!k->have_zeek_last || sw_time_before(k->zeek_last, c->end))
			k->zeek_last = c->end;
		k->have_zeek_last = true;
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
	if (k->fmt == FMT_NDJSON || k->line_buffered)
		fflush(k->out);
	check_out(k);
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

/* -Z: once the device is open, become the user asked for. */
static enum sw_status
on_opened(void *ctx, struct sw_err *err)
{
	const struct cli *k = ctx;

	return sw_privs_drop(&k->privs, err);
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
	/* A closed pipe is a write error like any other (check_out), not a
	 * death that would leave -w's temporary file behind. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* SIGUSR1 must not end a read of a pipe, as SIGINT does. */
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
}

/*
 * -F zeek has no summary: the header (when no connection wrote it) and
 * #close, at the capture's first and last packet times.
 */
static void
zeek_finish(struct cli *k, const struct sw_stats *s)
{
	struct sw_time last = { 0, 0 };

	if (s->have_ts)
		last = s->last_ts;
	if (k->have_zeek_last && sw_time_before(last, k->zeek_last))
		last = k->zeek_last;
	if (!k->zeek_header) {
		struct sw_time first = s->have_ts ? s->first_ts : last;

		if (k->have_base && k->records != NULL)
			first = k->view.base;
		sw_zeek_header(k->out, first);
		k->zeek_header = true;
	}
	sw_zeek_close(k->out, last);
}

static void
print_summary(struct cli *k, const struct sw_stats *s,
    const struct sw_capture_report *rep)
{
	struct sw_capture_report shard_rep;
	json_t *sum;

	if (k->fmt == FMT_ZEEK) {
		zeek_finish(k, s);
		return;
	}
	/* Facts of the input files (warnings, damaged times) are told by
	 * every shard but counted by shard 0 alone, so that the shards'
	 * summaries add up to the whole run's. */
	if (k->shard_set && k->cfg.shard_index != 0) {
		shard_rep = *rep;
		shard_rep.warnings = 0;
		shard_rep.bad_subsecond = 0;
		rep = &shard_rep;
	}
	if (k->fmt == FMT_TEXT || k->fmt == FMT_LINE) {
		if (k->fmt == FMT_TEXT)
			sw_text_summary(k->out, s, rep, k->iface != NULL);
		else if (!sw_line_summary(k->out, s, rep, k->iface != NULL))
			k->write_error = true;
		if (k->fmt == FMT_TEXT && k->shard_set)
			fprintf(k->out, "  shard %u of %u: %" PRIu64 " frames of "
			    "the other shards not analysed\n",
			    k->cfg.shard_index, k->cfg.shard_count,
			    s->other_shard);
		if (k->fmt == FMT_TEXT && k->cap.fanout)
			fprintf(k->out, "  fanout group %u: %" PRIu64 " "
			    "connections seen one way only\n",
			    k->cap.fanout_group, k->one_sided);
		if (stop_signal)
			fprintf(k->out, "%s  interrupted by %s: %s\n",
			    k->fmt == FMT_LINE ? "#" : "",
			    signal_name(stop_signal), k->iface != NULL ?
			    "the capture stopped there" :
			    "the input was not read to its end");
		if (k->protect != NULL)
			sw_protect_text(k->out, k->protect, &k->view);
		return;
	}
	sum = sw_json_summary(s, rep, k->iface != NULL);
	if (stop_signal) {
		json_object_set_new(sum, "interrupted", json_true());
		json_object_set_new(sum, "signal",
		    json_string(signal_name(stop_signal)));
	}
	if (k->shard_set)
		json_object_set_new(sum, "shard", json_pack("{s:i, s:i}",
		    "index", (int)k->cfg.shard_index,
		    "count", (int)k->cfg.shard_count));
	if (k->cap.fanout)
		json_object_set_new(sum, "fanout", json_pack("{s:i, s:I}",
		    "group", (int)k->cap.fanout_group,
		    "one_sided", (json_int_t)k->one_sided));
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
 * Input `failed` (by its index among names[0..n)) could not be analysed:
 * a JUnit <error> for it, and one for each input after it, which was
 * never read.  first_new: the inputs are not JUnit suites yet (record
 * files), so each gets a suite of its own.
 */
static void
junit_input_errors(struct cli *k, const char *const *names, unsigned n,
    unsigned failed, bool first_new, const char *msg)
{
	char why[SW_ERRBUF_SIZE + 64];
	struct sw_err err;

	if (k->junit == NULL || failed >= n)
		return;
	for (unsigned i = failed; i < n; i++) {
		const char *name = strcmp(names[i], "-") == 0 ? "(stdin)" :
		    names[i];

		if (i == failed)
			snprintf(why, sizeof(why), "not analysed: %s", msg);
		else
			snprintf(why, sizeof(why), "not analysed: reading "
			    "stopped at the error in %s", names[failed]);
		if (sw_junit_input_error(k->junit, first_new ?
		    SW_JUNIT_NEW_SUITE : i, first_new ? name : NULL, why,
		    &err) != SW_OK) {
			fprintf(stderr, "sevenway: %s\n", err.msg);
			k->junit_failed = true;
			return;
		}
	}
}

/*
 * DESIGN.md §6: a run with checks never passes on nothing.  Returns
 * true (after saying so, and in the JUnit report) when checks were asked
 * for, no TCP connection reached them, and --fail-on does not list
 * "empty".
 */
static bool
empty_run_fails(struct cli *k)
{
	static const char msg[] = "no TCP connection analysed: the checks "
	    "had nothing to judge (--fail-on empty allows an empty trace)";
	struct sw_err err;

	if ((!k->have_failon && k->nasserts == 0) || k->analysed > 0 ||
	    k->failon.allow_empty)
		return false;
	fprintf(stderr, "sevenway: %s\n", msg);
	if (k->junit != NULL && !k->junit_failed &&
	    sw_junit_run_failure(k->junit, "connections analysed", msg,
	    &err) != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		k->junit_failed = true;
	}
	return true;
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
	/* An input error is exit 2 and a JUnit error already. */
	if (st == SW_OK && empty_run_fails(k))
		checks_ok = false;
	if (stats->table_full && !k->quiet)
		fprintf(stderr, "sevenway: warning: the flow table was full "
		    "(--max-flows %u): %" PRIu64 " connections evicted, %" PRIu64
		    " before their handshake completed\n", k->cfg.max_flows,
		    stats->evicted_cap, stats->evicted_cap_embryonic);
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
	/* SIGTERM is how a CI system cancels a step: the run says it was
	 * cut short by its status too, as a shell does (128 + 15).  SIGINT
	 * (Ctrl-C) ends a run normally, as in tcpdump. */
	if (stop_signal == SIGTERM && rc != SW_EXIT_USAGE)
		rc = SW_EXIT_TERM;
	errno = 0;
	if (fflush(k->out) != 0 || ferror(k->out) || k->write_error) {
		check_out(k);
		fprintf(stderr, "sevenway: standard output: %s\n",
		    strerror(k->out_errno));
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

/*
 * -w of an input read once: after a run that read it all (st), write
 * what the buffer still holds and put the file in place; else remove it.
 */
static enum sw_status
write_kept(struct cli *k, enum sw_status st)
{
	struct sw_err err;

	if (st != SW_OK) {
		sw_out_abort(&k->wout);
		return st;
	}
	st = sw_wbuf_finish(&k->wbuf, k->wpath, &err);
	if (st == SW_OK)
		st = sw_out_commit(&k->wout, "-w", &err);
	else
		sw_out_abort(&k->wout);
	if (st != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return st;
	}
	if (k->wbuf.dropped > 0 && !k->quiet)
		fprintf(stderr, "sevenway: warning: -w: %" PRIu64 " packets of "
		    "connections still open were dropped from the %zu MiB "
		    "buffer; the connections shown later lack them\n",
		    k->wbuf.dropped, SW_WBUF_CAP >> 20);
	if (k->wbuf.nomem > 0)
		fprintf(stderr, "sevenway: warning: -w: out of memory: %" PRIu64
		    " packets not kept\n", k->wbuf.nomem);
	if (k->wbuf.out.other_link > 0 && !k->quiet)
		fprintf(stderr, "sevenway: warning: -w: %" PRIu64 " frames of "
		    "another link type than the first left out of %s\n",
		    k->wbuf.out.other_link, k->wpath);
	if (k->verbose > 0)
		fprintf(stderr, "sevenway: -w: %" PRIu64 " frames written to "
		    "%s\n", k->wbuf.out.written, k->wpath);
	return SW_OK;
}

/*
 * -w: after a run that read every file (st), read them again and write
 * the frames of the connections shown; else remove the partial file.
 */
static enum sw_status
write_shown(struct cli *k, const char *const *files, int nfiles,
    enum sw_status st)
{
	struct sw_err err;

	if (k->wstream)
		return write_kept(k, st);
	if (st != SW_OK || k->wfile_failed) {
		sw_out_abort(&k->wout);
		if (st == SW_OK)
			fprintf(stderr, "sevenway: -w: %s not written\n",
			    k->wpath);
		return st == SW_OK ? SW_ERR_NOMEM : st;
	}
	stop_flag = 0;	/* a SIGINT ended the analysis, not the writing */
	if ((st = sw_wfile_write(&k->wfile, files, nfiles, &k->cap,
	    k->wout.f, k->wpath, &err)) != SW_OK) {
		sw_out_abort(&k->wout);
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return st;
	}
	if ((st = sw_out_commit(&k->wout, "-w", &err)) != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return st;
	}
	if (k->wfile.other_link > 0 && !k->quiet)
		fprintf(stderr, "sevenway: warning: -w: %" PRIu64 " frames of "
		    "another link type than the first left out of %s\n",
		    k->wfile.other_link, k->wpath);
	if (k->verbose > 0)
		fprintf(stderr, "sevenway: -w: %" PRIu64 " frames of %zu "
		    "connections written to %s\n", k->wfile.written,
		    k->wfile.n, k->wpath);
	return SW_OK;
}

/* Packets in: live capture or capture files through the analyzer. */
static int
run_captures(struct cli *k, const char *const *files, int nfiles,
    const struct timespec *t0)
{
	struct sw_sink sink = { conn_done, k };
	struct sw_capture_report rep;
	struct sw_stats shown;
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
	if (k->wstream) {
		k->cap.tap = sw_wbuf_frame;
		k->cap.tap_ctx = &k->wbuf;
	}
	if (k->drop_user != NULL) {
		k->cap.opened = on_opened;
		k->cap.opened_ctx = k;
	}
	usr1_conns = &k->analysed;
	usr1_stats = sw_analyzer_stats(a);
	if (k->fmt == FMT_JSON)
		fputs("{\"connections\":[", k->out);
	if (k->iface != NULL)
		st = sw_capture_live(a, k->iface, &k->cap, &rep, &err);
	else
		st = sw_capture_files(a, files, nfiles, &k->cap, &rep, &err);
	if (k->progress_shown)
		fputs("\r\033[K", stderr);	/* the line goes */
	if (st != SW_OK && rep.input_failed)
		junit_input_errors(k, k->view.input_name, k->view.ninputs,
		    rep.failed_input, false, err.msg);
	/* Whatever happened, what was read is reported. */
	sw_analyzer_finish(a);
	if (k->wstream)
		rep.w_dropped = k->wbuf.dropped;
	/* A shard's summary counts its own frames (the shards' add up). */
	shown = *sw_analyzer_stats(a);
	shown.frames -= shown.other_shard;
	rc = finish_run(k, &shown, &rep, st, &err);
	if (k->wpath != NULL && write_shown(k, files, nfiles, st) != SW_OK)
		rc = SW_EXIT_USAGE;
	if (k->verbose > 0)
		print_resources(sw_analyzer_stats(a), t0);
	usr1_stats = NULL;
	usr1_conns = NULL;
	k->analyzer = NULL;
	sw_analyzer_free(a);
	return rc;
}

/*
 * The reduce (DESIGN.md §8): the records of --shard runs read as the run
 * over every shard (sw_record_reduce).  A shard missing from the set is
 * an error when checks are asked for (a CI run must not pass on what it
 * did not read), a warning otherwise (one shard's records alone are
 * worth looking at).
 */
static enum sw_status
reduce_shards(struct cli *k, struct sw_record_reader *rr,
    const char *const *files, int nfiles, struct sw_err *err)
{
	unsigned missing = 0;
	enum sw_status st;

	for (int i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0) {
			st = sw_err_set(err, SW_ERR_INPUT, "shard records are "
			    "reduced from files, not from standard input");
			junit_input_errors(k, files, (unsigned)nfiles, 0, true,
			    err->msg);
			return st;
		}
	st = sw_record_reduce(rr, files, nfiles, &missing, &stop_flag, err);
	if (st != SW_OK)
		junit_input_errors(k, files, (unsigned)nfiles, 0, true,
		    err->msg);
	if (st != SW_OK || missing == 0)
		return st;
	if (k->have_failon || k->nasserts > 0 || k->junit != NULL) {
		st = sw_err_set(err, SW_ERR_INPUT, "%u shard%s of the set "
		    "missing: the checks would judge part of the input",
		    missing, missing == 1 ? "" : "s");
		junit_input_errors(k, files, (unsigned)nfiles, 0, true,
		    err->msg);
		return st;
	}
	if (!k->quiet)
		fprintf(stderr, "sevenway: warning: %u shard%s of the set "
		    "missing: this is part of the input only\n", missing,
		    missing == 1 ? "" : "s");
	return SW_OK;
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
	bool reduce = false;
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&err, 0, sizeof(err));
	sw_record_init(&rr, &sink);
	k->records = &rr;
	usr1_conns = &k->analysed;
	/* Records of --shard runs are reduced: see reduce_shards. */
	for (int i = 0; i < nfiles; i++) {
		unsigned si, sn;

		if (sw_record_shard(files[i], &si, &sn))
			reduce = true;
	}
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
	if (reduce)
		st = reduce_shards(k, &rr, files, nfiles, &err);
	for (int i = 0; !reduce && i < nfiles && st == SW_OK && !stop_flag;
	    i++) {
		bool is_stdin = strcmp(files[i], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(files[i], "r");

		if (f == NULL)
			st = sw_err_set(&err, SW_ERR_INPUT, "%s: %s", files[i],
			    strerror(errno));
		else
			st = sw_record_read(&rr, f, files[i], &err);
		if (f != NULL && !is_stdin)
			fclose(f);
		if (st != SW_OK)
			junit_input_errors(k, files, (unsigned)nfiles,
			    (unsigned)i, true, err.msg);
	}
	rep.warnings = rr.warnings;
	rc = finish_run(k, &rr.stats, &rep, st, &err);
	if (k->verbose > 0)
		print_resources(&rr.stats, t0);
	usr1_conns = NULL;
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
run(struct cli *k)
{
	const char *const *files = k->files;
	int nfiles = k->nfiles, records = 0;
	struct sw_err err;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Before the first read: looking at the first byte of a pipe may
	 * already wait, and a SIGINT there ends the input, as later. */
	install_signals();
	if (k->iface == NULL && (records = inputs_kind(files, nfiles)) < 0)
		return SW_EXIT_USAGE;
	if (records && (k->cap.filter != NULL || k->cap.count > 0)) {
		fprintf(stderr, "sevenway: %s: -f and -c need packets; these "
		    "are record files\n", files[0]);
		return SW_EXIT_USAGE;
	}
	if (records && (k->shard_set || k->split_n > 0)) {
		fprintf(stderr, "sevenway: %s: --shard and --split need "
		    "packets; these are record files\n", files[0]);
		return SW_EXIT_USAGE;
	}
	if (records && k->wpath != NULL) {
		fprintf(stderr, "sevenway: %s: -w needs packets; these are "
		    "record files\n", files[0]);
		return SW_EXIT_USAGE;
	}
	/* --split writes parts, not an analysis. */
	if (k->split_n > 0)
		return sw_cli_split(k, &stop_flag);
	if (k->drop_user != NULL &&
	    sw_privs_lookup(&k->privs, k->drop_user, &err) != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return SW_EXIT_USAGE;
	}
	/* Before the analysis: an output that cannot be made fails now. */
	if (k->wpath != NULL && sw_out_open(&k->wout, k->wpath, "-w", &err) !=
	    SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		return SW_EXIT_USAGE;
	}
	if (k->wstream && !sw_wbuf_init(&k->wbuf, k->wout.f, SW_WBUF_CAP)) {
		fprintf(stderr, "sevenway: -w: out of memory\n");
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
	k.cap.promisc = true;	/* tcpdump's default; -p turns it off */
	sw_analyzer_config_init(&k.cfg);
	sw_failon_init(&k.failon);
	sw_protect_config_init(&k.pcfg);
	/* The tests compare the streaming JSON writer with jansson. */
	k.json_jansson = getenv("SEVENWAY_JSON") != NULL &&
	    strcmp(getenv("SEVENWAY_JSON"), "jansson") == 0;
	rc = sw_cli_parse(&k, argc, argv);
	if (rc < 0)
		rc = run(&k);
	sw_junit_free(k.junit);
	sw_protect_free(k.protect);
	free(k.files);
	free(k.expr);
	sw_out_abort(&k.wout);
	sw_wfile_fini(&k.wfile);
	sw_wbuf_fini(&k.wbuf);
	sw_outbuf_fini(&k.ob);
	return rc;
}
