/* SPDX-License-Identifier: MIT */
/*
 * json_writer.h: what the jansson builder (report_json.c) and the
 * streaming writer (json_writer.c) share, so both say the same thing.
 */
#ifndef SW_JSON_WRITER_H
#define SW_JSON_WRITER_H

#include <stdbool.h>

#include "sevenway/conn.h"
#include "sevenway/report.h"

/* t as the number of seconds JSON carries, rounded to the microsecond. */
double sw_json_seconds(struct sw_time t);

/* Whether c has sub-microsecond times, so the *_ns members are added. */
bool sw_json_has_ns(const struct sw_conn *c);

/* Whether jansson takes s as a string (valid UTF-8). */
bool sw_json_utf8_ok(const char *s);

/* v as jansson prints a real with JSON_REAL_PRECISION(16). */
void sw_json_real(struct sw_outbuf *b, double v);
/*
 * ns nanoseconds in milliseconds, byte for byte as sw_json_real() writes
 * (double)ns / 1e6, mostly without its printf (json_writer.c says when).
 */
void sw_json_ms(struct sw_outbuf *b, int64_t ns);

#endif /* SW_JSON_WRITER_H */
