/* SPDX-License-Identifier: MIT */
/*
 * check_protect.c: unit tests of the protection report (--summary):
 * every count, peak and time computed by hand from crafted records, the
 * boundaries of each rule, each flag at its threshold and one below, the
 * host rollup, the ranking, and independence from the feeding order.
 *
 * Times are milliseconds after BASE unless a test says otherwise.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_fixture.h"
#include "sevenway/protect.h"
#include "runner.h"

#define BASE INT64_C(1700000000)
#define MAXC 128

static struct sw_protect_config cfg;
static struct sw_conn conns[MAXC];
static int nconn;
static struct sw_err err;
static json_t *prot;		/* the last report's "protection" object */

static void
setup(void)
{
	sw_protect_config_init(&cfg);
	memset(conns, 0, sizeof(conns));
	nconn = 0;
	json_decref(prot);	/* a test may start over by calling setup() */
	prot = NULL;
	memset(&err, 0, sizeof(err));
}

static void
teardown(void)
{
	json_decref(prot);
	prot = NULL;
}

/* BASE + ns nanoseconds. */
static struct sw_time
tns(int64_t ns)
{
	struct sw_time t;

	t.sec = BASE + ns / 1000000000;
	t.nsec = (uint32_t)(ns % 1000000000);
	return t;
}

static struct sw_time
tms(int64_t ms)
{
	return tns(ms * 1000000);
}

/* What the JSON says for BASE + ms: seconds, to the microsecond. */
static double
jt(int64_t ms)
{
	struct sw_time t = tms(ms);

	return (double)t.sec + (double)(t.nsec / 1000) / 1e6;
}

/* A normal client-close connection without payload, start to end. */
static struct sw_conn *
conn(const char *client, uint16_t cport, const char *server, uint16_t sport,
    int64_t start, int64_t end)
{
	struct sw_conn *c;

	ck_assert_int_lt(nconn, MAXC);
	c = &conns[nconn++];
	fx_conn(c, (uint64_t)nconn, client, cport, server, sport);
	c->start = tms(start);
	c->end = tms(end);
	return c;
}

static void
step(struct sw_conn *c, enum sw_step_id s, enum sw_role from, int64_t ms)
{
	c->step[s].seen = true;
	c->step[s].from = (uint8_t)from;
	c->step[s].ts = tms(ms);
}

/* A SYN-ACK never acked (or, unanswered, a SYN never answered). */
static struct sw_conn *
half_open(const char *client, const char *server, uint16_t sport,
    int64_t start, int64_t end, bool unanswered)
{
	struct sw_conn *c = conn(client, 40000, server, sport, start, end);

	c->handshake = unanswered ? SW_HS_SYN_ONLY : SW_HS_SYN_SYNACK;
	c->close = unanswered ? SW_CLOSE_UNANSWERED : SW_CLOSE_HALF_OPEN;
	c->closed_by = c->closer = SW_NOBODY;
	c->over = false;
	c->peer[SW_CLIENT].state = SW_ST_SYN_SENT;
	c->peer[SW_SERVER].state = unanswered ? SW_ST_LISTEN : SW_ST_SYN_RCVD;
	for (int r = 0; r < 2; r++)
		c->peer[r].fin_sent = c->peer[r].fin_acked = false;
	return c;
}

/*
 * An established connection idle over [from, to) with the default 30 s
 * threshold: acknowledged 30 s before from, no payload, closed by the
 * client at to with FIN, ACK and FIN in one go (no CLOSE_WAIT time).
 */
static struct sw_conn *
idle_conn(const char *client, uint16_t cport, const char *server,
    uint16_t sport, int64_t from, int64_t to)
{
	struct sw_conn *c = conn(client, cport, server, sport, from - 30000,
	    to);

	step(c, SW_STEP_ACK, SW_CLIENT, from - 30000);
	step(c, SW_STEP_FIN1, SW_CLIENT, to);
	step(c, SW_STEP_ACK_FIN1, SW_SERVER, to);
	step(c, SW_STEP_FIN2, SW_SERVER, to);
	return c;
}

enum phase { HANDSHAKE, TRANSFER, CLOSING };

/* A connection reset at `at` by `by`, in phase ph. */
static struct sw_conn *
reset_conn(const char *client, uint16_t cport, const char *server,
    uint16_t sport, int64_t at, enum sw_role by, enum phase ph)
{
	struct sw_conn *c = conn(client, cport, server, sport, at - 1000, at);

	c->close = SW_CLOSE_RESET;
	c->closed_by = c->rst_by = (uint8_t)by;
	c->closer = SW_NOBODY;
	c->peer[SW_CLIENT].state = c->peer[SW_SERVER].state = SW_ST_CLOSED;
	for (int r = 0; r < 2; r++)
		c->peer[r].fin_sent = c->peer[r].fin_acked = false;
	if (ph == HANDSHAKE)
		c->handshake = SW_HS_SYN_SYNACK;
	if (ph == CLOSING) {
		c->closer = (uint8_t)by;
		c->peer[by].fin_sent = true;
		step(c, SW_STEP_FIN1, by, at - 500);
	}
	return c;
}

static struct sw_conn *
refused_conn(const char *client, const char *server, uint16_t sport,
    int64_t at)
{
	struct sw_conn *c = conn(client, 40000, server, sport, at, at);

	c->handshake = SW_HS_SYN_ONLY;
	c->close = SW_CLOSE_REFUSED;
	c->closed_by = c->rst_by = SW_SERVER;
	c->refused = true;
	c->closer = SW_NOBODY;
	c->synack_seen = false;
	c->peer[SW_CLIENT].state = c->peer[SW_SERVER].state = SW_ST_CLOSED;
	return c;
}

