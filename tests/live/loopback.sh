#!/bin/sh
# SPDX-License-Identifier: MIT
# loopback.sh: live capture on lo (DESIGN.md §1, §4).  sevenway sniffs
# "tcp port P" for --duration 4 while tcpdrv runs a server and three
# clients on 127.0.0.1:P (two normal closes, one reset); sevenway must stop
# by itself, exit 0 and report exactly those three connections, then a
# summary with the live pcap drop counts.  Root only (exit 77 otherwise).
# Set SEVENWAY_TEST_NOROOT=1 to exercise the skip path as root.
. "${top_srcdir:-.}/tests/trace/lib.sh"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
command -v ip >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1 ||
	skip "no loopback interface (ip link show lo failed)"

. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# Ports 20000-23999 (sigint.sh uses 24000-27999, readme-example.sh
# 28000-31999): below the ephemeral range, apart when tests run in parallel.
pick_port $((20000 + $$ % 4000))
echo "port $P, tcpdrv $TCPDRV"

"$SEVENWAY" -i lo -f "tcp port $P" --duration 4 --format ndjson \
	>"$T/out" 2>"$T/err" </dev/null &
sw=$!
pids="$sw"
# sevenway says when the capture is ready, as tcpdump does.
wait_for "$T/err" 'listening on lo' 50 ||
	fail "no 'listening on' from sevenway: $(cat "$T/err")"

"$TCPDRV" server "$P" 3 >"$T/srv" 2>"$T/srv.err" &
srv=$!
pids="$pids $srv"
if ! wait_for "$T/srv" '^ready' 50; then
	fail "tcpdrv server did not start: $(cat "$T/srv.err")"
fi
crc=0
for mode in normal normal reset; do
	"$TCPDRV" client "$P" $mode 2>>"$T/cli.err" || crc=1
done
reap "$srv" 50
srcrc=$?
if [ $crc -eq 0 ] && [ $srcrc -eq 0 ]; then
	pass "tcpdrv: server and 3 clients ran"
else
	fail "tcpdrv: clients $crc, server $srcrc: $(cat "$T/cli.err" "$T/srv.err")"
fi

# sevenway stops by itself after --duration 4: about 3 s from here.
reap "$sw" 80
rc=$?
if [ $rc -eq 2 ] && grep -Eqi 'permi|not permitted' "$T/err"; then
	skip "no capture permission on lo: $(cat "$T/err")"
fi
[ $rc -eq 0 ] && pass "exit status 0 after --duration" ||
	fail "exit status $rc, wanted 0 (stderr: $(head -c 300 "$T/err"))"

conns=$(grep -c '^{"type":"connection"' "$T/out")
[ "$conns" -eq 3 ] && pass "3 connection lines" ||
	fail "$conns connection lines, wanted 3"

n=$(grep -F "\"server\":{\"ip\":\"127.0.0.1\",\"port\":$P}" "$T/out" |
	grep -c '^{"type":"connection"')
[ "$n" -eq 3 ] && pass "all 3 served by 127.0.0.1:$P" ||
	fail "$n connections with server 127.0.0.1:$P, wanted 3"

n=$(grep '^{"type":"connection"' "$T/out" |
	grep -F '"close":"client-close"' |
	grep -F '"handshake":"complete"' |
	grep -cF '"client":"TIME_WAIT"')
[ "$n" -eq 2 ] && pass "2 client-close, handshake complete, client TIME_WAIT" ||
	fail "$n client-close/complete/TIME_WAIT connections, wanted 2"

n=$(grep '^{"type":"connection"' "$T/out" |
	grep -F '"close":"reset"' | grep -cF '"closed_by":"client"')
[ "$n" -eq 1 ] && pass "1 reset closed by the client" ||
	fail "$n reset/closed_by client connections, wanted 1"

last=$(tail -n 1 "$T/out")
case $last in
'{"type":"summary"'*'"pcap":{'*'"dropped":0,'*)
	pass "summary line last, with live pcap counts, nothing dropped" ;;
*)
	fail "last line is not a summary with \"pcap\":{ : $(echo "$last" | head -c 300)" ;;
esac
echo "$last" | grep -q '"connections":3[,}]' &&
	pass "summary counts 3 connections" ||
	fail "summary does not count 3 connections"

if [ "$fails" -ne 0 ]; then
	echo "--- sevenway stdout:"; cat "$T/out"
	echo "--- sevenway stderr:"; cat "$T/err"
fi
finish
