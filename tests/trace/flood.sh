#!/bin/sh
# SPDX-License-Identifier: MIT
# flood.sh: a SYN flood cannot evict real connections (the --max-flows
# cap gives up connections whose handshake never completed first).
# 200,000 unanswered SYNs from spoofed sources, 20,000 at once, with
# about 1,000 normal connections among them, under --max-flows 10000:
# every normal connection is reported whole, exactly as without a cap,
# the evictions are counted by class, and the capped run's memory is
# bounded by the cap.  FLOOD_SCALE=10 makes it 2,000,000 SYNs (still
# about 1,000 normal connections) under --max-flows 100000.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GEN_TRACE:=$top_builddir/tests/bench/gen-trace}"
: "${FLOOD_SCALE:=1}"
S=$FLOOD_SCALE
cap=$((10000 * S))
"$GEN_TRACE" -n $((201000 * S)) -m normal=1,unanswered=$((200 * S)) \
    -c $((20000 * S)) -s 5 "$T/flood.pcap" 2>"$T/gen.txt" ||
	{ fail "gen-trace"; finish; exit; }
normal=$(sed -n 's/.*normal=\([0-9]*\) .*/\1/p' "$T/gen.txt")

"$SEVENWAY" -q -F ndjson --show 'close=client-close' "$T/flood.pcap" \
    >"$T/free" 2>/dev/null
# The peak RSS of the capped run, when /usr/bin/time can tell it.
rss=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true 2>/dev/null; then
	/usr/bin/time -o "$T/rss" -f %M "$SEVENWAY" -F ndjson \
	    --show 'close=client-close' --max-flows $cap "$T/flood.pcap" \
	    >"$T/capped" 2>"$T/err"
	rss=$(tail -n 1 "$T/rss")
else
	"$SEVENWAY" -F ndjson --show 'close=client-close' --max-flows $cap \
	    "$T/flood.pcap" >"$T/capped" 2>"$T/err"
fi
n=$(grep -c '"type":"connection"' "$T/capped")
[ "$n" -eq "$normal" ] && pass "all $normal normal connections reported" ||
	fail "$n client-close connections reported, $normal written"
# Ids differ: the flood's evicted SYNs, resent, start new connections.
sed 's/"id":[0-9]*,//' "$T/free" | grep '"type":"connection"' >"$T/free.x"
sed 's/"id":[0-9]*,//' "$T/capped" | grep '"type":"connection"' >"$T/capped.x"
if cmp -s "$T/free.x" "$T/capped.x"; then
	pass "each one exactly as without --max-flows"
else
	fail "capped run differs from the free one"
	diff "$T/free.x" "$T/capped.x" | cut -c1-200 | head -4
fi
grep -q '"midstream":true' "$T/capped" && fail "a normal connection cut" ||
	pass "none mid-stream"
sum=$(tail -n 1 "$T/capped")
if echo "$sum" | grep -q '"max_flows_established":0}' &&
    echo "$sum" | grep -q '"max_flows_embryonic":[1-9]' &&
    echo "$sum" | grep -q "\"max_tracked\":$cap"; then
	pass "evictions by class: embryonic only; at most $cap tracked"
else
	fail "summary: $(echo "$sum" | grep -o '"evicted":{[^}]*}\|"max_tracked":[0-9]*')"
fi
grep -q "^sevenway: warning: the flow table was full (--max-flows $cap)" \
    "$T/err" && pass "one warning: the table was full" ||
	fail "no table-full warning: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] && pass "warned once" ||
	fail "$(wc -l <"$T/err") lines on stderr"
# Bounded by the cap: 2 KB a tracked connection (record, slot, index,
# its share of an extra part) and 64 MB for the rest.  Not measured in a
# sanitizer build (AddressSanitizer's shadow and quarantine are its own)
# nor when SEVENWAY_NO_RSS is set (say, for a run under valgrind).
if grep -q __asan_init "$SEVENWAY" 2>/dev/null; then
	rss=
fi
if [ -n "$rss" ] && [ -z "${SEVENWAY_NO_RSS:-}" ]; then
	max=$((cap * 2 + 65536))
	[ "$rss" -le "$max" ] && pass "peak RSS $rss KiB <= $max KiB" ||
		fail "peak RSS $rss KiB > $max KiB"
fi
finish
