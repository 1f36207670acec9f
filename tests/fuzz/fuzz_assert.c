/* SPDX-License-Identifier: MIT */
/*
 * fuzz_assert.c: the --assert and --show expression parsers, and the
 * evaluator over the fixed connections (fixture.c).
 *
 * The input is one expression (up to its first NUL).  It is parsed as
 * an assertion and as a bare predicate; what parses is evaluated over
 * every connection and its result line written.
 */
#include <stdlib.h>
#include <string.h>

#include "sevenway/ci.h"
#include "fuzz.h"

/* An error message is three lines: what, the expression, a caret. */
static void
check_error(const struct sw_err *err)
{
	const char *nl = strchr(err->msg, '\n');

	fuzz_check(err->code == SW_ERR_USAGE);
	fuzz_check(memchr(err->msg, '\0', sizeof(err->msg)) != NULL);
	fuzz_check(nl != NULL && strchr(nl + 1, '\n') != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct sw_assert a;
	static struct sw_assert_expr pred;
	char line[SW_ASSERT_RESULT_LEN];
	const struct sw_conn *c;
	struct sw_err err;
	size_t n;
	char *text;

	c = fuzz_conns(&n);
	text = malloc(len + 1);
	fuzz_check(text != NULL);
	memcpy(text, data, len);
	text[len] = '\0';

	memset(&err, 0, sizeof(err));
	if (sw_assert_init(&a, text, &err) == SW_OK) {
		fuzz_check(a.expr.nterms >= 1 &&
		    a.expr.nterms <= SW_ASSERT_MAX_TERMS);
		for (size_t i = 0; i < n; i++)
			sw_assert_feed(&a, &c[i], fuzz_input_name(c[i].input));
		fuzz_check(a.seen == n && a.matched <= n &&
		    a.nids <= SW_ASSERT_MAX_IDS);
		(void)sw_assert_passed(&a);
		sw_assert_result(&a, line, sizeof(line));
		fuzz_check(strlen(line) < sizeof(line));
	} else {
		check_error(&err);
	}

	memset(&err, 0, sizeof(err));
	if (sw_pred_parse(&pred, text, &err) == SW_OK) {
		fuzz_check(pred.nterms >= 1 &&
		    pred.nterms <= SW_ASSERT_MAX_TERMS);
		for (size_t i = 0; i < n; i++) {
			(void)sw_assert_pred(&pred, &c[i],
			    fuzz_input_name(c[i].input));
			(void)sw_assert_pred(&pred, &c[i], NULL);
		}
	} else {
		check_error(&err);
	}
	free(text);
	return 0;
}
