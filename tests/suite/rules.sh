#!/bin/sh
# rules.sh: the table of diagnostic rules (cli/rules.c, printed by
# `csecpol check --list-rules`) agrees with the code, the tests and the
# manual:
#   - every rule id a diagnostic is raised with in cli/*.c is in the table;
#   - every rule in the table (but those only an internal failure raises)
#     is shown by at least one CLI golden test;
#   - every [id] in a golden diagnostic is in the table;
#   - every rule is documented in csecpol(1).
# Run from the repository root.  Environment: CSECPOL.
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-rules.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

if "$CSECPOL" check --list-rules > "$tmp/list" && [ -s "$tmp/list" ]; then
  ok "check --list-rules prints the table"
else
  not_ok "check --list-rules prints the table"
  exit 0
fi
awk '{ print $1 }' "$tmp/list" | sort > "$tmp/table"
grep -v '(internal' "$tmp/list" | awk '{ print $1 }' | sort > "$tmp/reachable"

# ids in the code: the string literal that follows the location argument
# of csp_diag(...) or S_err(...), with the call joined onto one line
for f in cli/*.c; do
  awk '
    /(csp_diag|S_err)\(/ { call = ""; on = 1 }
    on { call = call $0; if ($0 ~ /;[ \t]*$/) { print call; on = 0 } }
  ' "$f"
done | grep -v '^[ \t]*\(static \)\?\(void\|int\) ' |
  sed -n 's/.*\(csp_diag\|S_err\)([^"]*"\([a-z][a-z0-9-]*\)".*/\2/p' |
  sort -u > "$tmp/code"
if [ -s "$tmp/code" ]; then
  ok "rule ids found in cli/*.c ($(wc -l < "$tmp/code"))"
else
  not_ok "rule ids found in cli/*.c"
fi
for id in $(comm -23 "$tmp/code" "$tmp/table"); do
  not_ok "rule [$id] is raised in cli/ but missing from cli/rules.c"
done

# ids the golden tests show
cat tests/cli/*/stdout tests/cli/*/stderr 2>/dev/null |
  grep -E '(error|warning|note): ' |
  sed -n 's/.*\[\([a-z][a-z0-9-]*\)\]$/\1/p' | sort -u > "$tmp/golden"
for id in $(comm -23 "$tmp/golden" "$tmp/table"); do
  not_ok "[$id] in a golden test is not in the rule table"
done
for id in $(cat "$tmp/reachable"); do
  if grep -qx "$id" "$tmp/golden"; then
    ok "rule [$id] is shown by a CLI test"
  else
    not_ok "rule [$id] is shown by no CLI test; add a case under tests/cli/"
  fi
done


# the manual
page=man/csecpol.1
if [ -f "$page" ]; then
  for id in $(cat "$tmp/table"); do
    if grep -q -- "$id" "$page"; then
      ok "rule [$id] is in $page"
    else
      not_ok "rule [$id] is not documented in $page"
    fi
  done
else
  not_ok "$page exists"
fi
