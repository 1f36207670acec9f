#!/bin/sh
# SPDX-License-Identifier: MIT
# lint.sh: the manual page passes mandoc's linter without warnings.
. "${top_srcdir:-.}/tests/trace/lib.sh"
M=${MANDOC:-mandoc}
command -v "$M" >/dev/null 2>&1 || [ -x "$M" ] || skip "mandoc not installed"
out=$("$M" -T lint -W warning "$top_srcdir/man/sevenway.1" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then pass "mandoc -T lint"
else fail "mandoc -T lint: $out"; fi
finish
