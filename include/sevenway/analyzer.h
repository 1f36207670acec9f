/* SPDX-License-Identifier: MIT */
/*
 * analyzer.h: the analysis pipeline behind one public object: frames in
 * (decode → flow table → TCP state machine), finished connections out
 * through a sink callback, totals in struct sw_stats.
 *
 * The flow table grows with the connections tracked at once, up to
 * max_flows: sw_analyzer_frame and sw_analyzer_segment allocate only to
 * grow it (amortised, never per packet), and nothing once it holds the
 * working set.
 */
#ifndef SEVENWAY_ANALYZER_H
#define SEVENWAY_ANALYZER_H

#include <stdbool.h>
#include <stdint.h>

#include "sevenway/conn.h"
#include "sevenway/packet.h"
#include "sevenway/sevenway.h"

#define SW_DEFAULT_MAX_FLOWS 1000000u
/*
 * Offline, a connection is ended by silence only after RFC 1122's
 * keepalive interval (2 hours, §4.2.3.6) plus its retries (Linux: 9
 * probes 75 s apart) have had time to show, with margin: 3 hours.
 */
#define SW_DEFAULT_IDLE_OFFLINE 10800.0
#define SW_DEFAULT_IDLE_LIVE 300.0

struct sw_analyzer_config {
	uint32_t max_flows;	/* hard cap on tracked connections */
	double idle_timeout;	/* seconds of silence that end a connection */
	/*
	 * Seconds a finished connection's key is remembered so that late
	 * retransmissions of its last segments are recognised instead of
	 * starting a bogus mid-stream connection (cf. TIME_WAIT, RFC 9293
	 * §3.6.1: 2*MSL; Linux uses 60 s).
	 */
	double linger;
	/*
	 * Seconds a connection that ended on the wire is held before it is
	 * reported, so that its last segments (the last ACK, a peer's RST,
	 * a retransmitted FIN) still count in its packets, bytes and history
	 * (Zeek's tcp_close_delay is 5 s too).
	 */
	double close_delay;
	/*
	 * -K: verify no TCP checksum, so no segment is dropped or flagged
	 * for its checksum (captures on a host that offloads checksums to
	 * its NIC, or whose checksums were rewritten on the way).
	 */
	bool no_checksums;
	/*
	 * --shard I/N: keep only the frames whose flow hash (flowhash.h)
	 * falls in shard shard_index of shard_count; shard_count 0 or 1
	 * keeps all.  The others are dropped right after decoding, still
	 * counted in frames (so frame numbers are the whole capture's) and
	 * in other_shard, and a TCP segment of another shard still moves
	 * the capture clock, so that connections end by the idle timeout
	 * and the close delay exactly as in a run over every shard.
	 */
	unsigned shard_index, shard_count;
};

/* Fill cfg with the defaults for offline analysis. */
void sw_analyzer_config_init(struct sw_analyzer_config *cfg);

/* Totals over the whole run; the summary is made of these. */
struct sw_stats {
	uint64_t frames;	/* every record read, ARP included */
	uint64_t other_shard;	/* of which left to other shards (--shard) */
	uint64_t filtered;	/* of which rejected by the -f filter */
	uint64_t tcp_packets;	/* decoded TCP segments */
	uint64_t decode[SW_DEC__N];	/* per decode result */
	uint64_t encap[SW_ENCAP__N];	/* unsupported encapsulations */
	/* Frames per tunnel type decoded (a nested frame counts in each of
	 * its layers), whatever was inside. */
	uint64_t tunnel[SW_TUN__N];
	/* Tunnelled connections whose stack was not kept (tunnel.h cap). */
	uint64_t tunnel_not_kept;
	uint64_t connections;	/* connections created */
	uint64_t emitted;
	uint64_t evicted_idle;	/* ended by --idle-timeout */
	uint64_t evicted_cap;	/* ended by --max-flows, of which: */
	uint64_t evicted_cap_embryonic;	/* handshake never completed */
	uint64_t evicted_cap_established;
	bool table_full;	/* --max-flows was reached at least once */
	uint64_t late_packets;	/* for a finished connection: absorbed */
	uint64_t ignored_packets;	/* could not start a connection */
	uint64_t icmp_unmatched;	/* ICMP errors quoting TCP of no
					 * tracked connection */
	uint64_t close[SW_CLOSE__N];
	uint64_t anomaly[SW_AN__N];
	uint64_t event[SW_EV__N];
	uint64_t max_tracked;	/* high-water mark of live slots */
	/* Earliest and latest timestamp of the frames analysed (when
	 * have_ts): -t relative counts from first_ts. */
	bool have_ts;
	struct sw_time first_ts, last_ts;
};

/* Called once per connection when it is over (or at the end). */
struct sw_sink {
	void (*conn_done)(void *ctx, const struct sw_conn *c);
	void *ctx;
};

struct sw_analyzer;

/*
 * Create an analyzer; cfg may be NULL for defaults.  Returns NULL and
 * fills err on failure (out of memory).  The sink is copied.
 */
struct sw_analyzer *sw_analyzer_new(const struct sw_analyzer_config *cfg,
    const struct sw_sink *sink, struct sw_err *err);
void sw_analyzer_free(struct sw_analyzer *a);

/* Tell the analyzer that the following frames come from input idx. */
void sw_analyzer_set_input(struct sw_analyzer *a, unsigned idx);

/*
 * Feed one capture record of link type dlt.  Counts the frame, decodes
 * it and, for a TCP segment, runs the state machine.  Finished
 * connections go to the sink before this returns.
 */
void sw_analyzer_frame(struct sw_analyzer *a, int dlt, struct sw_time ts,
    const uint8_t *bytes, uint32_t caplen, uint32_t wirelen);

/*
 * Count a record that the BPF filter rejected: it still has a frame
 * number (frame numbers count every record of the capture).
 */
void sw_analyzer_filtered(struct sw_analyzer *a);

/*
 * Feed an already decoded TCP segment as frame number `frame` (the tests
 * use this to drive the state machine without building frames).
 */
void sw_analyzer_segment(struct sw_analyzer *a, const struct sw_pkt *pkt,
    struct sw_time ts, uint64_t frame);

/*
 * Feed an ICMP or ICMPv6 error quoting a TCP segment (a packet that
 * sw_decode() returned SW_DEC_ICMP_TCP for) as frame number `frame`:
 * it goes to the connection of the quoted endpoints and creates none;
 * without one it is counted in icmp_unmatched.
 */
void sw_analyzer_icmp(struct sw_analyzer *a, const struct sw_pkt *pkt,
    struct sw_time ts, uint64_t frame);

/* Let time pass without a packet (live capture): expire idle flows. */
void sw_analyzer_tick(struct sw_analyzer *a, struct sw_time now);

/* End of input: emit every connection still tracked, in id order. */
void sw_analyzer_finish(struct sw_analyzer *a);

const struct sw_stats *sw_analyzer_stats(const struct sw_analyzer *a);

/* Size of a flow slot (a lingering connection keeps only that), for -v. */
size_t sw_analyzer_slot_size(void);
/* Bytes the flow table holds now (slots, index, connection records). */
uint64_t sw_analyzer_table_bytes(const struct sw_analyzer *a);

#endif /* SEVENWAY_ANALYZER_H */
