/* SPDX-License-Identifier: MIT */
/*
 * options.c: the command line: the option table, --help and the checks
 * that make a usage error (exit 2) before anything is read.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sevenway/sevenway.h"
#include "cli_int.h"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: sevenway [OPTIONS] FILE...      analyze saved captures ('-' = stdin)\n"
"       sevenway [OPTIONS] -r FILE [-r FILE]... [EXPRESSION]\n"
"       sevenway [OPTIONS] -i IFACE [EXPRESSION]   sniff a live interface\n"
"       sevenway --split N -w PATTERN FILE...   partition captures by flow\n"
"                                               hash, without analysis\n"
"\n"
"  -r FILE                 read a capture (repeatable); with -r or -i the\n"
"                          operands are a BPF EXPRESSION, as in tcpdump\n"
"  -i, --interface IFACE   live capture, in promiscuous mode unless -p\n"
"  -p, --no-promiscuous-mode\n"
"                          live: do not put the interface in promiscuous\n"
"                          mode\n"
"  -f, --filter BPF        libpcap filter expression, e.g. 'tcp port 80'\n"
"  -c, --count N           stop after N packets\n"
"  -n                      accepted for tcpdump habits (no name is ever\n"
"                          resolved)\n"
"  -l                      line-buffered: write out each connection as it\n"
"                          ends, in every format\n"
"  -w FILE                 also write the packets of the connections shown\n"
"                          (after --show) to FILE as pcap, in capture order;\n"
"                          stdin and live packets wait in memory (64 MiB)\n"
"  -K, --dont-verify-checksums\n"
"                          verify no TCP checksum: no segment is dropped or\n"
"                          flagged for its checksum\n"
"      --duration SEC      live: stop after SEC seconds\n"
"  -Z USER                 live: once the interface is open, drop root for\n"
"                          USER's user, group and groups\n"
"  -F, --format FMT        text (default), line, json, ndjson or zeek (Zeek's\n"
"                          conn.log, tab-separated, with its header)\n"
"  -t, --time-format STYLE epoch (default), iso (UTC) or relative (seconds\n"
"                          since the first packet)\n"
"      --ladder            draw each connection as a sequence diagram\n"
"      --ascii             ASCII drawing characters only\n"
"      --color WHEN        colour the ladder: auto (default), always, never\n"
"      --explain           say in words what went wrong with a connection\n"
"      --show WHICH        all (default), abnormal, or a predicate of the\n"
"                          --assert language, e.g. 'state.server=CLOSE_WAIT'\n"
"      --summary           add the per-server protection report\n"
"      --idle-threshold SEC\n"
"                          for --summary: an established connection\n"
"                          without payload for longer is idle (default 30)\n"
"      --threshold NAME=VALUE\n"
"                          for --summary: set a flag's threshold, e.g.\n"
"                          syn-flood=50 (repeatable; see sevenway(1))\n"
"      --idle-timeout SEC  end a quiet connection after SEC seconds\n"
"                          (default 10800 offline, 300 live)\n"
"      --max-flows N       cap on tracked connections (default %u);\n"
"                          the longest idle is evicted first\n"
"      --shard I/N         keep only the connections whose symmetric flow\n"
"                          hash falls in shard I of N (0 <= I < N); the\n"
"                          shards' -F ndjson records read together are\n"
"                          the run over everything (see sevenway(1))\n"
"      --split N           with -w 'part-%%d.pcap': write the input, in one\n"
"                          pass, into N captures by the same flow hash\n"
"      --fanout GROUP      live (Linux): share the interface with the other\n"
"                          processes of AF_PACKET fanout group GROUP, by\n"
"                          flow hash\n"
"      --fail-on CLASSES   exit 1 if a connection matches: close values,\n"
"                          anomaly kinds, 'abnormal', 'any-anomaly'; with\n"
"                          checks, a trace without any TCP connection\n"
"                          fails too unless the list has 'empty'\n"
"      --assert EXPR       exit 1 unless EXPR holds (repeatable), e.g.\n"
"                          'all(handshake=complete)' 'count(close=reset) == 0'\n"
"      --junit FILE        also write a JUnit XML report to FILE\n"
"  -q, --quiet             no warnings on stderr\n"
"  -v, --verbose           more detail on stderr; absolute seq/ack in text\n"
"      --version           print the version and exit\n"
"  -h, --help              print this help and exit\n"
"\n"
"SIGUSR1 prints the running totals on stderr.\n"
"Exit status: 0 all good, 1 a --fail-on/--assert check failed (or no TCP\n"
"connection to check), 2 usage or input error.\n", SW_DEFAULT_MAX_FLOWS);
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Print "sevenway: MESSAGE (see sevenway --help)"; returns exit 2. */
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sevenway: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see sevenway --help)\n", stderr);
	return SW_EXIT_USAGE;
}

