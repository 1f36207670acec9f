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
#include "sevenway/report.h"
#include "cli.h"
#include "cli_int.h"

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}


static void
conn_done(void *ctx, const struct sw_conn *c)
{
	struct cli *k = ctx;
	struct sw_failon_match m;
	const char *reason[SW_FAILON_MAX_REASONS];
	struct sw_failed f = { reason, 0 };
	struct sw_err err;

	m.n = 0;
	if (k->have_failon)
		f.n = sw_failon_match(&k->failon, c, &m);
	for (size_t i = 0; i < f.n; i++)
		reason[i] = m.reason[i].text;
	if (f.n > 0)
		k->failed_conns++;
	for (int i = 0; i < k->nasserts; i++)
		sw_assert_feed(&k->asserts[i], c);
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
	if (k->abnormal_only && !sw_conn_is_abnormal(c) && f.n == 0)
		return;
	if (k->fmt == FMT_TEXT) {
		sw_text_conn(k->out, c, &f, &k->view);
	} else {
		json_t *o = sw_json_conn(c, &f);

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
print_summary(struct cli *k, const struct sw_analyzer *a,
    const struct sw_capture_report *rep)
{
	const struct sw_stats *s = sw_analyzer_stats(a);
	json_t *sum;

	if (k->fmt == FMT_TEXT) {
		sw_text_summary(k->out, s, rep, k->iface != NULL);
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
		/* Results go with the report in text mode, to stderr with
		 * JSON so the document stays valid. */
		fprintf(k->fmt == FMT_TEXT ? k->out : stderr, "%s\n",
		    sw_assert_result(&k->asserts[i], line, sizeof(line)));
	}
	return all;
}

/* --verbose: how fast, and how much memory at the peak. */
static void
print_resources(const struct sw_analyzer *a, const struct timespec *t0)
{
	const struct sw_stats *s = sw_analyzer_stats(a);
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

static int
run(struct cli *k, int argc, char **argv)
{
	struct sw_sink sink = { conn_done, k };
	struct sw_capture_report rep;
	struct sw_analyzer *a;
	struct sw_err err;
	enum sw_status st;
	int rc = SW_EXIT_OK;
	bool checks_ok;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);

	memset(&rep, 0, sizeof(rep));
	memset(&err, 0, sizeof(err));
	if (k->junit_path != NULL) {
		k->junit = sw_junit_new(k->junit_path, &err);
		if (k->junit == NULL) {
			fprintf(stderr, "sevenway: %s\n", err.msg);
			return SW_EXIT_USAGE;
		}
		if (k->iface != NULL)
			sw_junit_add_input(k->junit, k->iface, &err);
		for (int i = optind; i < argc; i++)
			sw_junit_add_input(k->junit, strcmp(argv[i], "-") == 0 ?
			    "(stdin)" : argv[i], &err);
	}
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
	if (k->summary) {
		k->protect = sw_protect_new(&k->pcfg, &err);
		if (k->protect == NULL) {
			fprintf(stderr, "sevenway: %s\n", err.msg);
			sw_analyzer_free(a);
			return SW_EXIT_USAGE;
		}
	}
	if (k->verbose > 0)
		fprintf(stderr, "sevenway: connection record %zu bytes, flow "
		    "slot %zu bytes, up to %u connections\n",
		    sizeof(struct sw_conn), sw_analyzer_slot_size(),
		    k->cfg.max_flows);
	install_signals();
	k->cap.stop = &stop_flag;
	k->cap.ready = on_ready;
	k->cap.ready_ctx = k;
	if (k->fmt == FMT_JSON)
		fputs("{\"connections\":[", k->out);
	if (k->iface != NULL)
		st = sw_capture_live(a, k->iface, &k->cap, &rep, &err);
	else
		st = sw_capture_files(a, (const char *const *)argv + optind,
		    argc - optind, &k->cap, &rep, &err);
	/* Whatever happened, what was read is reported. */
	sw_analyzer_finish(a);
	if (k->protect != NULL)
		sw_protect_finish(k->protect);
	print_summary(k, a, &rep);
	if (k->verbose > 0)
		print_resources(a, &t0);
	checks_ok = report_asserts(k) && k->failed_conns == 0;
	for (unsigned i = 0; i < rep.warnings && i < 4 && !k->quiet; i++)
		fprintf(stderr, "sevenway: warning: %s\n", rep.warning[i]);
	if (k->junit != NULL && (k->junit_failed ||
	    sw_junit_finish(k->junit, k->asserts, (size_t)k->nasserts, &err) !=
	    SW_OK)) {
		if (!k->junit_failed)
			fprintf(stderr, "sevenway: %s\n", err.msg);
		rc = SW_EXIT_USAGE;
	}
	if (k->protect_failed)
		rc = SW_EXIT_USAGE;
	if (st != SW_OK) {
		fprintf(stderr, "sevenway: %s\n", err.msg);
		rc = SW_EXIT_USAGE;
	} else if (rc == SW_EXIT_OK && !checks_ok) {
		rc = SW_EXIT_CHECK;
	}
	if (fflush(k->out) != 0 || ferror(k->out) || k->write_error) {
		fprintf(stderr, "sevenway: standard output: %s\n",
		    strerror(errno));
		rc = SW_EXIT_USAGE;
	}
	sw_analyzer_free(a);
	sw_protect_free(k->protect);
	k->protect = NULL;
	return rc;
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
	rc = sw_cli_parse(&k, argc, argv);
	if (rc < 0)
		rc = run(&k, argc, argv);
	sw_junit_free(k.junit);
	return rc;
}
