# lib.sh: sourced by the tests/examples scripts. They run from the top build
# directory (as automake's harness runs them) and read the build's settings
# from tests/examples/test-env.sh, which 'make check' generates.
set -u

if [ ! -f tests/examples/test-env.sh ]; then
	echo "ERROR: tests/examples/test-env.sh missing: run through 'make check'" >&2
	exit 99
fi
. ./tests/examples/test-env.sh
srcdir=${srcdir:-$abs_top_srcdir}
# the tree builder that fake-tree.sh drives
export FAKETREE_GEN=${FAKETREE_GEN:-$abs_top_builddir/tests/lib/faketree-gen}

npass=0
nfail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxctl-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run CMD...: run it, keep its exit status in $rc and its output in $out
run() {
	out=$("$@" 2>&1)
	rc=$?
	printf '$ %s\n%s\n[exit %d]\n' "$*" "$out" "$rc" >> "$tmp/log"
}

# check DESCRIPTION CONDITION...: count a pass or a failure
check() {
	desc=$1
	shift
	if "$@"; then
		npass=$((npass + 1))
		echo "PASS: $desc"
	else
		nfail=$((nfail + 1))
		echo "FAIL: $desc"
		echo "  last command's output (exit $rc):"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}

# has REGEX: the last output has a line matching the extended regex
has() {
	printf '%s\n' "$out" | grep -Eq -- "$1"
}

# hasnt REGEX
hasnt() {
	! has "$1"
}

# expect DESC RC REGEX... -- CMD...: run CMD, check its exit status and
# that its output matches every regex (one check each)
expect() {
	edesc=$1 erc=$2
	shift 2
	n=0
	while [ "$1" != -- ]; do
		n=$((n + 1))
		eval "re_$n=\$1"
		shift
	done
	shift
	run "$@"
	check "$edesc: exit $erc" [ "$rc" = "$erc" ]
	i=1
	while [ $i -le $n ]; do
		eval "re=\$re_$i"
		check "$edesc: output matches /$re/" has "$re"
		i=$((i + 1))
	done
}

finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" = 0 ] || exit 1
	[ "$npass" -gt 0 ] || exit 99
	exit 0
}