static bool
parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (*s == '\0' || *s == '-')
		return false;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return false;
	*v = x;
	return true;
}

static bool
parse_secs(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno == 0 && *end == '\0' && end != s && *v >= 0 &&
	    *v < 1e9;
}


enum {
	OPT_DURATION = 256, OPT_SHOW, OPT_IDLE, OPT_MAXFLOWS, OPT_FAILON,
	OPT_ASSERT, OPT_JUNIT, OPT_VERSION, OPT_ASCII, OPT_COLOR, OPT_EXPLAIN,
	OPT_LADDER, OPT_SUMMARY, OPT_IDLE_THRESHOLD, OPT_THRESHOLD, OPT_SHARD,
	OPT_SPLIT, OPT_FANOUT
};

/* Alphabetical by long name; the man page lists the same set. */
static const struct option longopts[] = {
	{ "ascii",        no_argument,       NULL, OPT_ASCII },
	{ "assert",       required_argument, NULL, OPT_ASSERT },
	{ "color",        required_argument, NULL, OPT_COLOR },
	{ "count",        required_argument, NULL, 'c' },
	{ "dont-verify-checksums", no_argument, NULL, 'K' },
	{ "duration",     required_argument, NULL, OPT_DURATION },
	{ "explain",      no_argument,       NULL, OPT_EXPLAIN },
	{ "fail-on",      required_argument, NULL, OPT_FAILON },
	{ "fanout",       required_argument, NULL, OPT_FANOUT },
	{ "filter",       required_argument, NULL, 'f' },
	{ "format",       required_argument, NULL, 'F' },
	{ "help",         no_argument,       NULL, 'h' },
	{ "idle-threshold", required_argument, NULL, OPT_IDLE_THRESHOLD },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "interface",    required_argument, NULL, 'i' },
	{ "junit",        required_argument, NULL, OPT_JUNIT },
	{ "ladder",       no_argument,       NULL, OPT_LADDER },
	{ "max-flows",    required_argument, NULL, OPT_MAXFLOWS },
	{ "no-promiscuous-mode", no_argument, NULL, 'p' },
	{ "quiet",        no_argument,       NULL, 'q' },
	{ "shard",        required_argument, NULL, OPT_SHARD },
	{ "show",         required_argument, NULL, OPT_SHOW },
	{ "split",        required_argument, NULL, OPT_SPLIT },
	{ "summary",      no_argument,       NULL, OPT_SUMMARY },
	{ "threshold",    required_argument, NULL, OPT_THRESHOLD },
	{ "time-format",  required_argument, NULL, 't' },
	{ "verbose",      no_argument,       NULL, 'v' },
	{ "version",      no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* --shard I/N: two decimal numbers, 0 <= I < N <= SW_MAX_SHARDS. */
static bool
parse_shard(const char *s, unsigned *index, unsigned *count)
{
	char num[24];
	const char *slash = strchr(s, '/');
	uint64_t i, n;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(num))
		return false;
	memcpy(num, s, (size_t)(slash - s));
	num[slash - s] = '\0';
	if (!parse_u64(num, SW_MAX_SHARDS, &i) ||
	    !parse_u64(slash + 1, SW_MAX_SHARDS, &n) || n == 0 || i >= n)
		return false;
	*index = (unsigned)i;
	*count = (unsigned)n;
	return true;
}

/* Whether pattern holds exactly one "%d" and no other '%'. */
static bool
split_pattern_ok(const char *pattern)
{
	const char *p = strchr(pattern, '%');

	return p != NULL && p[1] == 'd' && strchr(p + 2, '%') == NULL;
}

/* The words of a trailing EXPRESSION joined by blanks, as tcpdump does;
 * NULL when out of memory.  The caller frees it. */
static char *
join_words(char **w, int n)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, w[i]);
	}
	return s;
}

