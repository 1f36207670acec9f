#!/bin/sh
# SPDX-License-Identifier: MIT
# show.sh: --show all|abnormal|PREDICATE selects the connections every
# format prints (DESIGN.md §1, §6), on captures and on records alike.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
set -f
cd "$top_srcdir/pcaps" || exit 1
# The real corpus as one run: ids 1..14 in first-frame order.
ALL="real/abort-client.pcap real/abort-server.pcap real/client-close.pcap
real/close-wait.pcap real/half-close.pcap real/idle-open.pcap
real/ipv6-close.pcap real/lossy-transfer.pcap real/refused.pcap
real/server-close.pcap real/simultaneous-close.pcap real/unanswered.pcap"
# shellcheck disable=SC2086
"$SEVENWAY" -F ndjson $ALL >"$T/records.ndjson"

# ids FORMAT ARGS...: the ids shown, sorted, on one line.
ids() {
	fmt=$1
	shift
	case $fmt in
	text) "$SEVENWAY" "$@" | sed -n 's/^#\([0-9]*\) .*/\1/p' ;;
	*) "$SEVENWAY" -F "$fmt" "$@" |
	    grep -o '"type":"connection","id":[0-9]*\|{"id":[0-9]*' |
	    sed 's/.*://' ;;
	esac | sort -n | tr '\n' ' ' | sed 's/ $//'
}

# show NAME WANT EXPR: every format, capture and records, shows WANT.
show() {
	name=$1 want=$2 expr=$3
	for fmt in text ndjson; do
		# shellcheck disable=SC2086
		got=$(ids $fmt --show "$expr" $ALL)
		[ "$got" = "$want" ] && pass "$name ($fmt): $want" ||
		    fail "$name ($fmt): ids '$got', wanted '$want'"
		got=$(ids $fmt --show "$expr" "$T/records.ndjson")
		[ "$got" = "$want" ] && pass "$name ($fmt, records)" ||
		    fail "$name ($fmt, records): ids '$got', wanted '$want'"
	done
}

show all "1 2 3 4 5 6 7 8 9 10 11 12 13 14" all
show abnormal "1 2 4 11 14" abnormal
show server-close-wait 4 'state.server=CLOSE_WAIT'
show reset-on-port "1" 'close=reset & server=*:7005'
show reset-any-port "1 2" 'close=reset & server=10.77.0.2:*'
show not-client-close "1 2 4 6 7 8 11 12 13 14" 'close!=client-close'
show ipv6 9 'server=[fd77::2]:7012'
show event 10 'event=retransmission'
show event-glob 10 'event=retrans*'
show input "6 7 8" 'input=real/idle-open.pcap'
show input-glob "1 2" 'input=*abort*'
show conn-state "4" 'conn_state=S2'
show time-wait-both "3 5 9 10 13" 'state.client=TIME_WAIT & closed_by=client'

# JSON documents hold only the chosen connections, and stay valid.
"$SEVENWAY" -F json --show 'close=refused' $ALL >"$T/doc" 2>/dev/null
if grep -q '^{"connections":\[{"type":"connection","id":11,' "$T/doc" &&
    [ "$(grep -o '"type":"connection"' "$T/doc" | wc -l)" -eq 1 ]; then
	pass "json document with --show"
else
	fail "json document with --show: $(head -c 200 "$T/doc")"
fi

# A bad predicate: exit 2, what is wrong, and a caret under it.
"$SEVENWAY" --show 'close=rest' real/refused.pcap >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] &&
    grep -q "^sevenway: bad --show expression: unknown close value 'rest'" \
    "$T/err" && grep -q '^      \^$' "$T/err"; then
	pass "bad predicate: exit 2 with a caret"
else
	fail "bad predicate: exit $rc, '$(cat "$T/err")'"
fi
"$SEVENWAY" --show 'close=reset &' real/refused.pcap >/dev/null 2>"$T/err"
[ $? -eq 2 ] && pass "dangling '&': exit 2" || fail "dangling '&'"
finish
