#!/bin/sh
# SPDX-License-Identifier: MIT
# readme-example.sh: the README's "Use in CI" recipe, run as written
# (DESIGN.md §6).  As root: tcpdump records "tcp port P" on lo while the
# tcpdrv test client talks to the tcpdrv service, then
#   sevenway --fail-on abnormal --assert 'all(handshake=complete)' \
#       --junit report.xml trace.pcap
# must exit 0 and write a well-formed JUnit report (one testsuite for the
# input, one for the assertions, one testcase per connection, no failure);
# with a client that resets its connection it must exit 1 and report the
# failure.  Not root (or no tcpdump, or SEVENWAY_TEST_NOROOT=1): the same
# command runs on the committed traces pcaps/real/client-close.pcap and
# abort-client.pcap, so the CLI part is still checked.
. "${top_srcdir:-.}/tests/trace/lib.sh"
. "$top_srcdir/tests/live/lib.sh"
: "${XMLLINT:=no}"

# capture NAME PORT MODE...: record one tcpdrv client per MODE against a
# tcpdrv server on 127.0.0.1:PORT into $T/NAME.pcap.  Returns 0 when the
# trace was made, 1 when tcpdrv failed, 3 when tcpdump could not start.
capture() {
	name=$1 port=$2
	shift 2
	# The README's capture command.
	tcpdump -i lo -w "$T/$name.pcap" --immediate-mode -U -B 32768 \
		"tcp port $port" \
		>"$T/$name.tcpdump" 2>&1 </dev/null &
	td=$!
	pids="$pids $td"
	if ! wait_for "$T/$name.tcpdump" 'listening on' 50; then
		kill -TERM "$td" 2>/dev/null
		wait "$td" 2>/dev/null
		return 3
	fi
	"$TCPDRV" server "$port" $# >"$T/$name.srv" 2>&1 &
	srv=$!
	pids="$pids $srv"
	wait_for "$T/$name.srv" '^ready' 50 || {
		echo "tcpdrv server did not start: $(cat "$T/$name.srv")"
		return 1
	}
	crc=0
	for mode in "$@"; do
		"$TCPDRV" client "$port" "$mode" >>"$T/$name.cli" 2>&1 || crc=1
	done
	reap "$srv" 50 || crc=1
	# The README's step 3: let the connections finish closing.
	timeout 10 sh -c "while ss -Htn state fin-wait-1 state close-wait \
	    state closing state last-ack '( sport = :$port or dport = :$port )' |
	    grep -q .; do sleep 0.1; done" || true
	sleep 0.5
	kill -INT "$td"
	reap "$td" 50
	tdrc=$?
	cat "$T/$name.tcpdump" >>"$T/tcpdump.all"
	if [ $crc -ne 0 ] || [ $tdrc -ne 0 ]; then
		echo "capture $name: tcpdrv $crc, tcpdump $tdrc:" \
		    "$(cat "$T/$name.srv" "$T/$name.cli" "$T/$name.tcpdump" 2>/dev/null)"
		return 1
	fi
	return 0
}

