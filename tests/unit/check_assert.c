/* SPDX-License-Identifier: MIT */
/* check_assert.c: unit tests of the --assert parser and evaluator. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_fixture.h"
#include "sevenway/ci.h"
#include "runner.h"

/* Parse expr, which must be valid. */
static void
parse_ok(struct sw_assert *a, const char *expr)
{
	struct sw_err err = { 0 };
	enum sw_status st = sw_assert_init(a, expr, &err);

	ck_assert_msg(st == SW_OK, "'%s' rejected: %s", expr, err.msg);
}

/* Whether the predicate of expr (valid) holds for c. */
static bool
holds(const char *expr, const struct sw_conn *c)
{
	struct sw_assert a;

	parse_ok(&a, expr);
	return sw_assert_pred(&a.expr, c, NULL);
}

/*
 * expr must be rejected with SW_ERR_USAGE and the three-line message
 * "bad assertion: WHAT..." / expr / caret at column col.
 */
static void
parse_bad(const char *expr, const char *what, size_t col)
{
	struct sw_err err = { 0 };
	struct sw_assert a;
	char want[600], *l2, *l3;

	ck_assert_int_eq(sw_assert_init(&a, expr, &err), SW_ERR_USAGE);
	ck_assert_int_eq(err.code, SW_ERR_USAGE);
	snprintf(want, sizeof(want), "bad assertion: %s", what);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
	    "'%s': message '%s', wanted it to start with '%s'", expr,
	    err.msg, want);
	l2 = strchr(err.msg, '\n');
	ck_assert_ptr_nonnull(l2);
	l2++;
	l3 = strchr(l2, '\n');
	ck_assert_ptr_nonnull(l3);
	*l3++ = '\0';
	if (strlen(expr) <= 100)
		ck_assert_str_eq(l2, expr);
	ck_assert_msg(strspn(l3, " ") == col && strcmp(l3 + col, "^") == 0,
	    "'%s': caret line '%s', wanted column %zu", expr, l3, col);
}

static unsigned
count_char(const char *s, char ch)
{
	unsigned n = 0;

	for (; *s != '\0'; s++)
		n += *s == ch;
	return n;
}

static struct sw_conn conn;

static void
setup(void)
{
	fx_conn(&conn, 1, "10.0.0.1", 43512, "10.0.0.2", 80);
}

/* ---- parsing ----------------------------------------------------------- */

START_TEST(test_parse_quantifiers)
{
	struct sw_assert a;

	parse_ok(&a, "all(handshake=complete)");
	ck_assert_int_eq(a.expr.quant, SW_QUANT_ALL);
	ck_assert_int_eq(a.expr.cmp, SW_CMP_NONE);
	parse_ok(&a, "none(close=reset)");
	ck_assert_int_eq(a.expr.quant, SW_QUANT_NONE);
	parse_ok(&a, "any(close=reset)");
	ck_assert_int_eq(a.expr.quant, SW_QUANT_ANY);
	parse_ok(&a, "count(server=10.0.0.2:80) >= 3");
	ck_assert_int_eq(a.expr.quant, SW_QUANT_COUNT);
	ck_assert_int_eq(a.expr.cmp, SW_CMP_GE);
	ck_assert_uint_eq(a.expr.n, 3);
	ck_assert_str_eq(sw_quant_name(SW_QUANT_COUNT), "count");
}
END_TEST

START_TEST(test_parse_comparisons)
{
	static const struct { const char *op; enum sw_cmp c; } ops[] = {
		{ "==", SW_CMP_EQ }, { "!=", SW_CMP_NE }, { "<", SW_CMP_LT },
		{ "<=", SW_CMP_LE }, { ">", SW_CMP_GT }, { ">=", SW_CMP_GE },
	};
	struct sw_assert a;
	char expr[80];

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		snprintf(expr, sizeof(expr), "count(close=reset)%s12", ops[i].op);
		parse_ok(&a, expr);
		ck_assert_int_eq(a.expr.cmp, ops[i].c);
		ck_assert_uint_eq(a.expr.n, 12);
		ck_assert_str_eq(sw_cmp_name(ops[i].c), ops[i].op);
	}
	parse_ok(&a, "count(close=reset) == 18446744073709551615");
	ck_assert_uint_eq(a.expr.n, UINT64_MAX);
}
END_TEST

