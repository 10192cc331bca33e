#!/bin/sh
# tests/suite/man.sh: the manual pages, the bash completion and
# `make install`, one "ok"/"not ok" line per check (tests/run.sh counts
# them).
#
#  - csecpol(1) and csecpol-site(5) lint clean (mandoc -T lint -W
#    warning) and render with mandoc and with man -l;
#  - csecpol(1) keeps up with the program: a .Ss and a SYNOPSIS entry
#    for every command `csecpol --help` lists, an .It for every option
#    `csecpol CMD --help` prints and for no other, every exit status of
#    csecpol.h, and the CSP_MAX_* limits of site.h under LIMITS (the
#    rule ids under DIAGNOSTICS are tests/suite/rules.sh's);
#  - csecpol-site(5)'s EXAMPLES pass `csecpol check --strict` (its field
#    list is checked by tests/unit/test_man_site.c, its rules under
#    CHECKS by tests/suite/rules.sh);
#  - each EXAMPLES line of csecpol(1) (.Dl $ ...) runs in a copy of
#    sites/ and exits with the "exit status N" the text before it gives;
#  - completion/csecpol.bash completes commands, options and values,
#    including those of a command it has never seen;
#  - `make install DESTDIR=... PREFIX=/usr` puts every file where a
#    Debian user looks for it, and `make uninstall` removes them.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
MAN1=man/csecpol.1
MAN5=man/csecpol-site.5

. tests/lib.sh

# section PAGE NAME: the lines of section NAME (.Sh NAME to the next .Sh).
section() {
  awk -v want=".Sh $2" '/^\.Sh /{on = ($0 == want); next} on' "$1"
}
# subsection PAGE NAME: the lines of subsection .Ss NAME.
subsection() {
  awk -v want=".Ss $2" '/^\.S[hs] /{on = ($0 == want); next} on' "$1"
}
# fl_names: the options named by "Fl x" in the .It lines on stdin, as
# -x and --long, one a line.
fl_names() {
  grep '^\.It ' | tr ' ' '\n' | awk 'prev == "Fl" {print "-" $0} {prev = $0}' |
    sort -u
}
# help_opts TEXT-FILE: the options a --help text prints, one a line.
help_opts() {
  grep -E '^ +-' "$1" | sed -E 's/^ +//; s/  .*//' | tr ',' '\n' |
    sed -E 's/^ +//; s/ .*//' | grep -E '^--?[A-Za-z0-9]' | sort -u
}

# ---- lint and render --------------------------------------------------

for p in "$MAN1" "$MAN5"; do
  mandoc -T lint -W warning "$p" >"$tmp/lint" 2>&1
  st=$?
  [ -s "$tmp/lint" ] && st=1
  check $st "mandoc -T lint -W warning $p is clean" "$tmp/lint"

  # (stderr may say the machine's mandoc.db is out of date: not ours)
  mandoc -T utf8 "$p" >"$tmp/utf8" 2>"$tmp/utf8.err"
  st=$?
  sed 's/.\x08//g' "$tmp/utf8" | grep -q '^SYNOPSIS' || st=1
  check $st "mandoc -T utf8 $p renders" "$tmp/utf8.err"

  MANPAGER=cat MANWIDTH=80 man -l "$p" >"$tmp/man" 2>"$tmp/man.err"
  st=$?
  [ -s "$tmp/man.err" ] && st=1
  grep -q 'SYNOPSIS' "$tmp/man" || st=1
  check $st "man -l $p renders without a warning" "$tmp/man.err"
done

got=$(grep '^\.Sh ' "$MAN1" | sed 's/^\.Sh //' | tr '\n' '/')
want="NAME/SYNOPSIS/DESCRIPTION/ENVIRONMENT/FILES/EXIT STATUS/EXAMPLES/"
want="${want}DIAGNOSTICS/LIMITS/SEE ALSO/SECURITY CONSIDERATIONS/"
if [ "$got" = "$want" ]; then ok "$MAN1 has its sections in order"
else not_ok "$MAN1 has its sections in order"
  echo "#   got:  $got"; echo "#   want: $want"; fi

# ---- csecpol(1) against --help ------------------------------------------

