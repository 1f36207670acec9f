/* SPDX-License-Identifier: MIT */
/*
 * capture.c: libpcap offline and live reading behind one interface.
 *
 * Files are opened one after the other with nanosecond timestamps
 * requested, so a nanosecond capture keeps its precision and a
 * microsecond one is scaled exactly.  The live loop polls the pcap
 * descriptor with a short timeout so that --duration, idle expiry and a
 * stop request are honoured even when no packet arrives.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <pcap/pcap.h>
#ifdef __linux__
#include <sys/socket.h>
#include <linux/if_packet.h>
#endif

#include "config.h"
#include "sevenway/capture.h"
#include "pcapmap.h"
#include "pcapng.h"

#define SW_LIVE_SNAPLEN 65600
#define SW_LIVE_BUFFER (32 * 1024 * 1024)

static void warn(struct sw_capture_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keep the first few warnings, count them all. */
static void
warn(struct sw_capture_report *rep, const char *fmt, ...)
{
	va_list ap;

	if (rep->warnings < 4) {
		va_start(ap, fmt);
		vsnprintf(rep->warning[rep->warnings],
		    sizeof(rep->warning[0]), fmt, ap);
		va_end(ap);
	}
	rep->warnings++;
}

static bool
stop_requested(const struct sw_capture_opts *o)
{
	return o->stop != NULL && *o->stop;
}

static enum sw_status
compile_filter(pcap_t *p, const char *filter, bpf_u_int32 net,
    struct bpf_program *prog, struct sw_err *err)
{
	if (pcap_compile(p, prog, filter, 1, net) != 0)
		return sw_err_set(err, SW_ERR_INPUT,
		    "bad filter '%s': %s", filter, pcap_geterr(p));
	return SW_OK;
}

/* Live: the kernel filters, so rejected packets are never seen. */
static enum sw_status
apply_filter(pcap_t *p, const char *filter, bpf_u_int32 net,
    struct sw_err *err)
{
	struct bpf_program prog;

	if (filter == NULL || *filter == '\0')
		return SW_OK;
	if (compile_filter(p, filter, net, &prog, err) != SW_OK)
		return err->code;
	if (pcap_setfilter(p, &prog) != 0) {
		pcap_freecode(&prog);
		return sw_err_set(err, SW_ERR_INPUT,
		    "cannot set filter '%s': %s", filter, pcap_geterr(p));
	}
	pcap_freecode(&prog);
	return SW_OK;
}

static enum sw_status
check_dlt(pcap_t *p, const char *what, struct sw_err *err)
{
	int dlt = pcap_datalink(p);
	const char *name = pcap_datalink_val_to_name(dlt);

	if (sw_dlt_supported(dlt))
		return SW_OK;
	return sw_err_set(err, SW_ERR_LINKTYPE,
	    "%s: unsupported link type %s (%d); supported: %s", what,
	    name != NULL ? name : "unknown", dlt, sw_dlt_list());
}

static struct sw_time
ts_of(const struct pcap_pkthdr *h, bool nano)
{
	struct sw_time t;
	uint64_t sub = (uint64_t)(uint32_t)h->ts.tv_usec, per = nano ?
	    1000000000u : 1000000u;

	/* A classic pcap header holds seconds as an unsigned 32-bit value
	 * (to 2106); libpcap hands them over as a signed one, negative
	 * after 2038-01-19. */
	t.sec = h->ts.tv_sec < 0 ? (int64_t)(uint32_t)h->ts.tv_sec :
	    (int64_t)h->ts.tv_sec;
	/* A damaged record may hold a second or more here: carried over
	 * (and counted by the caller). */
	t.sec += (int64_t)(sub / per);
	sub %= per;
	t.nsec = nano ? (uint32_t)sub : (uint32_t)sub * 1000;
	/* Past SW_TIME_MAX_SEC (year 2242; a pcapng file's 64-bit times
	 * reach further) nanosecond arithmetic would overflow: held there,
	 * and counted by the caller. */
	if (t.sec >= SW_TIME_MAX_SEC)
		t.sec = SW_TIME_MAX_SEC - 1;
	return t;
}

