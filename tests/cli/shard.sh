#!/bin/sh
# SPDX-License-Identifier: MIT
# shard.sh: --shard I/N and the reduce (sevenway(1), SCALE).
#
# For every capture of pcaps/ and for a generated capture set rotated
# into several files, with N = 1, 2, 3 and 7:
#   - --shard 0/1 is the plain run (its summary says "shard" besides);
#   - the reduce of shard 0/1's records is the plain run's connections,
#     byte for byte, in id order, and its summary, byte for byte;
#   - the reduce of the N shards' records is that of shard 0/1, byte for
#     byte, but for max_tracked (each shard's own high-water mark).
# On the set, every view of the reduce equals the plain capture run's:
# --summary text and JSON, --fail-on and --assert (exit status and
# results), --junit, -F line and -F zeek (as sets of lines; a run prints
# connections as they end, the reduce by id).  Then the errors.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f
cd "$top_srcdir/pcaps" || exit 1

# same NAME A B: A and B are byte-identical files.
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff "$2" "$3" | head -4 | cut -c1-300 | sed 's/^/    /'
	fi
}
# The connection lines of NDJSON on stdin, in id order.
by_id() {
	grep '^{"type":"connection"' |
	    sed 's/^{"type":"connection","id":\([0-9]*\),/\1 &/' |
	    sort -n -k1,1 | cut -d' ' -f2-
}
nosum() { grep -v '^{"type":"summary"'; }
onlysum() { grep '^{"type":"summary"'; }
mask() { sed 's/"max_tracked":[0-9]*/"max_tracked":-/'; }

# check_set NAME FILES...: the shard properties above over one input.
check_set() {
	name=$1; shift
	"$SEVENWAY" -q -F ndjson "$@" >"$T/single" 2>/dev/null
	grep -q '^{"type":"summary"' "$T/single" || {
		fail "$name: no summary"; return; }
	"$SEVENWAY" -q -F ndjson --shard 0/1 "$@" >"$T/one" 2>/dev/null
	sed 's/,"shard":{"index":0,"count":1}//' "$T/one" >"$T/one-plain"
	cmp -s "$T/single" "$T/one-plain" || {
		fail "$name: --shard 0/1 is not the plain run"; return; }
	"$SEVENWAY" -q -F ndjson "$T/one" >"$T/r1" 2>"$T/err"
	by_id <"$T/single" >"$T/want"
	nosum <"$T/r1" >"$T/got"
	cmp -s "$T/want" "$T/got" || {
		fail "$name: reduce of 0/1: connections"
		diff "$T/want" "$T/got" | head -2 | cut -c1-200; return; }
	onlysum <"$T/single" >"$T/want"
	onlysum <"$T/r1" >"$T/got"
	cmp -s "$T/want" "$T/got" || {
		fail "$name: reduce of 0/1: summary"
		diff "$T/want" "$T/got" | cut -c1-400; return; }
	mask <"$T/r1" >"$T/r1m"
	for n in 2 3 7; do
		i=0
		shards=
		while [ $i -lt $n ]; do
			"$SEVENWAY" -q -F ndjson --shard $i/$n "$@" \
			    >"$T/s$i.ndjson" 2>/dev/null
			shards="$shards $T/s$i.ndjson"
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		"$SEVENWAY" -q -F ndjson $shards 2>"$T/err" | mask >"$T/rn"
		cmp -s "$T/r1m" "$T/rn" || {
			fail "$name: $n shards reduced differ from one"
			diff "$T/r1m" "$T/rn" | head -4 | cut -c1-300
			return; }
	done
	pass "$name: N = 1, 2, 3, 7 reduce to the single run"
}

set +f
for P in */*.pcap */*.pcapng; do
	check_set "$P" "$P"
done
set -f

# A generated capture set, rotated into files as tcpdump -C would.
[ -n "${GEN_TRACE:-}" ] && [ -x "$GEN_TRACE" ] ||
	GEN_TRACE=$top_builddir/tests/bench/gen-trace
