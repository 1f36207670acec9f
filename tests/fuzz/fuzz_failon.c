/* SPDX-License-Identifier: MIT */
/*
 * fuzz_failon.c: the --fail-on list parser, and matching over the fixed
 * connections (fixture.c).
 *
 * The input is split at newlines into the arguments of as many
 * --fail-on options (the option is cumulative).  A rejected argument
 * must leave the set as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "sevenway/ci.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sw_failon f, before;
	struct sw_failon_match m;
	const struct sw_conn *c;
	struct sw_err err;
	char *text, *arg, *next;
	size_t n;

	c = fuzz_conns(&n);
	text = malloc(len + 1);
	fuzz_check(text != NULL);
	memcpy(text, data, len);
	text[len] = '\0';

	sw_failon_init(&f);
	for (arg = text; arg != NULL; arg = next) {
		next = strchr(arg, '\n');
		if (next != NULL)
			*next++ = '\0';
		before = f;
		memset(&err, 0, sizeof(err));
		if (sw_failon_parse(&f, arg, &err) != SW_OK) {
			fuzz_check(err.code == SW_ERR_USAGE);
			fuzz_check(memchr(err.msg, '\0', sizeof(err.msg)));
			fuzz_check(memcmp(&f, &before, sizeof(f)) == 0);
		}
	}
	for (size_t i = 0; i < n; i++) {
		unsigned k = sw_failon_match(&f, &c[i], &m);

		fuzz_check(k == m.n && k <= SW_FAILON_MAX_REASONS);
		fuzz_check(f.active || k == 0);
		for (unsigned j = 0; j < k; j++)
			fuzz_check(memchr(m.reason[j].text, '\0',
			    SW_FAILON_REASON_LEN) != NULL);
	}
	free(text);
	return 0;
}
