/* SPDX-License-Identifier: MIT */
/*
 * failon.c: --fail-on CLASSES: parse the class list into a set, and say
 * why a connection falls into it.
 *
 * The groups are expanded at parse time ("abnormal" is the abnormal
 * close values plus every seq/ack anomaly kind, names.def's third
 * column), so matching a connection is two table look-ups and the
 * reasons can always name the concrete value that matched.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sevenway/ci.h"

#define GROUP_ABNORMAL "abnormal"
#define GROUP_ANY_ANOMALY "any-anomaly"
#define WORD_EMPTY "empty"

void
sw_failon_init(struct sw_failon *f)
{
	memset(f, 0, sizeof(*f));
}

/* Append s to buf at *off, never overflowing; truncation is silent. */
static void
append(char *buf, size_t len, size_t *off, const char *s)
{
	int w;

	if (*off >= len)
		return;
	w = snprintf(buf + *off, len - *off, "%s", s);
	if (w > 0)
		*off += (size_t)w;
}

/* "abnormal, any-anomaly, client-close, ..." for the error message. */
static void
valid_words(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	append(buf, len, &off, GROUP_ABNORMAL ", " GROUP_ANY_ANOMALY ", "
	    WORD_EMPTY);
	for (int i = 0; i < SW_CLOSE__N; i++) {
		append(buf, len, &off, ", ");
		append(buf, len, &off, sw_close_name((enum sw_close)i));
	}
	for (int i = 0; i < SW_AN__N; i++) {
		append(buf, len, &off, ", ");
		append(buf, len, &off, sw_anomaly_name((enum sw_anomaly_kind)i));
	}
}

/* Add one trimmed word to f; false when it is not a class. */
static bool
add_word(struct sw_failon *f, const char *w)
{
	int v;

	if (strcmp(w, GROUP_ABNORMAL) == 0) {
		for (int i = 0; i < SW_CLOSE__N; i++)
			if (sw_close_is_abnormal((enum sw_close)i))
				f->close[i] = true;
		for (int i = 0; i < SW_AN__N; i++)
			if (sw_anomaly_is_seqack((enum sw_anomaly_kind)i))
				f->anomaly[i] = true;
		return true;
	}
	/* Not a class of connection: it says that a trace without any
	 * TCP connection is an expected outcome (DESIGN.md §6). */
	if (strcmp(w, WORD_EMPTY) == 0) {
		f->allow_empty = true;
		return true;
	}
	if (strcmp(w, GROUP_ANY_ANOMALY) == 0) {
		for (int i = 0; i < SW_AN__N; i++)
			f->anomaly[i] = true;
		return true;
	}
	if ((v = sw_close_lookup(w)) >= 0) {
		f->close[v] = true;
		return true;
	}
	if ((v = sw_anomaly_lookup(w)) >= 0) {
		f->anomaly[v] = true;
		return true;
	}
	return false;
}

static enum sw_status
bad_word(struct sw_err *err, const char *w)
{
	char valid[400];

	if (*w == '\0')
		return sw_err_set(err, SW_ERR_USAGE,
		    "--fail-on: empty class in the list");
	/* Events are normal TCP behaviour (DESIGN.md §3), so say why. */
	if (sw_event_lookup(w) >= 0)
		return sw_err_set(err, SW_ERR_USAGE,
		    "--fail-on: '%s' is an event, not a failure class", w);
	valid_words(valid, sizeof(valid));
	return sw_err_set(err, SW_ERR_USAGE,
	    "--fail-on: unknown class '%.40s' (valid: %s)", w, valid);
}

enum sw_status
sw_failon_parse(struct sw_failon *f, const char *classes, struct sw_err *err)
{
	struct sw_failon next = *f;	/* f stays unchanged on error */
	const char *p = classes;
	char word[64];

	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n > 0 && isspace((unsigned char)*p))
			p++, n--;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n >= sizeof(word))
			n = sizeof(word) - 1;	/* too long to be a class */
		memcpy(word, p, n);
		word[n] = '\0';
		if (n == 0 || !add_word(&next, word))
			return bad_word(err, word);
		if (end == NULL)
			break;
		p = end + 1;
	}
	next.active = true;
	*f = next;
	return SW_OK;
}

/* The first stored occurrence of kind k, or NULL if all were dropped. */
static const struct sw_anomaly *
first_of(const struct sw_conn *c, int k)
{
	unsigned n = c->nanomaly < SW_MAX_ANOMALIES ? c->nanomaly
	    : SW_MAX_ANOMALIES;

	for (unsigned i = 0; i < n; i++)
		if (c->x->anomaly[i].kind == k)
			return &c->x->anomaly[i];
	return NULL;
}

static void
anomaly_reason(const struct sw_conn *c, int k, struct sw_failon_reason *r)
{
	const struct sw_anomaly *a = first_of(c, k);
	const char *name = sw_anomaly_name((enum sw_anomaly_kind)k);
	uint32_t total = c->anomaly_count[k];
	char more[32] = "";

	if (total > 1)
		snprintf(more, sizeof(more), "; %u in all", (unsigned)total);
	r->frame = a ? a->frame : 0;
	if (a == NULL)
		snprintf(r->text, sizeof(r->text), "anomaly=%s (%u in all)",
		    name, (unsigned)total);
	else if (a->numeric)
		snprintf(r->text, sizeof(r->text),
		    "anomaly=%s (frame %llu: expected %lu, saw %lu%s)", name,
		    (unsigned long long)a->frame, (unsigned long)a->expected,
		    (unsigned long)a->seen, more);
	else
		snprintf(r->text, sizeof(r->text), "anomaly=%s (frame %llu%s)",
		    name, (unsigned long long)a->frame, more);
}

unsigned
sw_failon_match(const struct sw_failon *f, const struct sw_conn *c,
    struct sw_failon_match *m)
{
	m->n = 0;
	if (c->close < SW_CLOSE__N && f->close[c->close]) {
		struct sw_failon_reason *r = &m->reason[m->n++];

		snprintf(r->text, sizeof(r->text), "close=%s",
		    sw_close_name((enum sw_close)c->close));
		r->frame = 0;
	}
	for (int k = 0; k < SW_AN__N; k++)
		if (f->anomaly[k] && c->anomaly_count[k] > 0)
			anomaly_reason(c, k, &m->reason[m->n++]);
	return m->n;
}
