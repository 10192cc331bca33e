#!/bin/sh
# bench/gen-sites.sh: writes N synthetic, valid site files for the
# benchmark.
#
#   sh bench/gen-sites.sh [-r SCALE] N DIR
#
# writes DIR/site-0001.yaml ... DIR/site-N.yaml and the statewide files
# they extend, DIR/states/s00.yaml ... s09.yaml.  The sites vary: 1 to 6
# people, 1 to 8 local resources (times SCALE: -r 10 gives a site ten
# times the resources), 0 to 3 state hotlines, optional address, url,
# approver, prevention notices and history, and values from a few words
# to a few hundred bytes.  The numbers come from a fixed linear
# congruential generator seeded by the site's index, so the same N gives
# the same files on every machine.  Every file passes `csecpol check`
# without an error or a warning (the benchmark measures rendering, not
# diagnostics).
set -eu
scale=1
if [ "${1:-}" = -r ]; then
  scale=$2
  shift 2
fi
if [ $# -ne 2 ]; then
  echo "usage: sh bench/gen-sites.sh [-r SCALE] N DIR" >&2
  exit 2
fi
n=$1 dir=$2
case $n$scale in *[!0-9]*)
  echo "gen-sites: N and SCALE must be whole numbers" >&2; exit 2;; esac
mkdir -p "$dir/states"

awk -v n="$n" -v scale="$scale" -v dir="$dir" '
function rnd(m) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 65536) % m }
function word() { return words[rnd(nwords) + 1] }
# A phrase of k to k+span words.
function phrase(k, span,   s, i, w) {
  w = k + rnd(span + 1); s = word()
  for (i = 2; i <= w; i++) s = s " " word()
  return s
}
# A valid North American number, written in one of three ways.
function phone(   a, e, l, f) {
  a = 201 + rnd(780); e = 200 + rnd(800); l = rnd(10000); f = rnd(3)
  if (e == 555) e = 556  # 555 numbers are fictional: check refuses them
  if (f == 0) return sprintf("(%d) %d-%04d", a, e, l)
  if (f == 1) return sprintf("1-%d-%d-%04d", a, e, l)
  return sprintf("%d.%d.%04d", a, e, l)
}
# A YAML double-quoted scalar: the text holds no " or \ by construction.
function q(s) { return "\"" s "\"" }
BEGIN {
  nwords = split("youth advocacy center county services family child safe " \
    "harbour response team coordinator crisis shelter counseling health " \
    "trafficking prevention outreach support network community legal aid " \
    "hotline residential program recovery trauma informed care & / ( ) " \
    "St. Mary\x27s North South East West valley river lake hill " \
    "Ñandú café résumé naïve", words, " ")
  for (s = 0; s < 10; s++) {
    seed = 7919 + s
    f = sprintf("%s/states/s%02d.yaml", dir, s)
    print "# synthetic statewide file for the benchmark" > f
    print "schema: 1" > f
    print "site:" > f
    print "  state: " substr("NJNYPACAWATXFLILOHMA", 2 * s + 1, 2) > f
    print "abuse_report:" > f
    print "  agency: " q("the " phrase(3, 6) " registry") > f
    print "  phone: " q(phone()) > f
    h = rnd(4)
    if (h) print "state_hotlines:" > f
    for (i = 0; i < h; i++) {
      print "  - name: " q(phrase(2, 5) " hotline") > f
      print "    phone: " q(phone()) > f
      print "    description: " q(phrase(2, 12)) > f
    }
    close(f)
  }
  for (k = 1; k <= n; k++) {
    seed = k * 2654435761 % 2147483648
    f = sprintf("%s/site-%04d.yaml", dir, k)
    print "# synthetic site " k " for the benchmark" > f
    print "schema: 1" > f
    printf "extends: states/s%02d.yaml\n", rnd(10) > f
    print "site:" > f
    print "  name: " q(phrase(2, 8) " " k) > f
    if (rnd(2)) print "  address: " q((1 + rnd(999)) " " phrase(1, 3) " Street") > f
    if (rnd(2)) print "  phone: " q(phone()) > f
    if (rnd(3) == 0) print "  url: https://site" k ".csecpol-bench.test/" > f
    print "policy:" > f
    # drawn in the order they always were, so that the rest of the
    # site stays the same; printed once the history is known: the
    # version is that of its last entry (major = the entries), or a
    # first one without history (check warns otherwise: version-history)
    rnd(3); minor = rnd(10)
    eff = sprintf("2026-%02d-%02d", 1 + rnd(12), 1 + rnd(28))
    appr = rnd(2) ? q(phrase(2, 3)) : ""
    h = rnd(4)
    printf "  version: \"%s\"\n", h ? h "." minor : "1.0" > f
    print "  effective_date: " eff > f
    if (appr != "") print "  approved_by: " appr > f
    if (h) print "  history:" > f
    for (i = 1; i <= h; i++) {
      printf "    - version: \"%s\"\n", i < h ? i ".0" : h "." minor > f
      printf "      date: 2025-%02d-%02d\n", i, 1 + rnd(28) > f
      print "      summary: " q(phrase(3, 30)) > f
    }
    print "personnel:" > f
    p = 1 + rnd(6)
    for (i = 0; i < p; i++) {
      print "  - role: " q(phrase(1, 6)) > f
      print "    name: " q(phrase(2, 2)) > f
      c = rnd(3)
      if (c != 1) print "    phone: " q(phone()) > f
      if (c != 0) printf "    email: person%d.%d@site%d.csecpol-bench.test\n", i, k, k > f
    }
    if (rnd(2)) {
      print "prevention_notice:" > f
      m = 1 + rnd(3)
      for (i = 0; i < m; i++) print "  - " q(phrase(2, 10)) > f
    }
    print "local_resources:" > f
    r = (1 + rnd(8)) * scale
    for (i = 0; i < r; i++) {
      print "  - name: " q(phrase(2, 10)) > f
      print "    phone: " q(phone()) > f
      if (rnd(4)) print "    description: " q(phrase(1, 40)) > f
      if (rnd(3) == 0) printf "    url: https://r%d.site%d.csecpol-bench.test/\n", i, k > f
    }
    print "safety_steps:" > f
    m = 1 + rnd(5)
    for (i = 0; i < m; i++) print "  - " q(phrase(4, 60)) > f
    close(f)
  }
}'
