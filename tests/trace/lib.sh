# SPDX-License-Identifier: MIT
# lib.sh: shared setup of the shell tests (sourced).  Runs in C locale and
# UTC so output never depends on the machine; exit 77 is automake's SKIP.
set -u
LC_ALL=C
TZ=UTC
export LC_ALL TZ
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${SEVENWAY:=$top_builddir/src/sevenway}"
fails=0
passes=0
pass() { passes=$((passes + 1)); echo "PASS: $*"; }
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; exit 77; }
# finish: print the tally and exit with the right status.
finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/sevenway-test.XXXXXX")
	trap 'rm -rf "$T"' EXIT
}
