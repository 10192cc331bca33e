#!/bin/sh
# tests/suite/inject.sh: values that look like markup stay text, in every
# format.  One "ok"/"not ok" line per value and format (tests/run.sh
# counts them).
#
# Each line of tests/fixtures/inject/values.txt (Markdown, HTML, XML and
# template syntax), and a very long line of them, goes into every text
# field of tests/fixtures/inject/base.yaml; the site is rendered to md,
# html and docx and compared with the baseline, the same site with
# "plain words" instead:
#   md    cmark --unsafe turns it into HTML (so raw HTML would show as
#         elements): as many elements as the baseline, value in the text
#   gfm   the same Markdown read as GitHub does, by pandoc -f gfm
#         (strikethrough, tables, bare www., https:// and e-mail links)
#   html  parsed by xmllint --html: as many elements as the baseline,
#         value in the text of the body
#   docx  word/document.xml: as many w:p, w:r, w:hyperlink, w:fldSimple
#         and w:instrText as the baseline, as many relationships, and the
#         value in the text of the body
# The value is compared with its white space folded, as a value is
# folded into one line of text.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-inject.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in cmark pandoc xmllint unzip; do
  if ! command -v $tool >/dev/null 2>&1; then
    not_ok "$tool is installed"
    exit 0
  fi
done

# site VALUE FILE: base.yaml with @V@ made VALUE (a YAML double-quoted
# string, so \ and " are escaped).
site() {
  V=$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g') \
    awk '{ while ((i = index($0, "@V@")) > 0)
             $0 = substr($0, 1, i - 1) ENVIRON["V"] substr($0, i + 3)
           print }' tests/fixtures/inject/base.yaml >"$2"
}

# fold: standard input with runs of white space made one space, trimmed.
fold() { tr '\t\r\n\v\f' '     ' | sed 's/  */ /g; s/^ //; s/ $//'; }

# html_facts FILE: the element count of an HTML file, "|", and the text
# of its body (one xmllint: processes are what make this suite slow).
html_facts() {
  xmllint --html --nonet --xpath \
    "concat(count(//*), '|', string(/html/body))" "$1" 2>/dev/null
}

# docx_facts FILE: the counts of w:p, w:r, w:hyperlink, w:fldSimple and
# w:instrText in word/document.xml, "|", and the text of the body.
docx_facts() {
  unzip -p "$1" word/document.xml 2>/dev/null |
    xmllint --nonet --xpath "concat(count(//*[local-name()='p']), ' ',
      count(//*[local-name()='r']), ' ',
      count(//*[local-name()='hyperlink']), ' ',
      count(//*[local-name()='fldSimple']), ' ',
      count(//*[local-name()='instrText']), '|',
      string(//*[local-name()='body']))" - 2>/dev/null
}

# docx_rels FILE: the number of relationships of word/document.xml.
docx_rels() {
  unzip -p "$1" word/_rels/document.xml.rels 2>/dev/null |
    xmllint --nonet --xpath "count(//*[local-name()='Relationship'])" - \
      2>/dev/null
}

# split FACTS: writes the part after the first "|" to $tmp/text, folded,
# and prints the part before it.
split() {
  printf '%s' "$1" | sed '1s/^[^|]*|//' | fold >"$tmp/text"
  printf '%s' "$1" | sed -n '1s/|.*//p'
}

# has_value: 1 when $tmp/text holds the folded value $tmp/want, else 0
# (files and grep -F: a shell pattern over a 60 KB line is slow).
has_value() {
  if [ ! -s "$tmp/want" ] || grep -qF -f "$tmp/want" "$tmp/text"; then
    echo 1
  else
    echo 0
  fi
}

# render SITE DIR: md, html and docx of SITE into DIR.
render() {
  rm -rf "$2" && mkdir -p "$2" &&
    "$CSECPOL" render -f md,html,docx -o "$2" "$1" >"$tmp/render.err" 2>&1
}

# facts DIR: "md-count html-count docx-counts rels" of a render, the
# texts going to $tmp/text.md, .html, .docx.
facts() {
  cmark --unsafe "$1/v.md" >"$1/v.md.html"
  m=$(split "$(html_facts "$1/v.md.html")")
  mv "$tmp/text" "$tmp/text.md"
  pandoc -f gfm -t html --standalone --metadata title=x "$1/v.md" \
    >"$1/v.gfm.html" 2>/dev/null
  g=$(split "$(html_facts "$1/v.gfm.html")")
  mv "$tmp/text" "$tmp/text.gfm"
  h=$(split "$(html_facts "$1/v.html")")
  mv "$tmp/text" "$tmp/text.html"
  d=$(split "$(docx_facts "$1/v.docx")")
  mv "$tmp/text" "$tmp/text.docx"
  echo "$m;$g;$h;$d $(docx_rels "$1/v.docx")"
}

# The baseline.
site "plain words" "$tmp/v.yaml"
if render "$tmp/v.yaml" "$tmp/base"; then
  base=$(facts "$tmp/base")
  base_md=${base%%;*} rest=${base#*;}
  base_gfm=${rest%%;*} rest=${rest#*;}
  base_html=${rest%%;*} base_docx=${rest#*;}
  if [ "${base_md:-0}" -gt 10 ] && [ "${base_html:-0}" -gt 10 ] &&
     [ -n "${base_docx% *}" ]; then
    ok "baseline renders ($base_md md elements, $base_html html; docx p r hyperlink fldSimple instrText rels: $base_docx)"
  else
    not_ok "baseline renders: facts '$base'"
    exit 0
  fi
else
  not_ok "baseline renders" "$tmp/render.err"
  exit 0
fi

# The values, one a line, then a very long line (under the 64 KiB limit
# on one value) of markup of every kind.
cp tests/fixtures/inject/values.txt "$tmp/values"
long=""
while [ ${#long} -lt 60000 ]; do
  long="$long**x** [a](b) <b>&amp;</b> ]]> {{site.name}} | \` "
done
printf '%s\n' "$long" >>"$tmp/values"

n=0
while IFS= read -r v; do
  n=$((n + 1))
  label="value $n ($(printf '%.32s' "$v"))"
  printf '%s' "$v" | fold >"$tmp/want"
  site "$v" "$tmp/v.yaml"
  if ! render "$tmp/v.yaml" "$tmp/out"; then
    not_ok "$label: renders" "$tmp/render.err"
    continue
  fi
  all=$(facts "$tmp/out")
  md=${all%%;*} rest=${all#*;}
  gfm=${rest%%;*} rest=${rest#*;}
  html=${rest%%;*} docx=${rest#*;}
  for f in md gfm html docx; do
    eval "got=\$$f want=\$base_$f"
    cp "$tmp/text.$f" "$tmp/text"
    has=$(has_value)
    if [ "$got" = "$want" ] && [ "$has" = 1 ]; then
      ok "$label $f: literal text, no element"
    else
      not_ok "$label $f: counts '$got' (baseline '$want'), text present: $has"
    fi
  done
done <"$tmp/values"
