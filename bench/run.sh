#!/usr/bin/env bash
# make bench: wikinorm's speed and peak memory against peers and floors,
# on the same bytes, in the same run. The method is in bench/README.md.
#
# Environment:
#   WN_BUILD=DIR      build directory holding wikinorm and libwikinorm.a (build)
#   BENCH_RUNS=N      timed runs per row, median reported (5; at least 1)
#   BENCH_WARMUP=0    skip the untimed warm-up run of each row (1)
#   BENCH_QUICK=1     one copy of the corpus as the dump (~37 MB) instead of >= 256 MiB
#   BENCH_PEERS=0     skip the peers (mwparserfromhell, wtf_wikipedia, wikiparser-node)
#   BENCH_ONLY=REGEX  only the rows whose id matches (ids: see the table's first column)
#   BENCH_CORPUS=DIR  corpus folder with articles/ (../shared/corpus, else fixtures/corpus)
#   BENCH_OUT=FILE    results file (bench/results/latest.md; quick.md with BENCH_QUICK=1)
#   BENCH_COMMIT=REV  the commit WN_BUILD was built from, when not the work tree's
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

BUILD=${WN_BUILD:-build}
RUNS=${BENCH_RUNS:-5}
WARMUP=${BENCH_WARMUP:-1}
QUICK=${BENCH_QUICK:-0}
PEERS=${BENCH_PEERS:-1}
ONLY=${BENCH_ONLY:-}
WORK=bench/work
BIN=$WORK/bin
PY=/usr/bin/python3
DUMP_MIN=$((256 * 1024 * 1024))
if [ "$QUICK" = 1 ]; then
  DUMP=$WORK/dump-quick.xml
  DUMP_MIN=1
  OUT=${BENCH_OUT:-bench/results/quick.md}
else
  DUMP=$WORK/dump.xml
  OUT=${BENCH_OUT:-bench/results/latest.md}
fi
case $RUNS in '' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive integer" >&2; exit 2 ;; esac

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

# ---------------------------------------------------------------- corpus
NOTES=()
CORPUS=${BENCH_CORPUS:-}
if [ -z "$CORPUS" ]; then
  if [ -d ../shared/corpus/articles ]; then
    CORPUS=../shared/corpus
  elif [ -d fixtures/corpus/articles ] || [ -d fixtures/corpus ]; then
    CORPUS=fixtures/corpus
    say "../shared/corpus is absent: using the bundled sample fixtures/corpus (smaller; figures are not comparable to a full run)"
    NOTES+=("Corpus: ../shared/corpus was absent; the bundled sample fixtures/corpus was used.")
  else
    die "no corpus: neither ../shared/corpus nor fixtures/corpus exists (or set BENCH_CORPUS=DIR)"
  fi
fi
ARTDIR=$CORPUS/articles
[ -d "$ARTDIR" ] || ARTDIR=$CORPUS
mapfile -t SRC_FILES < <(find "$ARTDIR" -maxdepth 1 -type f \( -name '*.wiki' -o -name '*.txt' \) | LC_ALL=C sort)
[ "${#SRC_FILES[@]}" -gt 0 ] || die "no *.wiki or *.txt article in $ARTDIR"

# ---------------------------------------------------------------- inputs
# Built once into bench/work and reused while the corpus is the same.
mkdir -p "$WORK" "$BIN" bench/results
stamp=$(printf '%s\n' "$ARTDIR" "${#SRC_FILES[@]}" && cat "${SRC_FILES[@]}" | cksum)
if [ ! -f "$WORK/inputs.stamp" ] || [ "$(cat "$WORK/inputs.stamp")" != "$stamp" ] ||
   [ ! -d "$WORK/articles" ] || [ ! -f "$WORK/articles.wiki" ]; then
  say "building inputs from $ARTDIR (${#SRC_FILES[@]} articles)"
  rm -rf "$WORK/articles" "$WORK/articles.wiki" "$WORK"/dump*.xml "$WORK/inputs.stamp"
  mkdir -p "$WORK/articles"
  cp -- "${SRC_FILES[@]}" "$WORK/articles/" || die "cannot copy the articles"
  printf '%s\n' "$stamp" > "$WORK/inputs.stamp"