START_TEST(test_parse_whitespace_and_text)
{
	struct sw_assert a;

	parse_ok(&a, "  count ( close = client-close &server=*:443 ) == 12  ");
	ck_assert_uint_eq(a.expr.nterms, 2);
	ck_assert_int_eq(a.expr.term[0].field, SW_AF_CLOSE);
	ck_assert_int_eq(a.expr.term[0].code, SW_CLOSE_CLIENT);
	ck_assert_int_eq(a.expr.term[1].field, SW_AF_SERVER);
	ck_assert_str_eq(a.expr.term[1].host, "*");
	ck_assert_str_eq(a.expr.term[1].port, "443");
	/* The reports show the expression as typed, blanks trimmed. */
	ck_assert_str_eq(a.expr.text,
	    "count ( close = client-close &server=*:443 ) == 12");
	parse_ok(&a, "\tall(close!=reset)\n");
	ck_assert(a.expr.term[0].negate);
}
END_TEST

START_TEST(test_parse_endpoint_forms)
{
	struct sw_assert a;

	parse_ok(&a, "any(client=10.0.0.1)");
	ck_assert_str_eq(a.expr.term[0].host, "10.0.0.1");
	ck_assert_str_eq(a.expr.term[0].port, "*");
	ck_assert(!a.expr.term[0].wild);
	parse_ok(&a, "any(client=10.0.0.1:*)");
	ck_assert_str_eq(a.expr.term[0].port, "*");
	parse_ok(&a, "any(client=*)");
	ck_assert_str_eq(a.expr.term[0].host, "*");
	ck_assert_str_eq(a.expr.term[0].port, "*");
	parse_ok(&a, "any(server=[2001:db8::1]:443)");
	ck_assert_str_eq(a.expr.term[0].host, "2001:db8::1");
	ck_assert_str_eq(a.expr.term[0].port, "443");
	ck_assert_int_eq(a.expr.term[0].addr.family, 6);
	parse_ok(&a, "any(server=[2001:db8::1])");
	ck_assert_str_eq(a.expr.term[0].port, "*");
	/* Bare IPv6: the colons belong to the address, never a port. */
	parse_ok(&a, "any(server=2001:db8::1)");
	ck_assert_str_eq(a.expr.term[0].host, "2001:db8::1");
	ck_assert_str_eq(a.expr.term[0].port, "*");
	parse_ok(&a, "any(server=2001:db8::*)");
	ck_assert(a.expr.term[0].wild);
	parse_ok(&a, "any(server=10.0.*.*:8*)");
	ck_assert_str_eq(a.expr.term[0].port, "8*");
}
END_TEST

/* ---- parse errors: message and caret ----------------------------------- */

START_TEST(test_err_empty)
{
	parse_bad("", "empty expression", 0);
	parse_bad("   ", "empty expression", 3);
}
END_TEST

START_TEST(test_err_quantifier)
{
	parse_bad("most(close=reset)", "unknown quantifier 'most' (valid: "
	    "all, none, any, count)", 0);
	parse_bad("  ALL(close=reset)", "unknown quantifier 'ALL'", 2);
	parse_bad("(close=reset)", "expected a quantifier", 0);
}
END_TEST

START_TEST(test_err_parens)
{
	parse_bad("all close=reset", "expected '(' after quantifier", 4);
	parse_bad("all", "expected '(' after quantifier", 3);
	parse_bad("all(close=reset", "expected ')'", 15);
	parse_bad("all(close=reset x)", "expected '&' or ')'", 16);
	parse_bad("all(", "expected a field name", 4);
}
END_TEST

START_TEST(test_err_predicate)
{
	parse_bad("all()", "empty predicate", 4);
	parse_bad("all(  )", "empty predicate", 6);
	parse_bad("all(=reset)", "expected a field name", 4);
	parse_bad("all(close=reset & )", "expected a field name", 18);
	parse_bad("all(close=reset &)", "expected a field name", 17);
	parse_bad("all(clos=reset)", "unknown field 'clos' (valid: client,",
	    4);
	parse_bad("all(close)", "expected '=' after field 'close'", 9);
	parse_bad("all(close reset)", "expected '=' after field 'close'", 10);
	parse_bad("all(close=)", "missing value for field 'close'", 10);
	parse_bad("all(close= & handshake=none)",
	    "missing value for field 'close'", 11);
	parse_bad("all(close==reset)", "use '=' inside a predicate", 9);
}
END_TEST

