#!/bin/sh
# SPDX-License-Identifier: MIT
# protect.sh: the server protection report (--summary -F json, DESIGN.md
# §5) on the real traces planted for it (pcaps/real/README.md, "Server
# protection traces"): each fires its flag on its server with the exact
# planted counts, and no trace anywhere else fires a flag.
#
#   idle-hold          10.77.0.2:7013  idle-hold        idle peak 12, top
#                                                       client 10.77.0.3 (12)
#   close-wait-pileup  10.77.0.2:7014  close-wait-leak  CLOSE_WAIT 12/12/12
#   syn-flood          10.77.0.2:7015  syn-flood        half-open 200 from 40
#   server-crash       10.77.0.2:7016  reset-storm      25 server resets,
#                                                       10 refused
#   healthy-busy and every other trace of pcaps/real and pcaps/crafted: no
#   flag.  crafted/syn-flood.pcap (50 half-open from 50 spoofed sources)
#   may fire syn-flood and nothing else: its README plants it.
#
# Skipped (77) while sevenway has no --summary.  JSON is read with awk
# alone: the document is flattened (blanks outside strings dropped), the
# "protection" object cut out by brace matching, and values fetched by
# path, e.g. "idle.top_clients[0].client".
. "${top_srcdir:-.}/tests/trace/lib.sh"
"$SEVENWAY" --help 2>&1 | grep -q -- '--summary' ||
    skip "sevenway has no --summary yet"
tmpdir
set -f  # paths such as top_clients[0] are never globbed
real=$top_srcdir/pcaps/real
crafted=$top_srcdir/pcaps/crafted

# JSON reading, in awk.  PROG is shared by the queries below.
PROG='
function skipv(s, i,   n, c, d, q) {
	# Index just past the JSON value that starts at i.
	n = length(s); c = substr(s, i, 1)
	if (c == "\"") {
		for (i++; i <= n; i++) {
			c = substr(s, i, 1)
			if (c == "\\") i++
			else if (c == "\"") return i + 1
		}
		return i
	}
	if (c == "{" || c == "[") {
		d = 0; q = 0
		for (; i <= n; i++) {
			c = substr(s, i, 1)
			if (q) { if (c == "\\") i++; else if (c == "\"") q = 0; continue }
			if (c == "\"") q = 1
			else if (c == "{" || c == "[") d++
			else if (c == "}" || c == "]") { if (--d == 0) return i + 1 }
		}
		return i
	}
	while (i <= n && index(",]}", substr(s, i, 1)) == 0) i++
	return i
}
function member(o, key,   i, j, n, k) {
	# Value of KEY in object O ("" when absent).
	if (substr(o, 1, 1) != "{") return ""
	n = length(o); i = 2
	while (i <= n) {
		c = substr(o, i, 1)
		if (c == "}") return ""
		if (c == ",") { i++; continue }
		j = skipv(o, i); k = substr(o, i + 1, j - i - 2)
		i = j + 1; j = skipv(o, i)
		if (k == key) return substr(o, i, j - i)
		i = j
	}
	return ""
}
function element(a, idx,   i, j, n, e) {
	# Element IDX (from 0) of array A ("" past its end).
	if (substr(a, 1, 1) != "[") return ""
	n = length(a); i = 2; e = 0
	while (i <= n) {
		c = substr(a, i, 1)
		if (c == "]") return ""
		if (c == ",") { i++; continue }
		j = skipv(a, i)
		if (e++ == idx) return substr(a, i, j - i)
		i = j
	}
	return ""
}
function get(v, path,   n, p, k, t, x) {
	# PATH: names and [N] indices joined by dots: "idle.top_clients[0].peak".
	n = split(path, p, ".")
	for (k = 1; k <= n && v != ""; k++) {
		t = p[k]; x = -1
		if (match(t, /\[[0-9]+\]$/)) {
			x = substr(t, RSTART + 1, RLENGTH - 2) + 0
			t = substr(t, 1, RSTART - 1)
		}
		v = member(v, t)
		if (x >= 0) v = element(v, x)
	}
	if (substr(v, 1, 1) == "\"") v = substr(v, 2, length(v) - 2)
	return v
}
function flat(s,   i, n, c, q, out) {
	# Drop blanks outside strings (S is small: the protection object).
	n = length(s); out = ""; q = 0
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (q) {
			out = out c
			if (c == "\\") out = out substr(s, ++i, 1)
			else if (c == "\"") q = 0
			continue
		}
		if (c == "\"") q = 1
		if (index(" \t\r\n", c) == 0) out = out c
	}
	return out
}
'

# label TRACE: "real/x.pcap" (real and crafted traces share names).
label() { echo "$(basename "$(dirname "$1")")/$(basename "$1")"; }

