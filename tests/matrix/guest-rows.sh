#!/bin/sh
# tests/matrix/guest-rows.sh: every README row the guest matrix
# (tests/vm/guest/matrix.sh: GM_KNOWN, and gm_partial_offline's D26) names for a known difference is a
# row of README.md's table of intentional differences whose scope says
# "matrix".  The guest has no README; this is where the two are tied.
top=${srcdir:-.}
readme=$top/README.md
gm=$top/tests/vm/guest/matrix.sh
n=0 bad=0
table=$(sed -n '/<!-- differences -->/,/<!-- \/differences -->/p' "$readme")
if [ -z "$table" ]; then
	echo "not ok 1 - README.md has the table of intentional differences"
	echo "1..1"
	exit 1
fi
# GM_KNOWN's ids, and those a rule of its own answers (gm_partial_offline)
ids=$( (sed -n "/^GM_KNOWN='/,/'\$/p" "$gm" | sed "s/^GM_KNOWN='//" | awk '{ print $1 }'
	grep -o '^	echo D[0-9]*$' "$gm" | awk '{ print $2 }') | sort -u)
for id in $ids; do
	n=$((n + 1))
	if echo "$table" | grep -Eq "^\| $id \|[^|]*matrix"; then
		echo "ok $n - guest matrix row $id is a matrix row of README's table"
	else
		echo "not ok $n - guest matrix row $id is a matrix row of README's table"
		bad=$((bad + 1))
	fi
done
n=$((n + 1))
if [ -n "$ids" ]; then
	echo "ok $n - guest matrix names its rows ($(echo $ids))"
else
	echo "not ok $n - guest matrix names its rows (none read from $gm)"
	bad=$((bad + 1))
fi
echo "1..$n"
[ $bad = 0 ]
