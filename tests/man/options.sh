#!/bin/sh
# SPDX-License-Identifier: MIT
# options.sh: the manual, --help and the option table in cli.c agree:
# every long option the program accepts is documented in both.
. "${top_srcdir:-.}/tests/trace/lib.sh"
opts=$(sed -n '/^static const struct option longopts/,/^};/p' \
	"$top_srcdir/src/cli/options.c" | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)".*/\1/p')
[ -n "$opts" ] || { fail "no options found in cli.c"; finish; exit; }
help=$("$SEVENWAY" --help)
for o in $opts; do
	if grep -Eq "^\.It Fl (. , )?Fl -$o( |$)|^\.It Fl -$o( |$)" \
	    "$top_srcdir/man/sevenway.1"; then
		pass "man documents --$o"
	else
		fail "man/sevenway.1 lacks an .It entry for --$o"
	fi
	if printf '%s\n' "$help" | grep -q -- "--$o"; then
		pass "--help mentions --$o"
	else
		fail "--help lacks --$o"
	fi
done
finish
