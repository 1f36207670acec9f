/* SPDX-License-Identifier: MIT */
/*
 * mkhostile.c: writes the hostile capture files of tests/hostile/.
 *
 *   mkhostile CASE FILE     write one case (see the table below)
 *   mkhostile reuse N FILE  N connections one after the other on one
 *                           4-tuple (SYN, SYN-ACK, ACK, RST each)
 *
 * Frames are Ethernet + IPv4 (or IPv6) + TCP with correct checksums, so
 * that only what a case breaks on purpose is wrong.  Everything is
 * written little-endian byte by byte: the files are the same on every
 * host.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;

static void
u8(unsigned v)
{
	fputc((int)(v & 0xff), out);
}

static void
le16(unsigned v)
{
	u8(v);
	u8(v >> 8);
}

static void
le32(uint32_t v)
{
	le16(v & 0xffff);
	le16(v >> 16);
}

/* The classic pcap file header, microseconds, Ethernet. */
static void
pcap_header(uint32_t snaplen)
{
	le32(0xa1b2c3d4);
	le16(2);
	le16(4);
	le32(0);
	le32(0);
	le32(snaplen);
	le32(1);
}

/* One record: header (caplen as given) then caplen bytes of b. */
static void
record(uint32_t sec, uint32_t usec, const uint8_t *b, uint32_t caplen,
    uint32_t wirelen, uint32_t written)
{
	le32(sec);
	le32(usec);
	le32(caplen);
	le32(wirelen);
	fwrite(b, 1, written, out);
}

/* ------------------------------------------------------------- frames */

#define MAX_FRAME 2048

struct frame {
	uint8_t b[MAX_FRAME];
	uint32_t len;
};

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t
sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static unsigned
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

struct seg {
	bool v6;
	unsigned sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	bool reverse;		/* server to client */
	unsigned nopt;		/* option bytes (multiple of 4) */
	const uint8_t *opt;
	unsigned next;		/* IPv6 extension headers before TCP */
};

