#!/usr/bin/env bash
# The test runner. For each build directory in WN_BUILDS (default: build),
# runs every unit test binary (tests/unit_*.c) and every shell suite
# (tests/t_*.sh). Each test prints "ok - name" or "not ok - name"; a suite
# that exits non-zero without reporting a failure counts as one failure.
# Ends with the line "N passed, N failed".
#
# Suites see: WN (the wikinorm binary), WN_BUILD (its build dir), WN_SAN
# (1 under sanitizers), WN_ROOT (the checkout), SHARED (../shared when it
# exists, else empty), PY (a python3 with mwparserfromhell/jsonschema).
set -u
cd "$(dirname "$0")/.."
export WN_ROOT=$PWD
builds=${WN_BUILDS:-${WN_BUILD:-build}}
only=${WN_ONLY:-}
export SHARED=""
[ -d ../shared/seeds ] && SHARED=$(cd ../shared && pwd)
export PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
failed_names=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() { # label, command…
  local label=$1
  shift
  local start=$SECONDS
  "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -c '^ok ' "$log")
  f=$(grep -c '^not ok ' "$log")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1
    echo "not ok - $label exited with status $rc" >>"$log"
  fi
  pass=$((pass + p))
  fail=$((fail + f))
  printf '%-44s %4d passed %3d failed  (%ds)\n' "$label" "$p" "$f" $((SECONDS - start))
  if [ "$f" != 0 ]; then
    grep -B20 '^not ok ' "$log" | sed 's/^/    /' | tail -60
    failed_names+=("$label")
  elif [ -n "${WN_VERBOSE:-}" ]; then
    sed 's/^/    /' "$log"
  fi
}

for b in $builds; do
  export WN_BUILD=$b WN=$WN_ROOT/$b/wikinorm WN_SAN=0
  case $b in *asan*) WN_SAN=1 ;; esac
  echo "== $b =="
  for t in "$b"/tests/unit_*; do
    [ -x "$t" ] || continue
    case "$t" in *.dSYM) continue ;; esac
    [ -n "$only" ] && [[ "$t" != *$only* ]] && continue
    run_one "$b/$(basename "$t")" "$t"
  done
  for s in tests/t_*.sh; do
    [ -f "$s" ] || continue
    [ -n "$only" ] && [[ "$s" != *$only* ]] && continue
    run_one "$b/$(basename "$s" .sh)" bash "$s"
  done
done
if [ ${#failed_names[@]} -gt 0 ]; then
  echo "failing: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
