#!/bin/sh
# SPDX-License-Identifier: MIT
# summary.sh: --summary from the command line: the "protection" member
# of the JSON summary, the text report after the totals, the threshold
# options and their usage errors (DESIGN.md §5).
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
P=$top_srcdir/pcaps

# check NAME FILE FIXED-STRING: FILE holds the string.
check() {
	if grep -qF -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1: no '$3' in: $(head -c 600 "$2")"
	fi
}

# A server that never closed: one connection left in CLOSE_WAIT, still
# there when the capture ends.
"$SEVENWAY" --summary -F json "$P/real/close-wait.pcap" >"$T/cw.json"
rc=$?
[ $rc -eq 0 ] && pass "close-wait json exit 0" || fail "close-wait json: exit $rc"
check "json protection object" "$T/cw.json" \
	'"protection":{"idle_threshold":30.0,"thresholds":{"syn-flood":100,'
check "json server" "$T/cw.json" \
	'"servers":[{"server":"10.77.0.2:7009","connections":1,'
check "json close_wait" "$T/cw.json" \
	'"close_wait":{"total":1,"peak":1,"longest":0.0,"open_at_end":1}'
check "json host" "$T/cw.json" '"hosts":[{"host":"10.77.0.2",'
check "json no flags" "$T/cw.json" '"flags":[]}]}}'

# NDJSON: the last line carries it; without --summary nothing changes.
"$SEVENWAY" --summary -F ndjson "$P/real/close-wait.pcap" | tail -1 >"$T/sum"
check "ndjson summary has protection" "$T/sum" '"protection":{'
"$SEVENWAY" -F ndjson "$P/real/close-wait.pcap" | tail -1 >"$T/plain"
if grep -q protection "$T/plain"; then
	fail "no --summary: protection member present"
else
	pass "no --summary: no protection member"
fi

# Bad thresholds: one line on stderr, exit 2.
usage() {
	name=$1 re=$2
	shift 2
	"$SEVENWAY" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "$name: exit $rc, wanted 2"
	elif [ "$(wc -l <"$T/err")" -ne 1 ]; then
		fail "$name: not one line: $(cat "$T/err")"
	elif ! grep -Eq "$re" "$T/err"; then
		fail "$name: stderr '$(cat "$T/err")' does not match /$re/"
	else
		pass "$name"
	fi
}
usage bad-threshold-name "^sevenway: --threshold: 'bogus=1' is not NAME=VALUE with NAME one of syn-flood, .*reset-window$" \
	--summary --threshold bogus=1 "$P/real/close-wait.pcap"
usage bad-threshold-value "^sevenway: --threshold: syn-flood: '0' is not a whole number from 1$" \
	--summary --threshold syn-flood=0 "$P/real/close-wait.pcap"
usage threshold-without-summary "^sevenway: --idle-threshold and --threshold apply to --summary only" \
	--threshold syn-flood=5 "$P/real/close-wait.pcap"
usage bad-idle-threshold "^sevenway: --idle-threshold: 'x' is not a positive" \
	--summary --idle-threshold x "$P/real/close-wait.pcap"

# The crafted SYN flood: 50 half-open connections from 50 sources, all
# still in the backlog when the capture ends.  The default threshold
# (100) is not reached; at 50 the flag fires, at 51 it does not.
F=$P/crafted/syn-flood.pcap
"$SEVENWAY" --summary "$F" >"$T/flood0"
check "flood default row" "$T/flood0" \
	"  10.2.0.2:80     50      50/50        0            0      0    0/0.000s     0  -"
check "flood default unflagged" "$T/flood0" "  no server flagged"
"$SEVENWAY" --summary --threshold syn-flood=50 --threshold syn-flood-sources=50 \
	"$F" >"$T/flood"
sed -n '/^protection report/,$p' "$T/flood" >"$T/report"
cat >"$T/want" <<'EOF'
protection report (idle threshold 30 s):
  server       conns  half-open  refused  unreachable  reset  close-wait  idle  flags
  10.2.0.2:80     50      50/50        0            0      0    0/0.000s     0  syn-flood

  10.2.0.2:80: syn-flood: 50 half-open or unanswered connections at once from 50 sources (thresholds 50 and 50 sources), since 1704067200.100450.
    Enable SYN cookies (net.ipv4.tcp_syncookies=1) and raise the listen backlog (the listen() argument, net.core.somaxconn and net.ipv4.tcp_max_syn_backlog).
EOF
if cmp -s "$T/want" "$T/report"; then
	pass "flood report at threshold 50"
else
	fail "flood report: $(diff -u "$T/want" "$T/report")"
fi
"$SEVENWAY" --summary --threshold syn-flood=51 "$F" >"$T/flood51"
check "flood below threshold" "$T/flood51" "  no server flagged"
"$SEVENWAY" --summary --threshold syn-flood-sources=51 "$F" >"$T/flood51s"
check "flood below sources threshold" "$T/flood51s" "  no server flagged"
"$SEVENWAY" --summary -F json --threshold syn-flood=50 "$F" >"$T/flood.json"
check "flood json flag" "$T/flood.json" \
	'"flags":[{"name":"syn-flood","value":50,"threshold":50,"since":1704067200.10045,'
check "flood json half_open" "$T/flood.json" \
	'"half_open":{"total":50,"unanswered":0,"peak":50,"peak_at":1704067200.10045,"sources":50}'

# Every connection counts, not only those --show prints.
"$SEVENWAY" --summary --show abnormal "$P/real/client-close.pcap" >"$T/show"
check "--show does not filter the report" "$T/show" "  10.77.0.2:7001      1"
finish
