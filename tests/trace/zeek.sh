#!/bin/sh
# SPDX-License-Identifier: MIT
# zeek.sh: -F zeek is a conn.log that Zeek's tools read: the header lines
# as Zeek writes them, every row with exactly as many fields as #fields
# names, columns found by name as zeek-cut finds them, a stable uid, and
# the same rows from a record file as from the capture it was made from.
# (The exact rows are goldens: tests/golden/views/zeek-*.txt.)
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
IN="$R/client-close.pcap $R/abort-client.pcap $R/refused.pcap
$R/unanswered.pcap $R/close-wait.pcap $R/healthy-busy.pcap $R/tfo.pcap
$R/ipv6-close.pcap"

# shellcheck disable=SC2086
"$SEVENWAY" -q -F zeek --idle-timeout 100000000 $IN >"$T/conn.log" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/err" ] && pass "-F zeek: exit 0, nothing on stderr" ||
	fail "-F zeek: exit $rc: $(cat "$T/err")"

printf '%s\n' '#separator \x09' '#set_separator	,' '#empty_field	(empty)' \
    '#unset_field	-' '#path	conn' >"$T/head.want"
head -n 5 "$T/conn.log" >"$T/head.got"
cmp -s "$T/head.want" "$T/head.got" && pass "the first five header lines" ||
	fail "header: $(cat "$T/head.got")"
grep -Eq '^#open	[0-9]{4}(-[0-9]{2}){5}$' "$T/conn.log" &&
	pass "#open YYYY-MM-DD-HH-MM-SS" || fail "no #open line"
tail -n 1 "$T/conn.log" | grep -Eq '^#close	[0-9]{4}(-[0-9]{2}){5}$' &&
	pass "#close last" || fail "last line: $(tail -n 1 "$T/conn.log")"

# Every row: as many tab-separated fields as #fields names.
bad=$(awk -F'\t' '/^#fields/ { n = NF - 1; next } /^#/ { next }
    NF != n { bad++ } END { print bad + 0 }' "$T/conn.log")
rows=$(grep -vc '^#' "$T/conn.log")
[ "$rows" -ge 8 ] && [ "$bad" -eq 0 ] &&
	pass "$rows rows, each with exactly the #fields count" ||
	fail "$bad of $rows rows have another number of fields"
awk -F'\t' '/^#types/ { if (NF != 22) exit 1 }' "$T/conn.log" &&
	pass "#types has 21 types" || fail "#types count"

# zeek-cut: columns by the names of the #fields line.
cut_cols() {
	awk -F'\t' -v want="$1" '
	/^#fields/ { n = split(want, w, " ")
		for (i = 2; i <= NF; i++) col[$i] = i - 1; next }
	/^#/ { next }
	{ line = ""; for (j = 1; j <= n; j++)
		line = line (j > 1 ? "\t" : "") $(col[w[j]])
	  print line }' "$2"
}
cut_cols "id.resp_p conn_state history" "$T/conn.log" >"$T/cut"
grep -q '^7001	SF	ShADadFf$' "$T/cut" &&
	pass "zeek-cut style: client-close is SF ShADadFf on port 7001" ||
	fail "zeek-cut style: $(head -3 "$T/cut")"
grep -q '	REJ	' "$T/cut" && pass "the refused connection is REJ" ||
	fail "no REJ row: $(cat "$T/cut")"
cut_cols "proto" "$T/conn.log" | sort -u >"$T/proto"
[ "$(cat "$T/proto")" = tcp ] && pass "proto is tcp everywhere" ||
	fail "proto: $(cat "$T/proto")"
cut_cols "uid" "$T/conn.log" >"$T/uids"
n=$(grep -Ec '^C[0-9A-Za-z]{17}$' "$T/uids")
u=$(sort -u "$T/uids" | wc -l)
[ "$n" -eq "$rows" ] && [ "$u" -eq "$rows" ] &&
	pass "uids: C and 17 base-62 characters, all different" ||
	fail "uids: $n well-formed, $u different, of $rows"
cut_cols "ts duration" "$T/conn.log" | grep -Evq '^[0-9]+\.[0-9]{6}	([0-9]+\.[0-9]{6}|-)$' &&
	fail "ts or duration not with 6 decimals" ||
	pass "ts and duration with 6 decimals"
cut_cols "id.orig_h" "$T/conn.log" | grep -q '^fd77::1$' &&
	pass "IPv6 addresses as Zeek writes them" || fail "no IPv6 row"

# The same rows and times from the record file (and from it on stdin).
# shellcheck disable=SC2086
"$SEVENWAY" -q -F ndjson --idle-timeout 100000000 $IN >"$T/rec.ndjson"
"$SEVENWAY" -q -F zeek "$T/rec.ndjson" >"$T/rec.log" 2>"$T/err"
cmp -s "$T/conn.log" "$T/rec.log" &&
	pass "a record file gives the same conn.log" ||
	{ fail "record file differs:"; diff "$T/conn.log" "$T/rec.log" | head; }
"$SEVENWAY" -q -F zeek - <"$T/rec.ndjson" >"$T/stdin.log" 2>"$T/err"
cmp -s "$T/conn.log" "$T/stdin.log" &&
	pass "a record file on stdin gives the same conn.log" ||
	{ fail "records on stdin differ:"; diff "$T/conn.log" "$T/stdin.log" | head; }

# Nothing in the output depends on the run.
# shellcheck disable=SC2086
"$SEVENWAY" -q -F zeek --idle-timeout 100000000 $IN >"$T/again.log"
cmp -s "$T/conn.log" "$T/again.log" && pass "a second run writes the same bytes" ||
	fail "a second run differs"

# Checks' results go to stderr: the log stays a log.
"$SEVENWAY" -F zeek --assert 'all(handshake=complete)' "$R/client-close.pcap" \
    >"$T/a.log" 2>"$T/a.err"
rc=$?
[ $rc -eq 0 ] && ! grep -q assert "$T/a.log" && grep -q 'all(handshake' "$T/a.err" &&
	pass "--assert results on stderr" || fail "--assert: exit $rc"
for o in --summary --explain; do
	"$SEVENWAY" -F zeek $o "$R/client-close.pcap" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && pass "-F zeek $o: a usage error" ||
		fail "-F zeek $o: exit $rc"
done
finish
