/* SPDX-License-Identifier: MIT */
/*
 * addr.c: formatting, parsing and ordering of struct sw_addr.
 *
 * IPv4 uses a[0..3] only; the other bytes are not compared, so an
 * address copied into a struct that was not zeroed still compares equal.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sevenway/packet.h"

/* Decimal 0-255, no leading zeros; returns the end. */
static char *
put_dec8(char *t, unsigned v)
{
	if (v >= 100)
		*t++ = (char)('0' + v / 100);
	if (v >= 10)
		*t++ = (char)('0' + v / 10 % 10);
	*t++ = (char)('0' + v % 10);
	return t;
}

static char *
put_v4(char *t, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			*t++ = '.';
		t = put_dec8(t, a[i]);
	}
	return t;
}

/* Lower-case hex, no leading zeros; returns the end. */
static char *
put_hex16(char *t, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	bool on = false;

	for (int sh = 12; sh >= 0; sh -= 4) {
		unsigned d = (v >> sh) & 0xf;

		if (d != 0 || on || sh == 0) {
			*t++ = hex[d];
			on = true;
		}
	}
	return t;
}

/*
 * The text form of RFC 5952 §4, as inet_ntop() writes it and as users
 * compare it against other tools: lower-case groups without leading
 * zeros, the longest run of two or more zero groups (the first of equal
 * ones) as "::", and the last 32 bits as a dotted quad for an
 * IPv4-mapped address (::ffff:a.b.c.d, §5) and for the old
 * IPv4-compatible form (::a.b.c.d, six zero groups first).  Written
 * here because the C library's inet_ntop() goes through sprintf, which
 * took a tenth of the time of a connection's whole report.
 */
static char *
put_v6(char *t, const uint8_t *a)
{
	unsigned w[8];
	int best = -1, best_len = 0, run = -1;

	for (int i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (int i = 0; i <= 8; i++) {
		if (i < 8 && w[i] == 0) {
			if (run < 0)
				run = i;
			continue;
		}
		if (run >= 0 && i - run > best_len) {
			best = run;
			best_len = i - run;
		}
		run = -1;
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*t++ = ':';
			continue;
		}
		if (i > 0)
			*t++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 ||
		    (best_len == 5 && w[5] == 0xffff)))
			return put_v4(t, a + 12);
		t = put_hex16(t, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*t++ = ':';
	return t;
}

/* A buffer too short for the address gets "", an unknown family "?". */
char *
sw_addr_str(const struct sw_addr *addr, char *buf, size_t len)
{
	char tmp[48], *end;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (addr->family == 4) {
		end = put_v4(tmp, addr->a);
	} else if (addr->family == 6) {
		end = put_v6(tmp, addr->a);
	} else {
		if (len >= 2)
			memcpy(buf, "?", 2);
		return buf;
	}
	if ((size_t)(end - tmp) < len) {
		memcpy(buf, tmp, (size_t)(end - tmp));
		buf[end - tmp] = '\0';
	}
	return buf;
}

int
sw_addr_cmp(const struct sw_addr *x, const struct sw_addr *y)
{
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = memcmp(x->a, y->a, x->family == 4 ? 4 : sizeof x->a);
	return (c > 0) - (c < 0);
}

bool
sw_addr_parse(struct sw_addr *addr, const char *text)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, text, addr->a) == 1)
		addr->family = 4;
	else if (inet_pton(AF_INET6, text, addr->a) == 1)
		addr->family = 6;
	else
		return false;
	return true;
}
