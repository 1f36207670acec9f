#!/bin/sh
# SPDX-License-Identifier: MIT
# exit-codes.sh: the CI exit status contract on committed traces
# (DESIGN.md §1, §6): 0 all good, 1 a --fail-on/--assert check failed,
# 2 usage or input error (input errors win over check failures).
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
R=$top_srcdir/pcaps/real
C=$top_srcdir/pcaps/crafted

# code NAME WANT ARGS...: run sevenway (stdin from /dev/null), check status.
code() {
	name=$1 want=$2
	shift 2
	"$SEVENWAY" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$name: exit $want"
	else
		fail "$name: exit $got, wanted $want ($(head -c 200 "$T/err"))"
	fi
}

# stdin_code NAME WANT FILE ARGS...: the same, FILE piped to '-' (a pipe,
# not a seekable file: that is how CI jobs feed it).
stdin_code() {
	name=$1 want=$2 file=$3
	shift 3
	cat "$file" | "$SEVENWAY" "$@" - >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$name: exit $want"
	else
		fail "$name: exit $got, wanted $want ($(head -c 200 "$T/err"))"
	fi
}

# --fail-on: close values, anomaly kinds and the groups.
code fail-on-abnormal-clean 0 --fail-on abnormal "$R/client-close.pcap"
code fail-on-reset-abort-server 1 --fail-on reset "$R/abort-server.pcap"
code fail-on-abnormal-seq-ack-anomaly 1 \
	--fail-on abnormal "$C/fin-bad-ack.pcap"
code fail-on-reset-no-reset 0 --fail-on reset "$C/fin-bad-ack.pcap"
code fail-on-any-anomaly-bad-checksum 1 \
	--fail-on any-anomaly "$C/bad-checksum.pcap"
code fail-on-abnormal-bad-checksum 0 --fail-on abnormal "$C/bad-checksum.pcap"
code fail-on-several-inputs 1 \
	--fail-on abnormal "$R/client-close.pcap" "$R/abort-client.pcap"
stdin_code fail-on-stdin-abort 1 "$R/abort-client.pcap" --fail-on abnormal
stdin_code fail-on-stdin-clean 0 "$R/client-close.pcap" --fail-on abnormal

# --assert.
code assert-pass 0 --assert 'none(close=reset)' "$R/client-close.pcap"
code assert-fail 1 --assert 'none(close=reset)' "$R/abort-client.pcap"
code assert-count-eq 0 --assert 'count(close=half-open) == 50' \
	"$C/syn-flood.pcap"
code assert-count-gt 1 --assert 'count(close=half-open) > 50' \
	"$C/syn-flood.pcap"

# A bad assertion is a usage error: exit 2, a caret under the error on
# stderr, nothing on stdout.
code assert-bad-field 2 --assert 'all(clos=reset)' "$R/abort-client.pcap"
grep -q '\^' "$T/err" && pass "assert-bad-field: caret on stderr" ||
	fail "assert-bad-field: no caret on stderr: $(cat "$T/err")"
grep -qF 'all(clos=reset)' "$T/err" &&
	pass "assert-bad-field: expression echoed on stderr" ||
	fail "assert-bad-field: expression not shown on stderr"
[ ! -s "$T/out" ] && pass "assert-bad-field: stdout empty" ||
	fail "assert-bad-field: stdout not empty: $(head -c 200 "$T/out")"

# With -F json stdout stays one JSON document; the verdict goes to stderr.
code assert-json 0 --assert 'all(handshake=complete)' -F json \
	"$R/client-close.pcap"
case $(head -c 16 "$T/out") in
'{"connections":[') pass "assert-json: stdout starts with {\"connections\":[" ;;
*) fail "assert-json: stdout starts '$(head -c 40 "$T/out")'" ;;
esac
case $(tail -c 3 "$T/out" | tr -d '\n') in
*'}}') pass "assert-json: stdout ends with }}" ;;
*) fail "assert-json: stdout ends '$(tail -c 40 "$T/out")'" ;;
esac
grep -q 'PASS' "$T/out" && fail "assert-json: PASS line on stdout" ||
	pass "assert-json: no PASS line on stdout"
grep -q '^PASS all(handshake=complete)' "$T/err" &&
	pass "assert-json: PASS line on stderr" ||
	fail "assert-json: no PASS line on stderr: $(cat "$T/err")"
code assert-json-fail 1 --assert 'none(close=reset)' -F json \
	"$R/abort-client.pcap"
grep -q '^FAIL none(close=reset)' "$T/err" &&
	pass "assert-json-fail: FAIL line on stderr" ||
	fail "assert-json-fail: no FAIL line on stderr: $(cat "$T/err")"
grep -q 'FAIL' "$T/out" && fail "assert-json-fail: FAIL line on stdout" ||
	pass "assert-json-fail: no FAIL line on stdout"

# ndjson marks the failing connection.
code fail-on-ndjson 1 --fail-on abnormal -F ndjson "$R/abort-client.pcap"
grep '^{"type":"connection"' "$T/out" | grep -qF '"failed":["close=reset"]' &&
	pass 'fail-on-ndjson: connection has "failed":["close=reset"]' ||
	fail 'fail-on-ndjson: no "failed":[ on the connection line'
code fail-on-ndjson-clean 0 --fail-on abnormal -F ndjson "$R/client-close.pcap"
grep '^{"type":"connection"' "$T/out" | grep -qF '"failed":[' &&
	fail 'fail-on-ndjson-clean: a clean connection has "failed":[' ||
	pass 'fail-on-ndjson-clean: no "failed":[ on a clean connection'

# Errors: exit 2, and they win over failed checks.
code junit-unwritable 2 --junit /nonexistent-dir/x.xml "$R/client-close.pcap"
grep -q '^sevenway: .*nonexistent-dir' "$T/err" &&
	pass "junit-unwritable: error names the path" ||
	fail "junit-unwritable: stderr '$(cat "$T/err")'"
code fail-on-missing-input 2 --fail-on abnormal "$T/missing.pcap"
code fail-on-missing-after-failure 2 \
	--fail-on abnormal "$R/abort-client.pcap" "$T/missing.pcap"
code assert-missing-input 2 --assert 'none(close=reset)' \
	"$R/abort-client.pcap" "$T/missing.pcap"
finish
