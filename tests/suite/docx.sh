#!/bin/sh
# tests/suite/docx.sh: `csecpol render -f docx` end to end, one
# "ok"/"not ok" line per check (tests/run.sh counts them).
#
# For each example site: the package renders; every word/*.xml part is
# valid against the ISO/IEC 29500 transitional schema, [Content_Types].xml
# and the .rels parts against the OPC schemas, docProps/app.xml against
# its schema, and docProps/core.xml is well-formed with its fields in
# place; pandoc reads the same words, in the same order, as it reads from
# the Markdown render of the same site; LibreOffice turns it into a PDF
# whose text holds every phone number of the Markdown render; two renders
# are byte-identical; a two-level list survives pandoc's round trip as a
# nested list.  Then --paper a4, --draft and --reference-doc (with
# pandoc's own reference.docx, and with files that are not one).
#
# Header and footer: pandoc ignores them, so the word comparison is of
# the body alone; their text (site name, title, version, "Page X of Y")
# is checked in the header/footer parts and in the PDF instead.
#
# Run from the repository root.  Environment: CSECPOL (the binary).  The
# schemas are tests/data/ooxml-xsd/ (their absence is a failure).
set -u
: "${CSECPOL:=build/csecpol}"
XSD=tests/data/ooxml-xsd
WML=$XSD/ISO-IEC29500-4_2016/wml.xsd
CT=$XSD/ecma/fouth-edition/opc-contentTypes.xsd
RELS=$XSD/ecma/fouth-edition/opc-relationships.xsd
APP=$XSD/ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd
SITES="sites/nj-sample.yaml sites/oswego-ny.yaml"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-docx.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in xmllint unzip pandoc soffice pdftotext pdfinfo; do
  command -v "$tool" >/dev/null 2>&1
  check $? "$tool is installed"
done
for f in "$WML" "$CT" "$RELS" "$APP"; do
  [ -f "$f" ]
  check $? "schema $f is present"
done

# xsd PART SCHEMA LABEL: validates one part.
xsd() {
  xmllint --noout --nonet --schema "$2" "$1" >"$tmp/xmllint.log" 2>&1
  check $? "$3: $(basename "$1") is valid against $(basename "$2")" \
    "$tmp/xmllint.log"
}

# xpath FILE EXPR: the string value of EXPR in FILE.
xpath() {
  xmllint --nonet --xpath "$2" "$1" 2>/dev/null
}

# words: standard input as one word a line.
words() { tr -s '[:space:]' '\n'; }

# The text of a PDF with every whitespace character removed (a line may
# wrap anywhere, a phone number at its spaces).
pdf_text() {
  pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \t\r\n\f'
}

# Converts $1 (DOCX) to PDF in $2 (a directory) with a private profile;
# soffice exits 0 even when it fails, so the caller checks the PDF.
to_pdf() {
  timeout 300 soffice -env:UserInstallation="file://$tmp/lo" --headless \
    --convert-to pdf --outdir "$2" "$1" >"$tmp/soffice.log" 2>&1
}

# The scalar after "KEY:" on a YAML line, unquoted.
yaml_value() {
  sed -e 's/^[^:]*:[[:space:]]*//' -e 's/[[:space:]]*#.*$//' \
      -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}

