/* SPDX-License-Identifier: MIT */
/*
 * check_tunnel_set.c: the intern table of tunnel stacks (tunnel.h): one
 * copy per distinct stack, both directions of a tunnel found as one
 * pair, stable pointers across growth, the cap and its marker, and the
 * short form.
 */
#include <check.h>
#include <string.h>

#include "sevenway/analyzer.h"
#include "sevenway/tunnel.h"
#include "runner.h"

/* A VXLAN layer 192.0.2.a:sport -> 192.0.2.b:dport, VNI vni. */
static struct sw_tunnel_layer
vxlan(uint8_t a, uint16_t sport, uint8_t b, uint16_t dport, uint32_t vni)
{
	struct sw_tunnel_layer l;

	memset(&l, 0xee, sizeof(l));	/* garbage past the IPv4 bytes */
	l.type = SW_TUN_VXLAN;
	l.has_id = true;
	l.id = vni;
	l.sport = sport;
	l.dport = dport;
	l.src.family = l.dst.family = 4;
	memcpy(l.src.a, "\xc0\x00\x02", 3);
	memcpy(l.dst.a, "\xc0\x00\x02", 3);
	l.src.a[3] = a;
	l.dst.a[3] = b;
	return l;
}

static struct sw_tunnel_layer
swapped(struct sw_tunnel_layer l)
{
	struct sw_tunnel_layer r = l;

	r.src = l.dst;
	r.dst = l.src;
	r.sport = l.dport;
	r.dport = l.sport;
	return r;
}

START_TEST(intern_pairs)
{
	struct sw_tunnel_set *s = sw_tunnel_set_new();
	struct sw_tunnel_layer l[2], r[2];
	const struct sw_tunnel *t, *u, *v;
	char buf[SW_TUNNEL_STR_MAX];

	ck_assert_ptr_nonnull(s);
	l[0] = vxlan(2, 50001, 1, 4789, 42);	/* the "higher" side first */
	l[1] = vxlan(11, 1, 12, 2, 7);
	r[0] = swapped(l[0]);
	r[1] = swapped(l[1]);
	t = sw_tunnel_set_intern(s, l, 2);
	ck_assert_uint_eq(t->n, 2);
	ck_assert_mem_eq(&t->layer[0].src.a, "\xc0\x00\x02\x02", 4);
	ck_assert_uint_eq(t->layer[0].sport, 50001);
	ck_assert_uint_eq(t->layer[1].id, 7);
	/* The same stack again, and its reverse: no new entry. */
	ck_assert_ptr_eq(sw_tunnel_set_intern(s, l, 2), t);
	u = sw_tunnel_set_intern(s, r, 2);
	ck_assert_ptr_ne(u, t);
	ck_assert_ptr_eq(sw_tunnel_reverse(t), u);
	ck_assert_ptr_eq(sw_tunnel_reverse(u), t);
	ck_assert_uint_eq(u->layer[0].sport, 4789);
	ck_assert_uint_eq(sw_tunnel_set_count(s), 1);
	/* Another VNI is another stack; growth keeps old pointers valid. */
	for (uint32_t i = 0; i < 5000; i++) {
		l[0].id = 1000 + i;
		v = sw_tunnel_set_intern(s, l, 1);
		ck_assert_uint_eq(v->layer[0].id, 1000 + i);
	}
	ck_assert_uint_eq(sw_tunnel_set_count(s), 5001);
	ck_assert_uint_eq(t->layer[1].id, 7);
	l[0].id = 1000;
	ck_assert_uint_eq(sw_tunnel_set_intern(s, l, 1)->layer[0].id, 1000);
	ck_assert_uint_eq(sw_tunnel_set_count(s), 5001);
	ck_assert_str_eq(sw_tunnel_str(t, false, buf, sizeof(buf)),
	    "vxlan:42 192.0.2.2>192.0.2.1 / vxlan:7 192.0.2.11>192.0.2.12");
	ck_assert_str_eq(sw_tunnel_str(t, true, buf, sizeof(buf)),
	    "vxlan:42@192.0.2.2>192.0.2.1/vxlan:7@192.0.2.11>192.0.2.12");
	ck_assert_uint_eq(sw_tunnel_set_not_kept(s), 0);
	sw_tunnel_set_free(s);
}
END_TEST

/* A tunnel whose two ends are the same is its own reverse. */
START_TEST(symmetric)
{
	struct sw_tunnel_set *s = sw_tunnel_set_new();
	struct sw_tunnel_layer l = vxlan(1, 4789, 1, 4789, 3);
	const struct sw_tunnel *t = sw_tunnel_set_intern(s, &l, 1);

	ck_assert_ptr_eq(sw_tunnel_reverse(t), t);
	ck_assert_ptr_eq(sw_tunnel_set_intern(s, &l, 1), t);
	sw_tunnel_set_free(s);
}
END_TEST

