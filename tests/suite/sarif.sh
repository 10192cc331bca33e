#!/bin/sh
# tests/suite/sarif.sh: `csecpol check --format sarif` against the SARIF
# 2.1.0 JSON Schema (sarif-2.1.0.json, from the npm package of
# Microsoft's SARIF Multitool; `make tools`), one "ok"/"not ok" line per
# check (tests/run.sh counts them):
#
#  - over site files that raise every kind of diagnostic (the examples,
#    tests/fixtures/check/, broken extends chains, a duplicate key with its
#    note, a file that cannot be read, standard input, a clean file), the
#    log validates with ajv-cli, and check exits as it does in text;
#  - tool.driver.rules is the rule table (`check --list-rules`), in its
#    order, each rule with a short description and a help text;
#  - each result says what `check --format json` says of the same
#    diagnostic: rule (and its index), level, message, file, line and
#    column; a note is a related location of the result before it;
#  - a log with a level SARIF does not have is refused (the validator
#    is not blind).
#
# Run from the repository root.  Environment: CSECPOL (the binary),
# NPM_BIN (node_modules with ajv-cli and ajv-formats), SARIF_SCHEMA.
set -u
: "${CSECPOL:=build/csecpol}" "${NPM_BIN:=build/npm/node_modules}"
: "${SARIF_SCHEMA:=build/npm/sarif-2.1.0.json}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

