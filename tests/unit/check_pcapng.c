/* SPDX-License-Identifier: MIT */
/*
 * check_pcapng.c: unit tests of the pcapng block reader (src/io/pcapng.c)
 * on files built here byte by byte, in both byte orders, and of the
 * capture path that hands it the files libpcap refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <check.h>

#include "sevenway/analyzer.h"
#include "sevenway/capture.h"
#include "pcapng.h"
#include "pktbuild.h"
#include "runner.h"

#define LT_ETHERNET	1
#define LT_RAW		101
#define LT_USB		189	/* a link type sevenway does not decode */

/* A pcapng file under construction, in one byte order. */
struct ng {
	uint8_t b[8192];
	size_t n;
	bool be;
};

static void
w8(struct ng *g, uint8_t v)
{
	ck_assert_uint_lt(g->n, sizeof g->b);
	g->b[g->n++] = v;
}

static void
w16(struct ng *g, uint16_t v)
{
	w8(g, (uint8_t)(g->be ? v >> 8 : v));
	w8(g, (uint8_t)(g->be ? v : v >> 8));
}

static void
w32(struct ng *g, uint32_t v)
{
	w16(g, (uint16_t)(g->be ? v >> 16 : v));
	w16(g, (uint16_t)(g->be ? v : v >> 16));
}

static void
wbytes(struct ng *g, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w8(g, ((const uint8_t *)p)[i]);
}

static size_t
begin(struct ng *g, uint32_t type)
{
	size_t at = g->n;

	w32(g, type);
	w32(g, 0);
	return at;
}

/* Pad the body to 32 bits, write the trailing length, patch the first. */
static void
end(struct ng *g, size_t at)
{
	uint32_t len;
	size_t n;

	while (g->n % 4)
		w8(g, 0);
	len = (uint32_t)(g->n - at + 4);
	n = g->n;
	w32(g, len);
	memcpy(g->b + at + 4, g->b + n, 4);
}

static void
shb(struct ng *g, bool be)
{
	size_t at;

	g->be = be;
	at = begin(g, 0x0a0d0d0a);
	w32(g, 0x1a2b3c4d);
	w16(g, 1);
	w16(g, 0);
	w32(g, 0xffffffff);
	w32(g, 0xffffffff);
	end(g, at);
}

/* An IDB; tsresol < 0 leaves the option out, tsoffset 0 too. */
static void
idb(struct ng *g, uint16_t linktype, uint32_t snaplen, int tsresol,
    int64_t tsoffset)
{
	size_t at = begin(g, 1);

	w16(g, linktype);
	w16(g, 0);
	w32(g, snaplen);
	w16(g, 2);			/* if_name "eth0" */
	w16(g, 4);
	wbytes(g, "eth0", 4);
	if (tsresol >= 0) {
		w16(g, 9);
		w16(g, 1);
		w8(g, (uint8_t)tsresol);
		w8(g, 0);
		w16(g, 0);
	}
	if (tsoffset != 0) {
		uint64_t v = (uint64_t)tsoffset;

		w16(g, 14);
		w16(g, 8);
		w32(g, (uint32_t)(g->be ? v >> 32 : v));
		w32(g, (uint32_t)(g->be ? v : v >> 32));
	}
	w16(g, 0);			/* opt_endofopt */
	w16(g, 0);
	end(g, at);
}

static void
epb(struct ng *g, uint32_t ifidx, uint64_t t, const void *data,
    uint32_t caplen, uint32_t len)
{
	size_t at = begin(g, 6);

	w32(g, ifidx);
	w32(g, (uint32_t)(t >> 32));
	w32(g, (uint32_t)t);
	w32(g, caplen);
	w32(g, len);
	wbytes(g, data, caplen);
	while (g->n % 4)
		w8(g, 0);
	w16(g, 2);			/* epb_flags: inbound */
	w16(g, 4);
	w32(g, 1);
	w32(g, 0);
	end(g, at);
}

