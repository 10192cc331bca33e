#!/bin/sh
# tests/suite/valgrind.sh: the program under valgrind's memcheck, one
# "ok"/"not ok" line per run (tests/run.sh counts them).
#
# Every example site (sites/*.yaml) rendered to each format, and all of
# them in one batch of two worker processes (-j 2), `check` of them all, and the error paths of a file that does not parse and a
# template that does not parse: no memory error and no leak (definite,
# indirect or possible), with the exit status the run should have.
#
# Run from the repository root.  Environment: CSECPOL (the binary; the
# plain build, not the ASan one).
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
not_ok() {
  echo "not ok - $1"
  if [ $# -gt 1 ] && [ -f "$2" ]; then
    grep -E '^==[0-9]+== ( *(at|by) |[A-Z].*(Invalid|uninitialised|definitely|indirectly|possibly|ERROR SUMMARY))' "$2" |
      head -20 | sed 's/^/#   /'
  fi
}

if ! command -v valgrind >/dev/null 2>&1; then
  not_ok "valgrind is installed"
  exit 0
fi

# vg WANT-STATUS LABEL ARGS...: runs csecpol ARGS under memcheck.
vg() {
  want=$1 label=$2
  shift 2
  CSECPOL_TODAY=2026-11-23 valgrind -q --error-exitcode=99 \
    --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --log-file="$tmp/vg.log" "$CSECPOL" "$@" >"$tmp/out" 2>"$tmp/err"
  st=$?
  if [ "$st" = 99 ]; then
    not_ok "$label: memcheck finds errors" "$tmp/vg.log"
  elif [ "$st" != "$want" ]; then
    echo "not ok - $label: exit status $st, want $want"
    head -5 "$tmp/err" | sed 's/^/#   /'
  elif [ -s "$tmp/vg.log" ]; then
    not_ok "$label: memcheck reports" "$tmp/vg.log"
  else
    ok "$label: no memory error, no leak"
  fi
}

for site in sites/*.yaml; do
  b=$(basename "$site" .yaml)
  for f in md html docx; do
    vg 0 "render $b -f $f" render -f "$f" -o "$tmp/$b.$f" "$site"
    [ -s "$tmp/$b.$f" ] || echo "not ok - render $b -f $f: no output"
  done
done
vg 0 "check sites/*.yaml" check sites/*.yaml
# a batch in two worker processes: the workers run under memcheck too
mkdir "$tmp/j"
vg 0 "render -j 2 of every site, every format" \
  render -j 2 -f md,html,docx -o "$tmp/j" sites/*.yaml
[ "$(ls "$tmp/j" | wc -l)" = $((3 * $(ls sites/*.yaml | wc -l))) ] ||
  echo "not ok - render -j 2: not every file written"
vg 1 "render of a site with errors" render -o "$tmp/x.md" \
  tests/fixtures/check/required.yaml
vg 3 "render of a file that does not parse" render -o "$tmp/x.md" \
  tests/cli/yaml-duplicate-key/bad.yaml
printf '{{#site}}\n' >"$tmp/bad.md"
vg 3 "render with a template that does not parse" render -t "$tmp/bad.md" \
  -o "$tmp/x.md" sites/nj-sample.yaml
vg 3 "check of an extends cycle and a bad file" check \
  tests/fixtures/check/extends/cycle-a.yaml tests/cli/yaml-alias-bomb/bad.yaml