# KEY of the top-level map SECTION of a site file (site.name, ...).
yaml_field() {
  awk -v sec="$2" -v key="$3" '
    /^[^[:space:]#]/ { in_sec = ($0 ~ "^" sec ":") }
    in_sec && $0 ~ "^[[:space:]]+" key ":" { print; exit }' "$1" | yaml_value
}

for site in $SITES; do
  stem=$(basename "$site" .yaml)
  d=$tmp/$stem
  mkdir -p "$d/x"
  "$CSECPOL" render -f docx -o "$d/$stem.docx" "$site" 2>"$d/err"
  check $? "$stem: render -f docx exits 0" "$d/err"
  "$CSECPOL" render -f md -o "$d/$stem.md" "$site" 2>/dev/null
  unzip -q -o "$d/$stem.docx" -d "$d/x" 2>"$d/unzip.log"
  check $? "$stem: the output unzips" "$d/unzip.log"
  first=$(unzip -Z1 "$d/$stem.docx" 2>/dev/null | head -1)
  [ "$first" = "[Content_Types].xml" ]
  check $? "$stem: [Content_Types].xml is the first entry (got $first)"

  # Schemas.
  n=0
  for part in "$d"/x/word/*.xml; do
    [ -f "$part" ] || continue
    n=$((n + 1))
    xsd "$part" "$WML" "$stem"
  done
  [ "$n" -ge 7 ]
  check $? "$stem: $n word/*.xml parts (document, styles, numbering, ...)"
  xsd "$d/x/[Content_Types].xml" "$CT" "$stem"
  for rels in "$d/x/_rels/.rels" "$d/x/word/_rels/document.xml.rels"; do
    xsd "$rels" "$RELS" "$stem"
  done
  xsd "$d/x/docProps/app.xml" "$APP" "$stem"

  # docProps/core.xml: well-formed, and its fields from the site file.
  core=$d/x/docProps/core.xml
  xmllint --noout --nonet "$core" 2>"$tmp/xmllint.log"
  check $? "$stem: core.xml is well-formed" "$tmp/xmllint.log"
  name=$(yaml_field "$site" site name)
  title=$(yaml_field "$site" policy title)
  date=$(yaml_field "$site" policy effective_date)
  got=$(xpath "$core" 'string(//*[local-name()="creator"])')
  [ -n "$name" ] && [ "$got" = "$name" ]
  check $? "$stem: dc:creator is the site name ('$got')"
  got=$(xpath "$core" 'string(//*[local-name()="title"])')
  [ -n "$got" ] && { [ -z "$title" ] || [ "$got" = "$title" ]; }
  check $? "$stem: dc:title is the policy title ('$got')"
  got=$(xpath "$core" 'string(//*[local-name()="created"]/@*[local-name()="type"])')
  [ "$got" = "dcterms:W3CDTF" ]
  check $? "$stem: dcterms:created has xsi:type dcterms:W3CDTF ('$got')"
  got=$(xpath "$core" 'string(//*[local-name()="created"])')
  [ -n "$date" ] && [ "$got" = "${date}T00:00:00Z" ]
  check $? "$stem: dcterms:created is the effective date ('$got')"
  got=$(xpath "$d/x/docProps/app.xml" 'string(//*[local-name()="Application"])')
  [ "$got" = csecpol ]
  check $? "$stem: app.xml names csecpol"

  # Header and footer (pandoc and the word comparison skip them).
  hdr=$(xpath "$d/x/word/header1.xml" 'string(/)')
  ftr=$(xpath "$d/x/word/footer1.xml" 'string(/)')
  case $hdr in *"$name"*) true ;; *) false ;; esac
  check $? "$stem: the header names the site"
  grep -q 'PAGE ' "$d/x/word/footer1.xml" &&
    grep -q 'NUMPAGES' "$d/x/word/footer1.xml" &&
    case $ftr in *Page*of*) true ;; *) false ;; esac
  check $? "$stem: the footer says Page X of Y with PAGE/NUMPAGES fields"

  # pandoc: the same words in the same order as the Markdown.  -s keeps
  # the Title paragraph, which pandoc's docx reader makes the title; the
  # non-breaking hyphens and spaces of phone numbers read as U+2011 and
  # U+00A0, and the left-to-right mark that starts a link (U+200E) is no word.
  pandoc -f docx -t plain --wrap=none -s "$d/$stem.docx" 2>"$d/pandoc.log" |
    sed 's/‑/-/g; s/\xc2\xa0/ /g; s/\xe2\x80\x8e//g' |
    words >"$d/docx.words"
  pandoc -f commonmark -t plain --wrap=none "$d/$stem.md" 2>>"$d/pandoc.log" |
    words >"$d/md.words"
  diff "$d/md.words" "$d/docx.words" >"$d/words.diff"
  st=$?
  [ -s "$d/md.words" ] && [ "$st" -eq 0 ]
  check $? "$stem: pandoc reads the DOCX as the same words as the Markdown" \
    "$d/words.diff"

  # The nested resource lists stay nested through pandoc.
  pandoc -f docx -t markdown "$d/$stem.docx" >"$d/rt.md" 2>/dev/null
  grep -Eq '^[[:space:]]{2,}[-*+][[:space:]]+.*\(Emergency\)' "$d/rt.md"
  check $? "$stem: a second-level list item survives pandoc as nested" \
    "$d/rt.md"

  # LibreOffice: a PDF with every phone number of the Markdown render.
  to_pdf "$d/$stem.docx" "$d/pdf"
  pdf=$d/pdf/$stem.pdf
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  [ -f "$pdf" ] && [ "${pages:-0}" -ge 1 ]
  check $? "$stem: soffice makes a PDF of ${pages:-0} page(s)" \
    "$tmp/soffice.log"
  text=$(pdf_text "$pdf")
  grep -o '\[[^]]*\](tel:[^)]*)' "$d/$stem.md" |
    sed -e 's/^\[//' -e 's/\](tel:.*//' -e 's/\\\([[:punct:]]\)/\1/g' |
    sort -u >"$d/phones"
  [ -s "$d/phones" ]
  check $? "$stem: the Markdown render has phone numbers" "$d/$stem.md"
  missing=""
  while IFS= read -r phone; do
    p=$(printf '%s' "$phone" | tr -d ' \t')
    case $text in *"$p"*) ;; *) missing="$missing '$phone'" ;; esac
  done <"$d/phones"
  [ -z "$missing" ]
  check $? "$stem: the PDF holds all $(wc -l <"$d/phones") phone numbers${missing:+; missing:$missing}"
  case $text in *"$(printf '%s' "$name" | tr -d ' ')"*) true ;; *) false ;; esac
  check $? "$stem: the PDF holds the site name"
  case $text in *Page1of*) true ;; *) false ;; esac
  check $? "$stem: the PDF footer reads 'Page 1 of N'"

  # Determinism.
  "$CSECPOL" render -f docx -o "$d/again.docx" "$site" 2>/dev/null
  cmp -s "$d/$stem.docx" "$d/again.docx"
  check $? "$stem: two renders are byte-identical"