/* Ethernet + IP + TCP for s; the TCP checksum is computed. */
static void
build(struct frame *f, const struct seg *s)
{
	static const uint8_t c4[4] = { 10, 0, 0, 1 }, s4[4] = { 10, 0, 0, 2 };
	static const uint8_t c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	unsigned thlen = 20 + s->nopt, iphl = s->v6 ? 40 + 8 * s->next : 20;
	uint8_t *ip = f->b + 14, *tcp = ip + iphl;
	const uint8_t *src, *dst;
	unsigned alen = s->v6 ? 16 : 4;
	uint32_t ps;

	memset(f->b, 0, sizeof(f->b));
	f->len = 14 + iphl + thlen;
	memcpy(f->b, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01", 12);
	put16(f->b + 12, s->v6 ? 0x86dd : 0x0800);
	src = s->v6 ? (s->reverse ? s6 : c6) : (s->reverse ? s4 : c4);
	dst = s->v6 ? (s->reverse ? c6 : s6) : (s->reverse ? c4 : s4);
	if (s->v6) {
		ip[0] = 0x60;
		put16(ip + 4, iphl - 40 + thlen);
		ip[6] = s->next ? 60 : 6;	/* destination options */
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
		for (unsigned i = 0; i < s->next; i++) {
			uint8_t *h = ip + 40 + 8 * i;

			h[0] = i + 1 < s->next ? 60 : 6;
			h[1] = 0;	/* 8 bytes; PadN fills the rest */
			h[2] = 1;
			h[3] = 4;
		}
	} else {
		ip[0] = 0x45;
		put16(ip + 2, iphl + thlen);
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		put16(ip + 10, fold(sum(ip, 20, 0)));
	}
	put16(tcp, s->reverse ? s->dport : s->sport);
	put16(tcp + 2, s->reverse ? s->sport : s->dport);
	put32(tcp + 4, s->seq);
	put32(tcp + 8, s->ack);
	tcp[12] = (uint8_t)((thlen / 4) << 4);
	tcp[13] = s->flags;
	put16(tcp + 14, 65535);
	if (s->nopt)
		memcpy(tcp + 20, s->opt, s->nopt);
	ps = sum(src, alen, 0);
	ps = sum(dst, alen, ps);
	ps += 6 + thlen;
	put16(tcp + 16, fold(sum(tcp, thlen, ps)));
}

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_ACK 0x10

/* The three handshake frames of a connection from port sport, ISNs
 * 1000 (client) and 5000 (server), at second sec. */
static void
handshake(uint32_t sec, unsigned sport, bool v6, uint32_t caplen_max)
{
	struct seg s = { .v6 = v6, .sport = sport, .dport = 80 };
	struct frame f;

	s.seq = 1000;
	s.flags = F_SYN;
	build(&f, &s);
	record(sec, 0, f.b, f.len < caplen_max ? f.len : caplen_max, f.len,
	    f.len < caplen_max ? f.len : caplen_max);
	s.reverse = true;
	s.seq = 5000;
	s.ack = 1001;
	s.flags = F_SYN | F_ACK;
	build(&f, &s);
	record(sec, 1000, f.b, f.len < caplen_max ? f.len : caplen_max, f.len,
	    f.len < caplen_max ? f.len : caplen_max);
	s.reverse = false;
	s.seq = 1001;
	s.ack = 5001;
	s.flags = F_ACK;
	build(&f, &s);
	record(sec, 2000, f.b, f.len < caplen_max ? f.len : caplen_max, f.len,
	    f.len < caplen_max ? f.len : caplen_max);
}

/* One frame of s at sec.usec, whole. */
static void
one(uint32_t sec, uint32_t usec, const struct seg *s)
{
	struct frame f;

	build(&f, s);
	record(sec, usec, f.b, f.len, f.len, f.len);
}

/* ------------------------------------------------------------- pcapng */

static void
ng_block(uint32_t type, const uint8_t *body, uint32_t n)
{
	uint32_t total = 12 + ((n + 3) & ~3u);

	le32(type);
	le32(total);
	fwrite(body, 1, n, out);
	for (uint32_t i = n; i % 4; i++)
		u8(0);
	le32(total);
}

static void
ng_start(void)
{
	uint8_t shb[16] = { 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t idb[8] = { 1, 0, 0, 0, 0, 0, 4, 0 };	/* EN10MB, 262144 */

	ng_block(0x0a0d0d0a, shb, sizeof(shb));
	ng_block(1, idb, sizeof(idb));
}

static void
ng_packet(uint32_t usec, const struct seg *s)
{
	uint8_t body[20 + MAX_FRAME];
	struct frame f;

	build(&f, s);
	memset(body, 0, 20);
	body[6] = 0x06;		/* timestamp: 0x60000 << 32 us, in 2023 */
	body[8] = (uint8_t)usec;
	body[9] = (uint8_t)(usec >> 8);
	body[10] = (uint8_t)(usec >> 16);
	body[12] = (uint8_t)f.len;
	body[13] = (uint8_t)(f.len >> 8);
	body[16] = (uint8_t)f.len;
	body[17] = (uint8_t)(f.len >> 8);
	memcpy(body + 20, f.b, f.len);
	ng_block(6, body, 20 + f.len);
}

/* ------------------------------------------------------------- cases */

static void
garbage(void)
{
	uint32_t x = 12345;

	for (int i = 0; i < 256; i++) {
		x = x * 1103515245u + 12345u;
		/* Not '{' and not 0x0a: neither records nor pcapng. */
		u8(i == 0 ? 0x55 : x >> 16);
	}
}

static int
write_case(const char *name)
{
	struct seg s = { .sport = 40000, .dport = 80, .seq = 1001,
	    .ack = 5001, .flags = F_ACK };
	struct frame f;

	if (strcmp(name, "empty") == 0)
		return 0;
	if (strcmp(name, "garbage") == 0) {
		garbage();
		return 0;
	}
	if (strcmp(name, "header-only") == 0) {
		pcap_header(65535);
		return 0;
	}
	if (strcmp(name, "snaplen-0") == 0) {
		pcap_header(0);
		handshake(1, 40000, false, MAX_FRAME);
		return 0;
	}
	if (strcmp(name, "snaplen-2g") == 0) {
		pcap_header(0x80000000u);
		handshake(1, 40000, false, MAX_FRAME);
		return 0;
	}
	if (strcmp(name, "caplen-gt-snaplen") == 0) {
		pcap_header(40);	/* every record is longer */
		handshake(1, 40000, false, MAX_FRAME);
		return 0;
	}
	if (strcmp(name, "caplen-past-eof") == 0) {
		pcap_header(65535);
		handshake(1, 40000, false, MAX_FRAME);
		build(&f, &s);
		record(2, 0, f.b, 1000, 1000, f.len);	/* 1000 claimed */
		return 0;
	}
	if (strcmp(name, "caplen-huge") == 0) {
		pcap_header(65535);
		handshake(1, 40000, false, MAX_FRAME);
		build(&f, &s);
		record(2, 0, f.b, 0x7fffffffu, 0x7fffffffu, f.len);
		return 0;
	}
	if (strcmp(name, "ipv4-length-past-capture") == 0) {
		/* 1460 bytes of data on the wire, only the headers captured
		 * (a snapshot length cut): a segment whose data is missing. */
		pcap_header(54);
		handshake(1, 40000, false, MAX_FRAME);
		build(&f, &s);
		put16(f.b + 14 + 2, 1500);
		record(2, 0, f.b, f.len, 14 + 1500, f.len);
		return 0;
	}
	if (strcmp(name, "ipv4-length-past-wire") == 0) {
		/* The IP total length says more than the whole frame. */
		pcap_header(65535);
		handshake(1, 40000, false, MAX_FRAME);
		build(&f, &s);
		put16(f.b + 14 + 2, 1500);
		record(2, 0, f.b, f.len, f.len, f.len);
		return 0;
	}
	if (strcmp(name, "ipv6-ext-100") == 0) {
		pcap_header(65535);
		s.v6 = true;
		s.next = 100;
		s.seq = 1000;
		s.ack = 0;
		s.flags = F_SYN;
		one(1, 0, &s);
		return 0;
	}
	if (strcmp(name, "tcp-offset-lt-5") == 0) {
		pcap_header(65535);
		handshake(1, 40000, false, MAX_FRAME);
		build(&f, &s);
		f.b[14 + 20 + 12] = 4 << 4;	/* 16-byte TCP header */
		record(2, 0, f.b, f.len, f.len, f.len);
		return 0;
	}
	if (strcmp(name, "tcp-option-past-header") == 0) {
		/* MSS with length 40 in a 4-byte option space. */
		static const uint8_t opt[4] = { 2, 40, 5, 0xb4 };

		pcap_header(65535);
		s.seq = 1000;
		s.ack = 0;
		s.flags = F_SYN;
		s.nopt = 4;
		s.opt = opt;
		one(1, 0, &s);
		return 0;
	}
	if (strcmp(name, "time-backwards") == 0) {
		pcap_header(65535);
		handshake(100, 40000, false, MAX_FRAME);
		s.flags = F_FIN | F_ACK;
		one(50, 0, &s);		/* 50 s before the handshake */
		s.reverse = true;
		s.seq = 5001;
		s.ack = 1002;
		one(10, 0, &s);
		s.reverse = false;
		s.seq = 1002;
		s.ack = 5002;
		s.flags = F_ACK;
		one(0, 0, &s);
		return 0;
	}
	if (strcmp(name, "pcapng-unknown-block") == 0) {
		static const uint8_t junk[12] = "sevenway?!";

		ng_start();
		s.seq = 1000;
		s.ack = 0;
		s.flags = F_SYN;
		ng_packet(0, &s);
		ng_block(0x0bad0bad, junk, sizeof(junk));
		ng_block(0x80000001, junk, 3);	/* local use, odd size */
		s.reverse = true;
		s.seq = 5000;
		s.ack = 1001;
		s.flags = F_SYN | F_ACK;
		ng_packet(1000, &s);
		return 0;
	}
	if (strcmp(name, "pcapng-oversized-block") == 0) {
		ng_start();
		s.seq = 1000;
		s.ack = 0;
		s.flags = F_SYN;
		ng_packet(0, &s);
		/* An EPB that says it is 2 GiB long, then the file ends. */
		le32(6);
		le32(0x7ffffffcu);
		for (int i = 0; i < 64; i++)
			u8(0);
		return 0;
	}
	return -1;
}

/* n connections on 10.0.0.1:40000 -> 10.0.0.2:80, one after the other. */
static void
reuse(unsigned long n)
{
	pcap_header(65535);
	for (unsigned long i = 0; i < n; i++) {
		uint32_t sec = (uint32_t)(1 + i / 100);
		uint32_t us = (uint32_t)(i % 100) * 10000;
		uint32_t isn = (uint32_t)(i * 100000u);
		struct seg s = { .sport = 40000, .dport = 80 };

		s.seq = isn;
		s.flags = F_SYN;
		one(sec, us, &s);
		s.reverse = true;
		s.seq = 7u * isn + 5;
		s.ack = isn + 1;
		s.flags = F_SYN | F_ACK;
		one(sec, us + 1000, &s);
		s.reverse = false;
		s.seq = isn + 1;
		s.ack = 7u * isn + 6;
		s.flags = F_ACK;
		one(sec, us + 2000, &s);
		s.flags = F_RST | F_ACK;
		one(sec, us + 3000, &s);
	}
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc == 4 && strcmp(argv[1], "reuse") == 0) {
		if ((out = fopen(argv[3], "wb")) == NULL) {
			perror(argv[3]);
			return 1;
		}
		reuse(strtoul(argv[2], NULL, 10));
	} else if (argc == 3) {
		if ((out = fopen(argv[2], "wb")) == NULL) {
			perror(argv[2]);
			return 1;
		}
		if ((rc = write_case(argv[1])) != 0) {
			fprintf(stderr, "mkhostile: unknown case '%s'\n",
			    argv[1]);
			fclose(out);
			remove(argv[2]);
			return 2;
		}
	} else {
		fprintf(stderr, "usage: mkhostile CASE FILE | reuse N FILE\n");
		return 2;
	}
	if (fclose(out) != 0) {
		perror("mkhostile");
		return 1;
	}
	return 0;
}