/*
 * The client closes at fin1 (the server acks at ack, or not when ack
 * < 0); the server closes at fin2, or never (fin2 < 0: left in
 * CLOSE_WAIT until the capture ends).
 */
static struct sw_conn *
close_wait_conn(const char *client, uint16_t cport, const char *server,
    uint16_t sport, int64_t fin1, int64_t ack, int64_t fin2)
{
	int64_t end = fin2 >= 0 ? fin2 + 1 : (ack >= 0 ? ack : fin1);
	struct sw_conn *c = conn(client, cport, server, sport, fin1 - 1000,
	    end);

	step(c, SW_STEP_FIN1, SW_CLIENT, fin1);
	if (ack >= 0)
		step(c, SW_STEP_ACK_FIN1, SW_SERVER, ack);
	if (fin2 >= 0) {
		step(c, SW_STEP_FIN2, SW_SERVER, fin2);
		step(c, SW_STEP_ACK_FIN2, SW_CLIENT, fin2 + 1);
		return c;
	}
	c->close = SW_CLOSE_HALF_CLOSED;
	c->over = false;
	c->peer[SW_SERVER].fin_sent = c->peer[SW_SERVER].fin_acked = false;
	c->peer[SW_CLIENT].state = SW_ST_FIN_WAIT_2;
	c->peer[SW_SERVER].state = SW_ST_CLOSE_WAIT;
	return c;
}

/* Feed conns[order[i]] (or in index order when order is NULL). */
static struct sw_protect *
feed(const int *order)
{
	struct sw_protect *p = sw_protect_new(&cfg, &err);

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < nconn; i++)
		ck_assert_int_eq(sw_protect_add(p, &conns[order ? order[i] : i],
		    &err), SW_OK);
	sw_protect_finish(p);
	return p;
}

/* Feed all records in order and keep the JSON in prot. */
static void
report(void)
{
	struct sw_protect *p = feed(NULL);

	json_decref(prot);
	prot = sw_protect_json(p);
	sw_protect_free(p);
}

/* The servers (or hosts) entry named name. */
static json_t *
group(const char *list, const char *name)
{
	json_t *a = json_object_get(prot, list), *g;
	size_t i;

	json_array_foreach(a, i, g) {
		const char *n = json_string_value(json_object_get(g,
		    strcmp(list, "servers") == 0 ? "server" : "host"));

		if (n != NULL && strcmp(n, name) == 0)
			return g;
	}
	ck_abort_msg("no %s entry %s", list, name);
	return NULL;
}

/* The member at a dotted path ("half_open.peak"). */
static json_t *
at(json_t *o, const char *path)
{
	char buf[64], *s, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (s = strtok_r(buf, ".", &save); s != NULL;
	    s = strtok_r(NULL, ".", &save)) {
		o = json_object_get(o, s);
		ck_assert_msg(o != NULL, "no member %s", path);
	}
	return o;
}

static json_int_t
num(json_t *o, const char *path)
{
	json_t *v = at(o, path);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", path);
	return json_integer_value(v);
}

static double
real(json_t *o, const char *path)
{
	json_t *v = at(o, path);

	ck_assert_msg(json_is_real(v), "%s is not a real", path);
	return json_real_value(v);
}

static json_t *
flags(json_t *g)
{
	return at(g, "flags");
}

/* The flag named name of g, or NULL. */
static json_t *
flag(json_t *g, const char *name)
{
	json_t *f;
	size_t i;

	json_array_foreach(flags(g), i, f)
		if (strcmp(json_string_value(json_object_get(f, "name")),
		    name) == 0)
			return f;
	return NULL;
}

static const char *
str(json_t *o, const char *path)
{
	json_t *v = at(o, path);

	ck_assert(json_is_string(v));
	return json_string_value(v);
}

/* A later, short, quiet connection that sets the capture end E. */
static void
capture_end(int64_t e)
{
	conn("192.0.2.200", 1, "198.51.100.99", 9, e - 1, e);
}

START_TEST(test_half_open_peak)
{
	json_t *g;

	/* [0, 63), [5, 68), [10, 73) by the 63 s cap, [63, E] held. */
	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 5000, 5050, false);
	half_open("192.0.2.1", "10.0.0.2", 80, 10000, 10050, true);
	half_open("192.0.2.3", "10.0.0.2", 80, 63000, 63050, false);
	capture_end(100000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "connections"), 4);
	ck_assert_int_eq(num(g, "half_open.total"), 4);
	ck_assert_int_eq(num(g, "half_open.unanswered"), 1);
	/* At 63 one ends as one starts: still 3, first reached at 10. */
	ck_assert_int_eq(num(g, "half_open.peak"), 3);
	ck_assert(real(g, "half_open.peak_at") == jt(10000));
	ck_assert_int_eq(num(g, "half_open.sources"), 3);
	ck_assert_uint_eq(json_array_size(flags(g)), 0);
}
END_TEST

/* The 63 s cap: one ending at 63 does not overlap one starting there. */
START_TEST(test_syn_hold_cap)
{
	json_t *g;

	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 63000, 63050, false);
	capture_end(1000000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "half_open.peak"), 1);
	ck_assert(real(g, "half_open.peak_at") == jt(0));

	setup();
	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 62999, 63050, false);
	capture_end(1000000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "half_open.peak"), 2);
	ck_assert(real(g, "half_open.peak_at") == jt(62999));
}
END_TEST

