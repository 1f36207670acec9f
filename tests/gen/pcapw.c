/* SPDX-License-Identifier: MIT */
/*
 * pcapw.c: writes classic pcap (µs or ns magic) and pcapng by hand.
 *
 * Hand-written rather than through pcap_dump(3PCAP) so that one writer
 * serves every link type and both formats without opening a pcap_t, and
 * so the bytes never depend on the libpcap version.  Multi-byte fields
 * are stored little-endian; readers detect the order from the magic.
 * Formats: classic pcap per draft-ietf-opsawg-pcap, pcapng per
 * draft-ietf-opsawg-pcapng (section header, interface description,
 * enhanced, simple and obsolete packet, interface statistics blocks; in
 * either byte order).
 */
#include <stdlib.h>
#include <string.h>

#include "pcapw.h"

#define SNAPLEN		262144u

#define PCAP_MAGIC_US	0xa1b2c3d4u
#define PCAP_MAGIC_NS	0xa1b23c4du

#define NG_SHB		0x0a0d0d0au	/* section header block */
#define NG_IDB		0x00000001u	/* interface description block */
#define NG_PB		0x00000002u	/* packet block (obsolete) */
#define NG_SPB		0x00000003u	/* simple packet block */
#define NG_ISB		0x00000005u	/* interface statistics block */
#define NG_EPB		0x00000006u	/* enhanced packet block */
#define NG_BOM		0x1a2b3c4du	/* byte-order magic */
#define NG_OPT_END	0
#define NG_SHB_USERAPPL	4
#define NG_IF_NAME	2
#define NG_IF_TSRESOL	9
#define NG_IF_TSOFFSET	14

/* A block or header is assembled here, then written in one go. */
struct obuf {
	uint8_t b[512];
	size_t n;
	bool be;		/* pcapng: a big-endian section */
};

static void
put8(struct obuf *o, uint8_t v)
{
	if (o->n < sizeof o->b)
		o->b[o->n++] = v;
}

static void
put16(struct obuf *o, uint16_t v)
{
	put8(o, (uint8_t)(o->be ? v >> 8 : v));
	put8(o, (uint8_t)(o->be ? v : v >> 8));
}

static void
put32(struct obuf *o, uint32_t v)
{
	put16(o, (uint16_t)(o->be ? v >> 16 : v));
	put16(o, (uint16_t)(o->be ? v : v >> 16));
}

/* A 64-bit integer option value, in the section's order. */
static void
put64(struct obuf *o, uint64_t v)
{
	put32(o, (uint32_t)(o->be ? v >> 32 : v));
	put32(o, (uint32_t)(o->be ? v : v >> 32));
}

/* A pcapng option: code, length, value, zero padding to 32 bits. */
static void
put_opt(struct obuf *o, uint16_t code, const void *val, uint16_t len)
{
	const uint8_t *v = val;

	put16(o, code);
	put16(o, len);
	for (uint16_t i = 0; i < len; i++)
		put8(o, v[i]);
	while (o->n % 4)
		put8(o, 0);
}

/* The block total length appears at offset 4 and again at the end. */
static void
end_block(struct obuf *o)
{
	uint32_t len = (uint32_t)o->n + 4;
	size_t n = o->n;

	put32(o, len);
	memcpy(o->b + 4, o->b + n, 4);
}

static void
out(struct pcapw *w, const void *p, size_t n)
{
	if (w->f && n && fwrite(p, n, 1, w->f) != 1)
		w->err = true;
}

static void
header_classic(struct pcapw *w, uint32_t linktype)
{
	struct obuf o = { .n = 0 };

	put32(&o, w->fmt == PCAPW_NS ? PCAP_MAGIC_NS : PCAP_MAGIC_US);
	put16(&o, 2);			/* version 2.4 */
	put16(&o, 4);
	put32(&o, 0);			/* thiszone: UTC */
	put32(&o, 0);			/* sigfigs */
	put32(&o, SNAPLEN);
	put32(&o, linktype);
	out(w, o.b, o.n);
}