START_TEST(test_err_values)
{
	parse_bad("none(close=rest)", "unknown close value 'rest' (valid: "
	    "client-close, server-close,", 11);
	parse_bad("all(handshake=full)", "unknown handshake value 'full'", 14);
	parse_bad("all(closed_by=nobody)", "unknown closed_by value 'nobody' "
	    "(valid: client, server, none)", 14);
	parse_bad("all(state.client=time_wait)",
	    "unknown state.client value 'time_wait'", 17);
	parse_bad("all(state.server=ESTABLISHE)",
	    "unknown state.server value 'ESTABLISHE'", 17);
	parse_bad("none(anomaly=fin-bad)", "unknown anomaly value 'fin-bad'",
	    13);
	parse_bad("all(conn_state=sf)", "unknown conn_state value 'sf'", 15);
	parse_bad("none(close=x*)", "pattern 'x*' matches no close value", 11);
	parse_bad("none(anomaly=*zzz)",
	    "pattern '*zzz' matches no anomaly value", 13);
}
END_TEST

START_TEST(test_err_endpoints)
{
	parse_bad("any(client=host.example)", "bad address 'host.example'",
	    11);
	parse_bad("any(client=10.0.0.300)", "bad address '10.0.0.300'", 11);
	parse_bad("any(client=:80)", "bad address ''", 11);
	parse_bad("any(server=10.0.0.1:http)", "bad port 'http'", 20);
	parse_bad("any(server=10.0.0.1:65536)", "bad port '65536'", 20);
	parse_bad("any(server=10.0.0.1:)", "bad port ''", 20);
	parse_bad("any(server=[2001:db8::1)", "missing ']'", 11);
	parse_bad("any(server=[2001:db8::1]443)", "expected ':PORT' after ']'",
	    24);
	parse_bad("any(server=[2001:db8::1]:x)", "bad port 'x'", 25);
	parse_bad("any(server=[2001:db8::zz]:1)", "bad address '2001:db8::zz'",
	    12);
}
END_TEST

START_TEST(test_err_tail)
{
	parse_bad("count(close=reset)", "count() needs a comparison like "
	    "'>= 3'", 18);
	parse_bad("count(close=reset) 3", "count() needs a comparison", 19);
	parse_bad("all(close=reset) >= 3", "a comparison only applies to "
	    "count(), not all()", 17);
	parse_bad("none(close=reset)==0", "a comparison only applies to "
	    "count(), not none()", 17);
	parse_bad("any(close=reset) != 1", "a comparison only applies to "
	    "count(), not any()", 17);
	parse_bad("count(close=reset) >= x", "expected a number after '>='",
	    22);
	parse_bad("count(close=reset) >=", "expected a number after '>='", 21);
	parse_bad("count(close=reset) > -1", "expected a number after '>'",
	    21);
	parse_bad("count(close=reset) < 3x", "bad number", 21);
	parse_bad("count(close=reset) < 1.5", "bad number", 21);
	parse_bad("count(close=reset) == 18446744073709551616",
	    "number too large", 22);
	parse_bad("count(close=reset) = 3", "use '==' to compare", 19);
	parse_bad("all(close=reset) = 3", "a comparison only applies to "
	    "count(), not all()", 17);
	parse_bad("all(close=reset) x", "trailing characters", 17);
	parse_bad("count(close=reset) == 3 4", "trailing characters", 24);
	parse_bad("all(close=reset))", "trailing characters", 16);
}
END_TEST

START_TEST(test_err_limits)
{
	char expr[1200];
	size_t o;

	o = (size_t)snprintf(expr, sizeof(expr), "all(close=reset");
	for (int i = 0; i < SW_ASSERT_MAX_TERMS; i++)
		o += (size_t)snprintf(expr + o, sizeof(expr) - o,
		    " & close=reset");
	snprintf(expr + o, sizeof(expr) - o, ")");
	/* Past 100 characters the excerpt starts 50 before the error. */
	ck_assert_uint_gt(o, 100);
	parse_bad(expr, "too many terms (max 16)", 3 + 50);

	snprintf(expr, sizeof(expr), "all(anomaly=%070d)", 0);
	parse_bad(expr, "value too long", 12);

	memset(expr, ' ', 600);
	expr[600] = '\0';
	parse_bad(expr, "expression too long", 100 / 2 + 3);
}
END_TEST

