/* SPDX-License-Identifier: MIT */
/*
 * report_names.h: the contract-name functions taking a plain index, so
 * the reporters can walk their counter arrays with one printer each.
 */
#ifndef SW_REPORT_NAMES_H
#define SW_REPORT_NAMES_H

#include "sevenway/conn.h"
#include "sevenway/packet.h"

static inline const char *sw_close_n(int i) { return sw_close_name(i); }
static inline const char *sw_anom_n(int i) { return sw_anomaly_name(i); }
static inline const char *sw_ev_n(int i) { return sw_event_name(i); }
static inline const char *sw_dec_n(int i) { return sw_decode_result_name(i); }
static inline const char *sw_encap_n(int i) { return sw_encap_name(i); }
static inline const char *sw_tun_n(int i) { return sw_tunnel_name(i); }

#endif /* SW_REPORT_NAMES_H */
