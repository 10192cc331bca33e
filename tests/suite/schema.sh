#!/bin/sh
# tests/suite/schema.sh: the JSON Schema of a site file (csecpol fields
# --format json-schema) with the tools that read it, one "ok"/"not ok"
# line per check (tests/run.sh counts them):
#
#  - ajv-cli compiles it as draft-07 in strict mode (keywords, types);
#  - ajv-cli validates every example site file of sites/ as written;
#  - over the cases of tests/fixtures/schema/cases (each a change to
#    tests/fixtures/schema/base.yaml), ajv-cli and `csecpol check` agree: both
#    accept or both refuse, except where the schema cannot say what
#    check finds (verdict check-only: the schema accepts, check refuses
#    with status 1, or 3 for what it will not read), the list README.md
#    gives;
#  - yaml-language-server, driven over LSP by tests/suite/lsp.js,
#    completes the keys of a site file, reports a misspelt key and a
#    malformed value, and reads the schema the first line of a scaffold
#    of `csecpol init --schema` names;
#  - the schema `make` builds is the binary's.
#
# ajv-cli reads YAML with js-yaml, which takes an unquoted date for a
# Date; tests/suite/yaml2json.js reads the site files instead and hands
# ajv-cli JSON.
#
# Run from the repository root.  Environment: CSECPOL (the binary),
# NPM_BIN (node_modules with ajv-cli, yaml and yaml-language-server;
# `make tools`), SITE_SCHEMA (the schema the build made).
set -u
: "${CSECPOL:=build/csecpol}" "${NPM_BIN:=build/npm/node_modules}"
: "${SITE_SCHEMA:=build/site.schema.json}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-schema.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

NPM_BIN=$(cd "$NPM_BIN" 2>/dev/null && pwd) || NPM_BIN=/nonexistent
NODE_PATH=$NPM_BIN
export NODE_PATH
ajv=$NPM_BIN/.bin/ajv
yls=$NPM_BIN/yaml-language-server/bin/yaml-language-server
if [ ! -x "$ajv" ] || [ ! -f "$yls" ] || [ ! -d "$NPM_BIN/yaml" ]; then
  not_ok "ajv-cli, yaml and yaml-language-server are installed in $NPM_BIN (make tools)"
  exit 0
fi

schema=$tmp/site.schema.json
"$CSECPOL" fields --format json-schema >"$schema"
check $? "csecpol fields --format json-schema writes the schema"
"$CSECPOL" fields --format json >"$tmp/fields.json"

# ajv-cli, as the tests use it: draft-07, strict, union types allowed
# (text may be a YAML number), yaml-language-server's message keywords
ajv_run() {
  cmd=$1
  shift
  "$ajv" "$cmd" -s "$schema" --spec=draft7 --strict=true \
    --allow-union-types -c "$top/tests/suite/ajv-keywords.js" "$@"
}

ajv_run compile >"$tmp/compile.out" 2>&1
st=$?
grep -q 'strict mode' "$tmp/compile.out" && st=1
check $st "ajv-cli compiles the schema as draft-07 in strict mode" \
  "$tmp/compile.out"

if [ -f "$SITE_SCHEMA" ]; then
  cmp -s "$SITE_SCHEMA" "$schema"
  check $? "$SITE_SCHEMA (made by make) is the binary's schema"
else
  not_ok "$SITE_SCHEMA was made by make"
fi

# validate NAME...: ajv-cli over the JSON of each tmp/NAME.yaml, leaving
# "NAME valid" or "NAME invalid" lines in tmp/verdicts
validate() {
  args="" dargs=""
  for n in "$@"; do
    args="$args $tmp/$n.yaml $tmp/$n.json"
  done
  # shellcheck disable=SC2086
  node "$top/tests/suite/yaml2json.js" $args 2>"$tmp/yaml.err"
  for n in "$@"; do
    [ -f "$tmp/$n.json" ] && dargs="$dargs -d $tmp/$n.json"
  done
  # shellcheck disable=SC2086
  ajv_run validate $dargs --errors=text >"$tmp/ajv.out" 2>&1
  : >"$tmp/verdicts"
  for n in "$@"; do
    if grep -qx "$tmp/$n.json valid" "$tmp/ajv.out"; then
      echo "$n valid" >>"$tmp/verdicts"
    else
      echo "$n invalid" >>"$tmp/verdicts"
    fi
  done
}

