#!/bin/sh
# SPDX-License-Identifier: MIT
# derive-traces.sh: one-sided and lossy captures (pcaps/derived/README.md):
# the verdict, both end states, which steps are inferred, and no
# anomaly.  The inferred steps have no frame and no time.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
D=$top_srcdir/pcaps/derived

# check FILE HANDSHAKE CLOSE BY CLIENT-STATE SERVER-STATE INFERRED
check() {
	f=$1 want="$2 $3 $4 $5 $6 $7"
	"$SEVENWAY" -F ndjson "$D/$f.pcap" >"$T/out" 2>"$T/err"
	c=$(head -n 1 "$T/out")
	hs=$(echo "$c" | sed 's/.*"handshake":"\([^"]*\)".*/\1/')
	cl=$(echo "$c" | sed 's/.*"close":"\([^"]*\)".*/\1/')
	by=$(echo "$c" | sed 's/.*"closed_by":"*\([a-z]*\)"*,.*/\1/')
	st=$(echo "$c" | sed 's/.*"state":{"client":"\([A-Z_0-9]*\)","server":"\([A-Z_0-9]*\)"}.*/\1 \2/')
	inf=$(echo "$c" | grep -o '"step":[0-9],[^}]*"inferred":true' |
	    sed 's/"step":\([0-9]\).*/\1/' | tr '\n' ',' | sed 's/,$//')
	got="$hs $cl $by $st ${inf:--}"
	if [ "$got" = "$want" ]; then
		pass "$f: $got"
	else
		fail "$f: '$got', wanted '$want'"
	fi
	if echo "$c" | grep -q '"anomalies":\[\]'; then
		pass "$f: no anomaly"
	else
		fail "$f: $(echo "$c" | grep -o '"anomalies":\[[^]]*\]')"
	fi
	if echo "$c" | grep -q '"inferred":true,"frame"\|"frame":[0-9]*,"ts":[0-9.]*,[^}]*"inferred"'
	then
		fail "$f: an inferred step has a frame"
	else
		pass "$f: inferred steps have no frame"
	fi
}

check client-close-client-only complete client-close client TIME_WAIT CLOSED 2,5,6
check client-close-server-only complete client-close client FIN_WAIT_2 LAST_ACK 1,3,4
check server-close-client-only complete server-close server LAST_ACK FIN_WAIT_2 2,4
check server-close-server-only complete server-close server CLOSED TIME_WAIT 1,3,5,6
check close-wait-server-only complete half-closed client FIN_WAIT_2 CLOSE_WAIT 1,3,4
check half-close-client-only complete client-close client TIME_WAIT CLOSED 2,5,6
check ipv6-close-server-only complete client-close client FIN_WAIT_2 LAST_ACK 1,3,4
check from-synack complete client-close client TIME_WAIT CLOSED 1
check from-fin none client-close client TIME_WAIT CLOSED -
check lost-synack complete client-close client TIME_WAIT CLOSED 2
check lost-fin-ack complete client-close client TIME_WAIT CLOSED 5,6

# The text view marks them in place of the frame.
"$SEVENWAY" "$D/client-close-client-only.pcap" >"$T/text"
if grep -q '^  2 syn-ack   (inferred)  *S->C  SA   seq 0 ack 1  ' "$T/text"
then
	pass "text: an inferred step reads (inferred)"
else
	fail "text: $(sed -n 3p "$T/text")"
fi

# Keepalives at RFC 1122's two-hour interval: one connection, whole.
"$SEVENWAY" -F ndjson "$D/keepalive-2h.pcap" >"$T/ka"
n=$(grep -c '"type":"connection"' "$T/ka")
if [ "$n" -eq 1 ] && grep -q '"handshake":"complete","close":"client-close"' \
    "$T/ka" && grep -q '"events":{"keepalive":2}' "$T/ka" &&
    grep -q '"midstream":false' "$T/ka"; then
	pass "keepalive-2h: one connection, client-close, 2 keepalives"
else
	fail "keepalive-2h: $n connections: $(cut -c1-300 "$T/ka")"
fi
n=$("$SEVENWAY" -F ndjson --idle-timeout 3600 "$D/keepalive-2h.pcap" |
	grep -c '"type":"connection"')
[ "$n" -eq 3 ] && pass "keepalive-2h under --idle-timeout 3600: split in 3" ||
	fail "keepalive-2h under --idle-timeout 3600: $n connections"

# Every frame twice: the same verdicts and counts (frame numbers shift),
# plus one duplicate per TCP frame.
# fields: handshake to state, anomalies to bytes: what a verdict is.
fields() {
	head -n 1 | sed 's/.*\("handshake".*"state":{[^}]*}\).*\("anomalies".*"bytes":{[^}]*}\).*/\1 \2/'
}
for t in client-close lossy-transfer; do
	"$SEVENWAY" -F ndjson "$top_srcdir/pcaps/real/$t.pcap" >"$T/o"
	fields <"$T/o" >"$T/once"
	"$SEVENWAY" -F ndjson "$D/$t-twice.pcap" | fields >"$T/twice"
	n=$(sed -n 's/.*"tcp_packets":\([0-9]*\).*/\1/p' "$T/o")
	# The events gain "duplicate":N at the end.
	sed 's/}, *"packets"/,"duplicate":'"$n"'},"packets"/; s/"events":{,/"events":{/' \
	    "$T/once" | sed 's/},"packets"/},"packets"/' >"$T/want"
	if cmp -s "$T/want" "$T/twice"; then
		pass "$t-twice: the same connection, $n duplicates"
	else
		fail "$t-twice: differs"
		diff "$T/want" "$T/twice" | cut -c1-300 | head -4
	fi
done

# Segments after the end: counted in the connection while it is held,
# late packets once it has been reported.
late() {
	name=$1 want=$2
	got=$("$SEVENWAY" -F ndjson "$D/$name.pcap" | tr '\n' ' ' | sed \
	    's/.*"close":"\([a-z-]*\)".*"packets":{"client":\([0-9]*\),"server":\([0-9]*\)}.*"late_packets":\([0-9]*\).*/\1 \2\/\3 late \4/')
	[ "$got" = "$want" ] && pass "$name: $got" ||
	    fail "$name: '$got', wanted '$want'"
}
late late-segments "client-close 7/5 late 0"
late late-after-delay "client-close 6/4 late 2"

# Eviction by --idle-timeout changes the close value (and says so in
# "evicted"), nothing else.
R=$top_srcdir/pcaps/real/idle-open.pcap
"$SEVENWAY" -F ndjson "$R" | grep '"type":"connection"' |
	sed 's/"close":"[a-z]*"/"close":"X"/; s/,"evicted":"idle"//' >"$T/kept"
"$SEVENWAY" -F ndjson --idle-timeout 0.02 "$R" |
	grep '"type":"connection"' | sed 's/"close":"[a-z]*"/"close":"X"/; s/,"evicted":"idle"//' \
	>"$T/evicted"
if cmp -s "$T/kept" "$T/evicted" && [ -s "$T/kept" ]; then
	pass "idle eviction changes only close"
else
	fail "idle eviction changes more than close"
	diff "$T/kept" "$T/evicted" | head -4
fi
finish
