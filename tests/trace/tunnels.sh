#!/bin/sh
# SPDX-License-Identifier: MIT
# tunnels.sh: the connection inside each crafted tunnel and link-layer
# trace, field by field: one connection, its seven steps and a client
# close, the inner endpoints, the "tunnel" member (type, outer endpoints,
# identifier) exactly, the summary's frames per tunnel type, nothing
# skipped; the short forms of the text, -F line and -F zeek views; the
# record round trip of the tunnel; and, when tshark is installed, the
# number of TCP connections tshark's `-z conv,tcp` finds in each trace.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
cd "$top_srcdir/pcaps/crafted" || exit 1

v4='"client":{"ip":"10.1.0.1","port":41001},"server":{"ip":"10.2.0.2","port":80}'
v6='"client":{"ip":"2001:db8:1::1","port":41001},"server":{"ip":"2001:db8:2::2","port":80}'
o4='"outer":{"src":{"ip":"192.0.2.1"},"dst":{"ip":"192.0.2.2"}}'
o6='"outer":{"src":{"ip":"2001:db8:ffff::1"},"dst":{"ip":"2001:db8:ffff::2"}}'
u4() { echo "\"outer\":{\"src\":{\"ip\":\"192.0.2.$1\",\"port\":$2},\"dst\":{\"ip\":\"192.0.2.$3\",\"port\":$4}}"; }

# FILE  INNER  TUNNEL-JSON (or "-")  SUMMARY-TUNNELS (or "-")  SHORT-FORM
cat >"$T/cases" <<EOF
link-pbb.pcap	$v4	-	-	-
link-vntag.pcap	$v4	-	-	-
link-fabricpath.pcap	$v4	-	-	-
link-fddi.pcap	$v4	-	-	-
tunnel-gre.pcap	$v4	[{"type":"gre",$o4}]	{"gre":11}	gre 192.0.2.1>192.0.2.2
tunnel-gre-key-seq.pcap	$v4	[{"type":"gre",$o4,"key":7}]	{"gre":11}	gre:7 192.0.2.1>192.0.2.2
tunnel-gre-mpls.pcap	$v4	[{"type":"gre",$o4}]	{"gre":11}	gre 192.0.2.1>192.0.2.2
tunnel-gre-teb.pcap	$v4	[{"type":"gre",$o4}]	{"gre":11}	gre 192.0.2.1>192.0.2.2
tunnel-erspan1.pcap	$v4	[{"type":"erspan",$o4}]	{"erspan":11}	erspan 192.0.2.1>192.0.2.2
tunnel-erspan2.pcap	$v4	[{"type":"erspan",$o4,"session":100}]	{"erspan":11}	erspan:100 192.0.2.1>192.0.2.2
tunnel-erspan3.pcap	$v4	[{"type":"erspan",$o4,"session":200}]	{"erspan":11}	erspan:200 192.0.2.1>192.0.2.2
tunnel-ipip.pcap	$v4	[{"type":"ipip",$o4}]	{"ipip":11}	ipip 192.0.2.1>192.0.2.2
tunnel-6in4.pcap	$v6	[{"type":"6in4",$o4}]	{"6in4":11}	6in4 192.0.2.1>192.0.2.2
tunnel-4in6.pcap	$v4	[{"type":"4in6",$o6}]	{"4in6":11}	4in6 2001:db8:ffff::1>2001:db8:ffff::2
tunnel-6in6.pcap	$v6	[{"type":"6in6",$o6}]	{"6in6":11}	6in6 2001:db8:ffff::1>2001:db8:ffff::2
tunnel-vxlan.pcap	$v4	[{"type":"vxlan",$(u4 1 50001 2 4789),"vni":42}]	{"vxlan":11}	vxlan:42 192.0.2.1>192.0.2.2
tunnel-geneve.pcap	$v4	[{"type":"geneve",$(u4 1 50001 2 6081),"vni":5001}]	{"geneve":11}	geneve:5001 192.0.2.1>192.0.2.2
tunnel-gtpu.pcap	$v4	[{"type":"gtp-u",$(u4 1 2152 2 2152),"teid":4097}]	{"gtp-u":11}	gtp-u:4097 192.0.2.1>192.0.2.2
tunnel-teredo.pcap	$v6	[{"type":"teredo",$(u4 1 50001 2 3544)}]	{"teredo":11}	teredo 192.0.2.1>192.0.2.2
tunnel-teredo-anyport.pcap	$v6	[{"type":"teredo",$(u4 1 50001 2 40444)}]	{"teredo":11}	teredo 192.0.2.1>192.0.2.2
tunnel-ayiya.pcap	$v6	[{"type":"ayiya",$(u4 1 50001 2 5072)}]	{"ayiya":11}	ayiya 192.0.2.1>192.0.2.2
tunnel-asymmetric.pcap	$v4	[{"type":"gre",$o4,"key":7}]	{"gre":6,"vxlan":5}	gre:7 192.0.2.1>192.0.2.2
tunnel-vxlan-in-gre.pcap	$v4	[{"type":"gre",$o4,"key":7},{"type":"vxlan",$(u4 11 50001 12 4789),"vni":42}]	{"gre":11,"vxlan":11}	gre:7 192.0.2.1>192.0.2.2 / vxlan:42 192.0.2.11>192.0.2.12
EOF

has() {	# has WHAT FILE STRING: the fixed string is in the file
	if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no $3"; fi
}

