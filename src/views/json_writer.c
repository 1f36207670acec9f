/* SPDX-License-Identifier: MIT */
/*
 * json_writer.c: the connection object of DESIGN.md §4 written straight
 * into an output buffer, byte for byte as jansson prints the object
 * sw_json_conn builds (SW_JSON_FLAGS: compact, in insertion order, reals
 * with 16 significant digits).
 *
 * jansson stays the library of record: report_json.c builds the same
 * object, and tests/trace/json-writer.sh runs the whole corpus both ways
 * (SEVENWAY_JSON=jansson forces the jansson path) and compares the
 * bytes.  Any member added to one must be added to the other, in the
 * same place.  What jansson does that this file must do too:
 *   - a real is "%.16g", then ".0" when that has no '.' or 'e', and the
 *     exponent loses its '+' and leading zeros ("1e+20" is "1e20");
 *   - a string escapes '"', '\\', \b \f \n \r \t and the other control
 *     characters as \u00XX (upper-case hex); '/' and bytes >= 0x7f go
 *     as they are;
 *   - a string that is not valid UTF-8, or a real that is not finite,
 *     cannot be made into a value, so its member is left out.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "community_id.h"
#include "sevenway/report.h"
#include "sevenway/tunnel.h"
#include "json_writer.h"
#include "outbuf.h"
#include "report_names.h"

/* Two decimal digits for each value 0..99. */
static const char digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "68697071727374757677787980818283848586878889909192939495969798"
    "99";

char *
sw_fmt_u64(char *end, uint64_t v)
{
	char *s = end;
	uint32_t w;

	/* 64-bit division only while the number needs it: most (ports,
	 * frames, sequence numbers) fit 32 bits, where it is cheaper. */
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		s -= 2;
		memcpy(s, digits2 + 2 * r, 2);
	}
	w = (uint32_t)v;
	while (w >= 100) {
		unsigned r = w % 100;

		w /= 100;
		s -= 2;
		memcpy(s, digits2 + 2 * r, 2);
	}
	if (w >= 10) {
		s -= 2;
		memcpy(s, digits2 + 2 * w, 2);
	} else {
		*--s = (char)('0' + w);
	}
	return s;
}

bool
sw_outbuf_grow(struct sw_outbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->failed)
		return false;
	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void