"$CSECPOL" --help >"$tmp/help" 2>&1
cmds=$(awk '/^commands:/{on = 1; next} on && /^$/{exit}
            on && /^  [a-z]/{print $1}' "$tmp/help")
[ -n "$cmds" ]
check $? "'csecpol --help' lists commands" "$tmp/help"

# the global options, in DESCRIPTION before the first .Ss
section "$MAN1" DESCRIPTION | awk '/^\.Ss /{exit} {print}' | fl_names \
  >"$tmp/doc-global"
help_opts "$tmp/help" >"$tmp/help-global"
missing=$(comm -23 "$tmp/help-global" "$tmp/doc-global" | tr '\n' ' ')
[ -s "$tmp/help-global" ] && [ -z "$missing" ]
check $? "$MAN1 documents the options of 'csecpol --help' ${missing:+(missing: $missing)}"

for c in $cmds; do
  "$CSECPOL" "$c" --help >"$tmp/help-$c" 2>&1
  check $? "'csecpol $c --help' exits 0" "$tmp/help-$c"

  subsection "$MAN1" "csecpol $c" >"$tmp/ss-$c"
  [ -s "$tmp/ss-$c" ]
  check $? "$MAN1 has a subsection '.Ss csecpol $c'"

  section "$MAN1" SYNOPSIS | grep -qx "\.Cm $c"
  check $? "$MAN1 has 'csecpol $c' in its SYNOPSIS"

  # -h and --help: "Each command takes -h or --help" in DESCRIPTION
  help_opts "$tmp/help-$c" | grep -vx -e -h -e --help >"$tmp/opts-$c"
  fl_names <"$tmp/ss-$c" >"$tmp/doc-$c"
  missing=$(comm -23 "$tmp/opts-$c" "$tmp/doc-$c" | tr '\n' ' ')
  extra=$(comm -13 "$tmp/opts-$c" "$tmp/doc-$c" | tr '\n' ' ')
  [ -s "$tmp/opts-$c" ] && [ -z "$missing" ]
  check $? "$MAN1 has an .It for every option of 'csecpol $c --help' ${missing:+(missing: $missing)}"
  [ -z "$extra" ]
  check $? "$MAN1 documents no option 'csecpol $c --help' lacks ${extra:+(extra: $extra)}"
done

# ---- exit statuses and limits against the code -------------------------

sed -n 's/^ *CSP_EXIT_[A-Z]* = \([0-9]*\).*/\1/p' cli/csecpol.h | sort -u \
  >"$tmp/exit-code"
section "$MAN1" "EXIT STATUS" | sed -n 's/^\.It \([0-9]*\)$/\1/p' | sort -u \
  >"$tmp/exit-doc"
[ -s "$tmp/exit-code" ] && cmp -s "$tmp/exit-code" "$tmp/exit-doc"
check $? "EXIT STATUS of $MAN1 lists the statuses of cli/csecpol.h ($(tr '\n' ' ' <"$tmp/exit-code"))"

# (The rule ids under DIAGNOSTICS and CHECKS are checked against the
# rule table by tests/suite/rules.sh.)

section "$MAN1" LIMITS >"$tmp/limits1"
# every limit of cli/*.h in csecpol(1); those of a site file (site.h)
# in csecpol-site(5) too
for h in cli/*.h; do
  sed -n 's/^#define \(CSP_MAX_[A-Z_]*\) *\(([^)]*)\|[0-9]*\).*/\1 \2/p' \
    "$h" | sed "s|^|$h |"
done >"$tmp/limits"
grep -q '^cli/site.h ' "$tmp/limits"
check $? "cli/site.h defines CSP_MAX_* limits"
while read -r h name expr; do
  value=$(($expr))
  # an item of its own, with the value first: ".It Dv NAME No (VALUE"
  grep -q "^\.It Dv $name No ($value[ )]" "$tmp/limits1"
  check $? "LIMITS of $MAN1 gives $name, $value (.It Dv $name No ($value)"
  [ "$h" = cli/site.h ] || continue
  section "$MAN5" CHECKS | grep -qw "$value"
  check $? "CHECKS of $MAN5 gives $name, $value"
done <"$tmp/limits"

# ---- EXAMPLES of csecpol(1) ---------------------------------------------

# "STATUS<tab>COMMAND" for each ".Dl $ COMMAND", STATUS from the last
# "exit status N" in the text since the one before ("none" if absent).
section "$MAN1" EXAMPLES | awk '
  /^\.Dl \$ / {
    cmd = substr($0, 7)
    gsub(/\\&/, "", cmd); gsub(/\\-/, "-", cmd); gsub(/\\e/, "\\", cmd)
    st = "none"; t = text
    while (match(t, /exit status [0-9]+/)) {
      st = substr(t, RSTART + 12, RLENGTH - 12)
      t = substr(t, RSTART + RLENGTH)
    }
    print st "\t" cmd
    text = ""
    next
  }
  /^\.Dl / { next }
  { text = text " " $0 }' >"$tmp/examples"
n=$(wc -l <"$tmp/examples")
[ "$n" -ge 5 ]
check $? "EXAMPLES of $MAN1 has .Dl command lines ($n)"
mkdir -p "$tmp/bin"
ln -s "$CSECPOL" "$tmp/bin/csecpol"
i=0
tab=$(printf '\t')
while IFS="$tab" read -r want cmd; do
  i=$((i + 1))
  if [ "$want" = none ]; then
    not_ok "example $i says its exit status: $cmd"
    continue
  fi
  rm -rf "$tmp/ex"
  cp -R sites "$tmp/ex"
  (cd "$tmp/ex" && PATH="$tmp/bin:$PATH" CSECPOL_TODAY=2026-11-23 \
     NO_COLOR=1 sh -c "$cmd") >"$tmp/ex.out" 2>&1 </dev/null
  st=$?
  if [ "$st" -eq "$want" ]; then ok "example $i exits $want: $cmd"
  else not_ok "example $i exits $want, not $st: $cmd" "$tmp/ex.out"; fi
done <"$tmp/examples"

# ---- EXAMPLES of csecpol-site(5) ----------------------------------------

rm -rf "$tmp/site5"
mkdir -p "$tmp/site5"
section "$MAN5" EXAMPLES | awk -v dir="$tmp/site5" '
  /^\.Bd -literal/ { inblock = 1; file = ""; next }
  /^\.Ed/ { inblock = 0; if (file != "") close(file); next }
  inblock && file == "" && /^# [^ ]+$/ {
    file = dir "/" $2
    d = file; sub(/\/[^\/]*$/, "", d)
    system("mkdir -p \"" d "\"")
    print file
    next
  }
  inblock && file != "" { print > file }' >"$tmp/site5.files"
