#!/bin/sh
# tests/run.sh: runs the tests and ends with "N passed, N failed".
#
#   unit tests     build/tests/test_*          (C, "ok"/"not ok" lines)
#   CLI cases      tests/cli/<case>/cmd        (golden stdout, stderr, status)
#   suites         tests/suite/*.sh            ("ok"/"not ok" lines)
# and the unit tests and CLI cases again under ASan+UBSan when
# ASAN_CSECPOL and ASAN_TESTBIN are set.  UPDATE=1 rewrites the expected
# output of CLI cases (review the diff before committing it).  tests/README
# says what each kind is and how to add one.
#
#   sh tests/run.sh [unit | cli | suite | test_NAME | tests/cli/CASE |
#                    tests/suite/NAME.sh] ...
# runs only what is named: a kind, one unit test, one CLI case (or a glob
# of them, quoted) or one suite; with no argument, everything.
#
# Environment: CSECPOL (the binary), TESTBIN (unit test dir).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
: "${CSECPOL:=build/csecpol}" "${TESTBIN:=build/tests}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
export CSECPOL
passed=0 failed=0
log=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-tests.XXXXXX")
trap 'rm -rf "$log"' EXIT INT TERM

# Counts the ok/not ok lines of a test's output, printing the failures.
tally() {
  label=$1 file=$2
  p=$(grep -c '^ok ' "$file")
  f=$(grep -c '^not ok ' "$file")
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -gt 0 ]; then
    echo "FAIL $label"
    grep -A12 '^not ok ' "$file" | sed 's/^/  /'
  fi
  echo "$label: $p passed, $f failed"
}

run_unit() {
  dir=$1 tag=$2
  for u in $units; do
    for t in "$dir"/$u; do
      [ -x "$t" ] || continue
      name=$(basename "$t")
      if ! "$t" > "$log/out" 2>&1; then
        grep -q '^not ok ' "$log/out" || {
          echo "not ok - $name exited abnormally"; tail -20 "$log/out"; } \
          >> "$log/out"
      fi
      tally "$tag$name" "$log/out"
    done
  done
}

run_cli() {
  bin=$1 tag=$2
  : > "$log/cli"
  for c in $cases; do
    c=${c%/}
    [ -f "$c/cmd" ] || continue
    name=$(basename "$c")
    want_status=0
    [ -f "$c/status" ] && want_status=$(cat "$c/status")
    CSECPOL_TODAY=2026-11-23 NO_COLOR=1 CSECPOL=$bin CASE=$c sh "$c/cmd" > "$log/stdout" 2> "$log/stderr" \
      < /dev/null
    status=$?
    why=""
    [ "$status" = "$want_status" ] ||
      why="exit status $status, want $want_status"
    for s in stdout stderr; do
      if [ "${UPDATE:-}" = 1 ] && [ -z "$tag" ]; then
        if [ -s "$log/$s" ] || [ -f "$c/$s" ]; then cp "$log/$s" "$c/$s"; fi
      fi
      if [ -f "$c/$s" ]; then
        if ! cmp -s "$c/$s" "$log/$s"; then
          why="$why${why:+; }$s differs"
          diff -u "$c/$s" "$log/$s" | head -40 | sed 's/^/#   /' \
            >> "$log/why"
        fi
      elif [ -s "$log/$s" ]; then
        why="$why${why:+; }unexpected $s"
        head -20 "$log/$s" | sed 's/^/#   /' >> "$log/why"
      fi
    done
    if [ -z "$why" ]; then
      echo "ok - $name" >> "$log/cli"
    else
      echo "not ok - $name: $why" >> "$log/cli"
      [ -f "$log/why" ] && cat "$log/why" >> "$log/cli"
    fi
    rm -f "$log/why"
  done
  tally "${tag}cli" "$log/cli"
}

# What to run: every test, or those the arguments name.
units="test_*" cases="tests/cli/*/" suites="tests/suite/*.sh"
if [ $# -gt 0 ]; then
  units="" cases="" suites=""
  for a in "$@"; do
    case $a in
      unit) units="$units test_*" ;;
      cli) cases="$cases tests/cli/*/" ;;
      suite) suites="$suites tests/suite/*.sh" ;;
      test_*|tests/unit/test_*.c) units="$units $(basename "$a" .c)" ;;
      tests/cli/?*) cases="$cases ${a%/}/" ;;
      tests/suite/?*.sh) suites="$suites $a" ;;
      *)
        echo "tests/run.sh: no test '$a'; name unit, cli, suite, test_NAME," \
          "tests/cli/CASE or tests/suite/NAME.sh" >&2
        exit 2 ;;
    esac
  done
fi

[ -n "$units" ] && run_unit "$TESTBIN" ""
[ -n "$cases" ] && run_cli "$CSECPOL" ""
for s in $suites; do
  [ -f "$s" ] || continue
  sh "$s" > "$log/suite" 2>&1 ||
    grep -q '^not ok ' "$log/suite" ||
    echo "not ok - $s exited abnormally" >> "$log/suite"
  tally "$(basename "$s" .sh)" "$log/suite"
done
if [ -n "${ASAN_CSECPOL:-}" ] && [ -n "${ASAN_TESTBIN:-}" ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
  export ASAN_OPTIONS UBSAN_OPTIONS
  a=$(cd "$(dirname "$ASAN_CSECPOL")" && pwd)/$(basename "$ASAN_CSECPOL")
  [ -n "$units" ] && run_unit "$ASAN_TESTBIN" "asan:"
  [ -n "$cases" ] && run_cli "$a" "asan:"
fi
echo "$passed passed, $failed failed"
if [ $# -gt 0 ] && [ $((passed + failed)) -eq 0 ]; then
  echo "tests/run.sh: nothing ran for: $* (is the unit test built?)" >&2
  exit 1
fi
[ "$failed" -eq 0 ]
