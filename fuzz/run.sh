#!/usr/bin/env bash
# make fuzz: builds every libFuzzer target fuzz/fuzz_*.c with clang
# -fsanitize=fuzzer,address,undefined into build-fuzz/ and runs each for
# FUZZ_SECONDS (default 60) from a seed corpus made of the fixtures,
# with the dictionaries of fuzz/ (libFuzzer takes one: they are joined).
# FUZZ_TARGETS="tokenizer merge" limits the run to those targets;
# FUZZ_MAX_LEN overrides every target's -max_len (the long runs of
# tests/README.md used 4096: shorter inputs, several times the executions);
# FUZZ_BUILD (default build-fuzz) is the build directory. FUZZ_SAN
# (default address,undefined) picks the sanitizers: FUZZ_SAN=undefined
# with FUZZ_BUILD=build-fuzz-ub runs several times faster, for long runs
# whose new inputs are then replayed under ASan (tests/README.md). A target may
# add libFuzzer options in fuzz/fuzz_NAME.options (one line).
# Exits non-zero on any finding; the input is left in
# build-fuzz/artifacts/ (reproduce: build-fuzz/fuzz_NAME ARTIFACT).
set -u
cd "$(dirname "$0")/.." || exit 2
FB=${FUZZ_BUILD:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
PKGS="libxml-2.0 libcjson libutf8proc zlib opencc"
SAN="-fsanitize=${FUZZ_SAN:-address,undefined} -fno-omit-frame-pointer -fno-sanitize-recover=all"
command -v clang >/dev/null || { echo "fuzz: clang is needed (tests/deps.sh installs it)" >&2; exit 2; }
mkdir -p "$FB/artifacts" "$FB/logs" "$FB/seeds"

# The library, instrumented for coverage, without libFuzzer's main.
# -Wno-error: clang warns where gcc does not; the gcc builds keep -Werror.
make -s BUILD="$FB" CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $SAN -Wno-error" \
  "$FB/libwikinorm.a" || { echo "fuzz: the library does not build with clang" >&2; exit 2; }

# libFuzzer reads only ASCII in dictionaries: other bytes become \xNN.
cat fuzz/*.dict 2>/dev/null | LC_ALL=C perl -pe 's/([\x80-\xff])/sprintf("\\x%02X", ord($1))/ge' \
  >"$FB/all.dict"
dict=()
[ -s "$FB/all.dict" ] && dict=(-dict="$FB/all.dict")

# Seeds: every fixture up to 256 KiB, cut to 64 KiB.
seeds=$FB/seeds/fixtures
rm -rf "$seeds" && mkdir -p "$seeds"
i=0
while IFS= read -r f; do
  head -c 65536 "$f" >"$seeds/seed$i"
  i=$((i + 1))
done < <(find fixtures -type f -size -256k \( -name '*.txt' -o -name '*.wiki' -o -name '*.xml' \
  -o -name '*.json' -o -name '*.jsonl' \) | sort)

status=0
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  name=${name#fuzz_}
  if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $name "* ]]; then continue; fi
  bin=$FB/fuzz_$name
  # shellcheck disable=SC2046
  if ! clang -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I"$FB" $(pkg-config --cflags $PKGS) \
    -O1 -g -fsanitize=fuzzer $SAN "$src" "$FB/libwikinorm.a" -o "$bin" \
    $(pkg-config --libs $PKGS) -lbz2 -lpthread -lm; then
    echo "fuzz_$name: does not build"
    status=1
    continue
  fi
  corpus=$FB/corpus/$name # grows across runs
  mkdir -p "$corpus"
  log=$FB/logs/$name.log
  before=$(ls "$FB/artifacts" | wc -l)
  extra=()
  [ -f "fuzz/fuzz_$name.options" ] && read -r -a extra <"fuzz/fuzz_$name.options"
  [ -n "${FUZZ_MAX_LEN:-}" ] && extra+=(-max_len="$FUZZ_MAX_LEN") # the last one wins
  "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len=131072 \
    "${dict[@]}" -artifact_prefix="$FB/artifacts/$name-" -print_final_stats=1 "${extra[@]}" \
    "$corpus" "$seeds" >"$log" 2>&1
  rc=$?
  after=$(ls "$FB/artifacts" | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
    echo "fuzz_$name: ${secs}s, ${execs:-?} executions, no finding"
  else
    echo "fuzz_$name: FINDING (exit $rc), see $log and $FB/artifacts/"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -10
    status=1
  fi
done
exit $status
