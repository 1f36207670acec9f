/* SPDX-License-Identifier: MIT */
/*
 * assert_parse.c: the --assert expression language (DESIGN.md §6):
 * a hand-written recursive-descent parser and the predicate matcher.
 *
 * The parser checks values against the contract vocabulary so that a
 * typo (close=rest) is a usage error with a caret, not an assertion that
 * silently never matches.  Every error points at a byte offset of the
 * expression as the user typed it.
 *
 * client/server values: IP, IP:PORT, *:PORT, IP:*, where IP is IPv4, a
 * bracketed IPv6 address ([2001:db8::1] or [2001:db8::1]:443) or a bare
 * IPv6 address (2001:db8::1, which can carry no port: any value with two
 * or more colons outside brackets is one address).  An exact address is
 * compared as an address (2001:DB8:0::1 equals 2001:db8::1); a pattern
 * with '*' is matched, case-insensitively, against the address as
 * sevenway prints it (sw_addr_str).  Host names and CIDR are not
 * accepted.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/ci.h"

static const char *const field_names[SW_AF__N] = {
	[SW_AF_CLIENT] = "client", [SW_AF_SERVER] = "server",
	[SW_AF_HANDSHAKE] = "handshake", [SW_AF_CLOSE] = "close",
	[SW_AF_CLOSED_BY] = "closed_by", [SW_AF_STATE_CLIENT] = "state.client",
	[SW_AF_STATE_SERVER] = "state.server", [SW_AF_ANOMALY] = "anomaly",
	[SW_AF_CONN_STATE] = "conn_state", [SW_AF_EVENT] = "event",
	[SW_AF_INPUT] = "input",
};

static const char *const quant_names[] = { "all", "none", "any", "count" };
static const char *const cmp_names[] = { "", "==", "!=", "<", "<=", ">",
	">=" };

const char *
sw_quant_name(enum sw_quant q)
{
	return (unsigned)q <= SW_QUANT_COUNT ? quant_names[q] : "?";
}

const char *
sw_cmp_name(enum sw_cmp c)
{
	return (unsigned)c <= SW_CMP_GE ? cmp_names[c] : "?";
}

/*
 * The i-th vocabulary word of an enumerated field, NULL past the end.
 * For closed_by the index is the enum sw_role value.
 */
static const char *
vocab(enum sw_afield f, int i)
{
	static const char *const roles[] = { "client", "server", "none" };

	if (i < 0)
		return NULL;
	switch (f) {
	case SW_AF_HANDSHAKE:
		return i < SW_HS__N ? sw_handshake_name((enum sw_handshake)i)
		    : NULL;
	case SW_AF_CLOSE:
		return i < SW_CLOSE__N ? sw_close_name((enum sw_close)i) : NULL;
	case SW_AF_CLOSED_BY:
		return i < 3 ? roles[i] : NULL;
	case SW_AF_STATE_CLIENT:
	case SW_AF_STATE_SERVER:
		return i < SW_ST__N ? sw_state_name((enum sw_state)i) : NULL;
	case SW_AF_ANOMALY:
		return i < SW_AN__N ? sw_anomaly_name((enum sw_anomaly_kind)i)
		    : NULL;
	case SW_AF_CONN_STATE:
		return i < SW_ZS__N ? sw_zeek_state_name((enum sw_zeek_state)i)
		    : NULL;
	case SW_AF_EVENT:
		return i < SW_EV__N ? sw_event_name((enum sw_event)i) : NULL;
	default:
		return NULL;
	}
}