/* A long expression is shown as a window so the caret still fits. */
START_TEST(test_err_long_window)
{
	char expr[400];
	struct sw_err err = { 0 };
	struct sw_assert a;
	size_t o;

	o = (size_t)snprintf(expr, sizeof(expr), "all(close=reset");
	for (int i = 0; i < 12; i++)
		o += (size_t)snprintf(expr + o, sizeof(expr) - o,
		    " & closed_by=client");
	snprintf(expr + o, sizeof(expr) - o, " & clos=x)");
	/* 'clos' is at offset o + 3: shown at column 50 + 3 ("..."). */
	parse_bad(expr, "unknown field 'clos'", 53);
	ck_assert_int_eq(sw_assert_init(&a, expr, &err), SW_ERR_USAGE);
	ck_assert(strstr(err.msg, "\n...") != NULL);
	ck_assert(strlen(err.msg) < SW_ERRBUF_SIZE - 1);
}
END_TEST

/*
 * Random strings over the grammar's alphabet, and valid expressions with
 * a few bytes replaced: each is either accepted or rejected with the
 * three-line message, never a crash (under the sanitizers this is a
 * small fuzz test).
 */
START_TEST(test_err_garbage)
{
	static const char alpha[] = "allnonecountany()&=!<>*:[].0123456789 "
	    "closeserverclientstate.anomalyfin-bad-ack\t";
	static const char *const seed[] = {
		"count(server=[2001:db8::1]:443 & close=reset) >= 3",
		"all(client=10.0.*.1:8* & state.client=TIME_WAIT)",
		"none(anomaly=fin-* & conn_state!=SF & closed_by=none)",
	};
	struct sw_assert a;
	struct sw_err err;
	char expr[64];
	uint32_t x = 1;

	for (int i = 0; i < 100000; i++) {
		size_t n;

		x = x * 1103515245u + 12345u;
		if (i % 2 == 0) {
			/* A valid expression with a few bytes replaced. */
			snprintf(expr, sizeof(expr), "%s", seed[(x >> 16) % 3]);
			n = strlen(expr);
			for (int k = 0; k < 3; k++) {
				x = x * 1103515245u + 12345u;
				expr[(x >> 16) % n] =
				    alpha[(x >> 8) % (sizeof(alpha) - 1)];
			}
		} else {
			n = (x >> 16) % (sizeof(expr) - 1);
			for (size_t k = 0; k < n; k++) {
				x = x * 1103515245u + 12345u;
				expr[k] = alpha[(x >> 16) % (sizeof(alpha) - 1)];
			}
			expr[n] = '\0';
		}
		memset(&err, 0, sizeof(err));
		if (sw_assert_init(&a, expr, &err) == SW_OK)
			continue;
		ck_assert_int_eq(err.code, SW_ERR_USAGE);
		ck_assert(strncmp(err.msg, "bad assertion: ", 15) == 0);
		ck_assert_uint_eq(count_char(err.msg, '\n'), 2);
		ck_assert(err.msg[strlen(err.msg) - 1] == '^');
	}
}
END_TEST

/* ---- predicates -------------------------------------------------------- */

START_TEST(test_field_endpoints)
{
	ck_assert(holds("any(client=10.0.0.1)", &conn));
	ck_assert(holds("any(client=10.0.0.1:43512)", &conn));
	ck_assert(holds("any(client=10.0.0.1:*)", &conn));
	ck_assert(holds("any(client=*:43512)", &conn));
	ck_assert(holds("any(client=10.0.0.*)", &conn));
	ck_assert(holds("any(client=10.*:435*)", &conn));
	ck_assert(holds("any(client=*)", &conn));
	ck_assert(!holds("any(client=10.0.0.2)", &conn));
	ck_assert(!holds("any(client=10.0.0.1:80)", &conn));
	ck_assert(!holds("any(client=10.0.0.1*:1*)", &conn));
	ck_assert(holds("any(server=10.0.0.2:80)", &conn));
	ck_assert(holds("any(server=*:80)", &conn));
	ck_assert(holds("any(server=*:8*)", &conn));
	ck_assert(!holds("any(server=*:443)", &conn));
	ck_assert(!holds("any(server=10.0.0.1)", &conn));
	/* A glob must match the whole address, not a part of it. */
	ck_assert(holds("any(server=10.0.0*)", &conn));
	ck_assert(!holds("any(server=*.0.0)", &conn));
	ck_assert(!holds("any(server=10.0.*.3)", &conn));
}
END_TEST

