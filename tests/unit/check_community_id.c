/* SPDX-License-Identifier: MIT */
/*
 * check_community_id.c: the Community ID v1 against the published test
 * vectors of the specification (its baseline data: the tables of its
 * baseline/README.md and the TCP, UDP and SCTP rows of
 * baseline_deflt.json and baseline_seed1.json), each in both orders of
 * the endpoints; the connection wrapper; the validity check the record
 * reader uses.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <nettle/base64.h>

#include "community_id.h"
#include "conn_fixture.h"
#include "runner.h"

struct vector {
	uint16_t seed;
	uint8_t proto;
	const char *saddr, *daddr;
	uint16_t sport, dport;
	const char *id;
};

static const struct vector vectors[] = {
	/* TCP over IPv4: the README table, then the JSON baseline. */
	{ 0, 6, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
	{ 1, 6, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=" },
	{ 0, 6, "128.232.110.120", "66.35.250.204", 34855, 80,
	    "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 1, 6, "128.232.110.120", "66.35.250.204", 34855, 80,
	    "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
	/* TCP over IPv6. */
	{ 0, 6, "2001:470:e5bf:dead:4957:2174:e82c:4887",
	    "2607:f8b0:400c:c03::1a", 63943, 25,
	    "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 1, 6, "2001:470:e5bf:dead:4957:2174:e82c:4887",
	    "2607:f8b0:400c:c03::1a", 63943, 25,
	    "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
	/* The protocol byte: UDP and SCTP, same tuples. */
	{ 0, 17, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
	{ 1, 17, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:OShq+iKDAMVouh/4bMxB9Sz4amw=" },
	{ 0, 17, "192.168.1.52", "8.8.8.8", 54585, 53,
	    "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 1, 17, "192.168.1.52", "8.8.8.8", 54585, 53,
	    "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
	{ 0, 132, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=" },
	{ 1, 132, "1.2.3.4", "5.6.7.8", 1122, 3344,
	    "1:uitchpn5MMGAQKBJh7bIr/bAr7s=" },
	/* Equal ports: the addresses alone decide the order. */
	{ 0, 132, "192.168.170.8", "192.168.170.56", 7, 7,
	    "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 1, 132, "192.168.170.8", "192.168.170.56", 7, 7,
	    "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=" },
};
#define NVECTORS ((int)(sizeof(vectors) / sizeof(vectors[0])))

/* Vector _i / 2, in its published order for even _i, reversed for odd. */
START_TEST(test_vector)
{
	const struct vector *v = &vectors[_i / 2];
	struct sw_addr s, d;
	char out[SW_COMMUNITY_ID_LEN + 1];

	fx_addr(&s, v->saddr);
	fx_addr(&d, v->daddr);
	memset(out, 'x', sizeof(out));
	if (_i % 2 == 0)
		sw_community_id(v->seed, v->proto, &s, v->sport, &d, v->dport,
		    out);
	else
		sw_community_id(v->seed, v->proto, &d, v->dport, &s, v->sport,
		    out);
	ck_assert_msg(strcmp(out, v->id) == 0, "%s:%u %s %s:%u seed %u "
	    "proto %u: got %s, want %s", v->saddr, v->sport,
	    _i % 2 ? "<-" : "->", v->daddr, v->dport, v->seed, v->proto, out,
	    v->id);
	ck_assert(sw_community_id_valid(out));
}
END_TEST

/* The SHA-1 alone, before base64: the spec's table without base64. */
START_TEST(test_digest_hex)
{
	struct sw_addr s, d;
	char out[SW_COMMUNITY_ID_LEN + 1], hex[41];
	uint8_t digest[BASE64_DECODE_LENGTH(28)];
	size_t n = sizeof(digest);
	struct base64_decode_ctx ctx;

	fx_addr(&s, "1.2.3.4");
	fx_addr(&d, "5.6.7.8");
	sw_community_id(0, 6, &s, 1122, &d, 3344, out);
	base64_decode_init(&ctx);
	ck_assert(base64_decode_update(&ctx, &n, digest, 28, out + 2));
	ck_assert(base64_decode_final(&ctx));
	ck_assert_uint_eq(n, 20);
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	ck_assert_str_eq(hex, "c026f7386ef200559e95a53276ed03fb5db908b3");
}
END_TEST

/* A connection's ID: seed 0, TCP, the same with the roles swapped. */
START_TEST(test_conn)
{
	struct sw_conn c, r;

	fx_conn(&c, 1, "128.232.110.120", 34855, "66.35.250.204", 80);
	memset(c.community_id, 0, sizeof(c.community_id));
	sw_community_id_conn(&c);
	ck_assert_str_eq(c.community_id, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
	fx_conn(&r, 2, "66.35.250.204", 80, "128.232.110.120", 34855);
	sw_community_id_conn(&r);
	ck_assert_str_eq(r.community_id, c.community_id);
	fx_conn(&c, 3, "2607:f8b0:400c:c03::1a", 25,
	    "2001:470:e5bf:dead:4957:2174:e82c:4887", 63943);
	sw_community_id_conn(&c);
	ck_assert_str_eq(c.community_id, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
}
END_TEST

/* Same address both sides (a loopback connection): the ports decide. */
START_TEST(test_same_address)
{
	struct sw_addr a;
	char x[SW_COMMUNITY_ID_LEN + 1], y[SW_COMMUNITY_ID_LEN + 1];

	fx_addr(&a, "127.0.0.1");
	sw_community_id(0, 6, &a, 40000, &a, 80, x);
	sw_community_id(0, 6, &a, 80, &a, 40000, y);
	ck_assert_str_eq(x, y);
	sw_community_id(0, 6, &a, 40000, &a, 81, y);
	ck_assert_str_ne(x, y);
}
END_TEST

START_TEST(test_valid)
{
	ck_assert(sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PMibrg="));
	ck_assert(!sw_community_id_valid(""));
	ck_assert(!sw_community_id_valid("1:"));
	/* Another version, a short or long digest, bad characters. */
	ck_assert(!sw_community_id_valid("2:LQU9qZlK+B5F3KDmev6m5PMibrg="));
	ck_assert(!sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PMibr="));
	ck_assert(!sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PMibrgg="));
	ck_assert(!sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PMib!g="));
	ck_assert(!sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PM brg="));
	/* Not canonical: the last character carries non-zero spare bits. */
	ck_assert(!sw_community_id_valid("1:LQU9qZlK+B5F3KDmev6m5PMibrh="));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("community_id");
	TCase *tc = tcase_create("v1");

	tcase_add_loop_test(tc, test_vector, 0, 2 * NVECTORS);
	tcase_add_test(tc, test_digest_hex);
	tcase_add_test(tc, test_conn);
	tcase_add_test(tc, test_same_address);
	tcase_add_test(tc, test_valid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(suite());
}