done

site=sites/oswego-ny.yaml
d=$tmp/opts
mkdir -p "$d"

# --paper
"$CSECPOL" render -f docx --paper a4 -o "$d/a4.docx" "$site" 2>/dev/null
unzip -p "$d/a4.docx" word/document.xml >"$d/a4.xml" 2>/dev/null
grep -q '<w:pgSz w:w="11906" w:h="16838"/>' "$d/a4.xml"
check $? "--paper a4 gives an A4 w:pgSz"
"$CSECPOL" render -f docx --paper letter -o "$d/letter.docx" "$site" 2>/dev/null
unzip -p "$d/letter.docx" word/document.xml 2>/dev/null |
  grep -q '<w:pgSz w:w="12240" w:h="15840"/>'
check $? "--paper letter gives a Letter w:pgSz"

# --draft
"$CSECPOL" render -f docx --draft -o "$d/draft.docx" "$site" 2>/dev/null
unzip -p "$d/draft.docx" word/header1.xml 2>/dev/null | grep -q 'DRAFT' &&
  unzip -p "$d/draft.docx" word/document.xml 2>/dev/null |
    grep -q '<w:pStyle w:val="DraftMark"/></w:pPr><w:r><w:t>DRAFT</w:t>'
check $? "--draft marks DRAFT in the header and after the title"

# --reference-doc with pandoc's reference.docx (made offline).
pandoc -o "$d/ref.docx" --print-default-data-file reference.docx 2>/dev/null
"$CSECPOL" render -f docx --reference-doc "$d/ref.docx" -o "$d/ref-out.docx" \
  "$site" 2>"$d/err"
