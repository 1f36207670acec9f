#!/bin/sh
# SPDX-License-Identifier: MIT
# duckdb.sh: the DuckDB recipe of sevenway(1) (SCALE) runs, and says
# what sevenway says.  tests/cli/duckdb.sql is the manual's example,
# line for line (checked here); it loads the records of 3 shards of the
# real traces into a table and asks the protection questions.  The
# connections per close value in the table must be the reduce's.
#
# Needs node and DuckDB's Node.js client (the npm package
# @duckdb/node-api, found by node or under $DUCKDB_NODE_PATH, a
# node_modules directory); skipped (exit 77) otherwise.  Never uses the
# network.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f
SQL=$top_srcdir/tests/cli/duckdb.sql
RUN=$top_srcdir/tests/cli/duckdb.cjs

# The manual shows the same statements (its literal block keeps lines).
missing=0
while IFS= read -r line; do
	[ -n "$line" ] || continue
	grep -qF -- "$line" "$top_srcdir/man/sevenway.1" || {
		missing=$((missing + 1)); echo "not in the manual: $line"; }
done <"$SQL"
[ $missing -eq 0 ] && pass "duckdb.sql is the manual's example" ||
	fail "$missing lines of duckdb.sql not in man/sevenway.1"

# Without DuckDB: skipped, unless the manual check failed.
skip_or_fail() { [ "$fails" -eq 0 ] && skip "$1"; finish; exit 1; }
command -v node >/dev/null 2>&1 || skip_or_fail "no node"
NODE_PATH=${DUCKDB_NODE_PATH:-${NODE_PATH:-}}
export NODE_PATH
node -e "require('@duckdb/node-api')" >/dev/null 2>&1 ||
	skip_or_fail "node cannot load @duckdb/node-api (set DUCKDB_NODE_PATH)"

set +f
for i in 0 1 2; do
	"$SEVENWAY" -q --shard $i/3 -F ndjson "$top_srcdir"/pcaps/real/*.pcap \
	    >"$T/shard-$i.ndjson" 2>/dev/null
done
set -f
# The reduce's connections per close value, as "value<TAB>n".
"$SEVENWAY" -q -F ndjson "$T/shard-0.ndjson" "$T/shard-1.ndjson" \
    "$T/shard-2.ndjson" | tail -n 1 |
    sed 's/.*"close":{\([^}]*\)}.*/\1/' | tr ',' '\n' |
    sed 's/"\([^"]*\)":\([0-9]*\)/\1	\2/' | grep -v '	0$' >"$T/want"
# The recipe runs where the records are ('shard-*.ndjson').
if (cd "$T" && node "$RUN" "$SQL") >"$T/out" 2>"$T/err"; then
	pass "the DuckDB recipe runs: $(grep -c -- '^--$' "$T/out") statements"
else
	fail "the DuckDB recipe: $(cat "$T/err")"
fi
# The last query: connections per close value.
awk 'BEGIN { RS = "--\n" } { last = prev; prev = $0 } END { printf "%s", prev }' \
    "$T/out" >"$T/got"
if cmp -s "$T/want" "$T/got"; then
	pass "DuckDB counts per close value = the reduce's ($(wc -l <"$T/got") values)"
else
	fail "DuckDB counts per close value differ"
	diff "$T/want" "$T/got" | head -6
fi
# The half-open question: 200 half-open from 40 sources on the SYN flood
# trace's server.
if grep -q "^10.77.0.2	7015	200	40$" "$T/out"; then
	pass "half-open per server: 10.77.0.2:7015, 200 from 40 sources"
else
	fail "half-open per server: $(sed -n '4p' "$T/out")"
fi
finish
