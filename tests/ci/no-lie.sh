#!/bin/sh
# SPDX-License-Identifier: MIT
# no-lie.sh: a CI run never goes green on input that was not analysed
# (DESIGN.md §6).  An input that cannot be read is exit 2 and a JUnit
# <error> (and so is every input after it, never read); checks over a
# trace without any TCP connection fail (exit 1, "no TCP connection
# analysed", a JUnit <failure>) unless --fail-on lists "empty"; a SIGINT
# while reading a pipe ends the input and reports what was read.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
C=$top_srcdir/pcaps/crafted

# run WANT NAME ARGS...: run sevenway (stdin /dev/null), check the status.
run() {
	want=$1 name=$2
	shift 2
	"$SEVENWAY" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	[ "$got" -eq "$want" ] && pass "$name: exit $want" ||
		fail "$name: exit $got, wanted $want ($(head -c 300 "$T/err"))"
}
# has NAME FILE STRING: FILE contains STRING (fixed string).
has() {
	grep -qF -- "$3" "$2" && pass "$1: has '$3'" ||
		fail "$1: no '$3' in $(basename "$2"): $(head -c 600 "$2")"
}
hasnt() {
	grep -qF -- "$3" "$2" && fail "$1: unexpected '$3' in $(basename "$2")" ||
		pass "$1: no '$3'"
}
xml_ok() {
	if [ -n "${XMLLINT:-}" ] && [ "$XMLLINT" != no ]; then
		"$XMLLINT" --noout "$2" 2>"$T/xl" && pass "$1: well-formed" ||
			fail "$1: $(cat "$T/xl")"
	fi
}

printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' >"$T/empty.pcap"
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\223\000\000\000' >"$T/user0.pcap"

# 1. Inputs that cannot be analysed: exit 2 and a JUnit <error>.
run 2 missing --fail-on abnormal --junit "$T/j.xml" \
	"$R/client-close.pcap" "$T/missing.pcap" "$R/refused.pcap"
xml_ok missing "$T/j.xml"
has missing "$T/j.xml" '<testsuites name="sevenway" tests="3" failures="0" errors="2">'
has missing "$T/j.xml" "<testsuite name=\"$T/missing.pcap\" tests=\"1\" failures=\"0\" errors=\"1\""
has missing "$T/j.xml" "<error message=\"not analysed: $T/missing.pcap: no such file\" type=\"input\">"
has missing "$T/j.xml" "<error message=\"not analysed: reading stopped at the error in $T/missing.pcap\""
has missing "$T/j.xml" 'classname="sevenway.connection"'
run 2 not-a-capture --assert 'all(handshake=complete)' --junit "$T/j.xml" \
	/etc/passwd
has not-a-capture "$T/j.xml" 'not a pcap or pcapng capture file" type="input"'
has not-a-capture "$T/j.xml" 'errors="1"'
run 2 unsupported-link --fail-on abnormal --junit "$T/j.xml" "$T/user0.pcap"
has unsupported-link "$T/j.xml" 'unsupported link type'
has unsupported-link "$T/j.xml" '<error '
run 2 no-such-iface --fail-on abnormal --junit "$T/j.xml" -i nosuchif0
has no-such-iface "$T/j.xml" '<testsuite name="nosuchif0" tests="1" failures="0" errors="1"'
# A record file that cannot be read: a suite of its own.
"$SEVENWAY" -F ndjson "$R/client-close.pcap" >"$T/rec.ndjson" 2>/dev/null
run 2 record-missing --fail-on abnormal --junit "$T/j.xml" \
	"$T/rec.ndjson" "$T/gone.ndjson"
has record-missing "$T/j.xml" "<testsuite name=\"$T/gone.ndjson\" tests=\"1\" failures=\"0\" errors=\"1\""
has record-missing "$T/j.xml" 'classname="sevenway.connection"'
xml_ok record-missing "$T/j.xml"

