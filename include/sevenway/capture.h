/* SPDX-License-Identifier: MIT */
/*
 * capture.h: reading frames with libpcap, from files or a live
 * interface, into an analyzer.
 *
 * Files are read in the order given as one continuous capture ("-" is
 * standard input); frame numbers continue across them.  A file cut short
 * in the middle of a record is not an error: what was read is kept and
 * the report carries a warning.  Every other failure (missing file, not
 * a capture, bad filter, unsupported link type, no such interface, no
 * permission) returns an error status with err filled in; frames already
 * fed to the analyzer stay there.
 */
#ifndef SEVENWAY_CAPTURE_H
#define SEVENWAY_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "sevenway/analyzer.h"
#include "sevenway/sevenway.h"

#define SW_PROGRESS_FRAMES 65536

/*
 * One capture record, borrowed for the call: its link type, time and
 * bytes; passed says whether the -f filter took it.
 */
typedef void sw_frame_fn(void *ctx, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t len, bool passed);

struct sw_capture_opts {
	const char *filter;	/* BPF expression or NULL */
	uint64_t count;		/* stop after this many frames; 0 = all */
	double duration;	/* live: stop after this many seconds; 0 */
	bool promisc;		/* live: promiscuous mode */
	/*
	 * Live, Linux: join AF_PACKET fanout group fanout_group in hash
	 * mode, so that the processes of the group share the interface's
	 * packets, each flow going to one of them (--fanout).
	 */
	bool fanout;
	uint16_t fanout_group;
	/* Set asynchronously (SIGINT/SIGTERM) to stop reading. */
	volatile sig_atomic_t *stop;
	/*
	 * Offline: called every SW_PROGRESS_FRAMES frames (may be NULL)
	 * with the bytes read so far and the total size of the files (0
	 * when unknown, e.g. standard input).
	 */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
	/*
	 * Live: called once the device is open and filtered, before the
	 * first packet is read (may be NULL); the place to give up
	 * privileges.  An error status stops the capture with err.
	 */
	enum sw_status (*opened)(void *ctx, struct sw_err *err);
	void *opened_ctx;
	/*
	 * Called with every record read (live: every packet), in order,
	 * just before the analyzer gets it (may be NULL).
	 */
	sw_frame_fn *tap;
	void *tap_ctx;
	/* Live: called once the interface is capturing (may be NULL). */
	void (*ready)(void *ctx, const char *iface, const char *linktype);
	void *ready_ctx;
};

struct sw_capture_report {
	unsigned warnings;
	char warning[4][SW_ERRBUF_SIZE];	/* the first few, one line each */
	bool have_stats;	/* live: pcap_stats() worked */
	uint64_t ps_recv, ps_drop, ps_ifdrop;
	bool stopped;		/* ended by count, duration or signal */
	/* Records whose sub-second field was out of range (a damaged
	 * record: at least a second); their time is carried over. */
	uint64_t bad_subsecond;
	/* -w of an input read once: packets of connections still open
	 * dropped because the buffer was full (summary only when > 0). */
	uint64_t w_dropped;
	/* On an error status: the input (file index, or 0 for the
	 * interface) that could not be analysed. */
	bool input_failed;
	unsigned failed_input;
};

/* Read files[0..n) into a.  See the header comment for errors. */
enum sw_status sw_capture_files(struct sw_analyzer *a,
    const char *const *files, int n, const struct sw_capture_opts *o,
    struct sw_capture_report *rep, struct sw_err *err);

/*
 * A second pass over files (-w): read them exactly as sw_capture_files
 * does (same order, filter, -c and stop rules, frame numbering) but hand
 * every record to frame() instead of an analyzer.  passed says whether
 * the -f filter took it.  Errors as for sw_capture_files.
 */
enum sw_status sw_capture_replay(const char *const *files, int n,
    const struct sw_capture_opts *o, sw_frame_fn *frame, void *ctx,
    struct sw_capture_report *rep, struct sw_err *err);

/* Sniff interface iface into a until count, duration or *stop. */
enum sw_status sw_capture_live(struct sw_analyzer *a, const char *iface,
    const struct sw_capture_opts *o, struct sw_capture_report *rep,
    struct sw_err *err);

#endif /* SEVENWAY_CAPTURE_H */
