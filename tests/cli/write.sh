#!/bin/sh
# SPDX-License-Identifier: MIT
# write.sh: -w FILE writes the packets of the connections shown (after
# --show) as pcap, in capture order, and writes its file safely: a FIFO or
# a device is written in place, a symbolic link is replaced rather than
# followed, a directory is refused, an error leaves nothing behind.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
# In time order, so capture order is time order.
IN="$R/client-close.pcap $R/abort-client.pcap $R/refused.pcap
$R/unanswered.pcap $R/close-wait.pcap $R/healthy-busy.pcap $R/tfo.pcap
$R/rst-in-window.pcap"

# cols: the -F line columns that do not depend on frame numbers: client,
# server, handshake, close, states, packets, bytes, community id.
cols() { grep -v '^#' | awk '{ print $3, $5, $6, $7, $8, $10, $11, $13 }'; }

# A mixed trace: -w of --show abnormal re-analyses to exactly the
# abnormal connections.  The files were captured days apart: no idle
# timeout, so that the gaps between them end no connection (the -w file
# lacks the other connections' packets, hence their times).
# shellcheck disable=SC2086
"$SEVENWAY" -q --show abnormal -F line --idle-timeout 100000000 \
    -w "$T/ab.pcap" $IN >"$T/shown" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && pass "--show abnormal -w: exit 0" ||
	fail "--show abnormal -w: exit $rc: $(cat "$T/err")"
cols <"$T/shown" >"$T/want"
"$SEVENWAY" -F line --idle-timeout 100000000 "$T/ab.pcap" 2>"$T/err" |
    cols >"$T/got"
n=$(wc -l <"$T/want")
[ "$n" -ge 3 ] && pass "$n abnormal connections in the mixed trace" ||
	fail "only $n abnormal connections in the mixed trace"
if cmp -s "$T/want" "$T/got"; then
	pass "-w output re-analyses to exactly the connections shown"
else
	fail "-w output differs from the connections shown:"
	diff "$T/want" "$T/got" | head -10
fi
# shellcheck disable=SC2086
all=$("$SEVENWAY" -q -F line $IN | grep -vc '^#')
[ "$all" -gt "$n" ] && pass "the trace has normal connections too ($all)" ||
	fail "the trace has $all connections, no normal one"
# Capture order: the timestamps never go back (the files are in time
# order), checked with tcpdump when it is there.
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -tt -n -r "$T/ab.pcap" 2>/dev/null | awk '{ print $1 }' >"$T/ts"
	sort -n -c "$T/ts" 2>/dev/null && pass "frames in capture order" ||
		fail "frames out of order"
fi
# --show all of one file: every TCP frame of it.
"$SEVENWAY" -w "$T/all.pcap" "$R/client-close.pcap" >/dev/null
"$SEVENWAY" -F line "$T/all.pcap" | grep -q '^# totals: 10 packets (10 TCP), 1 connection' &&
	pass "--show all: the 10 TCP frames of the file" ||
	fail "--show all: $("$SEVENWAY" -F line "$T/all.pcap" | grep totals)"
# A predicate that shows nothing: an empty, valid capture.
"$SEVENWAY" --show 'close=timeout' -w "$T/none.pcap" "$R/client-close.pcap" >/dev/null
"$SEVENWAY" "$T/none.pcap" >"$T/out" 2>&1 &&
	grep -q '^totals: 0 packets' "$T/out" &&
	pass "nothing shown: a valid empty capture" ||
	fail "nothing shown: $(cat "$T/out")"

# Safe writing.
ln -s "$T/victim" "$T/link.pcap"
echo keep >"$T/victim"
"$SEVENWAY" -w "$T/link.pcap" "$R/client-close.pcap" >/dev/null
[ "$(cat "$T/victim")" = keep ] && [ -f "$T/link.pcap" ] && [ ! -L "$T/link.pcap" ] &&
	pass "a symbolic link is replaced, not followed" ||
	fail "the symbolic link's target was written"
mkdir "$T/dir"
"$SEVENWAY" -w "$T/dir" "$R/client-close.pcap" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'refusing to replace' "$T/err" && [ ! -s "$T/out" ] &&
	pass "a directory is refused before the analysis (exit 2)" ||
	fail "directory: exit $rc, stderr '$(cat "$T/err")'"
"$SEVENWAY" -w /dev/null "$R/client-close.pcap" >/dev/null 2>"$T/err" &&
	[ -c /dev/null ] && pass "-w /dev/null: written in place" ||
	fail "-w /dev/null: $(cat "$T/err")"
mkfifo "$T/fifo" && {
	cat "$T/fifo" >"$T/from-fifo" &
	reader=$!
	"$SEVENWAY" -w "$T/fifo" "$R/client-close.pcap" >/dev/null 2>"$T/err"
	rc=$?
	wait $reader
	[ $rc -eq 0 ] && [ -p "$T/fifo" ] && cmp -s "$T/from-fifo" "$T/all.pcap" &&
		pass "a FIFO is written in place" ||
		fail "FIFO: exit $rc, $(cat "$T/err")"
}
"$SEVENWAY" -w "$T/nodir/x.pcap" "$R/client-close.pcap" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^sevenway: -w: .*nodir/x.pcap: ' "$T/err" &&
	pass "an unwritable -w: exit 2, the path named" ||
	fail "unwritable: exit $rc, '$(cat "$T/err")'"
"$SEVENWAY" -w "$T/err.pcap" "$R/client-close.pcap" "$T/missing.pcap" >/dev/null 2>&1
rc=$?
left=$(ls "$T" | grep -c '^err\.pcap')
[ $rc -eq 2 ] && [ "$left" -eq 0 ] &&
	pass "an input error: exit 2 and no file (nor temporary) left" ||
	fail "input error: exit $rc, $left files left"

# Standard input is read once: the packets wait in memory for their
# connection, and the file is the same as from a second reading.
# shellcheck disable=SC2086
for f in $IN; do
	"$SEVENWAY" -q --show abnormal -w "$T/file.pcap" "$f" >/dev/null 2>&1
	"$SEVENWAY" -q --show abnormal -w "$T/pipe.pcap" - <"$f" >/dev/null 2>"$T/err"
	cmp -s "$T/file.pcap" "$T/pipe.pcap" ||
		fail "-w from stdin differs from -w from the file for $f"
done
pass "-w from stdin: the same file as from each file read twice"
cat "$R/healthy-busy.pcap" | "$SEVENWAY" -q -F line -w "$T/stdin.pcap" - \
    >"$T/out" 2>"$T/err"
rc=$?
"$SEVENWAY" -q -w "$T/twice.pcap" "$R/healthy-busy.pcap" >/dev/null
[ $rc -eq 0 ] && cmp -s "$T/stdin.pcap" "$T/twice.pcap" &&
	pass "cat trace | sevenway -w out.pcap -: every connection's packets" ||
	fail "cat | -w -: exit $rc, $(cat "$T/err")"
"$SEVENWAY" -F line "$T/stdin.pcap" | grep -q '^# totals: .* 2000 connections' &&
	pass "the stdin -w file re-analyses to the 2000 connections" ||
	fail "stdin -w: $("$SEVENWAY" -F line "$T/stdin.pcap" | grep totals)"
grep -q 'dropped (buffer full)' "$T/out" &&
	fail "a summary of drops under the cap" ||
	pass "no drop counted under the 64 MiB cap"
finish
