#!/bin/sh
# provisions.sh: the rendered policy of each example site holds every
# phrase of tests/provisions/<site>.txt (for nj-sample, every provision of
# the sample policy) in each format: Markdown, HTML and DOCX are each read
# back to plain text by pandoc, an independent reader, and searched with
# white space folded, curly apostrophes made straight, and the
# non-breaking hyphens that keep a DOCX phone number on one line
# (w:noBreakHyphen, which pandoc reads as U+2011) made plain.
# Run from the repository root.  Environment: CSECPOL.
set -u
: "${CSECPOL:=build/csecpol}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-prov.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Folds white space to single spaces, ’ to ' and U+2011 to -, on one line.
fold() { sed "s/’/'/g; s/‑/-/g" | tr '\n\t' '  ' | tr -s ' '; }

for list in tests/provisions/*.txt; do
  site=$(basename "$list" .txt)
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
