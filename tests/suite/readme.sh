#!/bin/sh
# tests/suite/readme.sh: the CI step README.md gives, run as written on
# this checkout's own sites/ (a fresh clone's), one "ok"/"not ok" line
# per check (tests/run.sh counts them):
#  - the `./build/csecpol check ...` line of "Checking every site file
#    in CI" passes, with GitHub annotations for the warnings;
#  - README gives the number of warnings, and with --strict added the
#    step fails with them as errors.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# the first ./build/csecpol line of the section's first yaml block
awk '/^### Checking every site file in CI/ { s = 1 }
     s && /^```yaml/ { b = 1; next }
     b && /^```/ { exit }
     b && /\.\/build\/csecpol check/ { sub(/^ */, ""); print; exit }' \
  README.md > "$tmp/line"
line=$(cat "$tmp/line")
[ -n "$line" ]
check $? "README's CI step has a ./build/csecpol check line ($line)"

args=${line#./build/csecpol check }
# shellcheck disable=SC2086 # the globs and words of the README's line
"$CSECPOL" check $args > "$tmp/out" 2> "$tmp/err"
check $? "it passes on this checkout's sites/" "$tmp/out"
n=$(grep -c '^::warning ' "$tmp/out")
[ "$n" -gt 0 ] && ! grep -q '^::error ' "$tmp/out"
check $? "its warnings are GitHub annotations, and there is no error ($n)" \
  "$tmp/out"
words=$(awk '/^On a fresh clone of csecpol this step passes/ { s = 1 }
             s { print } s && /^$/ { exit }' README.md | tr '\n' ' ')
case $words in
*"their 14 warnings"*) want=14 ;;
*) want=unknown ;;
esac
[ "$n" = "$want" ]
check $? "README gives the number of warnings ($want, found $n)"

# shellcheck disable=SC2086
"$CSECPOL" check --strict $args > "$tmp/strict" 2>&1
st=$?
n=$(grep -c '^::error ' "$tmp/strict")
[ "$st" = 1 ] && [ "$n" = "$want" ]
check $? "with --strict it fails, the same $want as errors (exit $st, $n)" \
  "$tmp/strict"
