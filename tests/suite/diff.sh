#!/bin/sh
# tests/suite/diff.sh: `csecpol diff -f docx` and `-f html` end to end,
# one "ok"/"not ok" line per check (tests/run.sh counts them).
#
# For each version pair of tests/fixtures/diff/ (base.yaml against a
# changed phone number, a person added, a resource removed, and a
# reworded template paragraph with a person added): the tracked-changes
# DOCX renders;
# word/document.xml is valid against the ISO/IEC 29500 schema and holds
# w:ins/w:del runs (w:delText for deleted text) by the --author given,
# dated with NEW's effective date; every word/*.xml part validates;
#  - LibreOffice, through the same command as Edit > Track Changes >
#    Accept All (Reject All), turns it into exactly the text of NEW's
#    (OLD's) own DOCX render (tests/suite/lo-changes.py, Python-UNO);
#  - pandoc --track-changes=accept (reject) reads the same words as
#    pandoc reads from NEW's (OLD's) Markdown render.  pandoc 2.x keeps
#    a list item whose paragraph mark is a tracked change as an empty
#    item (Word and LibreOffice remove it, as checked above), so empty
#    list items are dropped from pandoc's text before comparing.
# Then the HTML redline passes the Nu Html Checker, identical inputs
# give a DOCX with no tracked change, and exit statuses are 1 and 0.
# Last, the redline as a reader sees it: the HTML summary box has the
# page's edges (Chromium, two widths), and an old and a new phone number
# side by side are apart in print (the HTML redline through Chromium, the
# DOCX one through LibreOffice, both read back with pdftotext).  And at
# scale: two 1 MiB Markdown files against each other, within 600 MB of
# address space and 60 s each, their times printed as comments.
#
# Run from the repository root.  Environment: CSECPOL (the binary),
# VNU_JAR (the Nu Html Checker's vnu.jar).
set -u
: "${CSECPOL:=build/csecpol}" "${VNU_JAR:=build/npm/node_modules/vnu-jar/build/dist/vnu.jar}"
XSD=tests/data/ooxml-xsd
WML=$XSD/ISO-IEC29500-4_2016/wml.xsd
LO=tests/suite/lo-changes.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in xmllint unzip pandoc soffice /usr/bin/python3; do
  command -v "$tool" >/dev/null 2>&1
  check $? "$tool is installed"
done
/usr/bin/python3 -c 'import uno' 2>"$tmp/uno.log"
check $? "the Python-UNO bridge (python3-uno) is installed" "$tmp/uno.log"
[ -f "$WML" ]
check $? "schema $WML is present"

# words: standard input as one word a line, pandoc's U+2011 and U+00A0
# (the non-breaking hyphens and spaces of phone numbers) as "-" and " ",
# empty list items out.
words() {
  sed -e 's/‑/-/g' -e 's/\xc2\xa0/ /g' \
      -e 's/\xe2\x80\x8e//g' \
      -e '/^[[:space:]]*[-*+][[:space:]]*$/d' |
    tr -s '[:space:]' '\n'
}

# The reworded template: one paragraph of the built-in one changed.
sed 's/All direct service staff will be trained on understanding the basics of CSEC/All staff and volunteers will be trained on the basics of CSEC/' \
  templates/csec-policy.md >"$tmp/reworded.md"
! cmp -s templates/csec-policy.md "$tmp/reworded.md"
check $? "the reworded template differs from the built-in one"

