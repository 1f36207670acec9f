/* SPDX-License-Identifier: MIT */
/* check_flowtab.c: the connection table: keys, probing, deletion, lists. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flowtab.h"
#include "runner.h"

static struct sw_addr
v4(uint32_t x)
{
	struct sw_addr a;

	memset(&a, 0, sizeof(a));
	a.family = 4;
	a.a[0] = (uint8_t)(x >> 24);
	a.a[1] = (uint8_t)(x >> 16);
	a.a[2] = (uint8_t)(x >> 8);
	a.a[3] = (uint8_t)x;
	return a;
}

static struct sw_time
at(int64_t s)
{
	struct sw_time t = { s, 0 };

	return t;
}

START_TEST(key_is_unordered)
{
	struct sw_flowkey k1, k2;
	struct sw_addr a = v4(0x0a000001), b = v4(0x0a000002);

	ck_assert(sw_flowkey_make(&k1, &a, 1000, &b, 80));
	ck_assert(!sw_flowkey_make(&k2, &b, 80, &a, 1000));
	ck_assert_mem_eq(&k1, &k2, sizeof(k1));
	/* Same address, ports decide. */
	ck_assert(sw_flowkey_make(&k1, &a, 80, &a, 1000));
	ck_assert(!sw_flowkey_make(&k2, &a, 1000, &a, 80));
	ck_assert_mem_eq(&k1, &k2, sizeof(k1));
}
END_TEST

START_TEST(add_find_delete_many)
{
	enum { N = 5000 };
	struct sw_flowtab *t = sw_flowtab_new(N, 12345);
	struct sw_flowkey k;
	struct sw_addr c = v4(0x0a000001), s = v4(0xc6120001);
	static uint32_t slot[N];

	ck_assert_ptr_nonnull(t);
	for (int i = 0; i < N; i++) {
		sw_flowkey_make(&k, &c, (uint16_t)(1024 + i), &s, 443);
		ck_assert_uint_eq(sw_flowtab_find(t, &k), SW_SLOT_NONE);
		slot[i] = sw_flowtab_add(t, &k, at(i));
		ck_assert_uint_ne(slot[i], SW_SLOT_NONE);
	}
	/* Full: no room for one more. */
	sw_flowkey_make(&k, &c, 9, &s, 443);
	ck_assert_uint_eq(sw_flowtab_add(t, &k, at(0)), SW_SLOT_NONE);
	/* Delete every third; the rest must still be found. */
	for (int i = 0; i < N; i += 3)
		sw_flowtab_del(t, slot[i]);
	for (int i = 0; i < N; i++) {
		sw_flowkey_make(&k, &s, 443, &c, (uint16_t)(1024 + i));
		if (i % 3 == 0)
			ck_assert_uint_eq(sw_flowtab_find(t, &k), SW_SLOT_NONE);
		else
			ck_assert_uint_eq(sw_flowtab_find(t, &k), slot[i]);
	}
	ck_assert_uint_eq(sw_flowtab_count(t, SW_LIST_LIVE), N - (N + 2) / 3);
	sw_flowtab_free(t);
}
END_TEST

START_TEST(lists_keep_time_order)
{
	struct sw_flowtab *t = sw_flowtab_new(8, 7);
	struct sw_flowkey k[3];
	struct sw_addr c = v4(1), s = v4(2);
	uint32_t i[3];

	for (int n = 0; n < 3; n++) {
		sw_flowkey_make(&k[n], &c, (uint16_t)(100 + n), &s, 80);
		i[n] = sw_flowtab_add(t, &k[n], at(n));
	}
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LIVE), i[0]);
	sw_flowtab_touch(t, i[0], SW_LIST_LIVE, at(10));
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LIVE), i[1]);
	sw_flowtab_touch(t, i[1], SW_LIST_LINGER, at(11));
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LIVE), i[2]);
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LINGER), i[1]);
	ck_assert_uint_eq(sw_flowtab_count(t, SW_LIST_LINGER), 1);
	sw_flowtab_del(t, i[1]);
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LINGER), SW_SLOT_NONE);
	/* A freed slot is reused first. */
	ck_assert_uint_eq(sw_flowtab_add(t, &k[1], at(12)), i[1]);
	sw_flowtab_free(t);
}
END_TEST

/* A lingering slot gives its record back and keeps the placeholder. */
START_TEST(linger_keeps_placeholder)
{
	struct sw_flowtab *t = sw_flowtab_new(4, 3);
	struct sw_addr c = v4(0x0a000001), s = v4(0x0a000002);
	struct sw_flowkey k;
	struct sw_linger l = { { 111, 222 }, 2, 3 }, got;
	uint32_t i;

	ck_assert_ptr_nonnull(t);
	sw_flowkey_make(&k, &c, 1000, &s, 80);
	i = sw_flowtab_add(t, &k, at(1));
	ck_assert_ptr_nonnull(sw_flowtab_conn(t, i));
	sw_flowtab_linger(t, i, &l, at(5));
	ck_assert_ptr_null(sw_flowtab_conn(t, i));
	ck_assert_uint_eq(sw_flowtab_list(t, i), SW_LIST_LINGER);
	ck_assert_int_eq(sw_flowtab_last(t, i).sec, 5);
	ck_assert_uint_eq(sw_flowtab_find(t, &k), i);
	sw_flowtab_linger_get(t, i, &got);
	ck_assert_uint_eq(got.nxt[0], 111);
	ck_assert_uint_eq(got.nxt[1], 222);
	ck_assert_uint_eq(got.fin_sent, 2);
	ck_assert_uint_eq(got.seq_known, 3);
	sw_flowtab_del(t, i);
	ck_assert_uint_eq(sw_flowtab_find(t, &k), SW_SLOT_NONE);
	ck_assert_uint_eq(sw_flowtab_count(t, SW_LIST_LINGER), 0);
	sw_flowtab_free(t);
}
END_TEST

