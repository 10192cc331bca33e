#!/bin/sh
# tests/suite/bidi.sh: a phone number after a name in Arabic or Hebrew
# is shown as it is dialled, not reversed, in the HTML (printed by
# headless Chromium) and the DOCX (printed by LibreOffice): each number
# of tests/fixtures/print/rtl.yaml is found in the text of the PDF in its own
# order, "(419) 244-7100", and never as "7100-244 (419)", reading the
# words of each line in the order they stand on the page.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-bidi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in chromium libreoffice pdftotext; do
  if ! command -v $tool >/dev/null 2>&1; then
    not_ok "$tool is installed"
    exit 0
  fi
done

site=tests/fixtures/print/rtl.yaml
"$CSECPOL" render -f html -o "$tmp/p.html" "$site" 2>"$tmp/err" &&
  "$CSECPOL" render -f docx -o "$tmp/p.docx" "$site" 2>>"$tmp/err"
check $? "the site with Arabic and Hebrew names renders" "$tmp/err"

prof=$(mktemp -d "$tmp/chromium.XXXXXX")
timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$prof" \
  --no-pdf-header-footer --print-to-pdf="$tmp/html.pdf" "file://$tmp/p.html" \
  >/dev/null 2>&1
timeout 180 libreoffice --headless -env:UserInstallation="file://$tmp/lo" \
  --convert-to pdf --outdir "$tmp" "$tmp/p.docx" >/dev/null 2>&1
mv "$tmp/p.pdf" "$tmp/docx.pdf" 2>/dev/null

# The words of a PDF line by line in the order they stand on the page,
# left to right (pdftotext -bbox gives each word's box; its plain text
# puts right-to-left runs in reading order instead), without the
# directional marks a PDF may carry.
text() {
  pdftotext -bbox -enc UTF-8 "$1" - 2>/dev/null | /usr/bin/python3 -c '
import re, sys, html
for page in sys.stdin.read().split("<page ")[1:]:
    lines = {}
    for m in re.finditer(r"<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\"[^>]*>([^<]*)</word>",
                         page):
        x, y, w = float(m.group(1)), float(m.group(2)), html.unescape(m.group(3))
        w = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", w)
        lines.setdefault(round(y / 4), []).append((x, w))
    for y in sorted(lines):
        print(" ".join(w for x, w in sorted(lines[y])))
'
}

for f in html docx; do
  if [ ! -s "$tmp/$f.pdf" ]; then
    not_ok "$f: printed to PDF"
    continue
  fi
  # spaces left out: a w:noBreakHyphen is a word of its own to pdftotext
  text "$tmp/$f.pdf" | tr -d ' ' >"$tmp/$f.txt"
  for n in "(315)592-4453" "(419)244-7100"; do
    grep -qF "$n" "$tmp/$f.txt"
    check $? "$f: $n reads as dialled" "$tmp/$f.txt"
  done
  ! grep -qE '4453-592|7100-244' "$tmp/$f.txt"
  check $? "$f: no number reversed" "$tmp/$f.txt"
done
