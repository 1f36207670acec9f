/* SPDX-License-Identifier: MIT */
/*
 * protect_int.h: what the three files of the protection report share:
 * the collected entries, the per-server groups and their results.
 *
 * protect.c collects (configuration, sw_protect_add, the group table),
 * protect_sweep.c computes (sw_protect_finish), protect_out.c writes
 * (JSON and text).
 *
 * Times are int64 nanoseconds since the epoch: exact, so no result
 * depends on the order in which records were fed or on rounding.
 */
#ifndef SW_PROTECT_INT_H
#define SW_PROTECT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/protect.h"

#define SW_NS INT64_C(1000000000)

/* Linux's SYN-ACK retry span (tcp_synack_retries=5: 1+2+4+8+16+32 s):
 * how long a half-open or unanswered SYN can hold a backlog slot. */
#define SW_PROTECT_SYN_HOLD (63 * SW_NS)

/* At most this many clients in idle.top_clients. */
#define SW_PROTECT_TOP 5

/* What an entry records; also the order of the runs at finish. */
enum sw_pkind {
	SW_PK_HALF_OPEN,	/* half-open or unanswered: backlog held */
	SW_PK_CLOSE_WAIT,	/* the server in CLOSE_WAIT */
	SW_PK_FIN_WAIT_2,	/* the client never sent its FIN */
	SW_PK_IDLE,		/* established and quiet past the threshold */
	SW_PK_RESET		/* a server reset or refusal, at time a */
};

/* How an entry's end is resolved once the capture end E is known. */
enum sw_pend {
	SW_PE_FIXED,		/* b as recorded */
	SW_PE_HOLD,		/* still held when the capture stopped: E */
	SW_PE_SYN		/* max(b, min(a + SYN_HOLD, E)) */
};

/*
 * One fact about one connection that the sweeps need: an interval
 * [a, b) of capture time, whose client, and which server.  Only the
 * connections that matter to the report leave entries.  An interval
 * still held when the capture stopped is [a, E]: it counts at E itself.
 */
struct sw_pent {
	int64_t a, b;		/* [a, b); b final after resolve */
	uint32_t grp;		/* the server endpoint's group */
	uint32_t key;		/* sort key of the current pass (group) */
	uint8_t kind;		/* enum sw_pkind */
	uint8_t end;		/* enum sw_pend */
	bool held;		/* resolved: held past E, so [a, E] */
	struct sw_addr client;
};

/* Sweep events, in the order they apply at one time. */
enum sw_pev_kind {
	SW_EV_END,		/* an interval [a, t) ends: before starts */
	SW_EV_START,		/* an interval starts at t */
	SW_EV_HELD		/* one held at the capture end: after starts */
};

struct sw_pev {
	int64_t t;
	int32_t kind;		/* enum sw_pev_kind */
};

/* A client of idle.top_clients. */
struct sw_pclient {
	struct sw_addr addr;
	uint64_t conns;		/* its idle connections */
	uint64_t peak;		/* of them at once */
};

/* The flags, in the order they are listed. */
enum sw_pflag_kind {
	SW_PF_SYN_FLOOD,
	SW_PF_CLOSE_WAIT_LEAK,
	SW_PF_IDLE_HOLD,
	SW_PF_RESET_STORM,
	SW_PF__N
};

/* A flag that fired. */
struct sw_pflag {
	uint8_t kind;		/* enum sw_pflag_kind */
	bool secs;		/* value and threshold are seconds */
	uint64_t value, threshold;	/* counts (when !secs) */
	int64_t value_ns, threshold_ns;	/* durations (when secs) */
	int64_t since;		/* first time the condition held */
	struct sw_addr client;	/* idle-hold: the worst client */
};

/*
 * One server endpoint (ip:port) or, with host set, one server host:
 * the same counters and results, keyed differently.
 */
struct sw_pgroup {
	struct sw_addr addr;
	uint16_t port;		/* endpoints only */
	bool host;		/* a host rollup */
	uint32_t host_idx;	/* endpoints: the group of their host */
	uint32_t nports;	/* hosts: how many endpoints they have */

	/* Counted by sw_protect_add, for the endpoint and its host. */
	uint64_t conns;
	uint64_t ho_total;	/* half-open + unanswered */
	uint64_t unanswered;
	uint64_t refused;
	uint64_t unreachable;	/* SYNs answered only by ICMP errors */
	uint64_t rst_total;
	uint64_t rst_by[2];	/* by enum sw_role */
	uint64_t rst_phase[3];	/* handshake, transfer, close */
	uint64_t cw_total;	/* state.server CLOSE_WAIT at the end */
	uint64_t fw2_total;
	uint64_t no_payload;

	/* Computed by sw_protect_finish. */
	uint64_t ho_peak, ho_sources;
	int64_t ho_peak_at;
	uint64_t cw_peak, cw_open_end;
	int64_t cw_longest;
	int64_t fw2_longest;
	uint64_t idle_total, idle_peak;
	int64_t idle_peak_at;
	struct sw_pclient top[SW_PROTECT_TOP];
	uint8_t ntop;
	struct sw_pflag flag[SW_PF__N];
	uint8_t nflag;
	uint64_t score;		/* the ranking's second key */
	char name[64];		/* "10.0.0.2:80", "[2001:db8::1]:443" */
};

struct sw_protect {
	struct sw_protect_config cfg;
	int64_t idle_ns, cw_age_ns, window_ns;	/* cfg in ns */

	struct sw_pent *ent;	/* the entries */
	size_t nent, entcap;
	struct sw_pev *ev;	/* sweep scratch, 2 * entcap */

	/*
	 * Endpoints and hosts, as first seen.  sw_protect_finish() sorts
	 * them in report order: the nserv endpoints ranked, then the hosts
	 * ranked; slot and host_idx are then stale and no longer used.
	 */
	struct sw_pgroup *grp;
	uint32_t ngrp, grpcap;
	uint32_t *slot;		/* open addressing: group index + 1 */
	uint32_t nslot;		/* a power of two, > 2 * ngrp */
	uint32_t nserv;

	int64_t end;		/* E: the latest end fed */
	bool any;		/* a record was fed */
	bool finished;
};

/* The address text of a group: "ip:port", "[v6]:port" or "ip". */
void sw_protect_name(const struct sw_pgroup *g, char *buf, size_t len);

/* t (ns) as a struct sw_time. */
struct sw_time sw_protect_time(int64_t t);

#endif /* SW_PROTECT_INT_H */
