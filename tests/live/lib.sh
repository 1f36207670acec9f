# SPDX-License-Identifier: MIT
# lib.sh: the harness of the live-capture tests (sourced after
# tests/trace/lib.sh): a temporary directory whose background processes
# ($pids) are stopped on exit, the tcpdrv loopback helper, a free port,
# and waits that are always bounded.

tmpdir
pids=
cleanup() {
	for p in $pids; do kill -TERM "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

# live_tcpdrv: set TCPDRV to the helper, built by make check or compiled
# here; returns 1 (after a FAIL line) when it cannot be built.
live_tcpdrv() {
	TCPDRV=${TCPDRV:-$top_builddir/tests/live/tcpdrv}
	if [ ! -x "$TCPDRV" ]; then
		TCPDRV=$T/tcpdrv
		if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
		    -o "$TCPDRV" "$top_srcdir/tests/live/tcpdrv.c" 2>"$T/cc.err"; then
			fail "build tcpdrv: $(cat "$T/cc.err")"
			return 1
		fi
	fi
}

# pick_port BASE: set P to a port at or above BASE that no socket uses.
pick_port() {
	P=$1
	n=0
	while [ $n -lt 50 ] && command -v ss >/dev/null 2>&1 &&
	    [ -n "$(ss -Htan "( sport = :$P or dport = :$P )" 2>/dev/null)" ]; do
		P=$((P + 7))
		n=$((n + 1))
	done
}

# wait_for FILE REGEX TENTHS: poll until FILE matches, at most TENTHS/10 s.
wait_for() {
	i=0
	while [ $i -lt "$3" ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# alive PID: true while PID runs (an exited, unreaped child is not alive).
alive() {
	if [ -r "/proc/$1/stat" ]; then
		s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
		[ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
	else
		kill -0 "$1" 2>/dev/null
	fi
}

# reap PID TENTHS: wait at most TENTHS/10 s for PID, kill it if it is
# still running, and return its exit status.
reap() {
	i=0
	while alive "$1" && [ $i -lt "$2" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if alive "$1"; then
		echo "note: pid $1 still running after $(($2 / 10)) s, killed"
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1"
}