/*
 * Whether h's time is damaged: a sub-second field out of range, or
 * seconds beyond SW_TIME_MAX_SEC.
 */
static bool
bad_subsecond(const struct pcap_pkthdr *h, bool nano)
{
	return (uint64_t)(uint32_t)h->ts.tv_usec >= (nano ? 1000000000u :
	    1000000u) || (h->ts.tv_sec >= 0 &&
	    (uint64_t)h->ts.tv_sec >= (uint64_t)SW_TIME_MAX_SEC);
}

static pcap_t *
open_file(const char *path, char *ebuf, bool *nano)
{
	pcap_t *p;

#ifdef HAVE_PCAP_OPEN_OFFLINE_WITH_TSTAMP_PRECISION
	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, ebuf);
	*nano = p != NULL &&
	    pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
#else
	p = pcap_open_offline(path, ebuf);
	*nano = false;
#endif
	return p;
}

/* Make libpcap's "open" messages say what a user needs to know. */
static enum sw_status
open_error(const char *path, const char *ebuf, struct sw_err *err)
{
	if (strstr(ebuf, "No such file") != NULL)
		return sw_err_set(err, SW_ERR_INPUT, "%s: no such file", path);
	if (strstr(ebuf, "Permission denied") != NULL)
		return sw_err_set(err, SW_ERR_INPUT, "%s: permission denied",
		    path);
	if (strstr(ebuf, "unknown file format") != NULL ||
	    strstr(ebuf, "bad dump file format") != NULL)
		return sw_err_set(err, SW_ERR_INPUT,
		    "%s: not a pcap or pcapng capture file", path);
	if (strstr(ebuf, "truncated dump file") != NULL)
		return sw_err_set(err, SW_ERR_INPUT,
		    "%s: capture file header is truncated", path);
	return sw_err_set(err, SW_ERR_INPUT, "%s: %s", path, ebuf);
}

/* The size of every regular file among files (0 if one is not). */
static uint64_t
total_size(const char *const *files, int n)
{
	uint64_t total = 0;
	struct stat st;

	for (int f = 0; f < n; f++) {
		if (strcmp(files[f], "-") == 0 || stat(files[f], &st) != 0 ||
		    !S_ISREG(st.st_mode))
			return 0;
		total += (uint64_t)st.st_size;
	}
	return total;
}

/* Bytes of the current file read so far (0 when it cannot be told). */
static uint64_t
file_pos(pcap_t *p)
{
	FILE *f = pcap_file(p);
	off_t off = f != NULL ? ftello(f) : -1;

	return off > 0 ? (uint64_t)off : 0;
}

/* What goes on from one file to the next. */
struct run {
	struct sw_analyzer *a;	/* NULL on a replay: frame() gets them */
	sw_frame_fn *frame;
	void *frame_ctx;
	const struct sw_capture_opts *o;
	struct sw_capture_report *rep;
	const char *const *files;
	uint64_t seen;		/* records that passed the filter (-c) */
	uint64_t frames;	/* records read, for progress */
	uint64_t done, total;	/* bytes of the files before this one */
	struct sw_time prev_end;	/* the last time of the files before */
	bool have_prev, order_warned;
};

/* One record to the analyzer, or to the replay's callback. */
static void
feed(struct run *x, int dlt, struct sw_time ts, const uint8_t *bytes,
    uint32_t caplen, uint32_t len, bool passed)
{
	if (x->a == NULL) {
		x->frame(x->frame_ctx, dlt, ts, bytes, caplen, len, passed);
		return;
	}
	if (x->o->tap != NULL)
		x->o->tap(x->o->tap_ctx, dlt, ts, bytes, caplen, len, passed);
	if (passed)
		sw_analyzer_frame(x->a, dlt, ts, bytes, caplen, len);
	else
		sw_analyzer_filtered(x->a);
}