NPM_BIN=$(cd "$NPM_BIN" 2>/dev/null && pwd) || NPM_BIN=/nonexistent
case $SARIF_SCHEMA in /*) ;; *) SARIF_SCHEMA=$top/$SARIF_SCHEMA ;; esac
NODE_PATH=$NPM_BIN
export NODE_PATH
ajv=$NPM_BIN/.bin/ajv
if [ ! -x "$ajv" ] || [ ! -f "$SARIF_SCHEMA" ]; then
  not_ok "ajv-cli and $SARIF_SCHEMA are installed (make tools)"
  exit 0
fi
grep -q '"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"' \
  "$SARIF_SCHEMA"
check $? "$SARIF_SCHEMA is the SARIF 2.1.0 schema"

# the site files of each case, run from a copy of the repository's
cp -R sites tests "$tmp/"
printf 'site:\n  name: A\n  name: B\n' >"$tmp/dup.yaml"
cd "$tmp" || exit 1
i=0
: >cases
add() { i=$((i + 1)); printf '%s\t%s\n' "$i" "$*" >>cases; }
add sites/nj-sample.yaml sites/oswego-ny.yaml
add --strict --max-age 30 sites/nj-sample.yaml sites/oswego-ny.yaml
add tests/fixtures/check/*.yaml
add tests/fixtures/check/extends/*.yaml
add dup.yaml
add no-such-file.yaml
add tests/fixtures/check/valid.yaml
add -
tab=$(printf '\t')
while IFS="$tab" read -r n args; do
  # shellcheck disable=SC2086
  "$CSECPOL" check --format sarif $args <tests/fixtures/check/formats.yaml \
    >"sarif-$n.json" 2>"err-$n"
  echo $? >"st-$n"
  # shellcheck disable=SC2086
  "$CSECPOL" check --format json $args <tests/fixtures/check/formats.yaml \
    >"json-$n.json" 2>/dev/null
  # shellcheck disable=SC2086
  "$CSECPOL" check $args <tests/fixtures/check/formats.yaml >/dev/null 2>&1
  echo $? >"text-st-$n"
done <cases

"$ajv" validate -s "$SARIF_SCHEMA" --spec=draft2020 -c ajv-formats \
  $(for n in $(cut -f1 cases); do printf ' -d sarif-%s.json' "$n"; done) \
  --errors=text >ajv.out 2>&1
while IFS="$tab" read -r n args; do
  if grep -qx "sarif-$n.json valid" ajv.out; then
    ok "check --format sarif $args: valid SARIF 2.1.0"
  else
    not_ok "check --format sarif $args: valid SARIF 2.1.0" ajv.out
  fi
  if cmp -s "st-$n" "text-st-$n"; then
    ok "check --format sarif $args: exit status $(cat "st-$n"), as in text"
  else
    not_ok "check --format sarif $args: exit status $(cat "st-$n"), as in text ($(cat "text-st-$n"))"
  fi
done <cases

"$CSECPOL" check --list-rules | awk '{ print $1 }' >rules.list

# SARIF against JSON, case by case, and the rule table
/usr/bin/python3 - cases rules.list <<'EOF'
import json, sys, urllib.parse

cases = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1])]
table = open(sys.argv[2]).read().split()

def ok(m): print("ok - " + m)
def not_ok(m, d=""):
    print("not ok - " + m)
    for l in str(d).splitlines()[:10]: print("#   " + l)

def uri_of(path):
    return ("file://" if path.startswith("/") else "") + \
        urllib.parse.quote(path, safe="/-._~")

seen_related = False
for n, args in cases:
    log = json.load(open("sarif-%s.json" % n))
    diags = json.load(open("json-%s.json" % n))["diagnostics"]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    if n == "1":
        ids = [r["id"] for r in rules]
        if ids == table:
            ok("tool.driver.rules is the rule table, in order (%d rules)" % len(ids))
        else:
            not_ok("tool.driver.rules is the rule table", "%s\n%s" % (ids, table))
        bare = [r["id"] for r in rules
                if not r.get("shortDescription", {}).get("text")
                or not r.get("help", {}).get("text")]
        if not bare:
            ok("every rule has a short description and a help text")
        else:
            not_ok("every rule has a short description and a help text", bare)
    # the results, with the notes folded into the result before them
    want = []
    for d in diags:
        if d["severity"] == "note" and want and d["file"]:
            want[-1]["related"].append(d)
        else:
            want.append(dict(d, related=[]))
    got = run["results"]
    bad = []
    if len(got) != len(want):
        bad.append("%d results for %d diagnostics" % (len(got), len(want)))
    for r, d in zip(got, want):
        if r.get("ruleId") != d["rule"]:
            bad.append("rule %s, not %s" % (r.get("ruleId"), d["rule"]))
        elif d["rule"] and rules[r["ruleIndex"]]["id"] != d["rule"]:
            bad.append("ruleIndex %d is not %s" % (r["ruleIndex"], d["rule"]))
        if r["level"] != d["severity"]:
            bad.append("level %s, not %s" % (r["level"], d["severity"]))
        if r["message"]["text"] != d["message"]:
            bad.append("message %r" % r["message"]["text"])
        if d["file"]:
            loc = r["locations"][0]["physicalLocation"]
            if loc["artifactLocation"]["uri"] != uri_of(d["file"]):
                bad.append("uri %s for %s" % (loc["artifactLocation"]["uri"], d["file"]))
            reg = loc.get("region", {})
            if reg.get("startLine", 0) != d["line"] or \
                    reg.get("startColumn", 0) != d["column"]:
                bad.append("region %s for %s:%d:%d" % (reg, d["file"], d["line"], d["column"]))
        elif "locations" in r:
            bad.append("a location for a diagnostic without a file")
        rel = r.get("relatedLocations", [])
        if [x["message"]["text"] for x in rel] != [x["message"] for x in d["related"]]:
            bad.append("related locations %s" % rel)
        seen_related = seen_related or bool(rel)
    if not bad:
        ok("check --format sarif %s: %d results, as --format json says" % (args, len(got)))
    else:
        not_ok("check --format sarif %s: the results are what --format json says" % args,
               "\n".join(bad))
if seen_related:
    ok("a note (a duplicate key's first place) is a related location")
else:
    not_ok("a note (a duplicate key's first place) is a related location")
EOF

# the validator is not blind: a level SARIF does not have is refused
sed 's/"level": "error"/"level": "fatal"/' sarif-1.json >broken.json
cp sarif-1.json same.json
"$ajv" validate -s "$SARIF_SCHEMA" --spec=draft2020 -c ajv-formats \
  -d broken.json -d same.json --errors=text >broken.out 2>&1
grep -qx 'broken.json invalid' broken.out && grep -qx 'same.json valid' broken.out
check $? "ajv-cli refuses a log whose level is 'fatal'" broken.out
cd "$top" || exit 1
