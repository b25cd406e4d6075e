#!/bin/sh
# fake-tree.sh DIR: build a small fake sysfs/dev tree for DAXCTL_ROOT=DIR
# with the project's tree builder (tests/lib/faketree-gen, $FAKETREE_GEN).
#
#   region 0  hmem.0 (dynamic: available_size, seed, create, delete)
#     dax0.0  devdax, enabled, 4 MiB, align 2 MiB, node 1, /dev node = file
#     dax0.1  disabled (no driver), 2 MiB, align 2 MiB
#     dax0.2  system-ram (kmem), 256 MiB at 0x240000000 = memory72..73
#     dax0.3  devdax, enabled, 64 KiB, align 4 KiB, /dev node = file
#   region 1  region1 under ndbus0 (static: size, align only)
#     dax1.0  devdax, enabled, 2 MiB, align 2 MiB, two mappings, no /dev node
#
# The /dev "nodes" are regular files, so mmap() behaves like a file and
# not like device-dax: that is how the tests see daxctl-map notice a kernel
# that does not refuse what it must.
set -eu
root=$1
gen=${FAKETREE_GEN:?FAKETREE_GEN names tests/lib/faketree-gen}
MiB=1048576

"$gen" init "$root"
"$gen" region "$root" platform/hmem.0 0 $((262 * MiB)) $((2 * MiB)) dynamic 0
#              DIR     PARENT         R ID SIZE         RESOURCE    DRIVER     ALIGN        NODE
"$gen" dev "$root" platform/hmem.0 0 0 $((4 * MiB)) 0x200000000 device_dax $((2 * MiB)) 1
"$gen" dev "$root" platform/hmem.0 0 1 $((2 * MiB)) 0x200400000 - $((2 * MiB)) 1
"$gen" dev "$root" platform/hmem.0 0 2 $((256 * MiB)) 0x240000000 kmem $((2 * MiB)) 1
"$gen" dev "$root" platform/hmem.0 0 3 65536 0x250000000 device_dax 4096 1
"$gen" memory "$root" 0x240000000 $((256 * MiB)) 1 online Movable

"$gen" region "$root" ndbus0/region1 1 $((2 * MiB)) $((2 * MiB)) static
"$gen" dev "$root" ndbus0/region1 1 0 $((2 * MiB)) 0x300000000 device_dax $((2 * MiB)) 0
"$gen" mapping "$root" ndbus0/region1 dax1.0 0 0x300000000 0x3000fffff 0
"$gen" mapping "$root" ndbus0/region1 dax1.0 1 0x300200000 0x3002fffff 0x100

# the builder leaves a placeholder in dev/ per device: keep only these two
rm -f "$root"/dev/dax*
truncate -s $((4 * MiB)) "$root/dev/dax0.0"
truncate -s 65536 "$root/dev/dax0.3"
