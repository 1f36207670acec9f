#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh: `make bench` (not part of make check).
#
# Generates the benchmark traces once under $BENCH_DIR with the vendored
# generator, then times, on each trace, the bare libpcap read loop
# (tests/bench/floor, "the floor") and sevenway in each output mode; on
# the small trace also tcptrace and tshark when they are installed.
#
#   small   gen-trace -n 28750   -c 10000   -d 10 -p 1-600 -s 1   (0.5 M packets)
#   10m     gen-trace -n 575000  -c 10000   -d 10 -p 1-600 -s 1   (10 M packets, 2.3 GB)
#   conc    gen-trace -n 1000000 -c 1000000 -m open=1 -d 0 -p 1-100 -s 1
#
# Timing is paired: each round runs every command once, in an order
# that alternates from round to round, so load from other work on the
# machine falls on all of them alike.  CPU time (user + system) and peak
# RSS come from /usr/bin/time -v; the figures are medians over the
# rounds.  With hyperfine installed, the wall-clock median after a
# warm-up run is added.  The targets are CPU-time ratios to the floor:
#   --show abnormal <= 2x, text <= 3x, -F ndjson <= 3x
# peak RSS <= 96 MiB on the 10 M trace, <= 512 B per connection with 1 M
# connections open at once, and the peers on the small trace: tcptrace
# >= 8x and tshark -q -z conv,tcp >= 40x sevenway's text time.
# A reported connection lingers as its flow slot alone: <= 64 bytes.
#
# Environment: SEVENWAY, GEN_TRACE, FLOOR (set by make bench); BENCH_DIR
# (traces and scratch files, default ./bench); RESULTS (the report,
# default $BENCH_DIR/RESULTS.md); BENCH_RUNS (rounds, default 5);
# BENCH_QUICK=1 (the small trace only).  Exits 1 when a target is missed.
set -u
: "${SEVENWAY:?}" "${GEN_TRACE:?}" "${FLOOR:?}"
BENCH_DIR=${BENCH_DIR:-bench}
RESULTS=${RESULTS:-$BENCH_DIR/RESULTS.md}
RUNS=${BENCH_RUNS:-5}
QUICK=${BENCH_QUICK:-0}
TIME=/usr/bin/time
LC_ALL=C TZ=UTC
export LC_ALL TZ

[ -x "$TIME" ] || { echo "bench: $TIME (GNU time) is needed"; exit 2; }
mkdir -p "$BENCH_DIR" || exit 2
W=$BENCH_DIR/work
mkdir -p "$W" || exit 2
HYPERFINE=$(command -v hyperfine || true)
TCPTRACE=$(command -v tcptrace || true)
TSHARK=${TSHARK:-$(command -v tshark || true)}

# gen NAME ARGS...: the trace, written once; its generator summary kept.
gen() {
	name=$1; shift
	f=$BENCH_DIR/trace-$name.pcap
	if [ ! -s "$f" ] || [ ! -s "$f.gen" ]; then
		echo "bench: writing $f (gen-trace $*)"
		"$GEN_TRACE" "$@" "$f" 2>"$f.gen" || { cat "$f.gen"; exit 2; }
	fi
}

