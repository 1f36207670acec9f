/* SPDX-License-Identifier: MIT */
/*
 * check_noalloc.c: the per-packet path allocates nothing.
 *
 * The test program is linked with --wrap for malloc, calloc, realloc and
 * free, so every allocation anywhere in libsevenway is counted.  After
 * the analyzer is created, 10,000 complete Ethernet/IPv4/TCP frames go
 * through decode, the flow table and the state machine (connections
 * opening, exchanging data and closing, so slots are reused), and the
 * counter must not move.  The same again in VXLAN over four VNIs: once
 * the four tunnel stacks are interned (the first connections), new
 * connections in known tunnels allocate nothing either.  And again with
 * a gap and an anomaly in every third connection: once the pool of extra
 * parts has its first chunk, they allocate nothing.  The table grows
 * with the connections tracked at once; once grown, it must not allocate
 * either.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/analyzer.h"
#include "pktbuild.h"
#include "runner.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static unsigned long allocs;

void *__wrap_malloc(size_t n) { allocs++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { allocs++; return __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { allocs++; return __real_realloc(p, n); }

static unsigned long emitted;

static void
count(void *ctx, const struct sw_conn *c)
{
	(void)ctx;
	(void)c;
	emitted++;
}

/* Set when a frame did not fit; checked after the loop, because Check's
 * assertions themselves allocate (they report progress to the runner). */
static bool overflow;

/*
 * One Ethernet/IPv4/TCP frame into buf, in VXLAN with VNI vni when it
 * is not 0 (outer 192.0.2.1 <-> .2, both ways); returns its length.
 */
static size_t
frame(uint8_t *buf, size_t cap, uint16_t cport, bool from_client,
    uint8_t flags, uint32_t seq, uint32_t ack, size_t paylen, uint32_t vni)
{
	static const uint8_t payload[1460];
	struct pb b;
	struct pb_ip ip, outer;
	struct pb_tcp t;
	size_t o = 0, u = 0;

	pb_init(&b, buf, cap);
	pb_eth(&b, 0x0800);
	if (vni != 0) {
		pb_ip_default(&outer, 4);
		outer.proto = 17;
		memcpy(outer.src, from_client ? "\xc0\0\2\1" : "\xc0\0\2\2", 4);
		memcpy(outer.dst, from_client ? "\xc0\0\2\2" : "\xc0\0\2\1", 4);
		o = pb_ip(&b, &outer);
		u = b.len;
		pb_be16(&b, from_client ? 50001 : 50002);
		pb_be16(&b, 4789);
		pb_be32(&b, 0);
		pb_be32(&b, 0x08000000);
		pb_be32(&b, vni << 8);
		pb_eth(&b, 0x0800);
	}
	pb_ip_default(&ip, 4);
	pb_tcp_default(&t);
	t.sport = from_client ? cport : 80;
	t.dport = from_client ? 80 : cport;
	if (!from_client) {
		uint8_t tmp[16];

		memcpy(tmp, ip.src, 16);
		memcpy(ip.src, ip.dst, 16);
		memcpy(ip.dst, tmp, 16);
	}
	t.flags = flags;
	t.seq = seq;
	t.ack = ack;
	pb_ip_tcp(&b, &ip, &t, payload, paylen);
	if (vni != 0) {
		pb_set_be16(&b, u + 4, (uint16_t)(b.len - u));
		pb_ip_fix(&b, o);
	}
	overflow = overflow || b.overflow;
	return b.len;
}

