#!/bin/sh
# SPDX-License-Identifier: MIT
# json-writer.sh: the streaming JSON writer (json_writer.c) prints every
# connection byte for byte as jansson does (SEVENWAY_JSON=jansson, the
# library of record, DESIGN.md §4): each TESTLIST case in -F ndjson and
# -F json, again with --explain and --fail-on (the optional "explain"
# and "failed" members), an input name that needs escaping and one that
# is not UTF-8, and a generated trace with retransmissions and
# reordering.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GEN_TRACE:=$top_builddir/tests/bench/gen-trace}"
set -f  # options are split on blanks, never globbed
list=$top_srcdir/tests/trace/TESTLIST

# same NAME DIR ARGS...: both paths, run in DIR, give the same bytes.
same() {
	name=$1 dir=$2; shift 2
	(cd "$dir" && "$SEVENWAY" "$@") >"$T/w.out" 2>"$T/w.err"
	rw=$?
	(cd "$dir" && SEVENWAY_JSON=jansson "$SEVENWAY" "$@") >"$T/j.out" \
	    2>"$T/j.err"
	rj=$?
	if [ $rw -ne $rj ]; then
		fail "$name: exit $rw, jansson $rj"
	elif ! [ -s "$T/j.out" ]; then
		fail "$name: no output: $(head -c 300 "$T/j.err")"
	elif cmp -s "$T/w.out" "$T/j.out"; then
		pass "$name"
	else
		fail "$name: the writer differs from jansson"
		diff "$T/j.out" "$T/w.out" | head -6 | cut -c1-400
	fi
}

while read -r name files opts; do
	case "$name" in ''|'#'*) continue ;; esac
	set --
	old_ifs=$IFS; IFS=,
	for f in $files; do set -- "$@" "$f"; done
	IFS=$old_ifs
	# shellcheck disable=SC2086
	same "$name ndjson" "$top_srcdir/pcaps" -F ndjson $opts "$@"
	# shellcheck disable=SC2086
	same "$name json --explain --fail-on" "$top_srcdir/pcaps" -F json \
	    --explain --fail-on abnormal,any-anomaly $opts "$@"
done <"$list"

# Input names as they come: quotes, a backslash, control characters,
# a slash, UTF-8, and bytes that are not UTF-8 (jansson leaves "input" out).
p=$top_srcdir/pcaps/crafted/fin-bad-ack.pcap
weird=sub/$(printf 'a"b\\c\td\001e\037f\177h\303\251\342\202\254')
mkdir "$T/sub" && cp "$p" "$T/$weird.pcap" && cp "$p" "$T/$(printf 'bad\377\300.pcap')" &&
    cp "$p" "$T/x.pcap" || fail "copies"
same "input name escaped" "$T" -F ndjson "$weird.pcap" x.pcap
same "input name not UTF-8" "$T" -F ndjson "$(printf 'bad\377\300.pcap')" \
    x.pcap

# A bigger generated trace, with losses and reordering.
"$GEN_TRACE" -n 20000 -R 0.05 -O 0.03 -s 7 "$T/g.pcap" 2>/dev/null ||
    fail "gen-trace"
same "gen-trace -n 20000 -R 0.05 -O 0.03 ndjson" "$T" -F ndjson g.pcap
same "gen-trace -n 20000 json --explain" "$T" -F json --explain g.pcap
finish