# prot TRACE: the protection object of TRACE, flattened, into $T/prot.
prot() {
	: >"$T/prot"
	"$SEVENWAY" --summary -F json "$1" >"$T/out.json" 2>"$T/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$(label "$1"): sevenway exit $rc: $(head -c 200 "$T/err")"
		return 1
	fi
	# The whole document is one record (no \001 in JSON text).
	awk "$PROG"'
	BEGIN { RS = "\001" }
	match($0, /"protection"[ \t\r\n]*:[ \t\r\n]*\{/) {
		i = RSTART + RLENGTH - 1
		print flat(substr($0, i, skipv($0, i) - i))
	}' "$T/out.json" >"$T/prot"
	if [ ! -s "$T/prot" ]; then
		fail "$(label "$1"): no \"protection\" object"
		return 1
	fi
}

# server_get SERVER PATH...: one line per PATH, its value in the servers
# entry whose "server" is SERVER (all empty when there is no such entry).
server_get() {
	want=$1
	shift
	awk -v want="$want" -v paths="$*" "$PROG"'
	{
		sv = member($0, "servers")
		for (e = 0; (s = element(sv, e)) != ""; e++)
			if (get(s, "server") == want) break
		n = split(paths, p, " ")
		for (k = 1; k <= n; k++) print (s == "" ? "" : get(s, p[k]))
	}' "$T/prot"
}

# flags: "WHERE NAME" for every flag in every "flags" list of the report
# (servers and hosts alike).
flags() {
	awk "$PROG"'
	function walk(v, where,   e, x, f, k, s) {
		if (substr(v, 1, 1) == "[") {
			for (e = 0; (x = element(v, e)) != ""; e++) walk(x, where)
			return
		}
		if (substr(v, 1, 1) != "{") return
		s = get(v, "server"); if (s == "") s = get(v, "host")
		if (s != "") where = s
		f = member(v, "flags")
		for (e = 0; (x = element(f, e)) != ""; e++)
			print where, get(x, "name")
		for (k = 1; k <= nk; k++) walk(member(v, keys[k]), where)
	}
	BEGIN { nk = split("servers hosts", keys, " ") }
	{ walk($0, "-") }' "$T/prot" >"$T/flags"
	# Belt and braces: a flags list that is not empty, though the walk
	# over servers and hosts found no flag, is reported too.
	[ -s "$T/flags" ] || awk '{
		s = $0
		while ((i = index(s, "\"flags\":[")) > 0) {
			s = substr(s, i + 9)
			if (substr(s, 1, 1) != "]") { print "? flag-elsewhere"; exit }
		}
	}' "$T/prot" >"$T/flags"
	cat "$T/flags"
}

# expect_flag TRACE SERVER FLAG PATH=VALUE...: FLAG fires on SERVER (it
# may be repeated on the host's entry), no other flag fires anywhere, and
# each PATH of that server's entry holds VALUE.
expect_flag() {
	trace=$1 server=$2 flag=$3
	shift 3
	b=$(label "$trace")
	prot "$trace" || return
	flags | sort -u >"$T/got"
	others=$(awk -v f="$flag" '$2 != f' "$T/got" | tr '\n' ' ')
	if ! grep -qx "$server $flag" "$T/got"; then
		fail "$b: no $flag on $server; flags: $(tr '\n' ' ' <"$T/got")"
	elif [ -n "$others" ]; then
		fail "$b: $flag on $server, but also: $others"
	else
		pass "$b: $flag on $server, no other flag"
	fi
	paths=""
	for c in "$@"; do paths="$paths ${c%%=*}"; done
	# shellcheck disable=SC2086
	server_get "$server" $paths >"$T/vals"
	n=0
	for c in "$@"; do
		n=$((n + 1))
		have=$(sed -n "${n}p" "$T/vals")
		if [ "$have" = "${c#*=}" ]; then
			pass "$b: $server ${c%%=*} = $have"
		else
			fail "$b: $server ${c%%=*} = '${have}', expected ${c#*=}"
		fi
	done
}

expect_flag "$real/idle-hold.pcap" 10.77.0.2:7013 idle-hold \
    connections=32 idle.total=12 idle.no_payload=12 idle.peak=12 \
    idle.top_clients[0].client=10.77.0.3 idle.top_clients[0].peak=12 \
    close_wait.total=0 half_open.total=0 reset.total=0 refused=0

expect_flag "$real/close-wait-pileup.pcap" 10.77.0.2:7014 close-wait-leak \
    connections=18 close_wait.total=12 close_wait.peak=12 \
    close_wait.open_at_end=12 reset.total=0 refused=0 half_open.total=0

expect_flag "$real/syn-flood.pcap" 10.77.0.2:7015 syn-flood \
    connections=210 half_open.total=200 half_open.sources=40 \
    half_open.peak=200 half_open.unanswered=0 close_wait.total=0 \
    reset.total=0 refused=0

expect_flag "$real/server-crash.pcap" 10.77.0.2:7016 reset-storm \
    connections=35 reset.total=25 reset.by_server=25 reset.by_client=0 \
    refused=10 half_open.total=0 close_wait.total=0

# Everything else: not one flag.
set +f
set -- "$real"/*.pcap "$crafted"/*.pcap*
set -f
for f in "$@"; do
	b=$(label "$f")
	case "$f" in
	*/real/idle-hold.pcap|*/real/close-wait-pileup.pcap|\
	*/real/syn-flood.pcap|*/real/server-crash.pcap) continue ;;
	esac
	prot "$f" || continue
	got=$(flags | sort -u | tr '\n' ' ')
	case "$f" in
	*/crafted/syn-flood.pcap)
		# 50 half-open from 50 spoofed sources: syn-flood may fire
		# (the crafted README plants it), nothing else may.
		other=$(flags | awk '$2 != "syn-flood"' | sort -u | tr '\n' ' ')
		if [ -z "$other" ]; then pass "$b: no flag but syn-flood (${got:-none})"
		else fail "$b: flags $other"; fi
		;;
	*)
		if [ -z "$got" ]; then pass "$b: no flag"
		else fail "$b: flags $got"; fi
		;;
	esac
done
finish