sites=$(cd "$tmp/site5" && find . -name '*.yaml' ! -path './states/*' |
  sed 's|^\./||' | sort)
[ -n "$sites" ]
check $? "EXAMPLES of $MAN5 hold a site file (a block starting '# NAME.yaml')"
for s in $sites; do
  (cd "$tmp/site5" && CSECPOL_TODAY=2026-11-23 "$CSECPOL" check --strict "$s") \
    >"$tmp/site5.out" 2>&1
  check $? "the example $s of $MAN5 passes 'csecpol check --strict'" "$tmp/site5.out"
  (cd "$tmp/site5" && CSECPOL_TODAY=2026-11-23 "$CSECPOL" render -f md,html,docx \
     -o . "$s") >"$tmp/site5.out" 2>&1
  check $? "the example $s of $MAN5 renders in every format" "$tmp/site5.out"
done

# ---- bash completion ----------------------------------------------------

# complete PATH-DIR DIR WORD...: the COMPREPLY for the words, the last
# being completed, run in DIR with PATH-DIR first on PATH.
complete_words() {
  pdir=$1 dir=$2
  shift 2
  (cd "$dir" && PATH="$pdir:$PATH" bash --norc --noprofile -c '
    . "$0"
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    _csecpol
    printf "%s\n" "${COMPREPLY[@]}"' "$top/completion/csecpol.bash" "$@") |
    sort | tr '\n' ' ' | sed 's/ $//'
}
# comp WANT WORD...: completes in sites/ with the csecpol under test.
comp() {
  want=$1
  shift
  got=$(complete_words "$tmp/bin" "$top/sites" "$@")
  if [ "$got" = "$want" ]; then ok "completion of '$*' is '$want'"
  else not_ok "completion of '$*' is '$want'"; echo "#   got: '$got'"; fi
}
bash -n completion/csecpol.bash
check $? "completion/csecpol.bash is valid bash"
comp "render" csecpol re
comp "$(printf '%s\n' $cmds | sort | tr '\n' ' ' | sed 's/ $//')" csecpol ''
comp "--help --version -h" csecpol -
comp "docx html md" csecpol render -f ''
comp "md,html" csecpol render -f md,h
comp "--format=docx --format=html --format=md" csecpol render --format=
comp "github json sarif text" csecpol check --format ''
comp "json" csecpol check --format = j
comp "a4 letter" csecpol render --paper ''
comp "--max-age" csecpol check --m
comp "" csecpol check --max-age ''
comp "$(help_opts "$tmp/help-render" | grep -- '^--' | tr '\n' ' ' | sed 's/ $//')" \
  csecpol render --
comp "oswego-ny.yaml" csecpol render o
comp "nj-sample.yaml oswego-ny.yaml states" csecpol check ''

# a command the script has never seen completes from its help
mkdir -p "$tmp/fake"
cat >"$tmp/fake/csecpol" <<'EOF'
#!/bin/sh
case "$1 $2" in
"--help ") printf 'usage: csecpol <command>\n\ncommands:\n  render   r\n  frob     f\n\n  -h, --help  h\n' ;;
"frob --help") printf 'usage: csecpol frob [options] OLD NEW\n\n  -z, --zap N         z\n      --mode fast|slow  m\n  -h, --help          h\n' ;;
esac
EOF
chmod +x "$tmp/fake/csecpol"
got=$(complete_words "$tmp/fake" "$top/sites" csecpol f)
[ "$got" = frob ]
check $? "a new command completes from 'csecpol --help' (got '$got')"
got=$(complete_words "$tmp/fake" "$top/sites" csecpol frob --)
[ "$got" = "--help --mode --zap" ]
check $? "a new command's options complete from its --help (got '$got')"
got=$(complete_words "$tmp/fake" "$top/sites" csecpol frob --mode '')
[ "$got" = "fast slow" ]
check $? "a new option's values complete from its --help (got '$got')"

