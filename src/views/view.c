/* SPDX-License-Identifier: MIT */
/*
 * view.c: the drawing characters, colours and small formatters shared by
 * the text, line and ladder views.
 *
 * Colours are ANSI SGR sequences (ECMA-48 §8.3.117); with colour off the
 * views print empty strings in their place, so no escape byte appears.
 */
#include <stdio.h>
#include <string.h>

#include "outbuf.h"
#include "view.h"

static const char *const utf8[SW_G__N] = {
	[SW_G_LIFE] = "\xe2\x94\x82",		/* U+2502 */
	[SW_G_LINE] = "\xe2\x94\x80",		/* U+2500 */
	[SW_G_DASH] = "\xe2\x94\x84",		/* U+2504 */
	[SW_G_RIGHT] = "\xe2\x96\xb6",		/* U+25B6 */
	[SW_G_LEFT] = "\xe2\x97\x80",		/* U+25C0 */
	[SW_G_CROSS] = "\xe2\x95\xb3",		/* U+2573 */
	[SW_G_OK] = "\xe2\x9c\x93",		/* U+2713 */
	[SW_G_BAD] = "\xe2\x9c\x97",		/* U+2717 */
	[SW_G_ICMP] = "\xe2\x95\x8c",		/* U+254C */
};

static const char *const ascii[SW_G__N] = {
	[SW_G_LIFE] = "|", [SW_G_LINE] = "-", [SW_G_DASH] = ".",
	[SW_G_RIGHT] = ">", [SW_G_LEFT] = "<", [SW_G_CROSS] = "X",
	[SW_G_OK] = "ok", [SW_G_BAD] = "x", [SW_G_ICMP] = "~",
};

const char *
sw_view_glyph(const struct sw_view *v, enum sw_glyph g)
{
	if ((unsigned)g >= SW_G__N)
		return "?";
	return v != NULL && v->ascii ? ascii[g] : utf8[g];
}

const char *
sw_view_on(const struct sw_view *v, enum sw_color k)
{
	if (v == NULL || !v->color)
		return "";
	switch (k) {
	case SW_C_RED:
		return "\033[31m";
	case SW_C_CYAN:
		return "\033[36m";
	case SW_C_DIM:
	default:
		return "\033[2m";
	}
}

const char *
sw_view_off(const struct sw_view *v)
{
	return v != NULL && v->color ? "\033[0m" : "";
}

char *
sw_view_endpoint(const struct sw_peer *p, char *buf, size_t len)
{
	char a[64];
	bool v6 = p->addr.family == 6;

	sw_addr_str(&p->addr, a, sizeof(a));
	snprintf(buf, len, "%s%s%s:%u", v6 ? "[" : "", a, v6 ? "]" : "",
	    p->port);
	return buf;
}

char *
sw_tcp_flags_str(uint8_t f, char *buf)
{
	static const char letters[] = "FSRPAUEC";
	int n = 0;

	for (int i = 0; i < 8; i++)
		if (f & (1u << i))
			buf[n++] = letters[i];
	buf[n] = '\0';
	return buf;
}

char *
sw_view_flag_words(uint8_t f, char *buf, size_t len)
{
	/* In the order people say them: SYN,ACK and FIN,ACK. */
	static const struct {
		uint8_t bit;
		const char *word;
	} order[] = {
		{ SW_TH_SYN, "SYN" }, { SW_TH_FIN, "FIN" }, { SW_TH_RST, "RST" },
		{ SW_TH_PSH, "PSH" }, { SW_TH_ACK, "ACK" }, { SW_TH_URG, "URG" },
		{ SW_TH_ECE, "ECE" }, { SW_TH_CWR, "CWR" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int w;

		if (!(f & order[i].bit) || n >= len)
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n > 0 ? "," : "",
		    order[i].word);
		if (w > 0)
			n += (size_t)w;
	}
	if (n == 0)
		snprintf(buf, len, "none");
	return buf;
}

void
sw_ob_endpoint(struct sw_outbuf *b, const struct sw_peer *p)
{
	char a[64];
	bool v6 = p->addr.family == 6;

	if (v6)
		ob_putc(b, '[');
	ob_puts(b, sw_addr_str(&p->addr, a, sizeof(a)));
	if (v6)
		ob_putc(b, ']');
	ob_putc(b, ':');
	ob_u64(b, p->port);
}
