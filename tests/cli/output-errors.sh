#!/bin/sh
# SPDX-License-Identifier: MIT
# output-errors.sh: an output that cannot be written ends the run with
# one line on stderr and exit 2, never a crash, and what was written
# before stays whole: the standard output, -w and --junit on a full
# device (/dev/full), the standard output on a closed pipe (whether
# SIGPIPE is ignored or not: sevenway ignores it and sees EPIPE).  And
# --junit writes its file as -w does: a FIFO in place, a directory
# refused, a symbolic link replaced rather than followed, no FILE.tmp.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
BIG=$R/healthy-busy.pcap	# about 2000 connections: more than a buffer
SMALL=$R/client-close.pcap

# one_line FILE WHAT: FILE holds exactly one line, "sevenway: WHAT: ...".
one_line() {
	[ "$(wc -l <"$1")" -eq 1 ] && grep -q "^sevenway: $2: " "$1"
}

if [ -c /dev/full ]; then
	"$SEVENWAY" -F ndjson "$BIG" >/dev/full 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && one_line "$T/err" 'standard output' &&
		grep -q 'No space left' "$T/err" &&
		pass "stdout on /dev/full: exit 2, one line" ||
		fail "stdout on /dev/full: exit $rc, '$(cat "$T/err")'"
	"$SEVENWAY" -F line -w /dev/full "$SMALL" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && one_line "$T/err" '-w: /dev/full' &&
		grep -q '^# totals' "$T/out" &&
		pass "-w /dev/full: exit 2, one line, the report whole" ||
		fail "-w /dev/full: exit $rc, '$(cat "$T/err")'"
	"$SEVENWAY" -F line --junit /dev/full "$SMALL" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && one_line "$T/err" '--junit: /dev/full' &&
		grep -q '^# totals' "$T/out" &&
		pass "--junit /dev/full: exit 2, one line, the report whole" ||
		fail "--junit /dev/full: exit $rc, '$(cat "$T/err")'"
else
	echo "note: no /dev/full, its checks skipped"
fi

# A closed pipe, with SIGPIPE as inherited and with SIGPIPE ignored.
# -w and --junit are still written, from the connections read.
for how in default ignored; do
	rm -f "$T/w.pcap" "$T/j.xml"
	if [ $how = ignored ]; then trap '' PIPE; fi
	{ "$SEVENWAY" -F ndjson -w "$T/w.pcap" --junit "$T/j.xml" "$BIG" \
	    2>"$T/err"; echo $? >"$T/rc"; } | head -n 1 >"$T/first"
	if [ $how = ignored ]; then trap - PIPE; fi
	rc=$(cat "$T/rc")
	[ "$rc" -eq 2 ] && one_line "$T/err" 'standard output' &&
		grep -q 'Broken pipe' "$T/err" &&
		pass "closed pipe (SIGPIPE $how): exit 2, one line" ||
		fail "closed pipe (SIGPIPE $how): exit $rc, '$(cat "$T/err")'"
	grep -q '^{"type":"connection","id":1,.*}$' "$T/first" &&
		pass "closed pipe (SIGPIPE $how): the line read is whole" ||
		fail "closed pipe (SIGPIPE $how): '$(head -c 200 "$T/first")'"
	n=$("$SEVENWAY" -q -F line "$T/w.pcap" 2>&1 | grep -vc '^#')
	[ "$n" -ge 1 ] && pass "closed pipe (SIGPIPE $how): -w holds $n connections" ||
		fail "closed pipe (SIGPIPE $how): -w file: $n connections"
	grep -q '</testsuites>' "$T/j.xml" 2>/dev/null &&
		pass "closed pipe (SIGPIPE $how): --junit written whole" ||
		fail "closed pipe (SIGPIPE $how): no whole JUnit report"
	left=$(ls "$T" | grep -c -e '^w\.pcap\.' -e '^j\.xml\.')
	[ "$left" -eq 0 ] && pass "closed pipe (SIGPIPE $how): no temporary left" ||
		fail "closed pipe (SIGPIPE $how): $left temporaries left"
done

# --junit is written safely.
mkdir "$T/dir"
"$SEVENWAY" --junit "$T/dir" "$SMALL" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'refusing to replace' "$T/err" && [ ! -s "$T/out" ] &&
	pass "--junit DIR: refused before the analysis (exit 2)" ||
	fail "--junit DIR: exit $rc, '$(cat "$T/err")'"
echo keep >"$T/victim"
ln -s "$T/victim" "$T/link.xml"
"$SEVENWAY" --junit "$T/link.xml" "$SMALL" >/dev/null 2>"$T/err"
[ "$(cat "$T/victim")" = keep ] && [ -f "$T/link.xml" ] && [ ! -L "$T/link.xml" ] &&
	grep -q '</testsuites>' "$T/link.xml" &&
	pass "--junit: a symbolic link is replaced, not followed" ||
	fail "--junit: the link's target was written: $(cat "$T/err")"
# The old FILE.tmp name is not used: a link there is left alone.
echo keep >"$T/victim2"
ln -s "$T/victim2" "$T/r.xml.tmp"
"$SEVENWAY" --junit "$T/r.xml" "$SMALL" >/dev/null 2>"$T/err"
[ "$(cat "$T/victim2")" = keep ] && grep -q '</testsuites>' "$T/r.xml" &&
	pass "--junit: FILE.tmp is never written through" ||
	fail "--junit: FILE.tmp's target written: $(cat "$T/err")"
mkfifo "$T/fifo" && {
	cat "$T/fifo" >"$T/from-fifo" &
	reader=$!
	"$SEVENWAY" --junit "$T/fifo" "$SMALL" >/dev/null 2>"$T/err"
	rc=$?
	wait $reader
	[ $rc -eq 0 ] && [ -p "$T/fifo" ] && grep -q '</testsuites>' "$T/from-fifo" &&
		pass "--junit FIFO: written in place" ||
		fail "--junit FIFO: exit $rc, $(cat "$T/err")"
}
"$SEVENWAY" --junit /dev/null "$SMALL" >/dev/null 2>"$T/err" &&
	pass "--junit /dev/null: written in place" ||
	fail "--junit /dev/null: $(cat "$T/err")"
finish
