#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh: make fuzz: run each fuzz target named (tests/fuzz/fuzz_NAME,
# built with --enable-fuzzing) for FUZZ_SECONDS seconds, one after the
# other.  The working corpus grows in fuzz-out/NAME/corpus (the seeds and
# past findings in the source tree are read, never written); a finding
# is left as fuzz-out/NAME/crash-* (or leak-, timeout-, oom-) with the
# log in fuzz-out/NAME/log.  Prints one line per target:
#   NAME: ok|FINDING  runs N  exec/s N  cov N  ft N
# and exits 1 when any target found something.
set -u
: "${FUZZ_SECONDS:=60}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
status=0
for t in "$@"; do
	name=$(basename "$t")
	out=$top_builddir/fuzz-out/$name
	mkdir -p "$out/corpus"
	seeds=$top_srcdir/tests/fuzz/corpus/$name
	found=$top_srcdir/tests/fuzz/findings/$name
	dict=
	[ -f "$top_srcdir/tests/fuzz/$name.dict" ] &&
	    dict=-dict=$top_srcdir/tests/fuzz/$name.dict
	[ -d "$found" ] || found=
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	    "$top_builddir/tests/fuzz/$name" -max_total_time="$FUZZ_SECONDS" \
	    -seed="${FUZZ_SEED:-0}" \
	    -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/" $dict "$out/corpus" "$seeds" $found \
	    >"$out/log" 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' "$out/log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log")
	if [ $rc -eq 0 ]; then
		verdict=ok
	else
		verdict=FINDING
		status=1
	fi
	echo "$name: $verdict  runs ${runs:-?}  exec/s ${eps:-?}  cov ${cov:-?}  ft ${ft:-?}"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|fuzz check failed|Test unit written' \
		    "$out/log" | head -n 8 | sed 's/^/  /'
	fi
done
exit $status
