#!/usr/bin/env bash
# Every C source and header is in the checked-in .clang-format style
# (make format fixes it; make lint is this check). clang-format missing is
# a failure, not a skip: tests/deps.sh installs it.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 2
if ! command -v clang-format >/dev/null; then
  not_ok "clang-format is installed"
  exit 1
fi
for f in src/*.c src/*.h src/util/*.c src/util/*.h src/cli/*.c src/cli/*.h include/*.h tests/*.c tests/*.h fuzz/*.c fuzz/*.h bench/*.c; do
  [ -f "$f" ] || continue
  if out=$(clang-format --dry-run -Werror "$f" 2>&1); then ok "$f is clang-format clean"; else
    not_ok "$f is clang-format clean (make format)"
    printf '%s\n' "$out" | head -6 | sed 's/^/#   /'
  fi
done
[ "$T_FAILED" = 0 ]
