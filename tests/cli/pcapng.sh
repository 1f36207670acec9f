#!/bin/sh
# SPDX-License-Identifier: MIT
# pcapng.sh: pcapng files libpcap refuses (several link types, sections
# in both byte orders) and pcapng on standard input, which sevenway's own
# reader reads: the same report as from the file, damage and cuts as
# warnings with exit 0, input that is no capture as exit 2.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
C=$top_srcdir/pcaps/crafted

# Without the input names, which differ between a file and stdin.
strip() { sed 's/"input":"[^"]*",//'; }

for f in link-pcapng.pcapng link-pcapng-multi.pcapng \
    link-pcapng-sections.pcapng; do
	"$SEVENWAY" -F ndjson "$C/$f" 2>/dev/null | strip >"$T/file"
	"$SEVENWAY" -F ndjson - <"$C/$f" 2>/dev/null | strip >"$T/stdin"
	if [ -s "$T/file" ] && cmp -s "$T/file" "$T/stdin"; then
		pass "$f: standard input reads as the file"
	else
		fail "$f: standard input differs from the file"
		diff "$T/file" "$T/stdin" | head -5
	fi
done

# Cut the multi-interface file everywhere: from the file (libpcap first)
# and from standard input (sevenway's reader) the same exit status, 0
# once the first interface is described, with a warning inside a block.
f=$C/link-pcapng-multi.pcapng
size=$(wc -c <"$f")
bad=0
cut=1
while [ "$cut" -lt "$size" ]; do
	head -c "$cut" "$f" >"$T/cut.pcapng"
	"$SEVENWAY" -F ndjson "$T/cut.pcapng" >/dev/null 2>"$T/err"
	rc1=$?
	"$SEVENWAY" -F ndjson - <"$T/cut.pcapng" >/dev/null 2>"$T/err"
	rc2=$?
	if [ $rc1 -ne $rc2 ] || { [ "$cut" -ge 200 ] && [ $rc1 -ne 0 ]; }; then
		bad=$((bad + 1))
		echo "cut $cut: file exit $rc1, stdin exit $rc2"
	fi
	cut=$((cut + 13))
done
[ $bad -eq 0 ] && pass "cut pcapng files: file and stdin agree" ||
    fail "cut pcapng files: $bad cuts disagree"
head -c 100 "$f" >"$T/cut.pcapng"
"$SEVENWAY" - <"$T/cut.pcapng" >/dev/null 2>"$T/err"
grep -q 'warning: (stdin): file is truncated in the middle of a block; kept the 0 frames' \
    "$T/err" && pass "stdin cut inside a block: warning" ||
    fail "stdin cut inside a block: '$(cat "$T/err")'"

# A newline is no pcapng file, nor anything else.
printf '\n\r\r\nnot a capture at all' >"$T/junk"
"$SEVENWAY" - <"$T/junk" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'not a pcap or pcapng' "$T/err" &&
    pass "junk starting like pcapng on stdin: exit 2" ||
    fail "junk on stdin: exit $rc, '$(cat "$T/err")'"

# -c counts across the pcapng reader as with libpcap.
n=$("$SEVENWAY" -F ndjson -c 3 "$f" 2>/dev/null | tail -1 |
    sed 's/.*"packets":\([0-9]*\).*/\1/')
[ "$n" = 3 ] && pass "-c 3 on a refused file: 3 packets" ||
    fail "-c 3 on a refused file: $n packets"
finish