/* Before 63 s have passed the capture end E cuts the interval: [0, E]
 * still held, so it counts at E with one that starts at E. */
START_TEST(test_syn_hold_capture_end)
{
	json_t *g;

	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 20000, 20000, true);
	capture_end(20000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "half_open.peak"), 2);
	ck_assert(real(g, "half_open.peak_at") == jt(20000));
	ck_assert_int_eq(num(g, "half_open.sources"), 2);
}
END_TEST

static void
flood_records(void)
{
	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 5000, 5050, false);
	half_open("192.0.2.1", "10.0.0.2", 80, 10000, 10050, true);
	half_open("192.0.2.3", "10.0.0.2", 80, 63000, 63050, false);
	capture_end(100000);
}

START_TEST(test_syn_flood_flag)
{
	json_t *g, *f;

	cfg.syn_flood = 3;
	cfg.syn_flood_sources = 3;
	flood_records();
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_uint_eq(json_array_size(flags(g)), 1);
	f = flag(g, "syn-flood");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(num(f, "value"), 3);
	ck_assert_int_eq(num(f, "threshold"), 3);
	/* 3 at once from 10 s, but the third source only at 63 s. */
	ck_assert(real(f, "since") == jt(63000));
	ck_assert_ptr_nonnull(strstr(str(f, "advice"), "tcp_syncookies"));

	/* One below either threshold: no flag. */
	setup();
	cfg.syn_flood = 4;
	cfg.syn_flood_sources = 3;
	flood_records();
	report();
	ck_assert_uint_eq(json_array_size(flags(group("servers",
	    "10.0.0.2:80"))), 0);
	setup();
	cfg.syn_flood = 3;
	cfg.syn_flood_sources = 4;
	flood_records();
	report();
	ck_assert_uint_eq(json_array_size(flags(group("servers",
	    "10.0.0.2:80"))), 0);
}
END_TEST

static void
close_wait_records(void)
{
	/* [11, 50), [20, 30), [41, E=200] held, and one with FIN+ACK at
	 * once (empty: never counted). */
	close_wait_conn("192.0.2.1", 1001, "10.0.0.2", 80, 10000, 11000, 50000);
	close_wait_conn("192.0.2.2", 1002, "10.0.0.2", 80, 20000, -1, 30000);
	close_wait_conn("192.0.2.3", 1003, "10.0.0.2", 80, 40000, 41000, -1);
	close_wait_conn("192.0.2.4", 1004, "10.0.0.2", 80, 60000, 61000, 61000);
	capture_end(200000);
}

START_TEST(test_close_wait)
{
	json_t *g, *f;

	cfg.idle_threshold = 1000;
	close_wait_records();
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "close_wait.total"), 1);
	ck_assert_int_eq(num(g, "close_wait.peak"), 2);
	ck_assert(real(g, "close_wait.longest") == 159.0);
	ck_assert_int_eq(num(g, "close_wait.open_at_end"), 1);
	/* 159 s >= 120 s: flagged by age, from 41 + 120 s. */
	f = flag(g, "close-wait-leak");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(str(f, "measure"), "longest");
	ck_assert(real(f, "value") == 159.0);
	ck_assert(real(f, "threshold") == 120.0);
	ck_assert(real(f, "since") == jt(161000));
	ck_assert_ptr_nonnull(strstr(str(f, "advice"), "close()"));
}
END_TEST

START_TEST(test_close_wait_thresholds)
{
	json_t *g, *f;

	/* The peak: 2 at once from 20 s. */
	cfg.idle_threshold = 1000;
	cfg.close_wait = 2;
	close_wait_records();
	report();
	f = flag(group("servers", "10.0.0.2:80"), "close-wait-leak");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(str(f, "measure"), "peak");
	ck_assert_int_eq(num(f, "value"), 2);
	ck_assert_int_eq(num(f, "threshold"), 2);
	ck_assert(real(f, "since") == jt(20000));

	/* The age exactly reached fires; one above it does not. */
	setup();
	cfg.idle_threshold = 1000;
	cfg.close_wait = 3;
	cfg.close_wait_age = 159;
	close_wait_records();
	report();
	f = flag(group("servers", "10.0.0.2:80"), "close-wait-leak");
	ck_assert_ptr_nonnull(f);
	ck_assert(real(f, "since") == jt(200000));
	setup();
	cfg.idle_threshold = 1000;
	cfg.close_wait = 3;
	cfg.close_wait_age = 159.001;
	close_wait_records();
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_uint_eq(json_array_size(flags(g)), 0);
}
END_TEST

