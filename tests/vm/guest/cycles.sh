# tests/vm/guest/cycles.sh: repeated cycles on the real kernel (src/vm-cycles.c),
# called at the end of each scenario script.
#
#   cycles_dynamic   hmem regions: dax0.0 (on device_dax) is cut to 256 MiB and
#                    a 256 MiB bystander dax0.1 is made next to it; KMEM_CYCLES
#                    kmem cycles of dax0.0 with the bystander's data verified
#                    after each, then REGION_CYCLES create/destroy cycles of
#                    64 MiB devices in the rest of the region; then dax0.0 is
#                    whole again.
#   cycles_static D [STRIDE]  KMEM_CYCLES kmem cycles of D (a static
#                    region's device), patterns every STRIDE bytes.
#
# The cycles' wall time is printed per scenario ("# cycles: ..." lines).
# STRIDE (VM_CYCLES_STRIDE: bytes between pattern words, default 8 = every
# word) trades coverage for time on the large static devices.
KMEM_CYCLES=${KMEM_CYCLES:-20}
REGION_CYCLES=${REGION_CYCLES:-50}

cycles_dynamic() {
	local MiB=1048576 R rid base t0
	if [ "$(bound_to dax0.0)" != device_dax ] || [ -e $DEVS/dax0.1 ]; then
		fail "cycles: precondition: dax0.0 alone and on device_dax ($(ls $DEVS | tr '\n' ' '), dax0.0 on '$(bound_to dax0.0)')"
		return 1
	fi
	t0=$(date +%s.%N)
	R=$(region_dir dax0.0)/dax_region
	rid=$(cat $R/id)
	base=$(dattr dax0.0 size)
	raw_unbind dax0.0
	check "cycles: dax0.0 cut to 256 MiB" swrite $((256 * MiB)) $DEVS/dax0.0/size
	check "cycles: dax0.0 back on device_dax" raw_bind dax0.0 device_dax
	check "cycles: create the bystander" swrite 1 $R/create
	is "$(cat $R/seed)" dax0.1 "cycles: the bystander is dax0.1"
	check "cycles: bystander 256 MiB" swrite $((256 * MiB)) $DEVS/dax0.1/size
	check "cycles: bystander on device_dax" raw_bind dax0.1 device_dax
	ctest vm-cycles kmem dax0.0 $KMEM_CYCLES dax0.1
	ctest vm-cycles region $rid $REGION_CYCLES $((64 * MiB)) dax0.1
	raw_unbind dax0.1
	swrite 0 $DEVS/dax0.1/size
	check "cycles: delete the bystander" swrite dax0.1 $R/delete
	raw_unbind dax0.0
	check "cycles: dax0.0 whole again" swrite $base $DEVS/dax0.0/size
	check "cycles: dax0.0 on device_dax again" raw_bind dax0.0 device_dax
	diag "cycles: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s in all"
}

cycles_static() { # cycles_static DEV [STRIDE]
	local t0=$(date +%s.%N)
	export VM_CYCLES_STRIDE=${2:-8}
	ctest vm-cycles kmem "$1" $KMEM_CYCLES
	unset VM_CYCLES_STRIDE
	diag "cycles: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s in all"
}
