/* SPDX-License-Identifier: MIT */
/* conn_fixture.c: hand-built connection records for unit tests. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "community_id.h"
#include "conn_fixture.h"

void
fx_addr(struct sw_addr *a, const char *ip)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, ip, a->a) == 1) {
		a->family = 4;
	} else if (inet_pton(AF_INET6, ip, a->a) == 1) {
		a->family = 6;
	} else {
		fprintf(stderr, "fx_addr: bad address literal '%s'\n", ip);
		abort();
	}
}

void
fx_conn(struct sw_conn *c, uint64_t id, const char *client, uint16_t cport,
    const char *server, uint16_t sport)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	fx_addr(&c->peer[SW_CLIENT].addr, client);
	fx_addr(&c->peer[SW_SERVER].addr, server);
	c->peer[SW_CLIENT].port = cport;
	c->peer[SW_SERVER].port = sport;
	c->peer[SW_CLIENT].state = SW_ST_TIME_WAIT;
	c->peer[SW_SERVER].state = SW_ST_CLOSED;
	c->handshake = SW_HS_COMPLETE;
	c->close = SW_CLOSE_CLIENT;
	c->closed_by = SW_CLIENT;
	c->closer = SW_CLIENT;
	c->over = true;
	c->synack_seen = true;
	c->rst_by = SW_NOBODY;
	for (int r = SW_CLIENT; r <= SW_SERVER; r++) {
		c->peer[r].syn_sent = c->peer[r].syn_seen = true;
		c->peer[r].syn_acked = true;
		c->peer[r].fin_sent = c->peer[r].fin_acked = true;
		c->peer[r].packets = 5;
	}
	/* Zeek's view of the same: both sides closed after establishing. */
	c->zk.started = true;
	c->zk.orig = SW_CLIENT;
	for (int r = SW_CLIENT; r <= SW_SERVER; r++) {
		c->zk.end[r].state = SW_ZE_CLOSED;
		c->zk.end[r].prev = SW_ZE_ESTABLISHED;
	}
	c->first_frame = id * 10;
	c->last_frame = id * 10 + 9;
	sw_conn_derive(c);
	sw_community_id_conn(c);
}

/* Extra parts for the records tests build, handed out in turn: more than
 * any test keeps at once. */
#define FX_EXTRAS 4096

struct sw_conn_extra *
fx_extra(struct sw_conn *c)
{
	static struct sw_conn_extra pool[FX_EXTRAS];
	static unsigned next;

	if (c->x == NULL) {
		c->x = &pool[next++ % FX_EXTRAS];
		memset(c->x, 0, sizeof(*c->x));
	}
	return c->x;
}

void
fx_anomaly(struct sw_conn *c, enum sw_anomaly_kind k, uint64_t frame,
    bool numeric, uint32_t expected, uint32_t seen)
{
	if (c->nanomaly < SW_MAX_ANOMALIES) {
		struct sw_anomaly *a = &fx_extra(c)->anomaly[c->nanomaly++];

		a->kind = (uint8_t)k;
		a->numeric = numeric;
		a->frame = frame;
		a->expected = expected;
		a->seen = seen;
	} else {
		c->anomaly_dropped++;
	}
	c->anomaly_count[k]++;
}