/* The table grows with use: a large cap costs nothing until used. */
START_TEST(grows_with_use)
{
	enum { N = 20000 };
	struct sw_flowtab *t = sw_flowtab_new(1u << 30, 9);
	struct sw_addr c = v4(0x0a000001), s = v4(0xc6120001);
	struct sw_flowkey k;
	uint64_t small;

	ck_assert_ptr_nonnull(t);
	small = sw_flowtab_bytes(t);
	/* One 4 MB chunk of records and the 2 MB recent-segment table. */
	ck_assert_uint_lt(small, 7u << 20);
	for (uint32_t i = 0; i < N; i++) {
		sw_flowkey_make(&k, &c, (uint16_t)i, &s, (uint16_t)(i >> 16));
		ck_assert_uint_eq(sw_flowtab_add(t, &k, at(i)), i);
	}
	for (uint32_t i = 0; i < N; i += 7) {
		sw_flowkey_make(&k, &s, (uint16_t)(i >> 16), &c, (uint16_t)i);
		ck_assert_uint_eq(sw_flowtab_find(t, &k), i);
	}
	/* Records (the last 4 MB chunk part used), and about 200 bytes a
	 * connection of slots and index. */
	sw_flowtab_clear(t);
	ck_assert_uint_eq(sw_flowtab_count(t, SW_LIST_LIVE), 0);
	ck_assert_uint_eq(sw_flowtab_head(t, SW_LIST_LIVE), SW_SLOT_NONE);
	ck_assert_uint_eq(sw_flowtab_find(t, &k), SW_SLOT_NONE);
	ck_assert_uint_eq(sw_flowtab_add(t, &k, at(0)), 0);
	ck_assert_uint_eq(sw_flowtab_find(t, &k), 0);
	ck_assert_uint_gt(sw_flowtab_bytes(t), N * sizeof(struct sw_conn));
	ck_assert_uint_lt(sw_flowtab_bytes(t),
	    N * (sizeof(struct sw_conn) + 256) + (4u << 20));
	sw_flowtab_free(t);
}
END_TEST

/*
 * Extra parts come from the table's pool on first need and go back with
 * the record: 1,000 connections with one each, ended one by one as new
 * ones come, never take more than a chunk, and a part comes back zeroed.
 */
START_TEST(extra_parts_return_to_pool)
{
	struct sw_flowtab *t = sw_flowtab_new(1000, 1);
	struct sw_addr s = v4(1), c = v4(2);
	struct sw_flowkey k;
	uint64_t bytes = 0;

	ck_assert_ptr_nonnull(t);
	for (uint32_t i = 0; i < 20000; i++) {
		uint32_t slot;
		struct sw_conn *r;
		struct sw_conn_extra *x;

		sw_flowkey_make(&k, &s, 80, &c, (uint16_t)(i % 1000 + 1));
		if ((slot = sw_flowtab_find(t, &k)) != SW_SLOT_NONE) {
			if (i % 2000 < 1000) {
				struct sw_linger l = { { 1, 2 }, 3, 3 };

				sw_flowtab_linger(t, slot, &l, at(i));
				ck_assert_ptr_null(sw_flowtab_conn(t, slot));
			}
			sw_flowtab_del(t, slot);
		}
		slot = sw_flowtab_add(t, &k, at(i));
		ck_assert_uint_ne(slot, SW_SLOT_NONE);
		r = sw_flowtab_conn(t, slot);
		ck_assert_ptr_null(r->x);
		x = sw_conn_extra_get(r);
		ck_assert_ptr_nonnull(x);
		ck_assert_ptr_eq(r->x, x);
		ck_assert_uint_eq(x->anomaly[3].frame, 0);
		ck_assert_uint_eq(x->hole[1][3].hi, 0);
		memset(x, 0xa5, sizeof(*x));	/* dirty it for the next user */
		if (i == 999)
			bytes = sw_flowtab_bytes(t);
	}
	ck_assert_uint_eq(sw_flowtab_bytes(t), bytes);
	sw_flowtab_clear(t);
	sw_flowtab_free(t);
}
END_TEST

START_TEST(ipv6_keys_distinct)
{
	struct sw_flowtab *t = sw_flowtab_new(4, 1);
	struct sw_addr a = v4(1), b = v4(2), a6, b6;
	struct sw_flowkey k4, k6;

	a6 = a; a6.family = 6;
	b6 = b; b6.family = 6;
	sw_flowkey_make(&k4, &a, 1, &b, 2);
	sw_flowkey_make(&k6, &a6, 1, &b6, 2);
	sw_flowtab_add(t, &k4, at(0));
	ck_assert_uint_eq(sw_flowtab_find(t, &k6), SW_SLOT_NONE);
	sw_flowtab_free(t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("flowtab");
	TCase *t = tcase_create("table");

	tcase_add_test(t, key_is_unordered);
	tcase_add_test(t, add_find_delete_many);
	tcase_add_test(t, lists_keep_time_order);
	tcase_add_test(t, ipv6_keys_distinct);
	tcase_add_test(t, linger_keeps_placeholder);
	tcase_add_test(t, grows_with_use);
	tcase_add_test(t, extra_parts_return_to_pool);
	suite_add_tcase(s, t);
	return sw_test_run(s);
}
