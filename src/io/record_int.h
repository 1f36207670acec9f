/* SPDX-License-Identifier: MIT */
/* record_int.h: what record.c lends the reduce (reduce.c). */
#ifndef SW_RECORD_INT_H
#define SW_RECORD_INT_H

#include <jansson.h>

#include "sevenway/record.h"

/* One "connection" record o of file: rebuilt, counted, to the sink. */
enum sw_status sw_record_connection(struct sw_record_reader *r,
    const json_t *o, const char *file, struct sw_err *err);
/* One "summary" record o: its packet-level totals merged. */
void sw_record_summary(struct sw_record_reader *r, const json_t *o);
/* The last summary record of file path (read from its tail), or NULL;
 * the caller releases it. */
json_t *sw_record_tail_summary(const char *path);

#endif /* SW_RECORD_INT_H */