/* Whether reading stops before the next record (-c, a signal). */
static bool
run_over(const struct run *x)
{
	return stop_requested(x->o) || (x->o->count != 0 &&
	    x->seen >= x->o->count);
}

/*
 * Every record, filtered or not: progress, and for a file's first
 * record whether it starts before the end of the files read before it.
 */
static void
on_record(struct run *x, int f, const char *name, bool *first,
    struct sw_time t, pcap_t *p, uint64_t pos)
{
	/* The position costs a system call with libpcap (p): only asked
	 * for when progress is shown. */
	if (x->o->progress != NULL && ++x->frames % SW_PROGRESS_FRAMES == 0)
		x->o->progress(x->o->progress_ctx, x->done +
		    (p != NULL ? file_pos(p) : pos), x->total);
	/* Read in the order given, as one capture: say so when that is
	 * not time order. */
	if (*first && f > 0 && x->have_prev && !x->order_warned &&
	    sw_time_before(t, x->prev_end)) {
		warn(x->rep, "%s starts before the end of %s: files are read "
		    "in the order given", name, x->files[f - 1]);
		x->order_warned = true;
	}
	*first = false;
}

/* After a file: where the next one should start, in time. */
static void
file_done(struct run *x, uint64_t size)
{
	x->done += size;
	if (x->a != NULL && sw_analyzer_stats(x->a)->have_ts) {
		x->prev_end = sw_analyzer_stats(x->a)->last_ts;
		x->have_prev = true;
	}
	if (run_over(x))
		x->rep->stopped = true;
}

/*
 * libpcap reads a pcapng file only when every interface has the first
 * one's link type and snapshot length and every section its byte order;
 * a section in the other byte order it even takes for a damaged block.
 * So any error in the middle of a pcapng file but a cut hands the file
 * to the pcapng reader, which goes on or tells the damage itself.
 */
