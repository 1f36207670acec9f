#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh: sevenway on hostile inputs (tests/hostile/files/, made by
# make.sh, and the truncations and the 100,000-connection trace made
# here).  Each must end with the expected status (0: what could be read
# is reported; 2: nothing could be), a one-line "sevenway: FILE: WHY" on
# stderr where it fails, and valid JSON with -F json (and NDJSON with -F
# ndjson) whatever happened.  Every view runs too and must end alike.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
H=$top_srcdir/tests/hostile/files
: "${MKHOSTILE:=$top_builddir/tests/hostile/mkhostile}"
: "${JSON_CHECK:=$top_builddir/tests/hostile/json-check}"

# hostile NAME FILE STATUS STDERR: STDERR is EMPTY, or an extended
# regular expression the one stderr line must match.
hostile() {
	name=$1 f=$2 want=$3 re=$4
	"$SEVENWAY" -F json "$f" >"$T/out.json" 2>"$T/err" </dev/null
	got=$?
	lines=$(wc -l <"$T/err")
	if [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, wanted $want ($(head -c 300 "$T/err"))"
		return
	fi
	if [ "$re" = EMPTY ]; then
		if [ -s "$T/err" ]; then
			fail "$name: unexpected stderr '$(cat "$T/err")'"
			return
		fi
	elif [ "$lines" -ne 1 ] || ! grep -Eq "$re" "$T/err"; then
		fail "$name: stderr '$(cat "$T/err")' is not one line /$re/"
		return
	fi
	if ! "$JSON_CHECK" "$T/out.json" 2>"$T/jerr"; then
		fail "$name: -F json is not valid JSON: $(cat "$T/jerr")"
		return
	fi
	"$SEVENWAY" -F ndjson --summary "$f" >"$T/out.ndjson" 2>/dev/null
	got=$?
	if [ "$got" -ne "$want" ] || ! "$JSON_CHECK" -l "$T/out.ndjson" \
	    2>"$T/jerr"; then
		fail "$name: -F ndjson: exit $got, $(cat "$T/jerr")"
		return
	fi
	for view in "" "--ladder" "--ladder --ascii" "--ladder --color always" \
	    "-F line --explain" "--summary -v -t iso" "-t relative"; do
		# shellcheck disable=SC2086
		"$SEVENWAY" $view "$f" >/dev/null 2>&1 </dev/null
		got=$?
		if [ "$got" -ne "$want" ]; then
			fail "$name: '$view': exit $got, wanted $want"
			return
		fi
	done
	pass "$name"
}

W='^sevenway: warning: '
hostile empty "$H/empty.pcap" 2 \
    "^sevenway: $H/empty.pcap: capture file header is truncated\$"
hostile header-only "$H/header-only.pcap" 0 EMPTY
hostile garbage "$H/garbage.pcap" 2 \
    "^sevenway: $H/garbage.pcap: not a pcap or pcapng capture file\$"
hostile snaplen-0 "$H/snaplen-0.pcap" 0 EMPTY
hostile snaplen-2g "$H/snaplen-2g.pcap" 0 EMPTY
hostile caplen-gt-snaplen "$H/caplen-gt-snaplen.pcap" 0 EMPTY
hostile caplen-past-eof "$H/caplen-past-eof.pcap" 0 \
    "$W$H/caplen-past-eof.pcap: file is truncated in the middle of a packet; kept the 3 frames"
hostile caplen-huge "$H/caplen-huge.pcap" 0 \
    "$W$H/caplen-huge.pcap: .*capture length.*; kept the 3 frames"
hostile ipv4-length-past-capture "$H/ipv4-length-past-capture.pcap" 0 EMPTY
hostile ipv4-length-past-wire "$H/ipv4-length-past-wire.pcap" 0 EMPTY
hostile ipv6-ext-100 "$H/ipv6-ext-100.pcap" 0 EMPTY
hostile tcp-offset-lt-5 "$H/tcp-offset-lt-5.pcap" 0 EMPTY
hostile tcp-option-past-header "$H/tcp-option-past-header.pcap" 0 EMPTY
hostile time-backwards "$H/time-backwards.pcap" 0 EMPTY
hostile pcapng-unknown-block "$H/pcapng-unknown-block.pcapng" 0 EMPTY
hostile pcapng-oversized-block "$H/pcapng-oversized-block.pcapng" 0 \
    "$W$H/pcapng-oversized-block.pcapng: block .* bad length .*; kept the 1 frames"

# What the records say about the malformed frames.
summary_has() {
	"$SEVENWAY" -F ndjson "$1" 2>/dev/null | grep -q "$2" &&
	    pass "$(basename "$1"): $2" ||
	    fail "$(basename "$1"): summary lacks $2"
}
summary_has "$H/tcp-offset-lt-5.pcap" '"tcp-bad-header":1'
summary_has "$H/tcp-option-past-header.pcap" '"tcp-bad-option":1'
summary_has "$H/ipv6-ext-100.pcap" '"ipv6-bad-ext-header":1'
summary_has "$H/ipv4-length-past-wire.pcap" '"ip-bad-header":1'
summary_has "$H/ipv4-length-past-capture.pcap" '"bytes":{"client":1460'
summary_has "$H/time-backwards.pcap" '"close":{"client-close":1'

# A small trace cut at every record boundary (a clean end: no warning),
# in every record header and in every record's data (a warning), and in
# the file header (an error).  Little-endian classic pcap.
P=$top_srcdir/pcaps/crafted/normal-close.pcap
size=$(wc -c <"$P")
u32() { od -An -tu4 -j"$1" -N4 "$P" | tr -d ' '; }
head -c 10 "$P" >"$T/cut.pcap"
hostile cut-file-header "$T/cut.pcap" 2 "^sevenway: $T/cut.pcap: "
off=24 k=0
while [ "$off" -lt "$size" ]; do
	len=$(u32 $((off + 8)))
	head -c "$off" "$P" >"$T/cut.pcap"
	hostile "cut-before-record-$((k + 1))" "$T/cut.pcap" 0 EMPTY
	head -c $((off + 7)) "$P" >"$T/cut.pcap"
	hostile "cut-in-header-$((k + 1))" "$T/cut.pcap" 0 "${W}.*truncated"
	head -c $((off + 16 + len / 2)) "$P" >"$T/cut.pcap"
	hostile "cut-in-data-$((k + 1))" "$T/cut.pcap" 0 "${W}.*truncated"
	off=$((off + 16 + len)) k=$((k + 1))
done
[ "$k" -ge 10 ] && pass "cut $k records" || fail "cut only $k records"

# The same for pcapng, at every block boundary and inside each block.
# Until the first interface is described nothing can be read: an error,
# as for a cut file header.
P=$top_srcdir/pcaps/crafted/link-pcapng.pcapng
size=$(wc -c <"$P")
off=$(u32 4) k=1 described=0
while [ "$off" -lt "$size" ]; do
	type=$(u32 "$off") len=$(u32 $((off + 4)))
	head -c "$off" "$P" >"$T/cut.pcapng"
	if [ $described -eq 1 ]; then
		hostile "ng-cut-before-block-$((k + 1))" "$T/cut.pcapng" 0 EMPTY
	else
		hostile "ng-cut-before-block-$((k + 1))" "$T/cut.pcapng" 2 \
		    "^sevenway: $T/cut.pcapng: "
	fi
	head -c $((off + len / 2)) "$P" >"$T/cut.pcapng"
	if [ $described -eq 1 ]; then
		hostile "ng-cut-in-block-$((k + 1))" "$T/cut.pcapng" 0 "${W}.*"
	else
		hostile "ng-cut-in-block-$((k + 1))" "$T/cut.pcapng" 2 \
		    "^sevenway: $T/cut.pcapng: "
	fi
	[ "$type" -eq 1 ] && described=1
	off=$((off + len)) k=$((k + 1))
done
[ "$k" -ge 5 ] && pass "cut $k pcapng blocks" || fail "cut only $k blocks"

# 100,000 connections one after the other on one 4-tuple (port reuse):
# each is its own connection, and the run stays one pass.
if "$MKHOSTILE" reuse 100000 "$T/reuse.pcap"; then
	"$SEVENWAY" -F ndjson "$T/reuse.pcap" >"$T/reuse.ndjson" 2>"$T/err"
	rc=$?
	n=$(grep -c '"type":"connection"' "$T/reuse.ndjson")
	if [ $rc -eq 0 ] && [ "$n" -eq 100000 ] && [ ! -s "$T/err" ] &&
	    tail -n 1 "$T/reuse.ndjson" | grep -q '"connections":100000,' &&
	    tail -n 1 "$T/reuse.ndjson" | grep -q '"reset":100000,' &&
	    "$JSON_CHECK" -l "$T/reuse.ndjson"; then
		pass "port reuse: 100000 connections on one 4-tuple"
	else
		fail "port reuse: rc=$rc, $n connections, $(head -c 200 "$T/err")"
	fi
	rm -f "$T/reuse.pcap" "$T/reuse.ndjson"
else
	fail "mkhostile reuse"
fi
finish
