/* SPDX-License-Identifier: MIT */
/*
 * scenarios.h: the scenario builders, one per crafted edge case.
 *
 * Each builder writes the packets of its scenario into an open trace,
 * starting at the trace's current time, and records with gen_expect()
 * every anomaly it puts on the wire on purpose.  The verdicts are in the
 * table in scenarios.c.
 */
#ifndef SEVENWAY_GEN_SCENARIOS_H
#define SEVENWAY_GEN_SCENARIOS_H

#include "gen.h"

/* Client ISN (side C2S) or server ISN (S2C) for a scenario's port. */
uint32_t sc_isn(uint16_t port, int side);
/* gc_init with the port's ISNs, then the three-way handshake. */
void sc_start(struct gconn *c, struct trace *tr, uint16_t port);

/* scen_open.c: opening, refusing, resetting. */
void sc_synack_bad_ack(struct trace *tr);
void sc_ack_bad_ack(struct trace *tr);
void sc_simultaneous_open(struct trace *tr);
void sc_syn_retransmit(struct trace *tr);
void sc_synack_retransmit(struct trace *tr);
void sc_half_open(struct trace *tr);
void sc_syn_flood(struct trace *tr);
void sc_unanswered(struct trace *tr);
void sc_refused(struct trace *tr);
void sc_icmp_unreachable(struct trace *tr);
void sc_midstream(struct trace *tr);
void sc_rst_outside_window(struct trace *tr);
void sc_rst_with_data(struct trace *tr);
void sc_rst_mid(struct trace *tr);
void sc_port_reuse(struct trace *tr);

/* scen_close.c: data transfer and closing. */
void sc_normal_close(struct trace *tr);
void sc_fin_finack_ack(struct trace *tr);
void sc_server_close(struct trace *tr);
void sc_fin_bad_ack(struct trace *tr);
void sc_fin_bad_seq(struct trace *tr);
void sc_data_after_fin(struct trace *tr);
void sc_fin_with_data(struct trace *tr);
void sc_rst_after_fin(struct trace *tr);
void sc_half_close(struct trace *tr);
void sc_close_wait(struct trace *tr);
void sc_zero_window(struct trace *tr);
void sc_keepalive(struct trace *tr);
void sc_seq_wrap(struct trace *tr);
void sc_retransmission(struct trace *tr);
void sc_bad_checksum(struct trace *tr);
void sc_ack_unseen_data(struct trace *tr);
void sc_simultaneous_close(struct trace *tr);
void sc_tso_zero_length(struct trace *tr);
void sc_offload_partial(struct trace *tr);

/* scen_format.c: pcapng files libpcap refuses. */
void sc_pcapng_multi(struct trace *tr);
void sc_pcapng_sections(struct trace *tr);

#endif /* SEVENWAY_GEN_SCENARIOS_H */