static bool
file_is_pcapng(const char *path)
{
	static const uint8_t shb[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
	uint8_t b[4];
	FILE *fp = fopen(path, "rb");
	bool ng;

	if (fp == NULL)
		return false;
	ng = fread(b, 1, 4, fp) == 4 && memcmp(b, shb, 4) == 0;
	fclose(fp);
	return ng;
}

/*
 * Read file f from its mapping m for as long as its records are regular
 * (pcapmap.h); *nrec counts the records read.
 */
static void
read_mapped(struct run *x, int f, const char *name, int dlt,
    struct sw_pcapmap *m, struct bpf_program *prog, uint64_t *nrec)
{
	struct sw_pcaprec r;
	bool first = true, passed;

	while (!run_over(x) && sw_pcapmap_next(m, &r)) {
		(*nrec)++;
		on_record(x, f, name, &first, r.ts, NULL, m->off);
		passed = true;
		if (prog != NULL) {
			struct pcap_pkthdr h;

			memset(&h, 0, sizeof(h));
			h.caplen = r.caplen;
			h.len = r.len;
			passed = pcap_offline_filter(prog, &h, r.bytes) != 0;
		}
		if (passed)
			x->seen++;
		feed(x, dlt, r.ts, r.bytes, r.caplen, r.len, passed);
		sw_pcapmap_release(m);
	}
}

/*
 * Read file f with libpcap.  When libpcap gives up on a pcapng file (see
 * above), *refused is set and *nrec says how many records it read (and
 * fed) before: the pcapng reader goes on from there.
 */
static enum sw_status
read_pcap(struct run *x, int f, const char *name, bool *refused,
    uint64_t *nrec, struct sw_err *err)
{
	const struct sw_capture_opts *o = x->o;
	bool filtering = o->filter != NULL && *o->filter != '\0';
	char ebuf[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	struct pcap_pkthdr *h;
	const u_char *bytes;
	enum sw_status st;
	bool nano, first = true;
	struct sw_pcapmap m;
	pcap_t *p;
	int dlt, rc = 0;

	*refused = false;
	*nrec = 0;
	ebuf[0] = '\0';
	p = open_file(x->files[f], ebuf, &nano);
	if (p == NULL)
		return open_error(name, ebuf, err);
	if ((st = check_dlt(p, name, err)) != SW_OK ||
	    (filtering && (st = compile_filter(p, o->filter,
	    PCAP_NETMASK_UNKNOWN, &prog, err)) != SW_OK)) {
		pcap_close(p);
		return st;
	}
	dlt = pcap_datalink(p);
	/* A regular classic pcap file is read in place; libpcap goes on
	 * from the first record that it must judge itself. */
	if (x->a != NULL && strcmp(x->files[f], "-") != 0 &&
	    sw_pcapmap_open(&m, x->files[f])) {
		read_mapped(x, f, name, dlt, &m, filtering ? &prog : NULL,
		    nrec);
		if (sw_pcapmap_done(&m) || run_over(x)) {
			if (filtering)
				pcap_freecode(&prog);
			file_done(x, m.off);
			sw_pcapmap_close(&m);
			pcap_close(p);
			return SW_OK;
		}
		sw_pcapmap_close(&m);
		for (uint64_t k = 0; k < *nrec; k++)
			if (pcap_next_ex(p, &h, &bytes) < 0)
				break;
		first = *nrec == 0;
	}
	/* The filter is applied here, not inside libpcap, so that
	 * rejected records still count in the frame numbers. */
	while (!run_over(x) && (rc = pcap_next_ex(p, &h, &bytes)) >= 0) {
		if (rc == 0)
			continue;
		(*nrec)++;
		if (bad_subsecond(h, nano) && x->rep->bad_subsecond++ == 0)
			warn(x->rep, "%s: frame %llu: time out of range (a "
			    "damaged record); carried over or held at 2242",
			    name, (unsigned long long)*nrec);
		on_record(x, f, name, &first, ts_of(h, nano), p, 0);
		if (filtering && !pcap_offline_filter(&prog, h, bytes)) {
			feed(x, dlt, ts_of(h, nano), bytes, h->caplen, h->len,
			    false);
			continue;
		}
		x->seen++;
		feed(x, dlt, ts_of(h, nano), bytes, h->caplen, h->len, true);
	}
	if (filtering)
		pcap_freecode(&prog);
	if (rc == PCAP_ERROR && !run_over(x) &&
	    strstr(pcap_geterr(p), "truncated") == NULL &&
	    file_is_pcapng(x->files[f])) {
		*refused = true;
		pcap_close(p);
		return SW_OK;
	}
	file_done(x, file_pos(p));
	if (rc == PCAP_ERROR && !x->rep->stopped)
		warn(x->rep, "%s: %s; kept the %llu frames of it read before",
		    name, strstr(pcap_geterr(p), "truncated") ?
		    "file is truncated in the middle of a packet" :
		    pcap_geterr(p), (unsigned long long)*nrec);
	pcap_close(p);
	return SW_OK;
}

/*
 * The pcapng reader's link types: each is compiled the filter for once
 * (libpcap filters are per link type), and an unsupported one is
 * reported once.  A file has a handful of them.
 */
#define MAX_LINKTYPES 16

struct ng_link {
	uint16_t linktype;	/* LINKTYPE_, as in the file */
	int dlt;		/* what pcap_datalink() would say */
	bool have_prog;		/* prog holds the compiled filter */
	bool reject;		/* the filter does not compile: reject all */
	struct bpf_program prog;
};

struct ng_links {
	struct ng_link v[MAX_LINKTYPES];
	unsigned n;
};

/* libpcap's LINKTYPE_ to DLT_ mapping, for the types that differ. */
static int
dlt_of(uint16_t linktype)
{
	switch (linktype) {
	case 101:			/* LINKTYPE_RAW */
		return DLT_RAW;
	case 108:			/* LINKTYPE_LOOP */
		return DLT_LOOP;
	default:
		return linktype;
	}
}

/* The entry of linktype, made (filter compiled) the first time. */
static struct ng_link *
ng_link(struct run *x, struct ng_links *t, const char *name,
    const struct sw_ng_pkt *pk)
{
	const char *filter = x->o->filter;
	struct ng_link *l;
	const char *lname;
	pcap_t *dead;

	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].linktype == pk->linktype)
			return &t->v[i];
	if (t->n == MAX_LINKTYPES)
		return NULL;
	l = &t->v[t->n++];
	memset(l, 0, sizeof *l);
	l->linktype = pk->linktype;
	l->dlt = dlt_of(pk->linktype);
	lname = pcap_datalink_val_to_name(l->dlt);
	if (!sw_dlt_supported(l->dlt))
		warn(x->rep, "%s: interface %u: unsupported link type %s (%d); "
		    "its frames are counted as skipped", name, pk->ifidx,
		    lname != NULL ? lname : "unknown", l->dlt);
	if (filter == NULL || *filter == '\0')
		return l;
	dead = pcap_open_dead(l->dlt, 65535);
	if (dead != NULL && pcap_compile(dead, &l->prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == 0) {
		l->have_prog = true;
	} else {
		l->reject = true;
		warn(x->rep, "%s: the filter does not apply to link type %s "
		    "(%s); those frames are filtered out", name,
		    lname != NULL ? lname : "unknown",
		    dead != NULL ? pcap_geterr(dead) : "out of memory");
	}
	if (dead != NULL)
		pcap_close(dead);
	return l;
}

static void
ng_links_free(struct ng_links *t)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].have_prog)
			pcap_freecode(&t->v[i].prog);
}