# ci NAME TRACE STATUS CONNS FAILURES: run the README's sevenway command on
# TRACE and check its status, output and JUnit report.
ci() {
	name=$1 trace=$2 want=$3 conns=$4 failures=$5
	rm -f "$T/report.xml"
	# The README's check command.
	"$SEVENWAY" --fail-on abnormal --assert 'all(handshake=complete)' \
		--junit "$T/report.xml" "$trace" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	f0=$fails
	[ $rc -eq "$want" ] && pass "$name: exit $want" ||
		fail "$name: exit $rc, wanted $want ($(head -c 200 "$T/err"))"
	grep -q '^PASS all(handshake=complete)' "$T/out" &&
		pass "$name: PASS all(handshake=complete)" ||
		fail "$name: no 'PASS all(handshake=complete)' in the output"
	if [ "$failures" -eq 0 ]; then
		grep -q 'FAILED:' "$T/out" && fail "$name: FAILED: in the output" ||
			pass "$name: no FAILED: in the output"
	else
		grep -q 'FAILED: close=reset' "$T/out" &&
			pass "$name: FAILED: close=reset in the output" ||
			fail "$name: no 'FAILED: close=reset' in the output"
	fi
	if [ ! -s "$T/report.xml" ]; then
		fail "$name: no JUnit report written"
		return
	fi
	if [ "$XMLLINT" != no ] && [ -n "$XMLLINT" ]; then
		"$XMLLINT" --noout "$T/report.xml" 2>"$T/xmllint.err" &&
			pass "$name: report.xml is well-formed" ||
			fail "$name: report.xml: $(cat "$T/xmllint.err")"
	else
		echo "note: no xmllint, well-formedness not checked"
	fi
	n=$(grep -c '<testsuite ' "$T/report.xml")
	[ "$n" -eq 2 ] && pass "$name: 2 testsuites" ||
		fail "$name: $n testsuites, wanted 2 (input, assertions)"
	grep -qF "<testsuite name=\"$trace\"" "$T/report.xml" &&
		pass "$name: a testsuite named after the input" ||
		fail "$name: no <testsuite name=\"$trace\""
	grep -qF '<testsuite name="assertions"' "$T/report.xml" &&
		pass "$name: an assertions testsuite" ||
		fail "$name: no <testsuite name=\"assertions\""
	n=$(grep '<testcase ' "$T/report.xml" | grep -c 'sevenway\.connection')
	[ "$n" -eq "$conns" ] && pass "$name: $conns connection testcases" ||
		fail "$name: $n connection testcases, wanted $conns"
	n=$(grep '<testcase ' "$T/report.xml" | grep -c 'sevenway\.assert')
	[ "$n" -eq 1 ] && pass "$name: 1 assertion testcase" ||
		fail "$name: $n assertion testcases, wanted 1"
	n=$(grep -c '<failure' "$T/report.xml")
	[ "$n" -eq "$failures" ] && pass "$name: $failures <failure" ||
		fail "$name: $n <failure, wanted $failures"
	if [ "$fails" -ne "$f0" ]; then
		echo "--- $name stdout:"; cat "$T/out"
		echo "--- $name stderr:"; cat "$T/err"
		echo "--- $name report.xml:"; cat "$T/report.xml"
		echo "--- tcpdump:"; cat "$T/tcpdump.all" 2>/dev/null
	fi
}

variant=traces
why="not root"
if [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	why="SEVENWAY_TEST_NOROOT set"
elif [ "$(id -u)" -eq 0 ]; then
	if ! command -v tcpdump >/dev/null 2>&1; then
		why="no tcpdump"
	elif ! ip link show lo >/dev/null 2>&1; then
		why="no loopback interface"
	else
		variant=live
	fi
fi

if [ $variant = live ]; then
	live_tcpdrv || { finish; exit; }
	# Ports 28000-31999 (loopback.sh and sigint.sh use 20000-27999):
	# below the ephemeral range, apart when tests run in parallel.
	pick_port $((28000 + $$ % 2000 * 2))
	P1=$P
	pick_port $((P1 + 1))
	P2=$P
	capture pass "$P1" normal normal normal
	st=$?
	if [ $st -eq 3 ]; then
		why="tcpdump could not capture on lo: $(head -c 200 "$T/pass.tcpdump")"
		variant=traces
	elif [ $st -ne 0 ]; then
		fail "capture of 3 normal connections"
	fi
fi

if [ $variant = live ]; then
	echo "variant: live capture on lo (tcpdump, ports $P1 $P2)"
	[ "$st" -eq 0 ] && ci live-pass "$T/pass.pcap" 0 3 0
	if capture fail "$P2" normal normal normal reset; then
		ci live-fail "$T/fail.pcap" 1 4 1
	else
		fail "capture of 3 normal connections and a reset"
	fi
else
	echo "variant: committed traces ($why)"
	ci traces-pass "$top_srcdir/pcaps/real/client-close.pcap" 0 1 0
	ci traces-fail "$top_srcdir/pcaps/real/abort-client.pcap" 1 1 1
fi
finish