fi
mapfile -t ARTS < <(find "$WORK/articles" -maxdepth 1 -type f | LC_ALL=C sort)
[ -f "$WORK/articles.wiki" ] || cat -- "${ARTS[@]}" > "$WORK/articles.wiki"
if [ ! -f "$DUMP" ]; then
  say "building $DUMP (at least $DUMP_MIN bytes)"
  manifest=-
  [ -f "$CORPUS/MANIFEST.tsv" ] && manifest=$CORPUS/MANIFEST.tsv
  $PY bench/mkdump.py "$manifest" "$DUMP" "$DUMP_MIN" "${ARTS[@]}" >&2 || die "cannot build $DUMP"
fi
# The one-copy dump also serves the full run: peak RSS on both sizes shows
# whether memory stays flat as the dump grows.
SMALL=$WORK/dump-quick.xml
if [ ! -f "$SMALL" ]; then
  $PY bench/mkdump.py "${manifest:-$CORPUS/MANIFEST.tsv}" "$SMALL" 1 "${ARTS[@]}" >&2 || die "cannot build $SMALL"
fi
ART_BYTES=$(cat -- "${ARTS[@]}" | wc -c)
DUMP_BYTES=$(wc -c < "$DUMP")
DUMP_PAGES=$(grep -c '<page>' "$DUMP")

# ---------------------------------------------------------------- drivers
WN=$BUILD/wikinorm
LIB=$BUILD/libwikinorm.a
if [ ! -x "$WN" ] || [ ! -f "$LIB" ]; then
  die "$WN or $LIB missing: run 'make bench' (or make BUILD=$BUILD all)"
fi
PKGS="libxml-2.0 libcjson libutf8proc zlib opencc"
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || die "pkg-config $PKGS failed"
PKG_LIBS="$(pkg-config --libs $PKGS) -lbz2 -lpthread -lm"
CC=${CC:-cc}
DCFLAGS="-std=c11 -O2 -g -Wall -Wextra -D_GNU_SOURCE"
$CC $DCFLAGS -o "$BIN/runstat" bench/runstat.c || die "cannot build runstat"
$CC $DCFLAGS -o "$BIN/memchr_floor" bench/memchr_floor.c || die "cannot build memchr_floor"
# shellcheck disable=SC2046 # pkg-config output is a list of flags
$CC $DCFLAGS $(pkg-config --cflags libxml-2.0) -o "$BIN/sax_floor" bench/sax_floor.c \
  $(pkg-config --libs libxml-2.0) || die "cannot build sax_floor"
# shellcheck disable=SC2086
$CC $DCFLAGS -Iinclude $PKG_CFLAGS -o "$BIN/tok_bench" bench/tok_bench.c "$LIB" $PKG_LIBS ||
  die "cannot build tok_bench against $LIB"

# ---------------------------------------------------------------- peers
HAVE_NODE=0
if [ "$PEERS" = 1 ]; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d bench/node_modules/wtf_wikipedia ] || [ ! -d bench/node_modules/wikiparser-node ]; then
      say "installing the npm peers into bench/node_modules"
      (cd bench && npm install --no-audit --no-fund --loglevel=error >&2) || say "npm install failed: the npm peers are skipped"
    fi
    [ -d bench/node_modules/wtf_wikipedia ] && [ -d bench/node_modules/wikiparser-node ] && HAVE_NODE=1
  else
    say "node/npm not found: wtf_wikipedia and wikiparser-node are skipped"
  fi
  [ "$HAVE_NODE" = 1 ] || NOTES+=("wtf_wikipedia and wikiparser-node were skipped (node, npm or the npm install missing).")
  if ! $PY -c 'import mwparserfromhell' 2>/dev/null; then
    say "mwparserfromhell not importable by $PY: skipped (apt-get install python3-mwparserfromhell)"
    NOTES+=("mwparserfromhell was skipped (python3-mwparserfromhell missing).")
  fi
fi
npm_version() { node -p "require('./bench/node_modules/$1/package.json').version" 2>/dev/null || echo '?'; }