/* Whether the -f filter takes the packet. */
static bool
ng_filter(const struct ng_link *l, const struct sw_ng_pkt *pk)
{
	struct pcap_pkthdr h;

	if (l == NULL || l->reject)
		return false;
	if (!l->have_prog)
		return true;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = (time_t)pk->ts.sec;
	h.ts.tv_usec = (suseconds_t)(pk->ts.nsec / 1000);
	h.caplen = pk->caplen;
	h.len = pk->len;
	return pcap_offline_filter(&l->prog, &h, pk->data) != 0;
}

/*
 * Read file f (already open as fp) with the pcapng reader, after
 * skipping the skip packets libpcap fed before it gave up.  The first
 * interface must have a supported link type, as libpcap requires of
 * every file; later ones may not, and their frames are skipped.
 */
static enum sw_status
read_ng(struct run *x, int f, const char *name, FILE *fp, uint64_t skip,
    struct sw_err *err)
{
	bool filtering = x->o->filter != NULL && *x->o->filter != '\0';
	char msg[SW_ERRBUF_SIZE];
	struct ng_links links;
	struct sw_ng_pkt pk;
	enum sw_status st = SW_OK;
	enum sw_ng_rc rc = SW_NG_EOF;
	struct ng_link *l;
	bool first = skip == 0;	/* else libpcap has seen the first one */
	uint64_t nrec = 0;
	struct sw_ng r;

