# completion/csecpol.bash: bash completion for csecpol(1).
#
# Installed as $(BASHCOMPDIR)/csecpol; or source it from ~/.bashrc.
#
# Nothing here names a command or an option.  They are read from the
# program's own help when Tab is pressed: `csecpol --help` lists the
# commands, `csecpol CMD --help` a command's options, so a new command
# or option completes as soon as its help line exists.  The help line
# also gives an option's values:
#   --paper letter|a4          letter, a4
#   -f, --format LIST  md, html, docx, or a comma list
#                              md, html, docx; after a comma too
#   -o, --output PATH|DIR, -t, --template FILE
#                              file names (".docx" in the text: *.docx)
#   --max-age DAYS             nothing to complete
# and the usage line the arguments: SITE.yaml completes *.yaml and *.yml
# files, another argument any file.

# Prints the help of the csecpol the command line runs ($1), for the
# command $2 when given.
_csecpol_help()
{
  local prog=$1
  # a "~/" the shell has not expanded yet
  # shellcheck disable=SC2088
  [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
  "$prog" ${2:+"$2"} --help 2>/dev/null
}

# Reads the commands listed under "commands:" in the help text $1.
_csecpol_commands()
{
  local line on=0
  while IFS= read -r line; do
    if [[ $line == "commands:" ]]; then
      on=1
    elif ((on)); then
      [[ -z $line ]] && break
      [[ $line =~ ^\ +([a-z][a-z0-9-]*)(\ |$) ]] &&
        printf '%s\n' "${BASH_REMATCH[1]}"
    fi
  done <<<"$1"
}

# Reads the option lines of the help text $1 into the caller's
# variables: opts (every option name, one a line), arg[NAME] (the
# metavar of its value; none for a flag) and desc[NAME] (the first line
# of its description).
_csecpol_parse()
{
  local line s l a d n
  local re='^ +(-[A-Za-z0-9])?(, )?(--[A-Za-z0-9][A-Za-z0-9-]*)?( ([^ ]+))?( {2,}(.*))?$'
  while IFS= read -r line; do
    [[ $line =~ ^\ +-[-A-Za-z0-9] && $line =~ $re ]] || continue
    s=${BASH_REMATCH[1]} l=${BASH_REMATCH[3]}
    a=${BASH_REMATCH[5]} d=${BASH_REMATCH[7]}
    [[ -n $s$l ]] || continue
    for n in $s $l; do
      opts+=$n$'\n'
      arg[$n]=$a
      desc[$n]=$d
    done
  done <<<"$1"
}

# Completes file names in COMPREPLY: directories, and the files that
# match one of the patterns given (any file without one).
_csecpol_files()
{
  local f p IFS=$'\n'
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -d -- "$cur")
  for f in $(compgen -f -- "$cur"); do
    [[ -d $f ]] && continue
    if (($# == 0)); then
      COMPREPLY+=("$f")
      continue
    fi
    for p in "$@"; do
      # shellcheck disable=SC2053
      if [[ $f == $p ]]; then
        COMPREPLY+=("$f")
        break
      fi
    done
  done
}

# Completes the value of option $1, whose metavar is $2 and description
# $3.
_csecpol_value()
{
  local meta=$2 d=$3 v vals=() head='' word=$cur
  if [[ $meta =~ ^[a-z0-9-]+(\|[a-z0-9-]+)+$ ]]; then
    IFS='|' read -r -a vals <<<"$meta"
  elif [[ $meta == LIST ]]; then
    # "md, html, docx, or a comma list": the words before "or"
    while [[ $d =~ ^([a-z0-9-]+),\ (.*)$ ]]; do
      vals+=("${BASH_REMATCH[1]}")
      d=${BASH_REMATCH[2]}
    done
    if [[ $cur == *,* ]]; then
      head=${cur%,*},
      word=${cur##*,}
    fi
  elif [[ $meta =~ FILE|PATH|DIR|^F$|\. ]]; then
    if [[ $d =~ \.([a-z0-9]+)($|[^a-z0-9]) ]]; then
      _csecpol_files "*.${BASH_REMATCH[1]}"
    else
      _csecpol_files
    fi
    return
  else
    return # a number, a code: nothing to offer
  fi
  COMPREPLY=()
  for v in "${vals[@]}"; do
    [[ ,$head == *,"$v",* ]] && continue # listed already
    [[ $v == "$word"* ]] && COMPREPLY+=("$head$v")
  done
}

_csecpol()
{
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  local prog=${COMP_WORDS[0]} cmd help opts='' i
  local -A arg=() desc=()
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()

  # --opt=value: bash splits it at "=" (COMP_WORDBREAKS)
  if [[ $cur == = && $prev == --* ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  if ((COMP_CWORD == 1)); then
    help=$(_csecpol_help "$prog")
    if [[ $cur == -* ]]; then
      _csecpol_parse "$help"
      mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W "$(_csecpol_commands "$help")" \
        -- "$cur")
    fi
    return 0
  fi

  cmd=${COMP_WORDS[1]}
  help=$(_csecpol_help "$prog" "$cmd")
  [[ -n $help ]] || return 0
  _csecpol_parse "$help"

  # after "--" every word is an argument
  local dashdash=0
  for ((i = 2; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == -- ]] && dashdash=1
  done

  if ((!dashdash)) && [[ $prev == -* && -n ${arg[$prev]+set} &&
    -n ${arg[$prev]} ]]; then
    _csecpol_value "$prev" "${arg[$prev]}" "${desc[$prev]}"
    return 0
  fi
  # --opt=value as one word (no "=" in COMP_WORDBREAKS)
  local o=${cur%%=*}
  if ((!dashdash)) && [[ $cur == --*=* && -n ${arg[$o]+set} &&
    -n ${arg[$o]} ]]; then
    cur=${cur#*=}
    _csecpol_value "$o" "${arg[$o]}" "${desc[$o]}"
    for i in "${!COMPREPLY[@]}"; do
      COMPREPLY[i]=$o=${COMPREPLY[i]}
    done
    return 0
  fi
  if ((!dashdash)) && [[ $cur == -?* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    return 0
  fi

  # an argument: the usage line says what it is
  local usage
  usage=$(printf '%s\n' "$help" | grep -m1 '^usage:')
  while [[ $usage =~ ^(.*)\[-[^]]*\](.*)$ ]]; do # options and their values
    usage=${BASH_REMATCH[1]}${BASH_REMATCH[2]}
  done
  if [[ $usage == *.yaml* ]]; then
    _csecpol_files '*.yaml' '*.yml'
  elif [[ $usage =~ \ [A-Z][A-Z.]* ]]; then
    _csecpol_files
  fi
  return 0
}

complete -F _csecpol csecpol