sw_outbuf_fini(struct sw_outbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

bool
sw_outbuf_flush(struct sw_outbuf *b, FILE *out)
{
	bool ok = !b->failed;

	if (b->len > 0 && fwrite(b->p, 1, b->len, out) != b->len)
		ok = false;
	b->len = 0;
	b->failed = false;
	return ok;
}

void
ob_printf(struct sw_outbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p != NULL ? b->p + b->len : NULL,
	    b->p != NULL ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (!ob_room(b, (size_t)n + 1))
			return;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

double
sw_json_seconds(struct sw_time t)
{
	/* Rounded to the microsecond so the printed number is exact. */
	return (double)t.sec + (double)(t.nsec / 1000) / 1e6;
}

bool
sw_json_has_ns(const struct sw_conn *c)
{
	if (c->start.nsec % 1000 || c->end.nsec % 1000)
		return true;
	for (int i = 0; i < SW_STEP__N; i++)
		if (c->step[i].seen && !c->step[i].inferred &&
		    c->step[i].ts.nsec % 1000)
			return true;
	for (int r = SW_CLIENT; r <= SW_SERVER; r++)
		if (c->peer[r].bytes > 0 && c->peer[r].last_data.nsec % 1000)
			return true;
	if ((c->rst.frame && c->rst.ts.nsec % 1000) ||
	    (c->rst_ignored.frame && c->rst_ignored.ts.nsec % 1000))
		return true;
	for (int i = 0; i < c->nicmp; i++)
		if (c->x->icmp[i].ts.nsec % 1000)
			return true;
	return false;
}

/*
 * Whether s is what jansson accepts as a string: UTF-8 (RFC 3629) with
 * no overlong form, no surrogate and nothing above U+10FFFF.
 */
bool
sw_json_utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		unsigned c = *p, n, cp, min;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		for (unsigned i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

/* s as a JSON string: quoted and escaped as jansson escapes it. */
static void
jstr(struct sw_outbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;

	ob_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[6];
		size_t n = 2;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		ob_put(b, run, (size_t)(s - run));
		run = s + 1;
		esc[0] = '\\';
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			n = 6;
		}
		ob_put(b, esc, n);
	}
	ob_put(b, run, (size_t)(s - run));
	ob_putc(b, '"');
}

void
sw_json_real(struct sw_outbuf *b, double v)
{
	char buf[40], *e;
	int n = snprintf(buf, sizeof(buf), "%.16g", v);

	if (n <= 0 || (size_t)n >= sizeof(buf) - 2)
		return;
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	e = strchr(buf, 'e');
	if (e != NULL) {
		char *from, *to = e + 1;

		if (*to == '-')
			to++;
		from = to;
		if (*from == '+')
			from++;
		while (*from == '0')
			from++;
		/* An exponent of 0 is never printed by %g, so a digit stays. */
		memmove(to, from, (size_t)(buf + n - from) + 1);
		n -= (int)(from - to);
	}
	ob_put(b, buf, (size_t)n);
}

/*
 * ns / 10^6 as "%.16g" writes the double nearest to it, without printf
 * where that is sure to be the decimal itself.  With N = |ns| below 2^53
 * the double d is the correctly rounded quotient, |d - D| <= 2^-53 |D|
 * for D = N / 10^6.  When N has at most 15 digits, D has at most 15
 * significant ones, and "%.16g" gives back exactly D (trailing zeros
 * dropped) when that error is below half a unit of the 16th digit:
 * with M the 15-digit mantissa of D, when M < 0.05 * 2^53 = 4.5e14, that
 * is, when N's first two digits are below 45.  At least 100 ns keeps D
 * at or above 1e-4, where "%g" stays in fixed notation.  Anything else
 * takes the printf path; check_json_writer compares the two.
 */
void
sw_json_ms(struct sw_outbuf *b, int64_t ns)
{
	uint64_t n = ns < 0 ? 0 - (uint64_t)ns : (uint64_t)ns, p = 1;
	int nd = 1, keep = 6, lead;
	char d[24], frac[6], *s;

	while (p <= n / 10) {
		p *= 10;
		nd++;
	}
	if (n < 100 || nd > 15 || n * 2 >= 9 * p) {
		sw_json_real(b, (double)ns / 1e6);
		return;
	}
	/* The digits of N, then the point six places from the right. */
	s = sw_fmt_u64(d + sizeof(d), n);
	if (ns < 0)
		ob_putc(b, '-');
	if (nd > 6)
		ob_put(b, s, (size_t)(nd - 6));
	else
		ob_putc(b, '0');
	ob_putc(b, '.');
	/* The six decimals, without trailing zeros ("%g"), but at least
	 * one (".0", as sw_json_real adds to a whole number). */
	lead = 6 - nd;		/* zeros before N's digits */
	for (int i = 0; i < 6; i++)
		frac[i] = i < lead ? '0' : s[nd - 6 + i];
	while (keep > 1 && frac[keep - 1] == '0')
		keep--;
	ob_put(b, frac, (size_t)keep);
}

/*
 * sw_json_seconds(t) as a real.  For ten-digit seconds "%.16g" leaves
 * exactly six decimals; below 2^32 s (2001 to 2106) the double is within
 * a quarter of a microsecond of sec.usec (half a unit in the last place
 * is 2^-23 s at most), so its digits are those of sec and usec: written
 * here without a floating-point conversion.  Other times take the
 * general path.
 */
static void
jtime(struct sw_outbuf *b, struct sw_time t)
{
	uint32_t us = t.nsec / 1000;
	char d[20], *s;
	int w = 6;

	if (t.sec < 1000000000 || t.sec >= 4294967296 || t.nsec >= 1000000000) {
		sw_json_real(b, sw_json_seconds(t));
		return;
	}
	ob_u64(b, (uint64_t)t.sec);
	if (us == 0) {
		OB_LIT(b, ".0");
		return;
	}
	while (us % 10 == 0) {
		us /= 10;
		w--;
	}
	ob_putc(b, '.');
	s = sw_fmt_u64(d + sizeof(d), us);
	for (int n = (int)(d + sizeof(d) - s); n < w; n++)
		ob_putc(b, '0');
	ob_put(b, s, (size_t)(d + sizeof(d) - s));
}

static void
jtime_ns(struct sw_outbuf *b, struct sw_time t)
{
	ob_i64(b, (int64_t)t.sec * 1000000000 + t.nsec);
}

/*
 * Member writers.  first tells whether a ',' goes before the key; each
 * returns false so the next member is not the first.
 */
static inline void
key(struct sw_outbuf *b, bool *first, const char *k)
{
	size_t n = strlen(k);
	char *d;

	/* One check for room, then the bytes: ,"k": */
	if (!ob_room(b, n + 4))
		return;
	d = b->p + b->len;
	if (!*first)
		*d++ = ',';
	*first = false;
	*d++ = '"';
	memcpy(d, k, n);	/* keys are ours: nothing to escape */
	d += n;
	*d++ = '"';
	*d++ = ':';
	b->len = (size_t)(d - b->p);
}

/* A string that needs no escaping, quoted. */
static inline void
jword(struct sw_outbuf *b, const char *w)
{
	size_t n = strlen(w);

	if (!ob_room(b, n + 2))
		return;
	b->p[b->len] = '"';
	memcpy(b->p + b->len + 1, w, n);
	b->p[b->len + 1 + n] = '"';
	b->len += n + 2;
}

static inline void
m_int(struct sw_outbuf *b, bool *first, const char *k, int64_t v)
{
	key(b, first, k);
	ob_i64(b, v);
}

static void
m_str(struct sw_outbuf *b, bool *first, const char *k, const char *v)
{
	key(b, first, k);
	jstr(b, v);
}

/*
 * A string made here, of printable ASCII without '"' or '\\': a name from
 * the vocabulary, an address, TCP flags, a Community ID (checked when
 * read back).  jstr would copy it unchanged; this skips the scan.
 */
static inline void
m_word(struct sw_outbuf *b, bool *first, const char *k, const char *w)
{
	key(b, first, k);
	jword(b, w);
}

/* A string from outside (a file name, a message): left out if jansson
 * would refuse it. */
static void
m_ustr(struct sw_outbuf *b, bool *first, const char *k, const char *v)
{
	if (sw_json_utf8_ok(v))
		m_str(b, first, k, v);
}

static inline void
m_lit(struct sw_outbuf *b, bool *first, const char *k, const char *lit)
{
	key(b, first, k);
	ob_puts(b, lit);
}

static inline void
m_bool(struct sw_outbuf *b, bool *first, const char *k, bool v)
{
	m_lit(b, first, k, v ? "true" : "false");
}

static inline void
m_num_or_null(struct sw_outbuf *b, bool *first, const char *k, bool have,
    uint32_t v)
{
	if (have)
		m_int(b, first, k, v);
	else
		m_lit(b, first, k, "null");
}

static void
endpoint(struct sw_outbuf *b, bool *first, const char *k,
    const struct sw_peer *p)
{
	char ip[64];
	bool f = true;

	key(b, first, k);
	ob_putc(b, '{');
	m_word(b, &f, "ip", sw_addr_str(&p->addr, ip, sizeof(ip)));
	m_int(b, &f, "port", p->port);
	ob_putc(b, '}');
}

static void
step(struct sw_outbuf *b, const struct sw_conn *c, int i, bool ns)
{
	const struct sw_step *st = &c->step[i];
	enum sw_role from = (enum sw_role)st->from;
	char fl[SW_TCP_FLAGS_LEN];
	uint32_t rel = 0;
	bool f = true, have;

	ob_putc(b, '{');
	m_int(b, &f, "step", i + 1);
	m_word(b, &f, "name", sw_step_name(i));
	m_word(b, &f, "from", sw_role_name(from));
	if (st->inferred) {
		m_lit(b, &f, "inferred", "true");
	} else {
		m_int(b, &f, "frame", (int64_t)st->frame);
		key(b, &f, "ts");
		jtime(b, st->ts);
		if (ns) {
			key(b, &f, "ts_ns");
			jtime_ns(b, st->ts);
		}
	}
	m_word(b, &f, "flags", sw_tcp_flags_str(st->flags, fl));
	m_int(b, &f, "seq", st->seq);
	m_num_or_null(b, &f, "ack", st->has_ack, st->ack);
	/* rel is read after the call that sets it: not in one expression. */
	have = sw_conn_rel(c, from, st->seq, &rel);
	m_num_or_null(b, &f, "rel_seq", have, rel);
	have = st->has_ack && sw_conn_rel(c, !from, st->ack, &rel);
	m_num_or_null(b, &f, "rel_ack", have, rel);
	m_num_or_null(b, &f, "expected_ack", st->has_expected_ack,
	    st->expected_ack);
	if (st->has_expected_seq)
		m_int(b, &f, "expected_seq", st->expected_seq);
	m_bool(b, &f, "ok", st->ok);
	ob_putc(b, '}');
}

static void
anomalies(struct sw_outbuf *b, const struct sw_conn *c)
{
	ob_putc(b, '[');
	for (int i = 0; i < c->nanomaly; i++) {
		const struct sw_anomaly *an = &c->x->anomaly[i];
		bool f = true;

		if (i > 0)
			ob_putc(b, ',');
		ob_putc(b, '{');
		m_word(b, &f, "kind", sw_anomaly_name(an->kind));
		m_int(b, &f, "frame", (int64_t)an->frame);
		if (an->numeric) {
			m_int(b, &f, "expected", an->expected);
			m_int(b, &f, "seen", an->seen);
		}
		ob_putc(b, '}');
	}
	ob_putc(b, ']');
}

static void
counts(struct sw_outbuf *b, bool *first, const char *k, const uint32_t *v,
    int n, const char *(*name)(int))
{
	bool f = true;

	key(b, first, k);
	ob_putc(b, '{');
	for (int i = 0; i < n; i++)
		if (v[i])
			m_int(b, &f, name(i), v[i]);
	ob_putc(b, '}');
}

static void
pair(struct sw_outbuf *b, bool *first, const char *k, uint64_t client,
    uint64_t server)
{
	bool f = true;

	key(b, first, k);
	ob_putc(b, '{');
	m_int(b, &f, "client", (int64_t)client);
	m_int(b, &f, "server", (int64_t)server);
	ob_putc(b, '}');
}

static void
last_data(struct sw_outbuf *b, bool *first, const char *k,
    const struct sw_conn *c, void (*conv)(struct sw_outbuf *, struct sw_time))
{
	bool f = true;

	key(b, first, k);
	ob_putc(b, '{');
	for (int r = SW_CLIENT; r <= SW_SERVER; r++) {
		key(b, &f, sw_role_name(r));
		if (c->peer[r].bytes > 0)
			conv(b, c->peer[r].last_data);
		else
			OB_LIT(b, "null");
	}
	ob_putc(b, '}');
}

/* "rst": {"from":"client","frame":8,"ts":T[,"ts_ns":N]}, as jansson's
 * json_pack("{s:s, s:I, s:f}") writes it. */
static void
rstmark(struct sw_outbuf *b, bool *first, const char *k,
    const struct sw_rstmark *m, bool ns)
{
	bool sub = true;

	key(b, first, k);
	ob_putc(b, '{');
	m_word(b, &sub, "from", sw_role_name((enum sw_role)m->from));
	m_int(b, &sub, "frame", (int64_t)m->frame);
	key(b, &sub, "ts");
	jtime(b, m->ts);
	if (ns) {
		key(b, &sub, "ts_ns");
		jtime_ns(b, m->ts);
	}
	ob_putc(b, '}');
}

/* "icmp": [{"frame","ts"[,"ts_ns"],"from","to","type","code"}, ...]. */
static void
icmp_errors(struct sw_outbuf *b, bool *first, const struct sw_conn *c,
    bool ns)
{
	char ip[64];

	key(b, first, "icmp");
	ob_putc(b, '[');
	for (int i = 0; i < c->nicmp; i++) {
		const struct sw_icmp_err *e = &c->x->icmp[i];
		bool sub = true;

		if (i > 0)
			ob_putc(b, ',');
		ob_putc(b, '{');
		m_int(b, &sub, "frame", (int64_t)e->frame);
		key(b, &sub, "ts");
		jtime(b, e->ts);
		if (ns) {
			key(b, &sub, "ts_ns");
			jtime_ns(b, e->ts);
		}
		m_word(b, &sub, "from", sw_addr_str(&e->from, ip, sizeof(ip)));
		m_word(b, &sub, "to", sw_role_name((enum sw_role)e->to));
		m_int(b, &sub, "type", e->type);
		m_int(b, &sub, "code", e->code);
		ob_putc(b, '}');
	}
	ob_putc(b, ']');
}

/* {"ip":"192.0.2.1"[,"port":4789]}: a tunnel layer's outer endpoint. */
static void
outer_end(struct sw_outbuf *b, bool *first, const char *k,
    const struct sw_addr *a, uint16_t port, bool udp)
{
	char ip[64];
	bool f = true;

	key(b, first, k);
	ob_putc(b, '{');
	m_word(b, &f, "ip", sw_addr_str(a, ip, sizeof(ip)));
	if (udp)
		m_int(b, &f, "port", port);
	ob_putc(b, '}');
}

/* "tunnel": [{"type","outer":{"src","dst"}[,ID]}, ...], outermost first. */
static void
tunnel(struct sw_outbuf *b, bool *first, const struct sw_tunnel *t)
{
	key(b, first, "tunnel");
	ob_putc(b, '[');
	for (unsigned i = 0; i < t->n; i++) {
		const struct sw_tunnel_layer *l = &t->layer[i];
		enum sw_tunnel_type type = (enum sw_tunnel_type)l->type;
		const char *idname = sw_tunnel_id_name(type);
		bool udp = l->sport != 0 || l->dport != 0, sub = true, o = true;

		if (i > 0)
			ob_putc(b, ',');
		ob_putc(b, '{');
		m_word(b, &sub, "type", sw_tunnel_name(type));
		key(b, &sub, "outer");
		ob_putc(b, '{');
		outer_end(b, &o, "src", &l->src, l->sport, udp);
		outer_end(b, &o, "dst", &l->dst, l->dport, udp);
		ob_putc(b, '}');
		if (l->has_id && idname != NULL)
			m_int(b, &sub, idname, l->id);
		ob_putc(b, '}');
	}
	ob_putc(b, ']');
}

void
sw_jw_conn(struct sw_outbuf *b, const struct sw_conn *c,
    const struct sw_failed *f, const char *input, const char *explain)
{
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];
	bool ns = sw_json_has_ns(c), first = true, sub;
	char cid[SW_COMMUNITY_ID_LEN + 1];

	ob_putc(b, '{');
	m_word(b, &first, "type", "connection");
	m_int(b, &first, "id", (int64_t)c->id);
	m_word(b, &first, "community_id", sw_conn_community_id(c, cid));
	if (input != NULL) {
		m_ustr(b, &first, "input", input);
		m_int(b, &first, "input_frame", (int64_t)c->input_frame);
	}
	endpoint(b, &first, "client", cl);
	endpoint(b, &first, "server", sv);
	if (c->tunnel != NULL)
		tunnel(b, &first, c->tunnel);
	key(b, &first, "start");
	jtime(b, c->start);
	key(b, &first, "end");
	jtime(b, c->end);
	if (ns) {
		key(b, &first, "start_ns");
		jtime_ns(b, c->start);
		key(b, &first, "end_ns");
		jtime_ns(b, c->end);
	}
	m_int(b, &first, "first_frame", (int64_t)c->first_frame);
	m_int(b, &first, "last_frame", (int64_t)c->last_frame);
	m_word(b, &first, "handshake", sw_handshake_name(c->handshake));
	m_word(b, &first, "close", sw_close_name(c->close));
	if (c->closed_by == SW_NOBODY)
		m_lit(b, &first, "closed_by", "null");
	else
		m_word(b, &first, "closed_by", sw_role_name(c->closed_by));
	key(b, &first, "state");
	sub = true;
	ob_putc(b, '{');
	m_word(b, &sub, "client", sw_state_name(cl->state));
	m_word(b, &sub, "server", sw_state_name(sv->state));
	ob_putc(b, '}');
	key(b, &first, "steps");
	ob_putc(b, '[');
	sub = true;
	for (int i = 0; i < SW_STEP__N; i++) {
		if (!c->step[i].seen)
			continue;
		if (!sub)
			ob_putc(b, ',');
		sub = false;
		step(b, c, i, ns);
	}
	ob_putc(b, ']');
	key(b, &first, "anomalies");
	anomalies(b, c);
	if (c->anomaly_dropped) {
		m_int(b, &first, "anomalies_dropped", c->anomaly_dropped);
		counts(b, &first, "anomaly_totals", c->anomaly_count, SW_AN__N,
		    sw_anom_n);
	}
	counts(b, &first, "events", c->event, SW_EV__N, sw_ev_n);
	if (c->rst.frame)
		rstmark(b, &first, "rst", &c->rst, ns);
	if (c->rst_ignored.frame)
		rstmark(b, &first, "rst_ignored", &c->rst_ignored, ns);
	if (c->nicmp > 0)
		icmp_errors(b, &first, c, ns);
	pair(b, &first, "packets", cl->packets, sv->packets);
	pair(b, &first, "bytes", cl->bytes, sv->bytes);
	last_data(b, &first, "last_data", c, jtime);
	if (ns)
		last_data(b, &first, "last_data_ns", c, jtime_ns);
	key(b, &first, "rtt_ms");
	sub = true;
	ob_putc(b, '{');
	/* sw_conn_rtt_*() give rtt_ns / 1e6: written from the integer. */
	if (c->has_rtt[0]) {
		key(b, &sub, "syn_synack");
		sw_json_ms(b, c->rtt_ns[0]);
	}
	if (c->has_rtt[1]) {
		key(b, &sub, "synack_ack");
		sw_json_ms(b, c->rtt_ns[1]);
	}
	ob_putc(b, '}');
	m_word(b, &first, "conn_state", sw_conn_zeek_state(c));
	m_str(b, &first, "history", c->history);
	m_bool(b, &first, "midstream", c->midstream);
	if (c->evicted && c->evicted_by != SW_EVICT_NONE)
		m_word(b, &first, "evicted",
		    sw_evict_name((enum sw_evict)c->evicted_by));
	if (f != NULL && f->n > 0) {
		key(b, &first, "failed");
		ob_putc(b, '[');
		sub = true;
		for (size_t i = 0; i < f->n; i++) {
			if (!sw_json_utf8_ok(f->reason[i]))
				continue;
			if (!sub)
				ob_putc(b, ',');
			sub = false;
			jstr(b, f->reason[i]);
		}
		ob_putc(b, ']');
	}
	if (explain != NULL)
		m_ustr(b, &first, "explain", explain);
	ob_putc(b, '}');
}
