/* SPDX-License-Identifier: MIT */
/*
 * outfile.h: the safe way sevenway writes an output file (-w, --junit).
 */
#ifndef SW_OUTFILE_H
#define SW_OUTFILE_H

#include <stdio.h>

#include "sevenway/sevenway.h"

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

#endif /* SW_OUTFILE_H */
