#!/bin/sh
# tests/suite/policies.sh: `make policies` re-renders only what changed,
# following each site's `extends` chain through the rules that
# `csecpol render --depfile` writes.  One "ok"/"not ok" line per check.
#
# Four sites in a scratch tree: a and b extend states/nj.yaml, c extends
# states/ny.yaml, which extends common.yaml.  Touching a file must
# re-render exactly the sites that read it.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-policies.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

mkdir -p "$tmp/sites/states"
site() { # NAME PARENT
  cat >"$tmp/sites/$1.yaml" <<EOS
extends: $2
site:
  name: Site $1
personnel:
  - role: Director
    name: Pat Doe
    phone: 1-800-342-3720
local_resources:
  - name: Youth Center $1
    phone: 1-800-342-3720
safety_steps: [Call the director.]
policy: {version: "1", effective_date: 2026-01-01}
EOS
}
site a states/nj.yaml
site b states/nj.yaml
site c states/ny.yaml
site d states/nj.yaml
cat >"$tmp/sites/states/nj.yaml" <<'EOS'
site: {state: NJ}
abuse_report: {agency: the SCR, phone: 1-877-NJ-ABUSE}
EOS
cat >"$tmp/sites/states/ny.yaml" <<'EOS'
extends: ../common.yaml
site: {state: NY}
EOS
cat >"$tmp/sites/common.yaml" <<'EOS'
abuse_report: {agency: the New York SCR, phone: 1-800-342-3720}
EOS
# common.yaml sits in sites/ but is not a site: keep it out of the set
mkdir -p "$tmp/shared"
mv "$tmp/sites/common.yaml" "$tmp/shared/common.yaml"
sed -i 's|\.\./common.yaml|../../shared/common.yaml|' "$tmp/sites/states/ny.yaml"

out=$tmp/out
mk() {
  make --no-print-directory -C "$top" policies \
    POLICY_SITES_DIR="$tmp/sites" POLICY_DIR="$out" \
    POLICY_CSECPOL="$CSECPOL" >"$tmp/make.log" 2>&1
}
# The sites whose three outputs are all newer than the marker file.
rendered() {
  for s in a b c d; do
    n=0
    for f in md html docx; do
      [ "$out/$s.$f" -nt "$tmp/marker" ] && n=$((n + 1))
    done
    [ "$n" = 3 ] && printf '%s' "$s"
    [ "$n" != 0 ] && [ "$n" != 3 ] && printf '(%s: %s of 3)' "$s" "$n"
  done
  echo
}
# step TOUCHED WANT: touches files, runs make, checks what was rendered.
step() {
  what=$1 want=$2
  touch "$tmp/marker"
  shift 2
  [ $# -gt 0 ] && touch "$@"
  if ! mk; then
    not_ok "make policies after $what" "$tmp/make.log"
    return
  fi
  got=$(rendered)
  if [ "$got" = "$want" ]; then
    ok "after $what, make re-renders '$want'"
  else
    not_ok "after $what, make re-renders '$got', want '$want'" "$tmp/make.log"
  fi
}

touch -d '2020-01-01' "$tmp/sites"/*.yaml "$tmp/sites/states"/*.yaml \
  "$tmp/shared/common.yaml"
step "a first run" abcd
for s in a b c d; do
  if [ -f "$out/$s.d" ] && grep -q "^$out/$s.md $out/$s.html $out/$s.docx:" "$out/$s.d"
  then ok "$s.d names the three outputs"
  else not_ok "$s.d names the three outputs" "$out/$s.d"; fi
done
step "nothing changed" ""
step "touching states/nj.yaml" abd "$tmp/sites/states/nj.yaml"
step "touching states/ny.yaml" c "$tmp/sites/states/ny.yaml"
step "touching a grandparent" c "$tmp/shared/common.yaml"
step "touching b.yaml" b "$tmp/sites/b.yaml"

# c stops extending ny.yaml, which goes away: make must not stop on the
# rule that still names it, and c is rendered again
cat >>"$tmp/sites/c.yaml" <<'EOS'
abuse_report: {agency: the New York SCR, phone: 1-800-342-3720}
EOS
sed -i 's|^extends: .*|site: {state: NY, name: Site c}|; /^site:$/,/^  name:/d' \
  "$tmp/sites/c.yaml"
rm "$tmp/sites/states/ny.yaml"
step "c drops its parent, which is removed" c
if grep -q ny.yaml "$out/c.d"; then
  not_ok "c.d no longer names the removed parent" "$out/c.d"
else
  ok "c.d no longer names the removed parent"
fi
step "nothing changed again" ""

# a site with an error: make fails, names the file, and the others stay
printf 'bogus: 1\n' >>"$tmp/sites/d.yaml"
touch "$tmp/marker"
if mk; then
  not_ok "make policies fails on a site with an error" "$tmp/make.log"
elif grep -q "d.yaml" "$tmp/make.log"; then
  ok "make policies fails on a site with an error and names it"
else
  not_ok "make policies names the site with an error" "$tmp/make.log"
fi