tab=$(printf '\t')
while IFS=$tab read -r f inner tun sum short; do
	[ -f "$f" ] || { fail "$f: missing"; continue; }
	"$SEVENWAY" -F ndjson "$f" >"$T/nd" 2>"$T/err" || fail "$f: exit $?"
	[ -s "$T/err" ] && fail "$f: stderr: $(head -c 200 "$T/err")"
	grep '"type":"connection"' "$T/nd" >"$T/conn"
	n=$(wc -l <"$T/conn")
	[ "$n" -eq 1 ] && pass "$f: 1 connection" ||
	    fail "$f: $n connections"
	has "$f: inner endpoints" "$T/conn" "$inner"
	has "$f: handshake and close" "$T/conn" \
	    '"handshake":"complete","close":"client-close","closed_by":"client","state":{"client":"TIME_WAIT","server":"CLOSED"}'
	steps=$(grep -o '"step":[0-9]' "$T/conn" | tr -d '\n')
	[ "$steps" = '"step":1"step":2"step":3"step":4"step":5"step":6"step":7' ] &&
	    pass "$f: seven steps" || fail "$f: steps $steps"
	has "$f: every step ok" "$T/conn" '"anomalies":[],"events":{}'
	has "$f: packets" "$T/conn" '"packets":{"client":6,"server":5}'
	has "$f: nothing skipped" "$T/nd" \
	    '"tcp_packets":11,"connections":1,"decode_errors":0,"skipped":{},"unsupported_encap":{}'
	if [ "$tun" = - ]; then
		grep -q '"tunnel"' "$T/nd" && fail "$f: a tunnel member" ||
		    pass "$f: no tunnel member"
		continue
	fi
	has "$f: tunnel" "$T/conn" "\"server\":{${inner#*\"server\":\{},\"tunnel\":$tun,\"start\""
	has "$f: summary tunnels" "$T/nd" "\"unsupported_encap\":{},\"tunnels\":$sum,\"close\""
	"$SEVENWAY" "$f" >"$T/text"
	has "$f: text" "$T/text" "duration 0.038250 s  via $short"
	"$SEVENWAY" -F line "$f" >"$T/line"
	has "$f: line" "$T/line" " via=$(echo "$short" | sed 's| / |/|g; s/ /@/g')"
	"$SEVENWAY" -F zeek "$f" | grep -v '^#' | awk -F'\t' '{ print $21 }' >"$T/zk"
	nl=$(echo "$short" | awk -F' / ' '{ print NF }')
	grep -Eq "^C[0-9A-Za-z]{17}(,C[0-9A-Za-z]{17}){$((nl - 1))}\$" "$T/zk" &&
	    pass "$f: zeek tunnel_parents" ||
	    fail "$f: zeek tunnel_parents $(cat "$T/zk")"
	# The record read back keeps the tunnel.
	"$SEVENWAY" -F ndjson "$T/nd" >"$T/nd2" 2>&1
	if cmp -s "$T/nd" "$T/nd2"; then pass "$f: record round trip"
	else fail "$f: record round trip"; diff "$T/nd" "$T/nd2" | head -4; fi
done <"$T/cases"

# A record whose tunnel was not kept (an empty array) reads back as such.
"$SEVENWAY" -F ndjson tunnel-vxlan.pcap |
    sed 's/"tunnel":\[[^]]*\]/"tunnel":[]/' >"$T/nk"
"$SEVENWAY" -F ndjson "$T/nk" >"$T/nk2"
has "not kept: JSON" "$T/nk2" '"server":{"ip":"10.2.0.2","port":80},"tunnel":[],"start"'
SEVENWAY_JSON=jansson "$SEVENWAY" -F ndjson "$T/nk" >"$T/nk3"
cmp -s "$T/nk2" "$T/nk3" && pass "not kept: jansson and the writer agree" ||
    fail "not kept: jansson and the writer differ"
"$SEVENWAY" "$T/nk" >"$T/nkt"
has "not kept: text" "$T/nkt" "duration 0.038250 s  via ?"
"$SEVENWAY" -F zeek "$T/nk" | grep -v '^#' | cut -f21 >"$T/nkz"
has "not kept: zeek" "$T/nkz" "(empty)"
# A record with a tunnel type sevenway does not know is refused.
"$SEVENWAY" -F ndjson tunnel-vxlan.pcap |
    sed 's/"type":"vxlan"/"type":"nvgre"/' >"$T/bad"
if "$SEVENWAY" "$T/bad" >/dev/null 2>"$T/bad.err"; then
	fail "unknown tunnel type accepted"
else
	has "unknown tunnel type refused" "$T/bad.err" "unknown tunnel type 'nvgre'"
fi

# tshark: the TCP connections of each trace (conversations, as its
# Statistics > Conversations counts them), Teredo also by content.
TS=${TSHARK:-tshark}
if command -v "$TS" >/dev/null 2>&1 || [ -x "$TS" ]; then
	while IFS=$tab read -r f rest; do
		t=$("$TS" -r "$f" --enable-heuristic teredo_udp -q -z conv,tcp \
		    2>/dev/null | grep -c '<->')
		o=$("$SEVENWAY" -F ndjson "$f" | grep -c '"type":"connection"')
		[ "$t" = "$o" ] && pass "$f: tshark and sevenway see $o" ||
		    fail "$f: tshark sees $t connections, sevenway $o"
	done <"$T/cases"
else
	echo "SKIP: tshark not installed: no -z conv,tcp cross-check"
fi
finish