START_TEST(test_field_ipv6)
{
	fx_conn(&conn, 2, "2001:db8::1", 50000, "2001:db8::2", 443);
	ck_assert(holds("any(client=2001:db8::1)", &conn));
	ck_assert(holds("any(client=2001:DB8:0::1)", &conn));
	ck_assert(holds("any(client=[2001:db8::1]:50000)", &conn));
	ck_assert(holds("any(client=[2001:db8::1]:*)", &conn));
	ck_assert(holds("any(server=[2001:db8::*]:443)", &conn));
	ck_assert(holds("any(server=2001:DB8::*)", &conn));
	ck_assert(holds("any(server=*:443)", &conn));
	ck_assert(!holds("any(server=[2001:db8::2]:80)", &conn));
	ck_assert(!holds("any(server=10.0.0.2)", &conn));
	ck_assert(!holds("any(server=2001:db8::1)", &conn));
	/* An IPv4 glob does not match an IPv6 address. */
	ck_assert(!holds("any(server=10.*)", &conn));
}
END_TEST

START_TEST(test_field_enums)
{
	ck_assert(holds("all(handshake=complete)", &conn));
	ck_assert(!holds("all(handshake=none)", &conn));
	ck_assert(holds("all(close=client-close)", &conn));
	ck_assert(holds("all(close=*-close)", &conn));
	ck_assert(!holds("all(close=server-close)", &conn));
	ck_assert(holds("all(closed_by=client)", &conn));
	ck_assert(!holds("all(closed_by=server)", &conn));
	ck_assert(holds("all(state.client=TIME_WAIT)", &conn));
	ck_assert(holds("all(state.client=*WAIT)", &conn));
	ck_assert(holds("all(state.server=CLOSED)", &conn));
	ck_assert(!holds("all(state.server=CLOSE_WAIT)", &conn));
	conn.handshake = SW_HS_SYN_SYNACK;
	conn.close = SW_CLOSE_HALF_OPEN;
	conn.closed_by = SW_NOBODY;
	conn.peer[SW_SERVER].state = SW_ST_SYN_RCVD;
	ck_assert(holds("all(handshake=syn-synack)", &conn));
	ck_assert(holds("all(handshake=syn-*)", &conn));
	ck_assert(holds("all(close=half-open)", &conn));
	ck_assert(holds("all(closed_by=none)", &conn));
	ck_assert(holds("all(state.server=SYN_RCVD)", &conn));
	ck_assert(!holds("all(state.server=SYN_SENT)", &conn));
}
END_TEST

/* conn_state is what sw_conn_derive decides (zeek.c) for the record. */
START_TEST(test_field_conn_state)
{
	sw_conn_derive(&conn);
	ck_assert_str_eq(sw_conn_zeek_state(&conn), "SF");
	ck_assert(holds("all(conn_state=SF)", &conn));
	ck_assert(!holds("all(conn_state=S0)", &conn));
	ck_assert(holds("all(conn_state=S*)", &conn));

	/* The client's SYN, answered by nothing: S0. */
	memset(&conn.zk, 0, sizeof(conn.zk));
	conn.zk.started = true;
	conn.zk.end[SW_CLIENT].state = SW_ZE_SYN_SENT;
	snprintf(conn.history, sizeof(conn.history), "S");
	sw_conn_derive(&conn);
	ck_assert_str_eq(sw_conn_zeek_state(&conn), "S0");
	ck_assert(holds("all(conn_state=S0)", &conn));
	ck_assert(!holds("all(conn_state=SF)", &conn));

	/* Then the client resets it, still nothing back: RSTOS0. */
	conn.zk.end[SW_CLIENT].prev = SW_ZE_SYN_SENT;
	conn.zk.end[SW_CLIENT].state = SW_ZE_RESET;
	snprintf(conn.history, sizeof(conn.history), "SR");
	sw_conn_derive(&conn);
	ck_assert_str_eq(sw_conn_zeek_state(&conn), "RSTOS0");
	ck_assert(holds("all(conn_state=RSTOS0)", &conn));
	ck_assert(holds("all(conn_state=RST*)", &conn));
	ck_assert(!holds("all(conn_state=RSTO)", &conn));
	ck_assert(holds("all(conn_state!=RSTO)", &conn));
	ck_assert(!holds("all(conn_state=S*)", &conn));
}
END_TEST

