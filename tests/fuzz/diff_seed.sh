#!/bin/sh
# diff_seed.sh DIR: the seed corpus of fuzz_diff, made into DIR: pairs
# "OLD<0x1E>NEW" of the Markdown renders the CLI cases keep (the two
# example sites against each other and against the Markdown redlines),
# each example against itself with one list item changed, and small
# pairs of each kind of block and inline change.  Run from the
# repository root.
set -eu
dir=$1
mkdir -p "$dir"
rs=$(printf '\036')
pair() { # NAME OLD-FILE NEW-FILE
  { cat "$2"; printf '%s' "$rs"; cat "$3"; } >"$dir/$1"
}
text() { # NAME OLD-TEXT NEW-TEXT (printf formats)
  { printf "$2"; printf '%s' "$rs"; printf "$3"; } >"$dir/$1"
}
nj=tests/cli/render-nj-md/stdout
ny=tests/cli/render-oswego-md/stdout
pair nj-ny "$nj" "$ny"
pair ny-nj "$ny" "$nj"
pair ny-ny "$ny" "$ny"
pair ny-redline "$ny" tests/cli/diff-md/stdout
pair redline-words tests/cli/diff-md/stdout tests/cli/diff-md-words/stdout
sed 's/^\(  - .*\)[0-9]$/\1 and more/' "$ny" >"$dir/.ny-changed"
pair ny-item "$ny" "$dir/.ny-changed"
rm -f "$dir/.ny-changed"
text words 'a b c d\n' 'a x c y d\n'
text list '# T\n\n- one\n- two\n  - nested\n- three\n' \
  '# T\n\n- one\n- three\n- four\n'
text ordered '1. a\n2. b\n\n3) c\n' '1. a\n2. x\n3. b\n'
text quote '> a b\n> c\n\ntext\n' '> a c\n\n> d\n'
text code '```\ncode\n```\n\n    indented\n' '```\ncode 2\n```\n\n***\n'
text emphasis '*a* **b** _c_ `d`\n' 'a **b c** `d e`\n'
text links 'Call [1-888-373-7888](tel:+18883737888) now.\n' \
  'Call [1-888-373-7999](tel:+18883737999) now.\n'
text breaks 'a  \nb\\\nc\nd\n' 'a\nb  \nc\n'
text marks 'call {+ 1-800-FAKE +} and [-x-]\n' 'call {+ 1-800-FAKE +} and [-y-]\n'
text deep '*a **b *c **d** c* b** a*\n' '_a __b _c __e__ c_ b__ a_\n'
text html 'a <b>c</b> d\n' 'a <!-- x --> d\n'
