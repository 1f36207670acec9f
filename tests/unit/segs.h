/* SPDX-License-Identifier: MIT */
/*
 * segs.h: drive the analyzer with hand-written segments (no frames), and
 * collect the connections it emits, for the state-machine tests.
 */
#ifndef SW_TEST_SEGS_H
#define SW_TEST_SEGS_H

#include "sevenway/analyzer.h"

#define SEGS_MAX_CONNS 64
enum { C = SW_CLIENT, S = SW_SERVER };
#define F_SYN SW_TH_SYN
#define F_ACK SW_TH_ACK
#define F_FIN SW_TH_FIN
#define F_RST SW_TH_RST
#define F_PSH SW_TH_PSH

struct conv {
	struct sw_analyzer *a;
	struct sw_conn got[SEGS_MAX_CONNS];
	struct sw_conn_extra gotx[SEGS_MAX_CONNS];	/* their extra parts */
	int ngot;
	uint64_t frame;
	struct sw_time t;
	struct sw_addr addr[2];
	uint16_t port[2];
	uint16_t win;		/* raw window put in every segment */
	enum sw_csum csum;	/* checksum verdict of the next segment */
};

/* family 4 or 6; client port cport, server port 80. */
void conv_init(struct conv *v, int family, uint16_t cport);
void conv_init_cfg(struct conv *v, int family, uint16_t cport,
    const struct sw_analyzer_config *cfg);
/* One segment from `from` after dt seconds. */
void conv_send(struct conv *v, int from, uint8_t flags, uint32_t seq,
    uint32_t ack, uint32_t len, double dt);
/* Same with a window-scale option (for SYNs). */
void conv_send_ws(struct conv *v, int from, uint8_t flags, uint32_t seq,
    uint32_t ack, uint8_t wscale, double dt);
/* End of input: emit the rest, free the analyzer. */
/*
 * An ICMP error (ICMPv6 when the conversation is IPv6) from router,
 * sent back to `to`, quoting to's segment with seq (8 bytes: no flags).
 */
void conv_icmp(struct conv *v, int to, uint8_t type, uint8_t code,
    uint32_t seq, const char *router, double dt);
void conv_end(struct conv *v);
/* The connection with id `id` (1-based), or NULL. */
const struct sw_conn *conv_get(const struct conv *v, uint64_t id);
/* Count of anomalies of kind k on c. */
unsigned conv_anoms(const struct sw_conn *c, enum sw_anomaly_kind k);
/* Total anomalies on c. */
unsigned conv_anoms_all(const struct sw_conn *c);

/*
 * The normal open: SYN j, SYN-ACK k/j+1, ACK j+1/k+1, with client ISN j,
 * server ISN k.
 */
void conv_open(struct conv *v, uint32_t j, uint32_t k);

/*
 * The three-segment close: client FIN at m after dt seconds, server
 * FIN+ACK at n acking m + 1, client ACK of n + 1.
 */
void conv_close3(struct conv *v, uint32_t m, uint32_t n, double dt);

#endif /* SW_TEST_SEGS_H */
