/* SPDX-License-Identifier: MIT */
/* segs.c: the segment-script driver of segs.h. */
#include <stdlib.h>
#include <string.h>

#include "segs.h"

static void
collect(void *ctx, const struct sw_conn *c)
{
	struct conv *v = ctx;

	if (v->ngot < SEGS_MAX_CONNS) {
		sw_conn_copy(&v->got[v->ngot], &v->gotx[v->ngot], c);
		v->ngot++;
	}
}

void
conv_init_cfg(struct conv *v, int family, uint16_t cport,
    const struct sw_analyzer_config *cfg)
{
	struct sw_sink sink = { collect, v };

	memset(v, 0, sizeof(*v));
	v->a = sw_analyzer_new(cfg, &sink, NULL);
	if (v->a == NULL)
		abort();
	v->t.sec = 1700000000;
	v->win = 64240;
	v->csum = SW_CSUM_OK;
	for (int i = 0; i < 2; i++) {
		v->addr[i].family = (uint8_t)family;
		if (family == 4) {
			v->addr[i].a[0] = 10;
			v->addr[i].a[3] = (uint8_t)(1 + i);
		} else {
			v->addr[i].a[0] = 0x20;
			v->addr[i].a[1] = 0x01;
			v->addr[i].a[15] = (uint8_t)(1 + i);
		}
	}
	v->port[C] = cport;
	v->port[S] = 80;
}

void
conv_init(struct conv *v, int family, uint16_t cport)
{
	conv_init_cfg(v, family, cport, NULL);
}

static void
advance(struct conv *v, double dt)
{
	uint64_t ns = (uint64_t)(dt * 1e9 + 0.5) + v->t.nsec;

	v->t.sec += (int64_t)(ns / 1000000000u);
	v->t.nsec = (uint32_t)(ns % 1000000000u);
}

static void
send_pkt(struct conv *v, struct sw_pkt *p, int from, double dt)
{
	p->ip_version = v->addr[0].family;
	p->src = v->addr[from];
	p->dst = v->addr[!from];
	p->sport = v->port[from];
	p->dport = v->port[!from];
	p->csum = v->csum;
	v->csum = SW_CSUM_OK;
	advance(v, dt);
	sw_analyzer_segment(v->a, p, v->t, ++v->frame);
}

void
conv_send(struct conv *v, int from, uint8_t flags, uint32_t seq, uint32_t ack,
    uint32_t len, double dt)
{
	struct sw_pkt p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.seq = seq;
	p.ack = (flags & F_ACK) ? ack : 0;
	p.paylen = p.paycap = len;
	p.win = v->win;
	send_pkt(v, &p, from, dt);
}

void
conv_send_ws(struct conv *v, int from, uint8_t flags, uint32_t seq,
    uint32_t ack, uint8_t wscale, double dt)
{
	struct sw_pkt p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.seq = seq;
	p.ack = (flags & F_ACK) ? ack : 0;
	p.win = v->win;
	p.opt.has_wscale = true;
	p.opt.wscale = wscale;
	send_pkt(v, &p, from, dt);
}

void
conv_icmp(struct conv *v, int to, uint8_t type, uint8_t code, uint32_t seq,
    const char *router, double dt)
{
	struct sw_pkt p;

	memset(&p, 0, sizeof(p));
	p.ip_version = v->addr[0].family;
	p.src = v->addr[to];
	p.dst = v->addr[!to];
	p.sport = v->port[to];
	p.dport = v->port[!to];
	p.seq = seq;
	p.ip_proto = 6;
	p.icmp.type = type;
	p.icmp.code = code;
	p.icmp.v6 = v->addr[0].family == 6;
	if (!sw_addr_parse(&p.icmp.from, router))
		abort();		/* a typo in the test */
	advance(v, dt);
	sw_analyzer_icmp(v->a, &p, v->t, ++v->frame);
}

void
conv_end(struct conv *v)
{
	sw_analyzer_finish(v->a);
	sw_analyzer_free(v->a);
	v->a = NULL;
}

const struct sw_conn *
conv_get(const struct conv *v, uint64_t id)
{
	for (int i = 0; i < v->ngot; i++)
		if (v->got[i].id == id)
			return &v->got[i];
	return NULL;
}

unsigned
conv_anoms(const struct sw_conn *c, enum sw_anomaly_kind k)
{
	return c->anomaly_count[k];
}

unsigned
conv_anoms_all(const struct sw_conn *c)
{
	unsigned n = 0;

	for (int k = 0; k < SW_AN__N; k++)
		n += c->anomaly_count[k];
	return n;
}

void
conv_open(struct conv *v, uint32_t j, uint32_t k)
{
	conv_send(v, C, F_SYN, j, 0, 0, 0.001);
	conv_send(v, S, F_SYN | F_ACK, k, j + 1, 0, 0.010);
	conv_send(v, C, F_ACK, j + 1, k + 1, 0, 0.0001);
}

void
conv_close3(struct conv *v, uint32_t m, uint32_t n, double dt)
{
	conv_send(v, C, F_FIN | F_ACK, m, n, 0, dt);
	conv_send(v, S, F_FIN | F_ACK, n, m + 1, 0, 0.01);
	conv_send(v, C, F_ACK, m + 1, n + 1, 0, 0.01);
}
