#!/bin/sh
# SPDX-License-Identifier: MIT
# sigint.sh: a live capture stopped by SIGINT or SIGTERM loses nothing
# (DESIGN.md §7): sevenway sniffs "tcp port P" on lo without --duration,
# tcpdrv opens one connection and holds it, then sevenway gets the signal.
# It must exit 0 (143 after SIGTERM), report the connection as "open" with both ends
# ESTABLISHED, and write the summary (ndjson) or the totals footer (text).
# Root only (exit 77 otherwise); SEVENWAY_TEST_NOROOT=1 forces the skip.
. "${top_srcdir:-.}/tests/trace/lib.sh"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
command -v ip >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1 ||
	skip "no loopback interface (ip link show lo failed)"

. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# run SIG FORMAT PORT: capture on lo, hold one connection, send SIG to
# sevenway; leaves its output in $T/SIG.out and the status in rc.
run() {
	sig=$1 fmt=$2 port=$3
	out=$T/$sig.out err=$T/$sig.err
	"$SEVENWAY" -i lo -f "tcp port $port" --format "$fmt" \
		>"$out" 2>"$err" </dev/null &
	sw=$!
	pids="$pids $sw"
	# sevenway says when the capture is ready, as tcpdump does.
	wait_for "$err" 'listening on lo' 50 ||
		fail "no 'listening on' from sevenway: $(cat "$err")"
	"$TCPDRV" server "$port" 1 >"$T/$sig.srv" 2>&1 &
	srv=$!
	pids="$pids $srv"
	wait_for "$T/$sig.srv" '^ready' 50 ||
		fail "$sig: tcpdrv server did not start: $(cat "$T/$sig.srv")"
	"$TCPDRV" client "$port" hold >"$T/$sig.cli" 2>&1 &
	cli=$!
	pids="$pids $cli"
	if wait_for "$T/$sig.cli" '^held' 50; then
		pass "$sig: tcpdrv holds a connection open"
	else
		fail "$sig: tcpdrv client did not connect: $(cat "$T/$sig.cli")"
	fi
	sleep 0.5	# about 1.5 s after the start
	kill -"$sig" "$sw"
	reap "$sw" 50
	rc=$?
	# Only now close the held connection (sevenway has stopped).
	kill -TERM "$cli" "$srv" 2>/dev/null
	wait "$cli" 2>/dev/null
	wait "$srv" 2>/dev/null
	if [ $rc -eq 2 ] && grep -Eqi 'permi|not permitted' "$err"; then
		skip "no capture permission on lo: $(cat "$err")"
	fi
	# SIGTERM (a cancelled CI step) says so in the status: 128 + 15.
	want=0
	[ "$sig" = TERM ] && want=143
	[ $rc -eq $want ] && pass "$sig: exit status $want" ||
		fail "$sig: exit status $rc, wanted $want (stderr: $(head -c 300 "$err"))"
}

# Ports 24000-27999 (loopback.sh uses 20000-23999, readme-example.sh
# 28000-31999): below the ephemeral range, apart when tests run in parallel.
pick_port $((24000 + $$ % 2000 * 2))
P1=$P
pick_port $((P1 + 1))
P2=$P
echo "ports $P1 $P2, tcpdrv $TCPDRV"

# SIGINT, ndjson.
run INT ndjson "$P1"
out=$T/INT.out
n=$(grep -c '^{"type":"connection"' "$out")
[ "$n" -eq 1 ] && pass "INT: one connection line" ||
	fail "INT: $n connection lines, wanted 1"
line=$(grep '^{"type":"connection"' "$out" | head -n 1)
case $line in
*'"close":"open"'*) pass "INT: close open" ;;
*) fail "INT: connection not \"close\":\"open\"" ;;
esac
case $line in
*'"state":{"client":"ESTABLISHED","server":"ESTABLISHED"}'*)
	pass "INT: both ends ESTABLISHED" ;;
*) fail "INT: state is not ESTABLISHED/ESTABLISHED" ;;
esac
case $line in
*"\"server\":{\"ip\":\"127.0.0.1\",\"port\":$P1}"*)
	pass "INT: server 127.0.0.1:$P1" ;;
*) fail "INT: server is not 127.0.0.1:$P1" ;;
esac
last=$(tail -n 1 "$out")
case $last in
'{"type":"summary"'*'"open":1'*'"pcap":{'*)
	pass "INT: summary line last, 1 open, pcap counts" ;;
*) fail "INT: last line is not the summary: $(echo "$last" | head -c 300)" ;;
esac
if [ "$fails" -ne 0 ]; then
	echo "--- INT stdout:"; cat "$out"
	echo "--- INT stderr:"; cat "$T/INT.err"
fi

# SIGTERM, text.
f0=$fails
run TERM text "$P2"
out=$T/TERM.out
n=$(grep -c '^#[0-9]' "$out")
[ "$n" -eq 1 ] && pass "TERM: one connection block" ||
	fail "TERM: $n connection blocks, wanted 1"
grep -q "^#1 127\.0\.0\.1:[0-9]* -> 127\.0\.0\.1:$P2 " "$out" &&
	pass "TERM: connection to 127.0.0.1:$P2" ||
	fail "TERM: no '#1 ... -> 127.0.0.1:$P2' header"
grep -q 'close open' "$out" && pass "TERM: close open" ||
	fail "TERM: no 'close open'"
grep -q 'state: client ESTABLISHED, server ESTABLISHED' "$out" &&
	pass "TERM: both ends ESTABLISHED" ||
	fail "TERM: no 'state: client ESTABLISHED, server ESTABLISHED'"
grep -q '^totals:' "$out" && pass "TERM: totals footer" ||
	fail "TERM: no line starting 'totals:'"
if [ "$fails" -ne "$f0" ]; then
	echo "--- TERM stdout:"; cat "$out"
	echo "--- TERM stderr:"; cat "$T/TERM.err"
fi
finish
