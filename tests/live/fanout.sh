#!/bin/sh
# SPDX-License-Identifier: MIT
# fanout.sh: --fanout GROUP on lo (sevenway(1), SCALE).  Two sevenway
# workers join one AF_PACKET fanout group and sniff "tcp port P" for
# --duration 6 while tcpdrv serves 40 connections on 127.0.0.1:P (30
# normal closes, 10 resets), one after the other.  Every connection
# must be reported exactly once across the workers, each with both of
# its directions (a complete handshake, packets both ways), each worker
# must get some, and neither may count a one-sided connection.  A third
# worker, alone in another group, sees one direction only ("tcp dst port
# P"): it must count all 40 as one-sided.  Root only (exit 77
# otherwise), as the other live tests.
. "${top_srcdir:-.}/tests/trace/lib.sh"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
[ "$(uname -s)" = Linux ] || skip "AF_PACKET fanout is Linux only"
command -v ip >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1 ||
	skip "no loopback interface (ip link show lo failed)"

. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# Ports 32000-35999: apart from the other live tests' ranges.
pick_port $((32000 + $$ % 4000))
G=$((1000 + $$ % 60000))
N=40
echo "port $P, fanout group $G, tcpdrv $TCPDRV"

for w in 1 2; do
	"$SEVENWAY" -i lo --fanout $G -f "tcp port $P" --duration 6 \
	    -F ndjson >"$T/out$w" 2>"$T/err$w" </dev/null &
	eval "sw$w=\$!"
	pids="$pids $!"
done
"$SEVENWAY" -i lo --fanout $((G + 1)) -f "tcp dst port $P" --duration 6 \
    -F ndjson >"$T/out3" 2>"$T/err3" </dev/null &
sw3=$!
pids="$pids $sw3"
for w in 1 2 3; do
	wait_for "$T/err$w" 'listening on lo' 50 ||
		fail "worker $w: no 'listening on': $(cat "$T/err$w")"
done

"$TCPDRV" server "$P" $N >"$T/srv" 2>"$T/srv.err" &
srv=$!
pids="$pids $srv"
wait_for "$T/srv" '^ready' 50 ||
	fail "tcpdrv server did not start: $(cat "$T/srv.err")"
crc=0
i=0
while [ $i -lt $N ]; do
	mode=normal
	[ $((i % 4)) -eq 3 ] && mode=reset
	"$TCPDRV" client "$P" $mode 2>>"$T/cli.err" || crc=1
	i=$((i + 1))
done
reap "$srv" 50
src=$?
[ $crc -eq 0 ] && [ $src -eq 0 ] && pass "tcpdrv: $N connections ran" ||
	fail "tcpdrv: clients $crc, server $src: $(cat "$T/cli.err" "$T/srv.err")"

# shellcheck disable=SC2154
for w in 1 2 3; do
	eval "reap \$sw$w 100"
	rc=$?
	if [ $rc -eq 2 ] && grep -q 'fanout' "$T/err$w"; then
		skip "no AF_PACKET fanout here: $(cat "$T/err$w")"
	fi
	[ $rc -eq 0 ] && pass "worker $w: exit 0" ||
		fail "worker $w: exit $rc: $(head -c 300 "$T/err$w")"
done

cat "$T/out1" "$T/out2" | grep '^{"type":"connection"' >"$T/all"
n1=$(grep -c '^{"type":"connection"' "$T/out1")
n2=$(grep -c '^{"type":"connection"' "$T/out2")
echo "worker 1: $n1 connections, worker 2: $n2"
[ $((n1 + n2)) -eq $N ] && pass "$N connections reported in all" ||
	fail "$((n1 + n2)) connections reported, wanted $N"
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && pass "both workers got some" ||
	fail "one worker got them all: $n1 and $n2"
u=$(grep -o '"client":{"ip":"127.0.0.1","port":[0-9]*}' "$T/all" |
	sort -u | wc -l)
[ "$u" -eq $N ] && pass "every connection once: $u client ports" ||
	fail "$u distinct client ports among $((n1 + n2)) reports"
# Both directions in the same worker: the handshake whole, packets both
# ways, and the verdicts tcpdrv made.
n=$(grep -F '"handshake":"complete"' "$T/all" |
	grep -v '"packets":{"client":0' | grep -cv '"server":0},"bytes"')
[ "$n" -eq $N ] && pass "both directions together in all $N" ||
	fail "$n of $N with a complete handshake and packets both ways"
nc=$(grep -cF '"close":"client-close"' "$T/all")
nr=$(grep -cF '"close":"reset"' "$T/all")
[ "$nc" -eq 30 ] && [ "$nr" -eq 10 ] &&
	pass "30 client-close and 10 reset" ||
	fail "$nc client-close and $nr reset, wanted 30 and 10"
for w in 1 2; do
	if grep -q "\"fanout\":{\"group\":$G,\"one_sided\":0}" "$T/out$w"; then
		pass "worker $w: summary says group $G, 0 one-sided"
	else
		fail "worker $w: summary: $(grep summary "$T/out$w" | cut -c1-300)"
	fi
done
if grep -q "\"fanout\":{\"group\":$((G + 1)),\"one_sided\":$N}" "$T/out3"; then
	pass "one direction only: all $N counted one-sided"
else
	fail "one direction only: $(grep summary "$T/out3" | cut -c1-300)"
fi
finish
