#!/bin/sh
# provisions.sh: the sample policy's wording in every example site's
# policy, in each format: Markdown, HTML and DOCX are each read back to
# plain text by pandoc, an independent reader.
#
# 1. Every sentence of the sample (tests/data/csec-policy-sample.txt,
#    extracted by provisions.py) is in the policy word for word, or is a
#    point the site fills, listed in tests/fixtures/provisions/fill-ins.txt
#    with how the policy then reads, filled with the site's values as
#    `csecpol explain --format json` gives them.  The Purpose section
#    names no site.
# 2. The policy holds every phrase of tests/fixtures/provisions/<site>.txt: the
#    site's own facts.
# Text is compared with white space folded, curly apostrophes made
# straight, and the no-break spaces and hyphens that keep a DOCX phone
# number on one line (U+00A0; w:noBreakHyphen, which pandoc reads as
# U+2011) made plain, and the left-to-right mark of a DOCX link left out.
# Run from the repository root.  Environment: CSECPOL.
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-prov.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# Folds white space to single spaces, ’ to ' and U+2011 and U+00A0 to
# - and space, on one line, and leaves out the left-to-right mark
# (U+200E) that sets a DOCX link apart from right-to-left text.
fold() {
  sed "s/’/'/g; s/‑/-/g; s/\xc2\xa0/ /g; s/\xe2\x80\x8e//g" |
    tr '\n\t' '  ' | tr -s ' '
}

SAMPLE=tests/data/csec-policy-sample.txt
FILLS=tests/fixtures/provisions/fill-ins.txt
[ -f "$SAMPLE" ]
check $? "the sample policy is at $SAMPLE"
for site in sites/*.yaml tests/fixtures/print/ohio-long.yaml; do
  b=$(basename "$site" .yaml)
  "$CSECPOL" explain --format json "$site" >"$tmp/$b.json" 2>"$tmp/err"
  check $? "$b: explain --format json" "$tmp/err"
  for fmt in md html docx; do
    if ! "$CSECPOL" render -f "$fmt" -o "$tmp/$b.$fmt" "$site" 2>"$tmp/err"
    then
      not_ok "$b: render -f $fmt" "$tmp/err"
      continue
    fi
    case $fmt in md) from=commonmark ;; *) from=$fmt ;; esac
    pandoc -s -f "$from" -t plain --wrap=none "$tmp/$b.$fmt" \
      >"$tmp/$b.$fmt.txt" 2>"$tmp/err" || not_ok "$b.$fmt: pandoc" "$tmp/err"
    /usr/bin/python3 tests/suite/provisions.py "$SAMPLE" "$FILLS" "$b.$fmt" \
      "$tmp/$b.json" "$tmp/$b.$fmt.txt" ||
      not_ok "$b.$fmt: provisions.py exited abnormally"
  done
done

for list in tests/fixtures/provisions/*.txt; do
  site=$(basename "$list" .txt)
  [ -f "sites/$site.yaml" ] || continue # fill-ins.txt
  for fmt in md html docx; do
    if ! "$CSECPOL" render -f "$fmt" -o "$tmp/$site.$fmt" \
        "sites/$site.yaml" 2>/dev/null; then
      echo "not ok - $site: render -f $fmt"
      continue
    fi
    case $fmt in
      md) from=commonmark ;;
      *) from=$fmt ;;
    esac
    pandoc -s -f "$from" -t plain --wrap=none "$tmp/$site.$fmt" | fold \
      > "$tmp/$site.$fmt.txt"
    missing=0
    while IFS= read -r phrase; do
      case $phrase in '#'* | '') continue ;; esac
      want=$(printf '%s\n' "$phrase" | fold | sed 's/ $//')
      if ! grep -qF -- "$want" "$tmp/$site.$fmt.txt"; then
        echo "not ok - $site.$fmt holds \"$want\""
        missing=$((missing + 1))
      fi
    done < "$list"
    [ "$missing" -eq 0 ] &&
      echo "ok - $site.$fmt holds every phrase of $list"
  done
done
