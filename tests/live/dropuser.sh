#!/bin/sh
# SPDX-License-Identifier: MIT
# dropuser.sh: -Z USER gives up root once the device is open (tcpdump
# -Z): while sevenway captures on lo, /proc/PID/status shows USER's uid
# and gid (no 0 among the real, effective, saved and filesystem ids, nor
# among the groups), and the capture still reports the connections.
# Root only (exit 77 otherwise); SEVENWAY_TEST_NOROOT=1 forces the skip.
. "${top_srcdir:-.}/tests/trace/lib.sh"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
command -v ip >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1 ||
	skip "no loopback interface (ip link show lo failed)"
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
uid=$(id -u nobody)
gid=$(id -g nobody)

. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# Ports 32000-35999 (the other live tests use 20000-31999).
pick_port $((32000 + $$ % 4000))
echo "port $P, tcpdrv $TCPDRV"

# The output goes to a pipe: nobody may not write in $T.
"$SEVENWAY" -i lo -Z nobody -f "tcp port $P" --duration 4 -F ndjson \
	</dev/null 2>"$T/err" | cat >"$T/out" &
pids="$!"
if ! wait_for "$T/err" 'listening on lo' 50; then
	fail "no 'listening on' from sevenway: $(cat "$T/err")"
	finish
	exit
fi
sw=
for d in /proc/[0-9]*; do
	case $(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) in
	*"sevenway -i lo -Z nobody -f tcp port $P "*) sw=${d#/proc/} ;;
	esac
done
if [ -n "$sw" ] && [ -r "/proc/$sw/status" ]; then
	ids=$(awk '/^Uid:/ { print "uid", $2, $3, $4, $5 }
	    /^Gid:/ { print "gid", $2, $3, $4, $5 }
	    /^Groups:/ { $1 = ""; print "groups" $0 }' "/proc/$sw/status")
	echo "$ids"
	echo "$ids" | grep -qx "uid $uid $uid $uid $uid" &&
		pass "all four uids are nobody's ($uid)" ||
		fail "uids: $(echo "$ids" | grep uid)"
	echo "$ids" | grep -qx "gid $gid $gid $gid $gid" &&
		pass "all four gids are nobody's ($gid)" ||
		fail "gids: $(echo "$ids" | grep gid)"
	echo "$ids" | grep '^groups' | grep -qw 0 &&
		fail "group 0 kept: $(echo "$ids" | grep groups)" ||
		pass "no supplementary group 0"
else
	fail "cannot find the sevenway process"
fi

"$TCPDRV" server "$P" 2 >"$T/srv" 2>"$T/srv.err" &
srv=$!
pids="$pids $srv"
wait_for "$T/srv" '^ready' 50 ||
	fail "tcpdrv server did not start: $(cat "$T/srv.err")"
"$TCPDRV" client "$P" normal 2>>"$T/cli.err"
"$TCPDRV" client "$P" normal 2>>"$T/cli.err"
reap "$srv" 50 >/dev/null
# The pipeline ends when sevenway does (--duration 4).
i=0
while [ $i -lt 80 ] && ! grep -q '"type":"summary"' "$T/out"; do
	sleep 0.1
	i=$((i + 1))
done
n=$(grep -c '^{"type":"connection"' "$T/out")
[ "$n" -eq 2 ] && pass "the capture still reports its 2 connections" ||
	fail "$n connections reported, wanted 2: $(cat "$T/err")"
grep -q '"type":"summary"' "$T/out" && pass "summary written" ||
	fail "no summary"
finish
