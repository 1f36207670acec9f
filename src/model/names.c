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
