#!/bin/sh
# SPDX-License-Identifier: MIT
# crafted-expect.sh: sevenway's verdicts on every crafted trace equal what
# the generator says it planted (gen-traces --list): connection count,
# handshake, close, closed_by, both states, every anomaly with its frame
# and expected/seen values, and the events.  This is independent of the
# golden files, so a golden rewrite cannot bless a wrong answer.
#
# Event notation in --list: kind:N exact, kind at least one, kind? may or
# may not appear; an event not listed must not appear.  The ICMP errors
# planted (icmp=FRAME:TYPE/CODE,...) must be the ones the connections
# list, in frame order over all of them.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
: "${GEN_TRACES:=$top_builddir/tests/gen/gen-traces}"
"$GEN_TRACES" --list >"$T/list" || { fail "gen-traces --list"; finish; exit; }

# Reduce one NDJSON connection line to "verdict|anomalies|events|icmp".
reduce() {
	awk '
	function field(s, k,   re, v) {
		re = "\"" k "\":(\"[^\"]*\"|null|[0-9]+)"
		if (!match(s, re)) return "?"
		v = substr(s, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
		gsub(/"/, "", v)
		return v == "null" ? "-" : v
	}
	/"type":"connection"/ {
		st = $0; sub(/.*"state":\{/, "", st); sub(/\}.*/, "", st)
		v = "handshake=" field($0, "handshake") " close=" field($0, "close") \
		    " closed_by=" field($0, "closed_by") \
		    " state.client=" field(st, "client") " state.server=" field(st, "server")
		an = $0; sub(/.*"anomalies":\[/, "", an); sub(/\].*/, "", an)
		out = ""
		n = split(an, parts, /\},\{/)
		for (i = 1; i <= n; i++) {
			if (parts[i] == "") continue
			a = field(parts[i], "kind") "@" field(parts[i], "frame")
			if (parts[i] ~ /"expected"/)
				a = a ":expected=" field(parts[i], "expected") ":seen=" field(parts[i], "seen")
			out = out (out == "" ? "" : ",") a
		}
		ev = $0; sub(/.*"events":\{/, "", ev); sub(/\}.*/, "", ev)
		gsub(/"/, "", ev)
		ic = ""
		if ($0 ~ /"icmp":\[/) {
			il = $0; sub(/.*"icmp":\[/, "", il); sub(/\].*/, "", il)
			n = split(il, parts, /\},\{/)
			for (i = 1; i <= n; i++)
				ic = ic (ic == "" ? "" : ",") field(parts[i], "frame") \
				    ":" field(parts[i], "type") "/" field(parts[i], "code")
		}
		print v "|" (out == "" ? "-" : out) "|" (ev == "" ? "-" : ev) "|" \
		    (ic == "" ? "-" : ic)
	}'
}

# events_ok EXPECTED ACTUAL: the --list notation against "k:v,k:v".
events_ok() {
	exp=$1 act=$2
	[ "$act" = - ] && act=""
	[ "$exp" = - ] && exp=""
	old=$IFS; IFS=,
	for e in $exp; do
		case "$e" in
		*\?) ;;
		*:*) case ",$act," in *",$e,"*) ;; *) IFS=$old; return 1 ;; esac ;;
		*) case ",$act," in *",$e:"*) ;; *) IFS=$old; return 1 ;; esac ;;
		esac
	done
	for a in $act; do
		k=${a%%:*}
		case ",$exp," in
		*",$k,"*|*",$k:"*|*",$k?,"*) ;;
		*) IFS=$old; return 1 ;;
		esac
	done
	IFS=$old
	return 0
}

while IFS='	' read -r file want; do
	"$SEVENWAY" -F ndjson "$top_srcdir/pcaps/crafted/$file" 2>/dev/null |
	    reduce >"$T/got"
	set -- $want
	conns=${1#conns=}; shift
	verdict="$1 $2 $3 $4 $5"
	anoms=${6#anomalies=}
	events=${7#events=}
	icmp=${8#icmp=}
	n=$(wc -l <"$T/got")
	[ "$n" -eq "$conns" ] || { fail "$file: $n connections, wanted $conns"; continue; }
	bad=$(awk -F'|' -v v="$verdict" '$1 != v { print $1; exit }' "$T/got")
	[ -z "$bad" ] && pass "$file: $verdict" ||
	    fail "$file: verdict '$bad', wanted '$verdict'"
	got_an=$(cut -d'|' -f2 "$T/got" | grep -v '^-$' | tr '\n' ',' | sed 's/,$//')
	[ -z "$got_an" ] && got_an=-
	[ "$got_an" = "$anoms" ] && pass "$file: anomalies $anoms" ||
	    fail "$file: anomalies '$got_an', wanted '$anoms'"
	ok=true
	while IFS='|' read -r _ _ ev _; do
		events_ok "$events" "$ev" || { ok=false; bad_ev=$ev; }
	done <"$T/got"
	$ok && pass "$file: events $events" ||
	    fail "$file: events '$bad_ev', wanted '$events'"
	got_ic=$(cut -d'|' -f4 "$T/got" | grep -v '^-$' | tr ',' '\n' |
	    sort -t: -k1,1n | tr '\n' ',' | sed 's/,$//')
	[ -z "$got_ic" ] && got_ic=-
	[ "$got_ic" = "$icmp" ] && pass "$file: icmp $icmp" ||
	    fail "$file: icmp errors '$got_ic', wanted '$icmp'"
done <"$T/list"
finish