# median: of the numbers on stdin, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# timed LABEL CMD...: one run; appends "cpu rss wall" to $W/LABEL.t.
timed() {
	label=$1; shift
	"$TIME" -v -o "$W/time.txt" "$@" >/dev/null 2>"$W/$label.err"
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q "Exit status" "$W/time.txt"; then
		echo "bench: $label failed"; return 1
	fi
	awk -F': ' '
		/User time/ { u = $2 } /System time/ { s = $2 }
		/Maximum resident/ { m = $2 }
		/Elapsed/ { n = split($2, a, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + a[i] }
		END { printf "%.3f %d %.3f\n", u + s, m, w }' "$W/time.txt" \
	    >>"$W/$label.t"
}

# Commands of one trace, "label<TAB>command" a line.
commands() {
	t=$1 peers=$2
	printf 'floor\t%s %s\n' "$FLOOR" "$t"
	printf 'abnormal\t%s -q --show abnormal %s\n' "$SEVENWAY" "$t"
	printf 'text\t%s -q %s\n' "$SEVENWAY" "$t"
	printf 'ndjson\t%s -q -F ndjson %s\n' "$SEVENWAY" "$t"
	printf 'line\t%s -q -F line %s\n' "$SEVENWAY" "$t"
	[ "$peers" = 1 ] || return 0
	[ -n "$TCPTRACE" ] && printf 'tcptrace\t%s -n %s\n' "$TCPTRACE" "$t"
	[ -n "$TSHARK" ] && printf 'tshark\t%s -q -z conv,tcp -r %s\n' \
	    "$TSHARK" "$t"
	return 0
}

# bench_trace NAME PEERS: time the commands; figures to $W/NAME.fig.
bench_trace() {
	name=$1 peers=$2
	t=$BENCH_DIR/trace-$name.pcap
	commands "$t" "$peers" >"$W/cmds"
	rm -f "$W"/*.t
	# Packets, connections and the most tracked at once, from -v.
	"$SEVENWAY" -v -q --show abnormal "$t" 2>"$W/v.txt" >/dev/null
	info=$(sed -n 's/^sevenway: \([0-9]*\) packets, \([0-9]*\) connections in .* at most \([0-9]*\) connections tracked.*/\1 \2 \3/p' "$W/v.txt")
	set -- $info
	[ $# -eq 3 ] || { echo "bench: cannot read sevenway -v"; exit 2; }
	pkts=$1 conns=$2 maxtr=$3
	bytes=$(wc -c <"$t")
	r=1
	while [ "$r" -le "$RUNS" ]; do
		echo "bench: $name: round $r of $RUNS"
		if [ $((r % 2)) -eq 1 ]; then cat "$W/cmds"; else
		    sed -n '1!G;h;$p' "$W/cmds"; fi >"$W/order"
		while IFS="$(printf '\t')" read -r label cmd; do
			# shellcheck disable=SC2086
			timed "$label" $cmd || exit 2
		done <"$W/order"
		r=$((r + 1))
	done
	: >"$W/$name.fig"
	while IFS="$(printf '\t')" read -r label cmd; do
		cpu=$(awk '{ print $1 }' "$W/$label.t" | median)
		rss=$(awk '{ print $2 }' "$W/$label.t" | median)
		wall=$(awk '{ print $3 }' "$W/$label.t" | median)
		hwall=-
		if [ -n "$HYPERFINE" ]; then
			# shellcheck disable=SC2086
			"$HYPERFINE" -N --warmup 1 --runs "$RUNS" --style none \
			    --export-json "$W/h.json" "$cmd" >/dev/null 2>&1 &&
			hwall=$(tr -d ' \n' <"$W/h.json" |
			    sed -n 's/.*"median":\([0-9.e-]*\).*/\1/p')
			if [ -n "$hwall" ]; then
				hwall=$(awk -v h="$hwall" 'BEGIN { printf "%.3f", h }')
			else
				hwall=-
			fi
		fi
		echo "$label $cpu $rss $wall $hwall" >>"$W/$name.fig"
	done <"$W/cmds"
	echo "$name $pkts $bytes $conns $maxtr" >"$W/$name.size"
	cat "$W/$name.fig"
}

gen small -n 28750 -c 10000 -d 10 -p 1-600 -s 1
traces="small"
if [ "$QUICK" != 1 ]; then
	gen 10m -n 575000 -c 10000 -d 10 -p 1-600 -s 1
	gen conc -n 1000000 -c 1000000 -m open=1 -d 0 -p 1-100 -s 1
	traces="small 10m conc"
fi
for n in $traces; do
	p=0
	[ "$n" = small ] && p=1
	bench_trace "$n" "$p"
done

# The report.
miss=0
{
	echo "# sevenway benchmark"
	echo
	echo "Written by \`make bench\` (tests/bench/run.sh) on $(date -u +%Y-%m-%d)."
	echo "Medians of $RUNS paired rounds; CPU = user + system seconds;"
	echo "ratio = CPU time / the floor's (a bare pcap_next_ex loop)."
	echo
	echo "## Machine"
	echo
	echo "- $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
	echo "- $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory"
	echo "- $("$SEVENWAY" --version 2>&1 | head -n 1), $(cc --version 2>/dev/null | head -n 1)"
	echo "- load average when the report was written: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine: wall times are inflated, CPU times much less)"
	echo "- hyperfine: ${HYPERFINE:-not installed}; tcptrace: ${TCPTRACE:-not installed}; tshark: ${TSHARK:-not installed}"
	echo
	echo "## Traces"
	echo
	echo "| trace | generator | packets | bytes | connections | most open at once |"
	echo "|---|---|---:|---:|---:|---:|"
	for n in $traces; do
		read -r _ pk by co mt <"$W/$n.size"
		case $n in
		small) g="-n 28750 -c 10000 -d 10 -p 1-600 -s 1" ;;
		10m) g="-n 575000 -c 10000 -d 10 -p 1-600 -s 1" ;;
		conc) g="-n 1000000 -c 1000000 -m open=1 -d 0 -p 1-100 -s 1" ;;
		esac
		echo "| $n | \`gen-trace $g\` | $pk | $by | $co | $mt |"
	done
	for n in $traces; do
		read -r _ pk by co mt <"$W/$n.size"
		fl=$(awk '$1 == "floor" { print $2 }' "$W/$n.fig")
		echo
		echo "## Trace $n"
		echo
		echo "| command | CPU s | packets/s | x floor | wall s | hyperfine wall s | peak RSS KiB | B/conn |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		while read -r label cpu rss wall hw; do
			awk -v l="$label" -v c="$cpu" -v r="$rss" -v w="$wall" \
			    -v h="$hw" -v f="$fl" -v p="$pk" -v m="$mt" 'BEGIN {
				pps = c > 0 ? sprintf("%.0f", p / c) : "-"
				x = f > 0 ? sprintf("%.2f", c / f) : "-"
				b = "-"
				if (l != "floor" && l != "tcptrace" && l != "tshark" && m > 0)
					b = sprintf("%.0f", r * 1024 / m)
				printf "| %s | %.2f | %s | %s | %.2f | %s | %d | %s |\n",
				    l, c, pps, x, w, h, r, b }'
		done <"$W/$n.fig"
	done
	echo
	echo "## Targets"
	echo
	echo "| target | measured | holds |"
	echo "|---|---|---|"
	for n in $traces; do
		fl=$(awk '$1 == "floor" { print $2 }' "$W/$n.fig")
		for spec in abnormal:2 text:3 ndjson:3; do
			l=${spec%%:*} lim=${spec#*:}
			c=$(awk -v l="$l" '$1 == l { print $2 }' "$W/$n.fig")
			awk -v n="$n" -v l="$l" -v lim="$lim" -v c="$c" -v f="$fl" 'BEGIN {
				x = f > 0 ? c / f : 1e9
				printf "| %s: %s <= %dx floor | %.2fx | %s |\n", n, l,
				    lim, x, (x <= lim ? "yes" : "**no**")
				exit !(x <= lim) }' || miss=1
		done
	done
	if [ -s "$W/10m.fig" ] && [ "$QUICK" != 1 ]; then
		rss=$(awk 'BEGIN { m = 0 } $1 != "floor" && $3 > m { m = $3 } END { print m }' "$W/10m.fig")
		awk -v r="$rss" 'BEGIN { printf "| 10m: peak RSS <= 96 MiB (worst mode) | %.1f MiB | %s |\n",
		    r / 1024, (r <= 96 * 1024 ? "yes" : "**no**"); exit !(r <= 96 * 1024) }' || miss=1
	fi
	if [ -s "$W/conc.fig" ] && [ "$QUICK" != 1 ]; then
		read -r _ pk by co mt <"$W/conc.size"
		rss=$(awk '$1 == "abnormal" { print $3 }' "$W/conc.fig")
		awk -v r="$rss" -v m="$mt" 'BEGIN { b = m > 0 ? r * 1024 / m : 1e9
		    printf "| conc: RSS / connections tracked <= 512 B (--show abnormal) | %.0f B (%d KiB / %d) | %s |\n",
		    b, r, m, (b <= 512 ? "yes" : "**no**"); exit !(b <= 512) }' || miss=1
	fi
	# A reported connection while it lingers keeps its flow slot only.
	slot=$("$SEVENWAY" -v -q --show abnormal -c 1 "$BENCH_DIR/trace-small.pcap" 2>&1 >/dev/null |
	    sed -n 's/.*flow slot \([0-9]*\) bytes.*/\1/p')
	awk -v s="${slot:-0}" 'BEGIN { printf "| a finished connection while it lingers <= 64 B | %d B (its flow slot; the index adds 4 to 8 B) | %s |\n",
	    s, (s > 0 && s <= 64 ? "yes" : "**no**"); exit !(s > 0 && s <= 64) }' || miss=1
	tx=$(awk '$1 == "text" { print $2 }' "$W/small.fig")
	for spec in tcptrace:8 tshark:40; do
		l=${spec%%:*} lim=${spec#*:}
		c=$(awk -v l="$l" '$1 == l { print $2 }' "$W/small.fig")
		if [ -z "$c" ]; then
			echo "| small: $l >= ${lim}x sevenway text | not installed | - |"
			continue
		fi
		awk -v l="$l" -v lim="$lim" -v c="$c" -v t="$tx" 'BEGIN {
			x = t > 0 ? c / t : 0
			printf "| small: %s >= %dx sevenway text | %.1fx | %s |\n", l,
			    lim, x, (x >= lim ? "yes" : "**no**")
			exit !(x >= lim) }' || miss=1
	done
	echo "$miss" >"$W/miss"
	if [ "$miss" != 0 ] && [ -f "$(dirname "$0")/why.md" ]; then
		echo
		cat "$(dirname "$0")/why.md"
	fi
} >"$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
echo "bench: report in $RESULTS"
[ "$(cat "$W/miss")" = 0 ] || { echo "bench: some targets missed"; exit 1; }
exit 0
