/* SPDX-License-Identifier: MIT */
/*
 * assert_eval.c: streaming evaluation of --assert over finished
 * connections.
 *
 * Connections are fed once each as they end and are not kept: a tally
 * is two counters plus the ids and first frames of the few offending
 * connections with the lowest ids (so the list is the same whatever
 * order they end in, and after a reduce of shards), so memory does not
 * grow with the capture.  The
 * verdict is read off the counters at the end.  all() over zero
 * connections passes (it is vacuously true, as in logic and in SQL's
 * ALL); write any(...) or count(...) >= 1 to require connections.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/ci.h"

enum sw_status
sw_assert_init(struct sw_assert *a, const char *text, struct sw_err *err)
{
	memset(a, 0, sizeof(*a));
	return sw_assert_parse(&a->expr, text, err);
}

void
sw_assert_feed(struct sw_assert *a, const struct sw_conn *c,
    const char *input)
{
	bool m = sw_assert_pred(&a->expr, c, input);
	/* all() is broken by a non-match; the others are about matches. */
	bool offending = a->expr.quant == SW_QUANT_ALL ? !m : m;

	a->seen++;
	if (m)
		a->matched++;
	if (offending && (a->nids < SW_ASSERT_MAX_IDS ||
	    c->id < a->id[a->nids - 1])) {
		unsigned i = a->nids < SW_ASSERT_MAX_IDS ? a->nids++ :
		    a->nids - 1;

		/* Insertion into the sorted list, the largest falling off. */
		for (; i > 0 && a->id[i - 1] > c->id; i--) {
			a->id[i] = a->id[i - 1];
			a->frame[i] = a->frame[i - 1];
		}
		a->id[i] = c->id;
		a->frame[i] = c->first_frame;
	}
}

static bool
compare(uint64_t v, enum sw_cmp c, uint64_t n)
{
	switch (c) {
	case SW_CMP_EQ: return v == n;
	case SW_CMP_NE: return v != n;
	case SW_CMP_LT: return v < n;
	case SW_CMP_LE: return v <= n;
	case SW_CMP_GT: return v > n;
	case SW_CMP_GE: return v >= n;
	default: return false;
	}
}

bool
sw_assert_passed(const struct sw_assert *a)
{
	switch (a->expr.quant) {
	case SW_QUANT_ALL:
		return a->matched == a->seen;
	case SW_QUANT_NONE:
		return a->matched == 0;
	case SW_QUANT_ANY:
		return a->matched > 0;
	case SW_QUANT_COUNT:
		return compare(a->matched, (enum sw_cmp)a->expr.cmp, a->expr.n);
	default:
		return false;
	}
}

/* Append printf output at *off in buf, never overflowing. */
static void
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
add(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (w > 0)
		*off += (size_t)w;
}

/* " (ids 3, 7)" for the kept offenders; "..." when there were more. */
static void
add_ids(const struct sw_assert *a, uint64_t offenders, char *buf,
    size_t len, size_t *off)
{
	if (a->nids == 0)
		return;
	add(buf, len, off, " (%s", offenders == 1 ? "id" : "ids");
	for (unsigned i = 0; i < a->nids; i++)
		add(buf, len, off, "%s%llu", i ? ", " : " ",
		    (unsigned long long)a->id[i]);
	add(buf, len, off, "%s)", offenders > a->nids ? ", ..." : "");
}

char *
sw_assert_result(const struct sw_assert *a, char *buf, size_t len)
{
	bool pass = sw_assert_passed(a);
	unsigned long long seen = a->seen, matched = a->matched;
	const char *conns = seen == 1 ? "connection" : "connections";
	size_t off = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	add(buf, len, &off, "%s %s: ", pass ? "PASS" : "FAIL", a->expr.text);
	if (a->expr.quant == SW_QUANT_ALL) {
		if (pass) {
			add(buf, len, &off, "%llu of %llu %s", matched, seen,
			    conns);
		} else {
			add(buf, len, &off, "%llu of %llu %s, %llu did not "
			    "match", matched, seen, conns, seen - matched);
			add_ids(a, seen - matched, buf, len, &off);
		}
	} else {
		add(buf, len, &off, "%llu of %llu %s matched", matched, seen,
		    conns);
		/* The ids say which ones to look at, so only on failure. */
		if (!pass)
			add_ids(a, matched, buf, len, &off);
	}
	return buf;
}
