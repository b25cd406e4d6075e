# bash completion for daxctl(1)

_daxctl_devices()
{
	local d names=
	for d in /sys/bus/dax/devices/dax* /sys/class/dax/dax*; do
		[ -e "$d" ] && names="$names ${d##*/}"
	done
	echo "$names all"
}

_daxctl_regions()
{
	local d names=
	for d in /sys/bus/dax/devices/dax* /sys/class/dax/dax*; do
		[ -e "$d" ] || continue
		d=${d##*/dax}
		names="$names ${d%%.*}"
	done
	echo "$(printf '%s\n' $names | sort -un | tr '\n' ' ') all"
}

_daxctl()
{
	local cur prev cmd opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmds="list migrate-device-model reconfigure-device online-memory
		offline-memory create-device destroy-device enable-device
		disable-device monitor version help"

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$cmds --version --help --list-cmds" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}

	case "$prev" in
	-r|--region)
		COMPREPLY=($(compgen -W "$(_daxctl_regions)" -- "$cur"))
		return 0 ;;
	-d|--dev)
		COMPREPLY=($(compgen -W "$(_daxctl_devices)" -- "$cur"))
		return 0 ;;
	-m|--mode)
		COMPREPLY=($(compgen -W "system-ram devdax famfs" -- "$cur"))
		return 0 ;;
	--input)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	-s|--size|-a|--align|--count|--timeout)
		return 0 ;;
	esac

	case "$cmd" in
	list)
		opts="--region --dev --devices --regions --mappings --idle --human" ;;
	reconfigure-device)
		opts="--region --human --verbose --size --align --mode --no-online
			--force --check-config --no-movable --memmap-on-memory
			--quiet" ;;
	online-memory)
		opts="--region --human --verbose --no-movable --quiet" ;;
	offline-memory)
		opts="--region --human --verbose --quiet" ;;
	enable-device|disable-device)
		opts="--region --human --verbose" ;;
	monitor)
		opts="--dev --region --count --timeout" ;;
	destroy-device)
		opts="--region --human --verbose --force" ;;
	create-device)
		opts="--region --human --verbose --size --align --input" ;;
	help)
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return 0 ;;
	*)
		return 0 ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
	elif [ "$cmd" != list ] && [ "$cmd" != create-device ] &&
		[ "$cmd" != monitor ]; then
		COMPREPLY=($(compgen -W "$(_daxctl_devices)" -- "$cur"))
	fi
	return 0
}

complete -F _daxctl daxctl
