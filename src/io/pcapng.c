/* SPDX-License-Identifier: MIT */
/*
 * pcapng.c: read pcapng blocks with stdio and hand out their packets.
 *
 * A block is read in three steps: its 8-byte header (type and total
 * length; for a Section Header Block also the byte-order magic, which
 * says how to read the length), its body into the reader's buffer (the
 * part that does not fit is read and dropped), and the trailing copy of
 * the total length, which must match.  Only then is the body parsed,
 * through an rd.h cursor over the bytes actually held.  Block lengths
 * are sane when they are at least 12, a multiple of 4 and at most
 * SW_NG_MAX_BLOCK; anything else means the file is damaged, and the
 * reader stops there rather than guess where the next block starts.
 * Format: draft-ietf-opsawg-pcapng (section numbers below).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"
#include "rd.h"

/* Block types (§4, §11.1). */
#define BT_SHB		0x0a0d0d0au	/* the same in both byte orders */
#define BT_IDB		0x00000001u
#define BT_PB		0x00000002u	/* obsolete Packet Block (§A) */
#define BT_SPB		0x00000003u
#define BT_EPB		0x00000006u

#define BYTE_ORDER_MAGIC 0x1a2b3c4du	/* §4.1, read little-endian */
#define BYTE_ORDER_SWAPPED 0x4d3c2b1au

/* Options (§3.5, §4.2). */
#define OPT_ENDOFOPT	0
#define IF_TSRESOL	9
#define IF_TSOFFSET	14

/* Fixed parts of the block bodies. */
#define SHB_FIXED	16	/* magic, major, minor, section length */
#define IDB_FIXED	8	/* link type, reserved, snaplen */
#define EPB_FIXED	20	/* interface, ts high, ts low, caplen, len */
#define PB_FIXED	20	/* interface (16), drops (16), ts, caplen, len */
#define SPB_FIXED	4	/* original length */

