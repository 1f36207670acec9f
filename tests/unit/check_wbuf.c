/* SPDX-License-Identifier: MIT */
/*
 * check_wbuf.c: -w for an input read once (src/cli/wbuf.c): frames are
 * written in capture order once their connection is shown, dropped when
 * it is not, and when the buffer is full the oldest frames of open
 * connections go first, counted.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "pktbuild.h"
#include "runner.h"
#include "wbuf.h"

static uint8_t frame[128];
static uint32_t framelen;

/* An Ethernet frame of 10.0.0.1:sport -> 10.0.0.2:80, 20 bytes of data. */
static void
make(uint16_t sport)
{
	struct pb b;
	struct pb_ip ip;
	struct pb_tcp t;
	uint8_t data[20] = { 0 };

	pb_init(&b, frame, sizeof(frame));
	pb_eth(&b, 0x0800);
	pb_ip_default(&ip, 4);
	pb_tcp_default(&t);
	t.sport = sport;
	pb_ip_tcp(&b, &ip, &t, data, sizeof(data));
	ck_assert(!b.overflow);
	framelen = (uint32_t)b.len;
}

static void
feed(struct sw_wbuf *w, uint16_t sport, int64_t sec)
{
	struct sw_time ts = { sec, 0 };

	make(sport);
	sw_wbuf_frame(w, DLT_EN10MB, ts, frame, framelen, framelen, true);
}

/* A connection of sport's key over frames [first, last]. */
static void
conn(struct sw_conn *c, uint16_t sport, uint64_t first, uint64_t last)
{
	memset(c, 0, sizeof(*c));
	c->peer[SW_CLIENT].addr.family = 4;
	memcpy(c->peer[SW_CLIENT].addr.a, "\x0a\x00\x00\x01", 4);
	c->peer[SW_CLIENT].port = sport;
	c->peer[SW_SERVER].addr.family = 4;
	memcpy(c->peer[SW_SERVER].addr.a, "\x0a\x00\x00\x02", 4);
	c->peer[SW_SERVER].port = 80;
	c->first_frame = first;
	c->last_frame = last;
}

/* The seconds of the frames written to f, as "1 2 3". */
static void
written(FILE *f, char *buf, size_t len)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;
	size_t n = 0;

	rewind(f);
	p = pcap_fopen_offline(f, ebuf);
	ck_assert_msg(p != NULL, "%s", ebuf);
	buf[0] = '\0';
	while (pcap_next_ex(p, &h, &d) == 1)
		n += (size_t)snprintf(buf + n, len - n, "%s%ld", n ? " " : "",
		    (long)h->ts.tv_sec);
	pcap_close(p);	/* closes f */
}

START_TEST(test_capture_order)
{
	FILE *f = tmpfile();
	struct sw_wbuf w;
	struct sw_conn a, b, c;
	struct sw_err err;
	char got[64];

	ck_assert_ptr_nonnull(f);
	ck_assert(sw_wbuf_init(&w, f, SW_WBUF_CAP));
	feed(&w, 1000, 1);	/* A */
	feed(&w, 2000, 2);	/* B */
	feed(&w, 1000, 3);	/* A */
	feed(&w, 3000, 4);	/* C */
	feed(&w, 2000, 5);	/* B */
	conn(&b, 2000, 2, 5);
	sw_wbuf_conn(&w, &b, true);
	ck_assert_uint_eq(w.out.written, 0);	/* A, first, is open */
	conn(&c, 3000, 4, 4);
	sw_wbuf_conn(&w, &c, false);
	conn(&a, 1000, 1, 3);
	sw_wbuf_conn(&w, &a, true);
	ck_assert_uint_eq(w.out.written, 4);
	ck_assert_int_eq(sw_wbuf_finish(&w, "test", &err), SW_OK);
	ck_assert_uint_eq(w.dropped, 0);
	written(f, got, sizeof(got));
	ck_assert_str_eq(got, "1 2 3 5");
	sw_wbuf_fini(&w);
}
END_TEST

START_TEST(test_full_drops_oldest_open)
{
	FILE *f = tmpfile();
	struct sw_wbuf w;
	struct sw_conn a, b;
	struct sw_err err;
	char got[64];

	ck_assert_ptr_nonnull(f);
	make(1000);
	/* Room for two frames. */
	ck_assert(sw_wbuf_init(&w, f, 2 * sw_wbuf_cost(framelen)));
	feed(&w, 1000, 1);	/* A, open all along */
	feed(&w, 2000, 2);	/* B */
	feed(&w, 2000, 3);	/* B: A's frame 1 goes */
	ck_assert_uint_eq(w.dropped, 1);
	feed(&w, 2000, 4);	/* B: B's frame 2 goes */
	ck_assert_uint_eq(w.dropped, 2);
	conn(&b, 2000, 2, 4);
	sw_wbuf_conn(&w, &b, true);
	ck_assert_uint_eq(w.out.written, 2);
	feed(&w, 1000, 5);
	conn(&a, 1000, 1, 5);
	sw_wbuf_conn(&w, &a, true);
	ck_assert_int_eq(sw_wbuf_finish(&w, "test", &err), SW_OK);
	ck_assert_uint_eq(w.dropped, 2);
	written(f, got, sizeof(got));
	ck_assert_str_eq(got, "3 4 5");
	sw_wbuf_fini(&w);
}
END_TEST

START_TEST(test_unclaimed_and_filtered)
{
	FILE *f = tmpfile();
	struct sw_wbuf w;
	struct sw_conn a;
	struct sw_err err;
	struct sw_time ts = { 9, 0 };
	char got[64];

	ck_assert_ptr_nonnull(f);
	ck_assert(sw_wbuf_init(&w, f, SW_WBUF_CAP));
	feed(&w, 4000, 1);	/* no connection takes it */
	make(1000);
	sw_wbuf_frame(&w, DLT_EN10MB, ts, frame, framelen, framelen, false);
	feed(&w, 1000, 3);
	conn(&a, 1000, 2, 3);	/* frame 2 was filtered: never kept */
	sw_wbuf_conn(&w, &a, true);
	ck_assert_uint_eq(w.frame, 3);
	ck_assert_int_eq(sw_wbuf_finish(&w, "test", &err), SW_OK);
	ck_assert_uint_eq(w.dropped, 0);	/* unclaimed: not counted */
	written(f, got, sizeof(got));
	ck_assert_str_eq(got, "3");
	sw_wbuf_fini(&w);
}
END_TEST

static Suite *
wbuf_suite(void)
{
	Suite *s = suite_create("wbuf");
	TCase *tc = tcase_create("wbuf");

	tcase_add_test(tc, test_capture_order);
	tcase_add_test(tc, test_full_drops_oldest_open);
	tcase_add_test(tc, test_unclaimed_and_filtered);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(wbuf_suite());
}
