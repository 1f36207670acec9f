#!/bin/sh
# SPDX-License-Identifier: MIT
# split.sh: --split N -w PATTERN (sevenway(1), SCALE).
#
# Part I of a split holds exactly the frames --shard I/N keeps of the
# whole input: `sevenway part-I.pcap` reports the connections of
# `sevenway --shard I/N INPUT`, field for field but for what counts
# frames (ids, frame numbers, the input's name), and the same summary
# but for its time span, max_tracked and the input's warnings.  Checked
# for N = 3 on every capture of pcaps/ that has one link type (the
# others are skipped), and for N = 2 and 7 on a generated capture set
# rotated into files.  Then: the parts add up to the input, a part is
# its own shard, and the errors.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f
cd "$top_srcdir/pcaps" || exit 1

# The connections with nothing that counts frames, sorted.
conns() {
	grep '^{"type":"connection"' |
	    sed 's/"\(id\|input_frame\|first_frame\|last_frame\|frame\)":[0-9]*,\{0,1\}//g
		s/"input":"[^"]*",//g' | sort
}
# The summary without its time span, max_tracked, shard and warnings
# (reading a file cut short is a warning of the input, not of a part).
summ() {
	grep '^{"type":"summary"' | sed 's/,"shard":{[^}]*}//
	    s/"\(start\|end\|start_ns\|end_ns\|max_tracked\|warnings\)":[0-9.]*,\{0,1\}//g
	    s/,}/}/'
}

rm_parts() { set +f; rm -f "$T"/part-*; set -f; }

# check_split NAME N FILES...
check_split() {
	name=$1; n=$2; shift 2
	rm_parts
	if ! "$SEVENWAY" --split "$n" -w "$T/part-%d.pcap" "$@" \
	    2>"$T/err"; then
		fail "$name: --split $n: $(cat "$T/err")"
		return
	fi
	# Several link types: a part of one link type cannot hold them all.
	if grep -q 'frames of another link type' "$T/err"; then
		echo "SKIP: $name: several link types"
		return
	fi
	i=0
	while [ $i -lt "$n" ]; do
		[ -f "$T/part-$i.pcap" ] || { fail "$name: no part $i"; return; }
		"$SEVENWAY" -q -F ndjson "$T/part-$i.pcap" >"$T/p" 2>/dev/null
		"$SEVENWAY" -q -F ndjson --shard $i/"$n" "$@" >"$T/s" 2>/dev/null
		conns <"$T/p" >"$T/pc"
		conns <"$T/s" >"$T/sc"
		summ <"$T/p" >"$T/ps"
		summ <"$T/s" >"$T/ss"
		if ! cmp -s "$T/pc" "$T/sc" || ! cmp -s "$T/ps" "$T/ss"; then
			fail "$name: part $i of $n is not shard $i/$n"
			diff "$T/pc" "$T/sc" | head -4 | cut -c1-300
			diff "$T/ps" "$T/ss" | head -4 | cut -c1-300
			return
		fi
		i=$((i + 1))
	done
	pass "$name: the $n parts are the $n shards"
}

set +f
for P in */*.pcap */*.pcapng; do
	check_split "$P" 3 "$P"
done
set -f

# A generated capture set, rotated into files as tcpdump -C would.
GEN=${GEN_TRACE:-$top_builddir/tests/bench/gen-trace}
EDITCAP=$(command -v editcap || true)
if [ -x "$GEN" ] && [ -n "$EDITCAP" ]; then
	"$GEN" -n 2000 -c 200 -d 6 -p 1-400 -s 3 -R 0.05 -O 0.02 \
	    "$T/gen.pcap" 2>/dev/null
	"$EDITCAP" -c 3000 "$T/gen.pcap" "$T/set.pcap" >/dev/null 2>&1
	set +f
	set -- "$T"/set_*.pcap
	set -f
	check_split "generated set of $# files" 2 "$@"
	check_split "generated set of $# files" 7 "$@"
	# The parts add up to the input, frame for frame.
	"$SEVENWAY" -q -F ndjson "$@" | grep -o '"packets":[0-9]*,"start"' \
	    >"$T/whole"
	total=0
	for i in 0 1 2 3 4 5 6; do
		p=$("$SEVENWAY" -q -F ndjson "$T/part-$i.pcap" |
		    sed -n 's/.*"type":"summary","packets":\([0-9]*\),.*/\1/p')
		total=$((total + p))
	done
	if [ "\"packets\":$total,\"start\"" = "$(cat "$T/whole")" ]; then
		pass "the 7 parts hold the $total frames of the set"
	else
		fail "the 7 parts hold $total frames, the set $(cat "$T/whole")"
	fi
	# A part is its own shard: --shard drops nothing of it.
	"$SEVENWAY" -q --shard 4/7 "$T/part-4.pcap" >"$T/out"
	if grep -q '^  shard 4 of 7: 0 frames of the other shards' "$T/out"
	then
		pass "part 4 of 7 read with --shard 4/7: nothing dropped"
	else
		fail "part 4 of 7 read with --shard 4/7: $(grep shard "$T/out")"
	fi
else
	echo "SKIP: generated set (needs gen-trace and editcap)"
fi

# Several link types: frames of another than a part's first are left
# out, counted, with a warning.
P=crafted/link-pcapng-multi.pcapng
"$SEVENWAY" --split 1 -w "$T/multi-%d.pcap" "$P" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && grep -q 'warning: --split: [0-9]* frames of another link type' "$T/err"; then
	pass "several link types: exit 0 and a warning"
else
	fail "several link types: exit $rc, '$(cat "$T/err")'"
fi

# Errors leave no part behind.
rm_parts
mkdir "$T/ro" && chmod 555 "$T/ro"
"$SEVENWAY" --split 2 -w "$T/ro/part-%d.pcap" real/client-close.pcap \
    2>"$T/err"
rc=$?
if [ "$(id -u)" -ne 0 ]; then
	[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
		pass "unwritable directory: exit 2, one line" ||
		fail "unwritable directory: exit $rc, '$(cat "$T/err")'"
fi
"$SEVENWAY" --split 2 -w "$T/part-%d.pcap" real/client-close.pcap \
    "$T/missing.pcap" 2>"$T/err"
rc=$?
set +f
left=$(ls "$T"/part-* 2>/dev/null | wc -l)
set -f
if [ $rc -eq 2 ] && [ "$left" -eq 0 ]; then
	pass "a missing input: exit 2, no part left"
else
	fail "a missing input: exit $rc, $left files left: $(cat "$T/err")"
fi
"$SEVENWAY" -F ndjson real/client-close.pcap >"$T/rec.ndjson"
"$SEVENWAY" --split 2 -w "$T/part-%d.pcap" "$T/rec.ndjson" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && pass "--split of records: exit 2" ||
	fail "--split of records: exit $rc"
finish
