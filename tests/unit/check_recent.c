/* SPDX-License-Identifier: MIT */
/* check_recent.c: the table of recent segments behind duplicate frames. */
#include <check.h>
#include <stdlib.h>

#include "recent.h"
#include "runner.h"

/* Key number i of bucket b (keys of one bucket share their top bits). */
static uint64_t
key(uint64_t b, uint32_t i)
{
	return b << (64 - SW_RECENT_BUCKET_BITS) | (uint64_t)i << 1;
}

START_TEST(seen_within_the_window_only)
{
	struct sw_recent *r = sw_recent_new();

	ck_assert_ptr_nonnull(r);
	ck_assert(!sw_recent_seen(r, key(5, 1), 1000, true));
	ck_assert(sw_recent_seen(r, key(5, 1), 1000 + SW_DUP_US - 1, true));
	/* Not looked up: only remembered (the time moves on). */
	ck_assert(!sw_recent_seen(r, key(5, 1), 1000 + SW_DUP_US, false));
	ck_assert(sw_recent_seen(r, key(5, 1), 1000 + 2 * SW_DUP_US - 1,
	    true));
	/* Too late: a resend, not a duplicate; then it is remembered anew. */
	ck_assert(!sw_recent_seen(r, key(5, 1), 1000 + 4 * SW_DUP_US, true));
	ck_assert(sw_recent_seen(r, key(5, 1), 1000 + 4 * SW_DUP_US, true));
	/* Another key of the bucket, another bucket, the same low bits. */
	ck_assert(!sw_recent_seen(r, key(5, 2), 1000 + 4 * SW_DUP_US, true));
	ck_assert(!sw_recent_seen(r, key(6, 1), 1000 + 4 * SW_DUP_US, true));
	/* Time going backwards in the capture: no duplicate. */
	ck_assert(!sw_recent_seen(r, key(7, 1), 50000, true));
	ck_assert(!sw_recent_seen(r, key(7, 1), 40000, true));
	/* Across the wrap of the µs counter. */
	ck_assert(!sw_recent_seen(r, key(8, 1), UINT32_MAX - 10, true));
	ck_assert(sw_recent_seen(r, key(8, 1), 100, true));
	sw_recent_free(r);
}
END_TEST

/* A full bucket gives up its oldest entry, not a young one. */
START_TEST(full_bucket_replaces_oldest)
{
	struct sw_recent *r = sw_recent_new();

	ck_assert_ptr_nonnull(r);
	for (uint32_t i = 0; i < 8; i++)
		ck_assert(!sw_recent_seen(r, key(9, i), 100 + i, true));
	ck_assert(!sw_recent_seen(r, key(9, 8), 200, true));
	ck_assert(!sw_recent_seen(r, key(9, 0), 201, true));	/* gone */
	for (uint32_t i = 2; i <= 8; i++)
		ck_assert(sw_recent_seen(r, key(9, i), 300, true));
	/* Now the oldest is key 2 (time 102), in the middle of the bucket:
	 * it goes, and key 8 (time 200, where key 0 was) stays. */
	ck_assert(!sw_recent_seen(r, key(9, 10), 400, true));
	ck_assert(sw_recent_seen(r, key(9, 8), 401, true));
	ck_assert(!sw_recent_seen(r, key(9, 2), 402, true));	/* gone */
	sw_recent_free(r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("recent");
	TCase *t = tcase_create("table");

	tcase_add_test(t, seen_within_the_window_only);
	tcase_add_test(t, full_bucket_replaces_oldest);
	suite_add_tcase(s, t);
	return sw_test_run(s);
}
