#!/bin/sh
# SPDX-License-Identifier: MIT
# errors.sh: every input and usage error prints one clear line
# "sevenway: WHAT: WHY" on stderr and exits 2 (DESIGN.md §1).
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
P=$top_srcdir/pcaps/crafted/normal-close.pcap

# expect NAME STATUS REGEX -- ARGS...: run, check status and stderr.
expect() {
	name=$1 want=$2 re=$3
	shift 4
	"$SEVENWAY" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	lines=$(wc -l <"$T/err")
	if [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, wanted $want ($(head -c 200 "$T/err"))"
	elif [ "$re" = EMPTY ] && [ -s "$T/err" ]; then
		fail "$name: unexpected stderr '$(cat "$T/err")'"
	elif [ "$re" != EMPTY ] && ! grep -Eq "$re" "$T/err"; then
		fail "$name: stderr '$(cat "$T/err")' does not match /$re/"
	elif [ "$want" -eq 2 ] && [ "$lines" -ne 1 ]; then
		fail "$name: $lines lines on stderr, wanted one"
	else
		pass "$name"
	fi
}

expect missing-file 2 '^sevenway: nonexistent\.pcap: no such file$' -- \
	nonexistent.pcap
expect not-a-capture 2 '^sevenway: /etc/passwd: not a pcap or pcapng capture file$' -- \
	/etc/passwd
expect bad-filter 2 "^sevenway: bad filter 'tcp port': .*syntax error" -- \
	-f 'tcp port' "$P"
expect bad-filter-no-file 2 "^sevenway: (bad filter|x\.pcap)" -- \
	-f 'tcp port' x.pcap
expect unknown-option 2 '^sevenway: --bogus: unknown option' -- --bogus "$P"
expect missing-arg 2 '^sevenway: --format: missing argument' -- "$P" --format
expect bad-format 2 "^sevenway: --format: 'xml' is not one of" -- -F xml "$P"
expect bad-count 2 "^sevenway: -c: 'zero' is not a positive number" -- -c zero "$P"
expect bad-idle 2 "^sevenway: --idle-timeout: '-1'" -- --idle-timeout -1 "$P"
expect bad-maxflows 2 "^sevenway: --max-flows: '0'" -- --max-flows 0 "$P"
expect no-input 2 '^sevenway: no input' --
expect both-inputs 2 '^sevenway: give either -i IFACE or -r FILEs' -- -i lo -r "$P"
expect operand-is-filter 2 "^sevenway: bad filter 'tcp port x y'" -- -r "$P" tcp port x y
expect duration-offline 2 '^sevenway: --duration applies to live' -- --duration 1 "$P"
expect no-such-iface 2 '^sevenway: nosuchif0: no such interface' -- -i nosuchif0
expect bad-fail-on 2 "^sevenway: --fail-on: .*'bogus'" -- --fail-on bogus "$P"

# A header-only file is an empty capture; a cut header is an error.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' >"$T/empty.pcap"
expect empty-capture 0 EMPTY -- "$T/empty.pcap"
head -c 10 "$T/empty.pcap" >"$T/short.pcap"
expect cut-header 2 "^sevenway: .*short\.pcap: " -- "$T/short.pcap"

# Unsupported link type: a pcap header with LINKTYPE 147 (user 0).
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\223\000\000\000' >"$T/user0.pcap"
expect unsupported-dlt 2 '^sevenway: .*user0\.pcap: unsupported link type .*; supported: ' -- "$T/user0.pcap"

# A truncated file: the connections read are kept, a warning, exit 0.
TR=$top_srcdir/pcaps/crafted/truncated.pcap
if [ -f "$TR" ]; then
	"$SEVENWAY" -F ndjson "$TR" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q 'warning: .*truncated' "$T/err" &&
	    grep -q '"type":"connection"' "$T/out" &&
	    grep -q '"type":"summary"' "$T/out"; then
		pass truncated-keeps-what-was-read
	else
		fail "truncated: rc=$rc err=$(cat "$T/err")"
	fi
fi

# Live capture without privileges: say what is needed (root only, run as
# nobody; the binary is copied where nobody can execute it).
if [ "$(id -u)" -eq 0 ] && command -v su >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1; then
	nb=$(mktemp "${TMPDIR:-/tmp}/sevenway-nobody.XXXXXX")
	cp "$SEVENWAY" "$nb" && chmod 755 "$nb"
	out=$(su nobody -s /bin/sh -c "'$nb' -i lo -c 1" 2>&1 </dev/null)
	rc=$?
	rm -f "$nb"
	if [ $rc -eq 2 ] && printf '%s\n' "$out" |
	    grep -q '^sevenway: lo: permission denied (live capture needs root or CAP_NET_RAW)$'
	then
		pass "live-permission-denied"
	else
		fail "live-permission-denied: rc=$rc: $out"
	fi
fi

# --version and --help go to stdout and exit 0.
"$SEVENWAY" --version | grep -Eq '^sevenway [0-9]+\.[0-9]+' &&
    pass version || fail version
"$SEVENWAY" --help | grep -q -- '--fail-on' && pass help || fail help
finish
