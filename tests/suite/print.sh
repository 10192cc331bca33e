#!/bin/sh
# tests/suite/print.sh: the policy as a reader sees it on paper, printed
# through LibreOffice (DOCX -> PDF) and headless Chromium (HTML -> PDF)
# and read back with pdftotext.  One "ok"/"not ok" line per check.
#
# - Phone numbers never break across lines: each site's policy printed on
#   a narrow page (2.9 inches of text), and every number its Markdown
#   links with tel: must stand whole on one line of the PDF's text.  A
#   control prints the same with the protection taken out (plain spaces
#   and hyphens in the DOCX, wrapping links in the HTML) and must split
#   at least one number, so the page is narrow enough to tell.
# - Each signer's block stays on one page: the Ohio site's three signers
#   on short pages; a control without keepNext/keepLines splits one.
# - Dates read "January 15, 2027"; the DOCX properties keep 2027-01-15.
# - The DOCX header's long site name does not run into the title.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
PY=tests/suite/print.py
OHIO=tests/fixtures/print/ohio-long.yaml
SITES="sites/nj-sample.yaml sites/oswego-ny.yaml $OHIO"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-print.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in soffice chromium pdftotext pdfinfo /usr/bin/python3; do
  command -v "$tool" >/dev/null 2>&1
  check $? "$tool is installed"
done

# chromium_pdf HTML PDF: prints a page, no header or footer.
chromium_pdf() {
  rm -f "$2"
  prof=$(mktemp -d "$tmp/chromium.XXXXXX")
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
    >"$tmp/chromium.log" 2>&1
  [ -s "$2" ]
}

# with_css HTML OUT CSS: HTML with CSS added after its own stylesheet.
with_css() {
  awk -v css="$3" '/<\/head>/ && !done { print "<style>" css "</style>"; done = 1 }
                   { print }' "$1" >"$2"
}

# The numbers a policy links with tel: (its Markdown render $1), as
# written, one a line.
phones() {
  grep -o '\[[^]]*\](tel:[^)]*)' "$1" |
    sed -e 's/^\[//' -e 's/\](tel:.*//' -e 's/\\\([[:punct:]]\)/\1/g' |
    sort -u
}

# width_pt PDF: the width of its first page in points.
width_pt() {
  pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ { print int($3); exit }'
}

# ---- the documents ------------------------------------------------------

# 2.9 inches of text: a page of 3.9 inches with half-inch margins, in
# twips for the DOCX; the same in CSS for Chromium.
NARROW_W=5616 NARROW_H=15840
NARROW_CSS='@page { size: 3.9in 11in; margin: 0.5in; }'
# pages of 3.5 inches, 2.5 of text: the approval section cannot fit on
# one, and one block with its heading can
SHORT_W=8640 SHORT_H=5040
SHORT_CSS='@page { size: 6in 4in; margin: 0.5in; }'
# Every DOCX goes to $tmp/docx, converted by one soffice run.
mkdir -p "$tmp/docx"
for site in $SITES; do
  b=$(basename "$site" .yaml)
  d=$tmp/$b
  mkdir -p "$d"
  "$CSECPOL" render -f md,html,docx -o "$d/" "$site" 2>"$d/err"
  check $? "$b: renders" "$d/err"
  /usr/bin/python3 $PY page "$d/$b.docx" "$tmp/docx/$b-narrow.docx" \
    $NARROW_W $NARROW_H
  /usr/bin/python3 $PY page "$d/$b.docx" "$tmp/docx/$b-plain.docx" \
    $NARROW_W $NARROW_H plain
done
d=$tmp/ohio-long
cp "$d/ohio-long.docx" "$tmp/docx/"
/usr/bin/python3 $PY page "$d/ohio-long.docx" "$tmp/docx/short.docx" \
  $SHORT_W $SHORT_H
/usr/bin/python3 $PY page "$d/ohio-long.docx" "$tmp/docx/short-plain.docx" \
  $SHORT_W $SHORT_H plain
