#!/bin/sh
# SPDX-License-Identifier: MIT
# promisc.sh: live capture puts the interface in promiscuous mode unless
# -p is given (tcpdump's meaning, DESIGN.md §1).  Runs in a network
# namespace of its own (unshare -n), so its loopback is not shared with
# other tests; reads the kernel's promiscuity count with ip -d link.
# Root only (exit 77 otherwise).
. "${top_srcdir:-.}/tests/trace/lib.sh"
if [ "$(id -u)" -ne 0 ] || [ -n "${SEVENWAY_TEST_NOROOT:-}" ]; then
	skip "needs root for live capture"
fi
command -v unshare >/dev/null 2>&1 || skip "no unshare"
command -v ip >/dev/null 2>&1 || skip "no ip"
unshare -n true 2>/dev/null || skip "cannot make a network namespace"
tmpdir

# promiscuity ARGS...: in a fresh namespace, the promiscuity of lo while
# sevenway ARGS -i lo captures for 2 s.
promiscuity() {
	unshare -n sh -c '
		ip link set lo up || exit 1
		"$0" -q "$@" -i lo --duration 2 >/dev/null 2>&1 &
		sw=$!
		i=0
		while [ $i -lt 30 ]; do
			n=$(ip -d link show lo | sed -n "s/.*promiscuity \([0-9]*\).*/\1/p")
			[ "${n:-0}" -gt 0 ] && break
			sleep 0.05
			i=$((i + 1))
		done
		sleep 0.3
		ip -d link show lo | sed -n "s/.*promiscuity \([0-9]*\).*/\1/p"
		wait $sw' "$SEVENWAY" "$@"
}
n=$(promiscuity)
[ "$n" = 1 ] && pass "default: promiscuous (promiscuity 1)" ||
	fail "default: promiscuity '$n', wanted 1"
n=$(promiscuity -p)
[ "$n" = 0 ] && pass "-p: not promiscuous (promiscuity 0)" ||
	fail "-p: promiscuity '$n', wanted 0"
n=$(promiscuity --no-promiscuous-mode)
[ "$n" = 0 ] && pass "--no-promiscuous-mode: promiscuity 0" ||
	fail "--no-promiscuous-mode: promiscuity '$n', wanted 0"
finish