# ---- make install / uninstall -------------------------------------------

root=$tmp/root
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s install DESTDIR="$root" \
  PREFIX=/usr >"$tmp/install.log" 2>&1
check $? "make install DESTDIR=... PREFIX=/usr" "$tmp/install.log"
[ -x "$root/usr/bin/csecpol" ] && "$root/usr/bin/csecpol" --version \
  >"$tmp/version" 2>&1
check $? "the binary is in /usr/bin and runs" "$tmp/version"
for f in usr/share/csecpol/csec-policy.md usr/share/csecpol/policy.css \
  usr/share/man/man1/csecpol.1 usr/share/man/man5/csecpol-site.5 \
  usr/share/bash-completion/completions/csecpol; do
  [ -f "$root/$f" ]
  check $? "/$f is installed"
done
cmp -s completion/csecpol.bash "$root/usr/share/bash-completion/completions/csecpol" &&
  cmp -s "$MAN1" "$root/usr/share/man/man1/csecpol.1" &&
  cmp -s "$MAN5" "$root/usr/share/man/man5/csecpol-site.5"
check $? "the installed pages and completion are the repository's"
MANPAGER=cat man -M "$root/usr/share/man" 5 csecpol-site >"$tmp/man5" 2>&1 &&
  grep -q 'SITE FIELDS' "$tmp/man5"
check $? "man -M .../usr/share/man 5 csecpol-site finds the page" "$tmp/man5"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s uninstall DESTDIR="$root" \
  PREFIX=/usr >"$tmp/uninstall.log" 2>&1
check $? "make uninstall DESTDIR=... PREFIX=/usr" "$tmp/uninstall.log"
find "$root" ! -type d >"$tmp/left"
[ ! -s "$tmp/left" ]
check $? "make uninstall leaves no file behind" "$tmp/left"
