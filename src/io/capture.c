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

#include "config.h"
#include "sevenway/capture.h"

#define SW_LIVE_SNAPLEN 65600
#define SW_LIVE_BUFFER (32 * 1024 * 1024)

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

	t.sec = h->ts.tv_sec;
	t.nsec = nano ? (uint32_t)h->ts.tv_usec : (uint32_t)h->ts.tv_usec * 1000;
	return t;
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

enum sw_status
sw_capture_files(struct sw_analyzer *a, const char *const *files, int n,
    const struct sw_capture_opts *o, struct sw_capture_report *rep,
    struct sw_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	bool filtering = o->filter != NULL && *o->filter != '\0';
	struct bpf_program prog;
	uint64_t seen = 0, done = 0, total = 0, frames = 0;
	struct sw_time prev_end = { 0, 0 };
	bool have_prev = false, order_warned = false;

	if (o->progress != NULL)
		total = total_size(files, n);

	for (int f = 0; f < n; f++) {
		const char *name = strcmp(files[f], "-") == 0 ? "(stdin)" :
		    files[f];
		struct pcap_pkthdr *h;
		const u_char *bytes;
		enum sw_status st;
		bool nano, first = true;
		pcap_t *p;
		int dlt, rc = 0;

		ebuf[0] = '\0';
		p = open_file(files[f], ebuf, &nano);
		if (p == NULL)
			return open_error(name, ebuf, err);
		if ((st = check_dlt(p, name, err)) != SW_OK ||
		    (filtering && (st = compile_filter(p, o->filter,
		    PCAP_NETMASK_UNKNOWN, &prog, err)) != SW_OK)) {
			pcap_close(p);
			return st;
		}
		dlt = pcap_datalink(p);
		sw_analyzer_set_input(a, (unsigned)f);
		/* The filter is applied here, not inside libpcap, so that
		 * rejected records still count in the frame numbers. */
		while (!stop_requested(o) && (o->count == 0 || seen < o->count) &&
		    (rc = pcap_next_ex(p, &h, &bytes)) >= 0) {
			if (rc == 0)
				continue;
			if (o->progress != NULL &&
			    ++frames % SW_PROGRESS_FRAMES == 0)
				o->progress(o->progress_ctx, done + file_pos(p),
				    total);
			if (first && f > 0) {
				struct sw_time t = ts_of(h, nano);

				/* Read in the order given, as one capture: say
				 * so when that is not time order. */
				if (have_prev && !order_warned &&
				    sw_time_before(t, prev_end)) {
					warn(rep, "%s starts before the end of "
					    "%s: files are read in the order "
					    "given", name, files[f - 1]);
					order_warned = true;
				}
			}
			first = false;
			if (filtering && !pcap_offline_filter(&prog, h, bytes)) {
				sw_analyzer_filtered(a);
				continue;
			}
			seen++;
			sw_analyzer_frame(a, dlt, ts_of(h, nano), bytes,
			    h->caplen, h->len);
		}
		if (filtering)
			pcap_freecode(&prog);
		done += file_pos(p);
		if (sw_analyzer_stats(a)->have_ts) {
			prev_end = sw_analyzer_stats(a)->last_ts;
			have_prev = true;
		}
		if (stop_requested(o) || (o->count != 0 && seen >= o->count)) {
			rep->stopped = true;
			pcap_close(p);
			break;
		}
		if (rc == PCAP_ERROR)
			warn(rep, "%s: %s; kept the %llu frames read before it",
			    name, strstr(pcap_geterr(p), "truncated") ?
			    "file is truncated in the middle of a packet" :
			    pcap_geterr(p), (unsigned long long)seen);
		pcap_close(p);
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
	sw_analyzer_frame(x->a, x->dlt, ts_of(h, x->nano), bytes, h->caplen,
	    h->len);
}

enum sw_status
sw_capture_live(struct sw_analyzer *a, const char *iface,
    const struct sw_capture_opts *o, struct sw_capture_report *rep,
    struct sw_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct live_ctx x = { a, 0, false, 0, o->count };
	bpf_u_int32 net = 0, mask = 0;
	struct sw_time start = wall_now();
	struct pcap_stat ps;
	enum sw_status st;
	struct pollfd pfd;
	pcap_t *p;
	int rc;

	ebuf[0] = '\0';
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
	x.dlt = pcap_datalink(p);
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
