/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h: what the fuzz targets share.  Each target is one
 * LLVMFuzzerTestOneInput(bytes, len) over libsevenway; it is linked
 * either with libFuzzer (./configure --enable-fuzzing) or with replay.c,
 * a plain main() that runs it over files so that make check replays
 * every seed and every past finding.
 *
 * A target aborts (fuzz_check) when an invariant of the library's
 * contract does not hold, so that the fuzzer reports it as a crash.
 */
#ifndef SEVENWAY_FUZZ_H
#define SEVENWAY_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sevenway/conn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* Abort with the condition's text when cond is false. */
#define fuzz_check(cond) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
void fuzz_fail(const char *file, int line, const char *what);

/* The output every view writes to: /dev/null, opened once. */
FILE *fuzz_devnull(void);

/*
 * The connections of the fixed traces (fixture.c), analysed once on the
 * first call; *n is set to their number.  They are copies: valid for
 * the whole run.  Input names are fuzz_input_name(conn->input).
 */
const struct sw_conn *fuzz_conns(size_t *n);
const char *fuzz_input_name(unsigned input);

/*
 * The reporters' side (views.c): a sink that hands every connection to
 * every view and check (text, line, ladder in its alphabets and with
 * colour, JSON, --explain, --fail-on, an --assert, the protection
 * report), then the summaries.
 */
struct fuzz_views;
struct fuzz_views *fuzz_views_new(void);
void fuzz_views_conn(void *ctx, const struct sw_conn *c);
struct sw_stats;
struct sw_capture_report;
void fuzz_views_finish(struct fuzz_views *fv, const struct sw_stats *s,
    const struct sw_capture_report *rep);
void fuzz_views_free(struct fuzz_views *fv);

#endif /* SEVENWAY_FUZZ_H */