START_TEST(test_fin_wait_2)
{
	struct sw_conn *c;
	json_t *g;

	cfg.idle_threshold = 1000;
	/* The server closes at 10 s, the client acks at 12 s and stays. */
	c = conn("192.0.2.1", 1001, "10.0.0.2", 80, 0, 12000);
	c->close = SW_CLOSE_HALF_CLOSED;
	c->closed_by = c->closer = SW_SERVER;
	c->over = false;
	c->peer[SW_CLIENT].fin_sent = c->peer[SW_CLIENT].fin_acked = false;
	c->peer[SW_CLIENT].state = SW_ST_CLOSE_WAIT;
	c->peer[SW_SERVER].state = SW_ST_FIN_WAIT_2;
	step(c, SW_STEP_FIN1, SW_SERVER, 10000);
	step(c, SW_STEP_ACK_FIN1, SW_CLIENT, 12000);
	/* Another, evicted at 50 s: its FIN (20 s) was never acked. */
	c = conn("192.0.2.2", 1002, "10.0.0.2", 80, 0, 50000);
	c->close = SW_CLOSE_TIMEOUT;
	c->closed_by = c->closer = SW_SERVER;
	c->over = false;
	c->evicted = true;
	c->peer[SW_CLIENT].fin_sent = c->peer[SW_CLIENT].fin_acked = false;
	c->peer[SW_CLIENT].state = SW_ST_CLOSE_WAIT;
	c->peer[SW_SERVER].state = SW_ST_FIN_WAIT_1;
	step(c, SW_STEP_FIN1, SW_SERVER, 20000);
	capture_end(100000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "fin_wait_2.total"), 2);
	ck_assert(real(g, "fin_wait_2.longest") == 88.0);
	ck_assert_int_eq(num(g, "close_wait.total"), 0);
	ck_assert_int_eq(num(g, "close_wait.peak"), 0);
}
END_TEST

/*
 * Quiet for exactly the threshold is not idle; a nanosecond more is.
 * Payload moves the start of the quiet time.
 */
START_TEST(test_idle_boundaries)
{
	struct sw_conn *c;
	json_t *g;

	/* Established at 0, FIN at exactly 30 s: not idle. */
	c = conn("192.0.2.1", 1001, "10.0.0.2", 80, 0, 30000);
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	step(c, SW_STEP_FIN1, SW_CLIENT, 30000);
	/* Established at 0, FIN at 30 s + 1 ns: idle. */
	c = conn("192.0.2.2", 1002, "10.0.0.2", 80, 0, 31000);
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	step(c, SW_STEP_FIN1, SW_CLIENT, 0);
	c->step[SW_STEP_FIN1].ts = tns(INT64_C(30000000001));
	/* Data until 20 s, FIN at 45 s: quiet 25 s, not idle. */
	c = conn("192.0.2.3", 1003, "10.0.0.2", 80, 0, 45000);
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	step(c, SW_STEP_FIN1, SW_CLIENT, 45000);
	c->peer[SW_SERVER].bytes = 100;
	c->peer[SW_SERVER].last_data = tms(20000);
	/* Reset at 40 s, quiet since 5 s: idle [35, 40). */
	c = reset_conn("192.0.2.4", 1004, "10.0.0.2", 80, 40000, SW_CLIENT,
	    TRANSFER);
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	c->peer[SW_CLIENT].bytes = 1;
	c->peer[SW_CLIENT].last_data = tms(5000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "idle.total"), 2);
	ck_assert_int_eq(num(g, "idle.no_payload"), 2);
	ck_assert_int_eq(num(g, "idle.peak"), 1);
	ck_assert(real(g, "idle.peak_at") == jt(30000));
}
END_TEST

/* An open connection is idle until the capture end, which counts. */
START_TEST(test_idle_open_at_end)
{
	struct sw_conn *c;
	json_t *g;

	c = conn("192.0.2.1", 1001, "10.0.0.2", 80, 0, 1000);
	c->close = SW_CLOSE_OPEN;
	c->closed_by = c->closer = SW_NOBODY;
	c->over = false;
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	capture_end(30000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "idle.total"), 0);

	setup();
	c = conn("192.0.2.1", 1001, "10.0.0.2", 80, 0, 1000);
	c->close = SW_CLOSE_OPEN;
	c->closed_by = c->closer = SW_NOBODY;
	c->over = false;
	step(c, SW_STEP_ACK, SW_CLIENT, 0);
	capture_end(30001);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "idle.total"), 1);
	ck_assert_int_eq(num(g, "idle.peak"), 1);
	ck_assert(real(g, "idle.peak_at") == jt(30000));
}
END_TEST

static void
idle_records(void)
{
	/* A: [0, 10), [5, 15), [10, 20): 2 at once, 3 connections. */
	idle_conn("10.0.0.1", 1, "10.9.0.1", 80, 0, 10000);
	idle_conn("10.0.0.1", 2, "10.9.0.1", 80, 5000, 15000);
	idle_conn("10.0.0.1", 3, "10.9.0.1", 80, 10000, 20000);
	/* B: [0, 100), [50, 150): 2 at once, 2 connections. */
	idle_conn("10.0.0.2", 1, "10.9.0.1", 80, 0, 100000);
	idle_conn("10.0.0.2", 2, "10.9.0.1", 80, 50000, 150000);
	/* C: twice [200, 300): 2 at once, 2 connections. */
	idle_conn("10.0.0.3", 1, "10.9.0.1", 80, 200000, 300000);
	idle_conn("10.0.0.3", 2, "10.9.0.1", 80, 200000, 300000);
	/* D to G: one each, far apart. */
	idle_conn("10.0.0.7", 1, "10.9.0.1", 80, 400000, 401000);
	idle_conn("10.0.0.6", 1, "10.9.0.1", 80, 410000, 411000);
	idle_conn("10.0.0.5", 1, "10.9.0.1", 80, 420000, 421000);
	idle_conn("10.0.0.4", 1, "10.9.0.1", 80, 430000, 431000);
}

