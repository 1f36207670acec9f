/* SPDX-License-Identifier: MIT */
/*
 * ci.h: the CI mode of DESIGN.md §6: --fail-on classes, --assert
 * expressions evaluated over the stream of finished connections, and the
 * --junit report.
 *
 * Memory stays constant in the number of connections: a fail-on set and
 * a parsed assertion are fixed-size values, an assertion's tally keeps
 * counters and the SW_ASSERT_MAX_IDS offending connections of lowest
 * id only, and the JUnit writer spools testcases to a temporary file and keeps
 * only per-input totals in memory.  Nothing here keeps a struct sw_conn
 * pointer past the call that received it.
 */
#ifndef SEVENWAY_CI_H
#define SEVENWAY_CI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sevenway/conn.h"
#include "sevenway/sevenway.h"

/* --fail-on ---------------------------------------------------------- */

/*
 * The classes that make a connection fail: a set of close values and a
 * set of anomaly kinds.  The groups "abnormal" and "any-anomaly" are
 * expanded into these sets when parsed, so matching is set membership.
 */
struct sw_failon {
	bool close[SW_CLOSE__N];	/* fail when conn->close is one */
	bool anomaly[SW_AN__N];		/* fail when the conn has one */
	bool active;			/* at least one class was given */
	bool allow_empty;		/* "empty" was listed (see below) */
};

/* Room for every reason one connection can have: its close + each kind. */
#define SW_FAILON_MAX_REASONS (1 + SW_AN__N)
#define SW_FAILON_REASON_LEN 112

/* One reason a connection fails, e.g. "close=reset". */
struct sw_failon_reason {
	char text[SW_FAILON_REASON_LEN];
	uint64_t frame;		/* where it was seen; 0 if not one frame */
};

/* All the reasons of one connection; filled by sw_failon_match. */
struct sw_failon_match {
	unsigned n;		/* 0: the connection passes */
	struct sw_failon_reason reason[SW_FAILON_MAX_REASONS];
};

/* Make f the empty set (nothing fails). */
void sw_failon_init(struct sw_failon *f);

/*
 * Add the comma-separated CLASSES of one --fail-on option to f; the
 * option is cumulative, so call this once per occurrence.  Words are
 * close values ("reset"), anomaly kinds ("fin-bad-ack"), "abnormal",
 * "any-anomaly" and "empty"; blanks around a word are ignored.  "empty"
 * matches no connection: it sets f->allow_empty, which tells the caller
 * that a run without any TCP connection must not fail its checks (by
 * default, a run with checks and no connection fails).  On an unknown or
 * empty word returns SW_ERR_USAGE, fills err with a message naming it
 * and listing the valid words, and leaves f unchanged.
 */
enum sw_status sw_failon_parse(struct sw_failon *f, const char *classes,
    struct sw_err *err);

/*
 * Fill *m with the reasons connection c fails under f, close value
 * first, then one per anomaly kind in names.def order, e.g.
 * "anomaly=fin-bad-ack (frame 9: expected 5001, saw 5002)" (the first
 * recorded occurrence; "; 3 in all" is appended when there were more).
 * Returns m->n; 0 means the connection passes.  Never allocates.
 */
unsigned sw_failon_match(const struct sw_failon *f, const struct sw_conn *c,
    struct sw_failon_match *m);

/* --assert: parsing ---------------------------------------------------- */

enum sw_quant { SW_QUANT_ALL, SW_QUANT_NONE, SW_QUANT_ANY, SW_QUANT_COUNT };

enum sw_cmp {
	SW_CMP_NONE,		/* no comparison (all, none, any) */
	SW_CMP_EQ, SW_CMP_NE, SW_CMP_LT, SW_CMP_LE, SW_CMP_GT, SW_CMP_GE
};

/* The connection fields a predicate can test. */
enum sw_afield {
	SW_AF_CLIENT, SW_AF_SERVER, SW_AF_HANDSHAKE, SW_AF_CLOSE,
	SW_AF_CLOSED_BY, SW_AF_STATE_CLIENT, SW_AF_STATE_SERVER,
	SW_AF_ANOMALY, SW_AF_CONN_STATE, SW_AF_EVENT, SW_AF_INPUT,
	SW_AF__N
};

