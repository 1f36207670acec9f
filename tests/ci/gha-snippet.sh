#!/bin/sh
# SPDX-License-Identifier: MIT
# gha-snippet.sh: the README's GitHub Actions steps, run as written.  The
# YAML block after the "gha-snippet" marker is taken apart into its steps;
# every "run:" is run, in order, in a shell of its own as a runner does
# (bash -eo pipefail), in a scratch directory where:
#   - ./run-integration-tests.sh is a loopback client and server: three
#     normal connections to a server that waits 1 s in CLOSE_WAIT before it
#     closes each (so the last one is still closing when the tests end);
#   - sevenway is the build under test; sudo runs the command as is when
#     there is no sudo (we are root);
#   - port 8080 is replaced by a free port.
# The job must pass (every step exit 0, a clean JUnit report with three
# connections); the same steps without the wait for closing connections
# must fail the check (the last connection is half-closed), which shows
# the wait is what keeps the job honest.  Root, tcpdump, ss and bash only.
. "${top_srcdir:-.}/tests/trace/lib.sh"

README=$top_srcdir/README.md
# The block: from the marker to the end of the next fenced block.
block=$(awk '/<!-- gha-snippet/ { m = 1; next }
	m == 1 && /^```yaml/ { m = 2; next }
	m == 2 && /^```/ { exit }
	m == 2 { print }' "$README")
[ -n "$block" ] || { fail "no gha-snippet block in README.md"; finish; exit; }
nsteps=$(printf '%s\n' "$block" | grep -c '^      - name: ')
[ "$nsteps" -ge 4 ] && pass "snippet has $nsteps steps" ||
	fail "snippet has $nsteps steps, wanted 4 or more"

if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "the steps capture on lo: root only"
fi
for c in tcpdump ss bash timeout; do
	command -v $c >/dev/null 2>&1 || skip "no $c"
done
ip link show lo >/dev/null 2>&1 || skip "no loopback interface"
. "$top_srcdir/tests/live/lib.sh"
live_tcpdrv || { finish; exit; }

# steps DIR: write each step's run: script to DIR/step-N.sh (N from 1),
# its name to DIR/step-N.name.
steps() {
	printf '%s\n' "$block" | awk -v dir="$1" '
	function flush() { if (out != "") close(out); out = "" }
	/^      - name: / { flush(); n++; name = substr($0, 15)
		print name > (dir "/step-" n ".name"); close(dir "/step-" n ".name")
		inrun = 0; next }
	/^        run: \|$/ { out = dir "/step-" n ".sh"; inrun = 1; next }
	/^        run: / { out = dir "/step-" n ".sh"; print substr($0, 14) > out
		flush(); inrun = 0; next }
	inrun && /^          / { print substr($0, 11) > out; next }
	inrun { flush(); inrun = 0 }
	END { flush() }'
}

# job NAME PORT [nowait]: run the steps in $T/NAME; the check step's
# status is left in check_rc, and every other step must exit 0.
job() {
	name=$1 port=$2
	w=$T/$name
	mkdir -p "$w/bin"
	ln -s "$SEVENWAY" "$w/bin/sevenway"
	# Already root: a sudo that execs its command (a signal sent to the
	# pid of `sudo tcpdump` must reach tcpdump), except kill, which it
	# runs as the shell's own where there is no /bin/kill (no procps).
	command -v sudo >/dev/null 2>&1 ||
		printf '#!/bin/sh\ncase $1 in kill) "$@" ;; *) exec "$@" ;; esac\n' \
		    >"$w/bin/sudo"
	chmod +x "$w/bin/sudo" 2>/dev/null
	cat >"$w/run-integration-tests.sh" <<EOS
#!/bin/sh
"$TCPDRV" server $port 3 1000 >server.log 2>&1 &
echo \$! >server.pid
i=0
until grep -q '^ready' server.log; do
	i=\$((i + 1)); [ \$i -lt 50 ] || exit 1; sleep 0.1
done
for c in 1 2 3; do "$TCPDRV" client $port normal || exit 1; done
EOS
	chmod +x "$w/run-integration-tests.sh"
	steps "$w"
	check_rc=
	n=1
	while [ -f "$w/step-$n.name" ]; do
		sname=$(cat "$w/step-$n.name")
		if [ -f "$w/step-$n.sh" ]; then
			sed -i "s/8080/$port/g" "$w/step-$n.sh"
			[ "${3:-}" = nowait ] && sed -i '/while ss /d' "$w/step-$n.sh"
			(cd "$w" && PATH=$w/bin:$PATH bash --noprofile --norc \
			    -eo pipefail "$w/step-$n.sh") >"$w/step-$n.log" 2>&1
			rc=$?
			case $sname in
			*Check*) check_rc=$rc ;;
			*)	[ $rc -eq 0 ] && pass "$name: step '$sname'" ||
				fail "$name: step '$sname' exit $rc: $(head -c 400 "$w/step-$n.log")" ;;
			esac
		fi
		n=$((n + 1))
	done
	[ -f "$w/server.pid" ] && pids="$pids $(cat "$w/server.pid")"
	[ -n "$check_rc" ] || fail "$name: no step named 'Check...'"
}

pick_port $((32000 + $$ % 500 * 2))
P1=$P
pick_port $((P1 + 1))
P2=$P

job wait "$P1"
[ "$check_rc" = 0 ] && pass "wait: check step exit 0" ||
	fail "wait: check step exit $check_rc: $(cat "$T/wait"/step-*.log | head -c 1500)"
x=$T/wait/report.xml
if [ -s "$x" ]; then
	n=$(grep -c 'classname="sevenway.connection"' "$x")
	[ "$n" -eq 3 ] && pass "wait: 3 connections in report.xml" ||
		fail "wait: $n connections in report.xml, wanted 3"
	grep -q '<failure\|<error' "$x" && fail "wait: report.xml has a failure" ||
		pass "wait: report.xml has no failure or error"
else
	fail "wait: no report.xml"
fi

# The same job without the wait: the last connection is still closing.
job nowait "$P2" nowait
[ "$check_rc" = 1 ] && pass "nowait: check step exit 1 without the wait" ||
	fail "nowait: check step exit $check_rc, wanted 1"
grep -q 'close=half-closed' "$T/nowait"/step-*.log &&
	pass "nowait: the connection still closing is half-closed" ||
	fail "nowait: no close=half-closed: $(cat "$T/nowait"/step-*.log | head -c 1500)"
finish