timeout 600 soffice -env:UserInstallation="file://$tmp/lo" --headless \
  --convert-to pdf --outdir "$tmp/pdf" "$tmp"/docx/*.docx \
  >"$tmp/soffice.log" 2>&1
n=$(ls "$tmp"/pdf/*.pdf 2>/dev/null | wc -l)
[ "$n" -eq "$(ls "$tmp"/docx/*.docx | wc -l)" ]
check $? "LibreOffice prints every DOCX to PDF ($n)" "$tmp/soffice.log"

# ---- phone numbers on a narrow page ----------------------------------

for site in $SITES; do
  b=$(basename "$site" .yaml)
  d=$tmp/$b
  phones "$d/$b.md" >"$d/phones"
  n=$(grep -c . "$d/phones")
  [ "$n" -ge 4 ]
  check $? "$b: the policy links $n phone numbers" "$d/phones"

  # DOCX through LibreOffice
  for v in narrow plain; do
    pdftotext -enc UTF-8 "$tmp/pdf/$b-$v.pdf" "$d/lo-$v.txt" 2>/dev/null
  done
  w=$(width_pt "$tmp/pdf/$b-narrow.pdf")
  [ "${w:-0}" -ge 278 ] && [ "${w:-0}" -le 284 ]
  check $? "$b.docx: LibreOffice prints it 3.9 inches wide (${w:-?} pt)"
  /usr/bin/python3 $PY split "$d/phones" "$d/lo-narrow.txt" >"$d/split"
  check $? "$b.docx: no phone number is split across lines" "$d/split"
  ! /usr/bin/python3 $PY split "$d/phones" "$d/lo-plain.txt" >"$d/split"
  check $? "$b.docx: control: with plain spaces and hyphens, a number splits" \
    "$d/lo-plain.txt"

  # HTML through Chromium
  with_css "$d/$b.html" "$d/narrow.html" "$NARROW_CSS"
  with_css "$d/$b.html" "$d/plain.html" \
    "$NARROW_CSS a[href^=\"tel:\"] { white-space: normal !important; }"
  for v in narrow plain; do
    chromium_pdf "$d/$v.html" "$d/ch-$v.pdf" &&
      pdftotext -enc UTF-8 "$d/ch-$v.pdf" "$d/ch-$v.txt" 2>/dev/null
  done
  w=$(width_pt "$d/ch-narrow.pdf")
  [ "${w:-0}" -ge 278 ] && [ "${w:-0}" -le 284 ]
  check $? "$b.html: Chromium prints it 3.9 inches wide (${w:-?} pt)" \
    "$tmp/chromium.log"
  /usr/bin/python3 $PY split "$d/phones" "$d/ch-narrow.txt" >"$d/split"
  check $? "$b.html: no phone number is split across lines" "$d/split"
  ! /usr/bin/python3 $PY split "$d/phones" "$d/ch-plain.txt" >"$d/split"
  check $? "$b.html: control: with tel: links that wrap, a number splits" \
    "$d/ch-narrow.txt"
done

# ---- signer blocks on short pages -------------------------------------

d=$tmp/ohio-long
awk '/^  signers:/ { on = 1; next }
     on && /^ *- name:/ { sub(/^ *- name: */, ""); n = $0; next }
     on && /^ *title:/ { sub(/^ *title: */, ""); print n "\t" $0; next }
     on && !/^    / { on = 0 }' "$OHIO" >"$d/signers"
[ "$(grep -c . "$d/signers")" -eq 3 ]
check $? "ohio-long: the site file has three signers" "$d/signers"

# pages PDF STEM: each page's text as STEM-N.txt; prints the files.
pages() {
  np=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  i=1
  while [ "$i" -le "${np:-0}" ]; do
    pdftotext -enc UTF-8 -f "$i" -l "$i" "$1" "$2-$i.txt" 2>/dev/null
    echo "$2-$i.txt"
    i=$((i + 1))
  done
}
/usr/bin/python3 $PY signers "$d/signers" \
  $(pages "$tmp/pdf/short.pdf" "$d/lo-short") >"$d/split"
check $? "ohio-long.docx: each signer's block is on one page" "$d/split"
! /usr/bin/python3 $PY signers "$d/signers" \
  $(pages "$tmp/pdf/short-plain.pdf" "$d/lo-plain") >/dev/null
check $? "ohio-long.docx: control: without keepNext/keepLines a block splits"

with_css "$d/ohio-long.html" "$d/short.html" "$SHORT_CSS"
with_css "$d/ohio-long.html" "$d/plain.html" \
  "$SHORT_CSS .signer { break-inside: auto !important; }"
for v in short plain; do
  chromium_pdf "$d/$v.html" "$d/ch-$v.pdf"
done
/usr/bin/python3 $PY signers "$d/signers" \
  $(pages "$d/ch-short.pdf" "$d/ch-short") >"$d/split"
check $? "ohio-long.html: each signer's block is on one page" "$d/split"
! /usr/bin/python3 $PY signers "$d/signers" \
  $(pages "$d/ch-plain.pdf" "$d/ch-plain") >/dev/null
check $? "ohio-long.html: control: with break-inside: auto a block splits"

# ---- dates, header ------------------------------------------------------

chromium_pdf "$d/ohio-long.html" "$d/ch.pdf"
for pdf in "$tmp/pdf/ohio-long.pdf" "$d/ch.pdf"; do
  f=$(basename "$pdf")
  pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | tr -s ' \n' '  ' >"$d/text"
  grep -q 'Effective date: January 15, 2027' "$d/text" &&
    grep -q 'Version 1.0, January 15, 2027: Adopted from the sample CSEC policy (approved by the Board of Trustees)\.' "$d/text" &&
    ! grep -q '2027-01-15' "$d/text"
  check $? "ohio-long ($f): dates read January 15, 2027, and none 2027-01-15" \
    "$d/text"
done
unzip -p "$d/ohio-long.docx" docProps/core.xml | grep -q '>2027-01-15T00:00:00Z<'
check $? "ohio-long.docx: the document properties keep 2027-01-15"

name=$(sed -n 's/^  name: //p' "$OHIO" | head -1)
pdftotext -bbox -f 1 -l 1 "$tmp/pdf/ohio-long.pdf" "$d/bbox.html" 2>/dev/null
/usr/bin/python3 $PY header "$d/bbox.html" "$name" \
  "Commercial Sexual Exploitation of Children (CSEC) Policy" >"$d/header"
check $? "ohio-long.docx: the header's long site name does not run into the title" \
  "$d/header"