	if (!sw_ng_open(&r, fp))
		return sw_err_set(err, SW_ERR_NOMEM, "%s: out of memory", name);
	links.n = 0;
	while (!run_over(x) && (rc = sw_ng_next(&r, &pk, msg,
	    sizeof msg)) == SW_NG_PACKET) {
		if (nrec++ < skip)
			continue;
		/* The first interface decides, as for libpcap. */
		if (nrec == 1 && !sw_dlt_supported(dlt_of(r.ifs[0].linktype))) {
			int dlt = dlt_of(r.ifs[0].linktype);
			const char *n = pcap_datalink_val_to_name(dlt);

			st = sw_err_set(err, SW_ERR_LINKTYPE, "%s: unsupported "
			    "link type %s (%d); supported: %s", name,
			    n != NULL ? n : "unknown", dlt, sw_dlt_list());
			break;
		}
		l = ng_link(x, &links, name, &pk);
		on_record(x, f, name, &first, pk.ts, NULL, r.pos);
		if (filtering && !ng_filter(l, &pk)) {
			feed(x, dlt_of(pk.linktype), pk.ts, pk.data, pk.caplen,
			    pk.len, false);
			continue;
		}
		x->seen++;
		feed(x, dlt_of(pk.linktype), pk.ts, pk.data, pk.caplen, pk.len,
		    true);
	}
	ng_links_free(&links);
	sw_ng_close(&r);
	if (st != SW_OK)
		return st;
	/* Without an interface nothing can be read: libpcap's open
	 * fails alike. */
	if (rc == SW_NG_BAD && !r.in_section)
		return sw_err_set(err, SW_ERR_INPUT,
		    "%s: not a pcap or pcapng capture file", name);
	if (!r.described)
		return sw_err_set(err, SW_ERR_INPUT, rc == SW_NG_BAD ?
		    "%s: %s" : "%s: capture file header is truncated", name,
		    msg);
	file_done(x, r.pos);
	if ((rc == SW_NG_BAD || rc == SW_NG_TRUNC) && !x->rep->stopped)
		warn(x->rep, "%s: %s; kept the %llu frames of it read before",
		    name, msg, (unsigned long long)nrec);
	return SW_OK;
}

/* Read file f again with the pcapng reader, from after record skip. */
static enum sw_status
reread_ng(struct run *x, int f, const char *name, uint64_t skip,
    struct sw_err *err)
{
	enum sw_status st;
	FILE *fp = fopen(x->files[f], "rb");

	if (fp == NULL)
		return sw_err_set(err, SW_ERR_INPUT, "%s: %s", name,
		    strerror(errno));
	st = read_ng(x, f, name, fp, skip, err);
	fclose(fp);
	return st;
}

/* Standard input starting with a pcapng block (its first byte, 0x0a). */
static bool
stdin_is_pcapng(void)
{
	int c = getc(stdin);

	if (c == EOF)
		return false;
	ungetc(c, stdin);
	return c == 0x0a;
}

static enum sw_status read_files(struct run *x, int n, struct sw_err *err);

enum sw_status
sw_capture_files(struct sw_analyzer *a, const char *const *files, int n,
    const struct sw_capture_opts *o, struct sw_capture_report *rep,
    struct sw_err *err)
{
	struct run x;

	memset(&x, 0, sizeof x);
	x.a = a;
	x.o = o;
	x.rep = rep;
	x.files = files;
	return read_files(&x, n, err);
}

enum sw_status
sw_capture_replay(const char *const *files, int n,
    const struct sw_capture_opts *o, sw_frame_fn *frame, void *ctx,
    struct sw_capture_report *rep, struct sw_err *err)
{
	struct run x;

	memset(&x, 0, sizeof x);
	x.frame = frame;
	x.frame_ctx = ctx;
	x.o = o;
	x.rep = rep;
	x.files = files;
	return read_files(&x, n, err);
}