START_TEST(test_field_anomaly)
{
	ck_assert(!holds("any(anomaly=*)", &conn));
	ck_assert(holds("all(anomaly!=*)", &conn));
	fx_anomaly(&conn, SW_AN_FIN_BAD_ACK, 9, true, 5001, 5002);
	ck_assert(holds("any(anomaly=*)", &conn));
	ck_assert(holds("any(anomaly=fin-bad-ack)", &conn));
	ck_assert(holds("any(anomaly=fin-*)", &conn));
	ck_assert(holds("any(anomaly=*-bad-ack)", &conn));
	ck_assert(!holds("any(anomaly=fin-bad-seq)", &conn));
	ck_assert(!holds("any(anomaly=syn*)", &conn));
	ck_assert(holds("any(anomaly!=invalid-rst)", &conn));
	ck_assert(!holds("any(anomaly!=fin-bad-ack)", &conn));
	/* Counted but not stored (beyond SW_MAX_ANOMALIES) still counts. */
	conn.anomaly_count[SW_AN_BAD_CHECKSUM] = 1;
	conn.anomaly_dropped = 1;
	ck_assert(holds("any(anomaly=bad-checksum)", &conn));
}
END_TEST

START_TEST(test_and_and_negation)
{
	ck_assert(holds("all(close=client-close & server=*:80)", &conn));
	ck_assert(!holds("all(close=client-close & server=*:443)", &conn));
	ck_assert(!holds("all(close=reset & server=*:80)", &conn));
	ck_assert(holds("all(close=client-close&server=*:80&client=10.*"
	    "&handshake=complete&closed_by=client)", &conn));
	ck_assert(holds("all(close!=reset & server!=*:443)", &conn));
	ck_assert(!holds("all(close!=client-close)", &conn));
	ck_assert(holds("all(client!=10.0.0.9)", &conn));
}
END_TEST

/* ---- evaluation -------------------------------------------------------- */

/* Feed n connections; those whose id is in bad[] end with a reset. */
static void
feed(struct sw_assert *a, unsigned n, const unsigned *bad, unsigned nbad)
{
	struct sw_conn c;

	for (unsigned id = 1; id <= n; id++) {
		fx_conn(&c, id, "10.0.0.1", (uint16_t)(40000 + id), "10.0.0.2",
		    80);
		for (unsigned i = 0; i < nbad; i++)
			if (bad[i] == id)
				c.close = SW_CLOSE_RESET;
		sw_assert_feed(a, &c, NULL);
	}
}

static void
check_result(const char *expr, unsigned n, const unsigned *bad,
    unsigned nbad, bool pass, const char *line)
{
	struct sw_assert a;
	char buf[SW_ASSERT_RESULT_LEN];

	parse_ok(&a, expr);
	feed(&a, n, bad, nbad);
	ck_assert_msg(sw_assert_passed(&a) == pass, "%s", expr);
	ck_assert_str_eq(sw_assert_result(&a, buf, sizeof(buf)), line);
}

START_TEST(test_eval_all)
{
	static const unsigned bad[] = { 3, 7 };

	check_result("all(close=client-close)", 12, NULL, 0, true,
	    "PASS all(close=client-close): 12 of 12 connections");
	check_result("all(close=client-close)", 12, bad, 2, false,
	    "FAIL all(close=client-close): 10 of 12 connections, 2 did not "
	    "match (ids 3, 7)");
	check_result("all(close=client-close)", 0, NULL, 0, true,
	    "PASS all(close=client-close): 0 of 0 connections");
	check_result("all(close=client-close)", 1, NULL, 0, true,
	    "PASS all(close=client-close): 1 of 1 connection");
}
END_TEST

START_TEST(test_eval_none)
{
	static const unsigned bad[] = { 3, 7 };

	check_result("none(close=reset)", 12, bad, 2, false,
	    "FAIL none(close=reset): 2 of 12 connections matched (ids 3, 7)");
	check_result("none(close=reset)", 12, NULL, 0, true,
	    "PASS none(close=reset): 0 of 12 connections matched");
	check_result("none(close=reset)", 1, (const unsigned[]){ 1 }, 1,
	    false, "FAIL none(close=reset): 1 of 1 connection matched (id 1)");
}
END_TEST