static void
spb(struct ng *g, const void *data, uint32_t len)
{
	size_t at = begin(g, 3);

	w32(g, len);
	wbytes(g, data, len);
	end(g, at);
}

static void
pb(struct ng *g, uint16_t ifidx, uint64_t t, const void *data, uint32_t len)
{
	size_t at = begin(g, 2);

	w16(g, ifidx);
	w16(g, 0);
	w32(g, (uint32_t)(t >> 32));
	w32(g, (uint32_t)t);
	w32(g, len);
	w32(g, len);
	wbytes(g, data, len);
	end(g, at);
}

/* A block of a type nobody asked for (a custom block, §4.8). */
static void
other(struct ng *g, uint32_t type, size_t n)
{
	size_t at = begin(g, type);

	for (size_t i = 0; i < n; i++)
		w8(g, (uint8_t)i);
	end(g, at);
}

/* A stream over the first n bytes of p (n may be 0). */
static FILE *
mem(const void *p, size_t n)
{
	FILE *f = n > 0 ? fmemopen((void *)(uintptr_t)p, n, "rb") :
	    fopen("/dev/null", "rb");

	ck_assert_ptr_nonnull(f);
	return f;
}

/* Read g to its end: packets seen into pk[], the final result. */
static enum sw_ng_rc
read_all(const uint8_t *p, size_t n, struct sw_ng_pkt *pk, size_t max,
    size_t *npk, char *msg)
{
	struct sw_ng_pkt one;
	enum sw_ng_rc rc;
	struct sw_ng r;
	FILE *f = mem(p, n);

	ck_assert(sw_ng_open(&r, f));
	*npk = 0;
	msg[0] = '\0';
	while ((rc = sw_ng_next(&r, &one, msg, 256)) == SW_NG_PACKET) {
		ck_assert_uint_le(one.caplen, SW_NG_BUFSIZE);
		if (*npk < max)
			pk[*npk] = one;	/* data dangles after the next call */
		(*npk)++;
	}
	sw_ng_close(&r);
	fclose(f);
	return rc;
}

static const char payload[] = "0123456789abc";	/* 13: needs padding */

/*
 * Every block type in both byte orders (_i 0 little-, 1 big-endian):
 * EPB, SPB (interface 0, the previous time), PB, skipped blocks.
 */
START_TEST(blocks)
{
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[4];
	char msg[256];
	size_t n;

	shb(&g, _i == 1);
	other(&g, 0x00000bad, 7);
	idb(&g, LT_ETHERNET, 9, -1, 0);
	idb(&g, LT_RAW, 0, 9, 0);
	other(&g, 5, 20);			/* interface statistics */
	epb(&g, 1, UINT64_C(1700000000123456789), payload, 13, 60);
	spb(&g, payload, 13);
	pb(&g, 0, UINT64_C(1700000001000001), payload, 13);
	other(&g, 0x40000bad, 12);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 4, &n, msg), SW_NG_EOF);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(pk[0].ifidx, 1);
	ck_assert_uint_eq(pk[0].linktype, LT_RAW);
	ck_assert_int_eq(pk[0].ts.sec, 1700000000);
	ck_assert_uint_eq(pk[0].ts.nsec, 123456789);
	ck_assert_uint_eq(pk[0].caplen, 13);
	ck_assert_uint_eq(pk[0].len, 60);
	/* SPB: interface 0, captured length cut to snaplen 9. */
	ck_assert_uint_eq(pk[1].ifidx, 0);
	ck_assert_uint_eq(pk[1].linktype, LT_ETHERNET);
	ck_assert_int_eq(pk[1].ts.sec, 1700000000);
	ck_assert_uint_eq(pk[1].ts.nsec, 123456789);
	ck_assert_uint_eq(pk[1].caplen, 9);
	ck_assert_uint_eq(pk[1].len, 13);
	/* PB on interface 0: microseconds by default. */
	ck_assert_uint_eq(pk[2].ifidx, 0);
	ck_assert_int_eq(pk[2].ts.sec, 1700000001);
	ck_assert_uint_eq(pk[2].ts.nsec, 1000);
}
END_TEST