check $? "--reference-doc with pandoc's reference.docx is accepted" "$d/err"
unzip -p "$d/ref-out.docx" word/styles.xml >"$d/ref-styles.xml" 2>/dev/null
grep -q 'w:styleId="FirstParagraph"' "$d/ref-styles.xml" &&
  grep -q 'w:styleId="BodyText"' "$d/ref-styles.xml"
check $? "--reference-doc: the reference's styles (BodyText, FirstParagraph) are used"
grep -q 'w:styleId="ListParagraph"' "$d/ref-styles.xml" &&
  grep -q 'w:styleId="Header"' "$d/ref-styles.xml"
check $? "--reference-doc: styles it lacks (ListParagraph, Header) come from ours"
unzip -p "$d/ref-out.docx" word/document.xml >"$d/ref-doc.xml" 2>/dev/null
xsd "$d/ref-doc.xml" "$WML" "--reference-doc"
pandoc -f docx -t plain "$d/ref-out.docx" >/dev/null 2>"$d/err"
check $? "--reference-doc: pandoc reads the result" "$d/err"

# --reference-doc that is not a .docx: refused, with the file named.
printf 'not a zip\n' >"$d/bad.docx"
"$CSECPOL" render -f docx --reference-doc "$d/bad.docx" -o "$d/bad-out.docx" \
  "$site" 2>"$d/err"
st=$?
[ "$st" -ne 0 ] && grep -q 'bad.docx.*error.*\[reference-doc\]' "$d/err" &&
  [ ! -e "$d/bad-out.docx" ]
check $? "--reference-doc with a non-zip fails ($st), names it, writes nothing" \
  "$d/err"
"$CSECPOL" render -f docx --reference-doc "$d/none.docx" -o "$d/none-out.docx" \
  "$site" 2>"$d/err"
st=$?
[ "$st" -ne 0 ] && grep -q 'none.docx.*error.*cannot read the reference document' "$d/err"
check $? "--reference-doc with a missing file fails ($st) and names it" "$d/err"

# ---- injection ------------------------------------------------------
# tests/fixtures/docx/inject.yaml holds markup, WordprocessingML, "]]>",
# Markdown links and javascript: URLs in its values (and fictional
# numbers, so it renders only as a draft): each must be text, never an
# element or link.
inject=tests/fixtures/docx/inject.yaml
d=$tmp/inject
mkdir -p "$d/x"
"$CSECPOL" render -f docx --draft -o "$d/inject.docx" "$inject" 2>"$d/err"
check $? "injection: renders as a draft" "$d/err"
unzip -q -o "$d/inject.docx" -d "$d/x" 2>/dev/null
for part in "$d"/x/word/document.xml "$d"/x/word/header1.xml; do
  xsd "$part" "$WML" "injection"
done
r=$d/x/word/_rels/document.xml.rels
xsd "$r" "$RELS" "injection"
! grep -qi -e 'javascript' -e 'evil\.example' "$r"
check $? "injection: no javascript: or Markdown-injected link relationship" "$r"
bad=""
for id in $(grep -o '<w:hyperlink r:id="[^"]*"' "$d/x/word/document.xml" |
            sed 's/.*r:id="\([^"]*\)"/\1/' | sort -u); do
  grep -q "Id=\"$id\" [^>]*TargetMode=\"External\"" "$r" || bad="$bad $id"
done
[ -z "$bad" ]
check $? "injection: hyperlinks only through External relationships"
pandoc -f docx -t plain --wrap=none "$d/inject.docx" >"$d/plain" 2>/dev/null
grep -qF 'Injection <script>alert(1)</script> </w:t></w:r><w:r><w:t>]]> & Center' "$d/plain"
check $? "injection: the site name, markup and all, is visible text" "$d/plain"
grep -qF 'Local help [x](https://evil.example)' "$d/plain"
check $? "injection: a Markdown link in a value is visible text" "$d/plain"
xpath "$d/x/word/header1.xml" 'string(/)' | grep -qF '<script>alert(1)</script>'
check $? "injection: the header shows the name as text"
