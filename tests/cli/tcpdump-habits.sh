#!/bin/sh
# SPDX-License-Identifier: MIT
# tcpdump-habits.sh: the command line as tcpdump users type it (DESIGN.md
# §1): -r FILE (repeatable) with a trailing BPF EXPRESSION, -n accepted,
# -l flushes each connection as it ends, SIGUSR1 prints the running
# totals and carries on, and an unknown letter in a bundle of short
# options is the one named.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
A=$R/client-close.pcap
B=$R/refused.pcap

same() {
	if cmp -s "$T/a" "$T/b"; then pass "$1"; else
		fail "$1: outputs differ"; diff "$T/a" "$T/b" | head -5
	fi
}
# err NAME REGEX ARGS...: exit 2 and the one stderr line matches REGEX.
err() {
	name=$1 re=$2
	shift 2
	"$SEVENWAY" "$@" >/dev/null 2>"$T/err" </dev/null
	rc=$?
	[ $rc -eq 2 ] && grep -Eq "$re" "$T/err" && pass "$name" ||
		fail "$name: exit $rc, stderr '$(cat "$T/err")', wanted /$re/"
}

# -r, repeatable, is the same as FILE operands.
"$SEVENWAY" -F ndjson "$A" "$B" >"$T/a" 2>&1
"$SEVENWAY" -F ndjson -r "$A" -r "$B" >"$T/b" 2>&1
same "-r A -r B = A B"
# The trailing operands are the filter, in one word or several.
"$SEVENWAY" -F ndjson -f 'tcp port 7007' "$A" "$B" >"$T/a" 2>&1
"$SEVENWAY" -F ndjson -r "$A" -r "$B" tcp port 7007 >"$T/b" 2>&1
same "-r A -r B tcp port 7007 = -f 'tcp port 7007' A B"
"$SEVENWAY" -F ndjson -r "$A" -r "$B" 'tcp port 7007' >"$T/b" 2>&1
same "-r A -r B 'tcp port 7007' = -f 'tcp port 7007' A B"
n=$(grep -c '"type":"connection"' "$T/b")
[ "$n" -eq 1 ] && pass "the expression keeps 1 connection" ||
	fail "the expression keeps $n connections, wanted 1"
# Options may follow the expression (GNU getopt), as with tcpdump.
"$SEVENWAY" -r "$A" tcp port 7007 -F ndjson >"$T/a" 2>&1
"$SEVENWAY" -F ndjson -f 'tcp port 7007' "$A" >"$T/b" 2>&1
same "an option after the expression"
err filter-twice 'not both' -r "$A" -f tcp tcp
err r-and-i 'give either -i IFACE or -r FILEs' -r "$A" -i lo
err bad-expression "^sevenway: bad filter 'tcp port x'" -r "$A" tcp port x
# -n changes nothing.
"$SEVENWAY" "$A" >"$T/a" 2>&1
"$SEVENWAY" -n "$A" >"$T/b" 2>&1
same "-n changes nothing"

# Bundled short options: the unknown letter is named, not the bundle.
err bundle-unknown '^sevenway: -x: unknown option' -xq "$A"
err bundle-unknown-last '^sevenway: -x: unknown option' -Knx "$A"
err bundle-missing-arg '^sevenway: -c: missing argument' -Kc
err tt "^sevenway: -t: 't' is not one of" -tt "$A"
err long-unknown '^sevenway: --bogus: unknown option' --bogus "$A"

# A pipe that stays open: A's packets, then B's 9 s later (in capture
# time), then nothing.  A's connection is over once B's packets show its
# linger is past; -l writes it out then, before the input ends.
rm -f "$T/fifo"
mkfifo "$T/fifo" || { fail "mkfifo"; finish; exit; }
# feed: A whole, B without its 24-byte file header, then an open pipe.
feed() { { cat "$A"; tail -c +25 "$B"; sleep 20; } >"$T/fifo" & feeder=$!; }
# stop PID: SIGINT, then wait at most 5 s; leaves the status in rc.
stop() {
	kill -INT "$1"
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1"
	wait "$1"
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
}
for fmt in text line json; do
	"$SEVENWAY" -l -F $fmt - <"$T/fifo" >"$T/l.out" 2>"$T/l.err" &
	sw=$!
	feed
	sleep 1
	case $fmt in
	text) want='^#1 ' ;;
	line) want='^1 ' ;;
	json) want='"id":1,' ;;
	esac
	grep -q "$want" "$T/l.out" && pass "-l -F $fmt: connection 1 written while reading" ||
		fail "-l -F $fmt: connection 1 not written while reading: '$(head -c 200 "$T/l.out")'"
	stop $sw
	[ $rc -eq 0 ] && pass "-l -F $fmt: exit 0" || fail "-l -F $fmt: exit $rc"
done
# Without -l the text output to a file waits for the end.
"$SEVENWAY" - <"$T/fifo" >"$T/nol.out" 2>/dev/null &
sw=$!
feed
sleep 1
[ -s "$T/nol.out" ] && fail "without -l: output before the end" ||
	pass "without -l: the text output is buffered"
stop $sw

# SIGUSR1: the running totals on stderr, and the reading goes on.
"$SEVENWAY" -F ndjson - <"$T/fifo" >"$T/u.out" 2>"$T/u.err" &
sw=$!
feed
sleep 1
kill -USR1 $sw
sleep 0.5
grep -q '^sevenway: 14 packets (12 TCP), 2 connections, .* so far$' "$T/u.err" &&
	pass "SIGUSR1: totals on stderr" ||
	fail "SIGUSR1: stderr '$(cat "$T/u.err")'"
kill -0 $sw 2>/dev/null && pass "SIGUSR1: still running" ||
	fail "SIGUSR1: sevenway ended"
stop $sw
[ $rc -eq 0 ] && pass "SIGUSR1, then SIGINT: exit 0" ||
	fail "SIGUSR1, then SIGINT: exit $rc"
n=$(grep -c '"type":"connection"' "$T/u.out")
[ "$n" -eq 2 ] && pass "SIGUSR1: both connections reported" ||
	fail "SIGUSR1: $n connections reported, wanted 2"

# -Z USER: live only; an unknown user is refused before the interface.
"$SEVENWAY" -Z nobody "$top_srcdir/pcaps/real/client-close.pcap" >/dev/null 2>"$T/z.err"
rc=$?
[ $rc -eq 2 ] && grep -q -- '-Z applies to live capture' "$T/z.err" &&
	pass "-Z without -i: a usage error" ||
	fail "-Z without -i: exit $rc, '$(cat "$T/z.err")'"
"$SEVENWAY" -i lo -Z no-such-user-sw --duration 1 >/dev/null 2>"$T/z.err" </dev/null
rc=$?
[ $rc -eq 2 ] && grep -q '^sevenway: -Z: no-such-user-sw: ' "$T/z.err" &&
	! grep -q listening "$T/z.err" &&
	pass "-Z with an unknown user: exit 2 before the capture" ||
	fail "-Z unknown user: exit $rc, '$(cat "$T/z.err")'"
finish
