/* SPDX-License-Identifier: MIT */
/*
 * check_csum.c: sw_csum_add, which sums eight bytes at a time, against
 * the plain definition (big-endian byte pairs, end-around carry) on
 * random buffers of every length 0..2000 at every alignment 0..7, from
 * random starting sums, and on all-zero and all-ones buffers.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "runner.h"

#define MAXLEN 2000

/* RFC 1071 as written: one 16-bit big-endian word at a time. */
static uint32_t
csum_ref(uint32_t sum, const uint8_t *p, uint32_t len)
{
	uint64_t acc = sum;

	for (uint32_t i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc > 0xffff)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

static uint64_t rng = 0x243f6a8885a308d3u;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint8_t buf[MAXLEN + 16];

static void
check_all(const char *what, uint32_t (*start)(void))
{
	for (uint32_t len = 0; len <= MAXLEN; len++)
		for (unsigned al = 0; al < 8; al++) {
			uint32_t s = start();
			uint32_t want = csum_ref(s, buf + al, len);
			uint32_t got = sw_csum_add(s, buf + al, len);

			if (got != want)
				ck_abort_msg("%s: len %u align %u sum %#x: "
				    "%#x, want %#x", what, len, al, s, got,
				    want);
		}
}

static uint32_t zero(void) { return 0; }
static uint32_t any(void) { return (uint32_t)rnd(); }
static uint32_t small(void) { return (uint32_t)(rnd() % 0x10000); }

START_TEST(random_buffers)
{
	for (int round = 0; round < 4; round++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)rnd();
		check_all("random", zero);
		check_all("random", any);
		check_all("random", small);
	}
}
END_TEST

START_TEST(uniform_buffers)
{
	memset(buf, 0, sizeof(buf));
	check_all("zeros", zero);
	check_all("zeros", any);
	memset(buf, 0xff, sizeof(buf));
	check_all("ones", zero);
	check_all("ones", small);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = rnd() % 2 ? 0xff : 0;
	check_all("mixed", zero);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("csum");
	TCase *t = tcase_create("core");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, random_buffers);
	tcase_add_test(t, uniform_buffers);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return sw_test_run(suite());
}
