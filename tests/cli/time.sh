#!/bin/sh
# SPDX-License-Identifier: MIT
# time.sh: times and numbers people read (DESIGN.md §1): -t epoch, iso
# and relative, the duration of each connection, relative seq/ack in the
# text steps (absolute with -v), the input file of each connection when
# several are read, and the warning for files out of time order.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
cd "$top_srcdir/pcaps" || exit 1

# line NAME WANT ARGS...: the first line of the text output is WANT.
line() {
	name=$1 want=$2
	shift 2
	got=$("$SEVENWAY" "$@" 2>/dev/null | head -n 1)
	[ "$got" = "$want" ] && pass "$name" ||
	    fail "$name: '$got', wanted '$want'"
}

H='#1 10.77.0.1:55732 -> 10.77.0.2:7001'
line epoch "$H  start 1795469349.877982  duration 0.050379 s" \
	real/client-close.pcap
line epoch-explicit "$H  start 1795469349.877982  duration 0.050379 s" \
	-t epoch real/client-close.pcap
line iso "$H  start 2026-11-23T21:29:09.877982Z  duration 0.050379 s" \
	-t iso real/client-close.pcap
# The first packet (frame 1, ARP) is 37 µs before the SYN.
line relative "$H  start 0.000037  duration 0.050379 s" \
	--time-format relative real/client-close.pcap
line iso-nanoseconds \
	'#1 10.1.0.1:41001 -> 10.2.0.2:80  start 2024-01-01T00:00:00.000000123Z  duration 0.038250190 s' \
	-t iso crafted/nanosecond.pcap
"$SEVENWAY" -F ndjson real/client-close.pcap >"$T/r.ndjson"
line relative-records "$H  start 0.000037  duration 0.050379 s" \
	-t relative "$T/r.ndjson"
line relative-records-stdin "$H  start 0.000000  duration 0.050379 s" \
	-t relative - <"$T/r.ndjson"

# Steps: relative to each side's ISN, or absolute under -v.
step() {
	name=$1 want=$2
	shift 2
	got=$("$SEVENWAY" "$@" 2>/dev/null | sed -n 's/^  5 ack-fin1  //p')
	[ "$got" = "$want" ] && pass "$name" ||
	    fail "$name: '$got', wanted '$want'"
}
step relative-seq \
	'frame 9      +0.037200    S->C  A    seq 641 ack 323  ✗ expected ack 322, saw 323' \
	crafted/fin-bad-ack.pcap
step absolute-seq \
	'frame 9      +0.037200    S->C  A    seq 3217399631 ack 643593233  ✗ expected ack 643593232, saw 643593233' \
	-v crafted/fin-bad-ack.pcap

# Several inputs: each connection says where it starts.
got=$("$SEVENWAY" -q real/client-close.pcap crafted/port-reuse.pcap |
	grep '^#' | sort -n -k1.2 | sed 's/.*  in //')
want='real/client-close.pcap frame 3
crafted/port-reuse.pcap frame 1
crafted/port-reuse.pcap frame 12'
[ "$got" = "$want" ] && pass "input file and frame with several inputs" ||
	fail "input file and frame: '$got'"
"$SEVENWAY" real/client-close.pcap | grep -q '  in ' &&
	fail "input named with one input" || pass "no input name with one input"

# Files out of time order are read as given, with a warning.
"$SEVENWAY" real/server-close.pcap real/client-close.pcap >/dev/null \
	2>"$T/err"
grep -qx 'sevenway: warning: real/client-close.pcap starts before the end of real/server-close.pcap: files are read in the order given' \
	"$T/err" && pass "out-of-order warning" ||
	fail "out-of-order warning: '$(cat "$T/err")'"
"$SEVENWAY" real/client-close.pcap real/server-close.pcap >/dev/null \
	2>"$T/err"
[ -s "$T/err" ] && fail "warning for files in order: $(cat "$T/err")" ||
	pass "no warning for files in time order"

"$SEVENWAY" -t local real/client-close.pcap >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^sevenway: -t: 'local' is not one of epoch, iso, relative" "$T/err" &&
	pass "bad -t: exit 2" || fail "bad -t: exit $rc, $(cat "$T/err")"
finish