static enum sw_status
read_files(struct run *xp, int n, struct sw_err *err)
{
	struct run x = *xp;
	const struct sw_capture_opts *o = x.o;
	struct sw_capture_report *rep = x.rep;
	const char *const *files = x.files;
	struct sw_analyzer *a = x.a;

	if (o->progress != NULL && a != NULL)
		x.total = total_size(files, n);

	for (int f = 0; f < n && !rep->stopped; f++) {
		bool is_stdin = strcmp(files[f], "-") == 0, refused;
		const char *name = is_stdin ? "(stdin)" : files[f];
		enum sw_status st;
		uint64_t nrec;

		if (stop_requested(o)) {
			rep->stopped = true;
			break;
		}
		if (a != NULL)
			sw_analyzer_set_input(a, (unsigned)f);
		/*
		 * Standard input cannot be read twice: pcapng there always
		 * goes to the pcapng reader.  A file goes to it only once
		 * libpcap has refused it.
		 */
		if (is_stdin && stdin_is_pcapng())
			st = read_ng(&x, f, name, stdin, 0, err);
		else if ((st = read_pcap(&x, f, name, &refused, &nrec,
		    err)) == SW_OK && refused)
			st = reread_ng(&x, f, name, nrec, err);
		/* A stop request (SIGINT) interrupts a read of a pipe
		 * (EINTR), even before the capture's header is in: that is
		 * the end of the input, not an error. */
		if (st != SW_OK && is_stdin && stop_requested(o)) {
			rep->stopped = true;
			return SW_OK;
		}
		if (st != SW_OK) {
			rep->input_failed = true;
			rep->failed_input = (unsigned)f;
			return st;
		}
	}
	return SW_OK;
}

static enum sw_status
activate_error(pcap_t *p, int rc, const char *iface, struct sw_err *err)
{
	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return sw_err_set(err, SW_ERR_INPUT, "%s: no such interface",
		    iface);
	case PCAP_ERROR_PERM_DENIED:
		return sw_err_set(err, SW_ERR_PERM,
		    "%s: permission denied (live capture needs root or "
		    "CAP_NET_RAW)", iface);
	case PCAP_ERROR_IFACE_NOT_UP:
		return sw_err_set(err, SW_ERR_INPUT, "%s: interface is down",
		    iface);
	default:
		return sw_err_set(err, SW_ERR_INPUT, "%s: %s", iface,
		    pcap_geterr(p));
	}
}

static struct sw_time
wall_now(void)
{
	struct timespec ts;
	struct sw_time t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = ts.tv_sec;
	t.nsec = (uint32_t)ts.tv_nsec;
	return t;
}

struct live_ctx {
	struct sw_analyzer *a;
	const struct sw_capture_opts *o;
	int dlt;
	bool nano;
	uint64_t seen, count;
};

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct live_ctx *x = (struct live_ctx *)(void *)user;

	if (x->count != 0 && x->seen >= x->count)
		return;
	x->seen++;
	if (x->o->tap != NULL)
		x->o->tap(x->o->tap_ctx, x->dlt, ts_of(h, x->nano), bytes,
		    h->caplen, h->len, true);
	sw_analyzer_frame(x->a, x->dlt, ts_of(h, x->nano), bytes, h->caplen,
	    h->len);
}

/*
 * --fanout: put the capture's AF_PACKET socket in fanout group `group`
 * in hash mode (packet(7)): the kernel gives each flow to one socket of
 * the group by its flow hash, as Zeek's and Suricata's AF_PACKET
 * workers share an interface.  libpcap has no call for it, so it is
 * done on the descriptor libpcap opened, after pcap_activate.
 */
static enum sw_status
join_fanout(pcap_t *p, const char *iface, uint16_t group, struct sw_err *err)
{
#if defined(__linux__) && defined(PACKET_FANOUT)
	int arg = (int)group | (PACKET_FANOUT_HASH << 16);

	if (setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_FANOUT, &arg,
	    sizeof(arg)) != 0)
		return sw_err_set(err, SW_ERR_INPUT, "%s: --fanout %u: %s "
		    "(a group joined with other settings, or not an AF_PACKET "
		    "capture)", iface, group, strerror(errno));
	return SW_OK;
#else
	(void)p;
	return sw_err_set(err, SW_ERR_INPUT, "%s: --fanout %u: AF_PACKET "
	    "fanout is Linux only", iface, group);
#endif
}

