/* SPDX-License-Identifier: MIT */
/*
 * sevenway.h: the common ground of libsevenway: status codes, the error
 * buffer, version, and the ownership rules every module follows.
 *
 * Ownership rules (they hold for every sw_ function):
 *  - Packet bytes are borrowed from libpcap.  They are valid only during
 *    the call that received them and are never stored.
 *  - The flow table owns every struct sw_conn.  A reporter receives a
 *    const struct sw_conn * and must not keep it after the emit call:
 *    the slot is reused.
 *  - Whoever calls _new calls _free, and _free(NULL) is a no-op.
 *  - The library never prints, exits or longjmps.  It returns an
 *    enum sw_status and, on failure, fills the caller's struct sw_err.
 */
#ifndef SEVENWAY_SEVENWAY_H
#define SEVENWAY_SEVENWAY_H

#include <stddef.h>
#include <stdint.h>

#define SW_ERRBUF_SIZE 512

enum sw_status {
	SW_OK = 0,
	SW_ERR_USAGE,		/* bad option or expression */
	SW_ERR_INPUT,		/* unreadable file, not a capture, bad filter */
	SW_ERR_LINKTYPE,	/* unsupported link-layer type */
	SW_ERR_NOMEM,		/* allocation failed */
	SW_ERR_PERM,		/* live capture not permitted */
	SW_ERR_IO		/* write error on an output */
};

/* What went wrong, in the words the CLI prints after "sevenway: ". */
struct sw_err {
	enum sw_status code;
	char msg[SW_ERRBUF_SIZE];
};

/* Fill err with code and a printf-style message; returns code. */
enum sw_status sw_err_set(struct sw_err *err, enum sw_status code,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The package version string, e.g. "0.1.0". */
const char *sw_version(void);

/*
 * A capture timestamp.  nsec is always nanoseconds; a microsecond capture
 * simply has nsec % 1000 == 0, and output keeps 6 digits then.
 *
 * A connection record holds about twenty of these, so where the compiler
 * allows it the time takes 12 bytes on a 4-byte boundary instead of 16
 * (two words and four bytes of padding).  Nothing takes the address of a
 * member, so the packing is invisible to the code.
 */
#if defined(__GNUC__)
#define SW_PACKED4 __attribute__((packed, aligned(4)))
#else
#define SW_PACKED4
#endif
struct sw_time {
	int64_t sec;
	uint32_t nsec;
} SW_PACKED4;

/*
 * Every time read from an input has 0 <= sec < SW_TIME_MAX_SEC (2^33 s,
 * the year 2242), so that a time or the distance between two fits an
 * int64_t in nanoseconds: a classic pcap time always does (32-bit
 * seconds), and the pcapng and record readers refuse the others.
 */
#define SW_TIME_MAX_SEC (INT64_C(1) << 33)

/* sec seconds plus ns nanoseconds (either may be negative) as a time. */
static inline struct sw_time
sw_time_make(int64_t sec, int64_t ns)
{
	struct sw_time t;

	t.sec = sec + ns / 1000000000;
	ns %= 1000000000;
	if (ns < 0) {
		ns += 1000000000;
		t.sec--;
	}
	t.nsec = (uint32_t)ns;
	return t;
}

/* a - b in seconds, as a double (inline: the per-packet path uses it). */
static inline double
sw_time_diff(struct sw_time a, struct sw_time b)
{
	return ((double)a.sec - (double)b.sec) +
	    ((double)a.nsec - (double)b.nsec) / 1e9;
}

/* a < b */
static inline int
sw_time_before(struct sw_time a, struct sw_time b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec < b.nsec);
}

#endif /* SEVENWAY_SEVENWAY_H */