# ---- the example sites, as written --------------------------------------

mkdir -p "$tmp/sites"
cp -R sites/states "$tmp/sites/"
names=""
for f in sites/*.yaml; do
  b=$(basename "$f" .yaml)
  cp "$f" "$tmp/sites/$b.yaml"
  names="$names sites/$b"
done
# shellcheck disable=SC2086
validate $names
for n in $names; do
  if grep -qx "$n valid" "$tmp/verdicts"; then
    ok "ajv-cli validates $n.yaml against the schema"
  else
    not_ok "ajv-cli validates $n.yaml against the schema" "$tmp/ajv.out"
  fi
done

# ---- check and the schema agree ------------------------------------------

mkdir -p "$tmp/case"
cp -R sites/states "$tmp/case/"
awk -F '\t' -v dir="$tmp/case" '
  /^#/ || /^$/ { next }
  /^\t/ { print substr($0, 2) > script; next }
  {
    if (script) close(script)
    script = dir "/" $2 ".sed"
    print $1, $2 > (dir "/list")
    printf "%s\n", $3 > script
  }' tests/fixtures/schema/cases
n=$(wc -l <"$tmp/case/list")
[ "$n" -ge 40 ]
check $? "tests/fixtures/schema/cases holds the cases ($n)"
names=""
while read -r verdict name; do
  sed -f "$tmp/case/$name.sed" tests/fixtures/schema/base.yaml \
    >"$tmp/case/$name.yaml"
  (cd "$tmp/case" && CSECPOL_TODAY=2026-11-23 "$CSECPOL" check "$name.yaml") \
    >"$tmp/case/$name.check" 2>&1
  echo $? >"$tmp/case/$name.status"
  names="$names case/$name"
done <"$tmp/case/list"
# shellcheck disable=SC2086
validate $names
while read -r verdict name; do
  st=$(cat "$tmp/case/$name.status")
  schema_says=$(sed -n "s|^case/$name ||p" "$tmp/verdicts")
  case $verdict/$st/$schema_says in
  accept/0/valid)
    ok "$name: check and the schema accept it" ;;
  reject/1/invalid)
    ok "$name: check and the schema refuse it ($(sed -n 's/.*\[\([a-z-]*\)\]$/\1/p' \
      "$tmp/case/$name.check" | sort -u | tr '\n' ' ' | sed 's/ $//'))" ;;
  check-only/[13]/valid)
    ok "$name: check refuses it ($(sed -n 's/.*\[\([a-z-]*\)\]$/\1/p' \
      "$tmp/case/$name.check" | sort -u | tr '\n' ' ' | sed 's/ $//')), which the schema cannot say" ;;
  *)
    not_ok "$name: expected $verdict, got check status $st and schema $schema_says"
    sed 's/^/#   check: /' "$tmp/case/$name.check" | head -5
    grep -A3 "case/$name.json" "$tmp/ajv.out" | sed 's/^/#   ajv: /' | head -5
    grep "$name" "$tmp/yaml.err" | sed 's/^/#   /' ;;
  esac
done <"$tmp/case/list"

grep -q 'What the schema cannot say' README.md
check $? "README.md lists what the schema cannot say"

# ---- yaml-language-server ------------------------------------------------

"$CSECPOL" init --schema "$schema" >"$tmp/scaffold.yaml"
node tests/suite/lsp.js "$yls" "$schema" "$tmp/fields.json" \
  "$tmp/scaffold.yaml" 2>&1
