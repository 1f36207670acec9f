/* SPDX-License-Identifier: MIT */
/*
 * timefmt.c: timestamps as people read them (-t epoch|iso|relative).
 *
 * Digits: microseconds unless the time has sub-microsecond digits (a
 * nanosecond capture), then nanoseconds, so nothing a capture holds is
 * rounded away.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "sevenway/report.h"
#include "outbuf.h"
#include "view.h"

char *
sw_time_str(struct sw_time t, char *buf, size_t len)
{
	if (t.nsec % 1000 == 0)
		snprintf(buf, len, "%lld.%06u", (long long)t.sec, t.nsec / 1000);
	else
		snprintf(buf, len, "%lld.%09u", (long long)t.sec, t.nsec);
	return buf;
}

/*
 * d = t - base as sign, seconds and nanoseconds, without a double, and
 * without overflow whatever seconds a damaged capture or record holds:
 * the larger time minus the smaller, in unsigned arithmetic.
 */
/* |t - base| as seconds and nanoseconds; true when t is before base. */
static bool
span(struct sw_time base, struct sw_time t, uint64_t *secs, int64_t *ns)
{
	bool neg = sw_time_before(t, base);
	struct sw_time hi = neg ? base : t, lo = neg ? t : base;

	*secs = (uint64_t)hi.sec - (uint64_t)lo.sec;
	*ns = (int64_t)hi.nsec - (int64_t)lo.nsec;
	for (; *ns < 0; *ns += 1000000000)
		(*secs)--;
	for (; *ns >= 1000000000; *ns -= 1000000000)
		(*secs)++;
	return neg;
}

char *
sw_duration_str(struct sw_time base, struct sw_time t, char *buf, size_t len)
{
	uint64_t secs;
	int64_t ns;
	const char *sign = span(base, t, &secs, &ns) ? "-" : "";

	if (t.nsec % 1000 == 0 && base.nsec % 1000 == 0)
		snprintf(buf, len, "%s%" PRIu64 ".%06" PRId64, sign, secs,
		    ns / 1000);
	else
		snprintf(buf, len, "%s%" PRIu64 ".%09" PRId64, sign, secs, ns);
	return buf;
}

char *
sw_view_time(const struct sw_view *v, struct sw_time t, char *buf, size_t len)
{
	struct tm tm;
	time_t secs = (time_t)t.sec;
	char date[32];

	switch (v != NULL ? v->time_fmt : SW_TIME_EPOCH) {
	case SW_TIME_ISO:
		if (gmtime_r(&secs, &tm) == NULL ||
		    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
			return sw_time_str(t, buf, len);
		if (t.nsec % 1000 == 0)
			snprintf(buf, len, "%s.%06uZ", date, t.nsec / 1000);
		else
			snprintf(buf, len, "%s.%09uZ", date, t.nsec);
		return buf;
	case SW_TIME_RELATIVE:
		return sw_duration_str(v->base, t, buf, len);
	case SW_TIME_EPOCH:
	default:
		return sw_time_str(t, buf, len);
	}
}

void
sw_ob_span(struct sw_outbuf *b, uint64_t ns, bool us)
{
	ob_u64(b, ns / 1000000000);
	ob_putc(b, '.');
	if (us)
		ob_u64_zero(b, ns % 1000000000 / 1000, 6);
	else
		ob_u64_zero(b, ns % 1000000000, 9);
}

void
sw_ob_duration(struct sw_outbuf *b, struct sw_time from, struct sw_time to)
{
	uint64_t secs;
	int64_t ns;
	bool us = to.nsec % 1000 == 0 && from.nsec % 1000 == 0;

	/* Seconds and nanoseconds apart: no overflow, whatever times a
	 * damaged input holds. */
	if (span(from, to, &secs, &ns))
		ob_putc(b, '-');
	ob_u64(b, secs);
	ob_putc(b, '.');
	if (us)
		ob_u64_zero(b, (uint64_t)ns / 1000, 6);
	else
		ob_u64_zero(b, (uint64_t)ns, 9);
}

void
sw_ob_time(struct sw_outbuf *b, const struct sw_view *v, struct sw_time t)
{
	char buf[64];

	switch (v != NULL ? v->time_fmt : SW_TIME_EPOCH) {
	case SW_TIME_ISO:
		ob_puts(b, sw_view_time(v, t, buf, sizeof(buf)));
		return;
	case SW_TIME_RELATIVE:
		sw_ob_duration(b, v->base, t);
		return;
	case SW_TIME_EPOCH:
	default:
		break;
	}
	if (t.nsec >= 1000000000) {	/* not a time: as printf has it */
		ob_puts(b, sw_time_str(t, buf, sizeof(buf)));
		return;
	}
	ob_i64(b, t.sec);
	ob_putc(b, '.');
	if (t.nsec % 1000 == 0)
		ob_u64_zero(b, t.nsec / 1000, 6);
	else
		ob_u64_zero(b, t.nsec, 9);
}
