/* SPDX-License-Identifier: MIT */
/*
 * names.c: the contract strings of names.def, and lookups both ways.
 *
 * The tables are generated from the X-macro lists, so adding a value in
 * names.def adds its string here; nothing else is hand-kept in step.
 */
#include <string.h>

#include "sevenway/conn.h"

#define SW_X2(id, s) s,
#define SW_X3(id, s, g) s,
static const char *const state_names[] = { SW_STATES(SW_X2) };
static const char *const handshake_names[] = { SW_HANDSHAKES(SW_X2) };
static const char *const close_names[] = { SW_CLOSES(SW_X2) };
static const char *const anomaly_names[] = { SW_ANOMALIES(SW_X3) };
static const char *const event_names[] = { SW_EVENTS(SW_X2) };
static const char *const step_names[] = { SW_STEPS(SW_X2) };
static const char *const zeek_state_names[] = { SW_ZEEK_STATES(SW_X2) };
#undef SW_X2
#undef SW_X3

#define SW_X3(id, s, g) g,
static const unsigned char anomaly_seqack[] = { SW_ANOMALIES(SW_X3) };
#undef SW_X3

#define NAME(table, v) \
	((unsigned)(v) < sizeof(table) / sizeof(table[0]) ? table[v] : "?")

const char *sw_state_name(enum sw_state s) { return NAME(state_names, s); }
const char *sw_handshake_name(enum sw_handshake h)
{
	return NAME(handshake_names, h);
}
const char *sw_close_name(enum sw_close c) { return NAME(close_names, c); }
const char *sw_anomaly_name(enum sw_anomaly_kind k)
{
	return NAME(anomaly_names, k);
}
const char *sw_event_name(enum sw_event e) { return NAME(event_names, e); }
const char *sw_step_name(enum sw_step_id s) { return NAME(step_names, s); }
const char *sw_zeek_state_name(enum sw_zeek_state z)
{
	return NAME(zeek_state_names, z);
}

const char *
sw_role_name(enum sw_role r)
{
	return r == SW_CLIENT ? "client" : r == SW_SERVER ? "server" : "none";
}

bool
sw_anomaly_is_seqack(enum sw_anomaly_kind k)
{
	return (unsigned)k < SW_AN__N && anomaly_seqack[k];
}

bool
sw_close_is_abnormal(enum sw_close c)
{
	/* DESIGN.md §6: the "abnormal" group. */
	switch (c) {
	case SW_CLOSE_RESET:
	case SW_CLOSE_REFUSED:
	case SW_CLOSE_UNREACHABLE:
	case SW_CLOSE_UNANSWERED:
	case SW_CLOSE_HALF_OPEN:
	case SW_CLOSE_HALF_CLOSED:
	case SW_CLOSE_TIMEOUT:
		return true;
	default:
		return false;
	}
}

static int
lookup(const char *const *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i], name) == 0)
			return (int)i;
	return -1;
}

#define LOOKUP(table, name) \
	lookup(table, sizeof(table) / sizeof(table[0]), name)

int sw_state_lookup(const char *n) { return LOOKUP(state_names, n); }
int sw_handshake_lookup(const char *n) { return LOOKUP(handshake_names, n); }
int sw_close_lookup(const char *n) { return LOOKUP(close_names, n); }
int sw_anomaly_lookup(const char *n) { return LOOKUP(anomaly_names, n); }
int sw_event_lookup(const char *n) { return LOOKUP(event_names, n); }
int sw_zeek_state_lookup(const char *n) { return LOOKUP(zeek_state_names, n); }
int sw_step_lookup(const char *n) { return LOOKUP(step_names, n); }

const char *
sw_evict_name(enum sw_evict e)
{
	return e == SW_EVICT_IDLE ? "idle" : e == SW_EVICT_MAX_FLOWS ?
	    "max-flows" : NULL;
}

/*
 * ICMP errors by type and code: RFC 792, RFC 1812 §5.2.7.1 and RFC
 * 1122 §3.2.2.1 for ICMP, RFC 4443 §3 for ICMPv6.  Short names, as a
 * report line has room for.
 */
static const char *const icmp_unreach[] = {
	"net unreachable", "host unreachable", "protocol unreachable",
	"port unreachable", "fragmentation needed", "source route failed",
	"net unknown", "host unknown", "source host isolated",
	"net prohibited", "host prohibited", "net unreachable for TOS",
	"host unreachable for TOS", "administratively prohibited",
	"host precedence violation", "precedence cutoff",
};
static const char *const icmp_timxceed[] = {
	"TTL exceeded", "reassembly time exceeded",
};
static const char *const icmp6_unreach[] = {
	"no route", "administratively prohibited", "beyond scope",
	"address unreachable", "port unreachable", "source address policy",
	"reject route",
};
static const char *const icmp6_timxceed[] = {
	"hop limit exceeded", "reassembly time exceeded",
};

#define CODE(table, c) \
	((unsigned)(c) < sizeof(table) / sizeof(table[0]) ? table[c] : NULL)

const char *
sw_icmp_name(bool v6, uint8_t type, uint8_t code)
{
	if (v6) {
		switch (type) {
		case 1: return CODE(icmp6_unreach, code);
		case 2: return "packet too big";
		case 3: return CODE(icmp6_timxceed, code);
		case 4: return "parameter problem";
		default: return NULL;
		}
	}
	switch (type) {
	case 3: return CODE(icmp_unreach, code);
	case 11: return CODE(icmp_timxceed, code);
	case 12: return "parameter problem";
	default: return NULL;
	}
}

bool
sw_icmp_unreachable(bool v6, uint8_t type, uint8_t code)
{
	/* Fragmentation needed is path MTU discovery (RFC 1191): the
	 * destination is reachable with smaller segments. */
	return v6 ? type == 1 : type == 3 && code != 4;
}
