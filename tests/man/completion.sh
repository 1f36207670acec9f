#!/bin/sh
# SPDX-License-Identifier: MIT
# completion.sh: the bash completion offers every option of the option
# table (long and short), is valid bash, and, with bash-completion
# installed, completes the values of -F.
. "${top_srcdir:-.}/tests/trace/lib.sh"
C=$top_srcdir/completion/sevenway.bash
opts=$(sed -n '/^static const struct option longopts/,/^};/p' \
	"$top_srcdir/src/cli/options.c" | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)".*/\1/p')
short=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' \
	"$top_srcdir/src/cli/options.c" | tr -d ':')
[ -n "$opts" ] && [ -n "$short" ] || { fail "no options found"; finish; exit; }
for o in $opts; do
	grep -q -- "[ ']--$o\\b" "$C" && pass "completes --$o" ||
		fail "the completion lacks --$o"
done
for l in $(echo "$short" | sed 's/./& /g'); do
	grep -q -- "[ ']-$l\\b" "$C" && pass "completes -$l" ||
		fail "the completion lacks -$l"
done
command -v bash >/dev/null 2>&1 || { finish; exit; }
bash -n "$C" && pass "valid bash" || fail "bash -n"
B=/usr/share/bash-completion/bash_completion
if [ -r "$B" ]; then
	got=$(bash -c ". $B; . '$C'; COMP_WORDS=(sevenway -F ''); COMP_CWORD=2;
	    COMP_LINE='sevenway -F '; COMP_POINT=\${#COMP_LINE};
	    _sevenway; echo \"\${COMPREPLY[*]}\"" 2>&1)
	[ "$got" = "text line json ndjson zeek" ] &&
		pass "-F completes the formats" || fail "-F completes '$got'"
fi
finish