START_TEST(test_idle_top_clients)
{
	static const struct {
		const char *ip;
		json_int_t conns, peak;
	} want[] = {
		{ "10.0.0.1", 3, 2 }, { "10.0.0.2", 2, 2 },
		{ "10.0.0.3", 2, 2 }, { "10.0.0.4", 1, 1 },
		{ "10.0.0.5", 1, 1 },
	};
	json_t *g, *top, *t;
	size_t i;

	idle_records();
	report();
	g = group("servers", "10.9.0.1:80");
	ck_assert_int_eq(num(g, "idle.total"), 11);
	ck_assert_int_eq(num(g, "idle.no_payload"), 11);
	/* A's two and B's first at 5 s; at 10 s one ends as one starts. */
	ck_assert_int_eq(num(g, "idle.peak"), 3);
	ck_assert(real(g, "idle.peak_at") == jt(5000));
	top = at(g, "idle.top_clients");
	ck_assert_uint_eq(json_array_size(top), 5);
	json_array_foreach(top, i, t) {
		ck_assert_str_eq(str(t, "client"), want[i].ip);
		ck_assert_int_eq(num(t, "connections"), want[i].conns);
		ck_assert_int_eq(num(t, "peak"), want[i].peak);
	}
	/* Default idle-hold 10: no flag. */
	ck_assert_uint_eq(json_array_size(flags(g)), 0);
}
END_TEST

START_TEST(test_idle_hold_flag)
{
	json_t *g, *f;

	cfg.idle_hold = 2;
	idle_records();
	report();
	g = group("servers", "10.9.0.1:80");
	f = flag(g, "idle-hold");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(num(f, "value"), 2);
	ck_assert_int_eq(num(f, "threshold"), 2);
	ck_assert_str_eq(str(f, "client"), "10.0.0.1");
	ck_assert(real(f, "since") == jt(5000));
	ck_assert_ptr_nonnull(strstr(str(f, "advice"), "timeout"));

	setup();
	cfg.idle_hold = 3;
	idle_records();
	report();
	ck_assert_uint_eq(json_array_size(flags(group("servers",
	    "10.9.0.1:80"))), 0);
}
END_TEST

static void
reset_records(int64_t last)
{
	reset_conn("192.0.2.1", 1, "10.0.0.2", 80, 0, SW_SERVER, TRANSFER);
	reset_conn("192.0.2.1", 2, "10.0.0.2", 80, 5000, SW_SERVER, HANDSHAKE);
	/* A client's reset never counts towards a storm. */
	reset_conn("192.0.2.1", 3, "10.0.0.2", 80, 1000, SW_CLIENT, CLOSING);
	refused_conn("192.0.2.2", "10.0.0.2", 80, last);
}

static char *text(const struct sw_protect *p);
static void has_row(const char *t, const char *name, const char *want);

/* A SYN that only ICMP errors answered: counted, never a reset. */
static void
unreachable_conn(const char *client, const char *server, uint16_t sport,
    int64_t at)
{
	struct sw_conn *c = conn(client, 40001, server, sport, at, at + 1000);

	c->handshake = SW_HS_SYN_ONLY;
	c->close = SW_CLOSE_UNREACHABLE;
	c->closed_by = c->closer = SW_NOBODY;
	c->unreachable = true;
	c->synack_seen = false;
	c->peer[SW_CLIENT].state = SW_ST_CLOSED;
	c->peer[SW_SERVER].state = SW_ST_LISTEN;
}

START_TEST(test_unreachable)
{
	struct sw_protect *p;
	json_t *g;
	char *t;

	cfg.reset_storm = 2;
	refused_conn("192.0.2.2", "10.0.0.2", 80, 0);
	unreachable_conn("192.0.2.3", "10.0.0.2", 80, 10);
	unreachable_conn("192.0.2.4", "10.0.0.2", 80, 20);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "connections"), 3);
	ck_assert_int_eq(num(g, "refused"), 1);
	ck_assert_int_eq(num(g, "unreachable"), 2);
	ck_assert_int_eq(num(g, "half_open.total"), 0);
	ck_assert_int_eq(num(g, "reset.total"), 0);
	/* The server never saw them: no reset-storm. */
	ck_assert_uint_eq(json_array_size(flags(g)), 0);
	ck_assert_int_eq(num(group("hosts", "10.0.0.2"), "unreachable"), 2);
	p = feed(NULL);
	t = text(p);
	has_row(t, "10.0.0.2:80", "10.0.0.2:80 3 0/0 1 2 0 0/0.000s 0 -");
	free(t);
	sw_protect_free(p);
}
END_TEST

START_TEST(test_reset_storm)
{
	json_t *g, *f;

	cfg.reset_storm = 3;
	/* 0, 5 and 10 s: no window [t, t + 10 s) holds three. */
	reset_records(10000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "refused"), 1);
	ck_assert_int_eq(num(g, "reset.total"), 3);
	ck_assert_int_eq(num(g, "reset.by_client"), 1);
	ck_assert_int_eq(num(g, "reset.by_server"), 2);
	ck_assert_int_eq(num(g, "reset.handshake"), 1);
	ck_assert_int_eq(num(g, "reset.transfer"), 1);
	ck_assert_int_eq(num(g, "reset.close"), 1);
	ck_assert_uint_eq(json_array_size(flags(g)), 0);

	/* 0, 5 and 9.999 s: three within 10 s. */
	setup();
	cfg.reset_storm = 3;
	reset_records(9999);
	report();
	f = flag(group("servers", "10.0.0.2:80"), "reset-storm");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(num(f, "value"), 3);
	ck_assert_int_eq(num(f, "threshold"), 3);
	ck_assert(real(f, "since") == jt(9999));
	ck_assert_ptr_nonnull(strstr(str(f, "advice"), "crashes"));

	/* One below the threshold. */
	setup();
	cfg.reset_storm = 4;
	reset_records(9999);
	report();
	ck_assert_uint_eq(json_array_size(flags(group("servers",
	    "10.0.0.2:80"))), 0);
}
END_TEST

