#!/bin/sh
# SPDX-License-Identifier: MIT
# endings.sh: honest endings.  A run stopped by SIGINT or SIGTERM says so
# in its summary (SIGTERM also in its exit status, 143) and reports what
# it read; classic pcap times after 2038 stay positive; a damaged
# sub-second field is warned about once and counted; a cut file is named
# with the frames read from it.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
C=$top_srcdir/pcaps/crafted
R=$top_srcdir/pcaps/real

# stop SIG: sevenway -F ndjson on a FIFO that delivers one trace, then
# stalls; SIG arrives during the stall.  Sets rc; output in $T/out.
stop() {
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	{ cat "$R/client-close.pcap"; sleep 3; } >"$T/fifo" &
	feeder=$!
	"$SEVENWAY" -F ndjson - <"$T/fifo" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep 1
	kill -"$1" "$pid"
	wait "$pid"
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
}

stop INT
if [ $rc -eq 0 ] && grep -q '"interrupted":true,"signal":"SIGINT"' "$T/out" &&
    grep -q '"type":"connection"' "$T/out"; then
	pass "SIGINT: exit 0, what was read reported, interrupted in the summary"
else
	fail "SIGINT: exit $rc, $(tail -c 300 "$T/out")"
fi
stop TERM
if [ $rc -eq 143 ] && grep -q '"interrupted":true,"signal":"SIGTERM"' \
    "$T/out" && grep -q '"type":"connection"' "$T/out"; then
	pass "SIGTERM: exit 143, what was read reported, interrupted"
else
	fail "SIGTERM: exit $rc, $(tail -c 300 "$T/out")"
fi
"$SEVENWAY" -F ndjson "$C/normal-close.pcap" | grep -q '"interrupted"' &&
	fail "interrupted without a signal" || pass "no signal, no mark"

# After 2038-01-19: a classic pcap's seconds are unsigned.
if command -v editcap >/dev/null 2>&1; then
	editcap -t 600000000 "$C/normal-close.pcap" "$T/2043.pcap"
	got=$("$SEVENWAY" -t iso "$T/2043.pcap" | head -n 1 |
	    sed 's/.*start \([^ ]*\) .*/\1/')
	[ "$got" = "2043-01-05T10:40:00.000000Z" ] &&
	    pass "a 2043 time stays 2043" || fail "2043 time read as $got"
else
	echo "SKIP: editcap not installed"
fi

# A sub-second field of 2,000,000 µs in the first record.
cp "$C/normal-close.pcap" "$T/damaged.pcap"
printf '\200\204\036\000' | dd of="$T/damaged.pcap" bs=1 seek=28 \
    conv=notrunc 2>/dev/null
"$SEVENWAY" -F ndjson "$T/damaged.pcap" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
    grep -q 'damaged.pcap: frame 1: time out of range (a damaged record)' "$T/err" &&
    grep -q '"damaged_timestamps":1' "$T/out" &&
    grep -q '"start":1704067202.0,' "$T/out"; then
	pass "damaged sub-second: one warning, counted, carried over"
else
	fail "damaged sub-second: exit $rc, $(cat "$T/err")"
fi

# A cut file: the warning names the file and the frames read from it.
"$SEVENWAY" "$R/client-close.pcap" "$C/truncated.pcap" >/dev/null \
    2>"$T/err"
grep -q 'truncated.pcap: file is truncated in the middle of a packet; kept the 7 frames of it read before' \
    "$T/err" && pass "truncation: frames of that file" ||
	fail "truncation warning: $(cat "$T/err")"
finish
