#!/bin/sh
# SPDX-License-Identifier: MIT
# checksums.sh: -K turns checksum verification off (no bad-checksum
# anomaly, no 'C' in history, the verdict of a run whose checksums are
# good), and captures made on a host that offloads checksums and
# segmentation are analysed whole, with or without -K.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
C=$top_srcdir/pcaps/crafted

# verdict FILE [OPTIONS]: the connection's verdict words, one line each.
verdict() {
	f=$1; shift
	"$SEVENWAY" -F ndjson "$@" "$C/$f" 2>/dev/null |
	    grep '"type":"connection"' |
	    sed 's/.*\("handshake":"[^"]*","close":"[^"]*","closed_by":"[^"]*","state":{[^}]*}\).*\("conn_state":"[^"]*"\).*/\1 \2/'
}

"$SEVENWAY" -F ndjson "$C/bad-checksum.pcap" >"$T/on" 2>/dev/null
"$SEVENWAY" -F ndjson -K "$C/bad-checksum.pcap" >"$T/off" 2>/dev/null
"$SEVENWAY" -F ndjson --dont-verify-checksums "$C/bad-checksum.pcap" \
    >"$T/off-long" 2>/dev/null
if grep -q '"kind":"bad-checksum"' "$T/on" &&
    grep -q '"history":"[^"]*c' "$T/on"; then
	pass "without -K the corrupted segment is bad-checksum, history c"
else
	fail "without -K: no bad-checksum anomaly or no 'c' in history"
fi
if grep -Eq '"kind":"bad-checksum"|"bad-checksum":' "$T/off"; then
	fail "-K: bad-checksum still reported"
else
	pass "-K: no bad-checksum anomaly, none in the summary"
fi
if grep '"type":"connection"' "$T/off" | grep -q '"history":"[^"]*[Cc]'; then
	fail "-K: a C letter in history"
else
	pass "-K: no C letter in history"
fi
if cmp -s "$T/off" "$T/off-long"; then
	pass "--dont-verify-checksums is -K"
else
	fail "--dont-verify-checksums differs from -K"
fi
good=$(verdict normal-close.pcap)
got=$(verdict bad-checksum.pcap -K)
if [ -n "$good" ] && [ "$got" = "$good" ]; then
	pass "-K: the verdict of a good-checksum run ($got)"
else
	fail "-K: verdict '$got', a good-checksum run gives '$good'"
fi

# Segmentation offload: nothing lost, nothing flagged, -K or not.
for opt in "" -K; do
	# shellcheck disable=SC2086
	"$SEVENWAY" -F ndjson $opt "$C/tso-zero-length.pcap" >"$T/tso" \
	    2>/dev/null
	if grep -q '"anomalies":\[\]' "$T/tso" &&
	    grep -q '"bytes":{"client":6092,' "$T/tso" &&
	    grep -q '"decode_errors":0,' "$T/tso"; then
		pass "tso-zero-length ${opt:-(verifying)}: 6092 bytes, no anomaly"
	else
		fail "tso-zero-length ${opt:-(verifying)}: $(head -c 300 "$T/tso")"
	fi
	# shellcheck disable=SC2086
	"$SEVENWAY" -F ndjson $opt "$C/offload-partial-ipv6.pcap" \
	    >"$T/off6" 2>/dev/null
	if grep -q '"anomalies":\[\]' "$T/off6" &&
	    grep -q '"close":"client-close"' "$T/off6"; then
		pass "offload-partial-ipv6 ${opt:-(verifying)}: no anomaly"
	else
		fail "offload-partial-ipv6 ${opt:-(verifying)}"
	fi
done
finish