/* Packet data as read, checked while the reader still holds it. */
START_TEST(packet_bytes)
{
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk;
	char msg[256];
	struct sw_ng r;
	FILE *f;

	shb(&g, _i == 1);
	idb(&g, LT_ETHERNET, 0, -1, 0);
	epb(&g, 0, 0, payload, 13, 13);
	f = mem(g.b, g.n);
	ck_assert(sw_ng_open(&r, f));
	ck_assert_int_eq(sw_ng_next(&r, &pk, msg, sizeof msg), SW_NG_PACKET);
	ck_assert_mem_eq(pk.data, payload, 13);
	ck_assert_int_eq(sw_ng_next(&r, &pk, msg, sizeof msg), SW_NG_EOF);
	ck_assert_uint_eq(r.pos, g.n);
	sw_ng_close(&r);
	sw_ng_close(&r);		/* twice is fine */
	fclose(f);
}
END_TEST

/* if_tsresol 10^-3, 10^-6, 10^-9, 2^-20 and if_tsoffset. */
START_TEST(resolutions)
{
	static const struct {
		int tsresol;
		uint64_t t;
		int64_t offset;
		int64_t sec;
		uint32_t nsec;
	} c[] = {
		{ 3, UINT64_C(1700000000123), 0, 1700000000, 123000000 },
		{ 6, UINT64_C(1700000000123456), 0, 1700000000, 123456000 },
		{ -1, UINT64_C(1700000000123456), 0, 1700000000, 123456000 },
		{ 9, UINT64_C(1700000000123456789), 0, 1700000000, 123456789 },
		/* 3.5 s in 2^-20 s units, from an offset */
		{ 0x80 | 20, UINT64_C(3) << 20 | UINT64_C(1) << 19,
		  1700000000, 1700000003, 500000000 },
		/* one unit of 2^-20 s is 953.67... ns: truncated */
		{ 0x80 | 20, 1, 0, 0, 953 },
		/* 10^-12: picoseconds, truncated to nanoseconds */
		{ 12, UINT64_C(1999999999999), 0, 1, 999999999 },
		{ 0, 42, -40, 2, 0 },
		{ 0x80 | 40, UINT64_C(5) << 40 | UINT64_C(1) << 39, 0, 5,
		  500000000 },
	};
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[1];
	char msg[256];
	size_t n;

	shb(&g, false);
	idb(&g, LT_RAW, 0, c[_i].tsresol, c[_i].offset);
	epb(&g, 0, c[_i].t, payload, 13, 13);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_EOF);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(pk[0].ts.sec, c[_i].sec);
	ck_assert_uint_eq(pk[0].ts.nsec, c[_i].nsec);
}
END_TEST

/* Sections: byte order changes, interface numbers start again. */
START_TEST(sections)
{
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[3];
	char msg[256];
	size_t n;

	shb(&g, false);
	idb(&g, LT_ETHERNET, 0, -1, 0);
	idb(&g, LT_RAW, 0, -1, 0);
	epb(&g, 1, 5, payload, 13, 13);
	shb(&g, true);
	idb(&g, LT_USB, 0, 9, 0);
	epb(&g, 0, 7, payload, 13, 13);
	epb(&g, 1, 7, payload, 13, 13);		/* only one interface now */
	ck_assert_int_eq(read_all(g.b, g.n, pk, 3, &n, msg), SW_NG_BAD);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(pk[0].linktype, LT_RAW);
	ck_assert_uint_eq(pk[1].linktype, LT_USB);
	ck_assert_uint_eq(pk[1].ts.nsec, 7);
	ck_assert_ptr_nonnull(strstr(msg, "interface 1"));
}
END_TEST