base=tests/fixtures/diff/base.yaml
"$CSECPOL" render -f docx -o "$tmp/base.docx" "$base" 2>/dev/null
"$CSECPOL" render -f md -o "$tmp/base.md" "$base" 2>/dev/null
lo_jobs=""
for pair in phone person-added resource-removed template:person-added; do
  case $pair in
  template:*)
    new=tests/fixtures/diff/${pair#template:}.yaml stem=template
    topt="--new-template $tmp/reworded.md" ropt="-t $tmp/reworded.md" ;;
  *) new=tests/fixtures/diff/$pair.yaml stem=$pair topt="" ropt="" ;;
  esac
  d=$tmp/$stem
  mkdir -p "$d/x"
  # shellcheck disable=SC2086
  "$CSECPOL" diff -f docx $topt --author "Pat Reviewer" -o "$d/diff.docx" \
    "$base" "$new" 2>"$d/err"
  st=$?
  [ "$st" -eq 1 ] && [ -s "$d/diff.docx" ]
  check $? "$stem: diff -f docx writes the redline and exits 1 ($st)" "$d/err"
  # shellcheck disable=SC2086
  "$CSECPOL" render -f docx $ropt -o "$d/new.docx" "$new" 2>/dev/null
  # shellcheck disable=SC2086
  "$CSECPOL" render -f md $ropt -o "$d/new.md" "$new" 2>/dev/null
  unzip -q -o "$d/diff.docx" -d "$d/x" 2>/dev/null
  doc=$d/x/word/document.xml
  bad=""
  for part in "$d"/x/word/*.xml; do
    xmllint --noout --nonet --schema "$WML" "$part" >"$d/xsd.log" 2>&1 ||
      bad="$bad $(basename "$part")"
  done
  [ -f "$doc" ] && [ -z "$bad" ]
  check $? "$stem: every word/*.xml part is valid against wml.xsd${bad:+ (not:$bad)}" \
    "$d/xsd.log"
  grep -q '<w:\(ins\|del\) w:id="[0-9]*" w:author="Pat Reviewer[^"]*" w:date="2026-12-01T00:00:00Z"' "$doc" &&
    ! grep -q '<w:\(ins\|del\) [^>]*w:author="csecpol' "$doc"
  check $? "$stem: changes are by the --author, dated NEW's effective date"
  case $stem in
  person-added | template)
    grep -q '<w:pPr>.*<w:rPr><w:ins [^>]*/></w:rPr></w:pPr>' "$doc"
    check $? "$stem: the added item's paragraph mark is an insertion" ;;
  resource-removed)
    grep -q '<w:rPr><w:del [^>]*/></w:rPr></w:pPr>' "$doc" &&
      grep -q '<w:delText' "$doc"
    check $? "$stem: the removed item's paragraph mark and text are deletions" ;;
  phone)
    grep -q '<w:del [^>]*><w:r>.*<w:delText>4453</w:delText>' "$doc"
    check $? "$stem: the old number is w:delText in a w:del" ;;
  esac
  if [ "$stem" = template ]; then
    grep -q 'w:author="Pat Reviewer (template)"' "$doc" &&
      grep -q 'w:author="Pat Reviewer (site file)"' "$doc"
    check $? "$stem: template and site changes have their own authors"
  fi

  # pandoc: accept spells NEW, reject spells OLD.
  pandoc -f commonmark -t plain --wrap=none "$d/new.md" | words >"$d/new.words"
  pandoc -f commonmark -t plain --wrap=none "$tmp/base.md" | words >"$d/old.words"
  for m in accept reject; do
    want=$d/new.words
    [ $m = reject ] && want=$d/old.words
    pandoc -f docx --track-changes=$m -t plain --wrap=none -s \
      "$d/diff.docx" 2>"$d/pandoc.log" | words >"$d/$m.words"
    diff "$want" "$d/$m.words" >"$d/$m.diff"
    st=$?
    [ -s "$want" ] && [ "$st" -eq 0 ]
    check $? "$stem: pandoc --track-changes=$m reads $( [ $m = accept ] && echo NEW || echo OLD)'s words" \
      "$d/$m.diff"
  done
  lo_jobs="$lo_jobs accept $d/diff.docx $d/accept.txt reject $d/diff.docx $d/reject.txt none $d/new.docx $d/new.txt"
done

# LibreOffice: Accept All gives NEW's text, Reject All OLD's, exactly.
# Old for the template pair is base.yaml with the built-in template.
timeout 600 /usr/bin/python3 "$LO" "$tmp/lo" none "$tmp/base.docx" \
  "$tmp/base.txt" $lo_jobs >"$tmp/lo.out" 2>"$tmp/lo.err"