int
sw_cli_parse(struct cli *k, int argc, char **argv)
{
	struct sw_err err;
	uint64_t v;
	int ch;

	/* Every -r and every operand fit: at most argc inputs. */
	if ((k->files = calloc((size_t)argc + 1, sizeof(*k->files))) == NULL)
		return usage_error("%s", "out of memory");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:f:F:hi:Klnpqr:t:vw:Z:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (!parse_u64(optarg, UINT64_MAX, &k->cap.count) ||
			    k->cap.count == 0)
				return usage_error("-c: '%s' is not a positive "
				    "number", optarg);
			break;
		case 'f':
			k->cap.filter = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0)
				k->fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				k->fmt = FMT_JSON;
			else if (strcmp(optarg, "ndjson") == 0)
				k->fmt = FMT_NDJSON;
			else if (strcmp(optarg, "line") == 0)
				k->fmt = FMT_LINE;
			else if (strcmp(optarg, "zeek") == 0)
				k->fmt = FMT_ZEEK;
			else
				return usage_error("--format: '%s' is not one "
				    "of text, line, json, ndjson, zeek", optarg);
			break;
		case 'h':
			usage(stdout);
			return SW_EXIT_OK;
		case 'i':
			k->iface = optarg;
			break;
		case 'K':
			k->cfg.no_checksums = true;
			break;
		case 'p':
			k->cap.promisc = false;
			break;
		case 'n':
			break;	/* names are never resolved */
		case 'l':
			k->line_buffered = true;
			break;
		case 'r':
			k->files[k->nfiles++] = optarg;
			k->have_r = true;
			break;
		case 'w':
			k->wpath = optarg;
			break;
		case 'q':
			k->quiet = true;
			break;
		case 'Z':
			k->drop_user = optarg;
			break;
		case 't':
			if (strcmp(optarg, "epoch") == 0)
				k->view.time_fmt = SW_TIME_EPOCH;
			else if (strcmp(optarg, "iso") == 0)
				k->view.time_fmt = SW_TIME_ISO;
			else if (strcmp(optarg, "relative") == 0)
				k->view.time_fmt = SW_TIME_RELATIVE;
			else
				return usage_error("-t: '%s' is not one of "
				    "epoch, iso, relative", optarg);
			break;
		case 'v':
			k->verbose++;
			k->view.absolute_seq = true;
			break;
		case OPT_DURATION:
			if (!parse_secs(optarg, &k->cap.duration) ||
			    k->cap.duration <= 0)
				return usage_error("--duration: '%s' is not a "
				    "positive number of seconds", optarg);
			break;
		case OPT_SHOW:
			if (strcmp(optarg, "all") == 0) {
				k->show = SHOW_ALL;
			} else if (strcmp(optarg, "abnormal") == 0) {
				k->show = SHOW_ABNORMAL;
			} else if (sw_pred_parse(&k->show_pred, optarg, &err) ==
			    SW_OK) {
				k->show = SHOW_PRED;
			} else {
				fprintf(stderr, "sevenway: %s\n", err.msg);
				return SW_EXIT_USAGE;
			}
			break;
		case OPT_IDLE:
			if (!parse_secs(optarg, &k->cfg.idle_timeout) ||
			    k->cfg.idle_timeout <= 0)
				return usage_error("--idle-timeout: '%s' is not "
				    "a positive number of seconds", optarg);
			k->idle_set = true;
			break;
		case OPT_MAXFLOWS:
			if (!parse_u64(optarg, 1u << 30, &v) || v == 0)
				return usage_error("--max-flows: '%s' is not a "
				    "number from 1 to 1073741824", optarg);
			k->cfg.max_flows = (uint32_t)v;
			break;
		case OPT_FAILON:
			if (sw_failon_parse(&k->failon, optarg, &err) != SW_OK) {
				fprintf(stderr, "sevenway: %s\n", err.msg);
				return SW_EXIT_USAGE;
			}
			k->have_failon = true;
			break;
		case OPT_ASSERT:
			if (k->nasserts == MAX_ASSERTS)
				return usage_error("--assert: more than %d "
				    "assertions", MAX_ASSERTS);
			if (sw_assert_init(&k->asserts[k->nasserts], optarg,
			    &err) != SW_OK) {
				fprintf(stderr, "sevenway: --assert: %s\n",
				    err.msg);
				return SW_EXIT_USAGE;
			}
			k->nasserts++;
			break;
		case OPT_SUMMARY:
			k->summary = true;
			break;
		case OPT_IDLE_THRESHOLD:
			if (!parse_secs(optarg, &k->pcfg.idle_threshold) ||
			    k->pcfg.idle_threshold <= 0)
				return usage_error("--idle-threshold: '%s' is not "
				    "a positive number of seconds", optarg);
			k->protect_opts = true;
			break;
		case OPT_THRESHOLD:
			if (sw_protect_threshold(&k->pcfg, optarg, &err) !=
			    SW_OK) {
				fprintf(stderr, "sevenway: %s\n", err.msg);
				return SW_EXIT_USAGE;
			}
			k->protect_opts = true;
			break;
		case OPT_JUNIT:
			k->junit_path = optarg;
			break;
		case OPT_SHARD:
			if (!parse_shard(optarg, &k->cfg.shard_index,
			    &k->cfg.shard_count))
				return usage_error("--shard: '%s' is not I/N with "
				    "0 <= I < N <= %u", optarg, SW_MAX_SHARDS);
			k->shard_set = true;
			break;
		case OPT_SPLIT:
			if (!parse_u64(optarg, SW_MAX_SHARDS, &v) || v < 1)
				return usage_error("--split: '%s' is not a number "
				    "from 1 to %u", optarg, SW_MAX_SHARDS);
			k->split_n = (unsigned)v;
			break;
		case OPT_FANOUT:
			if (!parse_u64(optarg, 65535, &v))
				return usage_error("--fanout: '%s' is not a group "
				    "number from 0 to 65535", optarg);
			k->cap.fanout = true;
			k->cap.fanout_group = (uint16_t)v;
			break;
		case OPT_ASCII:
			k->view.ascii = true;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				k->color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				k->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				k->color = COLOR_NEVER;
			else
				return usage_error("--color: '%s' is not auto, "
				    "always or never", optarg);
			break;
		case OPT_EXPLAIN:
			k->view.explain = true;
			break;
		case OPT_LADDER:
			k->ladder = true;
			break;
		case OPT_VERSION:
			printf("sevenway %s\n", sw_version());
			return SW_EXIT_OK;
		case ':':
			/* A short option names its letter: in a bundle
			 * such as -Kc, argv[optind - 1] is not it. */
			if (strncmp(argv[optind - 1], "--", 2) != 0 &&
			    optopt > 0 && optopt < 256)
				return usage_error("-%c: missing argument",
				    optopt);
			return usage_error("%s: missing argument",
			    argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 256)
				return usage_error("-%c: unknown option",
				    optopt);
			return usage_error("%s: unknown option",
			    argv[optind - 1]);
		}
	}
	if (k->iface != NULL && k->have_r)
		return usage_error("%s", "give either -i IFACE or -r FILEs, "
		    "not both");
	/* tcpdump's rule: with -r or -i the operands are the filter. */
	if ((k->iface != NULL || k->have_r) && optind < argc) {
		if (k->cap.filter != NULL)
			return usage_error("%s", "give the filter either with -f "
			    "or as the trailing EXPRESSION, not both");
		if ((k->expr = join_words(argv + optind, argc - optind)) ==
		    NULL)
			return usage_error("%s", "out of memory");
		k->cap.filter = k->expr;
	} else if (!k->have_r) {
		for (int i = optind; i < argc; i++)
			k->files[k->nfiles++] = argv[i];
	}
	if (k->iface == NULL && k->nfiles == 0)
		return usage_error("%s", "no input: give capture FILEs, -r FILE "
		    "or -i IFACE");
	/* An input read once: -w keeps the packets as they come. */
	k->wstream = k->wpath != NULL && k->iface != NULL;
	for (int i = 0; k->wpath != NULL && i < k->nfiles; i++)
		if (strcmp(k->files[i], "-") == 0)
			k->wstream = true;
	if (k->iface == NULL && k->drop_user != NULL)
		return usage_error("%s", "-Z applies to live capture (-i) only");
	if (k->iface == NULL && k->cap.duration > 0)
		return usage_error("%s", "--duration applies to live capture "
		    "(-i) only");
	if (k->fmt == FMT_ZEEK && (k->summary || k->view.explain))
		return usage_error("%s", "-F zeek: conn.log has no column for "
		    "--summary or --explain");
	if (k->ladder && k->fmt != FMT_TEXT)
		return usage_error("%s", "--ladder draws in the text format "
		    "only");
	/* https://no-color.org: a NO_COLOR that is set and not empty turns
	 * automatic colour off; --color always still wins. */
	k->view.color = k->color == COLOR_ALWAYS || (k->color == COLOR_AUTO &&
	    isatty(STDOUT_FILENO) && (getenv("NO_COLOR") == NULL ||
	    getenv("NO_COLOR")[0] == '\0'));
	if (k->split_n > 0 && k->wpath == NULL)
		return usage_error("%s", "--split needs -w PATTERN, e.g. -w "
		    "'part-%d.pcap'");
	if (k->split_n > 0 && !split_pattern_ok(k->wpath))
		return usage_error("--split: -w '%s' needs one %%d (the part "
		    "number) and no other %%", k->wpath);
	if (k->split_n > 0 && k->iface != NULL)
		return usage_error("%s", "--split reads capture files, not a "
		    "live interface");
	if (k->split_n > 0 && k->shard_set)
		return usage_error("%s", "give either --shard or --split, not "
		    "both");
	if (k->split_n > 0)
		k->wstream = false;	/* the parts are written as read */
	if (k->cap.fanout && k->iface == NULL)
		return usage_error("%s", "--fanout applies to live capture (-i) "
		    "only");
	if (k->protect_opts && !k->summary)
		return usage_error("%s", "--idle-threshold and --threshold "
		    "apply to --summary only");
	if (k->iface != NULL && !k->idle_set)
		k->cfg.idle_timeout = SW_DEFAULT_IDLE_LIVE;
	return -1;
}

/* Like tcpdump, say when a live capture is ready (scripts wait for it). */