# ---------------------------------------------------------------- sanity
# Figures of a stage that does no work are meaningless: say so beside the
# targets. (The stages were stubs while the harness was written.)
SANITY=()
first_tpl=$(grep -l '{{' "${ARTS[@]}" 2>/dev/null | head -1)
if [ -n "$first_tpl" ]; then
  "$BIN/tok_bench" --passes 1 "$first_tpl" > "$TMP/sanity" 2>/dev/null
  grep -q 'templates=0 ' "$TMP/sanity" &&
    SANITY+=("The tokenizer found no template in $first_tpl: it looks like a stub, so the tokenizer and parse figures are not meaningful.")
  "$WN" parse -f jsonl "$first_tpl" > "$TMP/sanity" 2>/dev/null
  grep -q '"type": *"template"' "$TMP/sanity" ||
    SANITY+=("\`wikinorm parse\` printed no node for $first_tpl: a stub?")
fi
# The corpus holds no infobox of the embedded mappings (spaceflight), so
# the normalize rows measure the reader and the infobox gate; check on a
# seed that the normalizer does exist.
seed=fixtures/seeds/000_soyuz-ms-02.zh.txt
if [ -f "$seed" ]; then
  "$WN" -f jsonl --jobs 1 "$seed" > "$TMP/sanity" 2>/dev/null
  [ -s "$TMP/sanity" ] ||
    SANITY+=("The default normalize wrote no record for $seed: it looks like a stub, so its figures are not meaningful.")
fi
records=$("$WN" -f jsonl --jobs 1 "${ARTS[@]}" 2>/dev/null | wc -l)
head -c 1000000 "$DUMP" > "$TMP/dump-head.xml"
"$WN" parse -f jsonl --jobs 1 "$TMP/dump-head.xml" > "$TMP/sanity" 2>/dev/null
docs=$(wc -l < "$TMP/sanity")
[ "$docs" -le 1 ] &&
  SANITY+=("\`wikinorm parse\` read the first MB of the dump as $docs document(s), not page by page: the XML reader looks absent, so the dump figures are not meaningful.")
for n in "${SANITY[@]}"; do say "warning: $n"; done

# ---------------------------------------------------------------- measuring
ROWS=()           # ids in order
declare -A TOOL INPUT MED MIN MAX CMED RSS NOTE STATUS