# 2. Nothing analysed: checks fail unless --fail-on lists "empty".
run 1 empty-fail-on --fail-on abnormal --junit "$T/j.xml" "$T/empty.pcap"
has empty-fail-on "$T/err" 'sevenway: no TCP connection analysed'
has empty-fail-on "$T/j.xml" '<testsuites name="sevenway" tests="1" failures="1" errors="0">'
has empty-fail-on "$T/j.xml" '<testsuite name="run" tests="1" failures="1"'
has empty-fail-on "$T/j.xml" '<failure message="no TCP connection analysed'
xml_ok empty-fail-on "$T/j.xml"
run 1 empty-assert --assert 'none(close=reset)' "$T/empty.pcap"
has empty-assert "$T/err" 'no TCP connection analysed'
run 1 empty-json -F json --fail-on abnormal "$T/empty.pcap"
run 1 filtered-to-nothing --fail-on abnormal -f 'tcp port 1' \
	"$R/client-close.pcap"
run 1 only-arp --fail-on abnormal -f arp "$R/client-close.pcap"
run 0 empty-allowed --fail-on empty "$T/empty.pcap"
hasnt empty-allowed "$T/err" 'no TCP connection'
run 0 empty-allowed-list --fail-on abnormal,empty --junit "$T/j.xml" \
	"$T/empty.pcap"
hasnt empty-allowed-list "$T/j.xml" '<failure'
run 0 empty-allowed-assert --fail-on empty --assert 'none(close=reset)' \
	"$T/empty.pcap"
run 0 empty-no-checks "$T/empty.pcap"
"$SEVENWAY" -F ndjson -f 'tcp port 1' "$R/client-close.pcap" \
	>"$T/none.ndjson" 2>/dev/null
run 1 empty-record-file --fail-on abnormal "$T/none.ndjson"
run 0 nonempty --fail-on abnormal "$R/client-close.pcap"
# An input error wins: exit 2, and no "empty" failure on top.
run 2 error-wins --fail-on abnormal --junit "$T/j.xml" "$T/missing.pcap"
hasnt error-wins "$T/j.xml" '<failure'

# 3. SIGINT while reading a pipe: the end of the input, not an error.
# sigpipe NAME FILE: feed FILE (or nothing) into a FIFO that stays open,
# interrupt sevenway, expect exit 0 and every connection of FILE.
sigpipe() {
	name=$1 file=$2 want=$3
	rm -f "$T/fifo"
	mkfifo "$T/fifo" || { fail "$name: mkfifo"; return; }
	"$SEVENWAY" -F ndjson - <"$T/fifo" >"$T/sp.out" 2>"$T/sp.err" &
	sw=$!
	{ [ -n "$file" ] && cat "$file"; sleep 20; } >"$T/fifo" &
	feeder=$!
	# The pipe stays open: only the signal can end the input.
	sleep 1
	alive=yes
	kill -0 "$sw" 2>/dev/null || alive=no
	[ $alive = yes ] && pass "$name: still reading the open pipe" ||
		fail "$name: sevenway ended before the signal"
	kill -INT "$sw"
	i=0
	while kill -0 "$sw" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$sw" 2>/dev/null && { kill -KILL "$sw"; fail "$name: still running 5 s after SIGINT"; }
	wait "$sw"
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	[ $rc -eq 0 ] && pass "$name: exit 0 after SIGINT" ||
		fail "$name: exit $rc after SIGINT ($(cat "$T/sp.err"))"
	n=$(grep -c '"type":"connection"' "$T/sp.out")
	[ "$n" -eq "$want" ] && pass "$name: $want connections reported" ||
		fail "$name: $n connections, wanted $want"
	tail -n 1 "$T/sp.out" | grep -q '^{"type":"summary"' &&
		pass "$name: summary written" || fail "$name: no summary line"
	[ -s "$T/sp.err" ] && fail "$name: stderr: $(cat "$T/sp.err")" ||
		pass "$name: nothing on stderr"
}
sigpipe sigint-pcap "$R/client-close.pcap" 1
sigpipe sigint-pcapng "$C/link-pcapng.pcapng" 1
sigpipe sigint-before-header "" 0
finish
