#!/bin/sh
# tests/suite/html.sh: `csecpol render -f html` end to end, one
# "ok"/"not ok" line per check (tests/run.sh counts them).
#
# For each example site: the page renders, the Nu Html Checker finds no
# error, headless Chromium prints it, and the printed text holds the
# site's name and every phone number of its site file (read from the
# YAML, not written here).  Then an injection site (tests/fixtures/html/) whose
# values hold markup, a javascript: URL and a Markdown link must come out
# as visible text with no element or link of their own; and two renders
# must be byte-identical.
#
# Run from the repository root.  Environment: CSECPOL (the binary),
# VNU_JAR (the Nu Html Checker's vnu.jar).
set -u
: "${CSECPOL:=build/csecpol}" "${VNU_JAR:=build/npm/node_modules/vnu-jar/build/dist/vnu.jar}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-html.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

have_vnu=0
if [ -f "$VNU_JAR" ] && command -v java >/dev/null 2>&1; then have_vnu=1; fi
have_chromium=0
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
then have_chromium=1; fi

# Prints $1 (HTML) to the PDF $2 with headless Chromium, no header or
# footer (they would add the title and the file name to the text).
to_pdf() {
  : >"$tmp/chromium.log"
  rm -f "$2"
  [ -s "$1" ] || { echo "no page $1" >"$tmp/chromium.log"; return 1; }
  prof=$(mktemp -d "$tmp/chromium.XXXXXX")
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
    2>&1 | grep -v -e dbus -e 'unexpected operator' >"$tmp/chromium.log"
  [ -s "$2" ]
}

# The text of PDF $1 with every whitespace character removed (a line may
# wrap anywhere) and ligatures spelt out.
pdf_text() {
  pdftotext -enc UTF-8 "$1" - 2>/dev/null |
    sed 's/ﬁ/fi/g; s/ﬂ/fl/g; s/ﬀ/ff/g' | tr -d ' \t\r\n\f'
}

# The scalar after "KEY:" on a YAML line, unquoted.
yaml_value() {
  sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[[:space:]]*#.*$//' \
      -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}

# site.name: the "name:" line inside the top-level "site:" map.
site_name() {
  awk '/^[^[:space:]#]/ { in_site = ($0 ~ /^site:/) }
       in_site && /^[[:space:]]+name:/ { print; exit }' "$1" | yaml_value
}

# The phone: and emergency: values of YAML file $1, leaving out the
# top-level sections named in file $2 (if any).
yaml_phones() {
  awk -v skip="${2:-}" '
    BEGIN { if (skip != "") while ((getline l < skip) > 0)
              if (l ~ /^[A-Za-z_]+:/) { sub(/:.*/, "", l); own[l] = 1 } }
    /^[A-Za-z_]+:/ { k = $0; sub(/:.*/, "", k) }
    /^[[:space:]-]*(phone|emergency):[[:space:]]*[^[:space:]]/ && !(k in own)
  ' "$1" | yaml_value
}

# Every phone number the policy of site $1 must show: those written in
# its site file, those of the file it extends for the sections it does
# not replace, and the text of every tel: link in its Markdown (which
# brings in the defaults, such as 911).
site_phones() {
  yaml_phones "$1"
  parent=$(grep '^extends:' "$1" | yaml_value)
  if [ -n "$parent" ] && [ -f "$(dirname "$1")/$parent" ]; then
    yaml_phones "$(dirname "$1")/$parent" "$1"
  fi
  "$CSECPOL" render -f md -o - "$1" 2>/dev/null |
    grep -o '\[[^]]*\](tel:[^)]*)' | sed -e 's/^\[//' -e 's/\](tel:.*//' \
      -e 's/\\\(.\)/\1/g'
}

# Renders site $1 as HTML to $2; extra arguments go to render.
render() {
  site=$1 out=$2
  shift 2
  "$CSECPOL" render -f html "$@" -o "$out" "$site" >"$tmp/render.err" 2>&1
}

# ---- the example sites ---------------------------------------------

