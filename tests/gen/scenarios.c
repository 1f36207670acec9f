/* SPDX-License-Identifier: MIT */
/*
 * scenarios.c: the table of crafted traces and the verdict a TCP expert
 * expects from each, in DESIGN.md §3 vocabulary.
 *
 * This table is the single source of truth: gen-traces writes the files
 * from it, prints it for tests (--list) and renders the README's table
 * from it (--markdown).  Anomalies are not listed here: the builders
 * record them with their frame numbers while they write the packets.
 */
#include "scenarios.h"

#define EXPECT(n, hs, cl, by, st_c, st_s, ev)				\
	.conns = (n), .handshake = (hs), .close = (cl), .closed_by = (by), \
	.client = (st_c), .server = (st_s), .events = (ev)
/* The outcome of the reference connection. */
#define CLIENT_CLOSE(ev)						\
	EXPECT(1, "complete", "client-close", "client", "TIME_WAIT",	\
	    "CLOSED", ev)
/* The reference connection under another link type or file format. */
#define VARIANT(f, fm, lk, six, w)					\
	{ .file = (f), .fmt = (fm), .link = (lk), .v6 = (six),		\
	  .build = sc_normal_close, .what = (w), CLIENT_CLOSE("-") }

/* The reference connection inside tunnels (outermost first). */
#define TUNNEL(f, six, w, ...)						\
	{ .file = (f), .v6 = (six), .build = sc_normal_close,		\
	  .tun = { __VA_ARGS__ }, .what = (w), CLIENT_CLOSE("-") }