static void
header_ng(struct pcapw *w, uint32_t linktype)
{
	static const char app[] = "sevenway gen-traces";
	static const char ifname[] = "eth0";
	uint8_t tsresol = 9;		/* 10^-9 s: nanosecond timestamps */
	struct obuf o = { .n = 0, .be = w->be };

	put32(&o, NG_SHB);
	put32(&o, 0);			/* total length, set by end_block */
	put32(&o, NG_BOM);
	put16(&o, 1);			/* version 1.0 */
	put16(&o, 0);
	put32(&o, 0xffffffffu);		/* section length: unknown (-1) */
	put32(&o, 0xffffffffu);
	put_opt(&o, NG_SHB_USERAPPL, app, sizeof app - 1);
	put_opt(&o, NG_OPT_END, NULL, 0);
	end_block(&o);
	out(w, o.b, o.n);

	o.n = 0;
	put32(&o, NG_IDB);
	put32(&o, 0);
	put16(&o, (uint16_t)linktype);
	put16(&o, 0);			/* reserved */
	put32(&o, SNAPLEN);
	put_opt(&o, NG_IF_NAME, ifname, sizeof ifname - 1);
	put_opt(&o, NG_IF_TSRESOL, &tsresol, 1);
	put_opt(&o, NG_OPT_END, NULL, 0);
	end_block(&o);
	out(w, o.b, o.n);
}

int
pcapw_open(struct pcapw *w, const char *path, enum pcapw_format fmt,
    uint32_t linktype)
{
	memset(w, 0, sizeof *w);
	w->fmt = fmt;
	if (path && !(w->f = fopen(path, "wb")))
		return -1;
	if (fmt == PCAPW_NG)
		header_ng(w, linktype);
	else if (fmt != PCAPW_NG_BLOCKS)
		header_classic(w, linktype);
	w->nif = 1;
	w->ifs[0].tsresol = 9;
	return 0;
}

void
pcapw_section(struct pcapw *w, bool be)
{
	static const char app[] = "sevenway gen-traces";
	struct obuf o = { .n = 0, .be = be };

	w->be = be;
	w->nif = 0;
	put32(&o, NG_SHB);
	put32(&o, 0);
	put32(&o, NG_BOM);
	put16(&o, 1);
	put16(&o, 0);
	put64(&o, UINT64_MAX);		/* section length: unknown */
	put_opt(&o, NG_SHB_USERAPPL, app, sizeof app - 1);
	put_opt(&o, NG_OPT_END, NULL, 0);
	end_block(&o);
	out(w, o.b, o.n);
}

void
pcapw_interface(struct pcapw *w, uint32_t linktype, uint8_t tsresol,
    int64_t tsoffset)
{
	struct obuf o = { .n = 0, .be = w->be };
	struct obuf v = { .n = 0, .be = w->be };

	if (w->nif < PCAPW_MAX_IF) {
		w->ifs[w->nif].tsresol = tsresol;
		w->ifs[w->nif].tsoffset = tsoffset;
	}
	w->nif++;
	put32(&o, NG_IDB);
	put32(&o, 0);
	put16(&o, (uint16_t)linktype);
	put16(&o, 0);
	put32(&o, SNAPLEN);
	if (tsresol != 6)
		put_opt(&o, NG_IF_TSRESOL, &tsresol, 1);
	if (tsoffset != 0) {
		put64(&v, (uint64_t)tsoffset);
		put_opt(&o, NG_IF_TSOFFSET, v.b, 8);
	}
	put_opt(&o, NG_OPT_END, NULL, 0);
	end_block(&o);
	out(w, o.b, o.n);
}