#define SW_ASSERT_MAX_TERMS 16
#define SW_ASSERT_VALUE_MAX 64	/* longest value, NUL included */
#define SW_ASSERT_TEXT_MAX 512	/* longest expression, NUL included */

/*
 * One FIELD=VALUE (or FIELD!=VALUE) of a predicate.  For client and
 * server, value is split into host and port patterns ("*" when absent);
 * for the other fields the whole value is the pattern.
 */
struct sw_assert_term {
	uint8_t field;		/* enum sw_afield */
	bool negate;		/* written with != */
	bool wild;		/* the (host) pattern holds a '*' */
	int code;		/* exact vocabulary value, or -1 */
	char value[SW_ASSERT_VALUE_MAX];	/* as written */
	char host[SW_ASSERT_VALUE_MAX];		/* client/server only */
	char port[8];				/* client/server only */
	struct sw_addr addr;	/* host when it is an exact address */
};

/* A parsed --assert expression: QUANT(TERM & TERM ...) [CMP N]. */
struct sw_assert_expr {
	uint8_t quant;		/* enum sw_quant */
	uint8_t cmp;		/* enum sw_cmp; SW_CMP_NONE unless count */
	uint64_t n;		/* right-hand side of the comparison */
	unsigned nterms;	/* >= 1 */
	struct sw_assert_term term[SW_ASSERT_MAX_TERMS];
	char text[SW_ASSERT_TEXT_MAX];	/* the expression, blanks trimmed */
};

/*
 * Parse one --assert expression into *e.  Grammar (blanks allowed
 * between tokens):
 *
 *   expr  := QUANT '(' term ('&' term)* ')' [CMP NUMBER]
 *   QUANT := all | none | any | count     (count requires CMP NUMBER)
 *   term  := FIELD ('=' | '!=') VALUE
 *   CMP   := == | != | < | <= | > | >=
 *
 * '*' in a value matches any run of characters.  client/server values
 * are IP, IP:PORT, *:PORT or IP:*; an IPv6 address is written bare
 * (2001:db8::1, no port) or in brackets ([2001:db8::1]:443).  A value of
 * an enumerated field must be a vocabulary word (DESIGN.md §3; closed_by:
 * client, server, none), and a pattern must match at least one, so typos
 * are caught here.  On error returns SW_ERR_USAGE with err->msg in three
 * lines: "bad assertion: WHAT", the expression, and a caret under the
 * offending position.
 */
enum sw_status sw_assert_parse(struct sw_assert_expr *e, const char *text,
    struct sw_err *err);

/*
 * Parse a bare predicate, TERM ('&' TERM)*, as --show takes it, into e
 * (its quantifier is "any" and unused).  Errors as sw_assert_parse's,
 * "bad --show expression: WHAT" and the caret.
 */
enum sw_status sw_pred_parse(struct sw_assert_expr *e, const char *text,
    struct sw_err *err);

/*
 * Whether connection c satisfies every term of e's predicate.  input is
 * the name of the file c started in (NULL: an input= term never holds).
 */
bool sw_assert_pred(const struct sw_assert_expr *e, const struct sw_conn *c,
    const char *input);

/* "all", "none", "any", "count". */
const char *sw_quant_name(enum sw_quant q);
/* "==", "!=", "<", "<=", ">", ">="; "" for SW_CMP_NONE. */
const char *sw_cmp_name(enum sw_cmp c);

/* --assert: streaming evaluation ------------------------------------- */

#define SW_ASSERT_MAX_IDS 5

/*
 * One assertion and its running tally.  "Offending" connections are the
 * ones that break all() (predicate false) or that match for none(),
 * any() and count(); the SW_ASSERT_MAX_IDS of lowest id are kept for messages.
 */
struct sw_assert {
	struct sw_assert_expr expr;
	uint64_t seen;		/* connections fed */
	uint64_t matched;	/* of which the predicate held */
	unsigned nids;		/* entries used in id[] and frame[] */
	uint64_t id[SW_ASSERT_MAX_IDS];		/* connection ids */
	uint64_t frame[SW_ASSERT_MAX_IDS];	/* their first frames */
};

