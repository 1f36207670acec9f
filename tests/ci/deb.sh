#!/bin/sh
# SPDX-License-Identifier: MIT
# deb.sh: the Debian packaging builds (dpkg-buildpackage -us -uc -b, its
# own make check skipped: make check is this run) in a copy of the tree,
# and the package holds the program, which runs (--version), its manual
# page and its bash completion; lintian, when installed, reports no
# error.  Skipped (77) without dpkg-buildpackage and debhelper, and
# unless SEVENWAY_DEB_TEST=1 (.ci/run sets it once): about a minute.
. "${top_srcdir:-.}/tests/trace/lib.sh"
[ "${SEVENWAY_DEB_TEST:-0}" = 1 ] ||
	skip "the package build runs with SEVENWAY_DEB_TEST=1 (as .ci/run does)"
command -v dpkg-buildpackage >/dev/null 2>&1 && command -v dh >/dev/null 2>&1 ||
	skip "dpkg-buildpackage or debhelper not installed"
tmpdir
mkdir "$T/src"
# The sources only: what git tracks in a clone, else the whole tree
# (a distribution tarball has no build products).
top=$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null || true)
if [ -n "$top" ] && [ "$top" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	(cd "$top_srcdir" && git ls-files -z | xargs -0 cp --parents -t "$T/src")
else
	cp -R "$top_srcdir/." "$T/src"
fi
chmod -R u+w "$T/src"
[ -x "$T/src/debian/rules" ] || { fail "no debian/rules in the tree"; finish; exit; }
(cd "$T/src" && DEB_BUILD_OPTIONS=nocheck timeout 300 \
    dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1
rc=$?
deb=$(ls "$T"/sevenway_*.deb 2>/dev/null | head -n 1)
if [ $rc -eq 0 ] && [ -n "$deb" ]; then
	pass "dpkg-buildpackage -us -uc -b: $(basename "$deb")"
else
	fail "dpkg-buildpackage: exit $rc"
	tail -30 "$T/build.log"
	finish
	exit
fi
dpkg-deb -x "$deb" "$T/root"
v=$("$T/root/usr/bin/sevenway" --version 2>&1)
case $v in
"sevenway "[0-9]*) pass "the packaged program runs: $v" ;;
*) fail "--version of the packaged program: $v" ;;
esac
for f in usr/share/man/man1/sevenway.1.gz \
    usr/share/bash-completion/completions/sevenway \
    usr/share/doc/sevenway/copyright; do
	[ -s "$T/root/$f" ] && pass "the package has /$f" ||
		fail "the package lacks /$f"
done
if command -v lintian >/dev/null 2>&1; then
	lintian "$deb" >"$T/lintian" 2>&1
	if grep -q '^E:' "$T/lintian"; then
		fail "lintian errors: $(grep '^E:' "$T/lintian" | head -5)"
	else
		pass "lintian: no error"
	fi
fi
finish