/* Glob match: '*' matches any run (possibly empty); nothing else special. */
static bool
glob(const char *pat, const char *s, bool nocase)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat != '\0' && (nocase ?
		    tolower((unsigned char)*pat) == tolower((unsigned char)*s)
		    : *pat == *s)) {
			pat++;
			s++;
		} else if (star != NULL) {
			/* Let the last '*' swallow one more character. */
			pat = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/* ---- parser ------------------------------------------------------------ */

struct parser {
	const char *s;		/* the expression as typed */
	size_t pos;		/* current byte offset */
	struct sw_err *err;
	const char *kind;	/* "assertion" or "--show expression" */
};

/* Width of the expression excerpt shown above the caret. */
#define SHOW_MAX 100

/*
 * Fail at byte offset at: "bad assertion: WHAT", the expression, a caret.
 * A long expression is shown as a window around the offset so that the
 * three lines always fit the error buffer.
 */
static enum sw_status
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
fail(struct parser *p, size_t at, const char *fmt, ...)
{
	char what[280], shown[SHOW_MAX + 8];
	size_t len = strlen(p->s), start = 0, end = len, col, o = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (at > len)
		at = len;
	if (len > SHOW_MAX) {
		start = at > SHOW_MAX / 2 ? at - SHOW_MAX / 2 : 0;
		end = start + SHOW_MAX < len ? start + SHOW_MAX : len;
	}
	if (start > 0) {
		memcpy(shown, "...", 3);
		o = 3;
	}
	col = o + (at - start);
	for (size_t i = start; i < end; i++) {
		unsigned char ch = (unsigned char)p->s[i];

		/* A tab or newline would move the caret off its column. */
		shown[o++] = isprint(ch) || ch >= 0x80 ? (char)ch : ' ';
	}
	if (end < len) {
		memcpy(shown + o, "...", 3);
		o += 3;
	}
	shown[o] = '\0';
	return sw_err_set(p->err, SW_ERR_USAGE, "bad %s: %s\n%s\n%*s^",
	    p->kind, what, shown, (int)col, "");
}

static void
skip_ws(struct parser *p)
{
	while (isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

static bool
is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

static bool
is_value_char(int c)
{
	/* '/' '+' '%' '@' for file names in input=. */
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == ':' ||
	    c == '*' || c == '[' || c == ']' || c == '/' || c == '+' ||
	    c == '%' || c == '@';
}

/* Length of the run of characters accepted by ok at the current pos. */
static size_t
run(const struct parser *p, bool (*ok)(int))
{
	size_t n = 0;

	while (p->s[p->pos + n] != '\0' && ok((unsigned char)p->s[p->pos + n]))
		n++;
	return n;
}

/* "a, b, c" of a field's vocabulary, for "unknown value" messages. */
static void
vocab_list(enum sw_afield f, char *buf, size_t len)
{
	size_t off = 0;
	const char *w;

	buf[0] = '\0';
	for (int i = 0; (w = vocab(f, i)) != NULL && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
		    w);
		if (n > 0)
			off += (size_t)n;
	}
}

/* Check an enumerated value against the vocabulary; sets t->code. */
static enum sw_status
check_enum(struct parser *p, struct sw_assert_term *t, size_t at)
{
	const char *fname = field_names[t->field];
	char valid[200];
	const char *w;

	t->code = -1;
	for (int i = 0; (w = vocab((enum sw_afield)t->field, i)) != NULL;
	    i++) {
		if (t->wild ? glob(t->value, w, false)
		    : strcmp(t->value, w) == 0) {
			t->code = t->wild ? -1 : i;
			return SW_OK;
		}
	}
	vocab_list((enum sw_afield)t->field, valid, sizeof(valid));
	if (t->wild)
		return fail(p, at, "pattern '%s' matches no %s value (valid: %s)",
		    t->value, fname, valid);
	return fail(p, at, "unknown %s value '%s' (valid: %s)", fname,
	    t->value, valid);
}

/* Whether s is a port pattern; exact ports must be 0..65535. */
static bool
valid_port(const char *s, bool *wild)
{
	unsigned long v = 0;

	*wild = strchr(s, '*') != NULL;
	if (*s == '\0' || strspn(s, "0123456789*") != strlen(s))
		return false;
	if (*wild)
		return true;
	for (; *s != '\0'; s++)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > 65535)
			return false;
	return true;
}

/* Split a client/server value into host and port patterns and check. */
static enum sw_status
check_endpoint(struct parser *p, struct sw_assert_term *t, size_t at)
{
	const char *v = t->value, *colon, *close_br;
	size_t hlen, port_at;
	bool port_wild;

	if (v[0] == '[') {
		close_br = strchr(v, ']');
		if (close_br == NULL)
			return fail(p, at, "missing ']' after IPv6 address");
		hlen = (size_t)(close_br - v - 1);
		memcpy(t->host, v + 1, hlen);
		t->host[hlen] = '\0';
		if (close_br[1] == '\0') {
			snprintf(t->port, sizeof(t->port), "*");
			port_at = 0;
		} else if (close_br[1] != ':') {
			return fail(p, at + (size_t)(close_br - v) + 1,
			    "expected ':PORT' after ']'");
		} else {
			port_at = (size_t)(close_br - v) + 2;
		}
		at++;
	} else if ((colon = strchr(v, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		hlen = (size_t)(colon - v);	/* IPv4 or '*' with a port */
		memcpy(t->host, v, hlen);
		t->host[hlen] = '\0';
		port_at = hlen + 1;
	} else {
		/* A bare IPv4 or IPv6 address, or '*'. */
		memcpy(t->host, v, strlen(v) + 1);
		snprintf(t->port, sizeof(t->port), "*");
		port_at = 0;
	}
	if (port_at != 0) {
		if (strlen(v + port_at) >= sizeof(t->port) ||
		    !valid_port(v + port_at, &port_wild))
			return fail(p, at - (v[0] == '[') + port_at,
			    "bad port '%s'", v + port_at);
		memcpy(t->port, v + port_at, strlen(v + port_at) + 1);
	}

	t->wild = strchr(t->host, '*') != NULL;
	if (t->host[0] == '\0' ||
	    strspn(t->host, "0123456789abcdefABCDEF.:*") != strlen(t->host))
		return fail(p, at, "bad address '%s'", t->host);
	if (t->wild)
		return SW_OK;
	memset(&t->addr, 0, sizeof(t->addr));
	if (inet_pton(AF_INET, t->host, t->addr.a) == 1)
		t->addr.family = 4;
	else if (inet_pton(AF_INET6, t->host, t->addr.a) == 1)
		t->addr.family = 6;
	else
		return fail(p, at, "bad address '%s'", t->host);
	return SW_OK;
}

/* term := FIELD ('=' | '!=') VALUE */
static enum sw_status
parse_term(struct parser *p, struct sw_assert_term *t)
{
	size_t at = p->pos, n = run(p, is_word_char);
	int f;

	memset(t, 0, sizeof(*t));
	if (n == 0)
		return fail(p, at, "expected a field name");
	for (f = 0; f < SW_AF__N; f++)
		if (strlen(field_names[f]) == n &&
		    strncmp(field_names[f], p->s + at, n) == 0)
			break;
	if (f == SW_AF__N)
		return fail(p, at, "unknown field '%.*s' (valid: client, "
		    "server, handshake, close, closed_by, state.client, "
		    "state.server, anomaly, event, conn_state, input)",
		    (int)(n > 40 ? 40 : n), p->s + at);
	t->field = (uint8_t)f;
	p->pos += n;
	skip_ws(p);

	if (p->s[p->pos] == '!' && p->s[p->pos + 1] == '=') {
		t->negate = true;
		p->pos += 2;
	} else if (p->s[p->pos] == '=') {
		p->pos++;
		if (p->s[p->pos] == '=')
			return fail(p, p->pos - 1, "use '=' inside a predicate, "
			    "not '=='");
	} else {
		return fail(p, p->pos, "expected '=' after field '%s'",
		    field_names[f]);
	}
	skip_ws(p);

	at = p->pos;
	n = run(p, is_value_char);
	if (n == 0)
		return fail(p, at, "missing value for field '%s'",
		    field_names[f]);
	if (n >= sizeof(t->value))
		return fail(p, at, "value too long (max %zu characters)",
		    sizeof(t->value) - 1);
	memcpy(t->value, p->s + at, n);
	t->value[n] = '\0';
	p->pos += n;
	t->wild = strchr(t->value, '*') != NULL;
	if (f == SW_AF_CLIENT || f == SW_AF_SERVER)
		return check_endpoint(p, t, at);
	if (f == SW_AF_INPUT)
		return SW_OK;	/* any file name; no vocabulary */
	return check_enum(p, t, at);
}

/* term ('&' term)* up to `end`, which is ')' or the end of the text. */
static enum sw_status
parse_terms(struct parser *p, struct sw_assert_expr *e, char end)
{
	enum sw_status st;

	skip_ws(p);
	if (p->s[p->pos] == end)
		return fail(p, p->pos, "empty predicate");
	for (;;) {
		if (e->nterms == SW_ASSERT_MAX_TERMS)
			return fail(p, p->pos, "too many terms (max %d)",
			    SW_ASSERT_MAX_TERMS);
		if ((st = parse_term(p, &e->term[e->nterms])) != SW_OK)
			return st;
		e->nterms++;
		skip_ws(p);
		if (p->s[p->pos] == end) {
			if (end != '\0')
				p->pos++;
			return SW_OK;
		}
		if (p->s[p->pos] == '\0')
			return fail(p, p->pos, "expected ')'");
		if (p->s[p->pos] != '&')
			return fail(p, p->pos, end == ')' ?
			    "expected '&' or ')'" : "expected '&'");
		p->pos++;
		skip_ws(p);
	}
}

/* '(' term ('&' term)* ')' */
static enum sw_status
parse_pred(struct parser *p, struct sw_assert_expr *e)
{
	if (p->s[p->pos] != '(')
		return fail(p, p->pos, "expected '(' after quantifier");
	p->pos++;
	return parse_terms(p, e, ')');
}

/* Keep the text as typed, minus surrounding blanks, for reports. */
static void
keep_text(struct sw_assert_expr *e, const char *text)
{
	size_t lo = 0, hi = strlen(text);

	while (lo < hi && isspace((unsigned char)text[lo]))
		lo++;
	while (hi > lo && isspace((unsigned char)text[hi - 1]))
		hi--;
	memcpy(e->text, text + lo, hi - lo);
	e->text[hi - lo] = '\0';
}

enum sw_status
sw_pred_parse(struct sw_assert_expr *e, const char *text, struct sw_err *err)
{
	struct parser p = { text, 0, err, "--show expression" };
	enum sw_status st;

	memset(e, 0, sizeof(*e));
	e->quant = SW_QUANT_ANY;
	if (strlen(text) >= sizeof(e->text))
		return fail(&p, sizeof(e->text) - 1, "expression too long "
		    "(max %zu characters)", sizeof(e->text) - 1);
	if ((st = parse_terms(&p, e, '\0')) != SW_OK)
		return st;
	keep_text(e, text);
	return SW_OK;
}

/* The comparison operator at pos, or SW_CMP_NONE; sets *len. */
static enum sw_cmp
cmp_at(const char *s, size_t *len)
{
	static const struct { const char *op; enum sw_cmp c; } ops[] = {
		{ "==", SW_CMP_EQ }, { "!=", SW_CMP_NE }, { "<=", SW_CMP_LE },
		{ ">=", SW_CMP_GE }, { "<", SW_CMP_LT }, { ">", SW_CMP_GT },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		*len = strlen(ops[i].op);
		if (strncmp(s, ops[i].op, *len) == 0)
			return ops[i].c;
	}
	*len = 0;
	return SW_CMP_NONE;
}

/* [CMP NUMBER] end */
static enum sw_status
parse_tail(struct parser *p, struct sw_assert_expr *e)
{
	size_t oplen, at;
	enum sw_cmp c;
	uint64_t v = 0;

	skip_ws(p);
	at = p->pos;
	c = cmp_at(p->s + at, &oplen);
	if (e->quant != SW_QUANT_COUNT) {
		if (c != SW_CMP_NONE || p->s[at] == '=')
			return fail(p, at, "a comparison only applies to "
			    "count(), not %s()", quant_names[e->quant]);
		if (p->s[at] != '\0')
			return fail(p, at, "trailing characters");
		return SW_OK;
	}
	if (c == SW_CMP_NONE && p->s[at] == '=')
		return fail(p, at, "use '==' to compare");
	if (c == SW_CMP_NONE)
		return fail(p, at, "count() needs a comparison like '>= 3'");
	e->cmp = (uint8_t)c;
	p->pos += oplen;
	skip_ws(p);
	at = p->pos;
	if (!isdigit((unsigned char)p->s[at]))
		return fail(p, at, "expected a number after '%s'",
		    cmp_names[c]);
	for (; isdigit((unsigned char)p->s[p->pos]); p->pos++) {
		unsigned d = (unsigned)(p->s[p->pos] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return fail(p, at, "number too large");
		v = v * 10 + d;
	}
	e->n = v;
	if (isalpha((unsigned char)p->s[p->pos]) || p->s[p->pos] == '.')
		return fail(p, at, "bad number");
	skip_ws(p);
	if (p->s[p->pos] != '\0')
		return fail(p, p->pos, "trailing characters");
	return SW_OK;
}

enum sw_status
sw_assert_parse(struct sw_assert_expr *e, const char *text,
    struct sw_err *err)
{
	struct parser p = { text, 0, err, "assertion" };
	enum sw_status st;
	size_t n, len = strlen(text);
	int q;

	memset(e, 0, sizeof(*e));
	if (len >= sizeof(e->text))
		return fail(&p, sizeof(e->text) - 1, "expression too long "
		    "(max %zu characters)", sizeof(e->text) - 1);
	skip_ws(&p);
	if (text[p.pos] == '\0')
		return fail(&p, p.pos, "empty expression");
	n = run(&p, is_word_char);
	for (q = 0; q <= SW_QUANT_COUNT; q++)
		if (n > 0 && strlen(quant_names[q]) == n &&
		    strncmp(quant_names[q], text + p.pos, n) == 0)
			break;
	if (n == 0)
		return fail(&p, p.pos, "expected a quantifier (all, none, "
		    "any, count)");
	if (q > SW_QUANT_COUNT)
		return fail(&p, p.pos, "unknown quantifier '%.*s' (valid: all, "
		    "none, any, count)", (int)(n > 40 ? 40 : n), text + p.pos);
	e->quant = (uint8_t)q;
	p.pos += n;
	skip_ws(&p);
	if ((st = parse_pred(&p, e)) != SW_OK ||
	    (st = parse_tail(&p, e)) != SW_OK)
		return st;
	keep_text(e, text);
	return SW_OK;
}

/* ---- matching ---------------------------------------------------------- */

static bool
endpoint_match(const struct sw_assert_term *t, const struct sw_peer *peer)
{
	char buf[64];

	if (strcmp(t->port, "*") != 0) {
		snprintf(buf, sizeof(buf), "%u", (unsigned)peer->port);
		if (!glob(t->port, buf, false))
			return false;
	}
	if (!t->wild)
		return sw_addr_cmp(&t->addr, &peer->addr) == 0;
	if (strcmp(t->host, "*") == 0)
		return true;
	sw_addr_str(&peer->addr, buf, sizeof(buf));
	return glob(t->host, buf, true);
}

/* Whether the enumerated value v of field f matches term t. */
static bool
enum_match(const struct sw_assert_term *t, int v)
{
	const char *w;

	if (!t->wild)
		return v == t->code;
	w = vocab((enum sw_afield)t->field, v);
	return w != NULL && glob(t->value, w, false);
}

static bool
anomaly_match(const struct sw_assert_term *t, const struct sw_conn *c)
{
	if (!t->wild)
		return t->code >= 0 && t->code < SW_AN__N &&
		    c->anomaly_count[t->code] > 0;
	for (int k = 0; k < SW_AN__N; k++)
		if (c->anomaly_count[k] > 0 && enum_match(t, k))
			return true;
	return false;
}

static bool
event_match(const struct sw_assert_term *t, const struct sw_conn *c)
{
	if (!t->wild)
		return t->code >= 0 && t->code < SW_EV__N && c->event[t->code];
	for (int k = 0; k < SW_EV__N; k++)
		if (c->event[k] > 0 && enum_match(t, k))
			return true;
	return false;
}

static bool
term_match(const struct sw_assert_term *t, const struct sw_conn *c,
    const char *input)
{
	switch (t->field) {
	case SW_AF_CLIENT:
		return endpoint_match(t, &c->peer[SW_CLIENT]);
	case SW_AF_SERVER:
		return endpoint_match(t, &c->peer[SW_SERVER]);
	case SW_AF_HANDSHAKE:
		return enum_match(t, c->handshake);
	case SW_AF_CLOSE:
		return enum_match(t, c->close);
	case SW_AF_CLOSED_BY:
		return enum_match(t, c->closed_by);
	case SW_AF_STATE_CLIENT:
		return enum_match(t, c->peer[SW_CLIENT].state);
	case SW_AF_STATE_SERVER:
		return enum_match(t, c->peer[SW_SERVER].state);
	case SW_AF_ANOMALY:
		return anomaly_match(t, c);
	case SW_AF_CONN_STATE:
		return enum_match(t, c->zeek_state);
	case SW_AF_EVENT:
		return event_match(t, c);
	case SW_AF_INPUT:
		return input != NULL && glob(t->value, input, false);
	default:
		return false;
	}
}

bool
sw_assert_pred(const struct sw_assert_expr *e, const struct sw_conn *c,
    const char *input)
{
	for (unsigned i = 0; i < e->nterms; i++)
		if (term_match(&e->term[i], c, input) == e->term[i].negate)
			return false;
	return true;
}