/*
 * The small file the truncation sweep cuts: 3 packets, 2 sections.
 * bounds[] gets the end of every block, pkt[] of every packet block.
 */
static size_t
small_file(struct ng *g, size_t *bounds, size_t *nb, size_t *pkt,
    size_t *np)
{
	*nb = *np = 0;
	shb(g, false);
	bounds[(*nb)++] = g->n;
	idb(g, LT_ETHERNET, 0, 9, 0);
	bounds[(*nb)++] = g->n;
	epb(g, 0, 1, payload, 13, 13);
	bounds[(*nb)++] = pkt[(*np)++] = g->n;
	other(g, 5, 8);
	bounds[(*nb)++] = g->n;
	shb(g, true);
	bounds[(*nb)++] = g->n;
	idb(g, LT_RAW, 0, -1, 0);
	bounds[(*nb)++] = g->n;
	spb(g, payload, 5);
	bounds[(*nb)++] = pkt[(*np)++] = g->n;
	pb(g, 0, 2, payload, 13);
	bounds[(*nb)++] = pkt[(*np)++] = g->n;
	return g->n;
}

/*
 * The file cut after every byte: the packets whose blocks are whole
 * come out, then EOF when the cut falls between blocks, else a
 * truncation.  Every cut is copied to a block of its exact size, so
 * AddressSanitizer would see a read past it.
 */
START_TEST(truncation_sweep)
{
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[4];
	size_t bounds[16], nb, pkt[4], np, len, n, want, cut;
	char msg[256];
	enum sw_ng_rc rc;

	len = small_file(&g, bounds, &nb, pkt, &np);
	for (cut = 0; cut <= len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		bool boundary = cut == 0;

		ck_assert_ptr_nonnull(copy);
		memcpy(copy, g.b, cut);
		rc = read_all(copy, cut, pk, 4, &n, msg);
		free(copy);
		for (want = 0; want < np && pkt[want] <= cut; want++)
			;
		for (size_t k = 0; k < nb; k++)
			boundary = boundary || bounds[k] == cut;
		ck_assert_uint_eq(n, want);
		ck_assert_msg(rc == (boundary ? SW_NG_EOF : SW_NG_TRUNC),
		    "cut %zu: rc %d (%s)", cut, rc, msg);
		if (!boundary)
			ck_assert_ptr_nonnull(strstr(msg, "truncated"));
	}
}
END_TEST

/* Block lengths that cannot be, and a trailer that disagrees. */
START_TEST(bad_lengths)
{
	static const uint32_t bad[] = { 0, 8, 11, 13, 14, 15,
	    SW_NG_MAX_BLOCK + 4, 0xfffffffc };
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[1];
	char msg[256];
	size_t n, at;

	shb(&g, _i == 1);
	idb(&g, LT_ETHERNET, 0, -1, 0);
	at = g.n;
	epb(&g, 0, 1, payload, 13, 13);
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		struct ng h = g;
		struct ng v = { .be = g.be };

		w32(&v, bad[k]);
		memcpy(h.b + at + 4, v.b, 4);
		ck_assert_int_eq(read_all(h.b, h.n, pk, 1, &n, msg),
		    SW_NG_BAD);
		ck_assert_uint_eq(n, 0);
		ck_assert_ptr_nonnull(strstr(msg, "bad length"));
	}
	/* A trailing length that is not the leading one. */
	g.b[g.n - 4] ^= 4;
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_ptr_nonnull(strstr(msg, "trailing length"));
	/* An SHB shorter than its fixed part. */
	g.n = 0;
	shb(&g, false);
	g.b[4] = 24;
	g.b[20] = 24;
	g.n = 24;
	memcpy(g.b + 20, g.b + 4, 4);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
}
END_TEST