START_TEST(test_eval_any)
{
	static const unsigned bad[] = { 5 };

	check_result("any(close=reset)", 9, bad, 1, true,
	    "PASS any(close=reset): 1 of 9 connections matched");
	check_result("any(close=reset)", 9, NULL, 0, false,
	    "FAIL any(close=reset): 0 of 9 connections matched");
	check_result("any(close=reset)", 0, NULL, 0, false,
	    "FAIL any(close=reset): 0 of 0 connections matched");
}
END_TEST

START_TEST(test_eval_count)
{
	static const unsigned bad[] = { 2, 4, 6 };
	static const struct { const char *op; bool pass; } cases[] = {
		{ "== 3", true }, { "== 2", false }, { "!= 3", false },
		{ "!= 4", true }, { "< 3", false }, { "< 4", true },
		{ "<= 3", true }, { "<= 2", false }, { "> 3", false },
		{ "> 2", true }, { ">= 3", true }, { ">= 4", false },
	};
	char expr[64], line[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(expr, sizeof(expr), "count(close=reset) %s",
		    cases[i].op);
		snprintf(line, sizeof(line), "%s %s: 3 of 10 connections "
		    "matched%s", cases[i].pass ? "PASS" : "FAIL", expr,
		    cases[i].pass ? "" : " (ids 2, 4, 6)");
		check_result(expr, 10, bad, 3, cases[i].pass, line);
	}
}
END_TEST

/* Only the first SW_ASSERT_MAX_IDS offenders are kept, with frames. */
START_TEST(test_eval_bounded_ids)
{
	struct sw_assert a;
	struct sw_conn c;
	char buf[SW_ASSERT_RESULT_LEN];

	parse_ok(&a, "none(server=*:80)");
	for (unsigned id = 1; id <= 100000; id++) {
		fx_conn(&c, id, "10.0.0.1", 1000, "10.0.0.2", 80);
		sw_assert_feed(&a, &c, NULL);
	}
	ck_assert_uint_eq(a.seen, 100000);
	ck_assert_uint_eq(a.matched, 100000);
	ck_assert_uint_eq(a.nids, SW_ASSERT_MAX_IDS);
	ck_assert_uint_eq(a.id[4], 5);
	ck_assert_uint_eq(a.frame[4], 50);
	ck_assert_str_eq(sw_assert_result(&a, buf, sizeof(buf)),
	    "FAIL none(server=*:80): 100000 of 100000 connections matched "
	    "(ids 1, 2, 3, 4, 5, ...)");
	/* A short buffer is truncated, still terminated. */
	ck_assert_str_eq(sw_assert_result(&a, buf, 5), "FAIL");
}
END_TEST

static Suite *
assert_suite(void)
{
	Suite *s = suite_create("assert");
	TCase *p = tcase_create("parse");
	TCase *e = tcase_create("errors");
	TCase *m = tcase_create("predicates");
	TCase *v = tcase_create("evaluation");

	tcase_add_test(p, test_parse_quantifiers);
	tcase_add_test(p, test_parse_comparisons);
	tcase_add_test(p, test_parse_whitespace_and_text);
	tcase_add_test(p, test_parse_endpoint_forms);
	suite_add_tcase(s, p);

	tcase_add_test(e, test_err_empty);
	tcase_add_test(e, test_err_quantifier);
	tcase_add_test(e, test_err_parens);
	tcase_add_test(e, test_err_predicate);
	tcase_add_test(e, test_err_values);
	tcase_add_test(e, test_err_endpoints);
	tcase_add_test(e, test_err_tail);
	tcase_add_test(e, test_err_limits);
	tcase_add_test(e, test_err_long_window);
	tcase_add_test(e, test_err_garbage);
	suite_add_tcase(s, e);

	tcase_add_checked_fixture(m, setup, NULL);
	tcase_add_test(m, test_field_endpoints);
	tcase_add_test(m, test_field_ipv6);
	tcase_add_test(m, test_field_enums);
	tcase_add_test(m, test_field_conn_state);
	tcase_add_test(m, test_field_anomaly);
	tcase_add_test(m, test_and_and_negation);
	suite_add_tcase(s, m);

	tcase_add_test(v, test_eval_all);
	tcase_add_test(v, test_eval_none);
	tcase_add_test(v, test_eval_any);
	tcase_add_test(v, test_eval_count);
	tcase_add_test(v, test_eval_bounded_ids);
	suite_add_tcase(s, v);
	return s;
}

int
main(void)
{
	return sw_test_run(assert_suite());
}
