#!/bin/sh
# SPDX-License-Identifier: MIT
# bench-outcomes.sh: connections from the benchmark generator are all
# reported with per-close totals equal to what it wrote (its summary on
# stderr), and no violation anomaly at all.
#   normal + half -> client-close   server -> server-close
#   simul -> simultaneous   rst -> reset   refused -> refused
#   unanswered -> unanswered   open -> open
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GEN_TRACE:=$top_builddir/tests/bench/gen-trace}"
N=${BENCH_CONNS:-2000}

check_seed() {
	seed=$1; shift
	"$GEN_TRACE" -n "$N" -s "$seed" "$@" "$T/g.pcap" 2>"$T/gen.txt" ||
	    { fail "gen-trace -s $seed"; return; }
	"$SEVENWAY" -F ndjson "$T/g.pcap" | tail -n 1 >"$T/sum.json"
	w=$(sed -n 's/.*normal=\([0-9]*\) server=\([0-9]*\) simul=\([0-9]*\) rst=\([0-9]*\) refused=\([0-9]*\) unanswered=\([0-9]*\) half=\([0-9]*\) open=\([0-9]*\).*/\1 \2 \3 \4 \5 \6 \7 \8/p' "$T/gen.txt")
	set -- $w
	[ $# -eq 8 ] || { fail "cannot read gen-trace summary: $(cat "$T/gen.txt")"; return; }
	want="client-close=$(($1 + $7)) server-close=$2 simultaneous=$3 reset=$4 refused=$5 unanswered=$6 open=$8"
	got=""
	for k in client-close server-close simultaneous reset refused unanswered open; do
		v=$(sed -n "s/.*\"close\":{[^}]*\"$k\":\([0-9]*\).*/\1/p" "$T/sum.json")
		got="$got${got:+ }$k=$v"
	done
	if [ "$got" = "$want" ]; then
		pass "seed $seed $*: $got"
	else
		fail "seed $seed $*: expected $want, saw $got"
	fi
	conns=$(sed -n 's/.*"connections":\([0-9]*\).*/\1/p' "$T/sum.json")
	[ "$conns" = "$N" ] && pass "seed $seed: $N connections reported" ||
	    fail "seed $seed: $conns connections reported, wanted $N"
	if grep -q '"anomalies":{}' "$T/sum.json"; then
		pass "seed $seed: no anomaly"
	else
		fail "seed $seed: anomalies $(sed 's/.*"anomalies":\({[^}]*}\).*/\1/' "$T/sum.json")"
	fi
}

check_seed 1
check_seed 7 -R 0.05 -O 0.05
check_seed 11 -6 1
finish
