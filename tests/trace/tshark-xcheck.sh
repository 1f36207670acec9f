#!/bin/sh
# SPDX-License-Identifier: MIT
# tshark-xcheck.sh: per trace, the number of TCP connections and each
# connection's handshake and close completeness agree with tshark's
# tcp.completeness (1 SYN, 2 SYN-ACK, 4 ACK, 8 data, 16 FIN, 32 RST),
# unless tests/trace/tshark-allow.txt explains the disagreement.
#
# Connections are matched by their first frame.  Classes compared:
#   handshake  3way (complete, simultaneous-open) | syn-synack | syn | none
#   close      fin (a FIN close, also half-closed) | rst (reset, refused)
#              | none (open, unanswered, unreachable, half-open, timeout:
#                tshark does not count ICMP errors either)
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
TS=${TSHARK:-tshark}
command -v "$TS" >/dev/null 2>&1 || [ -x "$TS" ] || skip "tshark not installed"
allow=$top_srcdir/tests/trace/tshark-allow.txt

for f in "$top_srcdir"/pcaps/crafted/*.pcap* "$top_srcdir"/pcaps/real/*.pcap; do
	b=$(basename "$f")
	# tshark: first frame of each stream and its final completeness.
	# Teredo is also found by content, as sevenway does.
	"$TS" -2 -r "$f" --enable-heuristic teredo_udp -T fields -e tcp.stream -e frame.number \
	    -e tcp.completeness 2>/dev/null |
	    awk -F'\t' '$1 != "" && !seen[$1]++ {
		c = $3 + 0
		if (c % 8 == 7) hs = "3way"; else if (c % 4 == 3) hs = "syn-synack"; else if (c % 2 == 1) hs = "syn"; else hs = "none"
		if (int(c / 32) % 2) cl = "rst"; else if (int(c / 16) % 2) cl = "fin"; else cl = "none"
		print $2, hs, cl }' | sort >"$T/tshark"
	"$SEVENWAY" -F ndjson "$f" 2>/dev/null | grep '"type":"connection"' |
	    sed 's/.*"first_frame":\([0-9]*\).*"handshake":"\([^"]*\)","close":"\([^"]*\)".*/\1 \2 \3/' |
	    awk '{
		if ($2 == "complete" || $2 == "simultaneous-open") hs = "3way"; else if ($2 == "syn-synack") hs = "syn-synack"; else if ($2 == "syn-only") hs = "syn"; else hs = "none"
		if ($3 == "reset" || $3 == "refused") cl = "rst"; else if ($3 ~ /close$/ || $3 == "simultaneous" || $3 == "half-closed") cl = "fin"; else cl = "none"
		print $1, hs, cl }' | sort >"$T/ours"
	nt=$(wc -l <"$T/tshark"); no=$(wc -l <"$T/ours")
	if [ "$nt" -ne "$no" ]; then
		why=$(grep "^$b count " "$allow" 2>/dev/null)
		if [ -n "$why" ]; then pass "$b: count differs, allowed: ${why#* count }"
		else fail "$b: tshark sees $nt connections, sevenway $no"; fi
	fi
	join "$T/tshark" "$T/ours" | while read -r frame ths tcl ohs ocl; do
		for what in handshake close; do
			if [ $what = handshake ]; then t=$ths o=$ohs
			else t=$tcl o=$ocl; fi
			key="$b $frame $what"
			if [ "$t" = "$o" ]; then
				echo "PASS: $key $o"
			elif why=$(grep "^$key " "$allow" 2>/dev/null); then
				echo "PASS: $key tshark=$t sevenway=$o, allowed: ${why#"$key "}"
			else
				echo "FAIL: $key tshark=$t sevenway=$o"
			fi
		done
	done >"$T/res"
	cat "$T/res"
	passes=$((passes + $(grep -c '^PASS' "$T/res")))
	fails=$((fails + $(grep -c '^FAIL' "$T/res")))
done
finish
