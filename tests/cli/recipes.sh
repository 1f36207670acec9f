#!/bin/sh
# SPDX-License-Identifier: MIT
# recipes.sh: the GNU parallel recipes of sevenway(1) (SCALE) run as
# written there, over a capture set in cap/ rather than /data/cap/: 4
# shards of the whole set, then 4 shards of a split.  Their reduce
# must print the capture run's totals and protection report.  Skipped
# (exit 77) without GNU parallel.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
MAN=$top_srcdir/man/sevenway.1

# The recipes, as the manual's source has them (\e is a backslash).
for line in \
    'parallel sevenway --shard {}/4 -F ndjson /data/cap/*.pcap \e' \
    "    '>' shard-{}.ndjson ::: 0 1 2 3" \
    'sevenway --summary shard-*.ndjson' \
    "sevenway --split 4 -w 'part-%d.pcap' /data/cap/*.pcap" \
    'parallel sevenway --shard {}/4 -F ndjson part-{}.pcap \e'; do
	grep -qxF -- "$line" "$MAN" || fail "not in the manual: $line"
done
[ "$fails" -eq 0 ] && pass "the recipes are the manual's"

command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null |
    grep -q 'GNU parallel' || {
	[ "$fails" -eq 0 ] && skip "no GNU parallel"; finish; exit 1; }

# sevenway as the recipes call it, and a capture set in time order.
mkdir "$T/bin" "$T/cap"
ln -s "$SEVENWAY" "$T/bin/sevenway"
PATH=$T/bin:$PATH
export PATH
i=0
for f in client-close abort-client refused unanswered close-wait \
    healthy-busy tfo rst-in-window; do
	i=$((i + 1))
	cp "$top_srcdir/pcaps/real/$f.pcap" "$T/cap/$(printf %02d $i)-$f.pcap"
done
cd "$T" || exit 1
# The files were captured days apart, so the idle timeout ends 2
# connections between them; in this set every part has packets after
# those deadlines too, so the parts end them alike (the limit of split
# parts is in SCALE).
want() {
	sevenway -q --summary cap/*.pcap | sed -n '/^totals:/,$p'
}
want >want

parallel sevenway --shard {}/4 -F ndjson cap/*.pcap \
    '>' shard-{}.ndjson ::: 0 1 2 3 2>/dev/null
sevenway --summary shard-*.ndjson 2>/dev/null | sed -n '/^totals:/,$p' >got
if [ -s got ] && cmp -s want got; then
	pass "parallel, 4 shards: the reduce's totals and report are the run's"
else
	fail "parallel, 4 shards: the reduce differs"
	diff want got | head -6
fi

rm -f shard-*.ndjson
sevenway --split 4 -w 'part-%d.pcap' cap/*.pcap 2>/dev/null
parallel sevenway --shard {}/4 -F ndjson part-{}.pcap \
    '>' shard-{}.ndjson ::: 0 1 2 3 2>/dev/null
sevenway --summary shard-*.ndjson 2>/dev/null | sed -n '/^totals:/,$p' >got
# A part's frames are numbered within it, so only the totals and the
# report are compared; the reduce orders by those numbers.
if [ -s got ] && cmp -s want got; then
	pass "split, then parallel on the parts: the same totals and report"
else
	fail "split, then parallel on the parts: the reduce differs"
	diff want got | head -6
fi
finish
