/* SPDX-License-Identifier: MIT */
/*
 * wfile.h: -w FILE (the packets of the connections shown) and the safe
 * way sevenway writes an output file.
 */
#ifndef SW_WFILE_H
#define SW_WFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sevenway/capture.h"
#include "sevenway/conn.h"

struct mark;

/* The connections shown, as marks (see wfile.c). */
struct sw_wfile {
	struct mark *marks;	/* owned */
	size_t n, cap;
	size_t *slot;		/* look-up table; SIZE_MAX = empty */
	size_t mask;
	uint64_t written;	/* frames written */
	uint64_t other_link;	/* not written: another link type */
};

void sw_wfile_init(struct sw_wfile *w);
void sw_wfile_fini(struct sw_wfile *w);

/* Remember connection c as shown; false when out of memory. */
bool sw_wfile_mark(struct sw_wfile *w, const struct sw_conn *c);

/*
 * Read files[0..n) again with the options of the run (o) and write to
 * out, as pcap, every TCP frame of a marked connection, in capture
 * order.  The link type is that of the first frame written; frames of
 * another link type are counted in w->other_link and left out.  out
 * stays open (the caller closes it).
 */
enum sw_status sw_wfile_write(struct sw_wfile *w, const char *const *files,
    int n, const struct sw_capture_opts *o, FILE *out, struct sw_err *err);

/*
 * An output file that never leaves half a file in place and never
 * replaces what is not a regular file.  A FIFO or a character device
 * (/dev/stdout, /dev/null) is written directly.  A path that exists and
 * is anything else but a regular file (a directory, a socket, a block
 * device) is refused.  Otherwise the output goes to a new file made by
 * mkstemp(3) in the same directory (O_EXCL: no symbolic link is
 * followed), renamed over path by sw_out_commit.
 */
struct sw_out {
	FILE *f;
	char *path;		/* as given */
	char *tmp;		/* the temporary name; NULL when direct */
};

/* Open path for writing; what names the option in messages ("-w"). */
enum sw_status sw_out_open(struct sw_out *o, const char *path,
    const char *what, struct sw_err *err);
/* Flush, close and rename into place; an error leaves path untouched. */
enum sw_status sw_out_commit(struct sw_out *o, const char *what,
    struct sw_err *err);
/* Close and remove the temporary file, if any (after an error). */
void sw_out_abort(struct sw_out *o);

#endif /* SW_WFILE_H */