check $? "LibreOffice opens every redline and saves its text" "$tmp/lo.err"
for stem in phone person-added resource-removed template; do
  d=$tmp/$stem
  n=$(grep -F "$d/diff.docx" "$tmp/lo.out" | head -1 | awk '{ print $2 }')
  [ "${n:-0}" -ge 1 ]
  check $? "$stem: LibreOffice lists ${n:-0} tracked change(s)" "$tmp/lo.out"
  cmp -s "$d/accept.txt" "$d/new.txt" && [ -s "$d/new.txt" ]
  check $? "$stem: LibreOffice's Accept All gives exactly NEW's text"
  cmp -s "$d/reject.txt" "$tmp/base.txt" && [ -s "$tmp/base.txt" ]
  check $? "$stem: LibreOffice's Reject All gives exactly OLD's text"
done

# Identical inputs: exit 0, a DOCX with no tracked change.
"$CSECPOL" diff -f docx -o "$tmp/same.docx" "$base" \
  tests/fixtures/diff/copy.yaml 2>/dev/null
st=$?
unzip -p "$tmp/same.docx" word/document.xml 2>/dev/null >"$tmp/same.xml"
[ "$st" -eq 0 ] && [ -s "$tmp/same.xml" ] &&
  ! grep -q -e '<w:ins' -e '<w:del' "$tmp/same.xml"
check $? "identical inputs: exit 0 ($st) and a DOCX with no tracked change"

# The HTML redline is valid HTML.
"$CSECPOL" diff -f html --new-template "$tmp/reworded.md" -o "$tmp/diff.html" \
  "$base" tests/fixtures/diff/resource-removed.yaml 2>/dev/null
if [ -f "$VNU_JAR" ] && command -v java >/dev/null 2>&1; then
  java -jar "$VNU_JAR" --errors-only "$tmp/diff.html" >"$tmp/vnu.log" 2>&1
  check $? "the HTML redline passes the Nu Html Checker" "$tmp/vnu.log"
else
  not_ok "the Nu Html Checker ($VNU_JAR) and java are installed"
fi
grep -q '<section class="diff-summary"' "$tmp/diff.html" &&
  grep -q '<del class="site">' "$tmp/diff.html" &&
  grep -q '<ins class="template">' "$tmp/diff.html"
check $? "the HTML redline has the summary and changes marked by source"

# ---- the redline as a reader sees it -----------------------------------
# The summary box lines up with the page: in a frame 1280 and 360 px wide
# (a probe page puts the left and right edges of .diff-summary and of
# .policy into its title), the two boxes have the same edges.
edges_probe() { # $1 page, $2 width in CSS pixels
  cat >"$tmp/probe.html" <<PROBE
<!doctype html><html><head><title>probe</title></head><body style="margin:0">
<iframe id="f" src="file://$1" width="$2" height="800" style="border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument;
  var s = d.querySelector(".diff-summary").getBoundingClientRect();
  var p = d.querySelector(".policy").getBoundingClientRect();
  document.title = "E=" + Math.round(s.left) + "," + Math.round(s.right) +
    "/" + Math.round(p.left) + "," + Math.round(p.right);
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
    sed -n 's|.*<title>E=\([0-9-]*,[0-9-]*\)/\([0-9-]*,[0-9-]*\)</title>.*|\1 \2|p'
}
"$CSECPOL" diff -f html -o "$tmp/phone.html" "$base" \
  tests/fixtures/diff/phone.yaml 2>/dev/null
