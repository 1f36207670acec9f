#!/bin/sh
# SPDX-License-Identifier: MIT
# communityid-xcheck.sh: every connection's community_id equals the
# Community ID tshark gives the connection's first frame (Wireshark's
# "communityid" post-dissector, seed 0), on the real traces and the
# crafted ones of every link type, IPv4 and IPv6.
# Skipped when tshark is missing or has no communityid protocol (before
# Wireshark 3.4).
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
TS=${TSHARK:-tshark}
command -v "$TS" >/dev/null 2>&1 || [ -x "$TS" ] || skip "tshark not installed"
# The protocol's own field carries the ID (-e communityid).
"$TS" -G protocols 2>/dev/null | grep -q "	communityid$" ||
    skip "this tshark has no communityid protocol"

for f in "$top_srcdir"/pcaps/real/*.pcap "$top_srcdir"/pcaps/crafted/link-* \
    "$top_srcdir"/pcaps/crafted/mss-options-ipv6-ext.pcap; do
	b=${f#"$top_srcdir"/pcaps/}
	"$TS" --enable-protocol communityid -r "$f" -T fields \
	    -e frame.number -e communityid 2>/dev/null |
	    awk -F'\t' '$2 != "" { print $1, $2 }' | sort -k1,1 >"$T/tshark"
	"$SEVENWAY" -F ndjson "$f" 2>/dev/null | grep '"type":"connection"' |
	    sed 's/.*"community_id":"\([^"]*\)".*"first_frame":\([0-9]*\).*/\2 \1/' |
	    sort -k1,1 >"$T/ours"
	if [ ! -s "$T/ours" ]; then
		fail "$b: no connection"
		continue
	fi
	# Lines "FRAME OURS [TSHARK]"; a connection whose IDs differ fails.
	join -a 1 "$T/ours" "$T/tshark" | awk '$2 != $3' >"$T/bad"
	n=$(wc -l <"$T/ours")
	if [ -s "$T/bad" ]; then
		fail "$b: $(wc -l <"$T/bad") of $n connections differ:"
		awk '{ printf "    frame %s: sevenway %s, tshark %s\n", $1, $2,
		    (NF > 2 ? $3 : "none") }' "$T/bad" | head -5
	else
		pass "$b: $n connections"
	fi
done
finish
