#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# daxctl migrate-device-model under a temporary modprobe directory
# (DAXCTL_MODPROBEDIR): fresh install, second run, a different file in the
# way (left byte-identical), an equivalent symlinked policy, errors.
. "${srcdir:-.}/tests/daxctl/lib.sh"

ROOT=$WORK/none
DIR=$WORK/modprobe.d
export DAXCTL_MODPROBEDIR=$DIR
CONF=$DIR/daxctl.conf
mkdir -p "$DIR"

policy_lines() { grep -v -e '^#' -e '^$' "$1"; }

# --- fresh install
run migrate-device-model
expect_rc 0
expect_err 'reboot'
expect_err 'reload|reloaded'
check "policy file is a regular file, not a symlink" \
	test -f "$CONF" -a ! -L "$CONF"
check "policy has exactly the two lines" test "$(policy_lines "$CONF")" = \
	"blacklist dax_pmem_compat
alias nd:t7* dax_pmem"
check "policy file starts with a comment header" \
	test "$(head -c1 "$CONF")" = "#"
check "policy file is mode 0644" test "$(stat -c %a "$CONF")" = 644
check "no temporary file left behind" \
	test "$(find "$DIR" -mindepth 1 | wc -l)" = 1
if command -v modprobe >/dev/null; then
	LAST="modprobe -C parses the policy"
	if modprobe -C "$DIR" --showconfig 2>/dev/null |
			grep -q '^blacklist dax_pmem_compat'; then
		pass
	else
		fail "modprobe --showconfig does not show the blacklist"
	fi
fi
sum1=$(sha256sum < "$CONF")
ino1=$(stat -c %i "$CONF")

# --- second run: success, says so, file untouched
run migrate-device-model
expect_rc 0
expect_err 'already installed'
check "second run leaves the file as it was" \
	test "$(sha256sum < "$CONF")" = "$sum1" -a "$(stat -c %i "$CONF")" = "$ino1"

# --- a different file in the way: never touched, named, non-zero exit
printf 'options dax_pmem something\n# local policy\n' > "$CONF"
sum2=$(sha256sum < "$CONF")
run migrate-device-model
expect_fail
expect_err "$CONF"
expect_err 'not touching'
check "the different file stays byte-identical" \
	test "$(sha256sum < "$CONF")" = "$sum2"

# a file with the policy plus more is still different
printf 'blacklist dax_pmem_compat\nalias nd:t7* dax_pmem\nblacklist kmem\n' > "$CONF"
run migrate-device-model
expect_fail
check "policy-plus-more file untouched" \
	test "$(tail -n1 "$CONF")" = "blacklist kmem"

# --- the distribution's layout: a symlink to an equivalent policy counts
rm "$CONF"
printf 'blacklist dax_pmem_compat\nalias nd:t7* dax_pmem\n' > "$WORK/share.conf"
ln -s "$WORK/share.conf" "$CONF"
run migrate-device-model
expect_rc 0
expect_err 'already installed'
check "symlink left in place" test -L "$CONF"

# a dangling symlink is in the way, and stays
rm "$CONF"
ln -s "$WORK/missing.conf" "$CONF"
run migrate-device-model
expect_fail
expect_err 'dangling'
check "dangling symlink untouched" test -L "$CONF" -a ! -e "$CONF"
rm "$CONF"

# --- a missing directory is an error naming it
export DAXCTL_MODPROBEDIR=$WORK/nowhere
run migrate-device-model
expect_fail
expect_err "$WORK/nowhere"
check "nothing created" test ! -e "$WORK/nowhere"
export DAXCTL_MODPROBEDIR=$DIR

# --- usage
run migrate-device-model extra
expect_rc 129
expect_err "unexpected extra argument 'extra'"
run migrate-device-model -x
expect_rc 129

# --- an unwritable directory: permission denied (as a non-root user)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	RO=$WORK/ro.d
	mkdir -p "$RO"
	chmod 0755 "$RO" "$WORK"
	LAST="migrate-device-model as nobody"
	DAXCTL_MODPROBEDIR=$RO setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$DAXCTL" migrate-device-model \
		> "$WORK/out" 2> "$WORK/err"
	RC=$?; OUT=$(cat "$WORK/out"); ERR=$(cat "$WORK/err")
	expect_fail
	expect_err 'permission denied'
	check "nothing written in the unwritable directory" \
		test -z "$(ls -A "$RO")"
elif [ "$(id -u)" != 0 ]; then
	RO=$WORK/ro.d
	mkdir -p "$RO"
	chmod 0555 "$RO"
	DAXCTL_MODPROBEDIR=$RO run migrate-device-model
	expect_fail
	expect_err 'permission denied'
	chmod 0755 "$RO"
else
	echo "# note: no setpriv, permission-denied case not run"
fi

finish
