#!/bin/sh
# tests/table-rows.sh: every row of README.md's table of intentional
# differences that tests/matrix/matrix.sh does not assert (its scope says
# neither "matrix" nor "libcalls") names its tests in the cases column, in
# parentheses: "(tests/daxctl/list.sh)", "(tests/a.c, tests/dir)". Each
# named path must exist, and a file at or under one of them must carry the
# comment "README row Dn" (the exact id: D2 is not D21) at the assertion.
# A matrix row that also names paths (D20's tool part) is held to the same.
top=${srcdir:-.}
readme=$top/README.md
n=0 bad=0
table=$(sed -n '/<!-- differences -->/,/<!-- \/differences -->/p' "$readme")
if [ -z "$table" ]; then
	echo "not ok 1 - README.md has the table of intentional differences"
	echo "1..1"
	exit 1
fi
# "ID<TAB>SCOPE<TAB>CASES" for each row of the table
rows=$(printf '%s\n' "$table" | grep -E '^\| *D[0-9]+ *\|' |
	awk -F'|' '{ id = $2; scope = $3; cases = $4
		gsub(/^ +| +$/, "", id); gsub(/^ +| +$/, "", scope)
		printf "%s\t%s\t%s\n", id, scope, cases }')
tab=$(printf '\t')
checked=0
while IFS=$tab read -r id scope cases; do
	[ -n "$id" ] || continue
	# the parenthesised paths, outside the matrix cases' backticks
	paths=$(printf '%s\n' "$cases" | sed 's/`[^`]*`//g' |
		grep -o '([^)]*)' | tr -d '()' | tr ',[:blank:]' '\n' | sed '/^$/d')
	case "$scope" in
	*matrix*|*libcalls*)
		[ -n "$paths" ] || continue ;;
	esac
	checked=$((checked + 1))
	n=$((n + 1))
	if [ -z "$paths" ]; then
		echo "not ok $n - row $id: names no test path in its cases column"
		bad=$((bad + 1))
		continue
	fi
	missing='' files=''
	for p in $paths; do
		if [ ! -e "$top/$p" ]; then
			missing="$missing $p"
			continue
		fi
		for f in $(grep -rlE "README row $id([^0-9]|\$)" "$top/$p" 2>/dev/null); do
			files="$files ${f#"$top/"}"
		done
	done
	if [ -n "$missing" ]; then
		echo "not ok $n - row $id: named path does not exist:$missing"
		bad=$((bad + 1))
	elif [ -z "$files" ]; then
		echo "not ok $n - row $id: no 'README row $id' in" $paths
		bad=$((bad + 1))
	else
		files=$(printf '%s\n' $files | sort -u | tr '\n' ' ')
		echo "ok $n - row $id: asserted in ${files% }"
	fi
done <<EOF
$rows
EOF
n=$((n + 1))
if [ $checked -gt 0 ]; then
	echo "ok $n - README's table has $checked rows whose tests are named"
else
	echo "not ok $n - README's table has rows whose tests are named (none read)"
	bad=$((bad + 1))
fi
echo "1..$n"
[ $bad = 0 ]