START_TEST(per_packet_path_does_not_allocate)
{
	struct sw_sink sink = { count, NULL };
	struct sw_analyzer_config cfg;
	struct sw_analyzer *a;
	struct sw_time ts = { 1700000000, 0 };
	uint8_t buf[2048];
	unsigned long before = 0, packets = 0;
	bool vxlan = _i == 1, lossy = _i == 3;

	sw_analyzer_config_init(&cfg);
	cfg.max_flows = 64;	/* small: eviction paths run too */
	if (_i == 2) {		/* --shard 1/3: the flow hash runs too */
		cfg.shard_index = 1;
		cfg.shard_count = 3;
	}
	emitted = 0;
	a = sw_analyzer_new(&cfg, &sink, NULL);
	ck_assert_ptr_nonnull(a);
	if (!vxlan && !lossy)
		before = allocs;
	for (uint16_t c = 0; packets < 10000; c++) {
		uint16_t port = (uint16_t)(20000 + c % 2000);
		uint32_t j = 1000u * c, k = 7u * c + 5;
		/* 100 bytes of the server's lost before its data: a gap, and
		 * its FIN inside data already sent (fin-bad-seq). */
		uint32_t gap = lossy && c % 3 == 1 ? 100 : 0;
		struct { bool cl; uint8_t fl; uint32_t s, a; size_t n; } seg[] = {
			{ true, 0x02, j, 0, 0 },
			{ false, 0x12, k, j + 1, 0 },
			{ true, 0x10, j + 1, k + 1, 0 },
			{ true, 0x18, j + 1, k + 1, 200 },
			{ false, 0x18, k + 1 + gap, j + 201, 1000 },
			{ true, 0x11, j + 201, k + 1001, 0 },
			{ false, 0x11, k + 1001, j + 202, 0 },
			{ true, 0x10, j + 202, k + 1002, 0 },
		};
		/* Every fifth connection is left open to fill the table. */
		size_t n = c % 5 == 0 ? 5 : sizeof(seg) / sizeof(seg[0]);
		uint32_t vni = vxlan ? 1 + c % 4 : 0;

		/* In VXLAN, count from when every VNI has been seen. */
		if ((vxlan && c == 4) || (lossy && c == 100))
			before = allocs;
		for (size_t i = 0; i < n; i++) {
			size_t len = frame(buf, sizeof(buf), port, seg[i].cl,
			    seg[i].fl, seg[i].s, seg[i].a, seg[i].n, vni);

			ts.nsec += 1000;
			if (ts.nsec >= 1000000000) {
				ts.sec++;
				ts.nsec = 0;
			}
			sw_analyzer_frame(a, 1, ts, buf, (uint32_t)len,
			    (uint32_t)len);
			packets++;
		}
	}
	ck_assert_uint_eq(allocs, before);
	ck_assert(!overflow);
	ck_assert_uint_eq(sw_analyzer_stats(a)->frames, packets);
	ck_assert_uint_eq(sw_analyzer_stats(a)->tcp_packets +
	    sw_analyzer_stats(a)->other_shard, packets);
	if (_i != 2)
		ck_assert_uint_eq(sw_analyzer_stats(a)->other_shard, 0);
	else
		ck_assert_uint_gt(sw_analyzer_stats(a)->other_shard,
		    packets / 2);
	ck_assert_uint_gt(emitted, _i != 2 ? 1000 : 300);
	if (vxlan)
		ck_assert_uint_eq(sw_analyzer_stats(a)->tunnel[SW_TUN_VXLAN],
		    packets);
	if (lossy)
		ck_assert_uint_gt(sw_analyzer_stats(a)->anomaly[SW_AN_FIN_BAD_SEQ],
		    300);
	else
		ck_assert_uint_eq(sw_analyzer_stats(a)->anomaly[SW_AN_FIN_BAD_SEQ],
		    0);
	sw_analyzer_finish(a);
	sw_analyzer_free(a);
}
END_TEST

/*
 * A table that had to grow: 3,000 connections opened at once, then reset.
 * Once they are gone, the same number again reuses the grown storage.
 */
START_TEST(grown_table_does_not_allocate)
{
	struct sw_sink sink = { count, NULL };
	struct sw_analyzer *a = sw_analyzer_new(NULL, &sink, NULL);
	struct sw_time ts = { 1700000000, 0 };
	uint8_t buf[2048];
	unsigned long before = 0;

	ck_assert_ptr_nonnull(a);
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			before = allocs;
		for (uint16_t c = 0; c < 3000; c++) {
			size_t len = frame(buf, sizeof(buf),
			    (uint16_t)(20000 + c), true, 0x02, 1000u * c, 0, 0, 0);

			ts.nsec += 1000;
			sw_analyzer_frame(a, 1, ts, buf, (uint32_t)len,
			    (uint32_t)len);
		}
		for (uint16_t c = 0; c < 3000; c++) {
			size_t len = frame(buf, sizeof(buf),
			    (uint16_t)(20000 + c), false, 0x14, 0,
			    1000u * c + 1, 0, 0);

			ts.nsec += 1000;
			sw_analyzer_frame(a, 1, ts, buf, (uint32_t)len,
			    (uint32_t)len);
		}
		/* Past the close delay and the linger: all gone. */
		ts.sec += 120;
		sw_analyzer_tick(a, ts);
	}
	ck_assert_uint_eq(allocs, before);
	ck_assert(!overflow);
	ck_assert_uint_eq(sw_analyzer_stats(a)->connections, 6000);
	ck_assert_uint_eq(sw_analyzer_stats(a)->close[SW_CLOSE_REFUSED], 6000);
	sw_analyzer_finish(a);
	sw_analyzer_free(a);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("noalloc");
	TCase *t = tcase_create("hot path");

	/* 0: every connection; 1: in VXLAN; 2: --shard 1/3. */
	tcase_add_loop_test(t, per_packet_path_does_not_allocate, 0, 4);
	tcase_add_test(t, grown_table_does_not_allocate);
	suite_add_tcase(s, t);
	return sw_test_run(s);
}
