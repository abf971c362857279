#!/usr/bin/env bash
# Every libFuzzer target (fuzz/fuzz_*.c) built with clang
# -fsanitize=fuzzer,address,undefined into build-fuzz/, each run from a
# seed corpus made from the fixtures, with the dictionaries of fuzz/.
#
# Plain pass (WN_SAN=0): each target runs ${WN_FUZZ_SECONDS:-60} seconds;
# ok when it ends with no finding (no crash, leak, sanitizer report,
# timeout or out-of-memory), with its execution count.
# Sanitizer pass (WN_SAN=1): the fuzzers are sanitizer builds already, so
# instead of repeating the long run each target replays the whole corpus
# the plain pass grew (every input it kept) and fuzzes on for
# ${WN_FUZZ_SAN_SECONDS:-5} seconds.
#
# A finding leaves its input in build-fuzz/artifacts/; reproduce it with
#   build-fuzz/fuzz_NAME build-fuzz/artifacts/NAME-crash-…
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 1

FB=${WN_FUZZ_BUILD:-build-fuzz}
secs=${WN_FUZZ_SECONDS:-60}
[ "${WN_SAN:-0}" = 1 ] && secs=${WN_FUZZ_SAN_SECONDS:-5}
PKGS="libxml-2.0 libcjson libutf8proc zlib opencc"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

if ! command -v clang >/dev/null; then
  not_ok "clang is installed for the fuzzers (tests/deps.sh installs clang and libclang-rt-14-dev)"
  exit 1
fi
mkdir -p "$FB"
# The library, instrumented for coverage but without libFuzzer's main.
# -Wno-error: clang warns about things gcc does not; the gcc builds keep
# -Werror.
if make -s BUILD="$FB" CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $SAN -Wno-error" \
  "$FB/libwikinorm.a" >"$TMP/build.log" 2>&1; then
  ok "the library builds with clang for fuzzing"
else
  not_ok "the library builds with clang for fuzzing"
  tail -20 "$TMP/build.log" | sed 's/^/#   /'
  exit 1
fi

# One dictionary for all targets: libFuzzer takes a single -dict, and
# reads only ASCII in it (other bytes become \xNN), as fuzz/run.sh does.
cat fuzz/*.dict 2>/dev/null | LC_ALL=C perl -pe 's/([\x80-\xff])/sprintf("\\x%02X", ord($1))/ge' \
  >"$FB/all.dict"
dict=()
[ -s "$FB/all.dict" ] && dict=(-dict="$FB/all.dict")

# seed_corpus NAME DIR: the seeds of one target.
seed_corpus() {
  local name=$1 dir=$2 f i=0
  rm -rf "$dir"
  mkdir -p "$dir"
  local texts=() xmls=()
  while IFS= read -r f; do
    case $f in *.xml | *.xml.gz | *.xml.bz2) xmls+=("$f") ;; *) texts+=("$f") ;; esac
  done < <(find fixtures -type f -size -256k \( -name '*.txt' -o -name '*.wiki' -o -name '*.xml' \
    -o -name '*.xml.gz' -o -name '*.xml.bz2' -o -name '*.json' -o -name '*.jsonl' \) | sort)
  # Real articles with infoboxes, when ../shared is there.
  if [ -n "${SHARED:-}" ] && [ -d "$SHARED/corpus/articles" ]; then
    while IFS= read -r f; do texts+=("$f"); done < <(
      grep -lE 'Infobox spaceflight|太空任务信息框|宇航信息框' "$SHARED"/corpus/articles/* 2>/dev/null |
        head -30)
  fi
  case $name in
  merge)
    # Pairs of documents (A 0xFF B), and records as wikinorm writes them.
    local a b
    for a in "${texts[@]}"; do
      for b in "${texts[@]:0:6}"; do
        { head -c 65536 "$a"; printf '\377'; head -c 65536 "$b"; } >"$dir/pair$((i++))"
      done
    done
    if [ -x "$WN_ROOT/${WN_BUILD%-asan}/wikinorm" ]; then
      for a in "${texts[@]:0:10}"; do
        "$WN_ROOT/${WN_BUILD%-asan}/wikinorm" -f jsonl "$a" >"$dir/records$((i++))" 2>/dev/null
      done
    fi
    ;;
  reader*)
    for f in "${xmls[@]}" "${texts[@]:0:10}"; do cp "$f" "$dir/seed$((i++))"; done
    ;;
  *)
    for f in "${texts[@]}"; do head -c 65536 "$f" >"$dir/seed$((i++))"; done
    ;;
  esac
  # Empty files teach nothing and libFuzzer complains; drop them.
  find "$dir" -type f -empty -delete
}

targets=(fuzz/fuzz_*.c)
if [ ! -f "${targets[0]}" ]; then
  not_ok "fuzz targets exist in fuzz/"
  exit 1
fi
mkdir -p "$FB/artifacts" "$FB/logs"
for src in "${targets[@]}"; do
  name=$(basename "$src" .c)
  name=${name#fuzz_}
  bin=$FB/fuzz_$name
  # shellcheck disable=SC2046
  if ! clang -std=c11 -Wall -Wextra -D_GNU_SOURCE -Iinclude -Isrc -I"$FB" \
    $(pkg-config --cflags $PKGS) -O1 -g -fsanitize=fuzzer $SAN "$src" "$FB/libwikinorm.a" \
    -o "$bin" $(pkg-config --libs $PKGS) -lbz2 -lpthread -lm >"$TMP/link.log" 2>&1; then
    not_ok "fuzz_$name builds"
    tail -20 "$TMP/link.log" | sed 's/^/#   /'
    continue
  fi
  seeds=$FB/seeds/$name
  corpus=$FB/corpus/$name # grows across runs: every input that found new coverage
  seed_corpus "$name" "$seeds"
  mkdir -p "$corpus"
  log=$FB/logs/$name.log
  before=$(ls "$FB/artifacts" | wc -l)
  extra=() # per-target options, as fuzz/run.sh reads them
  [ -f "fuzz/fuzz_$name.options" ] && read -r -a extra <"fuzz/fuzz_$name.options"
  "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len=131072 \
    "${dict[@]}" -artifact_prefix="$FB/artifacts/$name-" -print_final_stats=1 "${extra[@]}" \
    "$corpus" "$seeds" >"$log" 2>&1
  rc=$?
  after=$(ls "$FB/artifacts" | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ "$rc" = 0 ] && [ "$after" = "$before" ] && [ -n "$execs" ]; then
    ok "fuzz_$name: ${secs}s, $execs executions, $cov, corpus $(ls "$corpus" | wc -l), no finding"
    printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$secs" "$execs" >>"$FB/ledger.tsv"
  else
    not_ok "fuzz_$name: ${secs}s with no finding (exit $rc, $((after - before)) new artifact(s))"
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==|#[0-9]+ 0x|artifact|Test unit written' "$log" |
      head -40 | sed 's/^/#   /'
  fi
done
