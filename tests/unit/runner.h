/* SPDX-License-Identifier: MIT */
/* runner.h: the one main() body every Check test program shares. */
#ifndef SW_TEST_RUNNER_H
#define SW_TEST_RUNNER_H

#include <check.h>
#include <stdlib.h>

/* Run suite s (taking ownership); EXIT_SUCCESS when nothing failed. */
static inline int
sw_test_run(Suite *s)
{
	SRunner *r = srunner_create(s);
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* SW_TEST_RUNNER_H */
