# SPDX-License-Identifier: LGPL-2.1-or-later
# lib.sh: common helpers of the daxctl tool tests. Source it from a test
# script run by make check (cwd = build directory, $srcdir = source dir).
#
#	run ARGS...		run our daxctl on $ROOT, keep rc, stdout, stderr
#	expect_rc N		the last run exited N
#	expect_err REGEX	its stderr matches
#	expect_out REGEX	its stdout matches
#	expect_no_out		it printed nothing on stdout
#	expect_file F VALUE	file F holds VALUE (first line)
#	finish			print the tally, exit 0 or 1
#	ft ARGS...		faketree-gen: a canned tree (ft hmem-idle DIR) or
#				a piece of one (init, region, dev, mapping,
#				memory), see tests/lib/faketree-gen.c
#	ft_w FILE VALUE		write one attribute (creating its directory)
set -u

srcdir=${srcdir:-.}
top_srcdir=$(cd "$srcdir" && pwd)
top_builddir=$(pwd)
DAXCTL=${DAXCTL:-$top_builddir/daxctl/daxctl}
FAKETREE_GEN=$top_builddir/tests/lib/faketree-gen

[ -x "$DAXCTL" ] || { echo "FAIL: $DAXCTL is not built"; exit 99; }
[ -x "$FAKETREE_GEN" ] || { echo "FAIL: $FAKETREE_GEN is not built"; exit 99; }

ft() { "$FAKETREE_GEN" "$@" || { echo "FAIL: faketree-gen $*"; exit 99; }; }
ft_w() {
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export DAXCTL_MODPROBEDIR="$WORK/no-modprobe-dir"

PASSES=0
FAILS=0
RC=0
OUT=
ERR=
LAST=

pass() { PASSES=$((PASSES + 1)); }
fail() {
	FAILS=$((FAILS + 1))
	echo "FAIL: $LAST: $*"
	echo "  rc=$RC"
	echo "  stdout: $(printf '%s' "$OUT" | head -20)"
	echo "  stderr: $(printf '%s' "$ERR" | head -20)"
}

# The fake kernel shim (tests/lib/fakekernel.c): with KERNEL=1, writes to
# $ROOT/sys behave like device-dax's. Sanitizer builds preload their runtime
# first.
SHIM=$top_builddir/tests/lib/.libs/fakekernel.so
KERNEL=0
PRELOAD="${DAXCTL_TEST_PRELOAD:+$DAXCTL_TEST_PRELOAD }$SHIM"

# Nothing outside the device is touched (tests/lib/check-writes.py): every
# write a command makes under the fake kernel must go to the device, region,
# driver or memory block it was asked to act on; any other fails the test.
CHECK_WRITES=$top_srcdir/tests/lib/check-writes.py
OWNER_CHECKED=0
owner_before() {
	OWNER_FROM=$(cat "$ROOT/writes.log" 2>/dev/null | wc -l)
	python3 "$CHECK_WRITES" snapshot "$ROOT" "$WORK/owner.snap" ||
		{ echo "FAIL: check-writes.py snapshot"; exit 99; }
}
owner_after() {
	local rc=$RC msg
	if msg=$(python3 "$CHECK_WRITES" check "$ROOT" "$WORK/owner.snap" \
			"$OWNER_FROM" -- "$@" 2>&1); then
		OWNER_CHECKED=$((OWNER_CHECKED + 1))
	else
		FAILS=$((FAILS + 1))
		echo "$msg"
	fi
	RC=$rc
}

# The preload reaches the libtool wrapper's sed (and script(1)); their own
# leaks are suppressed by path so that stderr holds only daxctl's output
LSAN_OUTSIDE=${LSAN_OPTIONS:-}${LSAN_OPTIONS:+:}suppressions=$top_srcdir/tests/lib/lsan-outside.supp:print_suppressions=0

# run ARGS: daxctl with DAXCTL_ROOT=$ROOT (and the fake kernel if KERNEL=1)
run() {
	LAST="daxctl $*"
	if [ "$KERNEL" = 1 ]; then
		[ -f "$SHIM" ] || { echo "FAIL: $SHIM is not built"; exit 99; }
		owner_before
		DAXCTL_ROOT=$ROOT FAKEKERNEL_ROOT=$ROOT LD_PRELOAD=$PRELOAD \
			ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0 \
			LSAN_OPTIONS=$LSAN_OUTSIDE \
			"$DAXCTL" "$@" > "$WORK/out" 2> "$WORK/err"
		RC=$?
		owner_after "$@"
	else
		DAXCTL_ROOT=$ROOT "$DAXCTL" "$@" > "$WORK/out" 2> "$WORK/err"
		RC=$?
	fi
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}

expect_rc() {
	if [ "$RC" = "$1" ]; then pass; else fail "exit $RC, wanted $1"; fi
}
expect_fail() {
	if [ "$RC" != 0 ]; then pass; else fail "exit 0, wanted a failure"; fi
}
expect_err() {
	if printf '%s' "$ERR" | grep -Eq -- "$1"; then pass
	else fail "stderr does not match /$1/"; fi
}
expect_out() {
	if printf '%s' "$OUT" | grep -Eq -- "$1"; then pass
	else fail "stdout does not match /$1/"; fi
}
expect_not_out() {
	if printf '%s' "$OUT" | grep -Eq -- "$1"; then
		fail "stdout matches /$1/"
	else pass; fi
}
expect_no_out() {
	if [ -z "$OUT" ]; then pass; else fail "unexpected stdout"; fi
}
expect_out_eq() {	# expect_out_eq "exact text"
	if [ "$OUT" = "$1" ]; then pass
	else
		fail "stdout differs from the expected text"
		diff <(printf '%s\n' "$1") <(printf '%s\n' "$OUT") | head -40
	fi
}
expect_file() {		# expect_file FILE VALUE
	local got
	got=$(head -n1 "$1" 2>/dev/null)
	if [ "$got" = "$2" ]; then pass
	else fail "$1 holds '$got', wanted '$2'"; fi
}
check() {		# check "description" COMMAND...: a boolean assertion
	local what=$1
	shift
	LAST=$what
	if "$@"; then pass; else fail "check failed"; fi
}

# jq-free JSON access: json_get KEYPATH reads stdout of the last run,
# e.g. json_get '[0]["size"]'
json_get() {
	printf '%s' "$OUT" | python3 -c "import json,sys
d = json.load(sys.stdin)
e = sys.argv[1]
print(json.dumps(eval(('d' + e) if e.startswith('[') else e)))" "$1" 2>/dev/null
}
expect_json() {		# expect_json KEYPATH VALUE (VALUE as JSON text)
	local got
	got=$(json_get "$1")
	if [ "$got" = "$2" ]; then pass
	else fail "JSON$1 is '$got', wanted '$2'"; fi
}

finish() {
	[ "$OWNER_CHECKED" = 0 ] ||
		echo "# write ownership: $OWNER_CHECKED commands, every write owned"
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" = 0 ] || exit 1
	exit 0
}

skip() { echo "SKIP: $*"; exit 77; }
