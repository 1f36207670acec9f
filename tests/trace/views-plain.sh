#!/bin/sh
# SPDX-License-Identifier: MIT
# views-plain.sh: what --ascii and --color promise.
#  - With --ascii --color never, the text, ladder and line views of every
#    trace under pcaps/ hold no byte >= 0x80 and no ESC.
#  - --color auto writes no ESC into a pipe, nor on a terminal when
#    NO_COLOR is set; on a terminal without NO_COLOR it does colour.
#  - -F line prints its title line on a terminal only.
# The terminal cases run under script(1) and are skipped without it.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
bad=$(printf '[\200-\377\033]')

for p in "$top_srcdir"/pcaps/*/*.pcap "$top_srcdir"/pcaps/*/*.pcapng; do
	[ -f "$p" ] || continue
	n=${p#"$top_srcdir"/pcaps/}
	for opts in "--ladder --explain" "-F line --explain" "--explain"; do
		# shellcheck disable=SC2086
		"$SEVENWAY" -q --ascii --color never $opts "$p" >"$T/out" 2>/dev/null
		c=$(LC_ALL=C grep -c "$bad" "$T/out")
		if [ "$c" -eq 0 ]; then
			pass "$n $opts: ASCII only"
		else
			fail "$n $opts: $c lines with non-ASCII bytes or ESC"
			LC_ALL=C grep -n "$bad" "$T/out" | head -3 | od -c | head -5
		fi
	done
done

trace=$top_srcdir/pcaps/crafted/fin-bad-ack.pcap
"$SEVENWAY" --ladder --color auto "$trace" | cat >"$T/pipe"
if LC_ALL=C grep -q "$(printf '\033')" "$T/pipe"; then
	fail "--color auto: ESC written into a pipe"
else
	pass "--color auto: no ESC into a pipe"
fi
NO_COLOR=1 "$SEVENWAY" --ladder --color auto "$trace" | cat >"$T/pipe"
if LC_ALL=C grep -q "$(printf '\033')" "$T/pipe"; then
	fail "NO_COLOR=1 --color auto: ESC written into a pipe"
else
	pass "NO_COLOR=1 --color auto: no ESC into a pipe"
fi
"$SEVENWAY" --ladder --color always "$trace" >"$T/always"
if LC_ALL=C grep -q "$(printf '\033')" "$T/always"; then
	pass "--color always: colours a pipe"
else
	fail "--color always: no ESC"
fi

# on_tty FILE CMD...: run CMD with a terminal as standard output.
on_tty() {
	out=$1
	shift
	script -qec "$*" /dev/null </dev/null | tr -d '\r' >"$out"
}
if ! command -v script >/dev/null 2>&1 ||
    ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	echo "note: no script(1) with a pseudo-terminal: terminal cases skipped"
	finish
	exit
fi
on_tty "$T/tty" env -u NO_COLOR "$SEVENWAY" --ladder "$trace"
if LC_ALL=C grep -q "$(printf '\033')" "$T/tty"; then
	pass "--color auto: colours a terminal"
else
	fail "--color auto: no colour on a terminal"
fi
on_tty "$T/tty" env NO_COLOR=1 "$SEVENWAY" --ladder --color auto "$trace"
if LC_ALL=C grep -q "$(printf '\033')" "$T/tty"; then
	fail "NO_COLOR=1 --color auto: ESC on a terminal"
else
	pass "NO_COLOR=1 --color auto: no ESC on a terminal"
fi
on_tty "$T/tty" env NO_COLOR= "$SEVENWAY" --ladder --color auto "$trace"
if LC_ALL=C grep -q "$(printf '\033')" "$T/tty"; then
	pass "NO_COLOR empty: colours a terminal"
else
	fail "NO_COLOR empty: no colour on a terminal"
fi
on_tty "$T/tty" "$SEVENWAY" -F line "$trace"
if head -1 "$T/tty" | grep -q '^ID  *START  *CLIENT'; then
	pass "-F line: title line on a terminal"
else
	fail "-F line: no title line on a terminal: $(head -1 "$T/tty")"
fi
"$SEVENWAY" -F line "$trace" >"$T/pipe"
if head -1 "$T/pipe" | grep -q '^1 '; then
	pass "-F line: no title line into a pipe"
else
	fail "-F line: first line into a pipe: $(head -1 "$T/pipe")"
fi
finish
