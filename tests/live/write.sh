#!/bin/sh
# SPDX-License-Identifier: MIT
# write.sh: -w FILE in live capture: the packets wait in memory until
# their connection ends and the file holds those of the connections
# shown, in capture order.  sevenway sniffs lo with --show abnormal while
# tcpdrv runs two normal connections and one reset; the -w file must
# re-analyse to exactly the reset connection.  Root only (exit 77
# otherwise); SEVENWAY_TEST_NOROOT=1 forces the skip.
. "${top_srcdir:-.}/tests/trace/lib.sh"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
command -v ip >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1 ||
	skip "no loopback interface (ip link show lo failed)"

. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# Ports 36000-39999 (the other live tests use 20000-35999).
pick_port $((36000 + $$ % 4000))
echo "port $P, tcpdrv $TCPDRV"

"$SEVENWAY" -i lo -f "tcp port $P" --duration 4 --show abnormal -F line \
	-w "$T/live.pcap" >"$T/out" 2>"$T/err" </dev/null &
sw=$!
pids="$sw"
wait_for "$T/err" 'listening on lo' 50 ||
	fail "no 'listening on' from sevenway: $(cat "$T/err")"
"$TCPDRV" server "$P" 3 >"$T/srv" 2>"$T/srv.err" &
srv=$!
pids="$pids $srv"
wait_for "$T/srv" '^ready' 50 ||
	fail "tcpdrv server did not start: $(cat "$T/srv.err")"
for mode in normal reset normal; do
	"$TCPDRV" client "$P" $mode 2>>"$T/cli.err"
done
reap "$srv" 50 >/dev/null
reap "$sw" 80
rc=$?
if [ $rc -eq 2 ] && grep -Eqi 'permi|not permitted' "$T/err"; then
	skip "no capture permission on lo: $(cat "$T/err")"
fi
[ $rc -eq 0 ] && pass "live -w: exit 0" ||
	fail "live -w: exit $rc: $(cat "$T/err")"
[ -f "$T/live.pcap" ] && ! ls "$T" | grep -q '^live\.pcap\.' &&
	pass "the file is in place, no temporary left" ||
	fail "no -w file: $(ls "$T")"
shown=$(grep -vc '^#' "$T/out")
"$SEVENWAY" -F line "$T/live.pcap" >"$T/re" 2>&1
n=$(grep -vc '^#' "$T/re")
[ "$shown" -eq 1 ] && [ "$n" -eq 1 ] && grep -q ' reset:client ' "$T/re" &&
	pass "the -w file holds exactly the reset connection shown" ||
	fail "shown $shown, in the file $n: $(cat "$T/re")"
cols() { grep -v '^#' | awk '{ print $3, $5, $6, $7, $8, $10, $11, $13 }'; }
[ "$(cols <"$T/out")" = "$(cols <"$T/re")" ] &&
	pass "and re-analyses to the same verdicts, packets and bytes" ||
	fail "differs: $(cols <"$T/out") / $(cols <"$T/re")"
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -tt -n -r "$T/live.pcap" 2>/dev/null | awk '{ print $1 }' >"$T/ts"
	sort -n -c "$T/ts" 2>/dev/null && pass "frames in capture order" ||
		fail "frames out of order"
fi
finish
