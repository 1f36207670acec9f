#!/bin/sh
# SPDX-License-Identifier: MIT
# views.sh: run sevenway over every case of VIEWLIST and compare its
# output, byte for byte, with tests/golden/views/NAME.txt.
#
# VIEWLIST lines: NAME  PCAP[,PCAP...]  [OPTIONS...]   (# comments)
# With UPDATE_GOLDEN=1 the golden files are rewritten instead (that is
# what `make update-golden` does); review every change by hand: the
# ladders must be right per RFC 9293.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f  # options are split on blanks, never globbed
list=$top_srcdir/tests/trace/VIEWLIST
gold=$top_srcdir/tests/golden/views

while read -r name files opts; do
	case "$name" in ''|'#'*) continue ;; esac
	set --
	old_ifs=$IFS; IFS=,
	for f in $files; do set -- "$@" "pcaps/$f"; done
	IFS=$old_ifs
	# Relative paths, so the input names in the output do not depend on
	# where the tree is; the exit status is part of the output.
	# shellcheck disable=SC2086
	(cd "$top_srcdir" && "$SEVENWAY" $opts "$@") \
	    >"$T/$name.txt" 2>"$T/$name.err"
	rc=$?
	[ $rc -eq 0 ] || echo "exit $rc" >>"$T/$name.txt"
	if [ -s "$T/$name.err" ]; then
		fail "$name: stderr: $(head -c 300 "$T/$name.err")"
		continue
	fi
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$T/$name.txt" "$gold/$name.txt"
		pass "$name (golden written)"
		continue
	fi
	if [ ! -f "$gold/$name.txt" ]; then
		fail "$name: no golden file $gold/$name.txt"
		continue
	fi
	if diff -u "$gold/$name.txt" "$T/$name.txt" >"$T/$name.diff"; then
		pass "$name"
	else
		fail "$name"
		head -60 "$T/$name.diff"
	fi
done <"$list"
finish
