# tests/vm/guest/capture.sh: copy the guest's dax sysfs into a fake-root
# fixture tree and send it to the host.  Sourced; use: capture NAME "what state"
# On a kernel other than 6.1 the fixture is NAME-$DAXKERNEL (hmem-6.12).
#
# The tree holds only what libdaxctl reads: the dax bus (device links, the
# drivers with their control files and device links), each region's parent
# directory (regular attributes, dax_region/ and the daxX.Y/ directories with
# mappingN/), /sys/dev/char links, block_size_bytes/auto_online_blocks, the
# memory blocks inside the devices' ranges plus the first and last block of
# every node, the node directories with links to those blocks, /proc/iomem.
# Attributes without a read bit (write-only) become empty files; the mode of
# every captured file is listed in MODES.  Symlinks keep the kernel's relative
# text; their targets are created so that they resolve inside the tree.
# The archive (tar | gzip | base64) goes to /dev/$DAXFX between
# "@@@ FIXTURE-BEGIN NAME" and "@@@ FIXTURE-END NAME" lines.

FX_ROOT=/tmp/fx

fx_file() {
	local src=$1 dst=$FX_R$1 mode
	[ -e "$dst" ] && return 0
	mkdir -p "${dst%/*}"
	mode=$(stat -c %a "$src")
	if [ $((0$mode & 0444)) -eq 0 ] || ! cat "$src" > "$dst" 2>/dev/null; then
		: > "$dst"
	fi
	echo "0$mode ${src#/}" >> "$FX_R/MODES"
}

fx_link() {
	local src=$1 dst=$FX_R$1 txt target
	[ -L "$dst" ] && return 0
	txt=$(readlink "$src")
	case "$txt" in
	/*) echo "# capture: absolute link $src -> $txt skipped"; return 0 ;;
	esac
	target=$(readlink -f "$src")
	mkdir -p "${dst%/*}" "$FX_R$target"
	ln -s "$txt" "$dst"
}

# fx_tree DIR: attributes, links and subdirectories (not power/) of DIR
fx_tree() {
	local d=$1 f
	mkdir -p "$FX_R$d"
	for f in "$d"/* ; do
		if [ -L "$f" ]; then
			fx_link "$f"
		elif [ -f "$f" ]; then
			fx_file "$f"
		elif [ -d "$f" ]; then
			case "${f##*/}" in power) continue ;; esac
			fx_tree "$f"
		fi
	done
}

# fx_files DIR: only the regular files of DIR
fx_files() {
	local f
	mkdir -p "$FX_R$1"
	for f in "$1"/*; do
		[ -f "$f" ] && [ ! -L "$f" ] && fx_file "$f"
	done
}

fx_block() {
	local b=/sys/devices/system/memory/$1 n
	[ -d $b ] || return 0
	fx_tree $b
	for n in $b/node[0-9]*; do
		[ -L "$n" ] || continue
		n=${n##*/}
		fx_link /sys/devices/system/node/$n/$1
	done
}

capture() {
	local name=$1 what=$2 d r regions="" f n bs blocks b first last
	if [ "$DAXFX" = none ] || [ ! -c /dev/$DAXFX ]; then
		return 0
	fi
	case "${DAXKERNEL:-6.1}" in 6.1) ;; *) name=$name-$DAXKERNEL ;; esac
	FX_R=$FX_ROOT/$name
	rm -rf "$FX_R"
	mkdir -p "$FX_R"
	: > "$FX_R/MODES"

	# the bus
	fx_files /sys/bus/dax
	for d in /sys/bus/dax/devices/*; do
		[ -L "$d" ] || continue
		fx_link "$d"
		r=$(readlink -f "$d/..")
		case " $regions " in *" $r "*) ;; *) regions="$regions $r" ;; esac
		f=$(cat "$d/dev")
		fx_link /sys/dev/char/$f
	done
	for d in /sys/bus/dax/drivers/*; do
		[ -d "$d" ] || continue
		fx_tree "$d"
	done
	# regions: parent attributes, dax_region/, devices
	for r in $regions; do
		fx_files "$r"
		fx_tree "$r/dax_region"
		for d in "$r"/dax[0-9]*.[0-9]*; do
			[ -d "$d" ] && fx_tree "$d"
		done
	done
	# memory
	fx_file /sys/devices/system/memory/block_size_bytes
	fx_file /sys/devices/system/memory/auto_online_blocks
	for d in /sys/bus/dax/devices/*; do
		for b in $(dev_blocks ${d##*/}); do
			fx_block $b
		done
	done
	for n in /sys/devices/system/node/node[0-9]*; do
		blocks=$(ls -d $n/memory[0-9]* 2>/dev/null | sed 's/.*memory//' | sort -n)
		[ -n "$blocks" ] || { mkdir -p "$FX_R$n"; continue; }
		first=$(echo "$blocks" | head -1)
		last=$(echo "$blocks" | tail -1)
		fx_block memory$first
		fx_block memory$last
	done
	for f in online possible has_memory has_cpu has_normal_memory; do
		[ -f /sys/devices/system/node/$f ] && fx_file /sys/devices/system/node/$f
	done
	mkdir -p "$FX_R/proc"
	cat /proc/iomem > "$FX_R/proc/iomem"
	sort -k2 -o "$FX_R/MODES" "$FX_R/MODES"
	echo "kernel $(uname -r) ($(cat /etc/vm-release)), scenario $DAXMODE: $what" > "$FX_R/CAPTURED"

	n=$(find "$FX_R" | wc -l)
	{
		echo "@@@ FIXTURE-BEGIN $name"
		(cd $FX_ROOT && tar -cf - "$name" | gzip -9 | base64)
		echo "@@@ FIXTURE-END $name"
	} > /dev/$DAXFX
	pass "fixture $name captured ($n entries)"
}