/* Two ports of one host: each endpoint alone, and the host summed. */
START_TEST(test_host_rollup)
{
	json_t *g;

	half_open("192.0.2.1", "10.0.0.2", 80, 0, 50, false);
	half_open("192.0.2.2", "10.0.0.2", 80, 1000, 1050, false);
	half_open("192.0.2.1", "10.0.0.2", 443, 2000, 2050, true);
	conn("192.0.2.9", 5, "10.0.0.2", 443, 3000, 4000);
	half_open("192.0.2.3", "2001:db8::1", 443, 0, 50, false);
	capture_end(10000);
	report();
	g = group("servers", "10.0.0.2:80");
	ck_assert_int_eq(num(g, "connections"), 2);
	ck_assert_int_eq(num(g, "half_open.peak"), 2);
	ck_assert_int_eq(num(g, "half_open.sources"), 2);
	g = group("servers", "10.0.0.2:443");
	ck_assert_int_eq(num(g, "connections"), 2);
	ck_assert_int_eq(num(g, "half_open.peak"), 1);
	ck_assert_int_eq(num(g, "half_open.unanswered"), 1);
	g = group("hosts", "10.0.0.2");
	ck_assert_int_eq(num(g, "connections"), 4);
	ck_assert_int_eq(num(g, "half_open.total"), 3);
	ck_assert_int_eq(num(g, "half_open.unanswered"), 1);
	ck_assert_int_eq(num(g, "half_open.peak"), 3);
	ck_assert(real(g, "half_open.peak_at") == jt(2000));
	/* 192.0.2.1 on both ports is one source of the host. */
	ck_assert_int_eq(num(g, "half_open.sources"), 2);
	ck_assert_int_eq(num(g, "idle.no_payload"), 1);
	ck_assert_int_eq(num(group("servers", "[2001:db8::1]:443"),
	    "half_open.total"), 1);
	ck_assert_int_eq(num(group("hosts", "2001:db8::1"), "half_open.total"),
	    1);
	ck_assert_uint_eq(json_array_size(json_object_get(prot, "servers")), 4);
	ck_assert_uint_eq(json_array_size(json_object_get(prot, "hosts")), 3);
}
END_TEST

/* Flags first, then the score, then connections, then the name. */
START_TEST(test_ranking)
{
	static const char *const want[] = {
		"10.0.0.1:80", "10.0.0.10:80", "10.0.0.2:80", "10.0.0.9:80",
		"198.51.100.99:9"
	};
	const char *const five[] = { "10.0.0.9", "10.0.0.2", "10.0.0.10" };
	json_t *servers, *g;
	size_t i;

	cfg.idle_threshold = 10000;
	/* 10.0.0.1: a close-wait-leak by age; score 1. */
	close_wait_conn("192.0.2.1", 1, "10.0.0.1", 80, 0, 1000, -1);
	/* Score 5 each, by client resets; 10.0.0.10 has one more conn. */
	for (int s = 0; s < 3; s++)
		for (int k = 0; k < 5; k++)
			reset_conn("192.0.2.5", (uint16_t)(k + 1), five[s], 80,
			    (k + 1) * 1000, SW_CLIENT, TRANSFER);
	conn("192.0.2.6", 9, "10.0.0.10", 80, 100, 200);
	capture_end(200000);
	report();
	servers = json_object_get(prot, "servers");
	ck_assert_uint_eq(json_array_size(servers), 5);
	json_array_foreach(servers, i, g)
		ck_assert_str_eq(str(g, "server"), want[i]);
	ck_assert_uint_eq(json_array_size(flags(json_array_get(servers, 0))),
	    1);
	g = json_array_get(json_object_get(prot, "hosts"), 0);
	ck_assert_str_eq(str(g, "host"), "10.0.0.1");
}
END_TEST

