#!/bin/sh
# SPDX-License-Identifier: MIT
# readme.sh: the README's examples are real.  Every fenced block that
# starts with "$ src/sevenway ..." (a trailing "\" continues the command)
# is run from the top of the tree, and its output must be the rest of the
# block, line for line.  With UPDATE_README=1 (`make update-readme`) the
# blocks are rewritten with the output instead; review the diff.
. "${top_srcdir:-.}/tests/trace/lib.sh"
tmpdir
cd "$top_srcdir" || exit 1
awk -v dir="$T" '
	/^```/ {
		if (inblock) { inblock = 0; if (n) close(out); next }
		inblock = 1; n = 0; cmd = ""; cont = 0; next
	}
	!inblock { next }
	n == 0 && cmd == "" && /^\$ src\/sevenway / {
		cmd = substr($0, 3); cont = /\\$/; if (!cont) start(); next
	}
	cont { cmd = cmd "\n" $0; cont = /\\$/; if (!cont) start(); next }
	n { print > out }
	function start() {
		n = ++count; out = dir "/ex" n ".want"
		print cmd > (dir "/ex" n ".cmd"); close(dir "/ex" n ".cmd")
		printf "" > out
	}
' README.md
n=0
for c in "$T"/ex*.cmd; do
	[ -e "$c" ] || break
	n=$((n + 1))
	w=${c%.cmd}.want
	cmd=$(sed 's#src/sevenway#"$SEVENWAY"#g' "$c")
	# shellcheck disable=SC2086
	SEVENWAY=$SEVENWAY sh -c "$cmd" >"${c%.cmd}.got" 2>/dev/null
	if cmp -s "$w" "${c%.cmd}.got"; then
		pass "README example: $(head -n 1 "$c")"
	else
		fail "README example: $(head -n 1 "$c")"
		diff "$w" "${c%.cmd}.got" | head -8
	fi
done
[ "$n" -ge 5 ] && pass "$n examples checked" || fail "only $n examples found"
if [ "${UPDATE_README:-0}" = 1 ]; then
	awk -v dir="$T" '
		/^```/ {
			if (inblock && skipping) {
				while ((getline l < (dir "/ex" k ".got")) > 0)
					print l
				skipping = 0
			}
			inblock = !inblock; cmd = 0; cont = 0; print; next
		}
		inblock && !cmd && !skipping && /^\$ src\/sevenway / {
			cmd = 1; cont = /\\$/; print
			if (!cont) { k++; skipping = 1 }
			next
		}
		cont { cont = /\\$/; print; if (!cont) { k++; skipping = 1 }; next }
		skipping { next }
		{ print }
	' README.md >"$T/README.new" && cp "$T/README.new" README.md
	echo "README.md rewritten; review git diff README.md"
fi
finish