EDITCAP=$(command -v editcap || true)
if [ -x "$GEN_TRACE" ] && [ -n "$EDITCAP" ]; then
	"$GEN_TRACE" -n 3000 -c 300 -d 6 -p 1-400 -s 7 -R 0.05 -O 0.02 \
	    "$T/gen.pcap" 2>/dev/null
	"$EDITCAP" -c 4000 "$T/gen.pcap" "$T/set.pcap" >/dev/null 2>&1
	set +f
	set -- "$T"/set_*.pcap
	set -f
	if [ $# -ge 3 ]; then
		pass "generated set: $# files"
	else
		fail "generated set: $# files"
	fi
	check_set "generated set" "$@"
	SET="$*"
else
	SET="real/client-close.pcap real/server-close.pcap crafted/port-reuse.pcap"
	echo "SKIP: generated set (needs gen-trace and editcap); the three-file set instead"
fi
# shellcheck disable=SC2086
set -- $SET

# Views of the reduce of 3 shards against the capture run.
for i in 0 1 2; do
	"$SEVENWAY" -q -F ndjson --shard $i/3 "$@" >"$T/v$i.ndjson" 2>/dev/null
done
R="$T/v0.ndjson $T/v1.ndjson $T/v2.ndjson"
tail_from() { sed -n "/$1/,\$p"; }
# shellcheck disable=SC2086
{
"$SEVENWAY" -q --summary "$@" | tail_from '^totals:' >"$T/cap"
"$SEVENWAY" -q --summary $R | tail_from '^totals:' >"$T/red"
same "set: --summary text (totals and protection report)" "$T/cap" "$T/red"
"$SEVENWAY" -q --summary -F ndjson "$@" | onlysum | mask >"$T/cap"
"$SEVENWAY" -q --summary -F ndjson $R | onlysum | mask >"$T/red"
same "set: --summary JSON (but max_tracked)" "$T/cap" "$T/red"
for fmt in line zeek; do
	"$SEVENWAY" -q -F $fmt "$@" | sort >"$T/cap"
	"$SEVENWAY" -q -F $fmt $R | sort >"$T/red"
	same "set: -F $fmt, as a set of lines" "$T/cap" "$T/red"
done
for check in "--fail-on abnormal" "--fail-on reset,refused" \
    "--assert all(handshake=complete)" "--assert count(close=reset)>=1" \
    "--assert none(anomaly=*)" "--fail-on empty"; do
	"$SEVENWAY" -q -F ndjson $check --junit "$T/cap.xml" "$@" \
	    >"$T/cap" 2>"$T/cap.err"
	rc1=$?
	"$SEVENWAY" -q -F ndjson $check --junit "$T/red.xml" $R \
	    >"$T/red" 2>"$T/red.err"
	rc2=$?
	if [ $rc1 -eq $rc2 ] && cmp -s "$T/cap.err" "$T/red.err"; then
		pass "set: $check: exit $rc1 and results from both"
	else
		fail "set: $check: exit $rc1 / $rc2; $(cat "$T/cap.err" "$T/red.err")"
	fi
	# JUnit: the same test cases; a run lists them as they end.
	grep -c '<testcase' "$T/cap.xml" >"$T/n1"
	grep -c '<testcase' "$T/red.xml" >"$T/n2"
	grep '<failure' "$T/cap.xml" | sort >"$T/f1"
	grep '<failure' "$T/red.xml" | sort >"$T/f2"
	if cmp -s "$T/n1" "$T/n2" && cmp -s "$T/f1" "$T/f2"; then
		pass "set: $check: --junit, same cases and failures"
	else
		fail "set: $check: --junit differs"
	fi
done
# The reduce of 1 and of 3 shards: every view byte for byte.
"$SEVENWAY" -q -F ndjson --shard 0/1 "$@" >"$T/w0.ndjson" 2>/dev/null
for opts in "-F line" "-F zeek" "--summary" "-F json --summary" \
    "--fail-on abnormal -F line"; do
	"$SEVENWAY" -q $opts --junit "$T/j1.xml" "$T/w0.ndjson" 2>&1 | mask \
	    >"$T/o1"
	"$SEVENWAY" -q $opts --junit "$T/j3.xml" $R 2>&1 | mask >"$T/o3"
	same "set: reduce of 1 and of 3 shards: $opts" "$T/o1" "$T/o3"
	same "set: reduce of 1 and of 3 shards: $opts --junit" "$T/j1.xml" \
	    "$T/j3.xml"
done
}

# Errors: one line, exit 2.
err_case() {
	what=$1; shift
	"$SEVENWAY" "$@" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ]; then
		pass "$what: exit 2, one line"
	else
		fail "$what: exit $rc: $(cat "$T/err")"
	fi
}
P=real/client-close.pcap
err_case "--shard 2/2" --shard 2/2 "$P"
err_case "--shard 1/0" --shard 1/0 "$P"
err_case "--shard 1" --shard 1 "$P"
err_case "--shard -1/2" --shard -1/2 "$P"
err_case "--shard a/b" --shard a/b "$P"
err_case "--shard on records" --shard 0/2 "$T/v0.ndjson"
err_case "--split without -w" --split 2 "$P"
err_case "--split -w without %d" --split 2 -w "$T/x.pcap" "$P"
err_case "--split -w with two %d" --split 2 -w "$T/x%d-%d.pcap" "$P"
err_case "--split 0" --split 0 -w "$T/x%d.pcap" "$P"
err_case "--split with --shard" --split 2 --shard 0/2 -w "$T/x%d.pcap" "$P"
err_case "--fanout offline" --fanout 3 "$P"
# A shard given twice, a set with a shard missing.
err_case "reduce: a shard twice" "$T/v0.ndjson" "$T/v0.ndjson"
"$SEVENWAY" -q -F ndjson --shard 1/2 "$P" >"$T/h1.ndjson"
err_case "reduce: shards of 3 and of 2" "$T/v0.ndjson" "$T/h1.ndjson"
"$SEVENWAY" -q -F ndjson "$T/v0.ndjson" "$T/v1.ndjson" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && pass "reduce: a shard missing, no checks: exit 0" ||
	fail "reduce: a shard missing, no checks: exit $rc"
"$SEVENWAY" -F ndjson "$T/v0.ndjson" "$T/v1.ndjson" >/dev/null 2>"$T/err"
grep -q 'warning: 1 shard of the set missing' "$T/err" &&
	pass "reduce: a shard missing: a warning" ||
	fail "reduce: a shard missing: '$(cat "$T/err")'"
err_case "reduce: a shard missing, with --fail-on" --fail-on abnormal \
    "$T/v0.ndjson" "$T/v1.ndjson"
"$SEVENWAY" -F ndjson "$P" >"$T/plain.ndjson"
err_case "reduce: shard and plain records" "$T/v0.ndjson" "$T/plain.ndjson"
err_case "reduce: shard records on stdin" "$T/v0.ndjson" - <"$T/v1.ndjson"
finish