"$CSECPOL" diff -f docx -o "$tmp/phone.docx" "$base" \
  tests/fixtures/diff/phone.yaml 2>/dev/null
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
then
  for w in 1280 360; do
    set -- $(edges_probe "$tmp/phone.html" "$w")
    [ $# -eq 2 ] && [ "$1" = "$2" ]
    check $? "the summary box lines up with the page at $w px (summary ${1:-?}, page ${2:-?})"
  done
  # An old and a new number side by side are apart in print.
  prof=$(mktemp -d "$tmp/chromium.XXXXXX")
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --no-pdf-header-footer --print-to-pdf="$tmp/phone.pdf" \
    "file://$tmp/phone.html" >/dev/null 2>&1
  pdftotext "$tmp/phone.pdf" - 2>/dev/null | tr -s '[:space:]' ' ' |
    grep -q '592-4453 (315) 592-4460'
  check $? "HTML redline in print: the old and the new number are apart"
else
  not_ok "chromium and pdftotext are installed"
fi
timeout 300 soffice --headless -env:UserInstallation="file://$tmp/lo-pdf" \
  --convert-to pdf --outdir "$tmp/lo-out" "$tmp/phone.docx" \
  >"$tmp/lo-pdf.log" 2>&1
pdftotext "$tmp/lo-out/phone.pdf" - 2>/dev/null | tr -s '[:space:]' ' ' |
  grep -q '592-4453 (315) 592-4460'
check $? "DOCX redline through LibreOffice: the old and the new number are apart" \
  "$tmp/lo-pdf.log"

# ---- scale --------------------------------------------------------------
# Up to 1 MiB each, made here: 262144 one-word headings against as many
# others (nothing in common); 100000 distinct headings against a copy
# with every 1000th one replaced (a middle far past CSP_MAX_DIFF_CELLS,
# aligned in linear space); one paragraph of unrelated words against
# another; and 170 paragraphs of 1000 words against 170 others of the
# same words (the pairing of a gap, within CSP_MAX_DIFF_PAIR_CELLS; the
# old code took minutes).  The text format in 600 MB of address space
# (the old code took 697 MB for the first) and 60 s, and a redline
# format or two each (every one at least once) within 60 s.
awk 'BEGIN { for (i = 0; i < 262144; i++) print "# a" }' >"$tmp/s-a.md"
awk 'BEGIN { for (i = 0; i < 262144; i++) print "# b" }' >"$tmp/s-b.md"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "# w%d\n", i }' >"$tmp/s-h.md"
awk 'BEGIN { for (i = 0; i < 100000; i++)
               printf "# %s%d\n", i % 1000 == 500 ? "x" : "w", i }' >"$tmp/s-i.md"
for s in 1 7; do
  awk -v s=$s 'BEGIN { x = s; n = 0
    while (n < 1040000) {
      x = (x * 1103 + 12345) % 65536; w = (s == 1 ? "u" : "v") x
      printf "%s ", w; n += length(w) + 1
    }
    print "" }' >"$tmp/s-t$s.md"
  awk -v s=$s 'BEGIN { x = s
    for (p = 0; p < 170; p++) {
      for (i = 0; i < 1000; i++) {
        x = (x * 1103 + 12345) % 65536; printf "v%d ", x % 3000
      }
      printf "\n\n"
    } }' >"$tmp/s-p$s.md"
done
now() { date +%s.%N; }
for pair in "headings:s-a s-b:docx:262144 added, 262144 removed" \
            "replaced:s-h s-i:html:100 added, 100 removed" \
            "texts:s-t1 s-t7:md:1 added, 1 removed" \
            "paragraphs:s-p1 s-p7:md html:170 added, 170 removed"; do
  name=${pair%%:*} rest=${pair#*:}
  files=${rest%%:*} rest=${rest#*:}
  formats=${rest%%:*} want=${rest#*:}
  set -- $files
  t0=$(now)
  (ulimit -v 600000
   timeout 60 "$CSECPOL" diff "$tmp/$1.md" "$tmp/$2.md" >"$tmp/s.out" \
     2>"$tmp/s.err")
  st=$?
  t1=$(now)
  [ "$st" -eq 1 ] && head -1 "$tmp/s.out" | grep -q "0 changed, $want"
  check $? "scale, $name: the text diff in 600 MB and 60 s ($st; $(head -1 "$tmp/s.out"))" "$tmp/s.err"
  echo "# $name: text $(echo "$t1 - $t0" | bc) s"
  for f in $formats; do
    t0=$(now)
    timeout 60 "$CSECPOL" diff -f $f -o "$tmp/s.$f" "$tmp/$1.md" "$tmp/$2.md" \
      2>"$tmp/s.err"
    st=$?
    t1=$(now)
    [ "$st" -eq 1 ] && [ -s "$tmp/s.$f" ]
    check $? "scale, $name: the $f redline within 60 s ($st)" "$tmp/s.err"
    echo "# $name: $f $(echo "$t1 - $t0" | bc) s"
  done
done