const struct scenario gen_scenarios[] = {
	{ .file = "normal-close.pcap", .build = sc_normal_close,
	  .what = "Handshake, 320-byte request, server ACK, 640-byte "
	    "response, client ACK; client FIN, server ACK, server FIN, "
	    "client ACK.",
	  CLIENT_CLOSE("-") },
	{ .file = "fin-finack-ack.pcap", .build = sc_fin_finack_ack,
	  .what = "Three-segment close: client FIN, server FIN+ACK, client "
	    "ACK.",
	  .note = "Steps 5 and 6 are the same frame.",
	  CLIENT_CLOSE("-") },
	{ .file = "server-close.pcap", .build = sc_server_close,
	  .what = "The server sends the first FIN (4-way close).",
	  EXPECT(1, "complete", "server-close", "server", "CLOSED",
	      "TIME_WAIT", "-") },
	{ .file = "synack-bad-ack.pcap", .build = sc_synack_bad_ack,
	  .what = "The SYN-ACK acks j+2 instead of j+1; the client "
	    "completes anyway (ACK k+1), then data and a normal close.",
	  .note = "The bad ACK is one anomaly, not also ack-unseen-data.",
	  CLIENT_CLOSE("-") },
	{ .file = "ack-bad-ack.pcap", .build = sc_ack_bad_ack,
	  .what = "The final handshake ACK acks k+2; the client's later "
	    "segments ack k+1.",
	  CLIENT_CLOSE("-") },
	{ .file = "fin-bad-ack.pcap", .build = sc_fin_bad_ack,
	  .what = "The server acks the client's FIN with m+2; its own FIN "
	    "acks m+1 and the client acks n+1.",
	  CLIENT_CLOSE("-") },
	{ .file = "fin-bad-seq.pcap", .build = sc_fin_bad_seq,
	  .what = "The client's FIN has seq m+10 with nothing sent after m; "
	    "the server acks the FIN as sent (m+11), then closes.",
	  .note = "Whether m+11 also counts as ack-unseen-data is not "
	    "asserted; an expert judges the ACK against the FIN as sent.",
	  CLIENT_CLOSE("-") },
	{ .file = "simultaneous-open.pcap", .build = sc_simultaneous_open,
	  .what = "SYN crosses SYN, each side sends SYN-ACK (no third "
	    "segment), then data and a normal client close.",
	  .note = "The SYN-ACKs repeat each side's ISN as RFC 9293 says; "
	    "they are not retransmissions (Wireshark calls them so).",
	  EXPECT(1, "simultaneous-open", "client-close", "client",
	      "TIME_WAIT", "CLOSED", "-") },
	{ .file = "syn-retransmit.pcap", .build = sc_syn_retransmit,
	  .what = "SYN, the same SYN again 1 s later, SYN-ACK, ACK, data, "
	    "close.",
	  CLIENT_CLOSE("syn-retransmit:1") },
	{ .file = "synack-retransmit.pcap", .host = S2C,
	  .build = sc_synack_retransmit,
	  .what = "Captured on the server: SYN, SYN-ACK, the same SYN-ACK "
	    "1 s later, ACK, data, close.",
	  CLIENT_CLOSE("synack-retransmit:1") },
	{ .file = "half-open.pcap", .host = S2C,
	  .build = sc_half_open,
	  .what = "Captured on the server: SYN, SYN-ACK, SYN-ACK again "
	    "after 1 s; never acked, no RST.",
	  EXPECT(1, "syn-synack", "half-open", "-", "SYN_SENT", "SYN_RCVD",
	      "synack-retransmit:1") },
	{ .file = "syn-flood.pcap", .host = S2C,
	  .build = sc_syn_flood,
	  .what = "Captured on the server: 50 SYNs without options from 50 "
	    "spoofed sources (203.0.113.1-25, 198.51.100.1-25), each "
	    "answered by a SYN-ACK, none acked.",
	  .note = "Each of the 50 connections is half-open; --summary "
	    "counts 50 half-open on 10.2.0.2:80 and flags syn-flood.",
	  EXPECT(50, "syn-synack", "half-open", "-", "SYN_SENT", "SYN_RCVD",
	      "-"),
	  .extra = "summary=syn-flood" },
	{ .file = "unanswered.pcap", .build = sc_unanswered,
	  .what = "SYN and two retransmissions at 1 s and 3 s; nothing "
	    "else.",
	  .note = "Nothing answered, so the server is only assumed to "
	    "listen.",
	  EXPECT(1, "syn-only", "unanswered", "-", "SYN_SENT", "LISTEN",
	      "syn-retransmit:2") },
	{ .file = "refused.pcap", .build = sc_refused,
	  .what = "SYN answered by RST+ACK with seq 0, ack j+1.",
	  EXPECT(1, "syn-only", "refused", "server", "CLOSED", "CLOSED",
	      "-") },
	{ .file = "icmp-unreachable.pcap", .build = sc_icmp_unreachable,
	  .what = "SYN answered by ICMP 3/1 (host unreachable) from the "
	    "router 10.1.0.254, quoting the IP header and 8 TCP bytes; the "
	    "same SYN 1 s later, the same error.  Then over IPv6 another "
	    "client's SYN answered by ICMPv6 1/1 (administratively "
	    "prohibited) from 2001:db8:1::fe, quoting the whole segment.",
	  .note = "Each ICMP error is an icmp-error event of its "
	    "connection (the planted frames and type/code are checked); no "
	    "connection is made for them.",
	  EXPECT(2, "syn-only", "unreachable", "-", "CLOSED", "LISTEN",
	      "syn-retransmit?,icmp-error") },
	{ .file = "midstream.pcap", .build = sc_midstream,
	  .what = "Starts inside a download: the first frame is server "
	    "data, then ACKs, a request/response and a client close; no "
	    "SYN.",
	  .note = "The server is the endpoint on port 80 (the first "
	    "frame's receiver is the client).",
	  EXPECT(1, "none", "client-close", "client", "TIME_WAIT", "CLOSED",
	      "-"),
	  .extra = "midstream=true" },
	{ .file = "rst-outside-window.pcap", .build = sc_rst_outside_window,
	  .what = "Established; a blind RST (no ACK) with seq 2^30 beyond "
	    "the client's RCV.NXT; the connection goes on and closes "
	    "normally.",
	  .note = "RFC 5961 §3.2: the RST is ignored.",
	  CLIENT_CLOSE("-") },
	{ .file = "rst-with-data.pcap", .build = sc_rst_with_data,
	  .what = "Established; the server sends an in-window RST+ACK "
	    "(seq = its next seq) carrying 20 bytes of text.",
	  EXPECT(1, "complete", "reset", "server", "CLOSED", "CLOSED", "-") },
	{ .file = "rst-mid.pcap", .build = sc_rst_mid,
	  .what = "Established, data, then the client aborts with a valid "
	    "RST+ACK.",
	  EXPECT(1, "complete", "reset", "client", "CLOSED", "CLOSED", "-") },
	{ .file = "data-after-fin.pcap", .build = sc_data_after_fin,
	  .what = "Client FIN at m, then 100 new bytes at m+1; the server "
	    "acks m+1 only, sends its FIN, the client acks n+1.",
	  CLIENT_CLOSE("-") },
	{ .file = "fin-with-data.pcap", .build = sc_fin_with_data,
	  .what = "The client's last 100 bytes carry the FIN "
	    "(FIN+PSH+ACK); normal close.",
	  .note = "Step 4's seq is m = segment seq + 100, step 5 acks m+1.",
	  CLIENT_CLOSE("-") },
	{ .file = "rst-after-fin.pcap", .build = sc_rst_after_fin,
	  .what = "Client FIN, server ACK, then a server RST+ACK instead of "
	    "its FIN.",
	  EXPECT(1, "complete", "reset", "server", "CLOSED", "CLOSED", "-") },
	{ .file = "half-close.pcap", .build = sc_half_close,
	  .what = "Request, client FIN, server ACK, three 500-byte server "
	    "segments each acked by the client, server FIN, client ACK.",
	  .note = "The server's data after the client's FIN is allowed.",
	  CLIENT_CLOSE("-") },
	{ .file = "close-wait.pcap", .build = sc_close_wait,
	  .what = "Client FIN, server ACK; the server never closes before "
	    "the capture ends.",
	  .note = "--summary reports a connection left in CLOSE_WAIT.",
	  EXPECT(1, "complete", "half-closed", "client", "FIN_WAIT_2",
	      "CLOSE_WAIT", "-") },
	{ .file = "zero-window.pcap", .build = sc_zero_window,
	  .what = "The server advertises window 0; the client probes with "
	    "seq SND.NXT-1 and no data, then one byte at SND.NXT (refused); "
	    "a window update reopens, the upload resumes at SND.NXT.",
	  .note = "The keepalive-shaped probe is a zero-window probe, not "
	    "a keepalive, because the peer's window is 0 (Wireshark calls "
	    "it keep-alive).  The refused probe byte does not advance "
	    "SND.NXT, so the next segment is no retransmission.  The ACKs "
	    "answering probes may count as dup-ack.",
	  CLIENT_CLOSE("zero-window,zero-window-probe:2,window-update:1,"
	      "dup-ack?") },
	{ .file = "keepalive.pcap", .build = sc_keepalive,
	  .what = "Established, idle 60 s, then two keepalives (seq "
	    "SND.NXT-1, no data) 75 s apart, each acked; more data, close.",
	  .note = "The keepalive ACKs may count as dup-ack.",
	  CLIENT_CLOSE("keepalive:2,dup-ack?") },
	{ .file = "seq-wrap.pcap", .build = sc_seq_wrap,
	  .what = "Client ISN 0xfffff000, server ISN 0xffffff00: a 20480-"
	    "byte upload and a 600-byte response both wrap through 2^32.",
	  CLIENT_CLOSE("-") },
	{ .file = "port-reuse.pcap", .build = sc_port_reuse,
	  .what = "A full connection on 10.1.0.1:40000 -> 10.2.0.2:80, then "
	    "2 s later (client in TIME_WAIT) a new SYN on the same 4-tuple "
	    "with a higher ISN and a second full connection.",
	  EXPECT(2, "complete", "client-close", "client", "TIME_WAIT",
	      "CLOSED", "-") },
	{ .file = "retransmission.pcap", .build = sc_retransmission,
	  .what = "A request segment resent after 200 ms, two response "
	    "segments swapped 50 µs apart, and a segment resent after the "
	    "FIN (below m) once the server dup-acks it.",
	  CLIENT_CLOSE("retransmission:2,out-of-order:1,dup-ack?") },
	{ .file = "bad-checksum.pcap", .build = sc_bad_checksum,
	  .what = "The server's response arrives with a corrupted TCP "
	    "checksum; the same bytes with a good checksum follow at RTO "
	    "(200 ms); normal close.",
	  .note = "The client's TCP discarded the bad copy; whether the "
	    "good one counts as a retransmission is not asserted.",
	  CLIENT_CLOSE("retransmission?") },
	{ .file = "ack-unseen-data.pcap", .build = sc_ack_unseen_data,
	  .what = "The server's ACK of the request acks 1000 bytes beyond "
	    "what the client sent; the rest is normal.",
	  CLIENT_CLOSE("-") },
	{ .file = "simultaneous-close.pcap", .build = sc_simultaneous_close,
	  .what = "The FINs cross (client FIN seq m ack n, server FIN seq n "
	    "ack m), then the client acks n+1 and the server m+1.",
	  .note = "closed_by names the first FIN by timestamp.",
	  EXPECT(1, "complete", "simultaneous", "client", "TIME_WAIT",
	      "TIME_WAIT", "-") },
	{ .file = "tso-zero-length.pcap", .build = sc_tso_zero_length,
	  .what = "Captured on a client with segmentation offload: two "
	    "2896-byte upload segments with IPv4 Total Length 0, then 300 "
	    "bytes; all its segments carry the pseudo-header sum as "
	    "checksum (CHECKSUM_PARTIAL); the server acks 6092 bytes.",
	  .note = "The big segments are as long as their frames, their "
	    "checksums unverified: nothing is dropped, so the server's ACK "
	    "is no ack-unseen-data.",
	  CLIENT_CLOSE("-") },
	{ .file = "offload-partial-ipv6.pcap", .v6 = true,
	  .build = sc_offload_partial,
	  .what = "normal-close over IPv6 captured on a client that "
	    "offloads checksums: its segments carry the pseudo-header sum "
	    "(RFC 8200 §8.1) instead of the checksum.",
	  .note = "Offloaded checksums are no bad-checksum.",
	  CLIENT_CLOSE("-") },
	VARIANT("link-ethernet.pcap", PCAPW_US, GL_ETH, false,
	    "normal-close over Ethernet II."),
	VARIANT("link-vlan.pcap", PCAPW_US, GL_VLAN, false,
	    "normal-close with an 802.1Q tag, VLAN 100."),
	VARIANT("link-qinq.pcap", PCAPW_US, GL_QINQ, false,
	    "normal-close with 802.1ad S-tag 200 (0x88a8) over 802.1Q C-tag "
	    "100."),
	VARIANT("link-sll.pcap", PCAPW_US, GL_SLL, false,
	    "normal-close as Linux cooked capture (LINUX_SLL, 113)."),
	VARIANT("link-sll2.pcap", PCAPW_US, GL_SLL2, false,
	    "normal-close as Linux cooked capture v2 (LINUX_SLL2, 276)."),
	VARIANT("link-null.pcap", PCAPW_US, GL_NULL, false,
	    "normal-close on BSD loopback (NULL, 0), family 2 "
	    "little-endian."),
	VARIANT("link-loop.pcap", PCAPW_US, GL_LOOP, false,
	    "normal-close on OpenBSD loopback (LOOP, 108), family 2 "
	    "big-endian."),
	VARIANT("link-raw4.pcap", PCAPW_US, GL_RAW, false,
	    "normal-close as raw IPv4 (RAW, 101)."),
	VARIANT("link-raw6.pcap", PCAPW_US, GL_RAW, true,
	    "normal-close over IPv6 as raw IP (RAW, 101)."),
	VARIANT("link-chdlc.pcap", PCAPW_US, GL_CHDLC, false,
	    "normal-close over Cisco HDLC (C_HDLC, 104): address 0x0f, "
	    "control 0, EtherType 0x0800."),
	VARIANT("link-ipv6-ethernet.pcap", PCAPW_US, GL_ETH, true,
	    "normal-close over IPv6 (2001:db8:1::1 -> 2001:db8:2::2) on "
	    "Ethernet."),
	VARIANT("link-pbb.pcap", PCAPW_US, GL_PBB, false,
	    "normal-close in IEEE 802.1ah PBB: backbone MACs, 802.1ad B-tag "
	    "300, I-tag (0x88e7) with I-SID 0x100ab, then the customer "
	    "frame."),
	VARIANT("link-vntag.pcap", PCAPW_US, GL_VNTAG, false,
	    "normal-close with a Cisco VN-Tag (0x8926) before the "
	    "EtherType."),
	VARIANT("link-fabricpath.pcap", PCAPW_US, GL_FABRICPATH, false,
	    "normal-close in Cisco FabricPath: outer switch MACs, EtherType "
	    "0x8903, FTag 1 and TTL 32, then the classical Ethernet frame."),
	VARIANT("link-fddi.pcap", PCAPW_US, GL_FDDI, false,
	    "normal-close on FDDI (DLT 10): frame control 0x50, MACs, LLC "
	    "SNAP (AA AA 03, OUI 0) and EtherType 0x0800."),
	TUNNEL("tunnel-gre.pcap", false, "normal-close in GRE (RFC 2784, "
	    "no options) between 192.0.2.1 and 192.0.2.2.", GT_GRE),
	TUNNEL("tunnel-gre-key-seq.pcap", false, "normal-close in GRE with "
	    "key 7 and sequence numbers (RFC 2890).", GT_GRE_KEYSEQ),
	TUNNEL("tunnel-gre-mpls.pcap", false, "normal-close in MPLS (label "
	    "1001) in GRE (RFC 4023).", GT_GRE_MPLS),
	TUNNEL("tunnel-gre-teb.pcap", false, "normal-close as Ethernet "
	    "frames in GRE (transparent Ethernet bridging, 0x6558).",
	    GT_GRE_TEB),
	TUNNEL("tunnel-erspan1.pcap", false, "normal-close mirrored by "
	    "ERSPAN type I (GRE 0x88be, no sequence number, no ERSPAN "
	    "header).", GT_ERSPAN1),
	TUNNEL("tunnel-erspan2.pcap", false, "normal-close mirrored by "
	    "ERSPAN type II (GRE 0x88be with sequence numbers), session "
	    "100.", GT_ERSPAN2),
	TUNNEL("tunnel-erspan3.pcap", false, "normal-close mirrored by "
	    "ERSPAN type III (GRE 0x22eb), session 200.", GT_ERSPAN3),
	TUNNEL("tunnel-ipip.pcap", false, "normal-close in IPv4-in-IPv4 "
	    "(protocol 4).", GT_IPIP),
	TUNNEL("tunnel-6in4.pcap", true, "normal-close over IPv6 in IPv4 "
	    "(protocol 41).", GT_6IN4),
	TUNNEL("tunnel-4in6.pcap", false, "normal-close over IPv4 in IPv6 "
	    "(2001:db8:ffff::1 and ::2, next header 4).", GT_4IN6),
	TUNNEL("tunnel-6in6.pcap", true, "normal-close over IPv6 in IPv6 "
	    "(next header 41).", GT_6IN6),
	TUNNEL("tunnel-vxlan.pcap", false, "normal-close in VXLAN, VNI 42, "
	    "UDP 50001/50002 -> 4789.", GT_VXLAN),
	TUNNEL("tunnel-geneve.pcap", false, "normal-close in Geneve, VNI "
	    "5001, one 4-byte option (class 0x0102, type 0x80).",
	    GT_GENEVE),
	TUNNEL("tunnel-gtpu.pcap", false, "normal-close in GTP-U G-PDUs "
	    "(UDP 2152), TEID 0x1001 up and 0x2002 down, each with a PDU "
	    "session container extension header.", GT_GTPU),
	TUNNEL("tunnel-teredo.pcap", true, "normal-close over IPv6 in Teredo "
	    "(UDP 50001 <-> 3544); the relay's packets carry an origin "
	    "indication.", GT_TEREDO),
	TUNNEL("tunnel-teredo-anyport.pcap", true, "tunnel-teredo on UDP "
	    "50001 <-> 40444, not Teredo's port: recognised by content.",
	    GT_TEREDO_ANYPORT),
	TUNNEL("tunnel-ayiya.pcap", true, "normal-close over IPv6 in AYIYA "
	    "(UDP 50001 <-> 5072): 16-byte identity, 20-byte signature, "
	    "forward opcode.", GT_AYIYA),
	TUNNEL("tunnel-vxlan-in-gre.pcap", false, "normal-close in VXLAN "
	    "(VNI 42, 192.0.2.11 -> 192.0.2.12) inside GRE with key 7 "
	    "(192.0.2.1 -> 192.0.2.2).", GT_GRE_KEYSEQ, GT_VXLAN),
	{ .file = "tunnel-asymmetric.pcap", .build = sc_normal_close,
	  .tun = { GT_GRE_KEYSEQ }, .tun_s2c = { GT_VXLAN },
	  .what = "normal-close with asymmetric tunnels: the client's "
	    "segments in GRE with key 7, the server's in VXLAN (VNI 42), "
	    "between the same tunnel endpoints.",
	  .note = "One connection (keyed by the inner endpoints), which "
	    "records the first tunnel seen: GRE.",
	  CLIENT_CLOSE("-") },
	{ .file = "link-pcapng.pcapng", .fmt = PCAPW_NG, .ns_digits = true,
	  .build = sc_normal_close,
	  .what = "normal-close in pcapng (SHB, IDB with if_tsresol=9, "
	    "EPBs), Ethernet, nanosecond timestamps.",
	  CLIENT_CLOSE("-") },
	{ .file = "link-pcapng-multi.pcapng", .fmt = PCAPW_NG_BLOCKS,
	  .ns_digits = true, .build = sc_pcapng_multi,
	  .what = "normal-close in pcapng as dumpcap writes it for two "
	    "interfaces: the client's frames on Ethernet (interface 0, "
	    "if_tsresol 6), the server's on Linux cooked capture "
	    "(interface 1, LINUX_SLL, if_tsresol 9), interleaved; interface "
	    "statistics blocks before and after.",
	  .note = "libpcap refuses the file (two link types): sevenway "
	    "reads it with its own pcapng reader.",
	  CLIENT_CLOSE("-") },
	{ .file = "link-pcapng-sections.pcapng", .fmt = PCAPW_NG_BLOCKS,
	  .build = sc_pcapng_sections,
	  .what = "normal-close in a pcapng file of two sections: handshake "
	    "and exchange little-endian on Ethernet (µs), the close "
	    "big-endian as raw IP in 2^-20 s units from an if_tsoffset, in "
	    "a Packet Block (obsolete), a Simple Packet Block and Enhanced "
	    "Packet Blocks.",
	  .note = "libpcap refuses the file (byte order changes).  The "
	    "Simple Packet Block has no time: it gets the previous frame's.",
	  CLIENT_CLOSE("-") },
	{ .file = "truncated.pcap", .build = sc_normal_close, .cut_at = 8,
	  .what = "normal-close cut inside record 8 (the client FIN): its "
	    "header claims N bytes, the file ends after N/2.",
	  .note = "Seven frames are read, then a warning about the "
	    "truncated file; nothing read is lost.",
	  EXPECT(1, "complete", "open", "-", "ESTABLISHED", "ESTABLISHED",
	      "-"),
	  .extra = "warning=truncated" },
	{ .file = "nanosecond.pcap", .fmt = PCAPW_NS, .ns_digits = true,
	  .build = sc_normal_close,
	  .what = "normal-close in classic pcap with the nanosecond magic "
	    "0xa1b23c4d; timestamps use all nine digits.",
	  CLIENT_CLOSE("-") },
	{ .file = "mss-options-ipv6-ext.pcap", .v6 = true, .ext = true,
	  .build = sc_normal_close,
	  .what = "normal-close over IPv6 where every packet carries a "
	    "hop-by-hop and a destination-options header before TCP; the "
	    "SYNs' MSS is 1440.",
	  CLIENT_CLOSE("-") },
};

const int gen_nscenarios = sizeof gen_scenarios / sizeof gen_scenarios[0];