for site in sites/nj-sample.yaml sites/oswego-ny.yaml; do
  b=$(basename "$site" .yaml)
  html=$tmp/$b.html pdf=$tmp/$b.pdf
  render "$site" "$html"
  check $? "$b: renders as HTML" "$tmp/render.err"
  if [ ! -s "$html" ]; then
    not_ok "$b: no page to check further"
    continue
  fi

  if [ $have_vnu = 1 ]; then
    java -jar "$VNU_JAR" --errors-only "$html" >"$tmp/vnu.log" 2>&1
    check $? "$b: Nu Html Checker finds no error" "$tmp/vnu.log"
  else
    not_ok "$b: Nu Html Checker not found at $VNU_JAR (make tools)"
  fi

  head -c 200 "$html" | grep -q '^<!doctype html>' &&
    grep -q '<html lang="en">' "$html" &&
    grep -q '<meta charset="utf-8">' "$html" &&
    grep -q '<meta name="viewport"' "$html"
  check $? "$b: doctype, lang, charset and viewport"

  # Self-contained: nothing to fetch, no script.
  ! grep -Eqi '<(script|link|img|iframe|object|embed)\b|src=|@import|url\(' \
    "$html"
  check $? "$b: nothing to fetch and no script"

  name=$(site_name "$site")
  [ -n "$name" ] && grep -qF "$(printf '%s' "$name" | sed 's/&/\&amp;/g')" \
    "$html"
  check $? "$b: page holds the site name '$name'"

  if [ $have_chromium = 0 ]; then
    not_ok "$b: chromium or pdftotext missing"
    continue
  fi
  to_pdf "$html" "$pdf"
  check $? "$b: chromium prints it to PDF" "$tmp/chromium.log"
  [ -s "$pdf" ] || continue
  text=$(pdf_text "$pdf")
  want=$(printf '%s' "$name" | tr -d ' \t')
  case $text in *"$want"*) st=0 ;; *) st=1 ;; esac
  check $st "$b: PDF text holds the site name"
  pdfinfo "$pdf" 2>/dev/null | grep -q '^Page size:.*(letter)'
  check $? "$b: PDF is Letter by default"

  site_phones "$site" | sort -u >"$tmp/phones"
  n=$(grep -c . "$tmp/phones")
  [ "$n" -ge 3 ]
  check $? "$b: site file lists phone numbers ($n)" "$tmp/phones"
  missing=""
  while IFS= read -r phone; do
    p=$(printf '%s' "$phone" | tr -d ' \t')
    case $text in *"$p"*) ;; *) missing="$missing '$phone'" ;; esac
  done <"$tmp/phones"
  [ -z "$missing" ]
  check $? "$b: PDF text holds every phone number${missing:+ (missing$missing)}"
done

# ---- options ---------------------------------------------------------

site=sites/oswego-ny.yaml
render "$site" "$tmp/a4.html" --paper a4
st=$?
grep -q '@page { size: A4; }' "$tmp/a4.html" 2>/dev/null
check $((st + $?)) "--paper a4 adds the A4 page rule" "$tmp/render.err"
if [ $have_chromium = 1 ] && to_pdf "$tmp/a4.html" "$tmp/a4.pdf"; then
  pdfinfo "$tmp/a4.pdf" 2>/dev/null | grep -q '^Page size:.*(A4)'
  check $? "--paper a4 prints on A4"
else
  not_ok "--paper a4 prints on A4" "$tmp/chromium.log"
fi

render "$site" "$tmp/frag.html" --fragment
st=$?
head -c 30 "$tmp/frag.html" 2>/dev/null | grep -q '^<article class="policy">' &&
  ! grep -Eqi '<(!doctype|html|head|body|style|title)\b' "$tmp/frag.html"
check $((st + $?)) "--fragment writes the body alone" "$tmp/render.err"

render "$site" "$tmp/draft.html" --draft
st=$?
grep -q 'class="draft-banner"' "$tmp/draft.html" 2>/dev/null &&
  grep -q '<title>DRAFT: ' "$tmp/draft.html"
check $((st + $?)) "--draft marks the page DRAFT" "$tmp/render.err"

