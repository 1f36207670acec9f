# SPDX-License-Identifier: MIT
# bash completion for sevenway(1): every option, the values of those that
# take a word from a fixed list, files and interfaces where they go.

_sevenway()
{
	local cur prev words cword
	_init_completion || return

	case $prev in
	-r | -w | --junit)
		_filedir
		return
		;;
	-i | --interface)
		COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null) any" \
		    -- "$cur"))
		return
		;;
	-F | --format)
		COMPREPLY=($(compgen -W 'text line json ndjson zeek' -- "$cur"))
		return
		;;
	-t | --time-format)
		COMPREPLY=($(compgen -W 'epoch iso relative' -- "$cur"))
		return
		;;
	--color)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return
		;;
	--show)
		COMPREPLY=($(compgen -W 'all abnormal' -- "$cur"))
		return
		;;
	--fail-on)
		COMPREPLY=($(compgen -W 'abnormal any-anomaly empty reset
		    refused unreachable unanswered half-open half-closed open
		    timeout' -- "$cur"))
		return
		;;
	--threshold)
		COMPREPLY=($(compgen -S = -W 'syn-flood syn-flood-sources
		    close-wait close-wait-age idle-hold reset-storm reset-window' \
		    -- "$cur"))
		compopt -o nospace
		return
		;;
	-Z)
		COMPREPLY=($(compgen -u -- "$cur"))
		return
		;;
	-c | --count | -f | --filter | --duration | --idle-threshold | \
	--idle-timeout | --max-flows | --assert | --shard | --split | --fanout)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '-r -i --interface -p
		    --no-promiscuous-mode -f --filter -c --count -n -l -w -Z -K
		    --dont-verify-checksums --duration -F --format -t
		    --time-format --ladder --ascii --color --explain --show
		    --summary --idle-threshold --threshold --idle-timeout
		    --max-flows --shard --split --fanout --fail-on --assert
		    --junit -q --quiet -v
		    --verbose --version -h --help' -- "$cur"))
		return
	fi
	_filedir
} &&
	complete -F _sevenway sevenway