/*
 * Parse text into a with an empty tally (see sw_assert_parse for the
 * syntax and errors).  On error *a is unspecified.
 */
enum sw_status sw_assert_init(struct sw_assert *a, const char *text,
    struct sw_err *err);

/* Count connection c, from input file `input` (may be NULL); call once
 * per finished connection. */
void sw_assert_feed(struct sw_assert *a, const struct sw_conn *c,
    const char *input);

/* Whether the assertion holds over the connections fed so far. */
bool sw_assert_passed(const struct sw_assert *a);

/*
 * Write the one-line result into buf (always NUL-terminated), e.g.
 * "PASS all(handshake=complete): 12 of 12 connections" or
 * "FAIL none(close=reset): 2 of 12 connections matched (ids 3, 7)".
 * Returns buf.  SW_ASSERT_RESULT_LEN always suffices.
 */
#define SW_ASSERT_RESULT_LEN (SW_ASSERT_TEXT_MAX + 160)
char *sw_assert_result(const struct sw_assert *a, char *buf, size_t len);

/* --junit ------------------------------------------------------------- */

struct sw_junit;

/*
 * Start a JUnit report to be written to path.  Creates path.tmp at once
 * (so an unwritable path fails before the analysis) and a temporary
 * spool file.  Returns NULL and fills err (SW_ERR_IO naming the file,
 * or SW_ERR_NOMEM) on failure.  Free with sw_junit_free.
 */
struct sw_junit *sw_junit_new(const char *path, struct sw_err *err);

/*
 * Register the next input file's name; inputs are numbered 0, 1, ... in
 * the order registered, as conn->input counts them.  Each input becomes
 * one <testsuite>, even one without connections.  The name is copied.
 */
enum sw_status sw_junit_add_input(struct sw_junit *j, const char *name,
    struct sw_err *err);

/*
 * Record connection c as one <testcase> of its input's suite.  m holds
 * its --fail-on reasons (a <failure> when m->n > 0); NULL means no
 * --fail-on.  A connection whose input was never registered lands in a
 * suite named "input N".  Returns SW_ERR_IO on a spool write error.
 */
enum sw_status sw_junit_conn(struct sw_junit *j, const struct sw_conn *c,
    const struct sw_failon_match *m, struct sw_err *err);

/*
 * Input idx could not be analysed (missing, unreadable, not a capture,
 * unsupported link type, or not read because reading stopped before
 * it): its suite gets one more <testcase classname="sevenway.input">
 * holding an <error> with msg, and counts errors="1".  idx
 * SW_JUNIT_NEW_SUITE appends a suite after the others (an input that is
 * not one of the registered names, such as a record file).  name, when
 * not NULL, renames the suite.  The first message given for a suite
 * stands.  Returns SW_ERR_NOMEM only.
 */
#define SW_JUNIT_NEW_SUITE ((size_t)-1)
enum sw_status sw_junit_input_error(struct sw_junit *j, size_t idx,
    const char *name, const char *msg, struct sw_err *err);

/*
 * A check of the whole run failed (for now only: no TCP connection was
 * analysed): the report ends with a suite "run" holding one <testcase
 * classname="sevenway.run" name=NAME> whose <failure type="empty"> says
 * msg.  A second call replaces the first.  Returns SW_ERR_NOMEM only.
 */
enum sw_status sw_junit_run_failure(struct sw_junit *j, const char *name,
    const char *msg, struct sw_err *err);

/*
 * Write the final document: one <testsuite> per input in order (with
 * its error testcase last, if any), then, when n > 0, a suite
 * "assertions" with one <testcase> per assertion of a[0..n-1], then the
 * suite "run" when sw_junit_run_failure was called.  Then rename path.tmp to path.  Returns SW_ERR_IO with the
 * file name and strerror on failure.  Call at most once.
 */
enum sw_status sw_junit_finish(struct sw_junit *j, const struct sw_assert *a,
    size_t n, struct sw_err *err);

/* Release j; if sw_junit_finish did not succeed, remove path.tmp. */
void sw_junit_free(struct sw_junit *j);

#endif /* SEVENWAY_CI_H */