static char *
dump(struct sw_protect *p)
{
	json_t *o = sw_protect_json(p);
	char *s = json_dumps(o, SW_JSON_FLAGS);

	json_decref(o);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The same records in any order give the same report, to the byte. */
START_TEST(test_order_independent)
{
	int order[MAXC];
	uint32_t x = 2024;
	struct sw_protect *p;
	char *first, *other;

	cfg.syn_flood = 3;
	cfg.syn_flood_sources = 3;
	cfg.close_wait = 2;
	cfg.idle_hold = 2;
	cfg.reset_storm = 3;
	flood_records();
	close_wait_records();
	idle_records();
	reset_records(9999);
	half_open("192.0.2.3", "2001:db8::1", 443, 0, 50, false);
	reset_conn("2001:db8::9", 7, "2001:db8::1", 443, 500, SW_SERVER,
	    CLOSING);
	p = feed(NULL);
	first = dump(p);
	sw_protect_free(p);
	for (int round = 0; round < 6; round++) {
		/* Reversed once, then Fisher-Yates with a fixed LCG. */
		for (int i = 0; i < nconn; i++)
			order[i] = round == 0 ? nconn - 1 - i : i;
		for (int i = nconn - 1; round > 0 && i > 0; i--) {
			int j, tmp;

			x = x * 1103515245u + 12345u;
			j = (int)((x >> 16) % (uint32_t)(i + 1));
			tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		p = feed(order);
		other = dump(p);
		ck_assert_str_eq(other, first);
		free(other);
		sw_protect_free(p);
	}
	/* All four flags fired somewhere, so the test covers them. */
	ck_assert_ptr_nonnull(strstr(first, "\"syn-flood\",\"value\""));
	ck_assert_ptr_nonnull(strstr(first, "\"close-wait-leak\""));
	ck_assert_ptr_nonnull(strstr(first, "\"idle-hold\""));
	ck_assert_ptr_nonnull(strstr(first, "\"reset-storm\""));
	free(first);
}
END_TEST

/* The text of a report. */
static char *
text(const struct sw_protect *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	sw_protect_text(f, p, NULL);
	fclose(f);
	return buf;
}

START_TEST(test_no_flags)
{
	struct sw_protect *p;
	char *t;
	json_t *g;

	conn("192.0.2.1", 1001, "10.0.0.2", 80, 0, 100);
	p = feed(NULL);
	prot = sw_protect_json(p);
	g = group("servers", "10.0.0.2:80");
	ck_assert(json_is_array(flags(g)));
	ck_assert_uint_eq(json_array_size(flags(g)), 0);
	ck_assert(json_is_null(at(g, "half_open.peak_at")));
	ck_assert(json_is_null(at(g, "idle.peak_at")));
	ck_assert(real(prot, "idle_threshold") == 30.0);
	ck_assert_int_eq(num(prot, "thresholds.syn-flood"), 100);
	ck_assert(real(prot, "thresholds.reset-window") == 10.0);
	t = text(p);
	ck_assert_str_eq(t, "\nprotection report (idle threshold 30 s):\n"
	    "  server       conns  half-open  refused  unreachable  reset  "
	    "close-wait  idle  flags\n"
	    "  10.0.0.2:80      1        0/0        0            0      0    "
	    "0/0.000s     0  -\n"
	    "  no server flagged\n");
	free(t);
	sw_protect_free(p);
}
END_TEST

/* The table row of name in text t, blanks squeezed to one. */
static void
has_row(const char *t, const char *name, const char *want)
{
	char needle[80], got[200];
	const char *l;
	size_t n = 0;

	snprintf(needle, sizeof(needle), "\n  %s ", name);
	l = strstr(t, needle);
	ck_assert_msg(l != NULL, "no row %s in:\n%s", name, t);
	for (l += 3; *l != '\n' && n + 1 < sizeof(got); l++)
		if (*l != ' ' || got[n - 1] != ' ')
			got[n++] = *l;
	got[n] = '\0';
	ck_assert_str_eq(got, want);
}

START_TEST(test_text_flagged)
{
	struct sw_protect *p;
	char *t;

	cfg.syn_flood = 3;
	cfg.syn_flood_sources = 3;
	flood_records();
	/* A second port of the host brings the per-host table. */
	conn("192.0.2.9", 5, "10.0.0.2", 443, 0, 100);
	p = feed(NULL);
	t = text(p);
	has_row(t, "10.0.0.2:80",
	    "10.0.0.2:80 4 3/3 0 0 0 0/0.000s 0 syn-flood");
	has_row(t, "10.0.0.2:443", "10.0.0.2:443 1 0/0 0 0 0 0/0.000s 0 -");
	ck_assert_msg(strstr(t, "  10.0.0.2:80: syn-flood: 3 half-open or "
	    "unanswered connections at once from 3 sources (thresholds 3 and "
	    "3 sources), since 1700000063.000000.\n    Enable SYN cookies")
	    != NULL, "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "\nper host:\n  host "));
	has_row(t, "10.0.0.2", "10.0.0.2 5 3/3 0 0 0 0/0.000s 0 syn-flood");
	ck_assert_ptr_nonnull(strstr(t, "  10.0.0.2: syn-flood: "));
	free(t);
	sw_protect_free(p);
}
END_TEST

/* At most 20 rows; the rest is counted. */
START_TEST(test_text_more_rows)
{
	struct sw_protect *p;
	char ip[32], *t;

	for (int i = 0; i < 23; i++) {
		snprintf(ip, sizeof(ip), "10.1.0.%d", i + 1);
		conn("192.0.2.1", 1001, ip, 80, 0, 100);
	}
	p = feed(NULL);
	t = text(p);
	ck_assert_ptr_nonnull(strstr(t, "  ... and 3 more servers"));
	ck_assert_ptr_null(strstr(t, "per host"));
	free(t);
	sw_protect_free(p);
}
END_TEST

START_TEST(test_thresholds)
{
	struct sw_protect_config c;

	sw_protect_config_init(&c);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood=50", &err), SW_OK);
	ck_assert_uint_eq(c.syn_flood, 50);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood-sources=5", &err),
	    SW_OK);
	ck_assert_uint_eq(c.syn_flood_sources, 5);
	ck_assert_int_eq(sw_protect_threshold(&c, "close-wait=3", &err), SW_OK);
	ck_assert_uint_eq(c.close_wait, 3);
	ck_assert_int_eq(sw_protect_threshold(&c, "close-wait-age=60.5", &err),
	    SW_OK);
	ck_assert(c.close_wait_age == 60.5);
	ck_assert_int_eq(sw_protect_threshold(&c, "idle-hold=4", &err), SW_OK);
	ck_assert_uint_eq(c.idle_hold, 4);
	ck_assert_int_eq(sw_protect_threshold(&c, "reset-storm=7", &err),
	    SW_OK);
	ck_assert_uint_eq(c.reset_storm, 7);
	ck_assert_int_eq(sw_protect_threshold(&c, "reset-window=2", &err),
	    SW_OK);
	ck_assert(c.reset_window == 2);

	ck_assert_int_eq(sw_protect_threshold(&c, "bogus=1", &err),
	    SW_ERR_USAGE);
	ck_assert_str_eq(err.msg, "--threshold: 'bogus=1' is not NAME=VALUE "
	    "with NAME one of syn-flood, syn-flood-sources, close-wait, "
	    "close-wait-age, idle-hold, reset-storm, reset-window");
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn=1", &err), SW_ERR_USAGE);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood=0", &err),
	    SW_ERR_USAGE);
	ck_assert_str_eq(err.msg, "--threshold: syn-flood: '0' is not a whole "
	    "number from 1");
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood=-1", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood=1.5", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(sw_protect_threshold(&c, "syn-flood=", &err),
	    SW_ERR_USAGE);
	ck_assert_int_eq(sw_protect_threshold(&c, "reset-window=0", &err),
	    SW_ERR_USAGE);
	ck_assert_str_eq(err.msg, "--threshold: reset-window: '0' is not a "
	    "positive number of seconds");
	ck_assert_int_eq(sw_protect_threshold(&c, "close-wait-age=x", &err),
	    SW_ERR_USAGE);
	/* Failures left the values alone. */
	ck_assert_uint_eq(c.syn_flood, 50);
	ck_assert(c.reset_window == 2);
	ck_assert(c.close_wait_age == 60.5);
}
END_TEST