START_TEST(cap)
{
	struct sw_tunnel_set *s = sw_tunnel_set_new();
	struct sw_tunnel_layer l = vxlan(1, 50001, 2, 4789, 0);
	const struct sw_tunnel *t;
	char buf[8];

	for (uint32_t i = 0; i < SW_TUNNEL_SET_CAP; i++) {
		l.id = i;
		ck_assert_ptr_ne(sw_tunnel_set_intern(s, &l, 1),
		    &sw_tunnel_not_kept);
	}
	l.id = SW_TUNNEL_SET_CAP;
	t = sw_tunnel_set_intern(s, &l, 1);
	ck_assert_ptr_eq(t, &sw_tunnel_not_kept);
	ck_assert_uint_eq(t->n, 0);
	ck_assert_str_eq(sw_tunnel_str(t, false, buf, sizeof(buf)), "?");
	ck_assert_uint_eq(sw_tunnel_set_not_kept(s), 1);
	/* Known stacks are still found. */
	l.id = 17;
	ck_assert_uint_eq(sw_tunnel_set_intern(s, &l, 1)->layer[0].id, 17);
	ck_assert_ptr_eq(sw_tunnel_set_intern(s, &l, 0), &sw_tunnel_not_kept);
	ck_assert_ptr_eq(sw_tunnel_set_intern(NULL, &l, 1),
	    &sw_tunnel_not_kept);
	sw_tunnel_set_free(s);
	sw_tunnel_set_free(NULL);
}
END_TEST

/* What the sink saw: the first connection's tunnel and client port. */
struct seen {
	int n;
	const struct sw_tunnel *tunnel;
	uint16_t client_port;
};

static void
conn_done(void *ctx, const struct sw_conn *c)
{
	struct seen *s = ctx;

	if (s->n++ == 0) {
		s->tunnel = c->tunnel;
		s->client_port = c->peer[SW_CLIENT].port;
	}
}

/* A segment 10.0.0.a:pa -> 10.0.0.b:pb in VXLAN 192.0.2.a -> .b. */
static void
segment(struct sw_pkt *p, uint8_t a, uint16_t pa, uint8_t b, uint16_t pb,
    uint8_t flags)
{
	memset(p, 0, sizeof(*p));
	p->ip_version = 4;
	p->src.family = p->dst.family = 4;
	memcpy(p->src.a, "\x0a\x00\x00", 3);
	memcpy(p->dst.a, "\x0a\x00\x00", 3);
	p->src.a[3] = a;
	p->dst.a[3] = b;
	p->sport = pa;
	p->dport = pb;
	p->flags = flags;
	p->seq = 100;
	p->ack = 200;
	p->win = 1000;
	p->ntunnel = 1;
	p->tunnel[0] = vxlan(a, 50000 + a, b, 4789, 42);
}

/*
 * The stack a connection keeps is seen from its client: when the first
 * packet is the server's (a SYN-ACK), its layers are turned around.
 */
START_TEST(client_side)
{
	struct seen seen = { 0, NULL, 0 };
	struct sw_sink sink = { conn_done, &seen };
	struct sw_analyzer_config cfg;
	struct sw_analyzer *a;
	struct sw_err err;
	struct sw_pkt p;
	struct sw_time t = { 1700000000, 0 };

	sw_analyzer_config_init(&cfg);
	cfg.max_flows = 16;
	a = sw_analyzer_new(&cfg, &sink, &err);
	ck_assert_ptr_nonnull(a);
	/* Server 10.0.0.2:80 answers first, from tunnel endpoint .2. */
	segment(&p, 2, 80, 1, 40000, SW_TH_SYN | SW_TH_ACK);
	sw_analyzer_segment(a, &p, t, 1);
	segment(&p, 1, 40000, 2, 80, SW_TH_ACK);
	t.nsec = 1000;
	sw_analyzer_segment(a, &p, t, 2);
	sw_analyzer_finish(a);
	ck_assert_int_eq(seen.n, 1);
	ck_assert_uint_eq(seen.client_port, 40000);
	ck_assert_ptr_nonnull(seen.tunnel);
	ck_assert_uint_eq(seen.tunnel->layer[0].src.a[3], 1);
	ck_assert_uint_eq(seen.tunnel->layer[0].dst.a[3], 2);
	ck_assert_uint_eq(seen.tunnel->layer[0].sport, 4789);
	ck_assert_uint_eq(seen.tunnel->layer[0].dport, 50002);
	ck_assert_uint_eq(sw_analyzer_stats(a)->tunnel[SW_TUN_VXLAN], 0);
	sw_analyzer_free(a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("tunnel_set");
	TCase *t = tcase_create("core");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, intern_pairs);
	tcase_add_test(t, symmetric);
	tcase_add_test(t, cap);
	tcase_add_test(t, client_side);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return sw_test_run(suite());
}
