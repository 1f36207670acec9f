#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh: `make bench`.  Generates (once) a synthetic capture of many
# interleaved connections with the benchmark generator, runs sevenway on
# it in each output mode, and checks the speed and memory targets:
#   analysis alone (--show abnormal, text)  >= BENCH_MIN_PPS packets/s
#   peak RSS                                <= BENCH_MAX_RSS_KIB
# The numbers are printed either way; a miss exits 1.
set -u
: "${SEVENWAY:?}" "${GEN_TRACE:?}"
N=${BENCH_CONNS:-100000}
MIN_PPS=${BENCH_MIN_PPS:-1000000}
MAX_RSS=${BENCH_MAX_RSS_KIB:-131072}
trace=${BENCH_TRACE:-bench-$N.pcap}

if [ ! -s "$trace" ]; then
	echo "bench: writing $trace ($N connections)"
	"$GEN_TRACE" -n "$N" -p 1-200 "$trace" || exit 2
fi
rc=0
for mode in "--show abnormal" "-F text" "-F ndjson"; do
	# shellcheck disable=SC2086
	line=$("$SEVENWAY" -v -q $mode "$trace" 2>&1 >/dev/null | tail -n 1)
	echo "bench [$mode]: ${line#sevenway: }"
	pps=$(echo "$line" | sed -n 's/.*(\([0-9]*\) packets\/s).*/\1/p')
	rss=$(echo "$line" | sed -n 's/.*max RSS \([0-9]*\) KiB.*/\1/p')
	if [ -z "$pps" ] || [ -z "$rss" ]; then
		echo "bench: cannot read the figures"; rc=1; continue
	fi
	if [ "$mode" = "--show abnormal" ] && [ "$pps" -lt "$MIN_PPS" ]; then
		echo "bench: MISSED: $pps packets/s < $MIN_PPS"; rc=1
	fi
	if [ "$rss" -gt "$MAX_RSS" ]; then
		echo "bench: MISSED: max RSS $rss KiB > $MAX_RSS KiB"; rc=1
	fi
done
[ $rc -eq 0 ] && echo "bench: targets met (>= $MIN_PPS packets/s, <= $MAX_RSS KiB)"
exit $rc
