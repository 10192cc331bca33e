#!/bin/sh
# tests/suite/init.sh: `csecpol init` end to end, one "ok"/"not ok" line
# per check (tests/run.sh counts them).
#
# For a scaffold without a state, for each state csecpol ships a shared
# file for (sites/states/*.yaml), and for a state it ships none for:
# - check fails on the scaffold as written, and every error is
#   [placeholder]: nothing is missing or malformed, only unfilled;
# - every required field (read from `csecpol fields --format json`, not
#   written here) that the shared file does not supply is flagged as a
#   placeholder, and every one it supplies is inherited (explain says so);
# - filling the placeholders by key name (sed) makes check pass with no
#   error, render succeeds, and the filled values reach the policy.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-init.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# The required fields whose every enclosing field is required too, as
# check names them (the first item of a list): "site.name",
# "personnel[1].role".  Containers (maps, lists) are left out.
"$CSECPOL" fields --format json > "$tmp/fields.json"
sed -n 's/.*"field": "\([^"]*\)", "type": "\([^"]*\)", "need": "\([^"]*\)".*/\1|\2|\3/p' \
  "$tmp/fields.json" > "$tmp/fields"
if [ "$(wc -l < "$tmp/fields")" -gt 20 ]; then
  ok "fields --format json lists the table ($(wc -l < "$tmp/fields") fields)"
else
  not_ok "fields --format json lists the table" "$tmp/fields.json"
fi
awk -F'|' '
  { need[$1] = $3; type[$1] = $2; order[n++] = $1 }
  END {
    for (i = 0; i < n; i++) {
      f = order[i]
      if (type[f] == "map" || type[f] ~ /^list/) continue
      p = f; all = 1
      while (p != "") {
        if (need[p] != "required") { all = 0; break }
        if (match(p, /\.[^.]*$/)) p = substr(p, 1, RSTART - 1)
        else p = ""
        sub(/\[\]$/, "", p)
      }
      if (all) { s = f; gsub(/\[\]/, "[1]", s); print s }
    }
  }' "$tmp/fields" > "$tmp/required"
if grep -qx 'site.name' "$tmp/required" &&
   grep -qx 'personnel\[1\].role' "$tmp/required" &&
   ! grep -q '^policy.history' "$tmp/required"; then
  ok "required fields: $(tr '\n' ' ' < "$tmp/required")"
else
  not_ok "the required fields are read from the table" "$tmp/required"
fi

# Fills each placeholder by its key, as a site would.
cat > "$tmp/fill.sed" <<'EOF'
s/^\( *\)\(- \)\{0,1\}name: "TODO[^"]*"/\1\2name: Hope House Youth Services/
s/^\( *\)\(- \)\{0,1\}role: "TODO[^"]*"/\1\2role: Program Director/
s/^\( *\)phone: "TODO[^"]*"/\1phone: (973) 202-4411/
s/^\( *\)agency: "TODO[^"]*"/\1agency: the State Central Registry (SCR)/
s/^\( *\)description: "TODO[^"]*"/\1description: shelter and advocacy for youth/
s/^\( *\)state: "TODO"/\1state: NJ/
s/^\( *\)version: "TODO[^"]*"/\1version: "1.0"/
s/^\( *\)effective_date: "TODO[^"]*"/\1effective_date: 2026-12-01/
s/^\( *\)- "TODO[^"]*"$/\1- Stay with the youth until help arrives./
EOF

# scaffold LABEL [init options...]
scaffold() {
  label=$1
  shift
  d="$tmp/$label"
  mkdir -p "$d/states"
  cp sites/states/*.yaml "$d/states/"
  state="" name=""
  [ "${1:-}" = --state ] && state=$2
  [ "${1:-}" = --site-name ] && name=$2
  if "$CSECPOL" init "$@" > "$d/site.yaml" 2> "$d/init.err"; then
    ok "$label: init writes a scaffold"
  else
    not_ok "$label: init writes a scaffold" "$d/init.err"
    return
  fi
  "$CSECPOL" check "$d/site.yaml" > "$d/check.out" 2>&1
  st=$?
  if [ "$st" -eq 1 ]; then
    ok "$label: check fails on the unfilled scaffold"
  else
    not_ok "$label: check fails on the unfilled scaffold (status $st)" \
      "$d/check.out"
  fi
  if grep ': error: ' "$d/check.out" | grep -v '\[placeholder\]$' \
       > "$d/other"; then
    not_ok "$label: every error is a placeholder" "$d/other"
  else
    ok "$label: every error is a placeholder ($(grep -c ': error: ' \
      "$d/check.out") of them)"
  fi
  missed=""
  while read -r rf; do
    if grep -qF "'$rf' still holds the placeholder" "$d/check.out"; then
      continue
    fi
    how=$("$CSECPOL" explain "$d/site.yaml" "$rf" 2>&1)
    case $how in
    *"(inherited from $d/states/"*) continue ;;
    esac
    # what the options gave is the site's own
    given=""
    [ "$rf" = site.state ] && given=$state
    [ "$rf" = site.name ] && given=$name
    if [ -n "$given" ]; then
      case $how in *"= \"$given\""*"(own)") continue ;; esac
    fi
    missed="$missed $rf"
  done < "$tmp/required"
  if [ -z "$missed" ]; then
    ok "$label: every required field is a placeholder or inherited"
  else
    not_ok "$label: required fields neither flagged nor inherited:$missed" \
      "$d/check.out"
  fi

  sed -f "$tmp/fill.sed" "$d/site.yaml" > "$d/filled.yaml"
  if "$CSECPOL" check "$d/filled.yaml" > "$d/filled.out" 2>&1 &&
     ! grep -q ': error: ' "$d/filled.out"; then
    ok "$label: check passes once the placeholders are filled"
  else
    not_ok "$label: check passes once the placeholders are filled" \
      "$d/filled.out"
  fi
  if "$CSECPOL" render "$d/filled.yaml" > "$d/policy.md" 2> "$d/render.err" &&
     grep -q 'Hope House Youth Services' "$d/policy.md" &&
     grep -q 'tel:+19732024411' "$d/policy.md" &&
     grep -q 'Stay with the youth until help arrives' "$d/policy.md"; then
    ok "$label: render writes the filled policy"
  else
    not_ok "$label: render writes the filled policy" "$d/render.err"
  fi
  if grep -q TODO "$d/policy.md"; then
    not_ok "$label: no TODO reaches the policy" "$d/policy.md"
  else
    ok "$label: no TODO reaches the policy"
  fi
}

scaffold plain
scaffold named --site-name 'Hope House Youth Services'
for f in sites/states/*.yaml; do
  code=$(basename "$f" .yaml | tr a-z A-Z)
  scaffold "state-$code" --state "$code"
  if grep -q "^extends: \"states/$(basename "$f")\"" "$tmp/state-$code/site.yaml"
  then
    ok "state-$code: the scaffold extends states/$(basename "$f")"
  else
    not_ok "state-$code: the scaffold extends states/$(basename "$f")" \
      "$tmp/state-$code/site.yaml"
  fi
done
scaffold state-CA --state CA
if grep -q '^extends:' "$tmp/state-CA/site.yaml"; then
  not_ok "state-CA: no shared file ships, so the scaffold extends none" \
    "$tmp/state-CA/site.yaml"
else
  ok "state-CA: no shared file ships, so the scaffold extends none"
fi
