#!/bin/sh
# tests/suite/docx-edit.sh: `csecpol diff` of a DOCX that LibreOffice
# edited against the site file it came from, one "ok"/"not ok" line per
# check (tests/run.sh counts them).
#
# csecpol renders sites/oswego-ny.yaml to DOCX; LibreOffice
# (tests/suite/lo-edit.py, Python-UNO) opens it, turns on change
# tracking, changes the abuse-report phone number, and saves it as DOCX.
# Then:
#  - the diff of the site file against it shows exactly that change: its
#    output is the same as the diff against the site file with that one
#    number changed, and stderr notes as many tracked changes as
#    LibreOffice says the document held;
#  - the same DOCX with the change accepted in LibreOffice (saved again)
#    gives the identical diff, with no note;
#  - an edit of a heading made without tracking shows as that heading;
#  - every diff format takes the edited DOCX, and the DOCX LibreOffice
#    saved untouched diffs clean (exit 0) against the site file.
# The DOCX is read from standard input, so that every diff is labelled
# <stdin> and outputs compare byte for byte.
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
LO=tests/suite/lo-edit.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-docx-edit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

for tool in soffice /usr/bin/python3; do
  command -v "$tool" >/dev/null 2>&1
  check $? "$tool is installed"
done

site=sites/oswego-ny.yaml
old=1-800-342-3720 new=1-800-342-3799
# LibreOffice shows the non-breaking hyphens of a phone link as U+2011
lo_old=$(echo "$old" | sed 's/-/‑/g') lo_new=$(echo "$new" | sed 's/-/‑/g')
"$CSECPOL" render -f docx -o "$tmp/policy.docx" "$site" 2>/dev/null
check $? "csecpol renders $site to DOCX"

# The site file with the one number changed (in the state file it
# extends), in a copy of sites/ so that the diff's labels are the same.
mkdir -p "$tmp/sites/states"
cp "$site" "$tmp/sites/"
sed "s/$old/$new/" sites/states/ny.yaml >"$tmp/sites/states/ny.yaml"
! cmp -s sites/states/ny.yaml "$tmp/sites/states/ny.yaml"
check $? "the changed state file differs from sites/states/ny.yaml"

/usr/bin/python3 "$LO" "$tmp/profile" \
  track "$tmp/policy.docx" "$tmp/tracked.docx" "$lo_old" "$lo_new" \
  accept "$tmp/tracked.docx" "$tmp/accepted.docx" - - \
  edit "$tmp/policy.docx" "$tmp/heading.docx" "Training" "Staff training" \
  edit "$tmp/policy.docx" "$tmp/same.docx" "Training" "Training" \
  >"$tmp/lo.out" 2>"$tmp/lo.err"
check $? "LibreOffice edits and saves the DOCX" "$tmp/lo.err"
lo_count=$(awk -v f="$tmp/tracked.docx" '$1 == f { print $2 }' "$tmp/lo.out")
[ "${lo_count:-0}" -gt 0 ]
check $? "LibreOffice tracked the change (${lo_count:-none})" "$tmp/lo.out"

# diff_in NAME DOCX [OPTIONS]: the diff of the site file against DOCX
# read from standard input, into $tmp/NAME.out, .err and .st.
diff_in() {
  di_n=$1 di_f=$2
  shift 2
  "$CSECPOL" diff "$@" "$site" - <"$di_f" >"$tmp/$di_n.out" \
    2>"$tmp/$di_n.err"
  echo $? >"$tmp/$di_n.st"
}

diff_in tracked "$tmp/tracked.docx"
[ "$(cat "$tmp/tracked.st")" = 1 ]
check $? "the tracked edit: diff exits 1 ($(cat "$tmp/tracked.st"))" \
  "$tmp/tracked.err"
# what the diff against the site file with that one change says, its
# NEW labelled as standard input
"$CSECPOL" diff "$site" "$tmp/sites/oswego-ny.yaml" >"$tmp/want.raw" \
  2>/dev/null
st=$?
sed '3s/^+++ .*/+++ <stdin>/' "$tmp/want.raw" >"$tmp/want.out"
[ $st -eq 1 ] && grep -qx "csecpol diff: 1 changed, 0 added, 0 removed" \
  "$tmp/want.out"
check $? "the site file with the number changed is one change ($st)" \
  "$tmp/want.out"
cmp -s "$tmp/want.out" "$tmp/tracked.out"
check $? "the tracked edit shows exactly the changed phone number" \
  "$tmp/tracked.out"
grep -qF -- "[-$old-]" "$tmp/tracked.out" &&
  grep -qF -- "{+$new+}" "$tmp/tracked.out"
check $? "the diff marks $old as removed and $new as added" \
  "$tmp/tracked.out"
if [ "${lo_count:-0}" = 1 ]; then s=""; else s=s; fi
grep -qx "<stdin>: note: $lo_count tracked change$s read as accepted" \
  "$tmp/tracked.err"
check $? "the note counts the $lo_count tracked change$s LibreOffice made" \
  "$tmp/tracked.err"

diff_in accepted "$tmp/accepted.docx"
cmp -s "$tmp/tracked.out" "$tmp/accepted.out" &&
  [ "$(cat "$tmp/accepted.st")" = 1 ]
check $? "the change accepted in LibreOffice gives the identical diff" \
  "$tmp/accepted.out"
! grep -q "tracked change" "$tmp/accepted.err"
check $? "the accepted DOCX has no tracked change to note" \
  "$tmp/accepted.err"

diff_in heading "$tmp/heading.docx"
[ "$(cat "$tmp/heading.st")" = 1 ] &&
  grep -qx -- "-### Training" "$tmp/heading.out" &&
  grep -qx -- "+### Staff training" "$tmp/heading.out" &&
  [ "$(grep -c '^[-+][^-+]' "$tmp/heading.out")" = 2 ]
check $? "an untracked edit of a heading shows as that heading alone" \
  "$tmp/heading.out"

diff_in same "$tmp/same.docx"
[ "$(cat "$tmp/same.st")" = 0 ] && [ ! -s "$tmp/same.out" ]
check $? "the DOCX LibreOffice saved unchanged diffs clean" "$tmp/same.out"

for f in md html docx; do
  diff_in "fmt-$f" "$tmp/tracked.docx" -f "$f" -o "$tmp/redline.$f"
  [ "$(cat "$tmp/fmt-$f.st")" = 1 ] && [ -s "$tmp/redline.$f" ]
  check $? "diff -f $f takes the edited DOCX" "$tmp/fmt-$f.err"
done
# (LibreOffice saves the new number's end outside the hyperlink, and the
# reading keeps what the file says)
# (an old and a new text side by side: the space between goes in the marks)
grep -F -e "[-[$old]" -e "[- [$old]" "$tmp/redline.md" |
  grep -qF -- "${new#1-800-}+}"
check $? "the Markdown redline marks the number" "$tmp/redline.md"
# The DOCX redline read back: its changes accepted, it is the edited DOCX.
"$CSECPOL" diff - "$tmp/tracked.docx" <"$tmp/redline.docx" \
  >"$tmp/back.out" 2>"$tmp/back.err"
[ $? -eq 0 ] && grep -q "tracked changes\? read as accepted" "$tmp/back.err"
check $? "the DOCX redline, its changes accepted, is the edited DOCX" \
  "$tmp/back.out"
