#!/bin/sh
# SPDX-License-Identifier: MIT
# replay.sh: every fuzz target over its seed corpus and its past
# findings (tests/fuzz/corpus/NAME, tests/fuzz/findings/NAME), once
# each, as regression tests.  The targets take files (not directories)
# so that a libFuzzer build runs them instead of fuzzing.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
F=$top_srcdir/tests/fuzz
for name in fuzz_capture fuzz_assert fuzz_failon fuzz_decode fuzz_records; do
	bin=$top_builddir/tests/fuzz/$name
	[ -x "$bin" ] || { fail "$name: not built"; continue; }
	files=$(find "$F/corpus/$name" "$F/findings/$name" -type f \
	    ! -name '.*' 2>/dev/null | sort)
	n=$(printf '%s\n' "$files" | grep -c .)
	if [ "$n" -eq 0 ]; then
		fail "$name: no seeds"
		continue
	fi
	# shellcheck disable=SC2086
	if FUZZ_PCAPS=$top_srcdir/pcaps "$bin" $files >"$T/err" 2>&1; then
		pass "$name: $n inputs"
	else
		fail "$name: $(tail -n 5 "$T/err")"
	fi
done
finish
