#!/bin/sh
# SPDX-License-Identifier: MIT
# golden.sh: run sevenway over every trace of TESTLIST and compare its
# NDJSON with tests/golden/NAME.ndjson, field by field.
#
# TESTLIST lines: NAME  PCAP[,PCAP...]  [OPTIONS...]   (# comments)
# With UPDATE_GOLDEN=1 the golden files are rewritten instead (that is
# what `make update-golden` does); review every change by hand.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GOLDEN_CMP:=$top_builddir/tests/trace/golden-cmp}"
set -f  # options are split on blanks, never globbed
list=$top_srcdir/tests/trace/TESTLIST
gold=$top_srcdir/tests/golden

while read -r name files opts; do
	case "$name" in ''|'#'*) continue ;; esac
	set --
	old_ifs=$IFS; IFS=,
	for f in $files; do set -- "$@" "$f"; done
	IFS=$old_ifs
	# shellcheck disable=SC2086
	# Relative names, so "input" in the goldens is the same everywhere.
	(cd "$top_srcdir/pcaps" && "$SEVENWAY" -F ndjson $opts "$@") \
	    >"$T/$name.ndjson" 2>"$T/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: exit $rc: $(head -c 300 "$T/$name.err")"
		continue
	fi
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$T/$name.ndjson" "$gold/$name.ndjson"
		pass "$name (golden written)"
		continue
	fi
	if [ ! -f "$gold/$name.ndjson" ]; then
		fail "$name: no golden file $gold/$name.ndjson"
		continue
	fi
	if "$GOLDEN_CMP" "$gold/$name.ndjson" "$T/$name.ndjson" >"$T/$name.cmp"
	then
		pass "$name"
	else
		fail "$name"
		sed 's/^/    /' "$T/$name.cmp"
		diff -u "$gold/$name.ndjson" "$T/$name.ndjson" | head -40
	fi
done <"$list"
finish
