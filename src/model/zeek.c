/* SPDX-License-Identifier: MIT */
/*
 * zeek.c: Zeek-compatible history and conn_state.
 *
 * History: a letter per kind of segment, upper case for the client
 * (Zeek's originator), lower case for the server.  S H A D F R are
 * recorded once per direction, in order of first occurrence; C T W are
 * recorded at their 1st, 10th, 100th ... occurrence, as Zeek does.
 *
 * conn_state is derived from Zeek-style endpoint states (inactive, SYN
 * sent, SYN-ACK sent, partial, established, closed = sent FIN, reset =
 * sent RST) by the same decision list Zeek documents for conn.log.
 */
#include <string.h>

#include "zeek.h"

static const char once_letters[] = "SHADFR";
static const char rep_letters[] = "CTW";

static void
append(struct sw_conn *c, enum sw_role who, char L)
{
	if (c->hlen >= SW_HISTORY_MAX)
		return;
	c->history[c->hlen++] = who == SW_CLIENT ? L : (char)(L + 'a' - 'A');
	c->history[c->hlen] = '\0';
}

void
sw_zeek_letter(struct sw_conn *c, enum sw_role who, char L)
{
	struct sw_peer *p = &c->peer[who];
	const char *o = strchr(once_letters, L), *r = strchr(rep_letters, L);

	if (o != NULL) {
		uint16_t bit = (uint16_t)(1u << (o - once_letters));

		if (!(p->hist_once & bit)) {
			p->hist_once |= bit;
			append(c, who, L);
		}
	} else if (r != NULL) {
		uint32_t n = ++p->hist_rep[r - rep_letters];

		while (n % 10 == 0)
			n /= 10;
		if (n == 1)
			append(c, who, L);
	}
}

void
sw_zeek_segment(struct sw_conn *c, enum sw_role who, const struct sw_pkt *p)
{
	uint8_t f = p->flags;

	if (f & SW_TH_SYN)
		sw_zeek_letter(c, who, (f & SW_TH_ACK) ? 'H' : 'S');
	if (p->paylen > 0)
		sw_zeek_letter(c, who, 'D');
	else if ((f & SW_TH_ACK) && !(f & (SW_TH_SYN | SW_TH_FIN | SW_TH_RST)))
		sw_zeek_letter(c, who, 'A');
	if (f & SW_TH_FIN)
		sw_zeek_letter(c, who, 'F');
	if (f & SW_TH_RST)
		sw_zeek_letter(c, who, 'R');
}

enum zst { Z_INACTIVE, Z_SYN_SENT, Z_SYN_ACK_SENT, Z_PARTIAL,
	Z_ESTABLISHED, Z_CLOSED, Z_RESET };

static enum zst
endpoint(const struct sw_conn *c, enum sw_role who)
{
	const struct sw_peer *p = &c->peer[who];
	bool answered = c->synack_seen || c->simopen;

	if (p->rst_sent)
		return Z_RESET;
	if (p->fin_sent)
		return Z_CLOSED;
	if (c->midstream)
		return p->packets > 0 ? Z_PARTIAL : Z_INACTIVE;
	/* Zeek takes a SYN answered by a SYN-ACK as established. */
	if (answered && c->peer[SW_CLIENT].syn_seen)
		return Z_ESTABLISHED;
	if (who == SW_CLIENT && p->syn_seen)
		return Z_SYN_SENT;
	if (who == SW_SERVER && c->synack_seen)
		return Z_SYN_ACK_SENT;
	return p->packets > 0 ? Z_PARTIAL : Z_INACTIVE;
}

/* Zeek's decision list for conn_state, over both endpoints. */
static enum sw_zeek_state
decide(const struct sw_conn *c)
{
	enum zst o = endpoint(c, SW_CLIENT), r = endpoint(c, SW_SERVER);
	bool o_inactive = o == Z_INACTIVE || o == Z_PARTIAL;
	bool r_inactive = r == Z_INACTIVE || r == Z_PARTIAL;
	const struct sw_peer *cl = &c->peer[SW_CLIENT], *sv = &c->peer[SW_SERVER];

	if (r == Z_RESET) {
		if (o == Z_SYN_SENT || o == Z_SYN_ACK_SENT ||
		    (o == Z_RESET && cl->bytes == 0 && sv->bytes == 0))
			return SW_ZS_REJ;
		if (o_inactive)
			return SW_ZS_RSTRH;
		return SW_ZS_RSTR;
	}
	if (o == Z_RESET) {
		if (r_inactive) {
			/* A SYN then the RST, nothing from the responder. */
			if (cl->syn_seen && !c->synack_seen && sv->packets == 0)
				return SW_ZS_RSTOS0;
			return SW_ZS_OTH;
		}
		return SW_ZS_RSTO;
	}
	if (o == Z_CLOSED && r == Z_CLOSED)
		return SW_ZS_SF;
	if (o == Z_CLOSED)
		return r_inactive ? SW_ZS_SH : SW_ZS_S2;
	if (r == Z_CLOSED)
		return o_inactive ? SW_ZS_SHR : SW_ZS_S3;
	if (o == Z_SYN_SENT && r == Z_INACTIVE)
		return SW_ZS_S0;
	if (o == Z_ESTABLISHED && r == Z_ESTABLISHED)
		return SW_ZS_S1;
	return SW_ZS_OTH;
}

void
sw_zeek_finish(struct sw_conn *c)
{
	c->zeek_state = (uint8_t)decide(c);
}

const char *
sw_conn_zeek_state(const struct sw_conn *c)
{
	return sw_zeek_state_name((enum sw_zeek_state)c->zeek_state);
}
