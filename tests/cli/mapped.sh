#!/bin/sh
# SPDX-License-Identifier: MIT
# mapped.sh: a classic pcap file is read in place from a mapping, and
# libpcap takes over at the first record it must judge itself
# (src/io/pcapmap.h).  Standard input is always read by libpcap alone, so
# each capture is read both ways and must give the same NDJSON, summary
# included, the same stderr and the same exit status: every pcap of the
# corpus, the hostile files (damaged records in the middle, at the end,
# lengths past the snapshot length), and files cut inside their last
# record.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir

same() {
	f=$1 name=$2
	"$SEVENWAY" -F ndjson --summary -t epoch "$f" >"$T/file.out" \
	    2>"$T/file.err" </dev/null
	st1=$?
	"$SEVENWAY" -F ndjson --summary -t epoch - <"$f" >"$T/stdin.out" \
	    2>"$T/stdin.err"
	st2=$?
	# The input's name is all that may differ.
	sed -e "s|\"input\":\"-\"|\"input\":\"$f\"|g" \
	    -e "s|\"inputs\":\\[\"-\"\\]|\"inputs\":[\"$f\"]|g" \
	    "$T/stdin.out" >"$T/stdin.norm"
	sed -e "s|(stdin)|$f|g" -e "s|sevenway: -:|sevenway: $f:|" \
	    "$T/stdin.err" >"$T/stdin.enorm"
	if [ "$st1" -ne "$st2" ]; then
		fail "$name: exit $st1 mapped, $st2 through libpcap"
	elif ! cmp -s "$T/file.out" "$T/stdin.norm"; then
		fail "$name: output differs: $(diff "$T/file.out" "$T/stdin.norm" | head -c 400)"
	elif ! cmp -s "$T/file.err" "$T/stdin.enorm"; then
		fail "$name: stderr differs: '$(cat "$T/file.err")' vs '$(cat "$T/stdin.enorm")'"
	else
		pass "$name"
	fi
}

n=0
for f in "$top_srcdir"/pcaps/*/*.pcap "$top_srcdir"/tests/hostile/files/*.pcap; do
	[ -f "$f" ] || continue
	same "$f" "${f#"$top_srcdir"/}"
	n=$((n + 1))
done
# Cut inside a record: at every byte of the last 3 records of a trace.
src=$top_srcdir/pcaps/real/client-close.pcap
size=$(wc -c <"$src")
cut=$((size - 200))
while [ "$cut" -lt "$size" ]; do
	head -c "$cut" "$src" >"$T/cut.pcap"
	same "$T/cut.pcap" "client-close cut at $cut"
	cut=$((cut + 7))
done
[ "$n" -gt 40 ] || fail "only $n captures found"
finish