/* A captured length beyond its block; an interface never described. */
START_TEST(bad_packets)
{
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[1];
	char msg[256];
	size_t n, at;

	shb(&g, _i == 1);
	idb(&g, LT_ETHERNET, 0, -1, 0);
	at = g.n;
	epb(&g, 0, 1, payload, 13, 13);
	{
		struct ng h = g, v = { .be = g.be };

		w32(&v, 40);		/* caplen 40 in a 16-byte data area */
		memcpy(h.b + at + 20, v.b, 4);
		ck_assert_int_eq(read_all(h.b, h.n, pk, 1, &n, msg),
		    SW_NG_BAD);
		ck_assert_ptr_nonnull(strstr(msg, "exceeds"));
		v.n = 0;
		w32(&v, 0xffffffff);
		memcpy(h.b + at + 20, v.b, 4);
		ck_assert_int_eq(read_all(h.b, h.n, pk, 1, &n, msg),
		    SW_NG_BAD);
	}
	epb(&g, 2, 1, payload, 13, 13);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(msg, "interface 2"));
	/* A packet before any interface. */
	g.n = 0;
	shb(&g, false);
	spb(&g, payload, 13);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	/* if_tsresol 10^-20 cannot count one second in 64 bits. */
	g.n = 0;
	shb(&g, false);
	idb(&g, LT_ETHERNET, 0, 20, 0);
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_ptr_nonnull(strstr(msg, "if_tsresol"));
	/* Not pcapng: a classic pcap header; a bad byte-order magic. */
	ck_assert_int_eq(read_all((const uint8_t *)"\xd4\xc3\xb2\xa1\x02\x00"
	    "\x04\x00\x00\x00\x00\x00", 12, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_ptr_nonnull(strstr(msg, "not a pcapng"));
	g.n = 0;
	shb(&g, false);
	g.b[8] = 0x11;
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_ptr_nonnull(strstr(msg, "byte-order"));
	/* Version 2.0 is not this format. */
	g.n = 0;
	shb(&g, false);
	g.b[12] = 2;
	ck_assert_int_eq(read_all(g.b, g.n, pk, 1, &n, msg), SW_NG_BAD);
	ck_assert_ptr_nonnull(strstr(msg, "version"));
}
END_TEST

/* A packet longer than the buffer comes out cut to it. */
START_TEST(big_packet)
{
	size_t cap = SW_NG_BUFSIZE + 4096, len = cap + 512, k = 0;
	uint8_t *b = calloc(1, len);
	struct ng g = { .n = 0 };
	struct sw_ng_pkt pk[1];
	uint32_t body = (uint32_t)(20 + cap);
	char msg[256];
	size_t n;

	ck_assert_ptr_nonnull(b);
	shb(&g, false);
	idb(&g, LT_ETHERNET, 0, -1, 0);
	memcpy(b, g.b, g.n);
	k = g.n;
	g.n = 0;
	w32(&g, 6);
	w32(&g, body + 12);
	w32(&g, 0);
	w32(&g, 0);
	w32(&g, 1);
	w32(&g, (uint32_t)cap);
	w32(&g, (uint32_t)cap);
	memcpy(b + k, g.b, g.n);
	k += g.n + cap;
	g.n = 0;
	w32(&g, body + 12);
	memcpy(b + k, g.b, 4);
	k += 4;
	ck_assert_int_eq(read_all(b, k, pk, 1, &n, msg), SW_NG_EOF);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(pk[0].caplen, SW_NG_BUFSIZE - 20);
	ck_assert_uint_eq(pk[0].len, cap);
	free(b);
}
END_TEST

/* An Ethernet frame carrying a TCP segment, for the capture tests. */
static size_t
tcp_frame(uint8_t *buf, size_t cap)
{
	struct pb_ip ip;
	struct pb_tcp t;
	struct pb b;

	pb_init(&b, buf, cap);
	pb_eth(&b, 0x0800);
	pb_ip_default(&ip, 4);
	pb_tcp_default(&t);
	pb_ip_tcp(&b, &ip, &t, "hello", 5);
	ck_assert(!b.overflow);
	return b.len;
}

/*
 * Through sw_capture_files: libpcap reads the first packet, refuses the
 * second interface, and the pcapng reader goes on from there.  The
 * frames of the interface whose link type is not decoded are counted
 * as skipped, with a warning; the Ethernet ones are analysed.
 */
START_TEST(capture_refused_file)
{
	char path[] = "/tmp/check_pcapng.XXXXXX";
	struct sw_capture_report rep;
	struct sw_capture_opts o;
	const struct sw_stats *s;
	struct ng g = { .n = 0 };
	struct sw_analyzer *a;
	const char *files[1];
	struct sw_err err;
	uint8_t frame[128];
	size_t flen = tcp_frame(frame, sizeof frame);
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	shb(&g, false);
	idb(&g, LT_ETHERNET, 262144, -1, 0);
	epb(&g, 0, UINT64_C(1700000000000000), frame, (uint32_t)flen,
	    (uint32_t)flen);
	idb(&g, LT_USB, 262144, -1, 0);
	epb(&g, 1, UINT64_C(1700000000000001), payload, 13, 13);
	epb(&g, 0, UINT64_C(1700000000000002), frame, (uint32_t)flen,
	    (uint32_t)flen);
	ck_assert_int_eq(write(fd, g.b, g.n), (ssize_t)g.n);
	close(fd);

	memset(&o, 0, sizeof o);
	memset(&rep, 0, sizeof rep);
	files[0] = path;
	a = sw_analyzer_new(NULL, NULL, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(sw_capture_files(a, files, 1, &o, &rep, &err), SW_OK);
	s = sw_analyzer_stats(a);
	ck_assert_uint_eq(s->frames, 3);
	ck_assert_uint_eq(s->decode[SW_DEC_OK], 2);
	ck_assert_uint_eq(s->decode[SW_DEC_SKIP_ENCAP], 1);
	ck_assert_uint_eq(s->encap[SW_ENCAP_LINKTYPE], 1);
	ck_assert_uint_eq(rep.warnings, 1);
	ck_assert_ptr_nonnull(strstr(rep.warning[0], "interface 1"));
	ck_assert_int_eq(s->last_ts.sec, 1700000000);
	ck_assert_uint_eq(s->last_ts.nsec, 2000);
	sw_analyzer_finish(a);
	sw_analyzer_free(a);

	/* Damaged after that: a warning with what was read, exit 0. */
	g.b[g.n - 1] ^= 0x40;
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, g.b, g.n), (ssize_t)g.n);
	close(fd);
	memset(&rep, 0, sizeof rep);
	a = sw_analyzer_new(NULL, NULL, &err);
	ck_assert_int_eq(sw_capture_files(a, files, 1, &o, &rep, &err), SW_OK);
	ck_assert_uint_eq(sw_analyzer_stats(a)->frames, 2);
	ck_assert_uint_eq(rep.warnings, 2);
	ck_assert_ptr_nonnull(strstr(rep.warning[1], "trailing length"));
	ck_assert_ptr_nonnull(strstr(rep.warning[1], path));
	sw_analyzer_finish(a);
	sw_analyzer_free(a);
	unlink(path);
}
END_TEST

static Suite *
pcapng_suite(void)
{
	Suite *s = suite_create("pcapng");
	TCase *tc = tcase_create("reader");

	tcase_add_loop_test(tc, blocks, 0, 2);
	tcase_add_loop_test(tc, packet_bytes, 0, 2);
	tcase_add_loop_test(tc, resolutions, 0, 9);
	tcase_add_test(tc, sections);
	tcase_add_test(tc, truncation_sweep);
	tcase_add_loop_test(tc, bad_lengths, 0, 2);
	tcase_add_loop_test(tc, bad_packets, 0, 2);
	tcase_add_test(tc, big_packet);
	suite_add_tcase(s, tc);

	tc = tcase_create("capture");
	tcase_add_test(tc, capture_refused_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return sw_test_run(pcapng_suite());
}
