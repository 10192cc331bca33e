#!/bin/sh
# tests/suite/fuzz.sh: the libFuzzer harnesses (fuzz.mk) as part of
# `make check`, one "ok"/"not ok" line per check:
#   - each harness is built;
#   - every regression input of tests/fuzz/regress/NAME/ (a past finding)
#     runs clean;
#   - a short run from the seeds (FUZZ_SMOKE_TIME seconds, into a
#     throw-away corpus) finds nothing.
# A finding is kept as $FUZZ_BIN/findings/smoke-NAME-* for a look.
#
# Run from the repository root.  Environment: FUZZ_BIN (default
# build/fuzz), FUZZ_SMOKE_TIME (default 3), FUZZ_TARGETS (default
# "site tmpl render docx diff").
set -u
: "${FUZZ_BIN:=build/fuzz}" "${FUZZ_SMOKE_TIME:=3}"
: "${FUZZ_TARGETS:=site tmpl render docx diff}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
# not_ok MESSAGE [FILE]: a failure, with the end of FILE as comments.
not_ok() {
  echo "not ok - $1"
  if [ $# -gt 1 ] && [ -f "$2" ]; then
    grep -E 'ERROR|SUMMARY|property broken|#[0-9]+ 0x|Test unit' "$2" |
      head -20 | sed 's/^/#   /'
  fi
}

for n in $FUZZ_TARGETS; do
  bin=$FUZZ_BIN/fuzz_$n
  if [ ! -x "$bin" ]; then
    not_ok "fuzz_$n: not built (make fuzz-build)"
    continue
  fi
  ok "fuzz_$n: built"

  reg=tests/fuzz/regress/$n
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    count=$(ls "$reg" | wc -l)
    if "$bin" -timeout=20 "$reg"/* >"$tmp/$n.reg" 2>&1; then
      ok "fuzz_$n: $count regression inputs run clean"
    else
      not_ok "fuzz_$n: a regression input fails" "$tmp/$n.reg"
    fi
  else
    ok "fuzz_$n: no regression inputs"
  fi

  seed=$FUZZ_BIN/seed/$n
  if [ ! -d "$seed" ] || [ -z "$(ls -A "$seed")" ]; then
    not_ok "fuzz_$n: no seed corpus in $seed (make fuzz-seed)"
    continue
  fi
  mkdir -p "$tmp/corpus-$n" "$FUZZ_BIN/findings"
  # a fixed seed: the same mutations in the same order on every run, so
  # what CI finds a developer's run finds too
  if "$bin" -seed=1 -max_total_time="$FUZZ_SMOKE_TIME" -timeout=10 \
       -max_len=32768 -rss_limit_mb=2560 -dict="tests/fuzz/$n.dict" \
       -artifact_prefix="$FUZZ_BIN/findings/smoke-$n-" \
       "$tmp/corpus-$n" "$seed" >"$tmp/$n.smoke" 2>&1; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$tmp/$n.smoke")
    if [ "${runs:-0}" -gt 0 ]; then
      ok "fuzz_$n: ${FUZZ_SMOKE_TIME}s smoke run, $runs inputs, no finding"
    else
      not_ok "fuzz_$n: the smoke run ran no input" "$tmp/$n.smoke"
    fi
  else
    not_ok "fuzz_$n: the smoke run found a problem" "$tmp/$n.smoke"
  fi
done