static enum sw_ng_rc say(enum sw_ng_rc rc, char *msg, size_t n,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fill msg and return rc: one line for every way out. */
static enum sw_ng_rc
say(enum sw_ng_rc rc, char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static bool
rd16(struct sw_rd *c, bool be, uint16_t *v)
{
	return be ? sw_rd_be16(c, v) : sw_rd_le16(c, v);
}

static bool
rd32(struct sw_rd *c, bool be, uint32_t *v)
{
	return be ? sw_rd_be32(c, v) : sw_rd_le32(c, v);
}

/* A 64-bit field (if_tsoffset, section length) in section order. */
static bool
rd64(struct sw_rd *c, bool be, uint64_t *v)
{
	uint32_t a, b;

	if (!rd32(c, be, &a) || !rd32(c, be, &b))
		return false;
	*v = be ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
	return true;
}

/* Read n bytes: 1 all of them, 0 none at end of file, -1 otherwise. */
static int
get(struct sw_ng *r, void *p, size_t n)
{
	size_t k = fread(p, 1, n, r->f);

	r->pos += k;
	if (k == n)
		return 1;
	return k == 0 && !ferror(r->f) ? 0 : -1;
}

/* A short read: the end of the file inside a block, or an I/O error. */
static enum sw_ng_rc
short_read(struct sw_ng *r, char *msg, size_t n)
{
	if (ferror(r->f))
		return say(SW_NG_BAD, msg, n, "read error: %s",
		    strerror(errno));
	return say(SW_NG_TRUNC, msg, n,
	    "file is truncated in the middle of a block");
}

/* Read and drop n bytes (the part of a body the buffer does not hold). */
static int
drop(struct sw_ng *r, uint64_t n)
{
	uint8_t junk[4096];

	while (n > 0) {
		size_t k = n < sizeof junk ? (size_t)n : sizeof junk;

		if (get(r, junk, k) != 1)
			return -1;
		n -= k;
	}
	return 1;
}

/*
 * Read the next block into r->buf: *type, the body's length *bodylen
 * and how much of it the buffer holds, *have.  The trailing length is
 * checked here.  SW_NG_EOF only when the file ends before a block.
 */
static enum sw_ng_rc
read_block(struct sw_ng *r, uint32_t *type, uint32_t *bodylen,
    uint32_t *have, char *msg, size_t n)
{
	uint8_t hdr[12], tail[4];
	uint64_t at = r->pos;
	uint32_t len, trail, pre = 0;
	struct sw_rd c;
	int g;

	if ((g = get(r, hdr, 8)) == 0)
		return SW_NG_EOF;
	if (g < 0)
		return short_read(r, msg, n);
	sw_rd_init(&c, hdr, 4);
	(void)rd32(&c, r->be, type);
	if (*type == BT_SHB) {
		uint32_t bom;

		/* §4.1: the byte-order magic says how to read the rest. */
		if (get(r, hdr + 8, 4) != 1)
			return short_read(r, msg, n);
		sw_rd_init(&c, hdr + 8, 4);
		(void)sw_rd_le32(&c, &bom);
		if (bom != BYTE_ORDER_MAGIC && bom != BYTE_ORDER_SWAPPED)
			return say(SW_NG_BAD, msg, n, "%s at offset %llu",
			    r->in_section ? "bad byte-order magic" :
			    "not a pcapng file (bad byte-order magic)",
			    (unsigned long long)at);
		r->be = bom == BYTE_ORDER_SWAPPED;
		memcpy(r->buf, hdr + 8, 4);
		pre = 4;
	} else if (!r->in_section) {
		return say(SW_NG_BAD, msg, n,
		    "not a pcapng file (no section header block)");
	}
	sw_rd_init(&c, hdr + 4, 4);
	(void)rd32(&c, r->be, &len);
	if (len < 12 + pre || len % 4 != 0 || len > SW_NG_MAX_BLOCK)
		return say(SW_NG_BAD, msg, n,
		    "block of type 0x%x at offset %llu has a bad length %u",
		    (unsigned)*type, (unsigned long long)at, (unsigned)len);
	*bodylen = len - 12;
	*have = *bodylen < SW_NG_BUFSIZE ? *bodylen : SW_NG_BUFSIZE;
	if ((*have > pre && get(r, r->buf + pre, *have - pre) != 1) ||
	    drop(r, *bodylen - *have) != 1 || get(r, tail, 4) != 1)
		return short_read(r, msg, n);
	sw_rd_init(&c, tail, 4);
	(void)rd32(&c, r->be, &trail);
	if (trail != len)
		return say(SW_NG_BAD, msg, n, "block at offset %llu: trailing "
		    "length %u differs from %u", (unsigned long long)at,
		    (unsigned)trail, (unsigned)len);
	return SW_NG_PACKET;
}

/* §4.1 */
static enum sw_ng_rc
section(struct sw_ng *r, struct sw_rd *c, char *msg, size_t n)
{
	uint16_t major, minor;

	if (!(sw_rd_skip(c, 4) && rd16(c, r->be, &major) &&
	    rd16(c, r->be, &minor) && sw_rd_skip(c, 8)))
		return say(SW_NG_BAD, msg, n, "section header block too short");
	if (major != 1)
		return say(SW_NG_BAD, msg, n, "unsupported pcapng version "
		    "%u.%u", (unsigned)major, (unsigned)minor);
	r->in_section = true;
	r->nif = 0;		/* interface numbers start again (§4.2) */
	return SW_NG_PACKET;
}

/*
 * §4.2 option if_tsresol: bit 7 clear, 10^-v s; set, 2^-v s (v the low
 * 7 bits).  Times are 64-bit, so larger exponents could not count one
 * second.
 */
static bool
tsresol(struct sw_ng_if *i, uint8_t v)
{
	i->pow2 = v & 0x80;
	i->exp = v & 0x7f;
	return i->pow2 ? i->exp <= 63 : i->exp <= 19;
}

/* §4.2 */
static enum sw_ng_rc
interface(struct sw_ng *r, struct sw_rd *c, char *msg, size_t n)
{
	struct sw_ng_if i = { .exp = 6 };	/* default: microseconds */
	uint16_t code, olen;
	struct sw_rd v;
	uint64_t off = 0;
	uint8_t res = 0;

	if (!(rd16(c, r->be, &i.linktype) && sw_rd_skip(c, 2) &&
	    rd32(c, r->be, &i.snaplen)))
		return say(SW_NG_BAD, msg, n,
		    "interface description block too short");
	if (r->nif == SW_NG_MAX_IF)
		return say(SW_NG_BAD, msg, n, "more than %u interfaces in a "
		    "section", SW_NG_MAX_IF);
	while (rd16(c, r->be, &code) && rd16(c, r->be, &olen) &&
	    code != OPT_ENDOFOPT) {
		if (!sw_rd_sub(c, olen, &v))
			return say(SW_NG_BAD, msg, n, "interface %u: option %u "
			    "overruns its block", r->nif, (unsigned)code);
		(void)sw_rd_skip(c, (4u - olen % 4) % 4);
		if (code == IF_TSRESOL && olen == 1) {
			(void)sw_rd_u8(&v, &res);
			if (!tsresol(&i, res))
				return say(SW_NG_BAD, msg, n, "interface %u: "
				    "if_tsresol 0x%02x is out of range",
				    r->nif, (unsigned)res);
		} else if (code == IF_TSOFFSET && olen == 8) {
			(void)rd64(&v, r->be, &off);
			i.offset = (int64_t)off;
		}
	}
	r->ifs[r->nif++] = i;
	r->described = true;
	return SW_NG_PACKET;
}

/*
 * A 64-bit count of the interface's units as a time: exact to the
 * nanosecond when the units allow it, otherwise truncated.
 */
static struct sw_time
to_time(const struct sw_ng_if *i, uint64_t t)
{
	struct sw_time ts;
	uint64_t sec, frac, ns, units = 1;

	if (i->pow2) {
		sec = i->exp ? t >> i->exp : t;
		frac = i->exp ? t & ((UINT64_C(1) << i->exp) - 1) : 0;
		/* frac < 2^34 keeps frac * 10^9 below 2^64. */
		if (i->exp <= 34)
			ns = (frac * 1000000000u) >> i->exp;
		else
			ns = ((frac >> (i->exp - 34)) * 1000000000u) >> 34;
	} else {
		for (unsigned k = 0; k < i->exp; k++)
			units *= 10;
		sec = t / units;
		frac = t % units;
		ns = units <= 1000000000u ? frac * (1000000000u / units) :
		    frac / (units / 1000000000u);
	}
	/* Unsigned: a hostile offset wraps instead of overflowing. */
	ts.sec = (int64_t)(sec + (uint64_t)i->offset);
	ts.nsec = (uint32_t)ns;
	return ts;
}

/* A packet's interface must have been described (§4.3). */
static enum sw_ng_rc
check_if(const struct sw_ng *r, uint32_t ifidx, char *msg, size_t n)
{
	if (ifidx < r->nif)
		return SW_NG_PACKET;
	return say(SW_NG_BAD, msg, n, "packet on interface %u, but the section "
	    "describes %u interface%s", (unsigned)ifidx, r->nif,
	    r->nif == 1 ? "" : "s");
}

/* §4.3 Enhanced Packet Block, or §A Packet Block (obsolete). */
static enum sw_ng_rc
packet(struct sw_ng *r, uint32_t type, struct sw_rd *c, uint32_t bodylen,
    struct sw_ng_pkt *pkt, char *msg, size_t n)
{
	uint32_t ifidx, hi, lo, caplen, len, held;
	uint16_t if16;
	bool ok;

	if (type == BT_EPB) {
		ok = rd32(c, r->be, &ifidx);
	} else {
		ok = rd16(c, r->be, &if16) && sw_rd_skip(c, 2);
		ifidx = if16;
	}
	if (!(ok && rd32(c, r->be, &hi) && rd32(c, r->be, &lo) &&
	    rd32(c, r->be, &caplen) && rd32(c, r->be, &len)))
		return say(SW_NG_BAD, msg, n, "packet block too short");
	if (check_if(r, ifidx, msg, n) != SW_NG_PACKET)
		return SW_NG_BAD;
	/* The data is padded to 32 bits inside the block (§4.3). */
	if (((uint64_t)caplen + 3) / 4 * 4 > bodylen - EPB_FIXED)
		return say(SW_NG_BAD, msg, n, "captured length %u exceeds its "
		    "block", (unsigned)caplen);
	held = (uint32_t)sw_rd_left(c);
	pkt->ifidx = ifidx;
	pkt->linktype = r->ifs[ifidx].linktype;
	pkt->ts = to_time(&r->ifs[ifidx], (uint64_t)hi << 32 | lo);
	if (pkt->ts.sec < 0 || pkt->ts.sec >= SW_TIME_MAX_SEC)
		return say(SW_NG_BAD, msg, n, "packet time %lld s is out of "
		    "range", (long long)pkt->ts.sec);
	r->last = pkt->ts;
	pkt->data = c->p;
	pkt->caplen = caplen < held ? caplen : held;
	pkt->len = len;
	return SW_NG_PACKET;
}

/* §4.4 Simple Packet Block: interface 0, no time (the last one's). */
static enum sw_ng_rc
simple(struct sw_ng *r, struct sw_rd *c, uint32_t bodylen,
    struct sw_ng_pkt *pkt, char *msg, size_t n)
{
	uint32_t len, caplen, held;

	if (!rd32(c, r->be, &len))
		return say(SW_NG_BAD, msg, n, "simple packet block too short");
	if (check_if(r, 0, msg, n) != SW_NG_PACKET)
		return SW_NG_BAD;
	/* Its captured length is what the block holds, up to snaplen. */
	caplen = bodylen - SPB_FIXED;
	if (len < caplen)
		caplen = len;
	if (r->ifs[0].snaplen != 0 && r->ifs[0].snaplen < caplen)
		caplen = r->ifs[0].snaplen;
	held = (uint32_t)sw_rd_left(c);
	pkt->ifidx = 0;
	pkt->linktype = r->ifs[0].linktype;
	pkt->ts = r->last;
	pkt->data = c->p;
	pkt->caplen = caplen < held ? caplen : held;
	pkt->len = len;
	return SW_NG_PACKET;
}

bool
sw_ng_open(struct sw_ng *r, FILE *f)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->buf = malloc(SW_NG_BUFSIZE);
	return r->buf != NULL;
}

enum sw_ng_rc
sw_ng_next(struct sw_ng *r, struct sw_ng_pkt *pkt, char *msg, size_t n)
{
	uint32_t type = 0, bodylen = 0, have = 0;
	enum sw_ng_rc rc;
	struct sw_rd c;

	for (;;) {
		rc = read_block(r, &type, &bodylen, &have, msg, n);
		if (rc != SW_NG_PACKET)
			return rc;
		sw_rd_init(&c, r->buf, have);
		switch (type) {
		case BT_SHB:
			if (bodylen < SHB_FIXED)
				return say(SW_NG_BAD, msg, n,
				    "section header block too short");
			rc = section(r, &c, msg, n);
			break;
		case BT_IDB:
			rc = interface(r, &c, msg, n);
			break;
		case BT_EPB:
		case BT_PB:
			if (bodylen < EPB_FIXED)	/* = PB_FIXED */
				return say(SW_NG_BAD, msg, n,
				    "packet block too short");
			return packet(r, type, &c, bodylen, pkt, msg, n);
		case BT_SPB:
			if (bodylen < SPB_FIXED)
				return say(SW_NG_BAD, msg, n,
				    "simple packet block too short");
			return simple(r, &c, bodylen, pkt, msg, n);
		default:
			break;	/* NRB, ISB, DSB, custom ...: not needed */
		}
		if (rc != SW_NG_PACKET)
			return rc;
	}
}

void
sw_ng_close(struct sw_ng *r)
{
	free(r->buf);
	r->buf = NULL;
}
