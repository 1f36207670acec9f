#!/bin/sh
# SPDX-License-Identifier: MIT
# mkseeds.sh: (re)make the seed corpora in tests/fuzz/corpus/ from the
# traces in pcaps/ and the goldens, with a built sevenway for the -F json
# documents.  Run from the top of the source tree:
#   SEVENWAY=./src/sevenway sh tests/fuzz/mkseeds.sh
# The seeds are committed; this says where they came from.
set -eu
: "${SEVENWAY:=./src/sevenway}"
C=tests/fuzz/corpus
rm -rf "$C"
mkdir -p "$C/fuzz_capture" "$C/fuzz_assert" "$C/fuzz_failon" \
    "$C/fuzz_decode" "$C/fuzz_records"

# ---- fuzz_capture: small whole captures, every link type and pcapng.
for f in pcaps/crafted/*.pcap pcaps/crafted/*.pcapng \
    pcaps/derived/from-fin.pcap pcaps/derived/lost-synack.pcap \
    pcaps/real/tfo.pcap pcaps/real/rst-in-window.pcap \
    pcaps/real/duplicates.pcap pcaps/real/idle-open.pcap; do
	[ "$(wc -c <"$f")" -le 4096 ] || continue
	cp "$f" "$C/fuzz_capture/$(basename "$(dirname "$f")")-$(basename "$f")"
done

# ---- fuzz_decode: byte 0 is the link type's index among the supported
# DLT_ values in increasing order (fuzz_decode.c), byte 1 is 0 (wire
# length = captured length), then one frame.
# Linux: 0 NULL, 1 EN10MB, 2 PPP, 3 RAW (12), 4 RAW (14), 5 PPP_SERIAL,
# 6 PPP_ETHER, 7 RAW (101, LINKTYPE_RAW), 8 C_HDLC, 9 LOOP,
# 10 LINUX_SLL, 11 IPV4, 12 IPV6, 13 LINUX_SLL2, then those added
# later: 14 FDDI.
u32() { od -An -tu4 -j"$2" -N4 "$1" | tr -d ' '; }
# frame FILE N: the bytes of record N (1-based) of a little-endian pcap.
frame() {
	off=24 i=1
	while :; do
		len=$(u32 "$1" $((off + 8)))
		if [ $i -eq "$2" ]; then
			dd if="$1" bs=1 skip=$((off + 16)) count="$len" 2>/dev/null
			return
		fi
		off=$((off + 16 + len)) i=$((i + 1))
	done
}
# seed NAME INDEX PREFIX FILE N: prefix (printf format) then frame N.
seed() {
	{ printf "\\$(printf %03o "$2")\\000$3"; frame "$4" "$5"; } \
	    >"$C/fuzz_decode/$1"
}
P=pcaps/crafted
for n in 1 2 4; do
	seed null-$n 0 '' $P/link-null.pcap $n
	seed eth-$n 1 '' $P/link-ethernet.pcap $n
	seed eth6-$n 1 '' $P/link-ipv6-ethernet.pcap $n
	seed vlan-$n 1 '' $P/link-vlan.pcap $n
	seed qinq-$n 1 '' $P/link-qinq.pcap $n
	seed raw4-$n 3 '' $P/link-raw4.pcap $n
	seed chdlc-$n 8 '' $P/link-chdlc.pcap $n
	seed loop-$n 9 '' $P/link-loop.pcap $n
	seed sll-$n 10 '' $P/link-sll.pcap $n
	seed sll2-$n 13 '' $P/link-sll2.pcap $n
done
seed ipv6ext-1 1 '' $P/mss-options-ipv6-ext.pcap 1
seed raw6-1 3 '' $P/link-raw6.pcap 1
seed rawbsd-1 4 '' $P/link-raw4.pcap 1
seed raw101-1 7 '' $P/link-raw6.pcap 1
seed ipv4-1 11 '' $P/link-raw4.pcap 1
seed ipv6-1 12 '' $P/link-raw6.pcap 2
# PPP in HDLC-like framing (RFC 1662), protocol 0x0021 (IPv4).
seed ppp-1 2 '\377\003\000\041' $P/link-raw4.pcap 1
seed pppser-1 5 '\377\003\000\041' $P/link-raw4.pcap 2
seed pppser-hdlc-1 5 '\017\000\010\000' $P/link-raw4.pcap 1
# PPPoE session (RFC 2516): ver/type, code 0, session 1, length, PPP.
seed pppoe-1 6 '\021\000\000\001\000\110\000\041' $P/link-raw4.pcap 1
seed eth-bad-1 129 '' $P/bad-checksum.pcap 1
# Link layers inside Ethernet, FDDI, and every tunnel (SYN and data).
for t in pbb vntag fabricpath; do
	seed $t-1 1 '' $P/link-$t.pcap 1
done
seed fddi-1 14 '' $P/link-fddi.pcap 1
for t in gre gre-key-seq gre-mpls gre-teb erspan1 erspan2 erspan3 ipip 6in4 4in6 \
    6in6 vxlan geneve gtpu teredo ayiya vxlan-in-gre; do
	for n in 1 4; do
		seed tunnel-$t-$n 1 '' $P/tunnel-$t.pcap $n
	done
done

# ---- fuzz_records: NDJSON goldens, and -F json documents.
for g in crafted-normal-close crafted-link-pcapng-multi crafted-rst-mid \
    crafted-refused crafted-half-open crafted-fin-bad-ack \
    crafted-simultaneous-open crafted-port-reuse crafted-midstream \
    crafted-link-raw6 crafted-tunnel-vxlan-in-gre; do
	cp "tests/golden/$g.ndjson" "$C/fuzz_records/$g.ndjson"
done
for t in rst-mid half-close syn-flood; do
	"$SEVENWAY" -F json --summary "$P/$t.pcap" \
	    >"$C/fuzz_records/$t.json" || true
done
"$SEVENWAY" -F ndjson --summary --fail-on abnormal $P/close-wait.pcap \
    $P/fin-bad-seq.pcap >"$C/fuzz_records/two-inputs.ndjson" || true

# ---- fuzz_assert and fuzz_failon: expressions as the tests write them.
i=0
while IFS= read -r e; do
	i=$((i + 1))
	printf '%s' "$e" >"$C/fuzz_assert/$(printf %02d $i)"
done <<'LIST'
all(handshake=complete)
none(close=reset)
any(close=reset & closed_by=server)
count(close=half-open) == 50
count(anomaly=fin-*) >= 1
all(client=10.0.*.1:8* & state.client=TIME_WAIT)
none(anomaly=fin-* & conn_state!=SF & closed_by=none)
any(server=[2001:db8::1]:443)
any(server=2001:db8::*)
any(client=*:43512)
all(event=retransmission & input=crafted/*)
count(state.server=CLOSE_WAIT) < 3
close=refused
client=10.0.0.1 & server=*:80
anomaly!=bad-checksum & handshake=syn-only
all(close=reset))
count(close=reset)
any(server=[2001:db8::1]:x)
LIST
i=0
while IFS= read -r e; do
	i=$((i + 1))
	printf '%s' "$e" >"$C/fuzz_failon/$(printf %02d $i)"
done <<'LIST'
abnormal
any-anomaly
reset,refused
 reset , fin-bad-ack 
half-open,unanswered,timeout
reset,
bogus
abnormal\nreset\nsynack-bad-ack,invalid-rst
LIST
printf 'abnormal\nreset\nsynack-bad-ack,invalid-rst' >"$C/fuzz_failon/08"
du -sh "$C"
