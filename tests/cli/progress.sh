#!/bin/sh
# SPDX-License-Identifier: MIT
# progress.sh: a long offline run on a terminal shows progress on stderr
# (DESIGN.md §1); never when stderr is not a terminal, never with -q.
# The capture comes through a FIFO that stalls for 1.3 s in the middle,
# so the run lasts past the first second, when progress may first show.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
: "${GEN_TRACE:=$top_builddir/tests/bench/gen-trace}"
"$GEN_TRACE" -n 8000 -c 200 -p 1-100 -s 3 "$T/t.pcap" 2>/dev/null ||
	{ fail "gen-trace"; finish; exit; }
half=$(( $(wc -c <"$T/t.pcap") / 2 ))
mkfifo "$T/fifo"

# run WHERE ARGS: sevenway on the stalling FIFO, stderr to a terminal
# (WHERE=tty, through script(1)) or to a file; stderr ends in $T/err.
run() {
	where=$1
	shift
	{ head -c "$half" "$T/t.pcap"; sleep 1.3
	    tail -c +$((half + 1)) "$T/t.pcap"; } >"$T/fifo" &
	if [ "$where" = tty ]; then
		script -qc "'$SEVENWAY' $* - <'$T/fifo' >/dev/null" /dev/null \
		    </dev/null >"$T/err" 2>&1
	else
		"$SEVENWAY" "$@" - <"$T/fifo" >/dev/null 2>"$T/err"
	fi
	wait
}

cr=$(printf '\r')
run tty
if grep -q "${cr}sevenway: [0-9.]* MB, [0-9]* packets/s, [0-9]* connections" \
    "$T/err"; then
	pass "progress on a terminal"
else
	fail "no progress on a terminal: $(od -c "$T/err" | head -3)"
fi
run file
if grep -q "$cr\|packets/s" "$T/err"; then
	fail "progress when stderr is a file"
else
	pass "no progress when stderr is a file"
fi
run tty -q
if grep -q "packets/s" "$T/err"; then
	fail "progress with -q"
else
	pass "no progress with -q"
fi
finish