enum sw_status
sw_capture_live(struct sw_analyzer *a, const char *iface,
    const struct sw_capture_opts *o, struct sw_capture_report *rep,
    struct sw_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct live_ctx x = { a, o, 0, false, 0, o->count };
	bpf_u_int32 net = 0, mask = 0;
	struct sw_time start = wall_now();
	struct pcap_stat ps;
	enum sw_status st;
	struct pollfd pfd;
	pcap_t *p;
	int rc;

	ebuf[0] = '\0';
	rep->input_failed = true;	/* until the interface is capturing */
	rep->failed_input = 0;
	p = pcap_create(iface, ebuf);
	if (p == NULL)
		return sw_err_set(err, SW_ERR_INPUT, "%s: %s", iface, ebuf);
	/*
	 * In immediate mode the kernel ring holds buffer / snaplen packets,
	 * so the two are chosen together: a snaplen that covers a 64 KiB
	 * IP packet (loopback MTU, GRO) plus its link header, and a buffer
	 * of about 500 such slots.  libpcap's defaults (262144 and 2 MB)
	 * leave 8 slots, and a short burst while we wait for the CPU is
	 * dropped.
	 */
	pcap_set_snaplen(p, SW_LIVE_SNAPLEN);
	pcap_set_buffer_size(p, SW_LIVE_BUFFER);
	pcap_set_promisc(p, o->promisc);
	pcap_set_timeout(p, 100);
#ifdef HAVE_PCAP_SET_IMMEDIATE_MODE
	pcap_set_immediate_mode(p, 1);
#endif
#ifdef HAVE_PCAP_OPEN_OFFLINE_WITH_TSTAMP_PRECISION
	x.nano = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;
#endif
	rc = pcap_activate(p);
	if (rc < 0) {
		st = activate_error(p, rc, iface, err);
		pcap_close(p);
		return st;
	}
	if (pcap_lookupnet(iface, &net, &mask, ebuf) != 0)
		mask = PCAP_NETMASK_UNKNOWN;
	if ((st = check_dlt(p, iface, err)) != SW_OK ||
	    (st = apply_filter(p, o->filter, mask, err)) != SW_OK) {
		pcap_close(p);
		return st;
	}
	if (o->fanout && (st = join_fanout(p, iface, o->fanout_group, err)) !=
	    SW_OK) {
		pcap_close(p);
		return st;
	}
	if (o->opened != NULL && (st = o->opened(o->opened_ctx, err)) !=
	    SW_OK) {
		pcap_close(p);
		return st;
	}
	x.dlt = pcap_datalink(p);
	rep->input_failed = false;
	pcap_setnonblock(p, 1, ebuf);
	if (o->ready != NULL) {
		const char *n = pcap_datalink_val_to_name(x.dlt);

		o->ready(o->ready_ctx, iface, n != NULL ? n : "unknown");
	}
	pfd.fd = pcap_get_selectable_fd(p);
	pfd.events = POLLIN;
	for (;;) {
		struct sw_time now;

		if (stop_requested(o) || (x.count != 0 && x.seen >= x.count)) {
			rep->stopped = true;
			break;
		}
		now = wall_now();
		if (o->duration > 0 && sw_time_diff(now, start) >= o->duration) {
			rep->stopped = true;
			break;
		}
		if (pfd.fd >= 0 && poll(&pfd, 1, 100) < 0 && errno != EINTR)
			break;
		rc = pcap_dispatch(p, -1, on_packet, (u_char *)(void *)&x);
		if (rc == PCAP_ERROR) {
			warn(rep, "%s: %s", iface, pcap_geterr(p));
			break;
		}
		sw_analyzer_tick(a, wall_now());
	}
	if (pcap_stats(p, &ps) == 0) {
		rep->have_stats = true;
		rep->ps_recv = ps.ps_recv;
		rep->ps_drop = ps.ps_drop;
		rep->ps_ifdrop = ps.ps_ifdrop;
	}
	pcap_close(p);
	return SW_OK;
}
