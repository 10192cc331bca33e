#!/bin/sh
# bench/bench.sh: csecpol against docxtemplater, pandoc and cmark on the
# same documents, in the same run.  `make bench` runs it; it prints
# Markdown tables.
#
# For N synthetic sites (bench/gen-sites.sh; N from BENCH_N, default
# "10 100 1000") it times, with hyperfine:
#   csecpol batch     one process for all N sites, per format and all three
#   csecpol per site  one process per site, all three formats
#   docxtemplater     one warm Node process filling a DOCX template of the
#                     same policy for the N sites (bench/docxtpl/: the
#                     template made from a DOCX csecpol rendered, the data
#                     from what `csecpol explain` resolved for each site),
#                     timed as a whole and inside its loop; its documents
#                     are then compared with csecpol's, paragraph by
#                     paragraph, and the run stops if one differs
#   pandoc            the Markdown csecpol wrote, to HTML (-s) and to DOCX,
#                     one process per document (the first BENCH_PANDOC_MAX
#                     documents, default 100: pandoc takes a third of a
#                     second each, and a rate needs no more)
#   cmark             cmark's own binary, the same Markdown to HTML, one
#                     process per document: the floor for a process
# then one site against cmark alone (time and peak RSS, GNU time), growth
# with N and with document size (sites with 10x the resources), and
# instructions per site under callgrind when valgrind is there.
#
# Batches run in one process (-j 1) and in one process a core (-j 0).
# Before each timed run the output directory is moved aside, not
# deleted, and made again: every run writes into an empty directory, as
# a fresh checkout does, and the file system is not timed making new
# files among thousands it has just deleted (ext4 without a journal
# scans its recently deleted inodes then, and that, not csecpol, took a
# third of the time).  The 1,000-site batch is timed once more into
# /dev/shm (tmpfs), where writing costs no disk, when it is there.
#
# Environment: CSECPOL (default build/csecpol), BENCH_DIR (scratch,
# default build/bench), BENCH_N, BENCH_RUNS (hyperfine runs, default 3),
# BENCH_PANDOC_MAX, NODE_PATH (where docxtemplater and pizzip are;
# default build/npm/node_modules, where `make bench` installs them).
set -eu
: "${CSECPOL:=build/csecpol}" "${BENCH_DIR:=build/bench}"
: "${BENCH_N:=10 100 1000}" "${BENCH_RUNS:=3}" "${BENCH_PANDOC_MAX:=100}"
: "${NODE_PATH:=$(pwd)/build/npm/node_modules}"
export NODE_PATH
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
DT=$(cd bench/docxtpl && pwd)
export CSECPOL_TODAY=2026-11-23
for c in pandoc cmark hyperfine node /usr/bin/time; do
  command -v $c >/dev/null 2>&1 || {
    echo "bench: $c is missing; run 'make deps-bench' as root" >&2
    exit 1
  }
done
for m in docxtemplater pizzip; do
  [ -f "$NODE_PATH/$m/package.json" ] || {
    echo "bench: $m is not in $NODE_PATH; run 'make bench'" >&2
    exit 1
  }
done
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
W=$(cd "$BENCH_DIR" && pwd)
# fresh DIR: moves DIR aside, into a trash directory beside it, and
# makes it again, empty
cat >"$W/fresh.sh" <<'EOF'
t=$(dirname "$1")/trash
mkdir -p "$t"
[ -d "$1" ] && mv "$1" "$(mktemp -d "$t/XXXXXX")/"
mkdir "$1"
EOF
cores=$(nproc)
# docxtemplater's template, made once from csecpol's DOCX of a site with
# every list
mkdir -p "$W/docxtpl"
"$CSECPOL" render -f docx -o "$W/docxtpl/full.docx" bench/docxtpl/full-site.yaml
node "$DT/template.js" "$W/docxtpl/full.docx" "$W/docxtpl/template.docx"

