#!/bin/sh
# rules.sh: the table of diagnostic rules (the enum of cli/rules.h, the
# rows of cli/rules.c, printed by `csecpol check --list-rules`) agrees
# with the code, the tests and the manuals:
#   - the enum, the rows and --list-rules name the same rules in the same
#     order, each CSP_R_X the rule [x] (X in capitals, '_' for '-');
#   - every rule of the table is raised somewhere in cli/*.c;
#   - every rule in the table (but those only an internal failure raises)
#     is shown by at least one CLI golden test;
#   - every [id] in a golden diagnostic is in the table;
#   - DIAGNOSTICS of csecpol(1) lists exactly the table's rules, and
#     CHECKS of csecpol-site(5) every rule that schema.c, site.c and
#     yaml_hint.c raise, and only rules of the table.
# (That a diagnostic names a rule of the table, the compiler checks: a
# rule is a csp_rule_id.)  Run from the repository root.  Environment:
# CSECPOL.
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

# enum_ids: the rule ids that the CSP_R_X names on stdin stand for, one
# a line, in their order (CSP_R_NONE and CSP_R__COUNT are no rules).
enum_ids() {
  grep -v '^CSP_R_NONE$' | grep -v '^CSP_R__COUNT$' |
    sed 's/^CSP_R_//' | tr 'A-Z_' 'a-z-'
}
awk '{ print $1 }' "$tmp/list" > "$tmp/table-order"
sed -n 's/^ *\(CSP_R_[A-Z0-9_]*\)[ ,=].*/\1/p' cli/rules.h | enum_ids \
  > "$tmp/enum"
if cmp -s "$tmp/enum" "$tmp/table-order"; then
  ok "the enum of cli/rules.h names the rules of --list-rules, in order"
else
  not_ok "the enum of cli/rules.h names the rules of --list-rules, in order"
  diff "$tmp/enum" "$tmp/table-order" | sed 's/^/# /'
fi
# each row: [CSP_R_X] = {"x", ...
perl -0777 -ne 'while (/\[(CSP_R_\w+)\]\s*=\s*\{\s*"([^"]*)"/g) {
    (my $want = lc substr($1, 6)) =~ tr/_/-/;
    print "$1 $2\n" if $want ne $2;
    print "ROW $2\n";
  }' cli/rules.c > "$tmp/rows"
grep -v '^ROW ' "$tmp/rows" > "$tmp/misnamed"
sed -n 's/^ROW //p' "$tmp/rows" > "$tmp/row-order"
if [ ! -s "$tmp/misnamed" ] && cmp -s "$tmp/row-order" "$tmp/table-order"
then
  ok "each row of cli/rules.c is [CSP_R_X] = {\"x\", in the enum's order"
else
  not_ok "each row of cli/rules.c is [CSP_R_X] = {\"x\", in the enum's order"
  sed 's/^/# misnamed: /' "$tmp/misnamed"
fi

# rules_of FILE...: the ids of the rules the files raise, sorted.
rules_of() {
  grep -ho 'CSP_R_[A-Z0-9_]*' "$@" | enum_ids | sort -u
}
rules_of $(ls cli/*.c | grep -v '^cli/rules\.c$') > "$tmp/code"
for id in $(comm -13 "$tmp/code" "$tmp/table"); do
  not_ok "rule [$id] is in the table but raised nowhere in cli/"
done
[ -s "$tmp/code" ] && [ -z "$(comm -3 "$tmp/code" "$tmp/table")" ]
check $? "cli/*.c raise the $(wc -l < "$tmp/table") rules of the table"

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


# the manuals: ids in ".It Bq id" or ".It Bo id Bc , Bo id Bc" items
# of a section
section_ids() {
  awk -v want=".Sh $2" '/^\.Sh /{on = ($0 == want); next} on' "$1" |
    grep '^\.It B[qo] ' | sed 's/^\.It //; s/ Bc//g; s/Bq //g; s/Bo //g' |
    tr ', ' '\n\n' | grep . | sort -u
}
# same_ids NEED ALLOWED GOT WHAT: one check that the ids of GOT hold
# every id of NEED and none but those of ALLOWED
same_ids() {
  missing=$(comm -23 "$1" "$3" | tr '\n' ' ')
  extra=$(comm -13 "$2" "$3" | tr '\n' ' ')
  [ -s "$3" ] && [ -z "$missing$extra" ]
  check $? "$4${missing:+ (missing: $missing)}${extra:+ (not rules: $extra)}"
}
section_ids man/csecpol.1 DIAGNOSTICS > "$tmp/doc1"
same_ids "$tmp/table" "$tmp/table" "$tmp/doc1" \
  "DIAGNOSTICS of man/csecpol.1 lists the $(wc -l < "$tmp/table") rules of the table"
# a site file can break more rules than these (read, extends ...)
rules_of cli/schema.c cli/site.c cli/yaml_hint.c > "$tmp/site"
section_ids man/csecpol-site.5 CHECKS > "$tmp/doc5"
same_ids "$tmp/site" "$tmp/table" "$tmp/doc5" \
  "CHECKS of man/csecpol-site.5 lists the rules of schema.c, site.c and yaml_hint.c, and only rules"
