#!/bin/sh
# SPDX-License-Identifier: MIT
# records.sh: sevenway's own records read back as input (DESIGN.md §8).
#
# For every case of TESTLIST, the run over the capture and the run over
# its NDJSON records must print the same, byte for byte: NDJSON, JSON
# and text, the same records split in two files, the -F json document
# read back, and the CI checks (exit status, output, JUnit XML).  Then
# the errors: a bad line, records mixed with captures, -f on records.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f
list=$top_srcdir/tests/trace/TESTLIST
cd "$top_srcdir/pcaps" || exit 1

# same NAME A B: A and B are byte-identical files.
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff "$2" "$3" | head -6 | sed 's/^/    /'
	fi
}

while read -r name files opts; do
	case "$name" in ''|'#'*) continue ;; esac
	# Records written under --show hold only the connections shown.
	case " $opts " in *" --show "*) continue ;; esac
	set --
	old_ifs=$IFS; IFS=,
	for f in $files; do set -- "$@" "$f"; done
	IFS=$old_ifs
	R=$T/$name.ndjson
	# shellcheck disable=SC2086
	"$SEVENWAY" -q -F ndjson $opts "$@" >"$R" 2>/dev/null
	"$SEVENWAY" -q -F ndjson "$R" >"$T/back" 2>"$T/err"
	same "$name: ndjson from records" "$R" "$T/back"
	# Text and JSON need the capture run's output to compare with;
	# several inputs are named in text only as a record run meets them,
	# so text is compared for one input.
	for fmt in json text; do
		[ "$fmt" = text ] && [ $# -gt 1 ] && continue
		# shellcheck disable=SC2086
		"$SEVENWAY" -q -F $fmt $opts "$@" >"$T/cap" 2>/dev/null
		"$SEVENWAY" -q -F $fmt "$R" >"$T/rec" 2>/dev/null
		same "$name: $fmt from records" "$T/cap" "$T/rec"
	done
	# The same records in two files: the first half, then the rest.
	n=$(wc -l <"$R")
	head -n $((n / 2)) "$R" >"$T/part1"
	tail -n +$((n / 2 + 1)) "$R" >"$T/part2"
	"$SEVENWAY" -q -F ndjson "$T/part1" "$T/part2" >"$T/back2" 2>/dev/null
	same "$name: ndjson from records in two files" "$R" "$T/back2"
	# The protection report: from the capture, its records, and the
	# records in two files (DESIGN.md §5: computed from records alone).
	# shellcheck disable=SC2086
	"$SEVENWAY" -q --summary $opts "$@" >"$T/sum-cap" 2>/dev/null
	"$SEVENWAY" -q --summary "$R" >"$T/sum-rec" 2>/dev/null
	"$SEVENWAY" -q --summary "$T/part1" "$T/part2" >"$T/sum-two" 2>/dev/null
	[ $# -gt 1 ] || same "$name: --summary from records" "$T/sum-cap" \
	    "$T/sum-rec"
	[ $# -gt 1 ] || same "$name: --summary from records in two files" \
	    "$T/sum-cap" "$T/sum-two"
	# shellcheck disable=SC2086
	"$SEVENWAY" -q --summary -F json $opts "$@" >"$T/sum-cap" 2>/dev/null
	"$SEVENWAY" -q --summary -F json "$T/part1" "$T/part2" >"$T/sum-two" \
	    2>/dev/null
	same "$name: --summary JSON from records in two files" "$T/sum-cap" \
	    "$T/sum-two"
done <"$list"

# A -F json document is records too.
P=real/close-wait.pcap
"$SEVENWAY" -F json "$P" >"$T/doc.json"
"$SEVENWAY" -F ndjson "$P" >"$T/want"
"$SEVENWAY" -F ndjson "$T/doc.json" >"$T/got"
same "json document read back" "$T/want" "$T/got"

# community_id: computed from the endpoints for a record without it
# (records of an older sevenway), kept as written when valid (it may
# come from another seed), an error when malformed.
"$SEVENWAY" -F ndjson real/client-close.pcap real/ipv6-close.pcap >"$T/cid"
sed 's/"community_id":"[^"]*",//' "$T/cid" >"$T/cid-none"
"$SEVENWAY" -F ndjson "$T/cid-none" >"$T/got" 2>/dev/null
same "community_id computed for records without it" "$T/cid" "$T/got"
id=1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=
sed "s|\"community_id\":\"[^\"]*\"|\"community_id\":\"$id\"|" "$T/cid" \
    >"$T/cid-other"
"$SEVENWAY" -F ndjson "$T/cid-other" >"$T/got" 2>/dev/null
same "community_id of a record kept as written" "$T/cid-other" "$T/got"
sed '1s|"community_id":"1:|"community_id":"1:x|' "$T/cid" >"$T/cid-bad"
"$SEVENWAY" -F ndjson "$T/cid-bad" >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'line 1: bad Community ID' "$T/err"; then
	pass "malformed community_id: exit 2"
else
	fail "malformed community_id: exit $rc, '$(cat "$T/err")'"
fi

# CI checks on records: same output, exit status and JUnit report.
for P in real/abort-client.pcap crafted/fin-bad-ack.pcap real/client-close.pcap
do
	"$SEVENWAY" -F ndjson "$P" >"$T/r.ndjson"
	for check in "--fail-on abnormal" "--assert all(handshake=complete)" \
	    "--assert count(close=reset)==0"; do
		# shellcheck disable=SC2086
		"$SEVENWAY" $check --junit "$T/cap.xml" "$P" >"$T/cap" 2>&1
		rc1=$?
		# shellcheck disable=SC2086
		"$SEVENWAY" $check --junit "$T/rec.xml" "$T/r.ndjson" \
		    >"$T/rec" 2>&1
		rc2=$?
		if [ $rc1 -eq $rc2 ]; then
			pass "$P $check: exit $rc1 from both"
		else
			fail "$P $check: exit $rc1 from the capture, $rc2 from records"
		fi
		same "$P $check: output" "$T/cap" "$T/rec"
		same "$P $check: junit" "$T/cap.xml" "$T/rec.xml"
	done
done

# Errors: one line, exit 2, and what was read before a bad line is kept.
"$SEVENWAY" -F ndjson real/client-close.pcap real/refused.pcap >"$T/two"
{ head -n 1 "$T/two"; echo '{"type":"connection","id":2}'; } >"$T/bad"
"$SEVENWAY" -F ndjson "$T/bad" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
    grep -q ': line 2: missing or bad endpoint\|: line 2: missing' "$T/err" &&
    grep -q '"id":1,' "$T/out"; then
	pass "bad record line: exit 2, one line naming it, earlier ones kept"
else
	fail "bad record line: exit $rc, stderr '$(cat "$T/err")'"
fi
printf '{"a":1}\n' >"$T/other.json"
"$SEVENWAY" "$T/other.json" >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'line 1: not a sevenway record' "$T/err"; then
	pass "a JSON file that is not records: exit 2"
else
	fail "a JSON file that is not records: exit $rc, '$(cat "$T/err")'"
fi
"$SEVENWAY" "$T/two" real/client-close.pcap >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'cannot be read in one run' "$T/err"; then
	pass "records and captures mixed: exit 2"
else
	fail "records and captures mixed: exit $rc, '$(cat "$T/err")'"
fi
"$SEVENWAY" -f 'tcp port 80' "$T/two" >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'need packets' "$T/err"; then
	pass "-f on records: exit 2"
else
	fail "-f on records: exit $rc, '$(cat "$T/err")'"
fi
"$SEVENWAY" -F ndjson - <"$T/two" >"$T/got" 2>/dev/null
same "records on standard input" "$T/two" "$T/got"
finish