# measure ID TOOL INPUT BYTES MODE CMD...
#   MODE wall: stdout to /dev/null, MB/s = BYTES / wall time of the process
#   MODE summary: like wall, but stdout kept; its last line goes into the notes
#   MODE self: the command prints MBps=<x>; that is the run's figure
measure() {
  local id=$1 tool=$2 input=$3 bytes=$4 mode=$5
  shift 5
  if [ -n "$ONLY" ] && ! [[ $id =~ $ONLY ]]; then return; fi
  local shown="$*"
  [ $# -gt 8 ] && shown="${*:1:6} … ($(($# - 6)) more arguments)"
  say "$id: $shown (${RUNS} runs)"
  local vals=() cvals=() rss=0 worst=0 r wall kib code cpu out
  local total=$RUNS
  [ "$WARMUP" = 1 ] && total=$((RUNS + 1))
  for ((r = 0; r < total; r++)); do
    out=/dev/null
    [ "$mode" != wall ] && out=$TMP/out
    "$BIN/runstat" "$TMP/stat" "$@" > "$out" 2> "$TMP/err" < /dev/null
    read -r wall kib code cpu < "$TMP/stat" || { wall=0 kib=0 code=127 cpu=0; }
    [ "$code" != 0 ] && worst=$code
    [ "$kib" -gt "$rss" ] && rss=$kib
    [ "$WARMUP" = 1 ] && [ "$r" = 0 ] && continue
    if [ "$mode" = self ]; then
      vals+=("$(sed -n 's/^MBps=\([0-9.]*\).*/\1/p' "$TMP/out" | head -1)")
      cvals+=("$(sed -n 's/.*cpuMBps=\([0-9.]*\).*/\1/p' "$TMP/out" | head -1)")
    else
      vals+=("$(awk -v b="$bytes" -v w="$wall" 'BEGIN { printf "%.3f", (w > 0 ? b / w / 1e6 : 0) }')")
      cvals+=("$(awk -v b="$bytes" -v w="$cpu" 'BEGIN { printf "%.3f", (w > 0 ? b / w / 1e6 : 0) }')")
    fi
  done
  ROWS+=("$id")
  TOOL[$id]=$tool INPUT[$id]=$input
  read -r MED[$id] MIN[$id] MAX[$id] <<< "$(stats "${vals[@]}")"
  read -r CMED[$id] _ _ <<< "$(stats "${cvals[@]}")"
  RSS[$id]=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
  local note=""
  [ "$mode" != wall ] && note=$(tail -1 "$TMP/out" | sed 's/cpuMBps=[0-9.]* //; s/MBps=[0-9.]* //; s/secs=[0-9.]* //')
  if [ "$worst" != 0 ]; then
    note="exit $worst: $(tail -1 "$TMP/err" | cut -c1-120)${note:+; $note}"
    STATUS[$id]=fail
  else
    STATUS[$id]=ok
  fi
  NOTE[$id]=$note
  say "  -> ${MED[$id]} MB/s (min ${MIN[$id]}, max ${MAX[$id]}; CPU ${CMED[$id]}), peak RSS ${RSS[$id]} MiB${note:+ — $note}"
}

# stats VALUE... -> "median min max" (one decimal), "- - -" when none
stats() {
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '
    { v[NR] = $1 } END {
      if (NR == 0) { print "- - -"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
A="articles (${#ARTS[@]} files, $(awk -v b="$ART_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB)"
C="concatenation ($(awk -v b="$ART_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB, 1 document)"
D="dump ($DUMP_PAGES pages, $(awk -v b="$DUMP_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB)"

# Floors on the raw text.
measure floor.cat.articles 'cat > /dev/null' "$A" "$ART_BYTES" wall cat -- "${ARTS[@]}"
measure floor.memchr.articles 'memchr scan (bench/memchr_floor.c)' "$A" "$ART_BYTES" summary \
  "$BIN/memchr_floor" "${ARTS[@]}"
# wikinorm on the raw text.
measure wn.tokenize.articles 'wikinorm tokenizer alone (bench/tok_bench.c)' "$A" "$ART_BYTES" self \
  "$BIN/tok_bench" --passes 3 "${ARTS[@]}"
measure wn.tokenize.whole 'wikinorm tokenizer alone (bench/tok_bench.c --whole)' "$C" "$ART_BYTES" self \
  "$BIN/tok_bench" --passes 3 --whole "${ARTS[@]}"
for j in 1 2; do
  measure wn.parse.articles.j$j "wikinorm parse -f jsonl --jobs $j" "$A" "$ART_BYTES" wall \
    "$WN" parse -f jsonl --jobs $j "${ARTS[@]}"
done
for j in 1 2; do
  measure wn.normalize.articles.j$j "wikinorm -f jsonl --jobs $j" "$A" "$ART_BYTES" wall \
    "$WN" -f jsonl --jobs $j "${ARTS[@]}"
done
# Peers on the same raw text.
if [ "$PEERS" = 1 ]; then
  if $PY -c 'import mwparserfromhell' 2>/dev/null; then
    v=$($PY -c 'import mwparserfromhell as m; print(m.__version__)')
    measure peer.mwph.articles "mwparserfromhell $v (python3)" "$A" "$ART_BYTES" summary \
      $PY bench/peer_mwph.py "${ARTS[@]}"
  fi
  if [ "$HAVE_NODE" = 1 ]; then
    measure peer.wtf.articles "wtf_wikipedia $(npm_version wtf_wikipedia) (node $(node --version))" "$A" \
      "$ART_BYTES" summary node bench/peer_wtf.js "${ARTS[@]}"
    measure peer.wpn.articles "wikiparser-node $(npm_version wikiparser-node) (node $(node --version))" "$A" \
      "$ART_BYTES" summary node bench/peer_wpn.js "${ARTS[@]}"
  fi
fi
# Floors on the dump.
measure floor.cat.dump 'cat > /dev/null' "$D" "$DUMP_BYTES" wall cat -- "$DUMP"
measure floor.memchr.dump 'memchr scan (bench/memchr_floor.c)' "$D" "$DUMP_BYTES" summary \
  "$BIN/memchr_floor" "$DUMP"
if command -v xmllint >/dev/null; then
  measure floor.xmllint.dump 'xmllint --stream --noout' "$D" "$DUMP_BYTES" wall xmllint --stream --noout "$DUMP"
else
  NOTES+=("xmllint was skipped (apt-get install libxml2-utils).")
fi
measure floor.sax.dump "libxml2 $(pkg-config --modversion libxml-2.0) SAX2 push parse (bench/sax_floor.c)" "$D" \
  "$DUMP_BYTES" summary "$BIN/sax_floor" "$DUMP"
# wikinorm on the dump.
for j in 1 2; do
  measure wn.parse.dump.j$j "wikinorm parse -f jsonl --jobs $j" "$D" "$DUMP_BYTES" wall \
    "$WN" parse -f jsonl --jobs $j "$DUMP"
done
for j in 1 2; do
  measure wn.normalize.dump.j$j "wikinorm -f jsonl --jobs $j" "$D" "$DUMP_BYTES" wall \
    "$WN" -f jsonl --jobs $j "$DUMP"
done

# Peak RSS on the one-copy dump (the full run only; one timed run each).
if [ "$DUMP" != "$SMALL" ]; then
  SB=$(wc -c < "$SMALL")
  S="dump, 1 copy (${#ARTS[@]} pages, $(awk -v b="$SB" 'BEGIN{printf "%.1f", b/1e6}') MB)"
  R0=$RUNS; RUNS=1
  measure wn.parse.dump1x.j2 "wikinorm parse -f jsonl --jobs 2 (memory vs size)" "$S" "$SB" wall \
    "$WN" parse -f jsonl --jobs 2 "$SMALL"
  measure wn.normalize.dump1x.j2 "wikinorm -f jsonl --jobs 2 (memory vs size)" "$S" "$SB" wall \
    "$WN" -f jsonl --jobs 2 "$SMALL"
  RUNS=$R0
fi

# ---------------------------------------------------------------- targets
has() { [ -n "${MED[$1]:-}" ] && [ "${MED[$1]}" != - ]; }
TARGETS=()
# target TEXT VALUE OP LIMIT UNIT [CPU-VALUE]: the verdict is on VALUE (wall
# medians); CPU-VALUE, the same figure from CPU times, is shown beside it.
target() {
  local text=$1 value=$2 op=$3 limit=$4 unit=$5 cpuv=${6:-} verdict cverdict=""
  verdict=$(judge "$value" "$op" "$limit")
  [ -n "$cpuv" ] && cverdict=$(judge "$cpuv" "$op" "$limit")
  local shown=≥
  [ "$op" = "<=" ] && shown=≤
  TARGETS+=("| $text | $value$unit | ${cpuv:+$cpuv$unit} | $shown $limit$unit | **$verdict** | ${cverdict} |")
}
judge() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
  ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
na() { TARGETS+=("| $1 | n/a | | $2 | n/a ($3) | |"); }
# wall and CPU ratios of two rows
rr() { ratio "${MED[$1]}" "${MED[$2]}"; }
cr() { ratio "${CMED[$1]}" "${CMED[$2]}"; }

P=wn.parse.articles.j1
if has $P && has peer.mwph.articles; then
  target "\`parse\` (jobs 1) vs mwparserfromhell, articles" "$(rr $P peer.mwph.articles)" ">=" 30 "×" "$(cr $P peer.mwph.articles)"
else na "\`parse\` vs mwparserfromhell" "≥ 30×" "row missing"; fi
if has $P && has peer.wtf.articles; then
  target "\`parse\` (jobs 1) vs wtf_wikipedia, articles" "$(rr $P peer.wtf.articles)" ">=" 10 "×" "$(cr $P peer.wtf.articles)"
else na "\`parse\` vs wtf_wikipedia" "≥ 10×" "row missing"; fi
if has wn.tokenize.articles; then
  target "tokenizer alone, articles" "${MED[wn.tokenize.articles]}" ">=" 500 " MB/s" "${CMED[wn.tokenize.articles]}"
else na "tokenizer alone" "≥ 500 MB/s" "row missing"; fi
for j in 1 2; do
  N=wn.normalize.dump.j$j
  if has $N && has floor.sax.dump; then
    c=""
    [ $j = 1 ] && c=$(cr $N floor.sax.dump)
    target "default normalize of the dump (jobs $j) vs bare libxml2 SAX" "$(rr $N floor.sax.dump)" ">=" 0.8 "×" "$c"
  else na "default normalize of the dump (jobs $j) vs SAX" "≥ 0.8×" "row missing"; fi
done
maxrss=""
for id in wn.parse.dump.j1 wn.parse.dump.j2 wn.normalize.dump.j1 wn.normalize.dump.j2; do
  [ -n "${RSS[$id]:-}" ] || continue
  maxrss=$(awk -v a="${maxrss:-0}" -v b="${RSS[$id]}" 'BEGIN { print (b > a ? b : a) }')
done
if [ -n "$maxrss" ]; then
  small=""
  [ -n "${RSS[wn.parse.dump1x.j2]:-}" ] &&
    small=" (on the 1-copy dump: parse ${RSS[wn.parse.dump1x.j2]}, normalize ${RSS[wn.normalize.dump1x.j2]:-?} MiB)"
  target "peak RSS of wikinorm on the dump (largest of parse/normalize, jobs 1/2)$small" "$maxrss" "<=" 64 " MiB"
else na "peak RSS on the dump" "≤ 64 MiB" "row missing"; fi
for id in "${ROWS[@]}"; do
  [ "${STATUS[$id]}" = ok ] || NOTES+=("Row $id exited non-zero: ${NOTE[$id]}")
done
busy=$(awk -v a="${LOAD_BEFORE%% *}" -v b="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN { print (a > 0.7 || b > 1.7) ? 1 : 0 }')
[ "$busy" = 1 ] && NOTES+=("The machine was busy (load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; the harness itself adds about 1): wall-clock figures are disturbed, the CPU column less so.")

# ---------------------------------------------------------------- report
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
git diff --quiet HEAD -- src include Makefile 2>/dev/null || dirty=" (src/include modified in the work tree)"
# A build made elsewhere (e.g. from git archive of a commit) names its commit.
[ -n "${BENCH_COMMIT:-}" ] && commit=$BENCH_COMMIT dirty=" (as built in $BUILD)"
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
cmdline="bash bench/run.sh"
for v in WN_BUILD BENCH_RUNS BENCH_WARMUP BENCH_QUICK BENCH_PEERS BENCH_ONLY BENCH_CORPUS BENCH_COMMIT; do
  [ -n "${!v:-}" ] && cmdline="$v=${!v} $cmdline"
done
[ -n "${MAKELEVEL:-}" ] && cmdline="make bench  ($cmdline)"
{
  echo "# wikinorm benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: ${model:-unknown CPU}, $(nproc) cores, $mem RAM, $(uname -sr)"
  echo "- command: \`$cmdline\`"
  echo "- commit: $commit$dirty; $("$WN" --version 2>/dev/null | head -1); $($CC --version | head -1)"
  echo "- inputs: $A; $D, built by bench/mkdump.py from $ARTDIR"
  echo "- $RUNS timed runs per row after $WARMUP warm-up; MB = 10^6 bytes; MB/s = input bytes / wall time of the process"
  echo "  (tokenizer rows: tokenizer time only); CPU MB/s = bytes / (user + system CPU time), median;"
  echo "  peak RSS = largest ru_maxrss over the runs"
  echo "- load average before / after the run: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| id | tool | input | MB/s median | min / max | CPU MB/s | peak RSS MiB | notes |"
  echo "|---|---|---|---:|---:|---:|---:|---|"
  for id in "${ROWS[@]}"; do
    echo "| $id | ${TOOL[$id]} | ${INPUT[$id]} | ${MED[$id]} | ${MIN[$id]} / ${MAX[$id]} | ${CMED[$id]} | ${RSS[$id]} | ${NOTE[$id]} |"
  done
  echo
  echo "## Targets (ratios of medians from this run)"
  echo
  echo "| target | measured (wall) | same from CPU time | wanted | verdict (wall) | verdict (CPU) |"
  echo "|---|---:|---:|---:|---|---|"
  printf '%s\n' "${TARGETS[@]}"
  echo
  for n in "${SANITY[@]}"; do echo "**Warning:** $n"; echo; done
  echo "Peers read the raw articles only (they have no dump reader); the dump rows are wikinorm and the floors."
  echo "The default normalize wrote $records record(s) for the ${#ARTS[@]} articles: the corpus holds few or no infoboxes"
  echo "of the embedded mappings, so its rows mostly measure the reader and the infobox gate."
  for n in "${NOTES[@]}"; do echo "- $n"; done
} > "$TMP/report.md"
cp "$TMP/report.md" "$OUT"
cat "$TMP/report.md"
say "written to $OUT"