START_TEST(test_lifecycle)
{
	struct sw_protect *p = sw_protect_new(&cfg, &err);
	struct sw_conn *c = conn("192.0.2.1", 1, "10.0.0.2", 80, 0, 1);
	char *t;

	ck_assert_ptr_nonnull(p);
	/* An empty report. */
	sw_protect_finish(p);
	prot = sw_protect_json(p);
	ck_assert_uint_eq(json_array_size(json_object_get(prot, "servers")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(prot, "hosts")), 0);
	t = text(p);
	ck_assert_str_eq(t, "\nprotection report (idle threshold 30 s):\n"
	    "  no connections\n");
	free(t);
	/* Nothing can be added once finished. */
	ck_assert_int_eq(sw_protect_add(p, c, &err), SW_ERR_USAGE);
	sw_protect_free(p);
	sw_protect_free(NULL);
}
END_TEST

/* Many servers and entries: the tables grow and stay consistent. */
START_TEST(test_many)
{
	struct sw_protect *p = sw_protect_new(&cfg, &err);
	struct sw_conn c;
	char ip[32];
	json_t *o, *g;
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (int n = 0; n < 5000; n++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", n / 250 % 250, n % 250);
		fx_conn(&c, (uint64_t)n + 1, "192.0.2.1", (uint16_t)(n + 1),
		    ip, 80);
		c.close = SW_CLOSE_HALF_OPEN;
		c.handshake = SW_HS_SYN_SYNACK;
		c.closer = SW_NOBODY;
		c.start = c.end = tms(n);
		ck_assert_int_eq(sw_protect_add(p, &c, &err), SW_OK);
		fx_conn(&c, (uint64_t)n + 1, "192.0.2.2", (uint16_t)(n + 1),
		    "10.255.0.1", (uint16_t)(n % 7 + 1));
		c.start = c.end = tms(n);
		ck_assert_int_eq(sw_protect_add(p, &c, &err), SW_OK);
	}
	sw_protect_finish(p);
	o = sw_protect_json(p);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "servers")),
	    5007);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "hosts")), 5001);
	json_array_foreach(json_object_get(o, "hosts"), i, g)
		if (strcmp(json_string_value(json_object_get(g, "host")),
		    "10.255.0.1") == 0)
			ck_assert_int_eq(json_integer_value(json_object_get(g,
			    "connections")), 5000);
	json_decref(o);
	sw_protect_free(p);
}
END_TEST

static Suite *
protect_suite(void)
{
	Suite *s = suite_create("protect");
	TCase *tc = tcase_create("protect");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_half_open_peak);
	tcase_add_test(tc, test_syn_hold_cap);
	tcase_add_test(tc, test_syn_hold_capture_end);
	tcase_add_test(tc, test_syn_flood_flag);
	tcase_add_test(tc, test_close_wait);
	tcase_add_test(tc, test_close_wait_thresholds);
	tcase_add_test(tc, test_fin_wait_2);
	tcase_add_test(tc, test_idle_boundaries);
	tcase_add_test(tc, test_idle_open_at_end);
	tcase_add_test(tc, test_idle_top_clients);
	tcase_add_test(tc, test_idle_hold_flag);
	tcase_add_test(tc, test_reset_storm);
	tcase_add_test(tc, test_host_rollup);
	tcase_add_test(tc, test_ranking);
	tcase_add_test(tc, test_order_independent);
	tcase_add_test(tc, test_no_flags);
	tcase_add_test(tc, test_text_flagged);
	tcase_add_test(tc, test_text_more_rows);
	tcase_add_test(tc, test_unreachable);
	tcase_add_test(tc, test_thresholds);
	tcase_add_test(tc, test_lifecycle);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(protect_suite());
}
