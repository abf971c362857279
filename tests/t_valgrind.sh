#!/usr/bin/env bash
# valgrind memcheck over the fixtures: parse, normalize, merge, diff and
# check, with no memory error and no definite or indirect leak.
#
# valgrind and ASan do not mix, so this always runs the plain build's
# binaries: in the sanitizer pass (WN_BUILD=build-asan) it uses build/, the
# build of the same tree without sanitizers. Running the same binary on the
# same inputs twice would prove nothing new, so the passes split the work:
#   plain pass:     every fixture through parse and normalize, merge, diff,
#                   check, JSON records, threads, error paths;
#   sanitizer pass: the plain build's unit test binaries under memcheck
#                   (library paths the CLI does not reach), then merge,
#                   diff and check again. unit_alloc_fail (thousands of
#                   forked children, checked by ASan in its own run) and
#                   unit_reader (a minute under valgrind; the dumps go
#                   through the reader in the plain pass) are left out.
source "$WN_ROOT/tests/lib.sh"

plain=${WN_BUILD%-asan}
BIN=$WN_ROOT/$plain/wikinorm
[ -x "$BIN" ] || BIN=$WN_ROOT/build/wikinorm
if ! command -v valgrind >/dev/null; then
  not_ok "valgrind is installed (tests/deps.sh installs it)"
  exit 1
fi
if [ ! -x "$BIN" ]; then
  not_ok "a plain build to run under valgrind ($BIN)"
  exit 1
fi

VG=(valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect
  --show-leak-kinds=definite,indirect --error-exitcode=9 --num-callers=30 -q)

# vg NAME WANT_RCS CMD…: runs CMD under valgrind; ok when valgrind found
# nothing (exit 9 is its verdict) and the exit code is one of WANT_RCS.
vg() {
  local name=$1 want=$2
  shift 2
  "${VG[@]}" "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ "$rc" = 9 ] || grep -q '^==[0-9]*== ' "$TMP/err"; then
    not_ok "$name: valgrind clean (exit $rc)"
    grep '^==[0-9]*==' "$TMP/err" | head -40 | sed 's/^/#   /'
  elif [[ " $want " != *" $rc "* ]]; then
    not_ok "$name: valgrind clean, but exit $rc (want $want)"
    head -10 "$TMP/err" | sed 's/^/#   /'
  else
    ok "$name: valgrind clean (exit $rc)"
  fi
}

if [ "${WN_SAN:-0}" = 1 ]; then
  for t in "$WN_ROOT/$plain"/tests/unit_*; do
    [ -x "$t" ] || continue
    case $(basename "$t") in unit_alloc_fail | unit_reader | *.dSYM) continue ;; esac
    "${VG[@]}" "$t" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ "$rc" = 0 ] && ! grep -q '^==[0-9]*== ' "$TMP/err"; then
      ok "$(basename "$t") under valgrind: clean, its tests pass"
    else
      not_ok "$(basename "$t") under valgrind: clean, its tests pass (exit $rc)"
      grep -E '^==[0-9]*==|^not ok' "$TMP/err" "$TMP/out" | head -30 | sed 's/^/#   /'
    fi
  done
  S=$WN_ROOT/fixtures/seeds
  SEEDS=("$S"/*.txt)
  vg "merge every seed" "0" merge "${SEEDS[@]}"
  vg "diff zh and en of Soyuz MS-02" "0 1" diff "$S/000_soyuz-ms-02.zh.txt" "$S/001_soyuz-ms-02.en.txt"
  vg "check every seed" "0 1" check "${SEEDS[@]}"
  exit 0
fi

# Every fixture the project ships: each small one on its own, the real
# articles of fixtures/corpus in one run per command (the same code paths,
# one process start under valgrind instead of ninety).
mapfile -t FILES < <(find "$WN_ROOT/fixtures" -path "$WN_ROOT/fixtures/corpus" -prune -o -type f \
  \( -name '*.txt' -o -name '*.wiki' -o -name '*.xml' -o -name '*.xml.gz' -o -name '*.xml.bz2' \
  -o -name '*.json' -o -name '*.jsonl' \) -print | grep -v -e '/bad' -e '/expected' | sort)
if [ ${#FILES[@]} -eq 0 ]; then
  not_ok "fixtures to run under valgrind"
  exit 1
fi
S=$WN_ROOT/fixtures/seeds
SEEDS=("$S"/*.txt)

for f in "${FILES[@]}"; do
  rel=${f#"$WN_ROOT"/}
  case $f in
  *.json | *.jsonl) vg "merge $rel" "0" merge "$f" ;;
  *BadXML*) # a malformed dump: exit 2, and still no error or leak
    vg "parse $rel" "2" parse "$f"
    vg "normalize $rel" "2" "$f"
    ;;
  *)
    vg "parse $rel" "0" parse "$f"
    vg "normalize $rel" "0" "$f"
    ;;
  esac
done
mapfile -t CORPUS < <(find "$WN_ROOT/fixtures/corpus" -name '*.wiki' | sort)
if [ ${#CORPUS[@]} -gt 0 ]; then
  vg "parse fixtures/corpus (${#CORPUS[@]} articles)" "0" parse -f jsonl "${CORPUS[@]}"
  vg "normalize -j 2 fixtures/corpus (${#CORPUS[@]} articles)" "0" -j 2 -f jsonl "${CORPUS[@]}"
fi
vg "parse from stdin" "0" parse - <"${SEEDS[0]}"
vg "normalize -j 2 over every seed (threads)" "0" -j 2 -f jsonl "${SEEDS[@]}"
vg "merge every seed" "0" merge "${SEEDS[@]}"
vg "diff zh and en of Soyuz MS-02" "0 1" diff "$S/000_soyuz-ms-02.zh.txt" "$S/001_soyuz-ms-02.en.txt"
vg "diff two different missions" "0 1" diff "$S/000_soyuz-ms-02.zh.txt" "$S/002_soyuz-ms-07.zh.txt"
vg "diff --format json" "0 1" diff -f json "$S/000_soyuz-ms-02.zh.txt" "$S/001_soyuz-ms-02.en.txt"
vg "check every seed" "0 1" check "${SEEDS[@]}"
vg "check -f json" "0 1" check -f json "${SEEDS[@]}"
# Records written by wikinorm, read back (the JSON reader and reconcile).
"$BIN" -f jsonl "${SEEDS[@]}" >"$TMP/records.jsonl" 2>/dev/null
vg "merge of JSON records" "0" merge "$TMP/records.jsonl"
vg "check of JSON records" "0 1" check "$TMP/records.jsonl"
# Value parsers on edge cases found by the fuzzers (valgrind sees the
# uninitialised reads ASan does not).
printf '{{Infobox spaceflight\n| name = X\n| launch_date = 19 October 2016 (\n| landing_date = {{start date|1|999999999999999|999999999999999|999999999999999|999999999999999|999999999999999|联盟}}\n| orbits_completed = 99999999999999999999999999\n| launch_site = {{end date|2173天3时15分017|4|10}}\n}}\n' >"$TMP/edge.wiki"
vg "normalize value-parser edge cases" "0" "$TMP/edge.wiki"
# Error paths must free too.
vg "a missing file" "2" parse "$TMP/missing.wiki"
vg "a write error" "2" parse "${SEEDS[0]}" -o /dev/full
