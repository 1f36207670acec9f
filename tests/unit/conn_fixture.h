/* SPDX-License-Identifier: MIT */
/*
 * conn_fixture.h: build struct sw_conn records by hand for unit tests of
 * the modules that only read finished connections (CI, reporters).
 */
#ifndef SEVENWAY_TEST_CONN_FIXTURE_H
#define SEVENWAY_TEST_CONN_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/conn.h"

/*
 * Fill *c (zeroed first) as connection `id` from client ip:cport to
 * server ip:sport (IPv4 or IPv6 text), a complete handshake closed
 * normally by the client: close=client-close, closed_by=client,
 * state.client=TIME_WAIT, state.server=CLOSED, conn_state SF (both
 * SYNs seen, both FINs sent), input 0, frames id*10 .. id*10+9, and
 * the Community ID of its endpoints.  Tests then change the fields they
 * exercise.
 */
void fx_conn(struct sw_conn *c, uint64_t id, const char *client,
    uint16_t cport, const char *server, uint16_t sport);

/* Parse ip text into *a; aborts the test program on a bad literal. */
void fx_addr(struct sw_addr *a, const char *ip);

/* c's extra part (c->x), attached from a fixture pool when it has none. */
struct sw_conn_extra *fx_extra(struct sw_conn *c);

/*
 * Record one anomaly of kind k as the detectors do: stored in
 * c->x->anomaly[] while there is room (else counted in anomaly_dropped),
 * always counted in c->anomaly_count[k].
 */
void fx_anomaly(struct sw_conn *c, enum sw_anomaly_kind k, uint64_t frame,
    bool numeric, uint32_t expected, uint32_t seen);

#endif /* SEVENWAY_TEST_CONN_FIXTURE_H */