# time_cmd RUNS PREPARE CMD: prints the median wall time and the mean
# CPU time (user + system) in seconds, as "WALL CPU".
time_cmd() {
  hyperfine -N --style none --runs "$1" --prepare "$2" \
    --export-csv "$W/h.csv" "$3" >/dev/null 2>"$W/h.err" || {
    cat "$W/h.err" >&2
    echo "bench: failed: $3" >&2
    exit 1
  }
  # the command may hold commas (-f md,html,docx): count from the end
  awk -F, 'NR == 2 { print $(NF - 4), $(NF - 3) + $(NF - 2) }' "$W/h.csv"
}
# time_sh RUNS PREPARE SCRIPT: the same for a shell loop.
time_sh() {
  printf '%s\n' "$3" >"$W/loop.sh"
  time_cmd "$1" "$2" "sh $W/loop.sh"
}
ms() { awk -v t="$1" 'BEGIN { printf "%.1f", t * 1000 }'; }
us_per() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", t * 1e6 / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
rss() { # peak RSS in KiB of a command
  /usr/bin/time -f '%M' -o "$W/rss" "$@" >/dev/null 2>&1 || true
  tail -1 "$W/rss"
}

echo "## csecpol benchmark"
echo
echo "- date: $(date -u +%Y-%m-%d)"
echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "- system: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r), $(df -T "$W" | awk 'NR == 2 { print $2 }') file system"
echo "- csecpol $("$CSECPOL" --version | cut -d' ' -f2) (-O2), $(pandoc --version | head -1), $(cmark --version | head -1 | cut -d' ' -f1-2), docxtemplater $(node -p 'require("docxtemplater/package.json").version') with pizzip $(node -p 'require("pizzip/package.json").version') on Node $(node --version | tr -d v)"
echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "### Documents per second"
echo
echo "| N | what | documents | wall s | CPU s | docs/s (wall) | docs/s (CPU) |"
echo "|---:|---|---:|---:|---:|---:|---:|"
# line N LABEL DOCS "WALL CPU"
line() {
  set -- "$1" "$2" "$3" ${4}
  awk -v n="$1" -v l="$2" -v d="$3" -v w="$4" -v c="$5" 'BEGIN {
    printf "| %s | %s | %d | %.3f | %.3f | %.0f | %.0f |\n", n, l, d, w, c,
      d / w, d / c }'
}
cpu() { echo "$1" | cut -d' ' -f2; }
wall() { echo "$1" | cut -d' ' -f1; }
: >"$W/ratios"
: >"$W/dtratios"
: >"$W/same"
for n in $BENCH_N; do
  d=$W/n$n
  sh bench/gen-sites.sh "$n" "$d/sites"
  mkdir -p "$d/md" "$d/docx"
  "$CSECPOL" render -f md -o "$d/md" "$d"/sites/*.yaml
  "$CSECPOL" render -f docx -o "$d/docx" "$d"/sites/*.yaml
  node "$DT/data.js" "$CSECPOL" "$d/json" "$d"/sites/*.yaml
  out=$d/out
  prep="sh $W/fresh.sh $out"
  # the batches: "-j JOBS FORMATS", timed into t_batch_FORMATS (one
  # process) or t_jbatch_FORMATS (-j 0), commas as underscores
  for b in "1 md" "1 html" "1 docx" "1 md,html,docx" "0 docx" \
    "0 md,html,docx"; do
    set -- $b
    t=$(time_cmd "$BENCH_RUNS" "$prep" \
      "$CSECPOL render -j $1 -f $2 -o $out $(echo "$d"/sites/*.yaml)")
    k=1
    [ $2 = md,html,docx ] && k=3
    if [ $1 = 1 ]; then
      line "$n" "csecpol batch, $2" $((k * n)) "$t"
      eval "t_batch_$(echo $2 | tr , _)=\$t"
    else
      line "$n" "csecpol batch -j 0 ($cores processes), $2" $((k * n)) "$t"
      eval "t_jbatch_$(echo $2 | tr , _)=\$t"
    fi
  done
  runs=$BENCH_RUNS
  [ "$n" -ge 1000 ] && runs=1
  # docxtemplater: the whole process, and its loop as it measured it
  # (the median of the runs)
  export BENCH_LOOP_LOG="$d/loop.log"
  : >"$BENCH_LOOP_LOG"
  t_dp=$(time_cmd "$runs" "sh $W/fresh.sh $d/dtpl" \
    "node $DT/fill.js $W/docxtpl/template.docx $d/json $d/dtpl")
  t_dl=$(sort -n -k2 "$BENCH_LOOP_LOG" | awk '{ l[NR] = $2 " " $3 }
    END { print l[int((NR + 1) / 2)] }')
  unset BENCH_LOOP_LOG
  line "$n" "docxtemplater, one Node process, docx" "$n" "$t_dp"
  line "$n" "docxtemplater, its loop alone, docx" "$n" "$t_dl"
  if r=$(node "$DT/compare.js" "$d/docx" "$d/dtpl"); then
    echo "| $n | $r |" >>"$W/same"
  else
    echo "$r" >&2
    echo "bench: docxtemplater's documents differ from csecpol's" >&2
    exit 1
  fi
  t=$(time_sh "$runs" "$prep" \
    "for s in $d/sites/*.yaml; do $CSECPOL render -f md,html,docx -o $out \"\$s\" || exit 1; done")
  line "$n" "csecpol, a process per site, md,html,docx" $((3 * n)) "$t"
  t=$(time_sh "$runs" "$prep" \
    "for s in $d/sites/*.yaml; do $CSECPOL render -f html -o $out \"\$s\" || exit 1; done")
  line "$n" "csecpol, a process per site, html" "$n" "$t"
  t=$(time_sh "$runs" "$prep" \
    "for m in $d/md/*.md; do cmark --to html \"\$m\" >$out/x.html || exit 1; done")
  line "$n" "cmark, a process per document, html" "$n" "$t"
  ls "$d"/md/*.md | head -n "$BENCH_PANDOC_MAX" >"$d/pandoc.list"
  np=$(wc -l <"$d/pandoc.list")
  t_ph=$(time_sh 1 "$prep" \
    "while read m; do pandoc -s --metadata pagetitle=policy -o $out/x.html \"\$m\" || exit 1; done <$d/pandoc.list")
  line "$n" "pandoc, a process per document, html -s" "$np" "$t_ph"
  t_pd=$(time_sh 1 "$prep" \
    "while read m; do pandoc -o $out/x.docx \"\$m\" || exit 1; done <$d/pandoc.list")
  line "$n" "pandoc, a process per document, docx" "$np" "$t_pd"
  awk -v n="$n" -v np="$np" -v bd="$(wall "$t_batch_docx")" \
    -v jd="$(wall "$t_jbatch_docx")" \
    -v pd="$(wall "$t_pd")" -v bh="$(wall "$t_batch_html")" \
    -v ph="$(wall "$t_ph")" -v cbd="$(cpu "$t_batch_docx")" \
    -v cpd="$(cpu "$t_pd")" -v cbh="$(cpu "$t_batch_html")" \
    -v cph="$(cpu "$t_ph")" 'BEGIN {
      printf "| %s | %.0f x | %.0f x | %.0f x | %.0f x | %.0f x |\n", n,
        (n / jd) / (np / pd), (n / bd) / (np / pd), (n / cbd) / (np / cpd),
        (n / bh) / (np / ph), (n / cbh) / (np / cph) }' >>"$W/ratios"
  awk -v n="$n" -v bd="$(wall "$t_batch_docx")" -v jd="$(wall "$t_jbatch_docx")" \
    -v cbd="$(cpu "$t_batch_docx")" -v cjd="$(cpu "$t_jbatch_docx")" \
    -v dl="$(wall "$t_dl")" -v cdl="$(cpu "$t_dl")" -v dp="$(wall "$t_dp")" \
    -v cdp="$(cpu "$t_dp")" 'BEGIN {
      printf "| %s | %.0f | %.0f | %.0f x | %.0f x | %.0f x | %.0f x | %.0f x |\n", n,
        n / dl, n / dp, dl / jd, dl / bd, cdl / cbd, dp / jd, cdp / cjd }' \
    >>"$W/dtratios"
  eval "t_dl_$n=\$t_dl t_dp_$n=\$t_dp t_pd_$n=\$t_pd np_$n=\$np"
  eval "t_jd_$n=\$t_jbatch_docx"
  eval "t_all_$n=\$(wall \"\$t_batch_md_html_docx\")"
  eval "t_jall_$n=\$(wall \"\$t_jbatch_md_html_docx\")"
  eval "bytes_$n=\$(cat \"\$d\"/md/*.md | wc -c)"
done
echo
echo "Wall time is the median of $BENCH_RUNS runs (one run for loops over"
echo "1,000 processes and for pandoc); CPU time is user + system, the"
echo "mean.  pandoc converts the first $BENCH_PANDOC_MAX documents of each"
echo "set."
echo
echo "### csecpol batch against pandoc (documents per second, ratio)"
echo
echo "| N | DOCX -j 0, wall | DOCX, wall | DOCX, CPU | HTML, wall | HTML, CPU |"
echo "|---:|---:|---:|---:|---:|---:|"
cat "$W/ratios"
echo

echo "### csecpol batch DOCX against docxtemplater (documents per second, ratio)"
echo
echo "docxtemplater fills a template of the same policy with each site's"
echo "values, in one Node process; \"loop\" is the time its own loop took (the"
echo "template read once, then for each site: its JSON read, the template"
echo "unzipped, filled, zipped and written), \"process\" the whole run"
echo "with Node's start-up.  csecpol, in its batch, also reads, checks and"
echo "resolves each site's YAML, and syncs its outputs before renaming them."
echo
echo "| N | docxtemplater docs/s, loop | docs/s, process | csecpol -j 0 / loop, wall | -j 1 / loop, wall | -j 1 / loop, CPU | -j 0 / process, wall | -j 0 / process, CPU |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
cat "$W/dtratios"
echo
echo "The same documents: what docxtemplater wrote against what csecpol"
echo "wrote, for every site (bench/docxtpl/compare.js: each paragraph's"
echo "style, list and level, text, bold and link targets; header, footer,"
echo "document properties):"
echo
echo "| N | result |"
echo "|---:|---|"
cat "$W/same"
echo

echo "### Targets, this run"
echo
# the largest N of the run that has at least 200 sites
tn=$(for n in $BENCH_N; do [ "$n" -ge 200 ] && echo "$n"; done | tail -1)
if [ -n "$tn" ]; then
  eval "dl=\$t_dl_$tn jd=\$t_jd_$tn pd=\$t_pd_$tn np=\$np_$tn ja=\$t_jall_$tn"
  echo "| target | measured (N = $tn) | met? |"
  echo "|---|---|---|"
  awk -v n="$tn" -v np="$np" -v dl="$(wall "$dl")" -v jd="$(wall "$jd")" \
    -v pd="$(wall "$pd")" -v ja="$ja" -v cores="$cores" 'BEGIN {
      c = n / jd; d = n / dl; p = np / pd
      printf "| batch DOCX (-j 0) at least 20x docxtemplater'"'"'s documents per second | %.0f x (%.0f against %.0f a second) | %s |\n", c / d, c, d, (c / d >= 20 ? "yes" : "no")
      printf "| batch DOCX (-j 0) at least 300x pandoc'"'"'s | %.0f x (%.0f against %.1f a second) | %s |\n", c / p, c, p, (c / p >= 300 ? "yes" : "no")
      if (n == 1000)
        printf "| 1,000 sites x 3 formats in under 1 s on %d cores, -j 0 | %.3f s | %s |\n", cores, ja, (ja < 1 ? "yes" : "no")
    }'
else
  echo "No N of at least 200 in this run (BENCH_N)."
fi
echo

echo "### Batch time as N grows (3 formats)"
echo
echo "| N | seconds, -j 1 | µs per site | seconds, -j 0 | µs per site | Markdown bytes per site |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $BENCH_N; do
  eval "t=\$t_all_$n; tj=\$t_jall_$n; b=\$bytes_$n"
  echo "| $n | $(awk -v t="$t" 'BEGIN { printf "%.3f", t }') | $(us_per "$n" "$t") | $(awk -v t="$tj" 'BEGIN { printf "%.3f", t }') | $(us_per "$n" "$tj") | $((b / n)) |"
done
echo

n=$(echo $BENCH_N | awk '{ print $NF }')
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  echo "### The $n-site batch, 3 formats, into tmpfs"
  echo
  echo "| run | wall s | CPU s | sites/s (wall) |"
  echo "|---|---:|---:|---:|"
  shm=$(mktemp -d /dev/shm/csecpol-bench.XXXXXX)
  for j in 1 0; do
    t=$(time_cmd "$BENCH_RUNS" "sh $W/fresh.sh $shm/out" \
      "$CSECPOL render -j $j -f md,html,docx -o $shm/out $(echo "$W/n$n"/sites/*.yaml)")
    awk -v j="$j" -v n="$n" -v w="$(wall "$t")" -v c="$(cpu "$t")" \
      'BEGIN { printf "| -j %s | %.3f | %.3f | %.0f |\n", j, w, c, n / w }'
  done
  rm -rf "$shm"
  echo
fi

echo "### Document size: the same 100 sites with 10x the resources"
echo
echo "| resources | Markdown bytes per site | batch µs per site (3 formats) | per site, one process (ms) |"
echo "|---|---:|---:|---:|"
for r in 1 10; do
  d=$W/r$r
  sh bench/gen-sites.sh -r "$r" 100 "$d/sites"
  mkdir -p "$d/md" "$d/out"
  "$CSECPOL" render -f md -o "$d/md" "$d"/sites/*.yaml
  prep="sh $W/fresh.sh $d/out"
  t=$(time_cmd "$BENCH_RUNS" "$prep" \
    "$CSECPOL render -f md,html,docx -o $d/out $(echo "$d"/sites/*.yaml)")
  t=$(wall "$t")
  t1=$(time_cmd 20 "$prep" \
    "$CSECPOL render -f md,html,docx -o $d/out $d/sites/site-0001.yaml")
  t1=$(wall "$t1")
  b=$(cat "$d"/md/*.md | wc -c)
  echo "| x$r | $((b / 100)) | $(us_per 100 "$t") | $(ms "$t1") |"
done
echo

echo "### One site, one process: csecpol against cmark"
echo
d=$W/one
sh bench/gen-sites.sh 1 "$d/sites"
mkdir -p "$d/out"
site=$d/sites/site-0001.yaml
"$CSECPOL" render -f md -o "$d/site.md" "$site"
prep="sh $W/fresh.sh $d/out"
t_c=$(wall "$(time_cmd 50 true "cmark --to html $d/site.md")")
t_md=$(wall "$(time_cmd 50 true "$CSECPOL render -f md $site")")
t_html=$(wall "$(time_cmd 50 true "$CSECPOL render -f html $site")")
t_3=$(wall "$(time_cmd 50 "$prep" "$CSECPOL render -f md,html,docx -o $d/out $site")")
t_v=$(wall "$(time_cmd 50 true "$CSECPOL --version")")
t_cv=$(wall "$(time_cmd 50 true "cmark --version")")
echo "| command | ms | x cmark | peak RSS (KiB) | x cmark |"
echo "|---|---:|---:|---:|---:|"
r_c=$(rss cmark --to html "$d/site.md")
row() { # LABEL TIME RSS
  echo "| $1 | $(ms "$2") | $(ratio "$2" "$t_c") | $3 | $(ratio "$3" "$r_c") |"
}
row "cmark --to html (the site's Markdown)" "$t_c" "$r_c"
row "cmark --version" "$t_cv" "$(rss cmark --version)"
row "csecpol render -f md" "$t_md" "$(rss "$CSECPOL" render -f md "$site")"
row "csecpol render -f html" "$t_html" "$(rss "$CSECPOL" render -f html "$site")"
row "csecpol render -f md,html,docx -o DIR" "$t_3" \
  "$(rss "$CSECPOL" render -f md,html,docx -o "$d/out" "$site")"
row "csecpol --version (loading alone)" "$t_v" "$(rss "$CSECPOL" --version)"
n=$(echo $BENCH_N | awk '{ print $NF }')
echo
echo "Peak RSS of the batch of $n sites, 3 formats:" \
  "$(rss "$CSECPOL" render -f md,html,docx -o "$W/n$n/out" $(echo "$W/n$n"/sites/*.yaml)) KiB."
echo

if command -v valgrind >/dev/null 2>&1; then
  echo "### Instructions (callgrind)"
  echo
  echo "| run | instructions | per site |"
  echo "|---|---:|---:|"
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$@" \
      >/dev/null 2>"$W/cg.err" || true
    awk '/Collected/ { print $NF }' "$W/cg.err"
  }
  i1=$(ir "$CSECPOL" render -f md,html,docx -o "$d/out" "$site")
  echo "| 1 site, 3 formats | $i1 | $i1 |"
  i0=$(ir "$CSECPOL" --version)
  echo "| csecpol --version | $i0 | |"
  ic=$(ir cmark --to html "$d/site.md")
  echo "| cmark --to html, 1 site | $ic | $ic |"
  d=$W/n100
  if [ -d "$d" ]; then
    i=$(ir "$CSECPOL" render -f md,html,docx -o "$d/out" $(echo "$d"/sites/*.yaml))
    echo "| 100 sites, 3 formats, batch | $i | $((i / 100)) |"
  fi
  echo
  if [ -d "$d" ] && command -v callgrind_annotate >/dev/null 2>&1; then
    echo "### Where a DOCX batch's instructions go (callgrind, 100 sites, -f docx)"
    echo
    i=$(ir "$CSECPOL" render -f docx -o "$d/out" $(echo "$d"/sites/*.yaml))
    callgrind_annotate --inclusive=no --threshold=100 "$W/cg.out" \
      >"$W/cg.self" 2>/dev/null
    callgrind_annotate --inclusive=yes "$W/cg.out" >"$W/cg.incl" 2>/dev/null
    echo "Self cost of each library (they add up to the whole), then the"
    echo "inclusive cost of a few functions, per document:"
    echo
    echo "| where | instructions per DOCX | share |"
    echo "|---|---:|---:|"
    awk -v t="$i" '/^ *[0-9,]+ .*\[.*\]$/ {
        n = $1; gsub(",", "", n); o = $NF; gsub(/[][]/, "", o)
        sub(/.*\//, "", o); sub(/\.so.*/, "", o); s[o] += n }
      END { for (o in s) if (s[o] * 100 >= t)
        printf "| %s (self) | %.0f | %.1f%% |\n", o, s[o] / 100, s[o] * 100 / t }' \
      "$W/cg.self" | sort -t'|' -k3 -nr
    for f in csp_policy_load csp_policy_document csp_render_docx \
      csp_docx_package zip_close deflate deflateInit2_ deflateReset \
      xmlTextWriterStartElement; do
      awk -v f="$f" -v t="$i" '{ n = $1; gsub(",", "", n) }
        index($0, ":" f " [") {
          printf "| %s (inclusive) | %.0f | %.1f%% |\n", f, n / 100, n * 100 / t
          exit }' "$W/cg.incl"
    done
    echo
  fi
fi

# the output directories moved aside between runs, now that no more
# runs are timed
find "$W" -name trash -type d -prune -exec rm -rf {} +
