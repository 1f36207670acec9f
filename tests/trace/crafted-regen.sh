#!/bin/sh
# SPDX-License-Identifier: MIT
# crafted-regen.sh: the generator is the single source of truth of
# pcaps/crafted: regenerate every trace and compare bytes with the
# committed files (`make update-crafted` rewrites them).
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GEN_TRACES:=$top_builddir/tests/gen/gen-traces}"
"$GEN_TRACES" "$T" >/dev/null || { fail "gen-traces failed"; finish; exit; }
for f in "$T"/*; do
	b=$(basename "$f")
	if cmp -s "$f" "$top_srcdir/pcaps/crafted/$b"; then
		pass "$b"
	else
		fail "$b differs from pcaps/crafted/$b (run make update-crafted)"
	fi
done
for f in "$top_srcdir"/pcaps/crafted/*.pcap*; do
	[ -f "$T/$(basename "$f")" ] ||
	    fail "pcaps/crafted/$(basename "$f") is not made by the generator"
done
finish
