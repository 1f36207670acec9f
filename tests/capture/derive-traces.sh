#!/bin/sh
# SPDX-License-Identifier: MIT
# derive-traces.sh -- derive captures from the real kernel captures in
# pcaps/real and the crafted ones in pcaps/crafted, as a capture point
# would see them behind asymmetric routing (one direction only, a capture
# filter on the address), with single segments lost (a frame removed),
# or with hours of silence between keepalives (timestamps shifted).
#
#   tests/capture/derive-traces.sh [OUTDIR]     (default pcaps/derived)
#
# Needs tcpdump and editcap (Wireshark).  The output is committed;
# pcaps/derived/README.md says what each file must show.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
real=$top/pcaps/real
out=${1:-$top/pcaps/derived}
mkdir -p "$out"
C='src host 10.77.0.1 or src host fd77::1'
S='src host 10.77.0.2 or src host fd77::2'

# only TRACE DIRECTION NAME: keep the segments one side sent.
only() {
	tcpdump -r "$real/$1.pcap" -w "$out/$3.pcap" "$2" 2>/dev/null
}
# keep/drop TRACE NAME FRAMES: keep only, or drop, those frames.
keep() { editcap -r "$real/$1.pcap" "$out/$2.pcap" "$3"; }
drop() { editcap "$real/$1.pcap" "$out/$2.pcap" "$3"; }

only client-close "$C" client-close-client-only
only client-close "$S" client-close-server-only
only server-close "$C" server-close-client-only
only server-close "$S" server-close-server-only
only close-wait "$S" close-wait-server-only
only half-close "$C" half-close-client-only
only ipv6-close "$S" ipv6-close-server-only
# client-close.pcap: 1-2 ARP, 3 SYN, 4 SYN-ACK, 5 ACK, ... 10 FIN,
# 11 FIN+ACK, 12 ACK.
keep client-close from-synack 4-12
keep client-close from-fin 10-12
drop client-close lost-synack 4
drop client-close lost-fin-ack 11

# crafted/keepalive.pcap with RFC 1122's keepalive interval: its first
# keepalive exchange (frames 8-9) two hours after the last data, the rest
# (the last keepalive, more data, the close) two hours after that.
k=$top/pcaps/crafted/keepalive.pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
editcap -r "$k" "$tmp/a.pcap" 1-7
editcap -r -t 7140 "$k" "$tmp/b.pcap" 8-9
editcap -r -t 14265 "$k" "$tmp/c.pcap" 10-19
mergecap -a -w "$out/keepalive-2h.pcap" "$tmp/a.pcap" "$tmp/b.pcap" \
    "$tmp/c.pcap"

# Every frame captured twice, 50 µs apart (a SPAN port, or a capture on
# two interfaces of the path): the duplicates change nothing.
for t in client-close lossy-transfer; do
	editcap -t 0.00005 "$real/$t.pcap" "$tmp/shifted.pcap"
	mergecap -w "$out/$t-twice.pcap" "$real/$t.pcap" "$tmp/shifted.pcap"
done

# client-close.pcap's server FIN+ACK and the client's last ACK again,
# as after a lost last ACK: 0.2 s later, within the close delay (they
# count in the connection), and 10 s later (late packets).
editcap -r -t 0.2 "$real/client-close.pcap" "$tmp/late.pcap" 11-12
mergecap -a -w "$out/late-segments.pcap" "$real/client-close.pcap" \
    "$tmp/late.pcap"
editcap -r -t 10 "$real/client-close.pcap" "$tmp/later.pcap" 11-12
mergecap -a -w "$out/late-after-delay.pcap" "$real/client-close.pcap" \
    "$tmp/later.pcap"