# ---- no sideways scrolling on a phone ---------------------------------
# The page, unchanged, in a frame of the given width inside a probe page
# whose script puts the framed page's scroll width into the title once
# it has loaded (headless Chromium's window is at least 500 px wide, so
# the frame sets the width).  The longest lines are phone numbers and
# web addresses.
overflow_probe() { # $1 page, $2 width in CSS pixels
  cat >"$tmp/probe.html" <<PROBE
<!doctype html><html><head><title>probe</title></head><body style="margin:0">
<iframe id="f" src="file://$1" width="$2" height="800" style="border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument.documentElement;
  document.title = "W=" + d.scrollWidth + "/" + d.clientWidth;
};
</script></body></html>
PROBE
  prof=$(mktemp -d "$tmp/chromium.XXXXXX")
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --allow-file-access-from-files --hide-scrollbars \
    --virtual-time-budget=5000 --dump-dom "file://$tmp/probe.html" \
    2>/dev/null |
    sed -n 's|.*<title>W=\([0-9]*\)/\([0-9]*\)</title>.*|\1 \2|p'
}
for b in nj-sample oswego-ny; do
  render "sites/$b.yaml" "$tmp/$b-phone.html"
  for w in 320 768; do
    if [ $have_chromium = 1 ]; then
      set -- $(overflow_probe "$tmp/$b-phone.html" "$w")
      [ $# -eq 2 ] && [ "$1" -le "$2" ]
      check $? "$b: no sideways scrolling at $w px wide (scroll width ${1:-?}, window ${2:-?})"
    else
      not_ok "$b: no sideways scrolling at $w px wide (chromium missing)"
    fi
  done
done

# ---- injection -------------------------------------------------------

# The control is the same file with every attack made harmless text, so
# any extra <a in the attacked page came from a value.
inject=tests/fixtures/html/inject.yaml
sed -e 's/<script>alert(1)<\/script>/script one/g' \
    -e 's/"><img src=x onerror=alert(1)>/img two/g' \
    -e 's/\[x\](https:\/\/evil\.example)/link three/g' \
    -e '/javascript:alert(1)/d' \
    "$inject" >"$tmp/control.yaml"
cmp -s "$inject" "$tmp/control.yaml"
[ $? = 1 ]
check $? "injection: control file differs from the attack file"

# check refuses a javascript: URL, so both render as drafts (which keep
# every value) to compare like with like.
render "$inject" "$tmp/inject.html" --draft
check $? "injection: renders as a draft" "$tmp/render.err"
render "$tmp/control.yaml" "$tmp/control.html" --draft
check $? "injection: control renders as a draft" "$tmp/render.err"

h=$tmp/inject.html
if [ ! -s "$h" ] || [ ! -s "$tmp/control.html" ]; then
  not_ok "injection: no page to check further"
else
  ! grep -qi '<script' "$h"
  check $? "injection: no <script element"
  ! grep -qi '<img' "$h"
  check $? "injection: no <img element"
  ! grep -Eqi 'href="[^"]*javascript' "$h"
  check $? "injection: no javascript: href"
  ! grep -qi 'evil\.example"' "$h" && ! grep -qi 'href="https://evil' "$h"
  check $? "injection: the Markdown link is no link"
  a=$(grep -o '<a[[:space:]>]' "$h" | wc -l)
  c=$(grep -o '<a[[:space:]>]' "$tmp/control.html" | wc -l)
  [ "$a" -eq "$c" ] && [ "$c" -gt 0 ]
  check $? "injection: no extra <a element ($a in the page, $c in the control)"
  grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$h" &&
    grep -q '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' "$h" &&
    grep -qF '[x](https://evil.example)' "$h" &&
    grep -qF 'javascript:alert(1)' "$h"
  check $? "injection: the values are in the page as escaped text"

  if [ $have_chromium = 1 ] && to_pdf "$h" "$tmp/inject.pdf"; then
    text=$(pdf_text "$tmp/inject.pdf")
    missing=""
    for s in '<script>alert(1)</script>' '"><imgsrc=xonerror=alert(1)>' \
             '[x](https://evil.example)' 'javascript:alert(1)'; do
      case $text in *"$s"*) ;; *) missing="$missing $s" ;; esac
    done
    [ -z "$missing" ]
    check $? "injection: the values are visible in print${missing:+ (missing$missing)}"
  else
    not_ok "injection: the values are visible in print" "$tmp/chromium.log"
  fi
fi

# ---- determinism -----------------------------------------------------

for site in sites/nj-sample.yaml "$inject"; do
  b=$(basename "$site" .yaml)
  render "$site" "$tmp/d1.html" --draft && render "$site" "$tmp/d2.html" --draft &&
    cmp -s "$tmp/d1.html" "$tmp/d2.html"
  check $? "$b: two renders are byte-identical"
done