/* ts_ns in the units of the interface's if_tsresol, after its offset. */
static uint64_t
ts_units(const struct pcapw *w, uint32_t iface, uint64_t ts_ns)
{
	const struct pcapw_if *i = &w->ifs[iface < PCAPW_MAX_IF ? iface : 0];
	uint64_t sec = ts_ns / 1000000000u - (uint64_t)i->tsoffset;
	uint64_t frac = ts_ns % 1000000000u, p = 1;
	unsigned e = i->tsresol & 0x7f;

	if (i->tsresol & 0x80)		/* 2^-e s, e <= 30 here */
		return (sec << e) + (frac << e) / 1000000000u;
	for (unsigned k = e; k < 9; k++)
		p *= 10;		/* e <= 9 here */
	for (unsigned k = 0; k < e; k++)
		sec *= 10;
	return sec + frac / p;
}

void
pcapw_isb(struct pcapw *w, uint32_t iface, uint64_t ts_ns)
{
	struct obuf o = { .n = 0, .be = w->be };
	uint64_t t = ts_units(w, iface, ts_ns);

	put32(&o, NG_ISB);
	put32(&o, 0);
	put32(&o, iface);
	put32(&o, (uint32_t)(t >> 32));
	put32(&o, (uint32_t)t);
	put_opt(&o, NG_OPT_END, NULL, 0);
	end_block(&o);
	out(w, o.b, o.n);
}

static void
packet_ng(struct pcapw *w, uint64_t ts_ns, const uint8_t *data, uint32_t len)
{
	static const uint8_t zero[4];
	struct obuf o = { .n = 0, .be = w->be };
	uint32_t pad = (4 - len % 4) % 4, total;
	uint64_t t = w->fmt == PCAPW_NG ? ts_ns : ts_units(w, w->iface, ts_ns);

	switch (w->block) {
	case PCAPW_SPB:			/* interface 0, no time */
		total = 16 + len + pad;
		put32(&o, NG_SPB);
		put32(&o, total);
		put32(&o, len);
		break;
	case PCAPW_PB:
		total = 32 + len + pad;
		put32(&o, NG_PB);
		put32(&o, total);
		put16(&o, (uint16_t)w->iface);
		put16(&o, 0);		/* drops count */
		put32(&o, (uint32_t)(t >> 32));
		put32(&o, (uint32_t)t);
		put32(&o, len);
		put32(&o, len);
		break;
	default:
		total = 32 + len + pad;	/* 28 fixed bytes + data + trailer */
		put32(&o, NG_EPB);
		put32(&o, total);
		put32(&o, w->iface);
		put32(&o, (uint32_t)(t >> 32));
		put32(&o, (uint32_t)t);
		put32(&o, len);
		put32(&o, len);
		break;
	}
	out(w, o.b, o.n);
	out(w, data, len);
	out(w, zero, pad);
	o.n = 0;
	put32(&o, total);
	out(w, o.b, o.n);
}

void
pcapw_packet(struct pcapw *w, uint64_t ts_ns, const uint8_t *data,
    uint32_t len)
{
	struct obuf o = { .n = 0 };
	uint64_t sec = ts_ns / 1000000000u, frac = ts_ns % 1000000000u;

	w->records++;
	if (w->cut_at && w->records > w->cut_at)
		return;			/* the file already ended */
	if (w->fmt == PCAPW_NG || w->fmt == PCAPW_NG_BLOCKS) {
		packet_ng(w, ts_ns, data, len);
		return;
	}
	put32(&o, (uint32_t)sec);
	put32(&o, (uint32_t)(w->fmt == PCAPW_NS ? frac : frac / 1000));
	put32(&o, len);			/* incl_len */
	put32(&o, len);			/* orig_len */
	out(w, o.b, o.n);
	out(w, data, w->records == w->cut_at ? len / 2 : len);
}

int
pcapw_close(struct pcapw *w)
{
	if (w->f && fclose(w->f))
		w->err = true;
	w->f = NULL;
	return w->err ? -1 : 0;
}
